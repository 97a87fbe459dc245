import type { Trigger } from './rule.schemas.ts';
import type { TriggerEvent } from './trigger-events.ts';

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** Whether a rule's trigger takes this event: its type, then each filter the trigger gives. */
export function triggerMatches(trigger: Trigger, event: TriggerEvent): boolean {
  if (trigger.type === 'ticket.updated' && event.type === 'ticket.created') return openedWith(trigger, event);
  if (trigger.type !== event.type) return false;
  switch (trigger.type) {
    case 'ticket.created':
      return !trigger.sources || (event.source !== undefined && trigger.sources.includes(event.source));
    case 'comment.added':
      return (
        (!trigger.visibility || trigger.visibility === event.comment?.visibility) &&
        (!trigger.author || trigger.author === event.comment?.author)
      );
    case 'ticket.updated': {
      const change = event.change;
      if (!change || (trigger.field && trigger.field !== change.field)) return false;
      return (
        (trigger.from === undefined || same(trigger.from, change.from)) &&
        (trigger.to === undefined || same(trigger.to, change.to))
      );
    }
    case 'sla.at_risk':
    case 'sla.breached':
      return (
        !trigger.timers ||
        (event.timer !== undefined && trigger.timers.some((timer) => timer === event.timer))
      );
    case 'time.in_status':
    case 'time.unassigned':
    case 'time.no_customer_reply':
      // Time triggers take no history event: the time-trigger scheduler fires them (fire-time-triggers.ts).
      return false;
    default: {
      const unreachable: never = trigger;
      throw new Error(`Unknown trigger ${JSON.stringify(unreachable)}`);
    }
  }
}

/**
 * A ticket opened with a field already at an update trigger's `to` counts as that field set to it
 * ("priority set to Urgent" also takes a ticket opened as Urgent). Only triggers naming a field and
 * a `to` (and no `from` other than none): nothing is "changed" by opening otherwise.
 */
function openedWith(trigger: Extract<Trigger, { type: 'ticket.updated' }>, event: TriggerEvent): boolean {
  if (!trigger.field || trigger.to === undefined || trigger.to === null || !event.initial) return false;
  if (trigger.from !== undefined && trigger.from !== null) return false;
  return same(trigger.to, event.initial[trigger.field]);
}
