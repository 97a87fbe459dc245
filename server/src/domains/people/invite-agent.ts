import type { Database } from '../../db/client.ts';
import { withTenant } from '../../db/tenant.ts';
import { recordAudit } from '../../lib/audit.ts';
import { AppError, isUniqueViolation } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import { hashSecret, newTenantSecret } from '../../lib/secrets.ts';
import { type Actor, requireAdmin } from '../auth/actor.ts';
import { type AccountMail, emailAccountLink } from '../email/account-emails.ts';
import {
  INVITATION_COLUMNS,
  INVITATION_PREFIX,
  INVITATION_TTL_DAYS,
  type InvitationRow,
  toInvitation,
} from './invitation-rows.ts';
import type { Invitation } from './people.schemas.ts';

export type InviteAgentInput = {
  actor: Actor;
  email: string;
  name?: string;
  role: 'admin' | 'agent';
  publicUrl: string;
  /** Where the invitation email is queued; without it (the demo seed) nothing is sent. */
  mail?: AccountMail;
};

export type CreatedInvitation = {
  invitation: Invitation;
  token: string;
  acceptUrl: string;
  emailed: boolean;
};

/**
 * Creates an invitation, emails its link to the invited address when the organization can send mail,
 * and returns the link once (for the admin to pass on otherwise). Inviting the same address again
 * replaces the earlier pending invitation.
 */
export function inviteAgent(db: Database, input: InviteAgentInput): Promise<CreatedInvitation> {
  const { actor } = input;
  requireAdmin(actor);
  return withTenant(db, actor.organizationId, async (tx) => {
    const [existing] = await tx.query(
      'select 1 from agents where organization_id = $1 and lower(email) = lower($2)',
      [actor.organizationId, input.email],
    );
    if (existing) {
      throw new AppError('conflict', 'An agent with this email already exists', { field: 'email' });
    }
    await tx.query(
      `update invitations set revoked_at = now()
        where organization_id = $1 and lower(email) = lower($2) and accepted_at is null and revoked_at is null`,
      [actor.organizationId, input.email],
    );
    const token = newTenantSecret(INVITATION_PREFIX, actor.organizationId);
    const [row] = await tx
      .query<InvitationRow>(
        `insert into invitations (organization_id, id, email, name, role, token_hash, invited_by, expires_at)
       values ($1, $2, $3, $4, $5, $6, $7, now() + make_interval(days => $8))
       returning ${INVITATION_COLUMNS}`,
        [
          actor.organizationId,
          newId(),
          input.email,
          input.name ?? '',
          input.role,
          hashSecret(token),
          actor.agentId,
          INVITATION_TTL_DAYS,
        ],
      )
      .catch(rethrowConcurrentInvitation);
    const invitation = toInvitation(row as InvitationRow);
    await recordAudit(tx, {
      organizationId: actor.organizationId,
      actorType: 'agent',
      actorId: actor.agentId,
      action: 'invitation.created',
      entityType: 'invitation',
      entityId: invitation.id,
      changes: { email: input.email, role: input.role },
    });
    // The agent console's page (/invitations/accept); the token rides in the fragment, which
    // browsers send neither to servers nor in Referer headers.
    const acceptUrl = `${input.publicUrl}/invitations/accept#token=${encodeURIComponent(token)}`;
    const emailed = input.mail
      ? await emailAccountLink(tx, input.mail, {
          organizationId: actor.organizationId,
          kind: 'invitation',
          to: input.email,
          link: acceptUrl,
        })
      : false;
    return { invitation, token, acceptUrl, emailed };
  });
}

/** Another admin invited the same address in the same instant; theirs stands. */
function rethrowConcurrentInvitation(error: unknown): never {
  if (isUniqueViolation(error, 'invitations_pending_email_key')) {
    throw new AppError('conflict', 'This address was just invited by someone else', { field: 'email' });
  }
  throw error;
}
