import type { Queryable } from '../../db/client.ts';
import type { Actor } from '../auth/actor.ts';
import { customFieldFilterSql, resolveCustomFieldFilters } from '../custom-fields/custom-field-filters.ts';
import type { TicketFilters } from './ticket-list-query.ts';

/** Who is looking: the organization scopes the filter, the agent is what `assignee=me` means. */
export type Viewer = Pick<Actor, 'organizationId' | 'agentId'>;

/** Adds a value to a parameter list and returns its placeholder (`$3`). */
export type Bind = (value: unknown) => string;

export const binder =
  (params: unknown[]): Bind =>
  (value) => {
    params.push(value);
    return `$${params.length}`;
  };

/**
 * One condition over `tickets t`, or null when its filter is not set. `$1` is always the
 * organization. Custom field values, which need their definitions, are added after these.
 */
type Fragment = (filters: TicketFilters, bind: Bind, viewer: Viewer) => string | null;

const equals =
  (
    column: string,
    key: 'statusId' | 'priorityId' | 'teamId' | 'requesterId' | 'number' | 'source',
  ): Fragment =>
  (filters, bind) => {
    const value = filters[key];
    return value === undefined ? null : `t.${column} = ${bind(value)}`;
  };

const range =
  (column: string, key: 'createdAfter' | 'createdBefore' | 'updatedAfter' | 'updatedBefore'): Fragment =>
  (filters, bind) => {
    const value = filters[key];
    if (value === undefined) return null;
    // Half-open ranges: [after, before), so consecutive ranges neither overlap nor leave gaps.
    return `t.${column} ${key.endsWith('After') ? '>=' : '<'} ${bind(value)}::timestamptz`;
  };

const FRAGMENTS: Fragment[] = [
  // The category is copied onto the ticket (migration 0010), which lets the active-ticket partial
  // indexes serve the usual queues.
  (filters, bind) =>
    filters.statusCategory?.length
      ? `t.status_category = any(${bind(filters.statusCategory)}::text[])`
      : null,
  equals('status_id', 'statusId'),
  equals('priority_id', 'priorityId'),
  (filters, bind, viewer) => {
    const { assignee } = filters;
    if (assignee === undefined) return null;
    if (assignee === 'unassigned') return 't.assignee_id is null';
    return `t.assignee_id = ${bind(assignee === 'me' ? viewer.agentId : assignee)}::uuid`;
  },
  equals('team_id', 'teamId'),
  (filters, bind) => (filters.tag?.length ? `t.tags @> ${bind(filters.tag)}::text[]` : null),
  equals('requester_id', 'requesterId'),
  equals('number', 'number'),
  equals('source', 'source'),
  range('created_at', 'createdAfter'),
  range('created_at', 'createdBefore'),
  range('updated_at', 'updatedAfter'),
  range('updated_at', 'updatedBefore'),
];

/**
 * The WHERE clause (without the keyword) over `tickets t` for these filters, with numbered
 * parameters. Queues, saved-view counts and later reports share it, so they always agree. Custom
 * field filters are checked against the organization's definitions first, in the caller's transaction.
 */
export async function ticketFilterSql(
  tx: Queryable,
  viewer: Viewer,
  filters: TicketFilters,
): Promise<{ where: string; params: unknown[] }> {
  const params: unknown[] = [viewer.organizationId];
  const bind = binder(params);
  const conditions = ['t.organization_id = $1'];
  for (const fragment of FRAGMENTS) {
    const condition = fragment(filters, bind, viewer);
    if (condition) conditions.push(condition);
  }
  const customFields = await resolveCustomFieldFilters(tx, viewer.organizationId, filters.customField ?? []);
  const custom = customFieldFilterSql(customFields, bind);
  if (custom) conditions.push(custom);
  return { where: conditions.join('\n    and '), params };
}

/**
 * Counting stops past this many: a broad view ("Closed", "All") then costs one short index range,
 * not a scan of the organization's history, each time the list of views is shown.
 */
export const COUNT_CAP = 10_000;

/** How many tickets match, up to `cap` (`capped` when more do); one query in the caller's transaction. */
export async function countTickets(
  tx: Queryable,
  viewer: Viewer,
  filters: TicketFilters,
  cap = COUNT_CAP,
): Promise<{ count: number; capped: boolean }> {
  const { where, params } = await ticketFilterSql(tx, viewer, filters);
  const limit = binder(params)(cap + 1);
  const [row] = await tx.query<{ count: number }>(
    `select count(*)::int as count from (select 1 from tickets t where ${where} limit ${limit}) matching`,
    params,
  );
  const count = row?.count ?? 0;
  return { count: Math.min(count, cap), capped: count > cap };
}
