// `npm run bench:realtime` (part of `npm run bench`): live delivery of comment events to many
// WebSockets on one server process, on a throwaway PostgreSQL database. See docs/benchmarks.md
// ("Real-time"). `--quick` for a small run.
import os from 'node:os';
import { openDatabase } from '../src/db/client.ts';
import { withTenant } from '../src/db/tenant.ts';
import { createSession } from '../src/domains/auth/sessions.ts';
import { dropDatabase, migrateDatabase, recreateDatabase } from './databases.ts';
import { HttpClient } from './http-client.ts';
import { SocketFleet } from './realtime-sockets.ts';
import { startServer } from './server-process.ts';

const env = process.env;
const quick = process.argv.includes('--quick');
const SERVER = env.BENCH_POSTGRES ?? 'postgres://postgres@127.0.0.1:5432';
const SOCKETS = Number(env.BENCH_REALTIME_SOCKETS ?? (quick ? 200 : 2000));
const TICKETS = Number(env.BENCH_REALTIME_TICKETS ?? (quick ? 20 : 200));
/** Agents the sockets are spread over (each with one session, several tabs). */
const AGENTS = Math.min(SOCKETS, 200);
/** Comments posted one at a time, each awaited on every socket before the next: latency at rest. */
const PACED = Number(env.BENCH_REALTIME_PACED ?? (quick ? 20 : 200));
/** Comments posted by several clients at once: throughput, and latency under that load. */
const BURST = Number(env.BENCH_REALTIME_BURST ?? (quick ? 200 : 2000));
const POSTERS = 16;
/** A delivery not seen within this counts as lost. */
const DELIVERY_DEADLINE_MS = 10_000;
/** The whole run stops with an error past this. */
const RUN_DEADLINE_MS = Number(env.BENCH_REALTIME_DEADLINE_S ?? 900) * 1000;

const log = (line: string) => process.stdout.write(`${line}\n`);
const load = () =>
  os
    .loadavg()
    .map((value) => value.toFixed(2))
    .join(' ');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

function summary(latencies: readonly number[]): string {
  const sorted = [...latencies].sort((a, b) => a - b);
  return (
    `p50 ${percentile(sorted, 50).toFixed(1)} ms, p99 ${percentile(sorted, 99).toFixed(1)} ms, ` +
    `max ${(sorted.at(-1) ?? 0).toFixed(1)} ms (${sorted.length} deliveries)`
  );
}

type Setup = { token: string; organizationId: string; ticketIds: string[]; cookies: string[] };

/** An organization signed up over HTTP, an API token, its tickets, and agents with a session each. */
async function setUp(client: HttpClient, databaseUrl: string): Promise<Setup> {
  const signedUp = await client.request('POST', '/api/v1/signup', {
    body: {
      organizationName: 'Realtime bench',
      slug: 'realtime-bench',
      name: 'Bench Owner',
      email: 'owner@realtime-bench.example',
      password: 'correct horse battery staple',
    },
  });
  if (signedUp.status !== 201) throw new Error(`signup: ${signedUp.status} ${signedUp.body}`);
  const signedIn = JSON.parse(signedUp.body) as { csrfToken: string; organization: { id: string } };
  const cookie = [signedUp.headers['set-cookie'] ?? []]
    .flat()
    .map((line) => line.split(';')[0] ?? '')
    .find((pair) => pair.startsWith('ac_session='));
  const { token } = await client.json<{ token: string }>('POST', '/api/v1/api-tokens', 201, {
    body: { name: 'bench' },
    headers: { cookie: cookie ?? '', 'x-csrf-token': signedIn.csrfToken },
  });
  const ticketIds: string[] = [];
  for (let index = 0; index < TICKETS; index++) {
    const ticket = await client.json<{ id: string }>('POST', '/api/v1/tickets', 201, {
      token,
      body: { subject: `Live ticket ${index}`, requester: { email: `customer${index}@bench.example` } },
    });
    ticketIds.push(ticket.id);
  }
  const organizationId = signedIn.organization.id;
  return { token, organizationId, ticketIds, cookies: await agentSessions(databaseUrl, organizationId) };
}

/**
 * Agents are written in SQL (sign-ins and invitation acceptances are rate limited per address, and
 * password hashing would dominate the setup); their sessions are made by the server's own code, so
 * the sockets authenticate exactly as a browser's would.
 */
async function agentSessions(databaseUrl: string, organizationId: string): Promise<string[]> {
  const db = await openDatabase({ databaseUrl, dataDir: null });
  try {
    return await withTenant(db, organizationId, async (tx) => {
      const agents = await tx.query<{ id: string }>(
        `insert into agents (organization_id, id, email, name, role, password_hash)
         select $1, gen_random_uuid(), 'agent' || n || '@realtime-bench.example', 'Agent ' || n, 'agent',
                (select password_hash from agents where organization_id = $1 limit 1)
           from generate_series(1, $2::int) n
         returning id`,
        [organizationId, AGENTS],
      );
      const cookies: string[] = [];
      for (const agent of agents) {
        const session = await createSession(tx, {
          organizationId,
          agentId: agent.id,
          ttlHours: 24,
          ip: '127.0.0.1',
          userAgent: 'realtime bench',
        });
        cookies.push(`ac_session=${session.token}`);
      }
      return cookies;
    });
  } finally {
    await db.close();
  }
}

