import type { Queryable } from '../../db/client.ts';
import type { JobQueue, QueueDefinition } from '../../jobs/job-queue.ts';

/**
 * Runs the rules on a ticket's new events. One job per ticket waits at a time (a burst of changes
 * makes one), and a change made while it runs queues the next: the job reads every event after the
 * ticket's cursor, so nothing is missed and nothing is run twice.
 */
export const RUN_AUTOMATIONS: QueueDefinition = {
  name: 'automations.run',
  retryLimit: 5,
  retryDelaySeconds: 5,
  expireInSeconds: 300,
  policy: 'short',
  workers: 4,
};

export type RunAutomationsJob = { organizationId: string; ticketId: string };

/** Where ticket changes queue their automation runs, in their own transaction. */
export type AutomationJobs = Pick<JobQueue, 'send'>;

/**
 * Queues the job for each ticket, in the change's transaction. An organization without an enabled
 * rule has nothing to run: the tickets' cursors move past their events at once instead, so no job is
 * spent on them and a rule saved later still acts only on what happens after it.
 */
export async function requestAutomationRuns(
  tx: Queryable,
  jobs: AutomationJobs,
  input: { organizationId: string; ticketIds: readonly string[] },
): Promise<void> {
  if (input.ticketIds.length === 0) return;
  if (!(await hasEnabledRules(tx, input.organizationId))) return skipToLatestEvents(tx, input);
  for (const ticketId of input.ticketIds) {
    await jobs.send<RunAutomationsJob>(
      tx,
      RUN_AUTOMATIONS.name,
      { organizationId: input.organizationId, ticketId },
      { singletonKey: ticketId },
    );
  }
}

async function hasEnabledRules(tx: Queryable, organizationId: string): Promise<boolean> {
  const [row] = await tx.query<{ any: boolean }>(
    'select exists (select 1 from automation_rules where organization_id = $1 and enabled) as any',
    [organizationId],
  );
  return row?.any ?? false;
}

/** Moves each ticket's cursor to its newest event (never back: a job still running may be ahead). */
async function skipToLatestEvents(
  tx: Queryable,
  input: { organizationId: string; ticketIds: readonly string[] },
): Promise<void> {
  await tx.query(
    `insert into automation_cursors (organization_id, ticket_id, last_event_id)
     select $1, latest.ticket_id, latest.event_id
       from (select t.id as ticket_id, greatest(
               (select a.id from audit_events a
                 where a.organization_id = $1 and a.entity_type = 'ticket' and a.entity_id = t.id
                 order by a.id desc limit 1),
               (select e.id from sla_events e
                 where e.organization_id = $1 and e.ticket_id = t.id
                 order by e.id desc limit 1)) as event_id
               from unnest($2::uuid[]) as t (id)) latest
      where latest.event_id is not null
     on conflict (organization_id, ticket_id) do update
       set last_event_id = greatest(automation_cursors.last_event_id, excluded.last_event_id), updated_at = now()`,
    [input.organizationId, input.ticketIds],
  );
}
