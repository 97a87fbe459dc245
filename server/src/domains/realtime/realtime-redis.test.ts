import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Redis } from 'ioredis';
import { type App, buildApp } from '../../app.ts';
import { type Database, openDatabase } from '../../db/client.ts';
import {
  addAgent,
  call,
  createTestApp,
  signUpOrganization,
  type TestApp,
  type TestOrganization,
} from '../../test/test-app.ts';
import { isEvent, openTestSocket, subscribe, type TestSocket } from './realtime-test-client.ts';

const REDIS_URL = 'redis://127.0.0.1:6379';

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

/**
 * Two servers, as two processes would be: A and B on one database and one Redis (on PostgreSQL each
 * with its own connection pool; PGlite lives in one process, so there they share it). Sockets are
 * real WebSocket connections to each server's own port.
 */
describe('realtime across two servers through Redis', { skip }, () => {
  let harness: TestApp;
  let serverB: App;
  let databaseB: Database;
  let org: TestOrganization;
  const sockets: TestSocket[] = [];

  before(async () => {
    harness = await createTestApp({ REDIS_URL, REALTIME_PRESENCE_TTL_SECONDS: '5' });
    databaseB = harness.config.databaseUrl
      ? await openDatabase({ databaseUrl: harness.config.databaseUrl, dataDir: null })
      : harness.db;
    serverB = await buildApp({ config: { ...harness.config, jobWorkers: false }, db: databaseB });
    await serverB.ready();
    org = await signUpOrganization(harness.app);
  });
  after(async () => {
    for (const socket of sockets) socket.kill();
    await serverB.close();
    if (databaseB !== harness.db) await databaseB.close();
    await harness.close();
  });

  const open = async (app: App, as: { cookie: string; csrfToken: string }) => {
    const socket = await openTestSocket(app, '/api/v1/realtime', as);
    sockets.push(socket);
    return socket;
  };

  test('an agent connected to A sees a comment posted through B within 100 ms', async (t) => {
    const created = await call(serverB, 'POST', '/api/v1/tickets', {
      as: org.owner.session,
      body: { subject: 'Across processes', requester: { email: 'far@example.test' } },
    });
    const ticketId = created.json().id as string;
    const socket = await open(harness.app, org.owner.session);
    await subscribe(socket, { ticket: ticketId });
    const latencies: number[] = [];
    for (const body of ['one', 'two', 'three', 'four', 'five']) {
      const arrived = socket.next(
        (m) => isEvent('ticket.comment_added')(m) && JSON.stringify(m).includes(body),
      );
      const posted = await call(serverB, 'POST', `/api/v1/tickets/${ticketId}/comments`, {
        as: org.owner.session,
        body: { body, visibility: 'public' },
      });
      assert.equal(posted.statusCode, 201, posted.body);
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
    const onB = await open(serverB, colleague.session);
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
