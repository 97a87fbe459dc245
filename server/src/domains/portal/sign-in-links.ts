import type { Database } from '../../db/client.ts';
import { withTenant } from '../../db/tenant.ts';
import { AppError } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import { hashSecret, newTenantSecret, parseTenantSecret } from '../../lib/secrets.ts';
import type { Actor } from '../auth/actor.ts';
import { createContactSession } from '../auth/contact-sessions.ts';
import type { NewSession } from '../auth/sessions.ts';
import { getContact } from '../contacts/contact-rows.ts';

const LINK_PREFIX = 'acl';
const LINK_TTL_MINUTES = 60;

export type SignInLink = { token: string; url: string; expiresAt: string };

/**
 * A one-time link that signs a customer in to the portal. Agents create it for a customer now; the
 * email channel will send it when a customer asks for one. Only its hash is stored.
 */
export function createSignInLink(
  db: Database,
  input: { actor: Actor; contactId: string; publicUrl: string },
): Promise<SignInLink> {
  const { organizationId } = input.actor;
  return withTenant(db, organizationId, async (tx) => {
    await getContact(tx, organizationId, input.contactId);
    const token = newTenantSecret(LINK_PREFIX, organizationId);
    const [row] = await tx.query<{ expires_at: Date }>(
      `insert into contact_sign_in_tokens (organization_id, id, contact_id, token_hash, expires_at)
       values ($1, $2, $3, $4, now() + make_interval(mins => $5)) returning expires_at`,
      [organizationId, newId(), input.contactId, hashSecret(token), LINK_TTL_MINUTES],
    );
    return {
      token,
      url: `${input.publicUrl}/portal/sign-in#token=${token}`,
      expiresAt: (row?.expires_at ?? new Date()).toISOString(),
    };
  });
}

/** Trades an unused, unexpired link for a portal session; a link works once. */
export async function redeemSignInLink(
  db: Database,
  input: { token: string; ttlHours: number },
): Promise<NewSession & { organizationId: string; contactId: string }> {
  const parsed = parseTenantSecret(LINK_PREFIX, input.token);
  if (!parsed) throw invalidLink();
  const { organizationId } = parsed;
  return withTenant(db, organizationId, async (tx) => {
    const [row] = await tx.query<{ contact_id: string }>(
      `update contact_sign_in_tokens set used_at = now()
        where organization_id = $1 and token_hash = $2 and used_at is null and expires_at > now()
        returning contact_id`,
      [organizationId, hashSecret(parsed.secret)],
    );
    if (!row) throw invalidLink();
    const session = await createContactSession(tx, {
      organizationId,
      contactId: row.contact_id,
      ttlHours: input.ttlHours,
    });
    return { ...session, organizationId, contactId: row.contact_id };
  });
}

const invalidLink = () => new AppError('unauthenticated', 'This sign-in link is invalid, used or expired');
