import type { Database } from '../../db/client.ts';
import { withoutTenant, withTenant } from '../../db/tenant.ts';
import { newId } from '../../lib/ids.ts';
import { hashSecret, newTenantSecret } from '../../lib/secrets.ts';
import { type AccountMail, emailAccountLink } from '../email/account-emails.ts';

export const RESET_TOKEN_PREFIX = 'acr';
const RESET_TTL_MINUTES = 60;
// Asking again and again yields no more than this many links an hour per agent, so an address
// cannot be flooded through the public route.
const MAX_RESETS_PER_HOUR = 5;

export type IssuedReset = { organizationId: string; agentId: string; url: string; emailed: boolean };

/**
 * An agent who forgot their password asks for a reset link by email (and organization slug, when
 * the email is an agent in several). Who asks proves nothing, so the caller answers the same
 * whatever this finds: the links go to the agent's mailbox (or, when the organization cannot send
 * mail, to the log: `emailed` false), never back to the asker.
 */
export async function requestPasswordReset(
  db: Database,
  input: { email: string; organizationSlug?: string; publicUrl: string; mail: AccountMail },
): Promise<IssuedReset[]> {
  const agents = await findActiveAgents(db, input.email, input.organizationSlug);
  const issued: IssuedReset[] = [];
  for (const agent of agents) {
    const reset = await issueReset(db, agent, input);
    if (reset) issued.push(reset);
  }
  return issued;
}

type AgentRef = { organization_id: string; id: string; email: string };

// The organization is not known until the email is looked up, so this one read crosses tenants.
function findActiveAgents(db: Database, email: string, slug: string | undefined): Promise<AgentRef[]> {
  return withoutTenant(db, (tx) =>
    tx.query<AgentRef>(
      `select a.organization_id, a.id, a.email
         from agents a join organizations o on o.id = a.organization_id
        where lower(a.email) = lower($1) and a.is_active and ($2::text is null or o.slug = $2)
        order by a.organization_id
        limit 20`,
      [email.trim(), slug ?? null],
    ),
  );
}

/** A new single-use link for the agent, emailed when possible; null once the hourly allowance is used up. */
function issueReset(
  db: Database,
  agent: AgentRef,
  input: { publicUrl: string; mail: AccountMail },
): Promise<IssuedReset | null> {
  return withTenant(db, agent.organization_id, async (tx) => {
    const [recent] = await tx.query<{ count: number }>(
      `select count(*)::int as count from password_resets
        where organization_id = $1 and agent_id = $2 and created_at > now() - interval '1 hour'`,
      [agent.organization_id, agent.id],
    );
    if ((recent?.count ?? 0) >= MAX_RESETS_PER_HOUR) return null;
    const token = newTenantSecret(RESET_TOKEN_PREFIX, agent.organization_id);
    await tx.query(
      `insert into password_resets (organization_id, id, agent_id, token_hash, expires_at)
       values ($1, $2, $3, $4, now() + make_interval(mins => $5))`,
      [agent.organization_id, newId(), agent.id, hashSecret(token), RESET_TTL_MINUTES],
    );
    // In the fragment, which browsers send neither to servers nor in Referer headers.
    const url = `${input.publicUrl}/password-reset#token=${token}`;
    const emailed = await emailAccountLink(tx, input.mail, {
      organizationId: agent.organization_id,
      kind: 'password_reset',
      to: agent.email,
      link: url,
    });
    return { organizationId: agent.organization_id, agentId: agent.id, url, emailed };
  });
}
