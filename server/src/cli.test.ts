import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { rawMessage } from './domains/email/email-test-helpers.ts';
import { DEMO_LOGINS } from './domains/organizations/seed-demo.ts';
import { freePort } from './test/free-port.ts';
import { uniqueEmail, uniqueSlug } from './test/test-app.ts';

const BIN = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'bin', 'actionconnect.js');
const EMAIL_FIXTURES = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  'domains',
  'email',
  'fixtures',
);

function runCli(args: string[], env: Record<string, string>, cwd?: string) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...env }, cwd });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

function waitForOutput(child: ChildProcess, text: string, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(
      () => reject(new Error(`no "${text}" within ${timeoutMs} ms:\n${output}`)),
      timeoutMs,
    );
    child.stdout?.on('data', (chunk) => {
      output += chunk;
      if (output.includes(text)) {
        clearTimeout(timer);
        resolve(output);
      }
    });
    child.stderr?.on('data', (chunk) => {
      output += chunk;
    });
  });
}

async function logIn(baseUrl: string, email: string, password: string) {
  return fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
}

describe('the actionconnect command', () => {
  let dataDir: string;
  let env: Record<string, string>;

  before(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'actionconnect-cli-'));
    env = { DATA_DIR: dataDir, LOG_LEVEL: 'warn' };
  });
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  test('bad configuration stops it with a message naming the variable', async () => {
    const result = await runCli(['migrate'], { ...env, PORT: 'eighty' });
    assert.equal(result.code, 1);
    assert.match(result.stderr, /PORT/);
  });

  test('a .env file in the working directory is read, and real environment variables win over it', async () => {
    writeFileSync(path.join(dataDir, '.env'), 'PORT=eighty\n');
    const fromFile = await runCli(['migrate'], env, dataDir);
    assert.equal(fromFile.code, 1);
    assert.match(fromFile.stderr, /PORT/);
    const overridden = await runCli(['migrate'], { ...env, PORT: '3999' }, dataDir);
    assert.equal(overridden.code, 0, overridden.stderr);
    rmSync(path.join(dataDir, '.env'));
  });

  test('an unknown command prints the usage', async () => {
    const result = await runCli(['frobnicate'], env);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /Unknown command: frobnicate[\s\S]*Usage: actionconnect/);
  });

  test('migrate applies migrations and then reports the database up to date', async () => {
    await runCli(['migrate'], env);
    const again = await runCli(['migrate'], env);
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, /up to date/);
  });

  test('create-org prints credentials that sign in to the server that start runs, with the demo too', async () => {
    const email = uniqueEmail('cli-owner');
    const slug = uniqueSlug('cli');
    const created = await runCli(['create-org', '--name', 'CLI Co', '--email', email, '--slug', slug], env);
    assert.equal(created.code, 0, created.stderr);
    const password = /Password: (\S+)/.exec(created.stdout)?.[1];
    assert.ok(password, created.stdout);

    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    const server = spawn(process.execPath, [BIN, 'start', '--seed-demo'], {
      env: { ...process.env, ...env, PORT: String(port), PUBLIC_URL: baseUrl },
    });
    try {
      const banner = await waitForOutput(server, 'Demo organization', 60_000);
      assert.match(banner, new RegExp(`running at ${baseUrl}`));
      for (const login of DEMO_LOGINS) assert.ok(banner.includes(`${login.email} / ${login.password}`));

      assert.equal((await fetch(`${baseUrl}/ready`)).status, 200);
      assert.equal((await logIn(baseUrl, email, password)).status, 200);
      const demo = await logIn(baseUrl, DEMO_LOGINS[0].email, DEMO_LOGINS[0].password);
      assert.equal(demo.status, 200);
      assert.equal(((await demo.json()) as { organization: { slug: string } }).organization.slug, 'demo');
    } finally {
      const exited = new Promise<number | null>((resolve) => server.on('exit', resolve));
      server.kill('SIGTERM');
      assert.equal(await exited, 0, 'SIGTERM stops the server cleanly');
    }
  });

  test('mail parse prints a message as JSON: threading ids, stripped text, attachments, no auth check', async () => {
    const result = await runCli(['mail', 'parse', path.join(EMAIL_FIXTURES, 'gmail-reply.eml')], env);
    assert.equal(result.code, 0, result.stderr);
    const parsed = JSON.parse(result.stdout);
    assert.equal(parsed.subject, 'Re: [#1042] Printer offline');
    assert.deepEqual(parsed.from, { address: 'ada@example.com', name: 'Ada Lovelace' });
    assert.equal(parsed.date, '2026-11-03T09:15:02.000Z');
    assert.equal(parsed.message_id, '<CAF=gmail-reply-1@mail.gmail.com>');
    assert.equal(parsed.in_reply_to, '<ticket-1042.a2@support.acme.test>');
    assert.deepEqual(parsed.references, [
      '<ticket-1042.a1@support.acme.test>',
      '<ticket-1042.a2@support.acme.test>',
    ]);
    assert.equal(parsed.stripped_text, 'Thanks, restarting the spooler fixed it.\n\nAda');
    assert.deepEqual(parsed.auto_submitted, { automatic: false, reason: null });
    assert.equal(parsed.bounce, null);
    assert.equal(parsed.auth, 'not checked');

    const withFiles = await runCli(
      ['mail', 'parse', path.join(EMAIL_FIXTURES, 'inline-image-and-attachment.eml')],
      env,
    );
    assert.deepEqual(JSON.parse(withFiles.stdout).attachments[1], {
      name: 'server-log.pdf',
      type: 'application/pdf',
      size: 77,
      sha256: '56c2ac043c28d3543275a6f50b593a6beb0b6888ed8159ac02e3e7f4a32ccb26',
      inline: false,
    });
  });

  test('mail parse shows a bounce and why a message is automatic; a missing file or subcommand fails', async () => {
    const bounce = JSON.parse(
      (await runCli(['mail', 'parse', path.join(EMAIL_FIXTURES, 'bounce-dsn.eml')], env)).stdout,
    );
    assert.equal(bounce.bounce.originalMessageId, '<ticket-1060.c9@support.acme.test>');
    assert.equal(bounce.auto_submitted.reason, 'auto-submitted');

    const missing = await runCli(['mail', 'parse', path.join(dataDir, 'no-such.eml')], env);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /ENOENT/);
    const bare = await runCli(['mail'], env);
    assert.equal(bare.code, 1);
    assert.match(bare.stderr, /mail parse FILE[\s\S]*Usage: actionconnect/);
  });

  test('mail import stores a folder of .eml files and an mbox through the pipeline, with plain progress lines off a terminal', async () => {
    const slug = uniqueSlug('import');
    const created = await runCli(
      ['create-org', '--name', 'Import Co', '--email', uniqueEmail(), '--slug', slug],
      env,
    );
    assert.equal(created.code, 0, created.stderr);
    const folder = path.join(dataDir, 'export');
    mkdirSync(folder);
    const message = (subject: string, extra: Partial<Parameters<typeof rawMessage>[0]> = {}) =>
      rawMessage({ from: 'ada@example.com', to: 'support@import.test', subject, text: 'Hello', ...extra });
    const first = message('Printer on fire', { messageId: 'first@example.com' });
    writeFileSync(path.join(folder, '1.eml'), first);
    writeFileSync(path.join(folder, '2.eml'), message('Invoice missing'));
    writeFileSync(path.join(folder, '3.eml'), first);
    writeFileSync(path.join(folder, '4.eml'), '');
    writeFileSync(path.join(folder, 'notes.txt'), 'not a message');

    const fromFolder = await runCli(['mail', 'import', folder, '--org', slug], env);
    assert.equal(fromFolder.code, 1, 'a file that failed makes the exit status 1');
    assert.match(fromFolder.stdout, /^Importing: 4\/4$/m);
    assert.match(fromFolder.stdout, /Imported: 2, duplicates: 1, failed: 1/);
    assert.match(fromFolder.stdout, /failed: 4\.eml: empty file/);
    assert.match(fromFolder.stdout, /processed \(new_ticket\): 2/);
    assert.ok(!fromFolder.stdout.includes('\r'), 'no carriage returns in a pipe');

    // An mbox: a reply to the first message (threaded onto its ticket) and a body line escaped as >From.
    const reply = message('Re: Printer on fire', {
      inReplyTo: 'first@example.com',
      text: 'From now on it smokes.',
    });
    const mbox = path.join(dataDir, 'export.mbox');
    const escaped = reply.toString().replace(/^From now/m, '>From now');
    writeFileSync(
      mbox,
      `From ada@example.com Tue Nov 24 10:00:00 2026\n${first}\nFrom ada@example.com Tue Nov 24 11:00:00 2026\n${escaped}\n`,
    );
    const fromMbox = await runCli(['mail', 'import', mbox, '--org', slug], env);
    assert.equal(fromMbox.code, 0, fromMbox.stderr);
    assert.match(fromMbox.stdout, /Imported: 1, duplicates: 1, failed: 0/);
    assert.match(fromMbox.stdout, /processed \(reply\): 1/);

    const unknown = await runCli(['mail', 'import', folder, '--org', 'no-such-org'], env);
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /No organization with the slug no-such-org/);
  });
});
