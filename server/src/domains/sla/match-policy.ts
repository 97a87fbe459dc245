import type { StoredValue } from '../custom-fields/field-values.ts';
import type { TicketSource } from '../tickets/tickets.schemas.ts';
import type { Policy, PolicyConditions, PolicyTarget } from './sla.schemas.ts';

/** What of a ticket the policies' conditions look at. */
export type SlaTicket = {
  priorityId: string;
  teamId: string | null;
  tags: readonly string[];
  source: TicketSource;
  customFields: Readonly<Record<string, StoredValue>>;
  /** The requester's contact company; '' when they have none. */
  requesterCompany: string;
};

export type MatchablePolicy = Pick<Policy, 'id' | 'position' | 'enabled' | 'conditions' | 'targets'>;

export type SlaMatch<P extends MatchablePolicy> = {
  policy: P;
  /** Null when the policy has no target for the ticket's priority and none for the others: no SLA. */
  target: PolicyTarget | null;
};

/**
 * The policy that applies to a ticket: the first enabled one by position whose conditions all hold,
 * with its target for the ticket's priority, else its target for priorities no entry names. The
 * first match wins even without a target, so a later, broader policy never sets a ticket's clock
 * behind the back of the policy that matched it. Null when no policy matches.
 */
export function matchPolicy<P extends MatchablePolicy>(
  policies: readonly P[],
  ticket: SlaTicket,
): SlaMatch<P> | null {
  const ordered = [...policies].sort(
    (a, b) => a.position - b.position || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
  const policy = ordered.find(
    (candidate) => candidate.enabled && conditionsHold(candidate.conditions, ticket),
  );
  if (!policy) return null;
  const target =
    policy.targets.find((entry) => entry.priorityId === ticket.priorityId) ??
    policy.targets.find((entry) => entry.priorityId === null) ??
    null;
  return { policy, target };
}

/** Every condition given must hold; within one, any of its values is enough. */
export function conditionsHold(conditions: PolicyConditions, ticket: SlaTicket): boolean {
  const { priorityIds, teamIds, companies, tags, sources, customFields } = conditions;
  if (priorityIds && !priorityIds.includes(ticket.priorityId)) return false;
  if (teamIds && (ticket.teamId === null || !teamIds.includes(ticket.teamId))) return false;
  if (companies && !companies.some((company) => sameCompany(company, ticket.requesterCompany))) return false;
  if (tags && !tags.some((tag) => ticket.tags.includes(tag))) return false;
  if (sources && !sources.includes(ticket.source)) return false;
  return (customFields ?? []).every(({ key, values }) => valueMatches(ticket.customFields[key], values));
}

// Companies are typed by hand on contacts ("ACME", "Acme "), so case and outer spaces do not count.
const sameCompany = (a: string, b: string) => {
  const wanted = a.trim().toLowerCase();
  return wanted !== '' && wanted === b.trim().toLowerCase();
};

/** A multiselect holds a list: it matches when any of its options is one of the values. */
function valueMatches(
  value: StoredValue | undefined,
  values: readonly (string | number | boolean)[],
): boolean {
  if (value === undefined) return false;
  if (Array.isArray(value)) return value.some((option) => values.includes(option));
  return values.includes(value);
}
