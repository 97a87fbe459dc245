import type { Database } from '../../db/client.ts';
import { withTenant } from '../../db/tenant.ts';
import { decodeCursor, type PageOf, type PageRequest, pageLimit, toPage } from '../../lib/pagination.ts';
import { type Actor, requireAdmin } from '../auth/actor.ts';
import { INVITATION_COLUMNS, type InvitationRow, toInvitation } from './invitation-rows.ts';
import type { Invitation } from './people.schemas.ts';

export function listInvitations(
  db: Database,
  input: PageRequest & { actor: Actor },
): Promise<PageOf<Invitation>> {
  requireAdmin(input.actor);
  const limit = pageLimit(input);
  const { organizationId } = input.actor;
  return withTenant(db, organizationId, async (tx) => {
    const rows = await tx.query<InvitationRow>(
      `select ${INVITATION_COLUMNS} from invitations
        where organization_id = $1 and ($2::uuid is null or id > $2)
        order by id limit $3`,
      [organizationId, decodeCursor(input.cursor), limit + 1],
    );
    return toPage(rows, limit, toInvitation);
  });
}
