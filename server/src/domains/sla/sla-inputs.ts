import type { Queryable } from '../../db/client.ts';
import type { StoredValue } from '../custom-fields/field-values.ts';
import type { TicketSource } from '../tickets/tickets.schemas.ts';
import type { CalendarSpec } from './calendar-spec.ts';
import type { HistoryEvent, StatusInfo, TicketHistory } from './derive-timers.ts';
import type { SlaTicket } from './match-policy.ts';
import type { Policy, SlaTimer } from './sla.schemas.ts';
import type { Stage } from './timer-figures.ts';

export type SlaPolicy = Pick<
  Policy,
  | 'id'
  | 'name'
  | 'position'
  | 'enabled'
  | 'conditions'
  | 'targets'
  | 'calendarId'
  | 'hours'
  | 'pausableTimers'
  | 'atRisk'
>;
export type SlaCalendar = { id: string; name: string; spec: CalendarSpec; isDefault: boolean };

/** An organization's SLA set-up, read once for any number of its tickets. */
export type SlaConfig = {
  now: Date;
  policies: SlaPolicy[];
  calendars: Map<string, SlaCalendar>;
  defaultCalendar: SlaCalendar;
  statuses: Map<string, StatusInfo>;
  /** Whether any of the tickets carries timers already (from a policy that may no longer apply). */
  hasTimers: boolean;
};

/** A timer as last written, to tell what changed since. */
export type StoredTimer = {
  timer: SlaTimer;
  policy_id: string;
  cycle: number;
  target_minutes: number;
  calendar_id: string;
  hours: 'business' | 'calendar';
  state: string;
  stage: Stage;
  started_at: string;
  due_at: string | null;
  at_risk_at: string | null;
  fulfilled_at: string | null;
  remaining_minutes: number;
};

export type SlaSubject = {
  ticketId: string;
  ticket: SlaTicket;
  history: TicketHistory;
  stored: StoredTimer[];
  /** Null when no timer runs. */
  slaDueAt: Date | null;
};

type ConfigRow = {
  now: Date;
  policies: SlaPolicy[];
  calendars: SlaCalendar[];
  statuses: (StatusInfo & { id: string })[];
  has_timers: boolean;
};

/**
 * Locks the tickets (a change to a ticket and the scheduler's check of it take turns) and reads the
 * organization's policies, calendars and statuses, in one round trip. The histories are read after,
 * in a statement of their own, so they are what the lock holder left.
 */
export async function lockAndLoadConfig(
  tx: Queryable,
  organizationId: string,
  ticketIds: readonly string[],
): Promise<SlaConfig> {
  const [row] = await tx.query<ConfigRow>(
    `select app_now() as now,
       (select coalesce(json_agg(json_build_object('id', p.id, 'name', p.name, 'position', p.position,
                 'enabled', p.enabled, 'conditions', p.conditions, 'targets', p.targets, 'calendarId', p.calendar_id,
                 'hours', p.hours, 'pausableTimers', p.pausable_timers, 'atRisk', p.at_risk)
               order by p.position, p.id), '[]')
          from sla_policies p where p.organization_id = $1 and p.enabled) as policies,
       (select json_agg(json_build_object('id', c.id, 'name', c.name, 'spec', c.spec, 'isDefault', c.is_default))
          from sla_calendars c where c.organization_id = $1) as calendars,
       (select json_agg(json_build_object('id', s.id, 'name', s.name, 'category', s.category, 'pausesSla', s.pauses_sla))
          from ticket_statuses s where s.organization_id = $1) as statuses,
       (select count(*) from (select 1 from tickets where organization_id = $1 and id = any($2::uuid[])
                                 order by id for update) locked) as locked,
       exists (select 1 from sla_timers where organization_id = $1 and ticket_id = any($2::uuid[])) as has_timers`,
    [organizationId, ticketIds],
  );
  if (!row) throw new Error('SLA configuration query returned nothing');
  const calendars = new Map((row.calendars ?? []).map((calendar) => [calendar.id, calendar]));
  const defaultCalendar = [...calendars.values()].find((calendar) => calendar.isDefault);
  if (!defaultCalendar) throw new Error(`Organization ${organizationId} has no default SLA calendar`);
  return {
    now: row.now,
    policies: row.policies,
    calendars,
    defaultCalendar,
    statuses: new Map((row.statuses ?? []).map(({ id, ...status }) => [id, status])),
    hasTimers: row.has_timers,
  };
}

type SubjectRow = {
  id: string;
  priority_id: string;
  team_id: string | null;
  tags: string[];
  source: TicketSource;
  custom_fields: Record<string, StoredValue>;
  company: string;
  sla_due_at: Date | null;
  events: AuditRow[] | null;
  timers: StoredTimer[] | null;
};

type AuditRow = { action: string; at: string; actorType: string; changes: Record<string, unknown> };

/** Each ticket's fields the policies look at, its history as the timers read it, and its stored timers. */
export async function loadSubjects(
  tx: Queryable,
  organizationId: string,
  ticketIds: readonly string[],
): Promise<SlaSubject[]> {
  const rows = await tx.query<SubjectRow>(
    `select t.id, t.priority_id, t.team_id, t.tags, t.source, t.custom_fields, r.company,
       nullif(t.sla_due_at, 'infinity') as sla_due_at,
       (select json_agg(json_build_object('action', a.action, 'at', a.created_at, 'actorType', a.actor_type,
                 'changes', a.changes) order by a.created_at, a.id)
          from audit_events a
         where a.organization_id = t.organization_id and a.entity_type = 'ticket' and a.entity_id = t.id
           and a.action in ('ticket.created', 'ticket.status_changed', 'ticket.comment_added')) as events,
       (select json_agg(to_jsonb(st)) from sla_timers st
         where st.organization_id = t.organization_id and st.ticket_id = t.id) as timers
     from tickets t
     join contacts r on r.organization_id = t.organization_id and r.id = t.requester_id
     where t.organization_id = $1 and t.id = any($2::uuid[])`,
    [organizationId, ticketIds],
  );
  return rows.flatMap((row) => {
    const history = historyOf(row.events ?? []);
    if (!history) return [];
    return [
      {
        ticketId: row.id,
        ticket: {
          priorityId: row.priority_id,
          teamId: row.team_id,
          tags: row.tags,
          source: row.source,
          customFields: row.custom_fields,
          requesterCompany: row.company,
        },
        history,
        stored: row.timers ?? [],
        slaDueAt: row.sla_due_at,
      },
    ];
  });
}

/** Null for a ticket without its creation event (none is made without one). */
function historyOf(events: AuditRow[]): TicketHistory | null {
  const created = events.find((event) => event.action === 'ticket.created');
  if (!created) return null;
  return {
    createdAt: new Date(created.at),
    initialStatusId: String(created.changes.statusId),
    events: events.flatMap((event): HistoryEvent[] => {
      const at = new Date(event.at);
      if (event.action === 'ticket.status_changed')
        return [{ type: 'status', at, statusId: String(event.changes.to) }];
      if (event.action !== 'ticket.comment_added' || event.changes.visibility !== 'public') return [];
      if (event.changes.opensTicket || (event.actorType !== 'agent' && event.actorType !== 'contact'))
        return [];
      return [{ type: 'reply', at, by: event.actorType }];
    }),
  };
}
