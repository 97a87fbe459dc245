import type { Database } from '../../db/client.ts';
import { withTenant } from '../../db/tenant.ts';
import { decodeCursor, type PageOf, type PageRequest, pageLimit, toPage } from '../../lib/pagination.ts';
import { containsPattern } from '../../lib/search-pattern.ts';
import { AGENT_COLUMNS, type Agent, type AgentRow, toAgent } from './people.schemas.ts';

export type ListAgentsInput = PageRequest & { organizationId: string; q?: string; isActive?: boolean };

export function listAgents(db: Database, input: ListAgentsInput): Promise<PageOf<Agent>> {
  const limit = pageLimit(input);
  return withTenant(db, input.organizationId, async (tx) => {
    const rows = await tx.query<AgentRow>(
      `select ${AGENT_COLUMNS} from agents
        where organization_id = $1
          and ($2::uuid is null or id > $2)
          and ($3::text is null or name ilike $3 or email ilike $3)
          and ($4::boolean is null or is_active = $4)
        order by id limit $5`,
      [
        input.organizationId,
        decodeCursor(input.cursor),
        containsPattern(input.q),
        input.isActive ?? null,
        limit + 1,
      ],
    );
    return toPage(rows, limit, toAgent);
  });
}
