import { DUE_BATCH, type DueScheduler, startDueScheduler } from '../../jobs/due-scheduler.ts';
import { fireTimeTriggers } from './fire-time-triggers.ts';
import type { AutomationDeps } from './run-automations.ts';

// Both answered from the index on due_at: a look costs what is due, not what is open.
export const DUE_TIME_TRIGGERS_SQL = `select organization_id, ticket_id from automation_time_triggers
  where due_at <= $1 order by due_at limit ${DUE_BATCH}`;
export const NEXT_TIME_TRIGGER_SQL = 'select min(due_at) as next from automation_time_triggers';

/**
 * Sleeps until the earliest time-trigger instant (the shared due scheduler, as the SLA timers'),
 * then fires the rules whose time came. Missed instants (the server was down) are due at the first
 * look after a restart. Every process may run one: the ticket lock and the run's unique event id
 * keep each firing to one.
 */
export function startTimeTriggerScheduler(
  deps: AutomationDeps,
  options: { pollSeconds: number },
): DueScheduler {
  return startDueScheduler(
    deps.db,
    {
      label: 'Time trigger check',
      dueSql: DUE_TIME_TRIGGERS_SQL,
      nextSql: NEXT_TIME_TRIGGER_SQL,
      check: (organizationId, ticketIds) => fireTimeTriggers(deps, organizationId, ticketIds),
    },
    { logger: deps.logger, pollSeconds: options.pollSeconds },
  );
}
