import type { Queryable } from '../../db/client.ts';
import { businessSpans, compileCalendar } from '../sla/business-calendar.ts';
import type { CalendarSpec } from '../sla/calendar-spec.ts';
import type { RuleSubject } from './evaluate-conditions.ts';
import type { TriggerEvent } from './trigger-events.ts';

/** What conditions read besides the ticket, the same for every rule run on one event. */
export type EventContext = Omit<RuleSubject, 'ticket' | 'event'>;

/**
 * The requester's address, the text a body condition reads (the triggering comment, or the ticket's
 * first comment) and, when asked, whether now is within the default SLA calendar's business hours.
 */
export async function loadEventContext(
  tx: Queryable,
  input: { organizationId: string; ticketId: string; event: TriggerEvent; businessHours: boolean },
): Promise<EventContext> {
  const { organizationId, ticketId, event } = input;
  const [row] = await tx.query<{ email: string; body: string | null; now: Date; spec: CalendarSpec | null }>(
    `select r.email, app_now() as now,
            (select c.body_text from ticket_comments c
              where c.organization_id = t.organization_id and c.ticket_id = t.id
                and ($3::uuid is null or c.id = $3)
              order by c.created_at, c.id limit 1) as body,
            case when $4 then (select spec from sla_calendars
                                where organization_id = t.organization_id and is_default) end as spec
       from tickets t
       join contacts r on r.organization_id = t.organization_id and r.id = t.requester_id
      where t.organization_id = $1 and t.id = $2`,
    [organizationId, ticketId, event.comment?.id ?? null, input.businessHours],
  );
  return {
    requesterEmail: row?.email ?? '',
    body: row?.body ?? '',
    inBusinessHours: row?.spec ? inBusinessHours(row.spec, row.now) : null,
  };
}

function inBusinessHours(spec: CalendarSpec, now: Date): boolean {
  const at = now.getTime();
  return !businessSpans(compileCalendar(spec), at, at + 1).next().done;
}
