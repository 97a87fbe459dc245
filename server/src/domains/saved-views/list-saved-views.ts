import type { Database } from '../../db/client.ts';
import { withTenant } from '../../db/tenant.ts';
import type { Actor } from '../auth/actor.ts';
import {
  findVisibleView,
  SAVED_VIEW_SELECT,
  type SavedViewRow,
  toSavedView,
  VISIBLE_TO,
} from './saved-view-rows.ts';
import type { SavedView } from './saved-views.schemas.ts';

/** The shared views, then the actor's own, each in its position order, with counts as the actor sees them. */
export function listSavedViews(db: Database, input: { actor: Actor }): Promise<{ items: SavedView[] }> {
  const { actor } = input;
  return withTenant(db, actor.organizationId, async (tx) => {
    const rows = await tx.query<SavedViewRow>(
      `${SAVED_VIEW_SELECT} where organization_id = $1 and ${VISIBLE_TO}
        order by owner_agent_id is not null, position, id`,
      [actor.organizationId, actor.agentId],
    );
    const items: SavedView[] = [];
    // One count query per view, in this one transaction: the list is capped at a few dozen views.
    for (const row of rows) items.push(await toSavedView(tx, actor, row));
    return { items };
  });
}

export function getSavedView(db: Database, input: { actor: Actor; viewId: string }): Promise<SavedView> {
  const { actor } = input;
  return withTenant(db, actor.organizationId, async (tx) =>
    toSavedView(tx, actor, await findVisibleView(tx, actor, input.viewId)),
  );
}
