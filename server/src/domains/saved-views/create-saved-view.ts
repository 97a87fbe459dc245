import type { Database } from '../../db/client.ts';
import { withTenant } from '../../db/tenant.ts';
import { recordAudit } from '../../lib/audit.ts';
import { AppError } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import { type Actor, requireAdmin } from '../auth/actor.ts';
import {
  assertFilterReferences,
  findVisibleView,
  rethrowDuplicateName,
  toSavedView,
} from './saved-view-rows.ts';
import type { CreateSavedViewInput, SavedView } from './saved-views.schemas.ts';

/** Each view costs a count query whenever the list is shown, so an agent (or the organization) keeps a few. */
export const MAX_VIEWS_PER_OWNER = 50;

export function createSavedView(
  db: Database,
  input: { actor: Actor; view: CreateSavedViewInput },
): Promise<SavedView> {
  const { actor, view } = input;
  if (view.shared) requireAdmin(actor);
  const { organizationId } = actor;
  const ownerId = view.shared ? null : actor.agentId;
  const filters = view.filters ?? {};
  const id = newId();
  return withTenant(db, organizationId, async (tx) => {
    await assertFilterReferences(tx, organizationId, filters);
    const [existing] = await tx.query<{ count: number; next_position: number }>(
      `select count(*)::int as count, coalesce(max(position) + 1, 0) as next_position from saved_views
        where organization_id = $1 and owner_agent_id is not distinct from $2`,
      [organizationId, ownerId],
    );
    if ((existing?.count ?? 0) >= MAX_VIEWS_PER_OWNER) {
      throw new AppError('unprocessable', `At most ${MAX_VIEWS_PER_OWNER} views each`, {
        limit: MAX_VIEWS_PER_OWNER,
      });
    }
    const name = view.name.trim();
    await tx
      .query(
        `insert into saved_views (organization_id, id, owner_agent_id, name, filters, sort, sort_order, position)
         values ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [
          organizationId,
          id,
          ownerId,
          name,
          JSON.stringify(filters),
          view.sort ?? 'updated',
          view.order ?? 'desc',
          view.position ?? existing?.next_position ?? 0,
        ],
      )
      .catch(rethrowDuplicateName);
    await recordAudit(tx, {
      organizationId,
      actorType: 'agent',
      actorId: actor.agentId,
      action: 'saved_view.created',
      entityType: 'saved_view',
      entityId: id,
      changes: { name, shared: ownerId === null, filters },
    });
    return toSavedView(tx, actor, await findVisibleView(tx, actor, id));
  });
}
