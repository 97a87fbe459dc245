import type { Database, Queryable } from '../../db/client.ts';
import { withTenant } from '../../db/tenant.ts';
import { newId } from '../../lib/ids.ts';
import { hashSecret, newTenantSecret, parseTenantSecret, randomToken } from '../../lib/secrets.ts';
import type { NewSession } from './sessions.ts';

// A customer's session has its own cookie and token prefix: an agent route never reads it, so a
// customer's credentials cannot reach agent data even through a routing mistake.
export const CONTACT_SESSION_COOKIE = 'ac_portal';
const CONTACT_SESSION_PREFIX = 'acp';

/** The customer behind a portal request, always taken from their session. */
export type ContactActor = { organizationId: string; contactId: string; sessionId: string };

export async function createContactSession(
  tx: Queryable,
  input: { organizationId: string; contactId: string; ttlHours: number },
): Promise<NewSession> {
  const token = newTenantSecret(CONTACT_SESSION_PREFIX, input.organizationId);
  const csrfToken = randomToken();
  const expiresAt = new Date(Date.now() + input.ttlHours * 3_600_000);
  await tx.query(
    `insert into contact_sessions (organization_id, id, contact_id, token_hash, csrf_token, expires_at)
     values ($1, $2, $3, $4, $5, $6)`,
    [input.organizationId, newId(), input.contactId, hashSecret(token), csrfToken, expiresAt],
  );
  return { token, csrfToken, expiresAt };
}

/** The contact of a portal session cookie, or null when it is unknown or expired. */
export async function findContactSession(
  db: Database,
  token: string,
): Promise<(ContactActor & { csrfToken: string }) | null> {
  const parsed = parseTenantSecret(CONTACT_SESSION_PREFIX, token);
  if (!parsed) return null;
  return withTenant(db, parsed.organizationId, async (tx) => {
    const [row] = await tx.query<{ id: string; contact_id: string; csrf_token: string }>(
      `select id, contact_id, csrf_token from contact_sessions
        where organization_id = $1 and token_hash = $2 and expires_at > now()`,
      [parsed.organizationId, hashSecret(parsed.secret)],
    );
    if (!row) return null;
    return {
      organizationId: parsed.organizationId,
      contactId: row.contact_id,
      sessionId: row.id,
      csrfToken: row.csrf_token,
    };
  });
}

export async function deleteContactSession(db: Database, actor: ContactActor): Promise<void> {
  await withTenant(db, actor.organizationId, (tx) =>
    tx.query('delete from contact_sessions where organization_id = $1 and id = $2', [
      actor.organizationId,
      actor.sessionId,
    ]),
  );
}

/** The CSRF token of the customer's session, which a page reloaded in a new tab needs again. */
export async function contactCsrfTokenOf(db: Database, actor: ContactActor): Promise<string> {
  const [row] = await withTenant(db, actor.organizationId, (tx) =>
    tx.query<{ csrf_token: string }>(
      'select csrf_token from contact_sessions where organization_id = $1 and id = $2',
      [actor.organizationId, actor.sessionId],
    ),
  );
  return row?.csrf_token ?? '';
}
