import type { Database } from '../../db/client.ts';
import { withTenant } from '../../db/tenant.ts';
import { recordAudit } from '../../lib/audit.ts';
import { newId } from '../../lib/ids.ts';
import { hashSecret, newTenantSecret } from '../../lib/secrets.ts';
import { type Actor, requireAdmin } from '../auth/actor.ts';
import {
  API_TOKEN_COLUMNS,
  API_TOKEN_PREFIX,
  type ApiToken,
  type ApiTokenRow,
  toApiToken,
} from './api-tokens.schemas.ts';

/** The token itself is returned once and only its hash is kept. */
export function createApiToken(
  db: Database,
  input: { actor: Actor; name: string },
): Promise<{ apiToken: ApiToken; token: string }> {
  const { actor } = input;
  requireAdmin(actor);
  const token = newTenantSecret(API_TOKEN_PREFIX, actor.organizationId);
  return withTenant(db, actor.organizationId, async (tx) => {
    const [row] = await tx.query<ApiTokenRow>(
      `insert into api_tokens (organization_id, id, name, token_hash, token_hint, agent_id)
       values ($1, $2, $3, $4, $5, $6) returning ${API_TOKEN_COLUMNS}`,
      [actor.organizationId, newId(), input.name.trim(), hashSecret(token), token.slice(-4), actor.agentId],
    );
    const apiToken = toApiToken(row as ApiTokenRow);
    await recordAudit(tx, {
      organizationId: actor.organizationId,
      actorType: 'agent',
      actorId: actor.agentId,
      action: 'api_token.created',
      entityType: 'api_token',
      entityId: apiToken.id,
      changes: { name: apiToken.name },
    });
    return { apiToken, token };
  });
}
