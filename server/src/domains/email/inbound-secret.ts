import type { Database } from '../../db/client.ts';
import { withTenant } from '../../db/tenant.ts';
import { recordAudit } from '../../lib/audit.ts';
import { hashSecret, newTenantSecret, parseTenantSecret, safeEqual } from '../../lib/secrets.ts';
import { type Actor, requireAdmin } from '../auth/actor.ts';

const PREFIX = 'acin';

/** A new secret for the HTTP intake; the previous one stops working. Shown once, stored hashed. */
export async function rotateInboundSecret(db: Database, actor: Actor): Promise<string> {
  requireAdmin(actor);
  const secret = newTenantSecret(PREFIX, actor.organizationId);
  await withTenant(db, actor.organizationId, async (tx) => {
    await tx.query(
      `insert into email_settings (organization_id, inbound_secret_hash) values ($1, $2)
       on conflict (organization_id) do update set inbound_secret_hash = $2, updated_at = now()`,
      [actor.organizationId, hashSecret(secret)],
    );
    await recordAudit(tx, {
      organizationId: actor.organizationId,
      actorType: 'agent',
      actorId: actor.agentId,
      action: 'email.inbound_secret_rotated',
      entityType: 'organization',
      entityId: actor.organizationId,
    });
  });
  return secret;
}

/** The organization whose intake secret this is, or null. */
export async function organizationOfInboundSecret(db: Database, bearer: string): Promise<string | null> {
  const parsed = parseTenantSecret(PREFIX, bearer);
  if (!parsed) return null;
  const [row] = await withTenant(db, parsed.organizationId, (tx) =>
    tx.query<{ inbound_secret_hash: string | null }>(
      'select inbound_secret_hash from email_settings where organization_id = $1',
      [parsed.organizationId],
    ),
  );
  const stored = row?.inbound_secret_hash;
  return stored && safeEqual(stored, hashSecret(bearer)) ? parsed.organizationId : null;
}
