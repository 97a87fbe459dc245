import type { Queryable } from '../../db/client.ts';
import { AppError, isUniqueViolation, notFound } from '../../lib/errors.ts';
import { type Actor, hasRole } from '../auth/actor.ts';
import { countTickets } from '../tickets/ticket-filters.ts';
import type { SortOrder, TicketFilters, TicketSort } from '../tickets/ticket-list-query.ts';
import { assertReferences } from '../tickets/ticket-references.ts';
import type { SavedView } from './saved-views.schemas.ts';

export type SavedViewRow = {
  id: string;
  owner_agent_id: string | null;
  name: string;
  filters: TicketFilters;
  sort: TicketSort;
  sort_order: SortOrder;
  position: number;
  created_at: Date;
  updated_at: Date;
};

export const SAVED_VIEW_SELECT = `select id, owner_agent_id, name, filters, sort, sort_order, position, created_at,
    updated_at
  from saved_views`;

/** Shared views and the actor's own; another agent's personal view does not exist for them. */
export const VISIBLE_TO = '(owner_agent_id is null or owner_agent_id = $2)';

/** The view with its count of matching tickets, as the actor sees it (`me` is the actor). */
export async function toSavedView(tx: Queryable, actor: Actor, row: SavedViewRow): Promise<SavedView> {
  const { count, capped } = await countTickets(tx, actor, row.filters);
  return {
    id: row.id,
    name: row.name,
    shared: row.owner_agent_id === null,
    ownerId: row.owner_agent_id,
    filters: row.filters,
    sort: row.sort,
    order: row.sort_order,
    position: row.position,
    count,
    countCapped: capped,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

export async function findVisibleView(tx: Queryable, actor: Actor, viewId: string): Promise<SavedViewRow> {
  const [row] = await tx.query<SavedViewRow>(
    `${SAVED_VIEW_SELECT} where organization_id = $1 and ${VISIBLE_TO} and id = $3`,
    [actor.organizationId, actor.agentId, viewId],
  );
  if (!row) throw notFound('Saved view');
  return row;
}

/** Owners change their personal views; only admins change the shared ones. */
export function assertCanChange(actor: Actor, row: SavedViewRow): void {
  if (row.owner_agent_id === null && !hasRole(actor, 'admin')) {
    throw new AppError('forbidden', 'Only admins can change shared views');
  }
}

/** Ids in the filters must be this organization's, so a typo is reported rather than saved. */
export async function assertFilterReferences(
  tx: Queryable,
  organizationId: string,
  filters: TicketFilters,
): Promise<void> {
  const { statusId, priorityId, teamId, requesterId } = filters;
  await assertReferences(tx, organizationId, { statusId, priorityId, teamId, requesterId }).catch(
    (error: unknown) => {
      if (!(error instanceof AppError) || error.code !== 'unprocessable') throw error;
      throw new AppError('unprocessable', error.message, { field: `filters.${String(error.details.field)}` });
    },
  );
}

export function rethrowDuplicateName(error: unknown): never {
  if (isUniqueViolation(error, 'saved_views_name_key')) {
    throw new AppError('conflict', 'A view with this name exists', { field: 'name' });
  }
  throw error;
}
