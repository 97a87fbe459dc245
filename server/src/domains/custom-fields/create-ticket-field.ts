import type { Database } from '../../db/client.ts';
import { withTenant } from '../../db/tenant.ts';
import { recordAudit } from '../../lib/audit.ts';
import { newId } from '../../lib/ids.ts';
import { type Actor, requireAdmin } from '../auth/actor.ts';
import { type CreateTicketFieldInput, MAX_ACTIVE_FIELDS, type TicketField } from './custom-fields.schemas.ts';
import {
  assertActiveFieldRoom,
  assertOptionsFit,
  getTicketField,
  rethrowDuplicateKey,
  trimOptions,
} from './field-definition-rows.ts';

/** Adds a field at the end of the list unless a position is given. */
export function createTicketField(
  db: Database,
  input: CreateTicketFieldInput & { actor: Actor },
): Promise<TicketField> {
  const { actor } = input;
  requireAdmin(actor);
  const options = trimOptions(input.options ?? []);
  assertOptionsFit(input.type, options);
  const { organizationId } = actor;
  const id = newId();
  return withTenant(db, organizationId, async (tx) => {
    await assertActiveFieldRoom(tx, organizationId, MAX_ACTIVE_FIELDS);
    await tx
      .query(
        `insert into ticket_field_definitions
           (organization_id, id, key, label, type, options, required, visible_to_customers, position)
         values ($1, $2, $3, $4, $5, $6, $7, $8,
                 coalesce($9, (select coalesce(max(position) + 1, 0) from ticket_field_definitions
                                where organization_id = $1)))`,
        [
          organizationId,
          id,
          input.key,
          input.label.trim(),
          input.type,
          JSON.stringify(options),
          input.required ?? false,
          input.visibleToCustomers ?? false,
          input.position ?? null,
        ],
      )
      .catch(rethrowDuplicateKey);
    const field = await getTicketField(tx, organizationId, id);
    await recordAudit(tx, {
      organizationId,
      actorType: 'agent',
      actorId: actor.agentId,
      action: 'ticket_field.created',
      entityType: 'ticket_field',
      entityId: id,
      changes: { after: field },
    });
    return field;
  });
}
