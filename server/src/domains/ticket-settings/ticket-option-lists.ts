import type { Queryable } from '../../db/client.ts';
import { AppError, isUniqueViolation, notFound } from '../../lib/errors.ts';
import type { StatusCategory } from './ticket-settings.schemas.ts';

/**
 * Statuses and priorities are both ordered, per-organization lists that tickets point at, with one
 * default. This describes where each lives so reordering and removal are written once.
 */
export type TicketOptionList = {
  table: 'ticket_statuses' | 'ticket_priorities';
  ticketColumn: 'status_id' | 'priority_id';
  defaultColumn: 'is_default_for_new' | 'is_default';
  label: 'Status' | 'Priority';
  auditEntity: 'ticket_status' | 'ticket_priority';
  ticketChangeAction: 'ticket.status_changed' | 'ticket.priority_changed';
};

export const STATUS_LIST: TicketOptionList = {
  table: 'ticket_statuses',
  ticketColumn: 'status_id',
  defaultColumn: 'is_default_for_new',
  label: 'Status',
  auditEntity: 'ticket_status',
  ticketChangeAction: 'ticket.status_changed',
};

export const PRIORITY_LIST: TicketOptionList = {
  table: 'ticket_priorities',
  ticketColumn: 'priority_id',
  defaultColumn: 'is_default',
  label: 'Priority',
  auditEntity: 'ticket_priority',
  ticketChangeAction: 'ticket.priority_changed',
};

/** Enough for any real workflow, and it keeps every list small enough to return whole. */
export const MAX_OPTIONS = 50;

export async function nextPosition(
  tx: Queryable,
  list: TicketOptionList,
  organizationId: string,
): Promise<number> {
  const [row] = await tx.query<{ count: number; next: number }>(
    `select count(*)::int as count, coalesce(max(position), 0) + 1 as next from ${list.table} where organization_id = $1`,
    [organizationId],
  );
  if ((row?.count ?? 0) >= MAX_OPTIONS) {
    throw new AppError('unprocessable', `An organization can have at most ${MAX_OPTIONS} of these`);
  }
  return row?.next ?? 1;
}

/** Exactly one default per organization: making one the default clears the others first. */
export async function clearDefault(
  tx: Queryable,
  list: TicketOptionList,
  organizationId: string,
): Promise<void> {
  await tx.query(
    `update ${list.table} set ${list.defaultColumn} = false where organization_id = $1 and ${list.defaultColumn}`,
    [organizationId],
  );
}

export async function assertOptionExists(
  tx: Queryable,
  list: TicketOptionList,
  organizationId: string,
  id: string,
): Promise<void> {
  const [row] = await tx.query(`select 1 from ${list.table} where organization_id = $1 and id = $2`, [
    organizationId,
    id,
  ]);
  if (!row) throw notFound(list.label);
}

export function rethrowDuplicateOptionName(list: TicketOptionList) {
  return (error: unknown): never => {
    if (isUniqueViolation(error)) {
      throw new AppError('conflict', `A ${list.label.toLowerCase()} with this name exists`, {
        field: 'name',
      });
    }
    throw error;
  };
}

/** New tickets start in the default status, so it must be one where work is still to do. */
export function assertCanBeDefaultStatus(category: StatusCategory, field = 'isDefaultForNew'): void {
  if (category !== 'new' && category !== 'open') {
    throw new AppError('unprocessable', 'The status of new tickets must be in the new or open category', {
      field,
    });
  }
}
