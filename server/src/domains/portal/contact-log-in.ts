import type { Database } from '../../db/client.ts';
import { withTenant } from '../../db/tenant.ts';
import { AppError } from '../../lib/errors.ts';
import { verifyAgainstDecoy, verifyPassword } from '../../lib/passwords.ts';
import { createContactSession } from '../auth/contact-sessions.ts';
import type { NewSession } from '../auth/sessions.ts';
import { findOrganizationIdBySlug } from './organization-by-slug.ts';

export type ContactLogInInput = {
  organizationSlug: string;
  email: string;
  password: string;
  ttlHours: number;
  maxAttempts: number;
  lockoutMinutes: number;
};

type Candidate = { id: string; password_hash: string | null; locked_until: Date | null };

const invalidCredentials = () => new AppError('invalid_credentials', 'Email or password is wrong');

/**
 * A customer's password sign-in to one organization's portal, locked like an agent's after
 * LOGIN_MAX_ATTEMPTS wrong passwords in a row. An unknown organization or email, or a customer
 * without a password, costs the same argon2 verification as a wrong password, so neither the answer
 * nor its timing tells which addresses have accounts.
 */
export async function logInContact(
  db: Database,
  input: ContactLogInInput,
): Promise<NewSession & { organizationId: string; contactId: string }> {
  const organizationId = await findOrganizationIdBySlug(db, input.organizationSlug);
  const contact = organizationId ? await findCandidate(db, organizationId, input.email) : null;
  if (!organizationId || !contact?.password_hash) {
    await verifyAgainstDecoy(input.password);
    throw invalidCredentials();
  }
  if (contact.locked_until && contact.locked_until > new Date()) throw lockedError(contact.locked_until);
  if (!(await verifyPassword(contact.password_hash, input.password))) {
    await recordFailure(db, organizationId, contact.id, input);
    throw invalidCredentials();
  }
  return withTenant(db, organizationId, async (tx) => {
    await tx.query(
      `update contacts set failed_login_count = 0, locked_until = null
        where organization_id = $1 and id = $2`,
      [organizationId, contact.id],
    );
    const session = await createContactSession(tx, {
      organizationId,
      contactId: contact.id,
      ttlHours: input.ttlHours,
    });
    return { ...session, organizationId, contactId: contact.id };
  });
}

async function findCandidate(db: Database, organizationId: string, email: string): Promise<Candidate | null> {
  const [row] = await withTenant(db, organizationId, (tx) =>
    tx.query<Candidate>(
      `select id, password_hash, locked_until from contacts
        where organization_id = $1 and lower(email) = lower($2)`,
      [organizationId, email.trim()],
    ),
  );
  return row ?? null;
}

/** Counts a wrong password; enough of them in a row lock the account for a while. */
async function recordFailure(
  db: Database,
  organizationId: string,
  contactId: string,
  input: Pick<ContactLogInInput, 'maxAttempts' | 'lockoutMinutes'>,
): Promise<void> {
  await withTenant(db, organizationId, (tx) =>
    tx.query(
      `update contacts
          set failed_login_count = case when failed_login_count + 1 >= $3 then 0 else failed_login_count + 1 end,
              locked_until = case when failed_login_count + 1 >= $3
                                  then now() + make_interval(mins => $4) else locked_until end
        where organization_id = $1 and id = $2`,
      [organizationId, contactId, input.maxAttempts, input.lockoutMinutes],
    ),
  );
}

function lockedError(lockedUntil: Date): AppError {
  const retryAfterSeconds = Math.max(1, Math.ceil((lockedUntil.getTime() - Date.now()) / 1000));
  return new AppError('rate_limited', 'Too many failed sign-ins; this account is locked for a while', {
    retryAfterSeconds,
  });
}
