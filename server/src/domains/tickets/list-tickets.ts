import type { Database } from '../../db/client.ts';
import { withTenant } from '../../db/tenant.ts';
import type { PageOf } from '../../lib/pagination.ts';
import { decodeQueueCursor, encodeQueueCursor, type QueueCursor } from './queue-cursor.ts';
import { binder, ticketFilterSql, type Viewer } from './ticket-filters.ts';
import type { SortOrder, TicketFilters, TicketSort } from './ticket-list-query.ts';
import { QUEUE_TICKET_SELECT, type QueueTicketRow, toQueueTicket } from './ticket-rows.ts';
import type { QueueTicket } from './tickets.schemas.ts';

export type TicketListRequest = TicketFilters & {
  sort?: TicketSort;
  order?: SortOrder;
  limit?: number;
  cursor?: string;
};

type QueueRow = QueueTicketRow & { priority_rank?: number };

/** The column each sort orders by, its SQL type, and its value in a row, kept as text for the cursor. */
const SORT_KEYS = {
  updated: { column: 't.updated_at', type: 'timestamptz', text: (row: QueueRow) => row.updated_at_text },
  created: { column: 't.created_at', type: 'timestamptz', text: (row: QueueRow) => row.created_at_text },
  number: { column: 't.number', type: 'integer', text: (row: QueueRow) => String(row.number) },
  priority: { column: 'p.rank', type: 'integer', text: (row: QueueRow) => String(row.priority_rank) },
  sla: { column: 't.sla_due_at', type: 'timestamptz', text: (row: QueueRow) => row.sla_due_at_text },
} as const satisfies Record<TicketSort, unknown>;

// Bounds for "any id" on the side of the cursor a priority has no position on.
const NO_ID = { desc: 'ffffffff-ffff-ffff-ffff-ffffffffffff', asc: '00000000-0000-0000-0000-000000000000' };

/**
 * A queue: tickets matching the filters in the chosen order, paged by keyset on (sort key, id), so
 * pages neither repeat nor skip tickets whose keys are equal.
 */
export function listTickets(
  db: Database,
  input: { viewer: Viewer; request: TicketListRequest },
): Promise<PageOf<QueueTicket>> {
  const { viewer, request } = input;
  const { sort = 'updated', order = 'desc', limit = 50 } = request;
  const after = decodeQueueCursor(request.cursor, sort, order);
  return withTenant(db, viewer.organizationId, async (tx) => {
    const { where, params } = await ticketFilterSql(tx, viewer, request);
    const pageSql = sort === 'priority' ? priorityPageSql : keyPageSql;
    const text = pageSql({ sort, order, where, bind: binder(params), after, limit });
    const rows = await tx.query<QueueRow>(text, params);
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      items: page.map(toQueueTicket),
      nextCursor:
        rows.length > limit && last
          ? encodeQueueCursor({ sort, order, key: SORT_KEYS[sort].text(last), id: last.id })
          : null,
    };
  });
}

type PageSqlInput = {
  sort: TicketSort;
  order: SortOrder;
  where: string;
  bind: (value: unknown) => string;
  after: QueueCursor | null;
  limit: number;
};

/** Sorts by a ticket column: one index range scan on (organization_id, column, id). */
function keyPageSql({ sort, order, where, bind, after, limit }: PageSqlInput): string {
  const { column, type } = SORT_KEYS[sort];
  const beyond = after
    ? `and (${column}, t.id) ${order === 'desc' ? '<' : '>'} (${bind(after.key)}::${type}, ${bind(after.id)}::uuid)`
    : '';
  return `${QUEUE_TICKET_SELECT}
  where ${where} ${beyond}
  order by ${column} ${order}, t.id ${order}
  limit ${bind(limit + 1)}`;
}

/**
 * Sorts by the rank of the ticket's priority, which lives on ticket_priorities. Rather than sort
 * every matching ticket, each priority (an organization has a handful) contributes its first page
 * in id order from (organization_id, priority_id, id), and those few rows are merged by rank.
 */
function priorityPageSql({ order, where, bind, after, limit }: PageSqlInput): string {
  const cmp = order === 'desc' ? '<' : '>';
  let rankBound = '';
  let idBound = '';
  if (after) {
    const rank = `${bind(after.key)}::integer`;
    rankBound = `and p.rank ${cmp}= ${rank}`;
    // At the cursor's rank the ids go on from the cursor; a further rank starts from its first id.
    idBound = `and t.id ${cmp} case when p.rank = ${rank} then ${bind(after.id)}::uuid else '${NO_ID[order]}'::uuid end`;
  }
  const take = bind(limit + 1);
  return `select x.*, p.rank as priority_rank
  from ticket_priorities p
  cross join lateral (
    ${QUEUE_TICKET_SELECT}
    where ${where} and t.priority_id = p.id ${idBound}
    order by t.id ${order}
    limit ${take}
  ) x
  where p.organization_id = $1 ${rankBound}
  order by p.rank ${order}, x.id ${order}
  limit ${take}`;
}
