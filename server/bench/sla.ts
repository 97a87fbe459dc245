// `npm run bench:sla` (part of `npm run bench`): the cost of SLA timers at scale, in-process against a
// throwaway PostgreSQL database. Recomputing an organization of 100,000 open tickets through the real
// code, and the scheduler's check with 10,000 to 1,000,000 open tickets, nothing due and some due.
// See docs/benchmarks.md ("SLA").
import os from 'node:os';
import pg from 'pg';
import { pino } from 'pino';
import { type Database, openDatabase } from '../src/db/client.ts';
import { type AutomationJobs, RUN_AUTOMATIONS } from '../src/domains/automations/automation-queue.ts';
import { recomputeOrganization } from '../src/domains/sla/recompute-sla.ts';
import { startSlaScheduler } from '../src/domains/sla/sla-scheduler.ts';
import { startJobQueue } from '../src/jobs/job-queue.ts';
import { dropDatabase, migrateDatabase, recreateDatabase } from './databases.ts';
import { UUID7 } from './generate.ts';
import { generateHistories, generateTimedTickets } from './sla-data.ts';
import {
  type DueRound,
  dueRound,
  historyFigures,
  measureScheduler,
  type SchedulerFigures,
  timedTransactions,
  timerFigures,
} from './sla-measure.ts';
import { formatSlaReport, type RecomputeFigures } from './sla-report.ts';
import { createSlaOrganization, officeCalendar, type SlaOrganization } from './sla-setup.ts';

