import type { Queryable } from '../../db/client.ts';
import { AppError } from '../../lib/errors.ts';

const REFERENCE_TABLES = {
  assigneeId: 'agents',
  teamId: 'teams',
  statusId: 'ticket_statuses',
  priorityId: 'ticket_priorities',
  requesterId: 'contacts',
} as const;

export type TicketReferences = Partial<Record<keyof typeof REFERENCE_TABLES, string | null | undefined>>;

/**
 * Every id a ticket points at must be this organization's; an unknown one is a 422 naming the field,
 * so a stale id from another screen is reported rather than stored. Assignees must be active.
 */
export async function assertReferences(
  tx: Queryable,
  organizationId: string,
  ids: TicketReferences,
): Promise<void> {
  for (const field of Object.keys(REFERENCE_TABLES) as (keyof typeof REFERENCE_TABLES)[]) {
    const id = ids[field];
    if (!id) continue;
    const table = REFERENCE_TABLES[field];
    const activeOnly = table === 'agents' ? 'and is_active' : '';
    const [row] = await tx.query(
      `select 1 from ${table} where organization_id = $1 and id = $2 ${activeOnly}`,
      [organizationId, id],
    );
    if (!row) throw new AppError('unprocessable', `Unknown ${field}`, { field });
  }
}

/** The status category decides the lifecycle stamps: solved and closed times, kept once set. */
export async function statusCategory(
  tx: Queryable,
  organizationId: string,
  statusId: string,
): Promise<string> {
  const [row] = await tx.query<{ category: string }>(
    'select category from ticket_statuses where organization_id = $1 and id = $2',
    [organizationId, statusId],
  );
  return row?.category ?? 'open';
}
