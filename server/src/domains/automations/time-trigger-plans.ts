import { createHash } from 'node:crypto';
import { AppError } from '../../lib/errors.ts';
import { addBusinessMinutes } from '../sla/business-time.ts';
import type { CalendarSpec } from '../sla/calendar-spec.ts';
import type { StatusInfo, TicketHistory } from '../sla/derive-timers.ts';
import { matchPolicy, type SlaTicket } from '../sla/match-policy.ts';
import type { SlaConfig } from '../sla/sla-inputs.ts';
import type { AutomationRule } from './automations.schemas.ts';
import { isTimeTrigger, type TimeTrigger } from './rule.schemas.ts';

/** What of a ticket the time triggers read: its SLA subject (policy fields, history) and its assignee. */
export type TimeFacts = {
  ticketId: string;
  ticket: SlaTicket;
  history: TicketHistory;
  assigneeId: string | null;
  /** The last change of assignee; null when it never changed (unassigned since creation, or not). */
  assigneeChangedAt: Date | null;
};

/** When a rule's clock started on a ticket, when it runs out, and the id its firing is recorded under. */
export type TimePlan = { ruleId: string; ticketId: string; anchorAt: Date; dueAt: Date; eventId: string };

const CLOSED_CATEGORIES = new Set(['solved', 'closed']);

/**
 * The instants each time rule would fire on the ticket, for the rules whose condition on time holds
 * now (in the status, unassigned, awaiting the customer). None on a solved or closed ticket. Hours
 * are counted on the calendar of the SLA policy that applies to the ticket, else the default one.
 */
export function planTicket(
  rules: readonly AutomationRule[],
  facts: TimeFacts,
  config: SlaConfig,
): TimePlan[] {
  const statuses = statusTrail(facts.history);
  const current = config.statuses.get(statuses.at(-1)?.statusId ?? '');
  if (!current || CLOSED_CATEGORIES.has(current.category)) return [];
  const policy = matchPolicy(config.policies, facts.ticket)?.policy;
  const calendar = (policy?.calendarId && config.calendars.get(policy.calendarId)) || config.defaultCalendar;
  return rules.flatMap((rule) => {
    if (!isTimeTrigger(rule.trigger)) return [];
    const anchorAt = anchorOf(rule.trigger, facts, config.statuses);
    if (!anchorAt) return [];
    const dueAt = dueAfter(calendar.spec, anchorAt, rule.trigger.hours);
    if (!dueAt) return [];
    const eventId = timeEventId(rule.id, facts.ticketId, anchorAt);
    return [{ ruleId: rule.id, ticketId: facts.ticketId, anchorAt, dueAt, eventId }];
  });
}

/** The instant the trigger's clock started, or null when the ticket is not in the state it counts. */
export function anchorOf(
  trigger: TimeTrigger,
  facts: TimeFacts,
  statuses: ReadonlyMap<string, StatusInfo>,
): Date | null {
  switch (trigger.type) {
    case 'time.in_status': {
      const counts = (statusId: string) =>
        (trigger.statusIds?.includes(statusId) ?? false) ||
        (trigger.categories?.some((category) => category === statuses.get(statusId)?.category) ?? false);
      // The start of the latest unbroken stretch of counted statuses: moving between two of them
      // keeps the clock; leaving them and coming back starts it again.
      let anchor: Date | null = null;
      for (const entry of [...statusTrail(facts.history)].reverse()) {
        if (!counts(entry.statusId)) break;
        anchor = entry.at;
      }
      return anchor;
    }
    case 'time.unassigned':
      return facts.assigneeId === null ? (facts.assigneeChangedAt ?? facts.history.createdAt) : null;
    case 'time.no_customer_reply': {
      // Public replies by agents and contacts, the opening message left out: the clock runs from the
      // last one when an agent wrote it.
      const last = facts.history.events.filter((event) => event.type === 'reply').at(-1);
      return last?.type === 'reply' && last.by === 'agent' ? last.at : null;
    }
    default: {
      const unreachable: never = trigger;
      throw new Error(`Unknown time trigger ${JSON.stringify(unreachable)}`);
    }
  }
}

/** The statuses the ticket went through, from its creation, with the instant it entered each. */
function statusTrail(history: TicketHistory): { at: Date; statusId: string }[] {
  return [
    { at: history.createdAt, statusId: history.initialStatusId },
    ...history.events.flatMap((event) =>
      event.type === 'status' ? [{ at: event.at, statusId: event.statusId }] : [],
    ),
  ];
}

function dueAfter(spec: CalendarSpec, anchorAt: Date, hours: number): Date | null {
  try {
    return addBusinessMinutes(spec, anchorAt, hours * 60);
  } catch (error) {
    // A calendar with no business time in the years ahead: the clock never runs out.
    if (error instanceof AppError) return null;
    throw error;
  }
}

/**
 * The event id a time rule's firing is recorded under: derived from the rule, the ticket and the
 * anchor, so the unique (rule, event) of automation_runs lets each anchor fire once, whatever the
 * retries, restarts and processes. A version-8 UUID (its bits say it is derived, not drawn).
 */
export function timeEventId(ruleId: string, ticketId: string, anchorAt: Date): string {
  const hex = createHash('sha256').update(`${ruleId}/${ticketId}/${anchorAt.toISOString()}`).digest('hex');
  const variant = ((Number.parseInt(hex.charAt(16), 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
