// `npm run bench:automations` (part of `npm run bench`): what evaluating an organization's automation
// rules costs per ticket event, with 200 active rules, in-process against a throwaway PostgreSQL
// database. See docs/benchmarks.md ("Automations").
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type App, buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { openDatabase } from '../src/db/client.ts';
import { webhookQueueOf } from '../src/domains/automations/automation-jobs.ts';
import { runAutomations } from '../src/domains/automations/run-automations.ts';
import { outboundQueueOf } from '../src/domains/email/email-jobs.ts';
import { dropDatabase, migrateDatabase, recreateDatabase } from './databases.ts';

const env = process.env;
const quick = process.argv.includes('--quick');
const SERVER = env.BENCH_POSTGRES ?? 'postgres://postgres@127.0.0.1:5432';
const RULES = Number(env.BENCH_AUTOMATION_RULES ?? 200);
const EVENTS = Number(env.BENCH_AUTOMATION_EVENTS ?? (quick ? 100 : 1000));
const TICKETS = 100;

const log = (line: string) => process.stdout.write(`${line}\n`);
const load = () =>
  os
    .loadavg()
    .map((value) => value.toFixed(2))
    .join(' ');

type Credentials = { authorization: string };

async function api(app: App, as: Credentials | null, method: string, url: string, body?: unknown) {
  const response = await app.inject({
    method: method as 'GET',
    url,
    headers: as ?? {},
    ...(body === undefined ? {} : { payload: body as object }),
  });
  if (response.statusCode >= 300)
    throw new Error(`${method} ${url}: ${response.statusCode} ${response.body}`);
  return response.json();
}

/** An organization signed up through the API, with an API token, its priorities and ten teams. */
async function organization(app: App) {
  const signedUp = await app.inject({
    method: 'POST',
    url: '/api/v1/signup',
    payload: {
      organizationName: 'Automation bench',
      slug: `automation-bench-${Date.now()}`,
      name: 'Bench Owner',
      email: `owner-${Date.now()}@bench.example`,
      password: 'correct horse battery staple',
    },
  });
  const session = {
    cookie: `ac_session=${signedUp.cookies.find((c) => c.name === 'ac_session')?.value}`,
    'x-csrf-token': signedUp.json().csrfToken,
  };
  const token = await app.inject({
    method: 'POST',
    url: '/api/v1/api-tokens',
    headers: session,
    payload: { name: 'bench' },
  });
  const as = { authorization: `Bearer ${token.json().token}` };
  const priorities = (await api(app, as, 'GET', '/api/v1/ticket-priorities')).items as {
    id: string;
    name: string;
  }[];
  const teams: string[] = [];
  for (let index = 0; index < 10; index++)
    teams.push((await api(app, as, 'POST', '/api/v1/teams', { name: `Team ${index}` })).id);
  return { organizationId: signedUp.json().organization.id as string, as, priorities, teams };
}

type Org = Awaited<ReturnType<typeof organization>>;

/**
 * A realistic mix: most rules watch updates or comments for a field value or keywords that rarely
 * hold, a few match often and tag the ticket (so runs apply changes, and those changes are events).
 */
