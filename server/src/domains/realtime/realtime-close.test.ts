import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import { before, describe, test } from 'node:test';
import { createTestApp, signUpOrganization, type TestApp } from '../../test/test-app.ts';
import { listenLocally, openTestSocket, readSse, subscribe } from './realtime-test-client.ts';

/**
 * A WebSocket that completes the upgrade and then never reads again, like a laptop that went to
 * sleep: it will never answer the server's close frame.
 */
async function openSilentSocket(base: string, path: string, cookie: string): Promise<net.Socket> {
  const { hostname, port } = new URL(base);
  const socket = net.connect(Number(port), hostname);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  socket.write(
    [
      `GET ${path} HTTP/1.1`,
      `Host: ${hostname}:${port}`,
      'Upgrade: websocket',
      'Connection: Upgrade',
      `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}`,
      'Sec-WebSocket-Version: 13',
      `Cookie: ac_session=${cookie}`,
      '',
      '',
    ].join('\r\n'),
  );
  const head = await new Promise<string>((resolve) => socket.once('data', (chunk) => resolve(String(chunk))));
  assert.match(head, /^HTTP\/1\.1 101 /);
  socket.pause();
  return socket;
}

// The harness is made outside the test, so the test's timeout measures only the closing.
describe('closing the server', () => {
  let harness: TestApp;
  before(async () => {
    harness = await createTestApp();
  });

  test('ends open sockets and event streams, even a client that no longer answers', {
    timeout: 20_000,
  }, async () => {
    const org = await signUpOrganization(harness.app);
    const socket = await openTestSocket(harness.app, '/api/v1/realtime', org.owner.session);
    await subscribe(socket, { queue: true });
    const base = await listenLocally(harness.app);
    const silent = await openSilentSocket(base, '/api/v1/realtime', org.owner.session.cookie);
    const silentGone = new Promise<void>((resolve) => silent.once('close', () => resolve()));
    let streamOpen: () => void = () => undefined;
    const opened = new Promise<void>((resolve) => {
      streamOpen = resolve;
    });
    const stream = readSse(
      `${base.replace('ws://', 'http://')}/api/v1/events/stream`,
      { cookie: `ac_session=${org.owner.session.cookie}` },
      (frames) => {
        if (frames.some((frame) => frame.event === 'ready')) streamOpen();
        return false;
      },
    );
    const streamEnded = stream.then(
      () => false,
      () => true,
    );
    await opened;

    // The test's timeout is what fails if closing waits for any of these clients.
    await harness.close();
    assert.equal(await socket.closed, 1001, 'the socket is told the server is going away');
    assert.ok(await streamEnded, 'the stream is ended');
    silent.resume();
    await silentGone;
  });
});
