import type { Ticket } from '../tickets/tickets.schemas.ts';
import type { ConditionResult } from './automations.schemas.ts';
import type { Condition, RuleConditions } from './rule.schemas.ts';
import { containsAnyWord, regexMatches } from './text-match.ts';
import type { TriggerEvent } from './trigger-events.ts';

/** What conditions read: the ticket as the rules before left it, and the event's context. */
export type RuleSubject = {
  ticket: Ticket;
  requesterEmail: string;
  /** The triggering comment for comment events, else the ticket's first comment ('' when none). */
  body: string;
  /** Null when no condition asked (so the calendar was not loaded). */
  inBusinessHours: boolean | null;
  event: TriggerEvent;
};

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
const oneOf = (values: readonly unknown[], value: unknown) =>
  values.some((candidate) => same(candidate, value));

/**
 * Every condition is evaluated (not just up to the first that fails), so a run shows each one's
 * result. `all` must hold entirely; `any`, when it has conditions, by at least one.
 */
export function evaluateConditions(
  conditions: RuleConditions,
  subject: RuleSubject,
): { matched: boolean; results: ConditionResult[] } {
  const results = (group: 'all' | 'any') =>
    (conditions[group] ?? []).map((condition, index) => ({
      path: `${group}.${index}`,
      type: condition.type,
      ...evaluate(condition, subject),
    }));
  const all = results('all');
  const any = results('any');
  const matched = all.every((result) => result.matched) && (any.length === 0 || any.some((r) => r.matched));
  return { matched, results: [...all, ...any] };
}

function evaluate(condition: Condition, subject: RuleSubject): { matched: boolean; note?: string } {
  const { ticket } = subject;
  const is = (matched: boolean) => ({ matched });
  switch (condition.type) {
    case 'status':
      return is(condition.in.includes(ticket.statusId));
    case 'status_category':
      return is(oneOf(condition.in, ticket.statusCategory));
    case 'priority':
      return is(condition.in.includes(ticket.priorityId));
    case 'team':
      return is(oneOf(condition.in, ticket.teamId));
    case 'assignee':
      return is(oneOf(condition.in, ticket.assigneeId));
    case 'tags': {
      const has = condition.tags.some((tag) => ticket.tags.includes(tag));
      return is(condition.has === 'any' ? has : !has);
    }
    case 'source':
      return is(condition.in.includes(ticket.source));
    case 'requester_email':
      return is(condition.in.some((email) => email.toLowerCase() === subject.requesterEmail.toLowerCase()));
    case 'requester_domain': {
      const domain = subject.requesterEmail.split('@').pop()?.toLowerCase() ?? '';
      return is(condition.in.some((wanted) => wanted.toLowerCase() === domain));
    }
    case 'custom_field': {
      const value = ticket.customFields[condition.key] ?? null;
      return is(
        Array.isArray(value) ? value.some((v) => oneOf(condition.in, v)) : oneOf(condition.in, value),
      );
    }
    case 'text_words':
      return is(textsOf(condition.in, subject).some((text) => containsAnyWord(text, condition.words)));
    case 'text_regex':
      return regexCondition(condition, subject);
    case 'business_hours':
      if (subject.inBusinessHours === null) return { matched: false, note: 'business hours unknown' };
      return is(subject.inBusinessHours === (condition.is === 'in'));
    case 'changed': {
      const change = subject.event.change;
      if (!change) return { matched: false, note: 'not an update event' };
      return is(
        (!condition.from || oneOf(condition.from, change.from)) &&
          (!condition.to || oneOf(condition.to, change.to)),
      );
    }
    default: {
      const unreachable: never = condition;
      throw new Error(`Unknown condition ${JSON.stringify(unreachable)}`);
    }
  }
}

function textsOf(target: 'subject' | 'body' | 'subject_or_body', subject: RuleSubject): string[] {
  if (target === 'subject') return [subject.ticket.subject];
  if (target === 'body') return [subject.body];
  return [subject.ticket.subject, subject.body];
}

function regexCondition(
  condition: Extract<Condition, { type: 'text_regex' }>,
  subject: RuleSubject,
): { matched: boolean; note?: string } {
  for (const text of textsOf(condition.in, subject)) {
    const { matched, timedOut } = regexMatches(condition.pattern, condition.ignoreCase ?? false, text);
    if (timedOut) return { matched: false, note: 'the regular expression ran out of time' };
    if (matched) return { matched: true };
  }
  return { matched: false };
}

/** Whether any condition reads business hours, so the calendar is loaded only when needed. */
export const needsBusinessHours = (conditions: RuleConditions): boolean =>
  [...(conditions.all ?? []), ...(conditions.any ?? [])].some((c) => c.type === 'business_hours');