function ruleBody(index: number, org: Org) {
  const priority = org.priorities[index % org.priorities.length]?.id as string;
  const team = org.teams[index % org.teams.length] as string;
  const kinds = [
    {
      trigger: { type: 'ticket.updated', field: 'priorityId' },
      conditions: {
        all: [
          { type: 'changed', to: [priority] },
          { type: 'team', in: [team] },
        ],
      },
      actions: [{ type: 'add_tags', tags: [`p${index}`] }],
    },
    {
      trigger: { type: 'comment.added', visibility: 'public' },
      conditions: { any: [{ type: 'text_words', in: 'body', words: [`keyword${index}`, 'refund'] }] },
      actions: [{ type: 'set_team', teamId: team }],
    },
    {
      trigger: { type: 'ticket.updated' },
      conditions: { all: [{ type: 'tags', has: 'any', tags: [`watch${index}`] }] },
      actions: [{ type: 'add_tags', tags: [`seen${index}`] }],
    },
    {
      trigger: { type: 'ticket.updated', field: 'tags' },
      conditions: { all: [{ type: 'text_regex', in: 'subject', pattern: `order #${index}\\d+` }] },
      actions: [{ type: 'set_priority', priorityId: priority }],
    },
  ];
  return { name: `Rule ${index}`, ...kinds[index % kinds.length] };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

async function main(): Promise<void> {
  const databaseUrl = `${SERVER}/actionconnect_bench_automations`;
  log(`Automation rules: ${RULES} active rules, ${EVENTS} ticket events, on ${SERVER}`);
  await recreateDatabase(`${SERVER}/postgres`, databaseUrl);
  await migrateDatabase(databaseUrl);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'actionconnect-bench-automations-'));
  const config = loadConfig({
    DATABASE_URL: databaseUrl,
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    SECRET_KEY: 'bench-secret-key-that-is-long-enough-0123456789',
    // The bench runs the engine itself, one event at a time, so nothing else runs beside it.
    JOB_WORKERS: 'false',
  });
  const db = await openDatabase({ databaseUrl, dataDir: null });
  const app = await buildApp({ config, db });
  await app.ready();
  try {
    const org = await organization(app);
    for (let index = 0; index < RULES; index++)
      await api(app, org.as, 'POST', '/api/v1/automations', ruleBody(index, org));
    const tickets: string[] = [];
    for (let index = 0; index < TICKETS; index++) {
      const ticket = await api(app, org.as, 'POST', '/api/v1/tickets', {
        subject: `Order #${index}42 is late`,
        teamId: org.teams[index % org.teams.length],
        tags: [`watch${index % RULES}`],
        requester: { email: `customer${index}@bench.example` },
      });
      tickets.push(ticket.id);
    }
    const deps = { db, outbound: outboundQueueOf(app), webhooks: webhookQueueOf(app), logger: app.log };
    // The creations' own events first, so each measured run holds one fresh event.
    for (const ticketId of tickets)
      await runAutomations(deps, { organizationId: org.organizationId, ticketId });
    const runsBefore = await runCount(app, org.organizationId);
    const durations: number[] = [];
    const loadBefore = load();
    const started = performance.now();
    for (let event = 0; event < EVENTS; event++) {
      const ticketId = tickets[event % tickets.length] as string;
      await makeEvent(app, org, ticketId, event);
      const began = performance.now();
      await runAutomations(deps, { organizationId: org.organizationId, ticketId });
      durations.push(performance.now() - began);
    }
    const seconds = (performance.now() - started) / 1000;
    const runs = (await runCount(app, org.organizationId)) - runsBefore;
    durations.sort((a, b) => a - b);
    const mean = durations.reduce((sum, value) => sum + value, 0) / durations.length;
    log(
      `  per event (engine only, ${RULES} rules): p50 ${percentile(durations, 50).toFixed(1)} ms, ` +
        `p99 ${percentile(durations, 99).toFixed(1)} ms, mean ${mean.toFixed(1)} ms; ` +
        `${(durations.length / (durations.reduce((s, v) => s + v, 0) / 1000)).toFixed(0)} events/s through the engine`,
    );
    log(
      `  ${runs} rule runs recorded (${(runs / EVENTS).toFixed(1)} per event); whole loop incl. the API change ` +
        `${(EVENTS / seconds).toFixed(0)} events/s; load before ${loadBefore}, after ${load()}`,
    );
  } finally {
    await app.close();
    await db.close();
    rmSync(dataDir, { recursive: true, force: true });
    if (!env.BENCH_KEEP) await dropDatabase(`${SERVER}/postgres`, databaseUrl);
  }
}

/** One event on the ticket: alternately a priority change, a tag change and a customer-like public comment. */
async function makeEvent(app: App, org: Org, ticketId: string, event: number): Promise<void> {
  const ticket = await api(app, org.as, 'GET', `/api/v1/tickets/${ticketId}`);
  if (event % 3 === 2) {
    await api(app, org.as, 'POST', `/api/v1/tickets/${ticketId}/comments`, {
      body: `About keyword${event % RULES}: any news?`,
      visibility: 'public',
    });
    return;
  }
  const changes =
    event % 3 === 0
      ? { priorityId: org.priorities[(event / 3) % org.priorities.length]?.id }
      : { tags: [...ticket.tags.filter((tag: string) => !tag.startsWith('x')), `x${event}`] };
  await api(app, org.as, 'PATCH', `/api/v1/tickets/${ticketId}`, { version: ticket.version, ...changes });
}

async function runCount(app: App, organizationId: string): Promise<number> {
  const [row] = await app.db.query<{ count: number }>(
    'select count(*)::int as count from automation_runs where organization_id = $1',
    [organizationId],
  );
  return row?.count ?? 0;
}

await main();
