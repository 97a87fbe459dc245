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
};

export type SendOptions = {
  /** One job per key while one is waiting (pg-boss's singleton key): repeats are dropped. */
  singletonKey?: string;
  startAfter?: Date;
  /** Overrides the queue's first retry wait for this job (the queue's settings are shared by every process). */
  retryDelaySeconds?: number;
};

export type JobHandler<T> = (data: T, meta: { id: string; attempt: number }) => Promise<void>;

/**
 * The Postgres-backed job queue (pg-boss) in the application's own database, so a job is enqueued in
 * the same transaction as the change that caused it and exists only if that change commits.
 */
export type JobQueue = {
  send<T extends object>(tx: Queryable, queue: string, data: T, options?: SendOptions): Promise<void>;
  work<T>(queue: string, handler: JobHandler<T>): Promise<void>;
  /** Starts a waiting job's worker now instead of at its next poll (after the sending transaction commits). */
  wake(queue: string): void;
  stop(): Promise<void>;
};

export type JobQueueOptions = {
  queues: readonly QueueDefinition[];
  logger: FastifyBaseLogger;
  pollingIntervalSeconds: number;
  /** pg-boss's schema; `pgboss` unless tests sharing one PostgreSQL need queues of their own. */
  schema?: string;
};

type SqlResult = { rows: Row[] };

// pg-boss runs its own SQL through this adapter: parameterised statements as queries, its set-up
// scripts (several statements, no parameters) through exec.
const bossAdapter = (db: Queryable) => ({
  executeSql: async (text: string, values?: unknown[]): Promise<SqlResult> => ({
    rows: values && values.length > 0 ? await db.query(text, values) : await db.exec(text),
  }),
});

export async function startJobQueue(db: Database, options: JobQueueOptions): Promise<JobQueue> {
  const schema = options.schema ?? 'pgboss';
  const boss = new PgBoss({
    db: bossAdapter(db),
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
  const workersOf = new Map(options.queues.map((queue) => [queue.name, queue.workers ?? 1]));
  return {
    send: async (tx, queue, data, sendOptions = {}) => {
      await boss.send(queue, data, {
        ...(sendOptions.singletonKey ? { singletonKey: sendOptions.singletonKey } : {}),
        ...(sendOptions.startAfter ? { startAfter: sendOptions.startAfter } : {}),
        ...(sendOptions.retryDelaySeconds ? { retryDelay: sendOptions.retryDelaySeconds } : {}),
        db: bossAdapter(tx),
      } as PgBoss.SendOptions);
    },
    work: async <T>(queue: string, handler: JobHandler<T>) => {
      const ids: string[] = [];
      for (let worker = 0; worker < (workersOf.get(queue) ?? 1); worker++) {
        let id = '';
        id = await boss.work<T>(
          queue,
          { pollingIntervalSeconds: options.pollingIntervalSeconds, batchSize: 1, includeMetadata: true },
          async ([job]) => {
            if (!job) return;
            // pg-boss rests a poll interval after each job; a worker that just found work looks again
            // at once, so a backlog drains at full speed and only an empty queue waits.
            boss.notifyWorker(id);
            await handler(job.data, { id: job.id, attempt: job.retryCount + 1 });
          },
        );
        ids.push(id);
      }
      workerIds.set(queue, ids);
    },
    wake: (queue) => {
      for (const id of workerIds.get(queue) ?? []) boss.notifyWorker(id);
    },
    stop: () => boss.stop({ graceful: true, wait: true, timeout: 10_000 }),
  };
}

async function ensureQueue(boss: PgBoss, queue: QueueDefinition): Promise<void> {
  const settings = {
    name: queue.name,
    retryLimit: queue.retryLimit,
    retryDelay: queue.retryDelaySeconds,
    retryBackoff: true,
    expireInSeconds: queue.expireInSeconds,
  };
  if (await boss.getQueue(queue.name)) await boss.updateQueue(queue.name, settings);
  else await boss.createQueue(queue.name, settings);
}
