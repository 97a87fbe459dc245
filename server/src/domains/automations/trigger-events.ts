import type { Queryable } from '../../db/client.ts';
import type { TicketSource } from '../tickets/tickets.schemas.ts';
import type { TriggerType } from './rule.schemas.ts';

/** A ticket event as rules see it: what happened, and how deep in a chain of automation changes. */
export type TriggerEvent = {
  id: string;
  type: TriggerType;
  /** 0 for a person's change or the SLA clock; n + 1 for a change made by a rule run at depth n. */
  depth: number;
  source?: TicketSource;
  comment?: { id: string; visibility: 'public' | 'internal'; author: string };
  change?: { field: string; from: unknown; to: unknown };
  /** For ticket.created: the fields the ticket was opened with, by the names update triggers use. */
  initial?: Record<string, unknown>;
  timer?: string;
};

type EventRow = {
  id: string;
  kind: 'audit' | 'sla';
  action: string;
  actor_type: string | null;
  changes: Record<string, unknown>;
};

// Events read per round; a long backlog is worked through round after round.
export const EVENTS_PER_ROUND = 100;

/**
 * The ticket's events after `afterId` in the order they were written: its audit events and its
 * SLA stage events, whose ids both come from the one time-ordered sequence. Each is returned with
 * what rules can trigger on, or null for events no trigger looks at (a merge, a CC change).
 */
export async function eventsAfter(
  tx: Queryable,
  input: { organizationId: string; ticketId: string; afterId: string | null; source: TicketSource },
): Promise<{ id: string; event: TriggerEvent | null }[]> {
  const rows = await tx.query<EventRow>(
    `(select id, 'audit' as kind, action, actor_type, changes from audit_events
       where organization_id = $1 and entity_type = 'ticket' and entity_id = $2 and ($3::uuid is null or id > $3)
       order by id limit ${EVENTS_PER_ROUND})
     union all
     (select id, 'sla' as kind, kind as action, null as actor_type, jsonb_build_object('timer', timer) as changes
        from sla_events
       where organization_id = $1 and ticket_id = $2 and kind in ('at_risk', 'breached')
         and ($3::uuid is null or id > $3)
       order by id limit ${EVENTS_PER_ROUND})
     order by id limit ${EVENTS_PER_ROUND}`,
    [input.organizationId, input.ticketId, input.afterId],
  );
  return rows.map((row) => ({ id: row.id, event: toTriggerEvent(row, input.source) }));
}

function toTriggerEvent(row: EventRow, source: TicketSource): TriggerEvent | null {
  const { id, changes } = row;
  if (row.kind === 'sla') {
    return {
      id,
      type: row.action === 'at_risk' ? 'sla.at_risk' : 'sla.breached',
      depth: 0,
      timer: String(changes.timer),
    };
  }
  const depth = row.actor_type === 'automation' ? Number(changes.depth ?? 1) : 0;
  if (row.action === 'ticket.created') {
    return { id, type: 'ticket.created', depth, source, initial: initialFields(changes) };
  }
  if (row.action === 'ticket.comment_added') {
    // The opening message is the request itself: ticket.created covers it.
    if (changes.opensTicket) return null;
    const visibility = changes.visibility === 'internal' ? 'internal' : 'public';
    const comment = {
      id: String(changes.commentId),
      visibility,
      author: row.actor_type ?? 'system',
    } as const;
    return { id, type: 'comment.added', depth, comment };
  }
  if (/^ticket\.[a-z_]+_changed$/.test(row.action) && typeof changes.field === 'string') {
    return {
      id,
      type: 'ticket.updated',
      depth,
      change: { field: changes.field, from: changes.from, to: changes.to },
    };
  }
  return null;
}

/** A created ticket's audit record as field values (`customFields.<key>` flattened). */
function initialFields(changes: Record<string, unknown>): Record<string, unknown> {
  const { customFields, ...fields } = changes;
  const initial: Record<string, unknown> = { ...fields };
  if (customFields && typeof customFields === 'object') {
    for (const [key, value] of Object.entries(customFields)) initial[`customFields.${key}`] = value;
  }
  return initial;
}
