import type { Database } from '../../db/client.ts';
import { withTenant } from '../../db/tenant.ts';
import { recordAudit } from '../../lib/audit.ts';
import { AppError, isUniqueViolation } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import { hashPassword } from '../../lib/passwords.ts';
import { hashSecret, parseTenantSecret } from '../../lib/secrets.ts';
import { createSession, type NewSession } from '../auth/sessions.ts';
import { INVITATION_PREFIX } from './invitation-rows.ts';

export type AcceptInvitationInput = {
  token: string;
  name?: string;
  password: string;
  ip: string;
  userAgent: string;
  ttlHours: number;
};

const invalidInvitation = () =>
  new AppError('not_found', 'This invitation link is invalid, expired, revoked or already used');

/** Turns a pending invitation into an active agent and signs them in. */
export async function acceptInvitation(
  db: Database,
  input: AcceptInvitationInput,
): Promise<NewSession & { organizationId: string; agentId: string }> {
  const parsed = parseTenantSecret(INVITATION_PREFIX, input.token);
  if (!parsed) throw invalidInvitation();
  const passwordHash = await hashPassword(input.password);
  const { organizationId } = parsed;
  return withTenant(db, organizationId, async (tx) => {
    // Locking the row makes two clicks on the same link create one agent.
    const [invitation] = await tx.query<{ id: string; email: string; name: string; role: string }>(
      `select id, email, name, role from invitations
        where organization_id = $1 and token_hash = $2
          and accepted_at is null and revoked_at is null and expires_at > now()
        for update`,
      [organizationId, hashSecret(parsed.secret)],
    );
    if (!invitation) throw invalidInvitation();
    const agentId = newId();
    const name = input.name?.trim() || invitation.name || invitation.email;
    try {
      await tx.query(
        `insert into agents (organization_id, id, email, name, role, password_hash)
         values ($1, $2, $3, $4, $5, $6)`,
        [organizationId, agentId, invitation.email, name, invitation.role, passwordHash],
      );
    } catch (error) {
      if (isUniqueViolation(error)) throw new AppError('conflict', 'An agent with this email already exists');
      throw error;
    }
    await tx.query('update invitations set accepted_at = now() where organization_id = $1 and id = $2', [
      organizationId,
      invitation.id,
    ]);
    await recordAudit(tx, {
      organizationId,
      actorType: 'agent',
      actorId: agentId,
      action: 'invitation.accepted',
      entityType: 'agent',
      entityId: agentId,
      changes: { invitationId: invitation.id, role: invitation.role },
    });
    const session = await createSession(tx, { organizationId, agentId, ...input });
    return { ...session, organizationId, agentId };
  });
}
