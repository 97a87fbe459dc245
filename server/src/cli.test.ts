import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { DEMO_LOGINS } from './domains/organizations/seed-demo.ts';
import { uniqueEmail, uniqueSlug } from './test/test-app.ts';

const BIN = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'bin', 'actionconnect.js');

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

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
});
