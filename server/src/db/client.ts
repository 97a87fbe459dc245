import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Writable } from 'node:stream';
import { PGlite } from '@electric-sql/pglite';
import { btree_gin } from '@electric-sql/pglite/contrib/btree_gin';
import pg from 'pg';

export type Row = Record<string, unknown>;

/** Anything SQL can be sent to: the database itself or one open transaction. */
export type Queryable = {
  query<T extends Row = Row>(text: string, params?: readonly unknown[]): Promise<T[]>;
  /** Runs several statements with no parameters (migrations, the job queue's set-up); answers the last one's rows. */
  exec(sql: string): Promise<Row[]>;
};

/** Transaction-local settings (`set_config(name, value, true)`), in force from the transaction's start. */
export type TransactionSettings = Readonly<Record<string, string>>;

export type Database = Queryable & {
  kind: 'pglite' | 'postgres';
  /**
   * The application's now: what a tenant transaction's history events (audit, tickets, comments)
   * are stamped with and what SLA timers count to. The system clock, except in tests that drive time.
   */
  clock: Clock;
  transaction<T>(work: (tx: Queryable) => Promise<T>, settings?: TransactionSettings): Promise<T>;
  close(): Promise<void>;
};

export type Clock = () => Date;

export type DatabaseOptions = { databaseUrl: string | null; dataDir: string | null; clock?: Clock };

const systemClock: Clock = () => new Date();

/** PGlite persisted under `dataDir` (or in memory when null) unless a real PostgreSQL URL is given. */
export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  const clock = options.clock ?? systemClock;
  if (options.databaseUrl) return { ...(await openPostgres(options.databaseUrl)), clock };
  return { ...(await openPglite(options.dataDir)), clock };
}

async function openPglite(dataDir: string | null): Promise<Omit<Database, 'clock'>> {
  let location: string | undefined;
  if (dataDir) {
    location = path.join(dataDir, 'pglite');
    mkdirSync(location, { recursive: true });
  }
  // btree_gin: migration 0004 indexes custom field values under organization_id with it.
  const db = await PGlite.create({ dataDir: location, extensions: { btree_gin } });
  const query = async <T extends Row>(text: string, params?: readonly unknown[]) =>
    (await db.query<T>(text, params ? [...params] : undefined)).rows as T[];
  return {
    kind: 'pglite',
    query,
    exec: async (sql) => (await db.exec(sql)).at(-1)?.rows ?? [],
    transaction: (work, settings) =>
      db.transaction(async (tx) => {
        const queryable: Queryable = {
          query: async <T extends Row>(text: string, params?: readonly unknown[]) =>
            (await tx.query<T>(text, params ? [...params] : undefined)).rows as T[],
          exec: async (sql) => (await tx.exec(sql)).at(-1)?.rows ?? [],
        };
        const names = Object.keys(settings ?? {});
        if (names.length > 0) {
          const calls = names.map((_, index) => `set_config($${2 * index + 1}, $${2 * index + 2}, true)`);
          await queryable.query(
            `select ${calls.join(', ')}`,
            names.flatMap((name) => [name, settings?.[name]]),
          );
        }
        return work(queryable);
      }),
    close: () => db.close(),
  };
}

async function openPostgres(databaseUrl: string): Promise<Omit<Database, 'clock'>> {
  // Pipelined connections: see writeTogetherThisTick. (A client that keeps a portal open, a cursor or a
  // query stream, is refused on them; nothing here uses one.)
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 10, pipeline: true } as pg.PoolConfig);
  // An idle connection the server ends (a restart, a failover, an administrator) is an error event on
  // the pool, which would otherwise crash the process. The pool drops that connection and opens
  // another on next use; a query in flight on a lost connection fails with its own error.
  pool.on('error', () => undefined);
  // Fail at start, with the server's own message, when the database cannot be reached.
  await pool.query('select 1');
  const queryable = (client: pg.Pool | pg.PoolClient): Queryable => ({
    query: async <T extends Row>(text: string, params?: readonly unknown[]) => {
      if (!(client instanceof pg.Pool)) writeTogetherThisTick(client);
      return (await client.query<T>(params ? preparedQuery(text, params) : text)).rows;
    },
    exec: async (sql) => {
      // Several statements come back as one result each; one statement as a single result.
      const results: pg.QueryResult | pg.QueryResult[] = await client.query(sql);
      return (Array.isArray(results) ? results.at(-1)?.rows : results.rows) ?? [];
    },
  });
  return {
    kind: 'postgres',
    ...queryable(pool),
    transaction: async (work, settings) => {
      const client = await pool.connect();
      try {
        // Not waited for: the transaction's first statement goes out in the same write (pipelined),
        // and a `begin` that fails makes it fail too.
        writeTogetherThisTick(client);
        const begun = client.query(beginWith(client, settings));
        begun.catch(() => undefined);
        const result = await work(queryable(client));
        await begun;
        await client.query('commit');
        return result;
      } catch (error) {
        await client.query('rollback').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

/**
 * A transaction's connection pipelines (the pool's `pipeline` option): statements issued side by
 * side (an email batch records its messages so) are sent without waiting for each other's results.
 * Those issued in the same tick also go out in one socket write instead of one each: the write is
 * held (corked) until the tick ends. A system call per statement was the largest single cost of the
 * server in the email benchmark (docs/benchmarks.md).
 */
function writeTogetherThisTick(client: pg.PoolClient): void {
  const socket = (client as unknown as { connection?: { stream?: Writable } }).connection?.stream;
  if (!socket || socket.writableCorked > 0) return;
  socket.cork();
  process.nextTick(() => socket.uncork());
}

/**
 * `begin` and the transaction's settings in one round trip: a simple query may hold several
 * statements, but no parameters, so the values are quoted by the client's own escaping.
 */
function beginWith(client: pg.PoolClient, settings: TransactionSettings = {}): string {
  const calls = Object.entries(settings).map(
    ([name, value]) => `set_config(${client.escapeLiteral(name)}, ${client.escapeLiteral(value)}, true)`,
  );
  return calls.length > 0 ? `begin; select ${calls.join(', ')}` : 'begin';
}

// Statements with parameters are prepared: each connection parses a text once instead of on every
// call, and PostgreSQL may keep a generic plan for it (plan_cache_mode = auto, its default: a generic
// plan is used only when its estimated cost is no worse than the custom plans tried first). Planning
// was 40% of the server's time in the email benchmark; see docs/benchmarks.md. The name is the text's
// hash, so the same text is the same statement on every connection. Texts are made by the code, few
// and reused; past this many (a text built with a varying shape) the rest run unprepared, so no
// connection collects statements without bound.
const MAX_PREPARED_TEXTS = 2000;
const statementNames = new Map<string, string>();

function preparedQuery(text: string, params: readonly unknown[]): pg.QueryConfig {
  let name = statementNames.get(text);
  if (!name && statementNames.size < MAX_PREPARED_TEXTS) {
    name = `s${createHash('sha1').update(text).digest('base64url')}`;
    statementNames.set(text, name);
  }
  return name ? { name, text, values: [...params] } : { text, values: [...params] };
}
