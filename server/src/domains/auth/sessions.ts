import type { Database, Queryable } from '../../db/client.ts';
import { withTenant } from '../../db/tenant.ts';
import { newId } from '../../lib/ids.ts';
import { hashSecret, newTenantSecret, parseTenantSecret, randomToken } from '../../lib/secrets.ts';
import type { Actor, AgentRole } from './actor.ts';

export const SESSION_COOKIE = 'ac_session';
const SESSION_PREFIX = 'acs';
// Sliding expiry is written back at most this often, so every request does not cost a write.
const TOUCH_INTERVAL_MS = 60_000;

export type NewSession = { token: string; csrfToken: string; expiresAt: Date };

export async function createSession(
  tx: Queryable,
  input: { organizationId: string; agentId: string; ttlHours: number; ip: string; userAgent: string },
): Promise<NewSession> {
  const token = newTenantSecret(SESSION_PREFIX, input.organizationId);
  const csrfToken = randomToken();
  const expiresAt = new Date(Date.now() + input.ttlHours * 3_600_000);
  await tx.query(
    `insert into sessions (organization_id, id, agent_id, token_hash, csrf_token, ip, user_agent, expires_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [
      input.organizationId,
      newId(),
      input.agentId,
      hashSecret(token),
      csrfToken,
      input.ip,
      input.userAgent.slice(0, 500),
      expiresAt,
    ],
  );
  return { token, csrfToken, expiresAt };
}

export type ActiveSession = Actor & { csrfToken: string };

/** The agent behind a session cookie, or null when it is unknown, expired or the agent was deactivated. */
export async function findSession(
  db: Database,
  token: string,
  ttlHours: number,
): Promise<ActiveSession | null> {
  const parsed = parseTenantSecret(SESSION_PREFIX, token);
  if (!parsed) return null;
  return withTenant(db, parsed.organizationId, async (tx) => {
    const [row] = await tx.query<{
      id: string;
      agent_id: string;
      role: AgentRole;
      csrf_token: string;
      last_seen_at: Date;
    }>(
      `select s.id, s.agent_id, a.role, s.csrf_token, s.last_seen_at
         from sessions s
         join agents a on a.organization_id = s.organization_id and a.id = s.agent_id
        where s.organization_id = $1 and s.token_hash = $2 and s.expires_at > now() and a.is_active`,
      [parsed.organizationId, hashSecret(parsed.secret)],
    );
    if (!row) return null;
    if (Date.now() - row.last_seen_at.getTime() > TOUCH_INTERVAL_MS) {
      await tx.query(
        `update sessions set last_seen_at = now(), expires_at = now() + make_interval(hours => $3)
          where organization_id = $1 and id = $2`,
        [parsed.organizationId, row.id, ttlHours],
      );
    }
    return {
      organizationId: parsed.organizationId,
      agentId: row.agent_id,
      role: row.role,
      authMethod: 'session',
      sessionId: row.id,
      csrfToken: row.csrf_token,
    };
  });
}

/**
 * The CSRF token of the caller's own session. Reading it needs the session cookie and a same-origin
 * read (no CORS), which another site cannot do, so handing it back is as safe as at sign-in.
 */
export async function csrfTokenOf(tx: Queryable, actor: Actor): Promise<string | undefined> {
  if (!actor.sessionId) return undefined;
  const [row] = await tx.query<{ csrf_token: string }>(
    'select csrf_token from sessions where organization_id = $1 and id = $2',
    [actor.organizationId, actor.sessionId],
  );
  return row?.csrf_token;
}

export async function deleteSession(db: Database, actor: Actor): Promise<void> {
  if (!actor.sessionId) return;
  await withTenant(db, actor.organizationId, (tx) =>
    tx.query('delete from sessions where organization_id = $1 and id = $2', [
      actor.organizationId,
      actor.sessionId,
    ]),
  );
}

/** Ends every session of an agent (deactivation, password change), except optionally the current one. */
export async function deleteAgentSessions(
  tx: Queryable,
  organizationId: string,
  agentId: string,
  exceptSessionId: string | null = null,
): Promise<void> {
  await tx.query(
    'delete from sessions where organization_id = $1 and agent_id = $2 and id is distinct from $3',
    [organizationId, agentId, exceptSessionId],
  );
}
