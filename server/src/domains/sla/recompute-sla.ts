import type { Database, Queryable } from '../../db/client.ts';
import { withTenant } from '../../db/tenant.ts';
import type { JobQueue, QueueDefinition } from '../../jobs/job-queue.ts';
import { type AutomationJobs, requestAutomationRuns } from '../automations/automation-queue.ts';
import { refreshTimeTriggers } from '../automations/refresh-time-triggers.ts';
import { refreshSla } from './refresh-sla.ts';

/**
 * Re-derives every ticket's timers in an organization after its SLA set-up changed (a policy, a
 * calendar, which statuses pause). One job per organization waits at a time: changes made while it
 * waits are all seen when it runs.
 */
export const RECOMPUTE_SLA: QueueDefinition = {
  name: 'sla.recompute',
  retryLimit: 5,
  retryDelaySeconds: 10,
  expireInSeconds: 3600,
  // One waiting job per organization (its singleton key): a burst of set-up changes recomputes once.
  policy: 'short',
};

export type RecomputeJob = { organizationId: string };

/** Where SLA set-up changes queue their recomputation, in their own transaction. */
export type SlaJobs = Pick<JobQueue, 'send'>;

export function requestSlaRecompute(tx: Queryable, jobs: SlaJobs, organizationId: string): Promise<void> {
  return jobs.send<RecomputeJob>(
    tx,
    RECOMPUTE_SLA.name,
    { organizationId },
    { singletonKey: organizationId },
  );
}

// Tickets per transaction: long enough to amortise the set-up, short enough not to hold agents up.
const BATCH = 200;

/**
 * Every ticket that is not closed, in batches by id; answers how many were recomputed. Tickets the new
 * set-up puts at risk or in breach get their automation run queued, and their automation time
 * triggers are planned again on the calendar now theirs.
 */
export async function recomputeOrganization(
  db: Database,
  jobs: AutomationJobs,
  organizationId: string,
): Promise<number> {
  let after = '00000000-0000-0000-0000-000000000000';
  let total = 0;
  for (;;) {
    const ticketIds = await withTenant(db, organizationId, async (tx) => {
      const rows = await tx.query<{ id: string }>(
        `select id from tickets where organization_id = $1 and id > $2 and status_category <> 'closed'
          order by id limit ${BATCH}`,
        [organizationId, after],
      );
      const ids = rows.map((row) => row.id);
      const announced = await refreshSla(tx, jobs, { organizationId, ticketIds: ids });
      await requestAutomationRuns(tx, jobs, { organizationId, ticketIds: announced });
      // Time triggers count on the policy's calendar, which the new set-up may have changed.
      await refreshTimeTriggers(tx, { organizationId, ticketIds: ids });
      return ids;
    });
    total += ticketIds.length;
    const last = ticketIds.at(-1);
    if (!last || ticketIds.length < BATCH) return total;
    after = last;
  }
}
