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
 * so a stale id from another screen is reported rather than stored. Assignees must be active. All
 * the ids are checked in one statement; the first unknown one, in the fields' order, is reported.
 */
export async function assertReferences(
  tx: Queryable,
  organizationId: string,
  ids: TicketReferences,
): Promise<void> {
  const fields = (Object.keys(REFERENCE_TABLES) as (keyof typeof REFERENCE_TABLES)[]).filter(
    (field) => ids[field],
  );
  if (fields.length === 0) return;
  const checks = fields.map((field, index) => {
    const table = REFERENCE_TABLES[field];
    const activeOnly = table === 'agents' ? 'and is_active' : '';
    return `exists (select 1 from ${table} where organization_id = $1 and id = $${index + 2} ${activeOnly}) as "${field}"`;
  });
  const [row] = await tx.query<Record<string, boolean>>(`select ${checks.join(', ')}`, [
    organizationId,
    ...fields.map((field) => ids[field]),
  ]);
  const unknown = fields.find((field) => !row?.[field]);
  if (unknown) throw new AppError('unprocessable', `Unknown ${unknown}`, { field: unknown });
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
