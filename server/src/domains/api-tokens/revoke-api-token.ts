import type { Database } from '../../db/client.ts';
import { withTenant } from '../../db/tenant.ts';
import { recordAudit } from '../../lib/audit.ts';
import { notFound } from '../../lib/errors.ts';
import { type Actor, requireAdmin } from '../auth/actor.ts';

export function revokeApiToken(db: Database, input: { actor: Actor; tokenId: string }): Promise<void> {
  const { actor } = input;
  requireAdmin(actor);
  return withTenant(db, actor.organizationId, async (tx) => {
    const updated = await tx.query(
      `update api_tokens set revoked_at = coalesce(revoked_at, now())
        where organization_id = $1 and id = $2 returning id`,
      [actor.organizationId, input.tokenId],
    );
    if (updated.length === 0) throw notFound('API token');
    await recordAudit(tx, {
      organizationId: actor.organizationId,
      actorType: 'agent',
      actorId: actor.agentId,
      action: 'api_token.revoked',
      entityType: 'api_token',
      entityId: input.tokenId,
    });
  });
}
