import type { Database } from '../../db/client.ts';
import { withTenant } from '../../db/tenant.ts';
import { recordAudit } from '../../lib/audit.ts';
import { newId } from '../../lib/ids.ts';
import { type Actor, requireAdmin } from '../auth/actor.ts';
import { requestSlaRecompute, type SlaJobs } from '../sla/recompute-sla.ts';
import { getStatus } from './option-rows.ts';
import {
  assertCanBeDefaultStatus,
  clearDefault,
  nextPosition,
  rethrowDuplicateOptionName,
  STATUS_LIST,
} from './ticket-option-lists.ts';
import type { Status, StatusCategory, StatusChanges } from './ticket-settings.schemas.ts';

const DEFAULT_STATUS_COLOR = '#6b7280';

export type CreateStatusInput = {
  actor: Actor;
  name: string;
  color?: string;
  category: StatusCategory;
  pausesSla?: boolean;
  isDefaultForNew?: boolean;
};

export function createStatus(db: Database, input: CreateStatusInput): Promise<Status> {
  const { actor } = input;
  requireAdmin(actor);
  if (input.isDefaultForNew) assertCanBeDefaultStatus(input.category);
  const { organizationId } = actor;
  return withTenant(db, organizationId, async (tx) => {
    const position = await nextPosition(tx, STATUS_LIST, organizationId);
    if (input.isDefaultForNew) await clearDefault(tx, STATUS_LIST, organizationId);
    const id = newId();
    await tx
      .query(
        `insert into ticket_statuses
           (organization_id, id, name, color, position, category, pauses_sla, is_default_for_new)
         values ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [
          organizationId,
          id,
          input.name.trim(),
          input.color ?? DEFAULT_STATUS_COLOR,
          position,
          input.category,
          input.pausesSla ?? false,
          input.isDefaultForNew ?? false,
        ],
      )
      .catch(rethrowDuplicateOptionName(STATUS_LIST));
    const status = await getStatus(tx, organizationId, id);
    await recordAudit(tx, {
      organizationId,
      actorType: 'agent',
      actorId: actor.agentId,
      action: 'ticket_status.created',
      entityType: 'ticket_status',
      entityId: id,
      changes: { after: status },
    });
    return status;
  });
}

export function updateStatus(
  db: Database,
  input: { actor: Actor; jobs: SlaJobs; statusId: string; changes: StatusChanges },
): Promise<Status> {
  const { actor, changes } = input;
  requireAdmin(actor);
  const { organizationId } = actor;
  return withTenant(db, organizationId, async (tx) => {
    const before = await getStatus(tx, organizationId, input.statusId);
    const willBeDefault = changes.isDefaultForNew ?? before.isDefaultForNew;
    if (willBeDefault) assertCanBeDefaultStatus(changes.category ?? before.category);
    if (changes.isDefaultForNew && !before.isDefaultForNew)
      await clearDefault(tx, STATUS_LIST, organizationId);
    await tx
      .query(
        `update ticket_statuses
            set name = coalesce($3, name), color = coalesce($4, color), category = coalesce($5, category),
                pauses_sla = coalesce($6, pauses_sla), is_default_for_new = coalesce($7, is_default_for_new),
                updated_at = now()
          where organization_id = $1 and id = $2`,
        [
          organizationId,
          before.id,
          changes.name?.trim() ?? null,
          changes.color ?? null,
          changes.category ?? null,
          changes.pausesSla ?? null,
          changes.isDefaultForNew ?? null,
        ],
      )
      .catch(rethrowDuplicateOptionName(STATUS_LIST));
    const after = await getStatus(tx, organizationId, before.id);
    await recordAudit(tx, {
      organizationId,
      actorType: 'agent',
      actorId: actor.agentId,
      action: 'ticket_status.updated',
      entityType: 'ticket_status',
      entityId: before.id,
      changes: { before, after },
    });
    // Whether time in this status counts is part of every ticket's SLA history.
    if (after.pausesSla !== before.pausesSla || after.category !== before.category)
      await requestSlaRecompute(tx, input.jobs, organizationId);
    return after;
  });
}
