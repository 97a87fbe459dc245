import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../test/free-port.ts';
import { PASSWORD, uniqueEmail, uniqueSlug } from '../../test/test-app.ts';
import { rawMessage, sendSmtp } from './email-test-helpers.ts';

const BIN = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../../bin/actionconnect.js');

type Server = { child: ChildProcess; url: string };

/** The real server as a child process on the given data folder (or DATABASE_URL's database). */
async function startServer(dataDir: string, env: Record<string, string>): Promise<Server> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, [BIN, 'start'], {
    env: {
      ...process.env,
      PORT: String(port),
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      JOB_POLL_SECONDS: '0.5',
      ...env,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  // A fresh embedded database runs every migration first, which on a loaded machine takes a while.
  for (const started = Date.now(); Date.now() - started < 120_000; ) {
    if (
      await fetch(`${url}/ready`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return { child, url };
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  child.kill('SIGKILL');
  throw new Error('the server did not start');
}

const kill = (server: Server, signal: NodeJS.Signals) =>
  new Promise((resolve) => {
    server.child.once('exit', resolve);
    server.child.kill(signal);
  });

describe('a crash between acknowledging a message and processing it', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'actionconnect-restart-'));
  const running: Server[] = [];
  after(async () => {
    const alive = running.filter(({ child }) => child.exitCode === null && child.signalCode === null);
    for (const server of alive) await kill(server, 'SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('the message is processed after the restart, exactly once', async () => {
    const smtpPort = await freePort();
    // The first process accepts mail but runs no jobs, so it is killed with the job still waiting.
    const first = await startServer(dataDir, { SMTP_PORT: String(smtpPort), JOB_WORKERS: 'false' });
    running.push(first);
    const signUp = await fetch(`${first.url}/api/v1/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        organizationName: 'Restart Co',
        slug: uniqueSlug('restart'),
        name: 'Olive',
        email: uniqueEmail('owner'),
        password: PASSWORD,
      }),
    });
    assert.equal(signUp.status, 201);
    const cookie = (signUp.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const { csrfToken } = (await signUp.json()) as { csrfToken: string };
    const support = `support-${randomUUID().slice(0, 8)}@restart.example.test`;
    const headers = { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' };
    const patched = await fetch(`${first.url}/api/v1/organization`, {
      method: 'PATCH',
      headers,
      body: JSON.stringify({ supportAddresses: [support] }),
    });
    assert.equal(patched.status, 200);

    const subject = `Survives a crash ${randomUUID().slice(0, 6)}`;
    const raw = rawMessage({ from: 'crash@customer.example', to: support, subject, text: 'Do not lose me' });
    const info = await sendSmtp(smtpPort, { from: 'crash@customer.example', to: [support] }, raw);
    assert.match(info.response, /^250 /);
    await kill(first, 'SIGKILL');

    const second = await startServer(dataDir, {});
    running.push(second);
    const search = async () => {
      // The organization is new: its only tickets are the ones this message made.
      const response = await fetch(`${second.url}/api/v1/tickets`, { headers });
      assert.equal(response.status, 200);
      return ((await response.json()) as { items: { subject: string }[] }).items;
    };
    let found: { subject: string }[] = [];
    for (const started = Date.now(); found.length === 0 && Date.now() - started < 20_000; ) {
      found = await search();
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    assert.deepEqual(
      found.map((ticket) => ticket.subject),
      [subject],
    );
    // Nothing more arrives later: the job ran once.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    assert.equal((await search()).length, 1);
  });
});
