import type { Queryable } from '../../db/client.ts';
import { AppError } from '../../lib/errors.ts';

const SHOWN = 20;

/**
 * The collision guard: an agent's reply or note carries the realtime sequence number its composer
 * had seen. If someone else has since replied publicly or changed the ticket, the comment is
 * refused (409) with those changes, so the agent can review them or send anyway (`force`). Internal
 * notes of others do not count: they change nothing the customer sees. Events are numbered at
 * commit, so a change committing in the same instant as this comment may slip past; the guard is
 * for people typing, not a lock.
 */
export async function refuseIfChangedSince(
  tx: Queryable,
  input: { organizationId: string; ticketId: string; agentId: string; seenSeq: number },
): Promise<void> {
  const rows = await tx.query<{ seq: string; kind: string; payload: Record<string, unknown> }>(
    `select seq, kind, payload from realtime_events
      where organization_id = $1 and ticket_id = $2 and seq > $3 and agent_id is null
        and (kind <> 'ticket.comment_added' or audience = 'public')
        and not (payload ->> 'actorType' = 'agent' and payload ->> 'actorId' = $4::text)
      order by seq limit $5`,
    [input.organizationId, input.ticketId, input.seenSeq, input.agentId, SHOWN],
  );
  if (rows.length === 0) return;
  const changes = rows.map((row) => ({ seq: Number(row.seq), kind: row.kind, payload: row.payload }));
  throw new AppError('conflict', 'The ticket changed since the composer was opened', {
    changes,
    seq: changes.at(-1)?.seq,
  });
}
