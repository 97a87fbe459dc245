import type { FastifyBaseLogger } from 'fastify';
import PgBoss from 'pg-boss';
import type { Database, Queryable, Row } from '../db/client.ts';
import { APP_ROLE } from '../db/tenant.ts';

/** A kind of background work: its queue's name and how failures are retried. */
export type QueueDefinition = {
  name: string;
  /** Attempts after the first one; each waits longer (exponential backoff from `retryDelaySeconds`). */
  retryLimit: number;
  retryDelaySeconds: number;
  /** A job still running after this long is treated as failed and retried (a crashed process). */
  expireInSeconds: number;
  /** Jobs this process runs at once (each worker takes one job at a time); 1 when not given. */
  workers?: number;
  /**
   * `short`: at most one job per singleton key waits at a time (more are dropped), while one may
   * run. `standard` (the default) keeps every job sent.
   */
  policy?: 'standard' | 'short';
  /** Jobs a batch worker (`workBatches`) takes at once; 1 when not given. */
  batchSize?: number;
};

export type SendOptions = {
  /** On a `short` queue, one job per key while one is waiting (pg-boss's singleton key): repeats are dropped. */
  singletonKey?: string;
  startAfter?: Date;
  /** Overrides the queue's first retry wait for this job (the queue's settings are shared by every process). */
  retryDelaySeconds?: number;
};

/** A job as `send` takes it, for `sendAll`. */
export type PendingJob = { queue: string; data: object; options?: SendOptions };

export type JobHandler<T> = (data: T, meta: { id: string; attempt: number }) => Promise<void>;

export type QueuedJob<T> = { id: string; data: T; attempt: number };

/** Handles a batch of jobs; answers the error of each job that failed (the others are complete). */
export type BatchHandler<T> = (jobs: QueuedJob<T>[]) => Promise<ReadonlyMap<string, unknown>>;

/**
 * The Postgres-backed job queue (pg-boss) in the application's own database, so a job is enqueued in
 * the same transaction as the change that caused it and exists only if that change commits.
 */
export type JobQueue = {
  send<T extends object>(tx: Queryable, queue: string, data: T, options?: SendOptions): Promise<void>;
  /** Several jobs of one queue in one statement, with the queue's settings. */
  sendMany<T extends object>(tx: Queryable, queue: string, data: readonly T[]): Promise<void>;
  /** Jobs of any queues, each with its own options, in one statement. */
  sendAll(tx: Queryable, jobs: readonly PendingJob[]): Promise<void>;
  work<T>(queue: string, handler: JobHandler<T>): Promise<void>;
  /**
   * Like `work`, but each worker takes up to the queue's `batchSize` waiting jobs at once: one fetch and
   * one completion for all of them, and a handler that may do their work in one transaction.
   */
  workBatches<T>(queue: string, handler: BatchHandler<T>): Promise<void>;
  /** Starts a waiting job's worker now instead of at its next poll (after the sending transaction commits). */
  wake(queue: string): void;
  stop(): Promise<void>;
};

export type JobQueueOptions = {
  queues: readonly QueueDefinition[];
  logger: FastifyBaseLogger;
  pollingIntervalSeconds: number;
};

type SqlResult = { rows: Row[] };

// pg-boss runs its own SQL through this adapter: parameterised statements as queries, its set-up
// scripts (several statements, no parameters) through exec.
const bossAdapter = (db: Queryable) => ({
  executeSql: async (text: string, values?: unknown[]): Promise<SqlResult> => ({
    rows: values && values.length > 0 ? await db.query(text, values) : await db.exec(text),
  }),
});

/**
 * pg-boss completes a job without awaiting that statement (a floating promise), so it may still be on
 * its way when stop returns. Its own statements are tracked here and awaited before the database may
 * close; otherwise a late completion meets a closed pool and rejects with nobody listening.
 */
function trackedAdapter(db: Queryable) {
  const adapter = bossAdapter(db);
  const inFlight = new Set<Promise<SqlResult>>();
  return {
    executeSql: (text: string, values?: unknown[]) => {
      const statement = adapter.executeSql(text, values);
      inFlight.add(statement);
      statement.then(
        () => inFlight.delete(statement),
        () => inFlight.delete(statement),
      );
      return statement;
    },
    /** Resolves once no statement is on its way, including those a finishing one leads pg-boss to send. */
    settled: async () => {
      for (;;) {
        // The next statement is issued in the microtasks after a handler or a statement resolves:
        // let them run before looking.
        await new Promise((resolve) => setImmediate(resolve));
        if (inFlight.size === 0) return;
        await Promise.allSettled(inFlight);
      }
    },
  };
}

