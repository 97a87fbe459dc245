import type { Database } from '../../db/client.ts';
import { withTenant } from '../../db/tenant.ts';
import { decodeCursor, type PageOf, type PageRequest, pageLimit, toPage } from '../../lib/pagination.ts';
import { TEAM_SELECT, type TeamRow, toTeam } from './team-rows.ts';
import type { Team } from './teams.schemas.ts';

export function listTeams(
  db: Database,
  input: PageRequest & { organizationId: string },
): Promise<PageOf<Team>> {
  const limit = pageLimit(input);
  return withTenant(db, input.organizationId, async (tx) => {
    const rows = await tx.query<TeamRow>(
      `${TEAM_SELECT} where t.organization_id = $1 and ($2::uuid is null or t.id > $2) order by t.id limit $3`,
      [input.organizationId, decodeCursor(input.cursor), limit + 1],
    );
    return toPage(rows, limit, toTeam);
  });
}
