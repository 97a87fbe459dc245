import type { FastifyBaseLogger } from 'fastify';
import type { Database } from '../../db/client.ts';
import { withTenant } from '../../db/tenant.ts';
import { type AutomationJobs, requestAutomationRuns } from '../automations/automation-queue.ts';
import { refreshSla } from './refresh-sla.ts';

/** Timers checked per round; a backlog (after downtime) is worked through round after round. */
const BATCH = 200;
// A ticket that fails its check stays due; this bounds one run's retries of it.
const MAX_ROUNDS = 50;

// The scheduler's two questions. Both are answered from the partial index on next_check_at, so their
// cost does not grow with the open tickets (the SLA benchmark EXPLAINs these very texts).
export const DUE_TIMERS_SQL = `select organization_id, ticket_id from sla_timers
  where next_check_at <= $1 order by next_check_at limit ${BATCH}`;
export const NEXT_CHECK_SQL = 'select min(next_check_at) as next from sla_timers';

export type SlaScheduler = {
  /** Announces every timer that reached a stage by the clock's now; answers how many tickets it checked. */
  runDue(): Promise<number>;
  stop(): Promise<void>;
};

/**
 * Wakes when the earliest timer reaches its next stage (at risk, then breached), by the database
 * clock's now, and re-derives those tickets' timers, which writes the stage and its event once. Due
 * work is found through the index on next_check_at, so a check costs what is due, not what is open.
 * Timers another process sets are seen at the next look, at most `pollSeconds` later. Every process
 * may run one: the ticket lock and the stored stage keep each announcement to one. A ticket whose
 * timer it announces gets its automation run queued, for rules triggered by SLA stages.
 */
export function startSlaScheduler(
  db: Database,
  options: { logger: FastifyBaseLogger; pollSeconds: number; jobs: AutomationJobs },
): SlaScheduler {
  let timeout: NodeJS.Timeout | undefined;
  let stopped = false;
  let round: Promise<void> = Promise.resolve();

  const runDue = async (): Promise<number> => {
    let checked = 0;
    for (let rounds = 0; rounds < MAX_ROUNDS; rounds++) {
      const { byOrganization, rows } = await dueTickets(db, db.clock());
      for (const [organizationId, ticketIds] of byOrganization) {
        await checkTickets(db, options.jobs, organizationId, ticketIds).catch((error) =>
          options.logger.error({ err: error, organizationId, ticketIds }, 'SLA check failed'),
        );
        checked += ticketIds.length;
      }
      if (rows < BATCH) break;
    }
    return checked;
  };

  const loop = async () => {
    try {
      await runDue();
      const next = await nextCheck(db);
      const wait = next ? Math.max(0, next.getTime() - db.clock().getTime()) : Number.POSITIVE_INFINITY;
      schedule(Math.min(wait, options.pollSeconds * 1000));
    } catch (error) {
      options.logger.error({ err: error }, 'SLA check failed; trying again');
      schedule(options.pollSeconds * 1000);
    }
  };
  const schedule = (ms: number) => {
    if (stopped) return;
    timeout = setTimeout(() => {
      round = loop();
    }, ms);
  };
  schedule(0);

  return {
    runDue,
    stop: async () => {
      stopped = true;
      clearTimeout(timeout);
      await round;
    },
  };
}

const checkTickets = (db: Database, jobs: AutomationJobs, organizationId: string, ticketIds: string[]) =>
  withTenant(db, organizationId, async (tx) => {
    const announced = await refreshSla(tx, jobs, { organizationId, ticketIds });
    await requestAutomationRuns(tx, jobs, { organizationId, ticketIds: announced });
  });

/** The tickets with a timer due by `now`, by organization (read across organizations: the scheduler's one wide look). */
async function dueTickets(
  db: Database,
  now: Date,
): Promise<{ byOrganization: Map<string, string[]>; rows: number }> {
  const rows = await db.query<{ organization_id: string; ticket_id: string }>(DUE_TIMERS_SQL, [now]);
  const byOrganization = new Map<string, string[]>();
  for (const { organization_id, ticket_id } of rows) {
    const ids = byOrganization.get(organization_id) ?? [];
    if (!ids.includes(ticket_id)) ids.push(ticket_id);
    byOrganization.set(organization_id, ids);
  }
  return { byOrganization, rows: rows.length };
}

/** When the earliest timer changes stage next; null when none will. */
export async function nextCheck(db: Database): Promise<Date | null> {
  const [row] = await db.query<{ next: Date | null }>(NEXT_CHECK_SQL);
  return row?.next ?? null;
}
