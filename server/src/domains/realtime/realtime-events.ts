import type { Database } from '../../db/client.ts';
import { withTenant } from '../../db/tenant.ts';

/** One stored event, as the sockets and the SSE stream send it (docs/realtime.md has the catalogue). */
export type RealtimeEvent = {
  seq: number;
  kind: string;
  ticketId: string | null;
  audience: 'agents' | 'public';
  /** The one agent a per-agent event (a notification) is for; null when it is the ticket's. */
  agentId: string | null;
  payload: Record<string, unknown>;
  createdAt: string;
};

type EventRow = {
  seq: string;
  kind: string;
  ticket_id: string | null;
  audience: RealtimeEvent['audience'];
  agent_id: string | null;
  payload: Record<string, unknown>;
  created_at: Date;
};

const PAGE = 500;

/** The organization's events after `afterSeq`, in order, at most a page (read again from the last one for more). */
function readEventsAfter(db: Database, organizationId: string, afterSeq: number): Promise<RealtimeEvent[]> {
  return withTenant(db, organizationId, async (tx) => {
    const rows = await tx.query<EventRow>(
      `select seq, kind, ticket_id, audience, agent_id, payload, created_at from realtime_events
        where organization_id = $1 and seq > $2
        order by seq limit $3`,
      [organizationId, afterSeq, PAGE],
    );
    return rows.map(toEvent);
  });
}

function toEvent(row: EventRow): RealtimeEvent {
  return {
    // bigint comes back as text; a per-organization count stays far below 2^53.
    seq: Number(row.seq),
    kind: row.kind,
    ticketId: row.ticket_id,
    audience: row.audience,
    agentId: row.agent_id,
    payload: row.payload,
    createdAt: row.created_at.toISOString(),
  };
}

/** Every event after `afterSeq`, page by page, handed to `each` in order. */
export async function forEachEventAfter(
  db: Database,
  organizationId: string,
  afterSeq: number,
  each: (event: RealtimeEvent) => void | Promise<void>,
): Promise<number> {
  let last = afterSeq;
  for (;;) {
    const page = await readEventsAfter(db, organizationId, last);
    for (const event of page) await each(event);
    last = page.at(-1)?.seq ?? last;
    if (page.length < PAGE) return last;
  }
}

export type SeqPosition = { lastSeq: number; oldestSeq: number | null };

/** The organization's newest sequence number and the oldest one still kept (older ones are pruned). */
export function seqPosition(db: Database, organizationId: string): Promise<SeqPosition> {
  return withTenant(db, organizationId, async (tx) => {
    const [row] = await tx.query<{ last_seq: string | null; oldest_seq: string | null }>(
      `select (select last_seq from realtime_sequences where organization_id = $1) as last_seq,
              (select min(seq) from realtime_events where organization_id = $1) as oldest_seq`,
      [organizationId],
    );
    return {
      lastSeq: Number(row?.last_seq ?? 0),
      oldestSeq: row?.oldest_seq === null || row?.oldest_seq === undefined ? null : Number(row.oldest_seq),
    };
  });
}

/**
 * Whether a client that has seen everything up to `since` can catch up from the table: not when
 * events it missed were pruned, nor when it claims a number this organization never reached.
 */
export function canCatchUp(position: SeqPosition, since: number): boolean {
  if (since > position.lastSeq) return false;
  if (since === position.lastSeq) return true;
  return position.oldestSeq !== null && position.oldestSeq <= since + 1;
}
