import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { WebSocket } from 'ws';
import type { App } from '../../app.ts';
import type { Credentials } from '../../test/test-app.ts';

export type ServerMessage = { type: string; [field: string]: unknown };

/** A real WebSocket client for tests: keeps every message, and waits for the one a test expects. */
export type TestSocket = {
  messages: ServerMessage[];
  send(message: Record<string, unknown>): void;
  next(match: (message: ServerMessage) => boolean, timeoutMs?: number): Promise<ServerMessage>;
  /** Drops the connection without a closing handshake, like a network cut. */
  kill(): void;
  close(): Promise<void>;
};

/** Listens on a free local port (once per app) and answers the ws:// base address. */
export async function listenLocally(app: App): Promise<string> {
  if (!app.server.listening) await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  return `ws://127.0.0.1:${port}`;
}

export async function openTestSocket(
  app: App,
  path: string,
  as: Credentials,
  options: { origin?: string } = {},
): Promise<TestSocket> {
  const base = await listenLocally(app);
  const headers: Record<string, string> = {};
  if ('token' in as) headers.authorization = `Bearer ${as.token}`;
  if ('cookie' in as) headers.cookie = `ac_session=${as.cookie}`;
  if ('portalCookie' in as) headers.cookie = `ac_portal=${as.portalCookie}`;
  const socket = new WebSocket(`${base}${path}`, { headers, origin: options.origin });
  const messages: ServerMessage[] = [];
  const waiters = new Set<() => void>();
  socket.on('message', (data) => {
    messages.push(JSON.parse(String(data)) as ServerMessage);
    for (const wake of waiters) wake();
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
    socket.once('unexpected-response', (_request, response) =>
      reject(new Error(`upgrade refused: ${response.statusCode}`)),
    );
  });
  let seen = 0;
  return {
    messages,
    send: (message) => socket.send(JSON.stringify(message)),
    next: (match, timeoutMs = 3000) =>
      new Promise((resolve, reject) => {
        const look = () => {
          while (seen < messages.length) {
            const message = messages[seen++] as ServerMessage;
            if (!match(message)) continue;
            waiters.delete(look);
            clearTimeout(timer);
            resolve(message);
            return;
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(look);
          reject(new Error(`no matching message in ${timeoutMs} ms; got ${JSON.stringify(messages)}`));
        }, timeoutMs);
        waiters.add(look);
        look();
      }),
    kill: () => socket.terminate(),
    close: async () => {
      if (socket.readyState === WebSocket.CLOSED) return;
      await new Promise<void>((resolve) => {
        socket.once('close', () => resolve());
        socket.close();
      });
    },
  };
}

/** Subscribes and waits for the acknowledgement (or the error) answering it. */
export async function subscribe(
  socket: TestSocket,
  to: Record<string, unknown>,
  since?: number,
): Promise<ServerMessage> {
  const ref = `ref-${Math.random()}`;
  socket.send({ type: 'subscribe', ref, to, ...(since === undefined ? {} : { since }) });
  const answer = await socket.next((message) => message.ref === ref);
  assert.ok(['subscribed', 'error', 'resync'].includes(answer.type), JSON.stringify(answer));
  return answer;
}

export const isEvent = (kind: string) => (message: ServerMessage) =>
  message.type === 'event' && message.kind === kind;
