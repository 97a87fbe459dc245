import type { Database, Queryable } from '../../db/client.ts';
import { withTenant } from '../../db/tenant.ts';
import { AppError, notFound } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import { hashSecret, newTenantSecret, parseTenantSecret } from '../../lib/secrets.ts';
import type { Actor } from '../auth/actor.ts';
import { createContactSession } from '../auth/contact-sessions.ts';
import type { NewSession } from '../auth/sessions.ts';
import { getContact } from '../contacts/contact-rows.ts';
import { type AccountMail, emailAccountLink } from '../email/account-emails.ts';
import { findOrganizationIdBySlug } from './organization-by-slug.ts';

const LINK_PREFIX = 'acl';
const LINK_TTL_MINUTES = 60;
// A customer asking again and again gets no more than this many links an hour, so the address
// cannot be flooded through the public route.
const MAX_REQUESTED_LINKS_PER_HOUR = 5;

export type SignInLink = { token: string; url: string; expiresAt: string };

/** An agent makes a one-time link for one of the organization's customers. */
export function createSignInLink(
  db: Database,
  input: { actor: Actor; contactId: string; publicUrl: string },
): Promise<SignInLink> {
  const { organizationId } = input.actor;
  return withTenant(db, organizationId, async (tx) => {
    await getContact(tx, organizationId, input.contactId);
    return issueSignInLink(tx, { organizationId, contactId: input.contactId, publicUrl: input.publicUrl });
  });
}

export type RequestedLink = SignInLink & { organizationId: string; contactId: string; emailed: boolean };

/**
 * A customer asks for a link by organization and email. Who is asking proves nothing, so the answer
 * never tells whether the address is known: null for an unknown organization or email, or when the
 * hourly allowance is used up. A customer is never created here. The link is emailed to the customer
 * in the same transaction when the organization can send mail (`emailed`); else the caller logs it.
 */
export async function requestSignInLink(
  db: Database,
  input: { organizationSlug: string; email: string; publicUrl: string; mail: AccountMail },
): Promise<RequestedLink | null> {
  const organizationId = await findOrganizationIdBySlug(db, input.organizationSlug);
  if (!organizationId) return null;
  return withTenant(db, organizationId, async (tx) => {
    const [contact] = await tx.query<{ id: string; email: string; recent_links: number }>(
      `select c.id, c.email, (select count(*)::int from contact_sign_in_tokens s
                      where s.organization_id = c.organization_id and s.contact_id = c.id
                        and s.created_at > now() - interval '1 hour') as recent_links
         from contacts c where c.organization_id = $1 and lower(c.email) = lower($2)`,
      [organizationId, input.email.trim()],
    );
    if (!contact || contact.recent_links >= MAX_REQUESTED_LINKS_PER_HOUR) return null;
    const link = await issueSignInLink(tx, {
      organizationId,
      contactId: contact.id,
      publicUrl: input.publicUrl,
    });
    const emailed = await emailAccountLink(tx, input.mail, {
      organizationId,
      kind: 'portal_sign_in',
      to: contact.email,
      link: link.url,
    });
    return { ...link, organizationId, contactId: contact.id, emailed };
  });
}

/**
 * Stores a new link's hash and returns the link, addressed to the web app's sign-in page of the
 * organization's portal (`/portal/<slug>/sign-in`); the token travels in the fragment, which
 * browsers do not send to servers or in Referer headers.
 */
async function issueSignInLink(
  tx: Queryable,
  input: { organizationId: string; contactId: string; publicUrl: string },
): Promise<SignInLink> {
  const { organizationId } = input;
  const [organization] = await tx.query<{ slug: string }>('select slug from organizations where id = $1', [
    organizationId,
  ]);
  if (!organization) throw notFound('Organization');
  const token = newTenantSecret(LINK_PREFIX, organizationId);
  const [row] = await tx.query<{ expires_at: Date }>(
    `insert into contact_sign_in_tokens (organization_id, id, contact_id, token_hash, expires_at)
     values ($1, $2, $3, $4, now() + make_interval(mins => $5)) returning expires_at`,
    [organizationId, newId(), input.contactId, hashSecret(token), LINK_TTL_MINUTES],
  );
  return {
    token,
    url: `${input.publicUrl}/portal/${organization.slug}/sign-in#token=${token}`,
    expiresAt: (row?.expires_at ?? new Date()).toISOString(),
  };
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
