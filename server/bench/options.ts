// What a benchmark run builds and measures. The bench is a tool beside the server, so it reads its
// own variables here rather than through src/config.ts.

export type BenchOptions = {
  /** The database the server runs on; created and dropped by the bench unless given as DATABASE_URL. */
  databaseUrl: string;
  ownsDatabase: boolean;
  /** A throwaway database on the same server for pgbench. */
  pgbenchUrl: string;
  /** The same server's maintenance database, to create and drop the throwaway ones. */
  adminUrl: string;
  tickets: number;
  comments: number;
  organizations: number;
  /** Organizations signed up over HTTP (the largest ones); the rest are generated in SQL. */
  httpOrganizations: number;
  /** Measured seconds per scenario, after a short warm-up. */
  seconds: number;
  pgbenchSeconds: number;
  /** Keep both databases at the end. */
  keep: boolean;
  /** Measure the data a kept run left instead of generating again; implies keep. */
  reuse: boolean;
};

const DEFAULT_SERVER = 'postgres://postgres@127.0.0.1:5432';

function positiveNumber(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw.replace(/_/g, ''));
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number, got ${raw}`);
  return value;
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

export function benchOptions(env: NodeJS.ProcessEnv, argv: string[]): BenchOptions {
  const quick = argv.includes('--quick');
  // --quick is a smoke run: a hundredth of the data and short scenarios.
  const scale = positiveNumber(env, 'BENCH_SCALE', quick ? 0.01 : 1);
  const organizations = Math.max(
    1,
    Math.round(positiveNumber(env, 'BENCH_ORGS', 1000) * Math.min(1, Math.max(scale, 0.02))),
  );
  const tickets = Math.max(
    organizations,
    Math.round(positiveNumber(env, 'BENCH_TICKETS', 1_000_000) * scale),
  );
  const comments = Math.max(tickets, Math.round(positiveNumber(env, 'BENCH_COMMENTS', 5_000_000) * scale));
  const given = env.DATABASE_URL || null;
  const databaseUrl = given ?? `${DEFAULT_SERVER}/actionconnect_bench`;
  return {
    databaseUrl,
    ownsDatabase: given === null,
    pgbenchUrl: withDatabase(databaseUrl, 'actionconnect_bench_pgbench'),
    adminUrl: withDatabase(databaseUrl, 'postgres'),
    tickets,
    comments,
    organizations,
    httpOrganizations: Math.min(16, organizations),
    seconds: positiveNumber(env, 'BENCH_SECONDS', quick ? 5 : 20),
    pgbenchSeconds: positiveNumber(env, 'BENCH_PGBENCH_SECONDS', quick ? 10 : 30),
    keep: env.BENCH_KEEP === '1' || env.BENCH_REUSE === '1',
    reuse: env.BENCH_REUSE === '1',
  };
}
