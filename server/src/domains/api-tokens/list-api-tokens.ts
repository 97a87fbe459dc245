import type { Database } from '../../db/client.ts';
import { withTenant } from '../../db/tenant.ts';
import { decodeCursor, type PageOf, type PageRequest, pageLimit, toPage } from '../../lib/pagination.ts';
import { type Actor, requireAdmin } from '../auth/actor.ts';
import { API_TOKEN_COLUMNS, type ApiToken, type ApiTokenRow, toApiToken } from './api-tokens.schemas.ts';

export function listApiTokens(
  db: Database,
  input: PageRequest & { actor: Actor },
): Promise<PageOf<ApiToken>> {
  requireAdmin(input.actor);
  const limit = pageLimit(input);
  const { organizationId } = input.actor;
  return withTenant(db, organizationId, async (tx) => {
    const rows = await tx.query<ApiTokenRow>(
      `select ${API_TOKEN_COLUMNS} from api_tokens
        where organization_id = $1 and ($2::uuid is null or id > $2)
        order by id limit $3`,
      [organizationId, decodeCursor(input.cursor), limit + 1],
    );
    return toPage(rows, limit, toApiToken);
  });
}
