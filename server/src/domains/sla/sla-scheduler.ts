import type { FastifyBaseLogger } from 'fastify';
import type { Database } from '../../db/client.ts';
import { withTenant } from '../../db/tenant.ts';
import { DUE_BATCH, type DueScheduler, nextDue, startDueScheduler } from '../../jobs/due-scheduler.ts';
import { type AutomationJobs, requestAutomationRuns } from '../automations/automation-queue.ts';
import { refreshSla } from './refresh-sla.ts';

// The scheduler's two questions. Both are answered from the partial index on next_check_at, so their
// cost does not grow with the open tickets (the SLA benchmark EXPLAINs these very texts).
export const DUE_TIMERS_SQL = `select organization_id, ticket_id from sla_timers
  where next_check_at <= $1 order by next_check_at limit ${DUE_BATCH}`;
export const NEXT_CHECK_SQL = 'select min(next_check_at) as next from sla_timers';

export type SlaScheduler = DueScheduler;

/**
 * Wakes when the earliest timer reaches its next stage (at risk, then breached), by the database
 * clock's now, and re-derives those tickets' timers, which writes the stage and its event once (the
 * shared due scheduler: jobs/due-scheduler.ts). The ticket lock and the stored stage keep each
 * announcement to one across processes. A ticket whose timer it announces gets its automation run
 * queued, for rules triggered by SLA stages.
 */
export function startSlaScheduler(
  db: Database,
  options: { logger: FastifyBaseLogger; pollSeconds: number; jobs: AutomationJobs },
): SlaScheduler {
  return startDueScheduler(
    db,
    {
      label: 'SLA check',
      dueSql: DUE_TIMERS_SQL,
      nextSql: NEXT_CHECK_SQL,
      check: (organizationId, ticketIds) => checkTickets(db, options.jobs, organizationId, ticketIds),
    },
    options,
  );
}

const checkTickets = (db: Database, jobs: AutomationJobs, organizationId: string, ticketIds: string[]) =>
  withTenant(db, organizationId, async (tx) => {
    const announced = await refreshSla(tx, jobs, { organizationId, ticketIds });
    await requestAutomationRuns(tx, jobs, { organizationId, ticketIds: announced });
  });

/** When the earliest timer changes stage next; null when none will. */
export const nextCheck = (db: Database): Promise<Date | null> => nextDue(db, NEXT_CHECK_SQL);
