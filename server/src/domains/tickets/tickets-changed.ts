import type { Queryable } from '../../db/client.ts';
import { type AutomationJobs, requestAutomationRuns } from '../automations/automation-queue.ts';
import { refreshTimeTriggers } from '../automations/refresh-time-triggers.ts';
import { announceRealtimeEvents } from '../realtime/announce-events.ts';
import { refreshSla } from '../sla/refresh-sla.ts';

// The job queues of transactions that record many changes at once (an email batch): their changed
// tickets are collected here and the hook runs once for all of them before the commit.
const collected = new WeakMap<AutomationJobs, Map<string, Set<string>>>();

/**
 * The one hook every change to tickets calls in its own transaction: their SLA timers are derived
 * again, so are the instants automation rules' time triggers fire at, the automation job is
 * queued for each, to run the rules on the events the change wrote once it commits, and the realtime
 * relay is told of them after the commit. Under `collectTicketChanges` it only notes the tickets.
 */
export async function ticketsChanged(
  tx: Queryable,
  jobs: AutomationJobs,
  input: { organizationId: string; ticketIds: readonly string[] },
): Promise<void> {
  if (input.ticketIds.length === 0) return;
  const pending = collected.get(jobs);
  if (pending) {
    const ticketIds = pending.get(input.organizationId) ?? new Set();
    for (const ticketId of input.ticketIds) ticketIds.add(ticketId);
    pending.set(input.organizationId, ticketIds);
    return;
  }
  await refreshSla(tx, jobs, input);
  await refreshTimeTriggers(tx, input);
  await requestAutomationRuns(tx, jobs, input);
  announceRealtimeEvents(tx, input.organizationId);
}

/**
 * For a transaction that changes many tickets through `jobs` (each change calling `ticketsChanged`):
 * the changes are only noted, and `flush`, called just before the commit, runs the hook once for all
 * the tickets changed (a few statements for the batch instead of a few for each change). Nothing the
 * transaction does after a change may depend on the hook having run for it.
 */
export function collectTicketChanges(jobs: AutomationJobs): { flush(tx: Queryable): Promise<void> } {
  const pending = new Map<string, Set<string>>();
  collected.set(jobs, pending);
  return {
    flush: async (tx) => {
      collected.delete(jobs);
      for (const [organizationId, ticketIds] of pending)
        await ticketsChanged(tx, jobs, { organizationId, ticketIds: [...ticketIds] });
    },
  };
}
