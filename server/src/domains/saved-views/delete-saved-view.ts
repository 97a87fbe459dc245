import type { Database } from '../../db/client.ts';
import { withTenant } from '../../db/tenant.ts';
import { recordAudit } from '../../lib/audit.ts';
import type { Actor } from '../auth/actor.ts';
import { assertCanChange, findVisibleView } from './saved-view-rows.ts';

export function deleteSavedView(db: Database, input: { actor: Actor; viewId: string }): Promise<void> {
  const { actor, viewId } = input;
  const { organizationId } = actor;
  return withTenant(db, organizationId, async (tx) => {
    const view = await findVisibleView(tx, actor, viewId);
    assertCanChange(actor, view);
    await tx.query('delete from saved_views where organization_id = $1 and id = $2', [
      organizationId,
      viewId,
    ]);
    await recordAudit(tx, {
      organizationId,
      actorType: 'agent',
      actorId: actor.agentId,
      action: 'saved_view.deleted',
      entityType: 'saved_view',
      entityId: viewId,
      changes: { name: view.name, shared: view.owner_agent_id === null },
    });
  });
}
