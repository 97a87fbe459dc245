import type { Database } from '../../db/client.ts';
import { withTenant } from '../../db/tenant.ts';
import { recordAudit } from '../../lib/audit.ts';
import type { ObjectStorage } from '../../lib/storage/storage.ts';
import { type Actor, requireAdmin } from '../auth/actor.ts';

/** Takes the portal's logo away (admins); removing none changes nothing and records nothing. */
export async function removeOrganizationLogo(
  db: Database,
  storage: ObjectStorage,
  input: { actor: Actor },
): Promise<void> {
  const { actor } = input;
  requireAdmin(actor);
  const { organizationId } = actor;
  const removedKey = await withTenant(db, organizationId, async (tx) => {
    const [before] = await tx.query<{ logo_key: string | null }>(
      'select logo_key from organizations where id = $1 for update',
      [organizationId],
    );
    if (!before?.logo_key) return null;
    await tx.query(
      'update organizations set logo_key = null, logo_content_type = null, updated_at = now() where id = $1',
      [organizationId],
    );
    await recordAudit(tx, {
      organizationId,
      actorType: 'agent',
      actorId: actor.agentId,
      action: 'organization.logo_removed',
      entityType: 'organization',
      entityId: organizationId,
    });
    return before.logo_key;
  });
  if (removedKey) await storage.delete(removedKey).catch(() => undefined);
}
