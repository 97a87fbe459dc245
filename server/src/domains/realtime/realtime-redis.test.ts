import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Redis } from 'ioredis';
import { startServer } from '../../../bench/server-process.ts';
import { type App, buildApp } from '../../app.ts';
import {
  addAgent,
  call,
  createTestApp,
  signUpOrganization,
  type TestApp,
  type TestOrganization,
} from '../../test/test-app.ts';
import {
  isEvent,
  listenLocally,
  openTestSocket,
  subscribe,
  type TestSocket,
} from './realtime-test-client.ts';

// REDIS_URL names the Redis both servers share; without one reachable the suite is skipped.
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

async function redisReachable(): Promise<boolean> {
  const probe = new Redis(REDIS_URL, { lazyConnect: true, connectTimeout: 1000, maxRetriesPerRequest: 0 });
  probe.on('error', () => undefined);
  try {
    await probe.connect();
    return (await probe.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    probe.disconnect();
  }
}

const skip = (await redisReachable())
  ? false
  : `Redis is not reachable at ${REDIS_URL}: two-process fan-out not tested`;
if (skip) process.stderr.write(`SKIPPED: ${skip}\n`);

/** Server B, reached only over loopback HTTP and WebSockets, like any other process. */
type OtherServer = { wsBase: string; httpBase: string; stop(): Promise<void> };

/**
 * On PostgreSQL, B is a separate process (`actionconnect start`) on the test's database. PGlite is an
 * embedded database that one process owns, so there B is a second app in this process: its own
 * Fastify server and port, hub and Redis connections, on the same PGlite instance. B gets a database
 * handle of its own, so that its commits are heard by its own relay only: A learns of them through
 * Redis, as it would from another process (its sweep, every 1.7 s here, is far beyond the 100 ms).
 */
async function startServerB(harness: TestApp): Promise<OtherServer> {
  const { databaseUrl } = harness.config;
  if (databaseUrl) {
    const child = await startServer(databaseUrl, {
      REDIS_URL,
      JOB_WORKERS: 'false',
      REALTIME_PRESENCE_TTL_SECONDS: harness.config.realtimePresenceTtlSeconds.toString(),
    });
    return { wsBase: child.baseUrl.replace('http://', 'ws://'), httpBase: child.baseUrl, stop: child.stop };
  }
  const app = await buildApp({ config: { ...harness.config, jobWorkers: false }, db: { ...harness.db } });
  const wsBase = await listenLocally(app);
  return { wsBase, httpBase: wsBase.replace('ws://', 'http://'), stop: () => app.close() };
}

/** A request to another process over HTTP, signed in by the agent's session. */
async function post(base: string, path: string, as: Session, body: unknown) {
  const response = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: {
      cookie: `ac_session=${as.cookie}`,
      'x-csrf-token': as.csrfToken,
      'content-type': 'application/json',
    },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

type Session = { cookie: string; csrfToken: string };

describe('realtime across two servers through Redis', { skip }, () => {
  let harness: TestApp;
  let serverB: OtherServer;
  let org: TestOrganization;
  const sockets: TestSocket[] = [];

  before(async () => {
    harness = await createTestApp({ REDIS_URL, REALTIME_PRESENCE_TTL_SECONDS: '5' });
    serverB = await startServerB(harness);
    org = await signUpOrganization(harness.app);
  });
  after(async () => {
    for (const socket of sockets) socket.kill();
    await serverB?.stop();
    await harness.close();
  });

  const open = async (server: App | string, as: Session) => {
    const socket = await openTestSocket(server, '/api/v1/realtime', as);
    sockets.push(socket);
    return socket;
  };

  test('an agent connected to A sees a comment posted through B within 100 ms', async (t) => {
    const created = await post(serverB.httpBase, '/api/v1/tickets', org.owner.session, {
      subject: 'Across processes',
      requester: { email: 'far@example.test' },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const ticketId = created.body.id as string;
    const socket = await open(harness.app, org.owner.session);
    await subscribe(socket, { ticket: ticketId });
    const latencies: number[] = [];
    for (const body of ['one', 'two', 'three', 'four', 'five']) {
      const arrived = socket.next(
        (m) => isEvent('ticket.comment_added')(m) && JSON.stringify(m).includes(body),
      );
      const posted = await post(serverB.httpBase, `/api/v1/tickets/${ticketId}/comments`, org.owner.session, {
        body,
        visibility: 'public',
      });
      assert.equal(posted.status, 201, JSON.stringify(posted.body));
      const committedAt = performance.now();
      await arrived;
      // Negative when the event arrived before B's response did: it was published at commit.
      latencies.push(Math.max(0, performance.now() - committedAt));
    }
    t.diagnostic(`delivery after B answered, ms: ${latencies.map((ms) => ms.toFixed(1)).join(', ')}`);
    assert.ok(Math.max(...latencies) < 100, `latencies ${latencies.join(', ')}`);
  });

  test('presence from both servers shows on both', async () => {
    const created = await call(harness.app, 'POST', '/api/v1/tickets', {
      as: org.owner.session,
      body: { subject: 'Who is here', requester: { email: 'here@example.test' } },
    });
    const ticketId = created.json().id as string;
    const colleague = await addAgent(harness.app, org);
    const onA = await open(harness.app, org.owner.session);
    const onB = await open(serverB.wsBase, colleague.session);
    await subscribe(onA, { ticket: ticketId });
    await subscribe(onB, { ticket: ticketId });
    onA.send({ type: 'presence', ticketId, composing: null });
    onB.send({ type: 'presence', ticketId, composing: 'note' });
    const expected = [
      { agentId: org.owner.id, composing: null },
      { agentId: colleague.id, composing: 'note' },
    ].sort((a, b) => a.agentId.localeCompare(b.agentId));
    const both = (m: { type: string; agents?: unknown }) =>
      m.type === 'presence' && JSON.stringify(m.agents) === JSON.stringify(expected);
    await onA.next(both);
    await onB.next(both);
  });
});