/** Posts comment `n` on a ticket and resolves when every socket on that ticket has it (or the deadline). */
async function postComment(
  client: HttpClient,
  fleet: SocketFleet,
  setup: Setup,
  n: number,
  apiTimes: number[],
): Promise<void> {
  const ticketIndex = n % setup.ticketIds.length;
  const subscribers = Math.floor(SOCKETS / TICKETS) + (ticketIndex < SOCKETS % TICKETS ? 1 : 0);
  const marker = `bench-${n}`;
  let done: () => void = () => undefined;
  const delivered = new Promise<void>((resolve) => {
    done = resolve;
  });
  const sentAt = performance.now();
  fleet.pending.set(marker, { sentAt, waiting: subscribers, done });
  const response = await client.request('POST', `/api/v1/tickets/${setup.ticketIds[ticketIndex]}/comments`, {
    token: setup.token,
    body: { body: `Update ${marker}: we are on it`, visibility: 'public' },
  });
  apiTimes.push(performance.now() - sentAt);
  if (response.status !== 201) throw new Error(`comment: ${response.status} ${response.body}`);
  const timer = setTimeout(done, DELIVERY_DEADLINE_MS);
  await delivered;
  clearTimeout(timer);
  fleet.expire(marker);
}

async function main(): Promise<void> {
  const deadline = setTimeout(() => {
    log(`The run passed its deadline (${RUN_DEADLINE_MS / 1000} s): stopping.`);
    process.exit(1);
  }, RUN_DEADLINE_MS);
  deadline.unref();
  const databaseUrl = `${SERVER}/actionconnect_bench_realtime`;
  log(
    `Real-time: ${SOCKETS} WebSockets of ${AGENTS} agents across ${TICKETS} tickets on one server ` +
      `process (in-process bus), PostgreSQL at ${SERVER}; ${PACED} paced + ${BURST} burst comments`,
  );
  await recreateDatabase(`${SERVER}/postgres`, databaseUrl);
  await migrateDatabase(databaseUrl);
  const server = await startServer(databaseUrl, { JOB_WORKERS: 'false' });
  const client = new HttpClient(server.baseUrl, POSTERS);
  const fleet = new SocketFleet(server.baseUrl.replace('http://', 'ws://'));
  try {
    const setup = await setUp(client, databaseUrl);
    await sleep(2000);
    const rssBefore = server.rssMb() ?? 0;
    const connectStarted = performance.now();
    await fleet.connect(SOCKETS, setup.ticketIds, setup.cookies);
    const connectSeconds = (performance.now() - connectStarted) / 1000;
    // Let the presence announcements of the new viewers settle before measuring.
    await sleep(5000);
    const rssConnected = server.rssMb() ?? 0;
    log(
      `  connect + subscribe + first heartbeat: ${SOCKETS} sockets in ${connectSeconds.toFixed(1)} s; ` +
        `server RSS ${rssBefore.toFixed(0)} MB before, ${rssConnected.toFixed(0)} MB connected ` +
        `(the difference is within garbage collection's swings); load ${load()}`,
    );

    const pacedApi: number[] = [];
    for (let n = 0; n < PACED; n++) await postComment(client, fleet, setup, n, pacedApi);
    log(`  paced (one comment at a time): delivery ${summary(fleet.latencies)}`);
    log(`    POST answered: ${summary(pacedApi).replace(/deliveries/, 'comments')}; load ${load()}`);

    fleet.latencies = [];
    const burstApi: number[] = [];
    let next = PACED;
    const end = PACED + BURST;
    const started = performance.now();
    const poster = async () => {
      while (next < end) await postComment(client, fleet, setup, next++, burstApi);
    };
    await Promise.all(Array.from({ length: POSTERS }, poster));
    const seconds = (performance.now() - started) / 1000;
    log(
      `  burst (${POSTERS} posters): ${(BURST / seconds).toFixed(0)} comments/s, ` +
        `${(fleet.latencies.length / seconds).toFixed(0)} socket deliveries/s; delivery ${summary(fleet.latencies)}`,
    );
    log(`    POST answered: ${summary(burstApi).replace(/deliveries/, 'comments')}; load ${load()}`);
    log(
      `  deliveries missing at the ${DELIVERY_DEADLINE_MS / 1000} s deadline ${fleet.lost} (of which ` +
        `${fleet.late} came later), duplicates ${fleet.strays}, sockets closed by the server ` +
        `${fleet.closedEarly}; server RSS now ${(server.rssMb() ?? 0).toFixed(0)} MB, peak ` +
        `${(server.peakRssMb() ?? 0).toFixed(0)} MB`,
    );
  } finally {
    await fleet.close();
    client.close();
    await server.stop();
    if (!env.BENCH_KEEP) await dropDatabase(`${SERVER}/postgres`, databaseUrl);
  }
}

await main();
