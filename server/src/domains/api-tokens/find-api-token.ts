import type { Database } from '../../db/client.ts';
import { withTenant } from '../../db/tenant.ts';
import { hashSecret, parseTenantSecret } from '../../lib/secrets.ts';
import type { Actor, AgentRole } from '../auth/actor.ts';
import { API_TOKEN_PREFIX } from './api-tokens.schemas.ts';

/**
 * A token acts as the agent who created it, with that agent's role today: deactivating or demoting
 * the agent takes effect on their tokens at once.
 */
export async function findApiToken(db: Database, token: string): Promise<Actor | null> {
  const parsed = parseTenantSecret(API_TOKEN_PREFIX, token);
  if (!parsed) return null;
  const { organizationId } = parsed;
  return withTenant(db, organizationId, async (tx) => {
    const [row] = await tx.query<{ id: string; agent_id: string; role: AgentRole; stale: boolean }>(
      `select t.id, t.agent_id, a.role,
              (t.last_used_at is null or t.last_used_at < now() - interval '1 minute') as stale
         from api_tokens t
         join agents a on a.organization_id = t.organization_id and a.id = t.agent_id
        where t.organization_id = $1 and t.token_hash = $2 and t.revoked_at is null and a.is_active`,
      [organizationId, hashSecret(parsed.secret)],
    );
    if (!row) return null;
    if (row.stale) {
      await tx.query('update api_tokens set last_used_at = now() where organization_id = $1 and id = $2', [
        organizationId,
        row.id,
      ]);
    }
    return {
      organizationId,
      agentId: row.agent_id,
      role: row.role,
      authMethod: 'api_token',
      sessionId: null,
    };
  });
}
