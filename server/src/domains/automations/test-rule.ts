import type { Database, Queryable } from '../../db/client.ts';
import { withTenant } from '../../db/tenant.ts';
import { AppError } from '../../lib/errors.ts';
import type { Actor } from '../auth/actor.ts';
import { getTicket } from '../tickets/ticket-rows.ts';
import type { Ticket } from '../tickets/tickets.schemas.ts';
import { getRule } from './automation-rows.ts';
import type { RuleTest } from './automations.schemas.ts';
import { evaluateConditions, needsBusinessHours } from './evaluate-conditions.ts';
import { loadEventContext } from './event-context.ts';
import { checkedPlan, describePlan } from './plan-actions.ts';
import type { Trigger } from './rule.schemas.ts';
import type { TriggerEvent } from './trigger-events.ts';

const NO_EVENT = '00000000-0000-0000-0000-000000000000';

/**
 * "Test this rule": the rule's conditions against the ticket as it is now, as if its trigger had just
 * fired, and what its actions would change. Nothing is applied and no run is recorded.
 */
export function testRule(
  db: Database,
  input: { actor: Actor; ruleId: string; ticketId: string },
): Promise<RuleTest> {
  const { organizationId } = input.actor;
  return withTenant(db, organizationId, async (tx) => {
    const rule = await getRule(tx, organizationId, input.ruleId);
    const ticket = await getTicket(tx, organizationId, input.ticketId).catch((error: unknown) => {
      if (error instanceof AppError && error.code === 'not_found') {
        throw new AppError('unprocessable', 'Unknown ticketId', { field: 'ticketId' });
      }
      throw error;
    });
    const event = await eventAsIfFired(tx, organizationId, rule.trigger, ticket);
    const context = await loadEventContext(tx, {
      organizationId,
      ticketId: ticket.id,
      event,
      businessHours: needsBusinessHours(rule.conditions),
    });
    const { matched, results } = evaluateConditions(rule.conditions, { ticket, event, ...context });
    const changes = matched
      ? describePlan(await checkedPlan(tx, organizationId, rule.actions, ticket), ticket)
      : [];
    return { matched, conditions: results, changes };
  });
}

/**
 * The event the trigger would fire on: a comment trigger takes the ticket's latest comment it would
 * accept; an update trigger, its field changing from its `from` to the value the ticket holds now
 * (or its `to`); an SLA trigger, its first timer; a time trigger, its time having come.
 */
async function eventAsIfFired(
  tx: Queryable,
  organizationId: string,
  trigger: Trigger,
  ticket: Ticket,
): Promise<TriggerEvent> {
  const base = { id: NO_EVENT, depth: 0 };
  switch (trigger.type) {
    case 'ticket.created':
      return { ...base, type: trigger.type, source: ticket.source };
    case 'comment.added': {
      const [comment] = await tx.query<{
        id: string;
        visibility: 'public' | 'internal';
        author_type: string;
      }>(
        `select id, visibility, author_type from ticket_comments
          where organization_id = $1 and ticket_id = $2 and ($3::text is null or visibility = $3)
            and ($4::text is null or author_type = $4)
          order by id desc limit 1`,
        [organizationId, ticket.id, trigger.visibility ?? null, trigger.author ?? null],
      );
      const found = comment && {
        id: comment.id,
        visibility: comment.visibility,
        author: comment.author_type,
      };
      return { ...base, type: trigger.type, ...(found ? { comment: found } : {}) };
    }
    case 'ticket.updated': {
      if (!trigger.field) return { ...base, type: trigger.type };
      const to = trigger.to !== undefined ? trigger.to : currentValue(ticket, trigger.field);
      return {
        ...base,
        type: trigger.type,
        change: { field: trigger.field, from: trigger.from ?? null, to },
      };
    }
    case 'sla.at_risk':
    case 'sla.breached':
      return { ...base, type: trigger.type, timer: trigger.timers?.[0] ?? 'first_response' };
    case 'time.in_status':
    case 'time.unassigned':
    case 'time.no_customer_reply':
      return { ...base, type: trigger.type };
    default: {
      const unreachable: never = trigger;
      throw new Error(`Unknown trigger ${JSON.stringify(unreachable)}`);
    }
  }
}

function currentValue(ticket: Ticket, field: string): unknown {
  if (field.startsWith('customFields.')) return ticket.customFields[field.slice(13)] ?? null;
  return ticket[field as keyof Ticket] ?? null;
}
