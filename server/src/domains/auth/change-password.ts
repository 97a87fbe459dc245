import type { Database } from '../../db/client.ts';
import { withTenant } from '../../db/tenant.ts';
import { recordAudit } from '../../lib/audit.ts';
import { AppError } from '../../lib/errors.ts';
import { hashPassword, verifyPassword } from '../../lib/passwords.ts';
import type { Actor } from './actor.ts';
import { deleteAgentSessions } from './sessions.ts';

/** Changing a password signs the agent out everywhere else. */
export async function changePassword(
  db: Database,
  input: { actor: Actor; currentPassword: string; newPassword: string },
): Promise<void> {
  const { actor } = input;
  const newHash = await hashPassword(input.newPassword);
  await withTenant(db, actor.organizationId, async (tx) => {
    const [row] = await tx.query<{ password_hash: string }>(
      'select password_hash from agents where organization_id = $1 and id = $2 for update',
      [actor.organizationId, actor.agentId],
    );
    if (!row || !(await verifyPassword(row.password_hash, input.currentPassword))) {
      throw new AppError('validation_failed', 'The current password is wrong', { field: 'currentPassword' });
    }
    await tx.query(
      'update agents set password_hash = $3, updated_at = now() where organization_id = $1 and id = $2',
      [actor.organizationId, actor.agentId, newHash],
    );
    await deleteAgentSessions(tx, actor.organizationId, actor.agentId, actor.sessionId);
    await recordAudit(tx, {
      organizationId: actor.organizationId,
      actorType: 'agent',
      actorId: actor.agentId,
      action: 'agent.password_changed',
      entityType: 'agent',
      entityId: actor.agentId,
    });
  });
}
