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

export async function requestAutomationRuns(
  tx: Queryable,
  jobs: AutomationJobs,
  input: { organizationId: string; ticketIds: readonly string[] },
): Promise<void> {
  for (const ticketId of input.ticketIds) {
    await jobs.send<RunAutomationsJob>(
      tx,
      RUN_AUTOMATIONS.name,
      { organizationId: input.organizationId, ticketId },
      { singletonKey: ticketId },
    );
  }
}
