import type { Database } from '../../db/client.ts';
import { withTenant } from '../../db/tenant.ts';
import { decodeCursor, type PageOf, pageLimit, toPage } from '../../lib/pagination.ts';
import { containsPattern } from '../../lib/search-pattern.ts';
import type { Actor } from '../auth/actor.ts';
import {
  CANNED_RESPONSE_SELECT,
  type CannedResponseRow,
  findVisibleResponse,
  toCannedResponse,
  VISIBLE_TO,
} from './canned-response-rows.ts';
import type { CannedResponse, CannedResponseListRequest } from './canned-responses.schemas.ts';

/** The responses the actor may use (shared and their own), by title/body text, folder and scope, in id order. */
export function listCannedResponses(
  db: Database,
  input: { actor: Actor; request: CannedResponseListRequest },
): Promise<PageOf<CannedResponse>> {
  const { actor, request } = input;
  const limit = pageLimit(request);
  return withTenant(db, actor.organizationId, async (tx) => {
    const rows = await tx.query<CannedResponseRow>(
      `${CANNED_RESPONSE_SELECT}
        where organization_id = $1 and ${VISIBLE_TO}
          and ($3::uuid is null or id > $3)
          and ($4::text is null or title ilike $4 or body ilike $4)
          and ($5::uuid is null or folder_id = $5)
          and ($6::text is null or ($6 = 'shared') = (owner_agent_id is null))
        order by id limit $7`,
      [
        actor.organizationId,
        actor.agentId,
        decodeCursor(request.cursor),
        containsPattern(request.q),
        request.folderId ?? null,
        request.scope ?? null,
        limit + 1,
      ],
    );
    return toPage(rows, limit, toCannedResponse);
  });
}

export function getCannedResponse(
  db: Database,
  input: { actor: Actor; responseId: string },
): Promise<CannedResponse> {
  const { actor } = input;
  return withTenant(db, actor.organizationId, async (tx) =>
    toCannedResponse(await findVisibleResponse(tx, actor, input.responseId)),
  );
}
