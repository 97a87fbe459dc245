import { mkdirSync } from 'node:fs';
import path from 'node:path';
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

export type Database = Queryable & {
  kind: 'pglite' | 'postgres';
  /**
   * The application's now: what a tenant transaction's history events (audit, tickets, comments)
   * are stamped with and what SLA timers count to. The system clock, except in tests that drive time.
   */
  clock: Clock;
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
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
    transaction: (work) =>
      db.transaction((tx) =>
        work({
          query: async <T extends Row>(text: string, params?: readonly unknown[]) =>
            (await tx.query<T>(text, params ? [...params] : undefined)).rows as T[],
          exec: async (sql) => (await tx.exec(sql)).at(-1)?.rows ?? [],
        }),
      ),
    close: () => db.close(),
  };
}

async function openPostgres(databaseUrl: string): Promise<Omit<Database, 'clock'>> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 });
  // An idle connection the server ends (a restart, a failover, an administrator) is an error event on
  // the pool, which would otherwise crash the process. The pool drops that connection and opens
  // another on next use; a query in flight on a lost connection fails with its own error.
  pool.on('error', () => undefined);
  // Fail at start, with the server's own message, when the database cannot be reached.
  await pool.query('select 1');
  const queryable = (client: pg.Pool | pg.PoolClient): Queryable => ({
    query: async <T extends Row>(text: string, params?: readonly unknown[]) =>
      (await client.query<T>(text, params ? [...params] : undefined)).rows,
    exec: async (sql) => {
      // Several statements come back as one result each; one statement as a single result.
      const results: pg.QueryResult | pg.QueryResult[] = await client.query(sql);
      return (Array.isArray(results) ? results.at(-1)?.rows : results.rows) ?? [];
    },
  });
  return {
    kind: 'postgres',
    ...queryable(pool),
    transaction: async (work) => {
      const client = await pool.connect();
      try {
        await client.query('begin');
        const result = await work(queryable(client));
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
