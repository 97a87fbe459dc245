import type { Queryable } from '../../db/client.ts';
import { AppError } from '../../lib/errors.ts';
import { validateCustomFields } from '../custom-fields/validate-custom-fields.ts';
import { findAutomationMacro } from '../macros/macro-rows.ts';
import { assertReferences } from '../tickets/ticket-references.ts';
import { MAX_TAGS, type Ticket, type TicketChanges } from '../tickets/tickets.schemas.ts';
import { type AssignmentStrategy, pickByStrategy } from './assign-by-strategy.ts';
import type { FieldChange } from './automations.schemas.ts';
import type { Action, PlannedAction } from './rule.schemas.ts';

/** The actions that reach outside the ticket: queued in the run's transaction, sent after it commits. */
export type OutboundAction = Extract<Action, { type: 'email_requester' | 'email_agents' | 'webhook' }>;

/**
 * A rule's actions folded into one change of the ticket, the internal notes it adds, an assignment
 * strategy still to resolve against the team's agents, and the emails and webhooks it sends.
 */
export type ActionPlan = {
  changes: TicketChanges;
  notes: string[];
  strategy: { teamId: string | null; strategy: AssignmentStrategy } | null;
  /** Set once the strategy is resolved by round-robin: that team's turn moves on when the plan is applied. */
  turn: { teamId: string; agentId: string } | null;
  outbound: OutboundAction[];
};

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** In order: a later action on the same field wins; tags are added and removed one action at a time. */
export function planActions(actions: readonly PlannedAction[], ticket: Ticket): ActionPlan {
  const changes: TicketChanges = {};
  const customFields: Record<string, unknown> = {};
  const notes: string[] = [];
  const outbound: OutboundAction[] = [];
  let strategy: ActionPlan['strategy'] = null;
  let tags = ticket.tags;
  for (const action of actions) {
    switch (action.type) {
      case 'set_status':
        changes.statusId = action.statusId;
        break;
      case 'set_priority':
        changes.priorityId = action.priorityId;
        break;
      case 'set_team':
        changes.teamId = action.teamId;
        break;
      case 'set_assignee':
        changes.assigneeId = action.assigneeId;
        strategy = null;
        break;
      case 'assign_by_strategy':
        // The ticket's team as the actions before this one leave it.
        strategy = {
          teamId: action.teamId ?? (changes.teamId !== undefined ? changes.teamId : ticket.teamId),
          strategy: action.strategy,
        };
        changes.assigneeId = undefined;
        break;
      case 'add_tags':
        tags = [...new Set([...tags, ...action.tags])];
        break;
      case 'remove_tags':
        tags = tags.filter((tag) => !action.tags.includes(tag));
        break;
      case 'set_custom_field':
        customFields[action.key] = action.value;
        break;
      case 'add_internal_note':
        notes.push(action.body);
        break;
      case 'email_requester':
      case 'email_agents':
      case 'webhook':
        outbound.push(action);
        break;
      default: {
        const unreachable: never = action;
        throw new Error(`Unknown action ${JSON.stringify(unreachable)}`);
      }
    }
  }
  if (!same(tags, ticket.tags)) changes.tags = tags;
  if (Object.keys(customFields).length > 0) changes.customFields = customFields;
  return { changes, notes, strategy, turn: null, outbound };
}

/**
 * The plan checked against the organization as it is now (a team deleted since the rule was saved
 * fails the run, naming the field), with custom field values normalized as a person's would be.
 */
export async function checkedPlan(
  tx: Queryable,
  organizationId: string,
  actions: readonly Action[],
  ticket: Ticket,
): Promise<ActionPlan> {
  const plan = planActions(await withMacrosExpanded(tx, organizationId, actions), ticket);
  if ((plan.changes.tags?.length ?? 0) > MAX_TAGS) {
    throw new AppError('unprocessable', `A ticket keeps at most ${MAX_TAGS} tags`, { field: 'tags' });
  }
  await assertReferences(tx, organizationId, plan.changes);
  if (plan.strategy?.teamId) {
    const pick = await pickByStrategy(tx, {
      organizationId,
      teamId: plan.strategy.teamId,
      strategy: plan.strategy.strategy,
      ticketId: ticket.id,
    });
    // A team without active agents leaves the assignee as it is.
    if (pick) plan.changes.assigneeId = pick.agentId;
    if (pick?.turnOf) plan.turn = { teamId: pick.turnOf, agentId: pick.agentId };
  }
  if (plan.changes.customFields) {
    plan.changes.customFields = await validateCustomFields(
      tx,
      organizationId,
      plan.changes.customFields,
      'update',
    );
  }
  return plan;
}

/**
 * Each `apply_macro` replaced by the macro's actions as it is now: a macro deleted, made personal or
 * given a reply since the rule was saved fails the run, naming the action.
 */
async function withMacrosExpanded(
  tx: Queryable,
  organizationId: string,
  actions: readonly Action[],
): Promise<PlannedAction[]> {
  const planned: PlannedAction[] = [];
  for (const [index, action] of actions.entries()) {
    if (action.type !== 'apply_macro') {
      planned.push(action);
      continue;
    }
    const field = `actions.${index}.macroId`;
    const macro = await findAutomationMacro(tx, { organizationId, macroId: action.macroId, field });
    for (const step of macro.actions) if (step.type !== 'reply') planned.push(step);
  }
  return planned;
}

/** What the plan would do: its changes, then each email and webhook it would send. */
export const describePlan = (plan: ActionPlan, ticket: Ticket): FieldChange[] => [
  ...describeChanges(plan, ticket),
  ...plan.outbound.map(describeOutbound),
];

/** An email as `email` to whom it is for, a webhook as `webhook` to its URL. */
function describeOutbound(action: OutboundAction): FieldChange {
  if (action.type === 'webhook') return { field: 'webhook', from: null, to: action.url };
  const to = action.type === 'email_requester' ? 'requester' : action.to;
  return { field: 'email', from: null, to: { to, subject: action.subject } };
}

/** What the plan changes on this ticket, field by field; each note as a change of its own. */
export function describeChanges(plan: ActionPlan, ticket: Ticket): FieldChange[] {
  const { changes } = plan;
  const fields = (['statusId', 'priorityId', 'teamId', 'assigneeId', 'tags'] as const).flatMap((field) =>
    changes[field] !== undefined && !same(changes[field], ticket[field])
      ? [{ field, from: ticket[field], to: changes[field] }]
      : [],
  );
  const customFields = Object.entries(changes.customFields ?? {}).flatMap(([key, to]) => {
    const from = ticket.customFields[key] ?? null;
    return same(from, to) ? [] : [{ field: `customFields.${key}`, from, to }];
  });
  const notes = plan.notes.map((body) => ({ field: 'note', from: null, to: body }));
  return [...fields, ...customFields, ...notes];
}
