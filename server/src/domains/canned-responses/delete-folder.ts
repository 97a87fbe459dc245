import type { Database } from '../../db/client.ts';
import { withTenant } from '../../db/tenant.ts';
import { recordAudit } from '../../lib/audit.ts';
import { type Actor, requireAdmin } from '../auth/actor.ts';
import { getFolder } from './folder-rows.ts';

/** The folder goes; its responses (shared and everyone's personal ones) stay, in no folder. */
export function deleteFolder(db: Database, input: { actor: Actor; folderId: string }): Promise<void> {
  const { actor, folderId } = input;
  requireAdmin(actor);
  const { organizationId } = actor;
  return withTenant(db, organizationId, async (tx) => {
    const folder = await getFolder(tx, organizationId, folderId);
    // Done here rather than left to the foreign key's `set null`, so the history says which moved.
    const moved = await tx.query<{ id: string }>(
      `update canned_responses set folder_id = null, updated_at = now()
        where organization_id = $1 and folder_id = $2 returning id`,
      [organizationId, folderId],
    );
    await tx.query('delete from canned_response_folders where organization_id = $1 and id = $2', [
      organizationId,
      folderId,
    ]);
    await recordAudit(tx, {
      organizationId,
      actorType: 'agent',
      actorId: actor.agentId,
      action: 'canned_response_folder.deleted',
      entityType: 'canned_response_folder',
      entityId: folderId,
      changes: { name: folder.name, unfiledResponseIds: moved.map((row) => row.id) },
    });
  });
}
