import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import pino from 'pino';
import { type Database, openDatabase, type Queryable } from '../db/client.ts';
import { migrate } from '../db/migrate.ts';
import { withTenant } from '../db/tenant.ts';
import { bufferJobs, type JobQueue, startJobQueue } from './job-queue.ts';

// Queue names carry a random suffix: on PostgreSQL several test files share one database.
const suffix = randomUUID().slice(0, 8);
const ECHO = `test-echo-${suffix}`;
const FLAKY = `test-flaky-${suffix}`;
// No worker takes these: they stay waiting, so the test can count them.
const WAITING = `test-waiting-${suffix}`;
const BATCHED = `test-batched-${suffix}`;
const BUFFERED = `test-buffered-${suffix}`;

const waitFor = async (condition: () => boolean, what: string, timeoutMs = 10_000) => {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

describe('job queue', () => {
  let db: Database;
  let jobs: JobQueue;
  const echoed: string[] = [];
  const flakyAttempts: number[] = [];
  const batchedRuns: { name: string; attempt: number; batchSize: number }[] = [];

  before(async () => {
    db = await openDatabase({ databaseUrl: process.env.DATABASE_URL ?? null, dataDir: null });
    await migrate(db);
    jobs = await startJobQueue(db, {
      logger: pino({ level: 'silent' }),
      pollingIntervalSeconds: 0.5,
      queues: [
        { name: ECHO, retryLimit: 0, retryDelaySeconds: 1, expireInSeconds: 60 },
        { name: FLAKY, retryLimit: 2, retryDelaySeconds: 1, expireInSeconds: 60 },
        { name: BATCHED, retryLimit: 1, retryDelaySeconds: 1, expireInSeconds: 60, batchSize: 10 },
        { name: WAITING, retryLimit: 0, retryDelaySeconds: 1, expireInSeconds: 60, policy: 'short' },
        { name: BUFFERED, retryLimit: 0, retryDelaySeconds: 1, expireInSeconds: 60, policy: 'short' },
      ],
    });
    await jobs.work<{ text: string }>(ECHO, async ({ text }) => {
      echoed.push(text);
    });
    await jobs.work<{ failTimes: number }>(FLAKY, async ({ failTimes }, { attempt }) => {
      flakyAttempts.push(attempt);
      if (attempt <= failTimes) throw new Error(`attempt ${attempt} fails on purpose`);
    });
    await jobs.workBatches<{ name: string; failFirst: boolean }>(BATCHED, async (batch) => {
      const failures = new Map<string, unknown>();
      for (const job of batch) {
        batchedRuns.push({ name: job.data.name, attempt: job.attempt, batchSize: batch.length });
        if (job.data.failFirst && job.attempt === 1) failures.set(job.id, new Error('fails on purpose'));
      }
      return failures;
    });
  });
  after(async () => {
    await jobs.stop();
    await db.close();
  });

  test('a job sent in a transaction runs once that transaction commits', async () => {
    await db.transaction((tx) => jobs.send(tx, ECHO, { text: 'committed' }));
    jobs.wake(ECHO);
    await waitFor(() => echoed.includes('committed'), 'the committed job');
    assert.deepEqual(
      echoed.filter((text) => text === 'committed'),
      ['committed'],
    );
  });

  test('a job sent in a transaction that rolls back never exists', async () => {
    await assert.rejects(
      db.transaction(async (tx) => {
        await jobs.send(tx, ECHO, { text: 'rolled back' });
        throw new Error('the change fails after enqueueing');
      }),
      /the change fails/,
    );
    await db.transaction((tx) => jobs.send(tx, ECHO, { text: 'marker' }));
    jobs.wake(ECHO);
    await waitFor(() => echoed.includes('marker'), 'the marker job');
    assert.equal(echoed.includes('rolled back'), false);
  });

  test('a tenant transaction (restricted role under row-level security) can enqueue', async () => {
    const [organization] = await db.query<{ id: string }>(
      `insert into organizations (id, name, slug, time_zone, default_language)
       values ($1, 'Jobs', $2, 'UTC', 'en') returning id`,
      [randomUUID(), `jobs-${suffix}`],
    );
    assert.ok(organization);
    await withTenant(db, organization.id, (tx) => jobs.send(tx, ECHO, { text: 'from a tenant' }));
    jobs.wake(ECHO);
    await waitFor(() => echoed.includes('from a tenant'), 'the tenant job');
  });

  test('a failing job is retried until it succeeds', async () => {
    await db.transaction((tx) => jobs.send(tx, FLAKY, { failTimes: 1 }));
    jobs.wake(FLAKY);
    await waitFor(() => flakyAttempts.length >= 2, 'the retry', 20_000);
    assert.deepEqual(flakyAttempts.slice(0, 2), [1, 2]);
  });

  test('a batch worker takes waiting jobs together; only the jobs it reports failed are retried', async () => {
    await db.transaction((tx) =>
      jobs.sendMany(tx, BATCHED, [
        { name: 'a', failFirst: false },
        { name: 'b', failFirst: true },
        { name: 'c', failFirst: false },
      ]),
    );
    jobs.wake(BATCHED);
    await waitFor(() => batchedRuns.length >= 4, "the failed job's retry", 20_000);
    const runsOf = (name: string) => batchedRuns.filter((run) => run.name === name).map((run) => run.attempt);
    assert.deepEqual(runsOf('a'), [1]);
    assert.deepEqual(runsOf('b'), [1, 2]);
    assert.deepEqual(runsOf('c'), [1]);
    assert.equal(batchedRuns[0]?.batchSize, 3);
  });

  test('a short queue keeps one waiting job per singleton key', async () => {
    for (const key of ['ticket-1', 'ticket-1', 'ticket-2', 'ticket-1']) {
      await db.transaction((tx) => jobs.send(tx, WAITING, { key }, { singletonKey: key }));
    }
    const rows = await db.query<{ singleton_key: string }>(
      `select singleton_key from pgboss.job where name = $1 and state = 'created' order by singleton_key`,
      [WAITING],
    );
    assert.deepEqual(
      rows.map((row) => row.singleton_key),
      ['ticket-1', 'ticket-2'],
    );
  });

  test('jobs sent through a buffer are written by its flush, with their options, or not at all', async () => {
    const waiting = (tx: Queryable) =>
      tx.query<{ singleton_key: string; retry_delay: number }>(
        `select singleton_key, retry_delay from pgboss.job where name = $1 and state = 'created'
          order by singleton_key`,
        [BUFFERED],
      );
    await assert.rejects(
      db.transaction(async (tx) => {
        const buffered = bufferJobs(jobs);
        await buffered.send(tx, BUFFERED, { key: 'gone' }, { singletonKey: 'gone' });
        await buffered.flush(tx);
        throw new Error('rolls back on purpose');
      }),
      /on purpose/,
    );
    await db.transaction(async (tx) => {
      const buffered = bufferJobs(jobs);
      for (const key of ['ticket-1', 'ticket-2', 'ticket-1']) {
        await buffered.send(tx, BUFFERED, { key }, { singletonKey: key, retryDelaySeconds: 7 });
      }
      assert.deepEqual(await waiting(tx), [], 'nothing is written before the flush');
      await buffered.flush(tx);
    });
    assert.deepEqual(
      (await waiting(db)).map((row) => [row.singleton_key, row.retry_delay]),
      [
        ['ticket-1', 7],
        ['ticket-2', 7],
      ],
    );
  });

  test('once stop returns, the queue sends nothing more: the database may close at once', async () => {
    // A handler finishing, or a fetch already sent, makes pg-boss issue a statement it does not
    // await. Stopped at varied moments of a busy queue, no statement may come after stop returns.
    for (let round = 0; round < 6; round++) {
      let stopped = false;
      const late: string[] = [];
      const watched = watchStatements(db, (text) => {
        if (stopped) late.push(text.slice(0, 60));
      });
      const queue = `test-stop-${suffix}-${round}`;
      const roundJobs = await startJobQueue(watched, {
        logger: pino({ level: 'silent' }),
        pollingIntervalSeconds: 0.5,
        queues: [{ name: queue, retryLimit: 1, retryDelaySeconds: 1, expireInSeconds: 60 }],
      });
      let handled = 0;
      await roundJobs.work(queue, async () => {
        await new Promise((resolve) => setTimeout(resolve, 5));
        handled++;
      });
      const batch = Array.from({ length: 40 }, () => ({}));
      await db.transaction((tx) => roundJobs.sendMany(tx, queue, batch));
      roundJobs.wake(queue);
      await waitFor(() => handled >= 2, 'the first jobs');
      await new Promise((resolve) => setTimeout(resolve, round * 3));
      await roundJobs.stop();
      stopped = true;
      await new Promise((resolve) => setTimeout(resolve, 100));
      assert.deepEqual(late, [], `round ${round}: statements after stop`);
    }
  });
});

/** The database, with every statement sent through it reported first. */
function watchStatements(db: Database, onStatement: (text: string) => void): Database {
  const watch = (target: Queryable): Queryable => ({
    query: (text, params) => {
      onStatement(text);
      return target.query(text, params);
    },
    exec: (sql) => {
      onStatement(sql);
      return target.exec(sql);
    },
  });
  return { ...db, ...watch(db), transaction: (work) => db.transaction((tx) => work(watch(tx))) };
}
