import type { Database } from '../../db/client.ts';
import { withTenant } from '../../db/tenant.ts';
import { AppError } from '../../lib/errors.ts';
import type { PageOf } from '../../lib/pagination.ts';
import type { Actor } from '../auth/actor.ts';
import { TICKET_SELECT, type TicketRow, toTicket } from './ticket-rows.ts';
import type { Ticket } from './tickets.schemas.ts';

export type TicketFilters = {
  statusCategory?: string[];
  statusId?: string;
  priorityId?: string;
  assignee?: string;
  teamId?: string;
  tag?: string;
  requesterId?: string;
  source?: string;
  limit?: number;
  cursor?: string;
};

type Cursor = { updatedAt: string; id: string };

/** A queue: filtered tickets, most recently updated first, paged by (updated_at, id). */
export function listTickets(
  db: Database,
  input: { actor: Actor; filters: TicketFilters },
): Promise<PageOf<Ticket>> {
  const { actor, filters } = input;
  const { organizationId } = actor;
  const limit = filters.limit ?? 50;
  const after = decodeTicketCursor(filters.cursor);
  const assignee = filters.assignee === 'me' ? actor.agentId : filters.assignee;
  return withTenant(db, organizationId, async (tx) => {
    const rows = await tx.query<TicketRow>(
      `${TICKET_SELECT}
        where t.organization_id = $1
          and ($2::text[] is null or s.category = any($2))
          and ($3::uuid is null or t.status_id = $3)
          and ($4::uuid is null or t.priority_id = $4)
          and ($5::text is null or ($5 = 'unassigned' and t.assignee_id is null) or t.assignee_id = nullif($5, 'unassigned')::uuid)
          and ($6::uuid is null or t.team_id = $6)
          and ($7::text is null or $7 = any(t.tags))
          and ($8::uuid is null or t.requester_id = $8)
          and ($9::text is null or t.source = $9)
          and ($10::timestamptz is null or (t.updated_at, t.id) < ($10, $11::uuid))
        order by t.updated_at desc, t.id desc
        limit $12`,
      [
        organizationId,
        filters.statusCategory ?? null,
        filters.statusId ?? null,
        filters.priorityId ?? null,
        assignee ?? null,
        filters.teamId ?? null,
        filters.tag ?? null,
        filters.requesterId ?? null,
        filters.source ?? null,
        after?.updatedAt ?? null,
        after?.id ?? null,
        limit + 1,
      ],
    );
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      items: page.map(toTicket),
      nextCursor: rows.length > limit && last ? encodeTicketCursor(last) : null,
    };
  });
}

// Microsecond timestamps survive the round trip as text; a JavaScript Date would cut them to ms.
function encodeTicketCursor(row: TicketRow): string {
  return Buffer.from(JSON.stringify({ updatedAt: row.updated_at_text, id: row.id })).toString('base64url');
}

function decodeTicketCursor(cursor: string | undefined): Cursor | null {
  if (!cursor) return null;
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Partial<Cursor>;
    if (typeof parsed.updatedAt === 'string' && typeof parsed.id === 'string') return parsed as Cursor;
  } catch {
    // reported below
  }
  throw new AppError('validation_failed', 'Invalid cursor', { field: 'cursor' });
}
