import type { Database } from '../../db/client.ts';
import { withTenant } from '../../db/tenant.ts';
import { recordAudit } from '../../lib/audit.ts';
import { newId } from '../../lib/ids.ts';
import { type Actor, requireAdmin } from '../auth/actor.ts';
import type { Folder } from './canned-responses.schemas.ts';
import { getFolder, rethrowDuplicateName } from './folder-rows.ts';

/** Folders are the organization's shelves, shared by everyone, so admins arrange them. */
export function createFolder(db: Database, input: { actor: Actor; name: string }): Promise<Folder> {
  const { actor } = input;
  requireAdmin(actor);
  const { organizationId } = actor;
  const id = newId();
  const name = input.name.trim();
  return withTenant(db, organizationId, async (tx) => {
    await tx
      .query('insert into canned_response_folders (organization_id, id, name) values ($1, $2, $3)', [
        organizationId,
        id,
        name,
      ])
      .catch(rethrowDuplicateName);
    await recordAudit(tx, {
      organizationId,
      actorType: 'agent',
      actorId: actor.agentId,
      action: 'canned_response_folder.created',
      entityType: 'canned_response_folder',
      entityId: id,
      changes: { name },
    });
    return getFolder(tx, organizationId, id);
  });
}
