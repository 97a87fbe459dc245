import type { Database } from '../../db/client.ts';
import { withTenant } from '../../db/tenant.ts';
import { recordAudit } from '../../lib/audit.ts';
import type { Actor } from '../auth/actor.ts';
import {
  assertCanChange,
  assertFilterReferences,
  findVisibleView,
  rethrowDuplicateName,
  toSavedView,
} from './saved-view-rows.ts';
import type { SavedView, SavedViewChanges } from './saved-views.schemas.ts';

/** Renames, re-filters, re-sorts or moves a view; `filters`, when given, replaces the old ones whole. */
export function updateSavedView(
  db: Database,
  input: { actor: Actor; viewId: string; changes: SavedViewChanges },
): Promise<SavedView> {
  const { actor, viewId, changes } = input;
  const { organizationId } = actor;
  return withTenant(db, organizationId, async (tx) => {
    const before = await findVisibleView(tx, actor, viewId);
    assertCanChange(actor, before);
    if (changes.filters) await assertFilterReferences(tx, organizationId, changes.filters);
    await tx
      .query(
        `update saved_views set name = coalesce($3, name), filters = coalesce($4::jsonb, filters),
            sort = coalesce($5, sort), sort_order = coalesce($6, sort_order), position = coalesce($7, position),
            updated_at = now()
          where organization_id = $1 and id = $2`,
        [
          organizationId,
          viewId,
          changes.name?.trim() ?? null,
          changes.filters ? JSON.stringify(changes.filters) : null,
          changes.sort ?? null,
          changes.order ?? null,
          changes.position ?? null,
        ],
      )
      .catch(rethrowDuplicateName);
    const after = await findVisibleView(tx, actor, viewId);
    await recordAudit(tx, {
      organizationId,
      actorType: 'agent',
      actorId: actor.agentId,
      action: 'saved_view.updated',
      entityType: 'saved_view',
      entityId: viewId,
      changes: {
        before: { name: before.name, filters: before.filters, sort: before.sort, order: before.sort_order },
        after: { name: after.name, filters: after.filters, sort: after.sort, order: after.sort_order },
      },
    });
    return toSavedView(tx, actor, after);
  });
}