const env = process.env;
const quick = process.argv.includes('--quick');
const number = (name: string, fallback: number) => {
  const value = Number((env[name] ?? '').replace(/_/g, '') || fallback);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number`);
  return value;
};
const SERVER = env.BENCH_POSTGRES ?? 'postgres://postgres@127.0.0.1:5432';
const SCALE = number('BENCH_SCALE', quick ? 0.01 : 1);
const RECOMPUTE_TICKETS = Math.round(number('BENCH_SLA_TICKETS', 100_000) * SCALE);
const OPEN_TICKETS = Math.round(number('BENCH_SLA_OPEN_TICKETS', 1_000_000) * SCALE);
const CALLS = number('BENCH_SLA_CALLS', quick ? 200 : 1000);
const DUE = number('BENCH_SLA_DUE', 200);
const DUE_ROUNDS = number('BENCH_SLA_DUE_ROUNDS', quick ? 5 : 20);
// Filler organizations hold at most this many tickets each, like large tenants.
const FILLER_PER_ORGANIZATION = Math.max(1, Math.round(100_000 * SCALE));

const log = (line: string) => process.stdout.write(`${line}\n`);
const load = () =>
  os
    .loadavg()
    .map((value) => value.toFixed(2))
    .join(' ');

async function timed<T>(label: string, work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const result = await work();
  log(`  ${label}: ${((performance.now() - started) / 1000).toFixed(1)} s (load ${load()})`);
  return result;
}

async function main(): Promise<void> {
  const databaseUrl = `${SERVER}/actionconnect_bench_sla`;
  const smallest = Math.max(1, Math.round(OPEN_TICKETS / 100));
  if (smallest + RECOMPUTE_TICKETS > OPEN_TICKETS)
    throw new Error('BENCH_SLA_OPEN_TICKETS must exceed BENCH_SLA_TICKETS by a hundredth of itself');
  log(
    `SLA benchmark: recompute ${RECOMPUTE_TICKETS} open tickets; scheduler at ${smallest}, ` +
      `${smallest + RECOMPUTE_TICKETS} and ${OPEN_TICKETS} open tickets; ${os.cpus().length} cores, load ${load()}`,
  );
  await recreateDatabase(`${SERVER}/postgres`, databaseUrl);
  await migrateDatabase(databaseUrl);
  // Frozen while measuring: timers fall due only when the bench moves the clock.
  let now = new Date(Math.floor(Date.now() / 1000) * 1000);
  const db = await openDatabase({ databaseUrl, dataDir: null, clock: () => now });
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const logger = pino({ level: 'warn' });
  // Automation runs are queued as in production (timers at risk or breached), with no worker to run them.
  const jobs = await startJobQueue(db, { queues: [RUN_AUTOMATIONS], logger, pollingIntervalSeconds: 3600 });
  // Its timer loop is stopped at once: the bench calls runDue itself, so nothing else runs beside it.
  const scheduler = startSlaScheduler(db, { logger, pollSeconds: 3600, jobs });
  await scheduler.stop();
  const organization = (name: string) => createSlaOrganization(db, client, { name, now });
  const settle = () => timed('vacuum analyze', () => client.query('vacuum analyze'));
  try {
    await client.query(`set synchronous_commit = off; set work_mem = '256MB'; select setseed(0.42)`);
    await client.query(UUID7);
    const scheduling: SchedulerFigures[] = [];

    log(`Scheduler at ${smallest} open tickets (timers written with SQL):`);
    const first = await organization('SLA filler 1');
    await timed('generate', () => generateTimedTickets(client, first, smallest, now));
    await settle();
    scheduling.push(await measureScheduler(db, scheduler, CALLS, log));

    log(`Recompute: ${RECOMPUTE_TICKETS} open tickets with histories in one organization:`);
    const recomputed = await organization('SLA recompute');
    await timed('generate', () => generateHistories(client, recomputed, RECOMPUTE_TICKETS, now));
    await settle();
    const history = await historyFigures(client, recomputed.organizationId);
    if (history.tickets !== RECOMPUTE_TICKETS || history.closed > 0 || history.withoutCreation > 0)
      throw new Error(`Generated histories are not as asked: ${JSON.stringify(history)}`);
    log(`  ${JSON.stringify(history)}`);
    const recomputes: RecomputeFigures[] = [];
    recomputes.push(await recompute({ db, jobs, client }, recomputed, 'first (no timers stored)'));
    await closeTomorrow(client, recomputed, now);
    recomputes.push(await recompute({ db, jobs, client }, recomputed, 'again, after a calendar change'));
    await settle();
    scheduling.push(await measureScheduler(db, scheduler, CALLS, log));

    log(`Scheduler at ${OPEN_TICKETS} open tickets:`);
    let left = OPEN_TICKETS - smallest - RECOMPUTE_TICKETS;
    for (let index = 2; left > 0; index++) {
      const tickets = Math.min(left, FILLER_PER_ORGANIZATION);
      const filler = await organization(`SLA filler ${index}`);
      await timed(`generate ${tickets}`, () => generateTimedTickets(client, filler, tickets, now));
      left -= tickets;
    }
    await settle();
    scheduling.push(await measureScheduler(db, scheduler, CALLS, log));

    log(`${DUE_ROUNDS} rounds with ${DUE} timers due among ${OPEN_TICKETS} open tickets:`);
    const rounds: DueRound[] = [];
    for (let round = 0; round < DUE_ROUNDS; round++) {
      const due = await dueRound(db, scheduler, DUE, (at) => {
        now = at;
      });
      if (!due) break;
      rounds.push(due);
    }
    log(
      formatSlaReport({
        recomputeTickets: RECOMPUTE_TICKETS,
        history,
        recomputes,
        scheduling,
        rounds,
        due: DUE,
        cores: os.cpus().length,
        load: load(),
      }),
    );
  } finally {
    await jobs.stop();
    await client.end();
    await db.close();
    if (!env.BENCH_KEEP) await dropDatabase(`${SERVER}/postgres`, databaseUrl);
  }
}

/** recomputeOrganization end to end, and each of its transactions (one per batch of 200 tickets). */
async function recompute(
  { db, jobs, client }: { db: Database; jobs: AutomationJobs; client: pg.Client },
  organization: SlaOrganization,
  label: string,
): Promise<RecomputeFigures> {
  const batches: number[] = [];
  const loadBefore = load();
  const started = performance.now();
  const tickets = await recomputeOrganization(
    timedTransactions(db, batches),
    jobs,
    organization.organizationId,
  );
  const seconds = (performance.now() - started) / 1000;
  const timers = await timerFigures(client, organization.organizationId);
  log(
    `  recompute ${label}: ${tickets} tickets in ${seconds.toFixed(1)} s, ${(tickets / seconds).toFixed(0)}/s ` +
      `(load before ${loadBefore}, after ${load()}); ${JSON.stringify(timers)}`,
  );
  return { label, tickets, seconds, batches, timers, load: `${loadBefore} / ${load()}` };
}

/** Tomorrow becomes a holiday, as an admin would close a day: every running timer moves. */
async function closeTomorrow(client: pg.Client, organization: SlaOrganization, now: Date): Promise<void> {
  const spec = officeCalendar(now);
  const tomorrow = new Date(now.getTime() + 86_400_000).toISOString().slice(0, 10);
  spec.holidays.push({ date: tomorrow, name: 'Closed tomorrow' });
  await client.query('update sla_calendars set spec = $3 where organization_id = $1 and id = $2', [
    organization.organizationId,
    organization.calendarId,
    spec,
  ]);
}

await main();
