import type { Queryable } from '../../db/client.ts';
import { withTenant } from '../../db/tenant.ts';
import { listTimeRules } from './automation-rows.ts';
import { needsBusinessHours } from './evaluate-conditions.ts';
import { loadEventContext } from './event-context.ts';
import { planTimeTriggers, writeTimeTriggers } from './refresh-time-triggers.ts';
import { type AutomationDeps, runRules } from './run-automations.ts';
import type { TimePlan } from './time-trigger-plans.ts';
import type { TriggerEvent } from './trigger-events.ts';

/**
 * The scheduler's check of tickets whose time-trigger instants came: each in a transaction of its
 * own, under its row lock.
 */
export async function fireTimeTriggers(
  deps: AutomationDeps,
  organizationId: string,
  ticketIds: readonly string[],
): Promise<void> {
  for (const ticketId of ticketIds) {
    await withTenant(deps.db, organizationId, (tx) => fireTicket(tx, deps, organizationId, ticketId));
  }
}

/**
 * Works the ticket's instants out again from what it is now (a stored instant is only when to look),
 * then fires the rules whose time has come, in position order, one after another: each through the
 * engine's path (conditions on the ticket as the rules before left it, actions all or nothing, a run
 * row under the anchor's event id, history events naming the rule, at depth 1). Its instants are
 * worked out again after each, since a rule's changes can stop or restart another's clock. The rows
 * left are the instants still to come.
 */
async function fireTicket(
  tx: Queryable,
  deps: AutomationDeps,
  organizationId: string,
  ticketId: string,
): Promise<void> {
  const rules = await listTimeRules(tx, organizationId);
  const input = { organizationId, ticketIds: [ticketId], rules };
  let { now, plans } = await planTimeTriggers(tx, input);
  // Each firing records a run, which drops its plan: one round per rule at most.
  for (let round = 0; round < rules.length; round++) {
    const due = firstDue(plans, rules, now);
    const rule = due && rules.find((candidate) => candidate.id === due.ruleId);
    if (!due || !rule) break;
    const event: TriggerEvent = { id: due.eventId, type: rule.trigger.type, depth: 0 };
    const context = await loadEventContext(tx, {
      organizationId,
      ticketId,
      event,
      businessHours: needsBusinessHours(rule.conditions),
    });
    await runRules(tx, deps, { organizationId, ticketId, rules: [rule], event, context });
    ({ now, plans } = await planTimeTriggers(tx, input));
  }
  await writeTimeTriggers(tx, { organizationId, ticketIds: [ticketId], plans });
}

/** The due plan of the rule that runs first. */
function firstDue(plans: TimePlan[], rules: { id: string }[], now: Date): TimePlan | undefined {
  const order = new Map(rules.map((rule, index) => [rule.id, index]));
  return plans
    .filter((plan) => plan.dueAt.getTime() <= now.getTime())
    .sort((a, b) => (order.get(a.ruleId) ?? 0) - (order.get(b.ruleId) ?? 0))[0];
}
