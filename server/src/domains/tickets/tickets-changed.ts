import type { Queryable } from '../../db/client.ts';
import { type AutomationJobs, requestAutomationRuns } from '../automations/automation-queue.ts';
import { refreshTimeTriggers } from '../automations/refresh-time-triggers.ts';
import { announceRealtimeEvents } from '../realtime/announce-events.ts';
import { refreshSla } from '../sla/refresh-sla.ts';

/**
 * The one hook every change to tickets calls in its own transaction: their SLA timers are derived
 * again, so are the instants automation rules' time triggers fire at, the automation job is queued
 * for each, to run the rules on the events the change wrote once it commits, and the realtime relay
 * is told of them after the commit.
 */
export async function ticketsChanged(
  tx: Queryable,
  jobs: AutomationJobs,
  input: { organizationId: string; ticketIds: readonly string[] },
): Promise<void> {
  if (input.ticketIds.length === 0) return;
  await refreshSla(tx, jobs, input);
  await refreshTimeTriggers(tx, input);
  await requestAutomationRuns(tx, jobs, input);
  announceRealtimeEvents(tx, input.organizationId);
}
