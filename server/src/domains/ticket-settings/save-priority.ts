import type { Database } from '../../db/client.ts';
import { withTenant } from '../../db/tenant.ts';
import { recordAudit } from '../../lib/audit.ts';
import { newId } from '../../lib/ids.ts';
import { type Actor, requireAdmin } from '../auth/actor.ts';
import { getPriority } from './option-rows.ts';
import {
  clearDefault,
  nextPosition,
  PRIORITY_LIST,
  rethrowDuplicateOptionName,
} from './ticket-option-lists.ts';
import type { Priority, PriorityChanges } from './ticket-settings.schemas.ts';

const DEFAULT_PRIORITY_COLOR = '#3b82f6';

export type CreatePriorityInput = {
  actor: Actor;
  name: string;
  color?: string;
  rank: number;
  isDefault?: boolean;
};

export function createPriority(db: Database, input: CreatePriorityInput): Promise<Priority> {
  const { actor } = input;
  requireAdmin(actor);
  const { organizationId } = actor;
  return withTenant(db, organizationId, async (tx) => {
    const position = await nextPosition(tx, PRIORITY_LIST, organizationId);
    if (input.isDefault) await clearDefault(tx, PRIORITY_LIST, organizationId);
    const id = newId();
    await tx
      .query(
        `insert into ticket_priorities (organization_id, id, name, color, position, rank, is_default)
         values ($1, $2, $3, $4, $5, $6, $7)`,
        [
          organizationId,
          id,
          input.name.trim(),
          input.color ?? DEFAULT_PRIORITY_COLOR,
          position,
          input.rank,
          input.isDefault ?? false,
        ],
      )
      .catch(rethrowDuplicateOptionName(PRIORITY_LIST));
    const priority = await getPriority(tx, organizationId, id);
    await recordAudit(tx, {
      organizationId,
      actorType: 'agent',
      actorId: actor.agentId,
      action: 'ticket_priority.created',
      entityType: 'ticket_priority',
      entityId: id,
      changes: { after: priority },
    });
    return priority;
  });
}

export function updatePriority(
  db: Database,
  input: { actor: Actor; priorityId: string; changes: PriorityChanges },
): Promise<Priority> {
  const { actor, changes } = input;
  requireAdmin(actor);
  const { organizationId } = actor;
  return withTenant(db, organizationId, async (tx) => {
    const before = await getPriority(tx, organizationId, input.priorityId);
    if (changes.isDefault && !before.isDefault) await clearDefault(tx, PRIORITY_LIST, organizationId);
    await tx
      .query(
        `update ticket_priorities
            set name = coalesce($3, name), color = coalesce($4, color), rank = coalesce($5, rank),
                is_default = coalesce($6, is_default), updated_at = now()
          where organization_id = $1 and id = $2`,
        [
          organizationId,
          before.id,
          changes.name?.trim() ?? null,
          changes.color ?? null,
          changes.rank ?? null,
          changes.isDefault ?? null,
        ],
      )
      .catch(rethrowDuplicateOptionName(PRIORITY_LIST));
    const after = await getPriority(tx, organizationId, before.id);
    await recordAudit(tx, {
      organizationId,
      actorType: 'agent',
      actorId: actor.agentId,
      action: 'ticket_priority.updated',
      entityType: 'ticket_priority',
      entityId: before.id,
      changes: { before, after },
    });
    return after;
  });
}
