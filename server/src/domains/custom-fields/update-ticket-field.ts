import type { Database, Queryable } from '../../db/client.ts';
import { withTenant } from '../../db/tenant.ts';
import { recordAudit } from '../../lib/audit.ts';
import { AppError } from '../../lib/errors.ts';
import { type Actor, requireAdmin } from '../auth/actor.ts';
import {
  type FieldOption,
  MAX_ACTIVE_FIELDS,
  type TicketField,
  type TicketFieldChanges,
} from './custom-fields.schemas.ts';
import {
  assertActiveFieldRoom,
  assertOptionsFit,
  getTicketField,
  trimOptions,
} from './field-definition-rows.ts';

/**
 * Relabels, reorders, changes flags or options, archives or restores a field. Key and type never
 * change. Options may be added, relabelled and reordered; removing a value that tickets still hold
 * is a 409 listing how many hold it, so no ticket is left with a value its field no longer knows.
 */
export function updateTicketField(
  db: Database,
  input: { actor: Actor; fieldId: string; changes: TicketFieldChanges },
): Promise<TicketField> {
  const { actor, fieldId, changes } = input;
  requireAdmin(actor);
  const { organizationId } = actor;
  return withTenant(db, organizationId, async (tx) => {
    // The lock waits for ticket writes that validated against this field (they lock it FOR SHARE).
    const before = await getTicketField(tx, organizationId, fieldId, { forUpdate: true });
    const options = changes.options ? trimOptions(changes.options) : null;
    if (options) {
      assertOptionsFit(before.type, options);
      await assertRemovedOptionsUnused(tx, organizationId, before, options);
    }
    if (changes.archived === false && before.archivedAt !== null) {
      await assertActiveFieldRoom(tx, organizationId, MAX_ACTIVE_FIELDS);
    }
    await tx.query(
      `update ticket_field_definitions
          set label = coalesce($3, label), options = coalesce($4::jsonb, options),
              required = coalesce($5, required), visible_to_customers = coalesce($6, visible_to_customers),
              position = coalesce($7, position),
              archived_at = case when $8::boolean is null then archived_at
                                 when $8 then coalesce(archived_at, now()) end,
              updated_at = now()
        where organization_id = $1 and id = $2`,
      [
        organizationId,
        fieldId,
        changes.label?.trim() ?? null,
        options ? JSON.stringify(options) : null,
        changes.required ?? null,
        changes.visibleToCustomers ?? null,
        changes.position ?? null,
        changes.archived ?? null,
      ],
    );
    const after = await getTicketField(tx, organizationId, fieldId);
    await recordAudit(tx, {
      organizationId,
      actorType: 'agent',
      actorId: actor.agentId,
      action: 'ticket_field.updated',
      entityType: 'ticket_field',
      entityId: fieldId,
      changes: { before, after },
    });
    return after;
  });
}

async function assertRemovedOptionsUnused(
  tx: Queryable,
  organizationId: string,
  field: TicketField,
  options: FieldOption[],
): Promise<void> {
  const kept = new Set(options.map((option) => option.value));
  const removed = field.options.map((option) => option.value).filter((value) => !kept.has(value));
  if (removed.length === 0) return;
  // A select stores the value itself, a multiselect a list holding it.
  const documents = removed.map((value) =>
    JSON.stringify({ [field.key]: field.type === 'multiselect' ? [value] : value }),
  );
  const inUse = await tx.query<{ value: string; ticket_count: number }>(
    `select removed.value, count(*)::int as ticket_count
       from unnest($2::text[], $3::jsonb[]) as removed(value, document)
       join tickets t on t.organization_id = $1 and t.custom_fields @> removed.document
      group by removed.value order by removed.value`,
    [organizationId, removed, documents],
  );
  if (inUse.length === 0) return;
  throw new AppError('conflict', 'Tickets still hold options this change would remove', {
    field: 'options',
    reason: 'in_use',
    inUse: inUse.map((row) => ({ value: row.value, ticketCount: row.ticket_count })),
  });
}
