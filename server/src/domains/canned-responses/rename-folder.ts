import type { Database } from '../../db/client.ts';
import { withTenant } from '../../db/tenant.ts';
import { recordAudit } from '../../lib/audit.ts';
import { type Actor, requireAdmin } from '../auth/actor.ts';
import type { Folder } from './canned-responses.schemas.ts';
import { getFolder, rethrowDuplicateName } from './folder-rows.ts';

export function renameFolder(
  db: Database,
  input: { actor: Actor; folderId: string; name: string },
): Promise<Folder> {
  const { actor, folderId } = input;
  requireAdmin(actor);
  const { organizationId } = actor;
  const name = input.name.trim();
  return withTenant(db, organizationId, async (tx) => {
    const before = await getFolder(tx, organizationId, folderId);
    await tx
      .query(
        'update canned_response_folders set name = $3, updated_at = now() where organization_id = $1 and id = $2',
        [organizationId, folderId, name],
      )
      .catch(rethrowDuplicateName);
    await recordAudit(tx, {
      organizationId,
      actorType: 'agent',
      actorId: actor.agentId,
      action: 'canned_response_folder.renamed',
      entityType: 'canned_response_folder',
      entityId: folderId,
      changes: { before: { name: before.name }, after: { name } },
    });
    return getFolder(tx, organizationId, folderId);
  });
}