export async function startJobQueue(db: Database, options: JobQueueOptions): Promise<JobQueue> {
  const schema = 'pgboss';
  const ownStatements = trackedAdapter(db);
  const boss = new PgBoss({
    db: { executeSql: ownStatements.executeSql },
    schema,
    // Archive and delete finished jobs on the usual schedule; this process is not the only one.
    supervise: true,
    schedule: false,
  } as PgBoss.ConstructorOptions);
  boss.on('error', (error) => options.logger.error({ err: error }, 'job queue error'));
  await boss.start();
  // Tenant transactions run as the restricted application role; they enqueue jobs too. (The role
  // comes with the first migration; a server always migrates before it starts the queue.)
  await db.exec(`do $$ begin
    if exists (select from pg_roles where rolname = '${APP_ROLE}') then
      grant usage on schema ${schema} to ${APP_ROLE};
      grant select, insert on ${schema}.job, ${schema}.queue to ${APP_ROLE};
    end if;
  end $$;`);
  for (const queue of options.queues) await ensureQueue(boss, queue);

  const workerIds = new Map<string, string[]>();
  const definitionOf = new Map(options.queues.map((queue) => [queue.name, queue]));
  // pg-boss stops its workers without waiting for a fetch already sent; jobs that fetch brings back
  // must not start on a database about to close, and those running are awaited before stop returns.
  const running = new Set<Promise<void>>();
  let stopping = false;
  const startWorkers = async <T>(
    queue: string,
    batchSize: number,
    handle: (jobs: PgBoss.JobWithMetadata<T>[]) => Promise<void>,
  ): Promise<void> => {
    const definition = definitionOf.get(queue);
    const ids: string[] = [];
    for (let worker = 0; worker < (definition?.workers ?? 1); worker++) {
      let id = '';
      id = await boss.work<T>(
        queue,
        {
          pollingIntervalSeconds: options.pollingIntervalSeconds,
          batchSize,
          includeMetadata: true,
        },
        async (jobs) => {
          if (jobs.length === 0) return;
          if (stopping) throw new Error('The job queue is stopping; the jobs run again later');
          // pg-boss rests a poll interval after each batch; a worker that just found work looks again
          // at once, so a backlog drains at full speed and only an empty queue waits.
          boss.notifyWorker(id);
          const run = handle(jobs);
          running.add(run);
          try {
            await run;
          } finally {
            running.delete(run);
          }
        },
      );
      ids.push(id);
    }
    workerIds.set(queue, ids);
  };
  const sendAll: JobQueue['sendAll'] = async (tx, jobs) => {
    if (jobs.length === 0) return;
    await boss.insert(
      jobs.map(({ queue, data, options = {} }) => ({ name: queue, data, ...bossOptions(options) })),
      { db: bossAdapter(tx) } as PgBoss.InsertOptions,
    );
  };
  return {
    send: async (tx, queue, data, sendOptions = {}) => {
      await boss.send(queue, data, {
        ...bossOptions(sendOptions),
        db: bossAdapter(tx),
      } as PgBoss.SendOptions);
    },
    sendAll,
    sendMany: (tx, queue, data) =>
      sendAll(
        tx,
        data.map((item) => ({ queue, data: item })),
      ),
    work: <T>(queue: string, handler: JobHandler<T>) =>
      startWorkers<T>(queue, 1, async ([job]) => {
        if (job) await handler(job.data, { id: job.id, attempt: job.retryCount + 1 });
      }),
    workBatches: <T>(queue: string, handler: BatchHandler<T>) =>
      startWorkers<T>(queue, definitionOf.get(queue)?.batchSize ?? 1, async (jobs) => {
        const failures = await handler(
          jobs.map((job) => ({ id: job.id, data: job.data, attempt: job.retryCount + 1 })),
        );
        // The failed jobs go back for retry (or to their failed state) one by one; pg-boss then
        // completes the batch, which leaves jobs no longer active alone.
        for (const [id, error] of failures) await boss.fail(queue, id, error as object);
      }),
    wake: (queue) => {
      for (const id of workerIds.get(queue) ?? []) boss.notifyWorker(id);
    },
    stop: async () => {
      stopping = true;
      await boss.stop({ graceful: true, wait: true, timeout: 10_000 });
      await Promise.allSettled(running);
      await ownStatements.settled();
    },
  };
}

/** Our send options in pg-boss's words, leaving out those not given (so the queue's own apply). */
function bossOptions(options: SendOptions) {
  return {
    ...(options.singletonKey ? { singletonKey: options.singletonKey } : {}),
    ...(options.startAfter ? { startAfter: options.startAfter } : {}),
    ...(options.retryDelaySeconds ? { retryDelay: options.retryDelaySeconds } : {}),
  };
}

/** A job queue for one transaction: `send` only collects, `flush` writes what was collected. */
export type BufferedJobQueue = JobQueue & { flush(tx: Queryable): Promise<void> };

/**
 * The queue as a transaction that sends many jobs (a batch of emails: an automation run and an
 * acknowledgement per new ticket) sees it: each `send` is kept, and `flush`, called just before the
 * commit, writes them all in one statement instead of one each. Made anew for every transaction, so a
 * transaction that fails takes its jobs with it.
 */
export function bufferJobs(queue: JobQueue): BufferedJobQueue {
  let pending: PendingJob[] = [];
  return {
    ...queue,
    send: async (_tx, name, data, options) => {
      pending.push({ queue: name, data, options });
    },
    flush: async (tx) => {
      const jobs = pending;
      pending = [];
      await queue.sendAll(tx, jobs);
    },
  };
}

async function ensureQueue(boss: PgBoss, queue: QueueDefinition): Promise<void> {
  const settings = {
    name: queue.name,
    retryLimit: queue.retryLimit,
    retryDelay: queue.retryDelaySeconds,
    retryBackoff: true,
    expireInSeconds: queue.expireInSeconds,
    policy: queue.policy ?? 'standard',
  };
  if (await boss.getQueue(queue.name)) await boss.updateQueue(queue.name, settings);
  else await boss.createQueue(queue.name, settings);
}
