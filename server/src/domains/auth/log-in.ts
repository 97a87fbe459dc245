import type { Database } from '../../db/client.ts';
import { withoutTenant, withTenant } from '../../db/tenant.ts';
import { AppError } from '../../lib/errors.ts';
import { verifyAgainstDecoy, verifyPassword } from '../../lib/passwords.ts';
import { createSession, type NewSession } from './sessions.ts';

export type LogInInput = {
  email: string;
  password: string;
  organizationSlug?: string;
  ip: string;
  userAgent: string;
  ttlHours: number;
  maxAttempts: number;
  lockoutMinutes: number;
};

type Candidate = {
  organization_id: string;
  id: string;
  password_hash: string;
  locked_until: Date | null;
};

const invalidCredentials = () => new AppError('invalid_credentials', 'Email or password is wrong');

/**
 * Password sign-in. An email may be an agent in several organizations; the password decides which,
 * and the organization's slug settles it when it matches more than one.
 */
export async function logIn(
  db: Database,
  input: LogInInput,
): Promise<NewSession & { organizationId: string; agentId: string }> {
  const candidates = await findCandidates(db, input.email, input.organizationSlug);
  if (candidates.length === 0) {
    await verifyAgainstDecoy(input.password);
    throw invalidCredentials();
  }
  const locked = candidates.filter(
    (candidate) => candidate.locked_until && candidate.locked_until > new Date(),
  );
  const matched: Candidate[] = [];
  for (const candidate of candidates) {
    if (locked.includes(candidate)) continue;
    if (await verifyPassword(candidate.password_hash, input.password)) matched.push(candidate);
    else await recordFailure(db, candidate, input);
  }
  if (matched.length === 0) {
    if (locked.length > 0 && locked.length === candidates.length) throw lockedError(locked);
    throw invalidCredentials();
  }
  if (matched.length > 1) {
    throw new AppError('validation_failed', 'This email signs in to several organizations; name one', {
      field: 'organization',
    });
  }
  const [agent] = matched as [Candidate];
  return withTenant(db, agent.organization_id, async (tx) => {
    await tx.query(
      `update agents set failed_login_count = 0, locked_until = null, last_login_at = now()
        where organization_id = $1 and id = $2`,
      [agent.organization_id, agent.id],
    );
    const session = await createSession(tx, {
      organizationId: agent.organization_id,
      agentId: agent.id,
      ttlHours: input.ttlHours,
      ip: input.ip,
      userAgent: input.userAgent,
    });
    return { ...session, organizationId: agent.organization_id, agentId: agent.id };
  });
}

// The organization is not known until the email is looked up, so this one read crosses tenants.
function findCandidates(db: Database, email: string, slug: string | undefined): Promise<Candidate[]> {
  return withoutTenant(db, (tx) =>
    tx.query<Candidate>(
      `select a.organization_id, a.id, a.password_hash, a.locked_until
         from agents a join organizations o on o.id = a.organization_id
        where lower(a.email) = lower($1) and a.is_active and ($2::text is null or o.slug = $2)
        order by a.organization_id
        limit 20`,
      [email, slug ?? null],
    ),
  );
}

/** Counts a wrong password; enough of them in a row lock the account for a while. */
async function recordFailure(
  db: Database,
  candidate: Candidate,
  input: Pick<LogInInput, 'maxAttempts' | 'lockoutMinutes'>,
): Promise<void> {
  await withTenant(db, candidate.organization_id, (tx) =>
    tx.query(
      `update agents
          set failed_login_count = case when failed_login_count + 1 >= $3 then 0 else failed_login_count + 1 end,
              locked_until = case when failed_login_count + 1 >= $3
                                  then now() + make_interval(mins => $4) else locked_until end
        where organization_id = $1 and id = $2`,
      [candidate.organization_id, candidate.id, input.maxAttempts, input.lockoutMinutes],
    ),
  );
}

function lockedError(locked: Candidate[]): AppError {
  const until = Math.min(...locked.map((candidate) => candidate.locked_until?.getTime() ?? 0));
  const retryAfterSeconds = Math.max(1, Math.ceil((until - Date.now()) / 1000));
  return new AppError('rate_limited', 'Too many failed sign-ins; this account is locked for a while', {
    retryAfterSeconds,
  });
}
