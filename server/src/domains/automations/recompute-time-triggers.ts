import type { Database, Queryable } from '../../db/client.ts';
import { withTenant } from '../../db/tenant.ts';
import type { QueueDefinition } from '../../jobs/job-queue.ts';
import type { AutomationJobs } from './automation-queue.ts';
import { refreshTimeTriggers } from './refresh-time-triggers.ts';

/**
 * Works every open ticket's time-trigger instants out again after a time rule was created, changed,
 * enabled or disabled. One job per organization waits at a time: rule changes made while it waits
 * are all seen when it runs.
 */
export const RECOMPUTE_TIME_TRIGGERS: QueueDefinition = {
  name: 'automations.time_triggers',
  retryLimit: 5,
  retryDelaySeconds: 10,
  expireInSeconds: 3600,
  policy: 'short',
};

export type RecomputeTimeTriggersJob = { organizationId: string };

export function requestTimeTriggerRecompute(
  tx: Queryable,
  jobs: AutomationJobs,
  organizationId: string,
): Promise<void> {
  return jobs.send<RecomputeTimeTriggersJob>(
    tx,
    RECOMPUTE_TIME_TRIGGERS.name,
    { organizationId },
    { singletonKey: organizationId },
  );
}

// Tickets per transaction: long enough to amortise the set-up, short enough not to hold agents up.
const BATCH = 200;

/**
 * Drops the instants of rules that no longer have an enabled time trigger, then plans every ticket
 * that is neither solved nor closed, in batches by id; answers how many tickets it planned.
 */
export async function recomputeTimeTriggers(db: Database, organizationId: string): Promise<number> {
  await withTenant(db, organizationId, (tx) =>
    tx.query(
      `delete from automation_time_triggers s
        where s.organization_id = $1
          and not exists (select 1 from automation_rules r
                           where r.organization_id = s.organization_id and r.id = s.rule_id and r.enabled
                             and r.trigger ->> 'type' like 'time.%')`,
      [organizationId],
    ),
  );
  let after = '00000000-0000-0000-0000-000000000000';
  let total = 0;
  for (;;) {
    const ticketIds = await withTenant(db, organizationId, async (tx) => {
      const rows = await tx.query<{ id: string }>(
        `select id from tickets where organization_id = $1 and id > $2
            and status_category not in ('solved', 'closed')
          order by id limit ${BATCH}`,
        [organizationId, after],
      );
      const ids = rows.map((row) => row.id);
      await refreshTimeTriggers(tx, { organizationId, ticketIds: ids });
      return ids;
    });
    total += ticketIds.length;
    const last = ticketIds.at(-1);
    if (!last || ticketIds.length < BATCH) return total;
    after = last;
  }
}
