import type { Database } from '../../db/client.ts';
import { withTenant } from '../../db/tenant.ts';
import { recordAudit } from '../../lib/audit.ts';
import { AppError } from '../../lib/errors.ts';
import { hashPassword } from '../../lib/passwords.ts';
import { hashSecret, parseTenantSecret } from '../../lib/secrets.ts';
import { RESET_TOKEN_PREFIX } from './request-password-reset.ts';
import { deleteAgentSessions } from './sessions.ts';

/**
 * Trades an unused, unexpired reset token for a new password. The token and any others the agent
 * was sent stop working, every session of the agent ends (whoever knew the old password is signed
 * out) and a lockout from failed sign-ins is lifted.
 */
export async function completePasswordReset(
  db: Database,
  input: { token: string; password: string },
): Promise<void> {
  const parsed = parseTenantSecret(RESET_TOKEN_PREFIX, input.token);
  if (!parsed) throw invalidToken();
  const { organizationId } = parsed;
  const passwordHash = await hashPassword(input.password);
  await withTenant(db, organizationId, async (tx) => {
    const [reset] = await tx.query<{ agent_id: string }>(
      `update password_resets r set used_at = now()
         from agents a
        where r.organization_id = $1 and r.token_hash = $2 and r.used_at is null and r.expires_at > now()
          and a.organization_id = r.organization_id and a.id = r.agent_id and a.is_active
        returning r.agent_id`,
      [organizationId, hashSecret(parsed.secret)],
    );
    if (!reset) throw invalidToken();
    const agentId = reset.agent_id;
    await tx.query(
      `update password_resets set used_at = now()
        where organization_id = $1 and agent_id = $2 and used_at is null`,
      [organizationId, agentId],
    );
    await tx.query(
      `update agents set password_hash = $3, failed_login_count = 0, locked_until = null, updated_at = now()
        where organization_id = $1 and id = $2`,
      [organizationId, agentId, passwordHash],
    );
    await deleteAgentSessions(tx, organizationId, agentId);
    await recordAudit(tx, {
      organizationId,
      actorType: 'agent',
      actorId: agentId,
      action: 'agent.password_reset',
      entityType: 'agent',
      entityId: agentId,
    });
  });
}

const invalidToken = () =>
  new AppError('validation_failed', 'This reset link is invalid, used or expired; ask for a new one', {
    field: 'token',
  });
