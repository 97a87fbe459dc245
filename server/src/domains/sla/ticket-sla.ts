import type { Database } from '../../db/client.ts';
import { withTenant } from '../../db/tenant.ts';
import { decodeCursor, type PageOf, toPage } from '../../lib/pagination.ts';
import { getTicket } from '../tickets/ticket-rows.ts';
import type { TimerExplanation } from './explain-timer.ts';
import type { SlaEventKind } from './timer-events.ts';
import type { SlaTimerView } from './timer-view.ts';

export type SlaEvent = {
  id: string;
  ticketId: string;
  timer: SlaTimerView['timer'];
  cycle: number;
  kind: SlaEventKind;
  policyId: string;
  occurredAt: string;
  recordedAt: string;
  details: Record<string, unknown>;
};

export type TicketSla = {
  timers: (SlaTimerView & { explanation: TimerExplanation })[];
  events: SlaEvent[];
};

type EventRow = {
  id: string;
  ticket_id: string;
  timer: SlaEvent['timer'];
  cycle: number;
  kind: SlaEventKind;
  policy_id: string;
  occurred_at: Date;
  recorded_at: Date;
  details: Record<string, unknown>;
};

const EVENT_COLUMNS = 'id, ticket_id, timer, cycle, kind, policy_id, occurred_at, recorded_at, details';

const toEvent = (row: EventRow): SlaEvent => ({
  id: row.id,
  ticketId: row.ticket_id,
  timer: row.timer,
  cycle: row.cycle,
  kind: row.kind,
  policyId: row.policy_id,
  occurredAt: row.occurred_at.toISOString(),
  recordedAt: row.recorded_at.toISOString(),
  details: row.details,
});

/** A ticket's timers with how each due time came about, and its whole metric event log. */
export function getTicketSla(
  db: Database,
  input: { organizationId: string; ticketId: string },
): Promise<TicketSla> {
  const { organizationId, ticketId } = input;
  return withTenant(db, organizationId, async (tx) => {
    const ticket = await getTicket(tx, organizationId, ticketId);
    const explanations = await tx.query<{ timer: string; explanation: TimerExplanation }>(
      'select timer, explanation from sla_timers where organization_id = $1 and ticket_id = $2',
      [organizationId, ticketId],
    );
    const events = await tx.query<EventRow>(
      `select ${EVENT_COLUMNS} from sla_events where organization_id = $1 and ticket_id = $2
        order by occurred_at, id`,
      [organizationId, ticketId],
    );
    return {
      timers: ticket.slaTimers.map((timer) => ({
        ...timer,
        explanation: explanations.find((row) => row.timer === timer.timer)?.explanation ?? emptyExplanation,
      })),
      events: events.map(toEvent),
    };
  });
}

const emptyExplanation: TimerExplanation = { text: '', timeZone: 'UTC', hours: 'business', pauses: [] };

export type SlaEventQuery = {
  kind?: SlaEventKind[];
  timer?: SlaEvent['timer'][];
  ticketId?: string;
  from?: string;
  to?: string;
  limit: number;
  cursor?: string;
};

/** The organization's metric events for reports, filtered, in the order they were recorded. */
export function listSlaEvents(
  db: Database,
  input: { organizationId: string; query: SlaEventQuery },
): Promise<PageOf<SlaEvent>> {
  const { organizationId, query } = input;
  const after = decodeCursor(query.cursor);
  return withTenant(db, organizationId, async (tx) => {
    const rows = await tx.query<EventRow>(
      `select ${EVENT_COLUMNS} from sla_events
        where organization_id = $1
          and ($2::text[] is null or kind = any($2)) and ($3::text[] is null or timer = any($3))
          and ($4::uuid is null or ticket_id = $4)
          and ($5::timestamptz is null or occurred_at >= $5) and ($6::timestamptz is null or occurred_at < $6)
          and ($7::uuid is null or id > $7)
        order by id limit $8`,
      [
        organizationId,
        query.kind ?? null,
        query.timer ?? null,
        query.ticketId ?? null,
        query.from ?? null,
        query.to ?? null,
        after,
        query.limit + 1,
      ],
    );
    return toPage(rows, query.limit, toEvent);
  });
}
