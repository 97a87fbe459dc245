import type { Database } from '../../db/client.ts';
import { withTenant } from '../../db/tenant.ts';
import { recordAudit } from '../../lib/audit.ts';
import { AppError } from '../../lib/errors.ts';
import { hashPassword, verifyPassword } from '../../lib/passwords.ts';
import type { ContactActor } from '../auth/contact-sessions.ts';

/**
 * A signed-in customer chooses a password, or changes it. Changing one needs the current one; the
 * first needs none, since the sign-in link that opened the session proved the address. Other portal
 * sessions end, and a lockout is lifted.
 */
export async function setContactPassword(
  db: Database,
  input: { contact: ContactActor; newPassword: string; currentPassword?: string },
): Promise<void> {
  const { organizationId, contactId, sessionId } = input.contact;
  const newHash = await hashPassword(input.newPassword);
  await withTenant(db, organizationId, async (tx) => {
    const [row] = await tx.query<{ password_hash: string | null }>(
      'select password_hash from contacts where organization_id = $1 and id = $2 for update',
      [organizationId, contactId],
    );
    if (!row) throw new AppError('unauthenticated', 'Sign in to the portal to continue');
    if (row.password_hash !== null) {
      const current = input.currentPassword ?? '';
      if (!current || !(await verifyPassword(row.password_hash, current))) {
        throw new AppError('validation_failed', 'The current password is missing or wrong', {
          field: 'currentPassword',
        });
      }
    }
    await tx.query(
      `update contacts set password_hash = $3, failed_login_count = 0, locked_until = null, updated_at = now()
        where organization_id = $1 and id = $2`,
      [organizationId, contactId, newHash],
    );
    await tx.query(
      'delete from contact_sessions where organization_id = $1 and contact_id = $2 and id <> $3',
      [organizationId, contactId, sessionId],
    );
    await recordAudit(tx, {
      organizationId,
      actorType: 'contact',
      actorId: contactId,
      action: row.password_hash === null ? 'contact.password_set' : 'contact.password_changed',
      entityType: 'contact',
      entityId: contactId,
    });
  });
}
