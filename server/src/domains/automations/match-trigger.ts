import type { Trigger } from './rule.schemas.ts';
import type { TriggerEvent } from './trigger-events.ts';

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** Whether a rule's trigger takes this event: its type, then each filter the trigger gives. */
export function triggerMatches(trigger: Trigger, event: TriggerEvent): boolean {
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
