import type { Database } from '../../db/client.ts';
import { withTenant } from '../../db/tenant.ts';
import { recordAudit } from '../../lib/audit.ts';
import { AppError, notFound } from '../../lib/errors.ts';
import { type Actor, requireAdmin } from '../auth/actor.ts';

export function revokeInvitation(db: Database, input: { actor: Actor; invitationId: string }): Promise<void> {
  const { actor } = input;
  requireAdmin(actor);
  return withTenant(db, actor.organizationId, async (tx) => {
    const [row] = await tx.query<{ accepted_at: Date | null }>(
      'select accepted_at from invitations where organization_id = $1 and id = $2',
      [actor.organizationId, input.invitationId],
    );
    if (!row) throw notFound('Invitation');
    if (row.accepted_at) throw new AppError('conflict', 'This invitation was already accepted');
    await tx.query(
      'update invitations set revoked_at = coalesce(revoked_at, now()) where organization_id = $1 and id = $2',
      [actor.organizationId, input.invitationId],
    );
    await recordAudit(tx, {
      organizationId: actor.organizationId,
      actorType: 'agent',
      actorId: actor.agentId,
      action: 'invitation.revoked',
      entityType: 'invitation',
      entityId: input.invitationId,
    });
  });
}
