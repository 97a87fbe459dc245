import os from 'node:os';
import type pg from 'pg';
import type { Database } from '../src/db/client.ts';
import {
  DUE_TIMERS_SQL,
  NEXT_CHECK_SQL,
  nextCheck,
  type SlaScheduler,
} from '../src/domains/sla/sla-scheduler.ts';

/** The same database, each transaction's duration appended to `durations` (the recompute's batches). */
export function timedTransactions(db: Database, durations: number[]): Database {
  return {
    ...db,
    transaction: async (work) => {
      const started = performance.now();
      try {
        return await db.transaction(work);
      } finally {
        durations.push(performance.now() - started);
      }
    },
  };
}

export type HistoryFigures = {
  tickets: number;
  closed: number;
  withoutCreation: number;
  comments: number;
  publicAgentReplies: number;
  statusChanges: number;
  toPausingStatus: number;
  pausedNow: number;
  vip: number;
};

/** What the generated histories hold, and that each ticket is open and has its creation event. */
export async function historyFigures(client: pg.Client, organizationId: string): Promise<HistoryFigures> {
  const { rows } = await client.query<Record<keyof HistoryFigures, string>>(
    `select (select count(*) from tickets where organization_id = $1) as tickets,
            (select count(*) from tickets where organization_id = $1 and status_category = 'closed') as closed,
            (select count(*) from tickets t where organization_id = $1 and not exists (
               select 1 from audit_events a where a.organization_id = $1 and a.entity_type = 'ticket'
                  and a.entity_id = t.id and a.action = 'ticket.created')) as "withoutCreation",
            (select count(*) from ticket_comments where organization_id = $1) as comments,
            (select count(*) from ticket_comments where organization_id = $1 and author_type = 'agent'
                and visibility = 'public') as "publicAgentReplies",
            (select count(*) from audit_events where organization_id = $1
                and action = 'ticket.status_changed') as "statusChanges",
            (select count(*) from audit_events a join ticket_statuses s
                on s.organization_id = a.organization_id and s.id = (a.changes ->> 'to')::uuid
              where a.organization_id = $1 and a.action = 'ticket.status_changed' and s.pauses_sla) as "toPausingStatus",
            (select count(*) from tickets t join ticket_statuses s
                on s.organization_id = t.organization_id and s.id = t.status_id
              where t.organization_id = $1 and s.pauses_sla) as "pausedNow",
            (select count(*) from tickets where organization_id = $1 and 'vip' = any(tags)) as vip`,
    [organizationId],
  );
  return numbers(rows[0]) as HistoryFigures;
}

/** The organization's timers by state and stage, and the events written so far. */
export async function timerFigures(
  client: pg.Client,
  organizationId: string,
): Promise<Record<string, number>> {
  const { rows } = await client.query<{ key: string; count: string }>(
    `select state || '/' || stage as key, count(*) from sla_timers where organization_id = $1 group by 1
     union all
     select 'events', count(*) from sla_events where organization_id = $1
     order by 1`,
    [organizationId],
  );
  return Object.fromEntries(rows.map((row) => [row.key, Number(row.count)]));
}

const numbers = (row: Record<string, string> | undefined) =>
  Object.fromEntries(Object.entries(row ?? {}).map(([key, value]) => [key, Number(value)]));

export type SchedulerFigures = {
  openTickets: number;
  timers: number;
  checkedTimers: number;
  runDueMs: number[];
  nextCheckMs: number[];
  /** EXPLAIN ANALYZE of both questions: the plan's lines. */
  duePlan: string[];
  nextCheckPlan: string[];
  load: string;
};

async function timeCalls(calls: number, work: () => Promise<unknown>): Promise<number[]> {
  for (let warm = 0; warm < Math.min(50, calls); warm++) await work();
  const durations: number[] = [];
  for (let call = 0; call < calls; call++) {
    const started = performance.now();
    await work();
    durations.push(performance.now() - started);
  }
  return durations;
}

async function explain(db: Database, sql: string, params: unknown[]): Promise<string[]> {
  const rows = await db.query<{ 'QUERY PLAN': string }>(`explain (analyze, buffers) ${sql}`, params);
  return rows.map((row) => row['QUERY PLAN']);
}

/** runDue() with nothing due and the next-check query, `calls` times each, and both plans. */
export async function measureScheduler(
  db: Database,
  scheduler: SlaScheduler,
  calls: number,
  log: (line: string) => void,
): Promise<SchedulerFigures> {
  const [sizes] = await db.query<{ open: string; timers: string; checked: string }>(
    `select (select count(*) from tickets where status_category <> 'closed') as open,
            (select count(*) from sla_timers) as timers,
            (select count(*) from sla_timers where next_check_at is not null) as checked`,
  );
  const runDueMs = await timeCalls(calls, async () => {
    const checked = await scheduler.runDue();
    if (checked !== 0) throw new Error(`Nothing should be due, yet ${checked} tickets were checked`);
  });
  const nextCheckMs = await timeCalls(calls, () => nextCheck(db));
  const figures: SchedulerFigures = {
    openTickets: Number(sizes?.open),
    timers: Number(sizes?.timers),
    checkedTimers: Number(sizes?.checked),
    runDueMs,
    nextCheckMs,
    duePlan: await explain(db, DUE_TIMERS_SQL, [db.clock()]),
    nextCheckPlan: await explain(db, NEXT_CHECK_SQL, []),
    load: os
      .loadavg()
      .map((value) => value.toFixed(2))
      .join(' '),
  };
  for (const plan of [figures.duePlan, figures.nextCheckPlan]) {
    if (!plan.some((line) => line.includes('sla_timers_next_check_idx')))
      throw new Error(`The scheduler's query does not use the partial index:\n${plan.join('\n')}`);
  }
  log(
    `  ${figures.openTickets} open tickets, ${figures.timers} timers: runDue p50 ${percentile(runDueMs, 0.5).toFixed(3)} ms, ` +
      `nextCheck p50 ${percentile(nextCheckMs, 0.5).toFixed(3)} ms (load ${figures.load})`,
  );
  return figures;
}

export type DueRound = { checked: number; ms: number; events: number };

/**
 * Moves the clock to the instant `due` timers have reached their next stage (the earliest ones),
 * and times runDue() deriving those tickets again and writing their stages.
 */
export async function dueRound(
  db: Database,
  scheduler: SlaScheduler,
  due: number,
  setClock: (at: Date) => void,
): Promise<DueRound | null> {
  const [next] = await db.query<{ at: Date }>(
    `select next_check_at as at from sla_timers where next_check_at is not null
      order by next_check_at offset $1 limit 1`,
    [due - 1],
  );
  if (!next) return null;
  setClock(next.at);
  const eventsBefore = await countEvents(db);
  const started = performance.now();
  const checked = await scheduler.runDue();
  const ms = performance.now() - started;
  return { checked, ms, events: (await countEvents(db)) - eventsBefore };
}

async function countEvents(db: Database): Promise<number> {
  const [row] = await db.query<{ count: string }>('select count(*) from sla_events');
  return Number(row?.count);
}

export const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;
};
