import type { Database } from '../../db/client.ts';
import { withTenant } from '../../db/tenant.ts';
import { countTickets, type Viewer } from './ticket-filters.ts';
import type { TicketFilters } from './ticket-list-query.ts';
import type { QueueCounts } from './tickets.schemas.ts';

/** The categories the agent console's built-in queues and team queues call "open". */
const OPEN: TicketFilters['statusCategory'] = ['new', 'open', 'pending'];

const BUILT_IN_QUEUES = {
  mine: { assignee: 'me', statusCategory: OPEN },
  unassigned: { assignee: 'unassigned', statusCategory: OPEN },
  open: { statusCategory: OPEN },
} as const satisfies Record<string, TicketFilters>;

/**
 * The counts beside the console's built-in queues and each team's open queue, capped like
 * saved-view counts. One count query per queue in one transaction: an organization has a few
 * dozen teams at most.
 */
export function countQueues(db: Database, input: { viewer: Viewer }): Promise<QueueCounts> {
  const { viewer } = input;
  return withTenant(db, viewer.organizationId, async (tx) => {
    const queues: QueueCounts['queues'] = [];
    for (const [queue, filters] of Object.entries(BUILT_IN_QUEUES)) {
      const { count, capped } = await countTickets(tx, viewer, filters);
      queues.push({ queue: queue as keyof typeof BUILT_IN_QUEUES, count, countCapped: capped });
    }
    const teamRows = await tx.query<{ id: string }>(
      'select id from teams where organization_id = $1 order by lower(name), id',
      [viewer.organizationId],
    );
    const teams: QueueCounts['teams'] = [];
    for (const team of teamRows) {
      const { count, capped } = await countTickets(tx, viewer, { teamId: team.id, statusCategory: OPEN });
      teams.push({ teamId: team.id, count, countCapped: capped });
    }
    return { queues, teams };
  });
}
