import { type Static, Type } from 'typebox';
import { Timestamp, Uuid } from '../../lib/http-schemas.ts';
import { businessMinutesBetween } from './business-time.ts';
import type { CalendarSpec } from './calendar-spec.ts';
import { ROUND_THE_CLOCK } from './timer-figures.ts';

const Nullable = <T extends ReturnType<typeof Type.String>>(schema: T) => Type.Union([schema, Type.Null()]);

/** A ticket's timer as the API shows it: counted to the moment of the request. */
export const SlaTimerViewSchema = Type.Object({
  timer: Type.Union([
    Type.Literal('first_response'),
    Type.Literal('next_response'),
    Type.Literal('resolution'),
  ]),
  cycle: Type.Integer({ description: 'next_response: which customer message awaiting an answer (1, 2, …)' }),
  policyId: Uuid,
  state: Type.Union(
    [Type.Literal('running'), Type.Literal('paused'), Type.Literal('stopped'), Type.Literal('fulfilled')],
    {
      description: 'stopped: the ticket is solved or closed; paused: its status pauses this timer',
    },
  ),
  stage: Type.Union([Type.Literal('ok'), Type.Literal('at_risk'), Type.Literal('breached')]),
  hours: Type.Union([Type.Literal('business'), Type.Literal('calendar')]),
  targetMinutes: Type.Integer(),
  startedAt: Timestamp,
  dueAt: Nullable(Timestamp),
  atRiskAt: Nullable(Timestamp),
  fulfilledAt: Nullable(Timestamp),
  remainingMinutes: Type.Number({
    description: 'Business (or calendar) minutes left; negative once breached',
  }),
});
export type SlaTimerView = Static<typeof SlaTimerViewSchema>;

/** The columns of a timer the ticket queries select, with what counting to now needs. */
export type TimerViewRow = Omit<SlaTimerView, 'remainingMinutes' | 'stage'> & {
  stage: SlaTimerView['stage'];
  remainingMinutes: number;
  /** The calendar's spec while a business-hours timer runs; null otherwise. */
  spec: CalendarSpec | null;
  now: string;
};

/** SQL: a ticket's timers as JSON for toTimerViews, for a query whose tickets table is `t`. */
export const TIMER_VIEWS_SQL = `(select json_agg(json_build_object('timer', st.timer, 'cycle', st.cycle,
    'policyId', st.policy_id, 'state', st.state, 'stage', st.stage, 'hours', st.hours,
    'targetMinutes', st.target_minutes, 'startedAt', st.started_at, 'dueAt', st.due_at, 'atRiskAt', st.at_risk_at,
    'fulfilledAt', st.fulfilled_at, 'remainingMinutes', st.remaining_minutes, 'now', app_now(),
    'spec', case when st.state = 'running' and st.hours = 'business' then c.spec end) order by st.timer)
  from sla_timers st
  left join sla_calendars c on c.organization_id = st.organization_id and c.id = st.calendar_id
  where st.organization_id = t.organization_id and st.ticket_id = t.id)`;

/**
 * A running timer's stage and remaining time come from its due instant and the request's now, so
 * the answer is right between the scheduler's checks; a timer that is not running keeps its figures.
 */
export function toTimerViews(rows: TimerViewRow[] | null): SlaTimerView[] {
  return (rows ?? []).map(({ spec, now, ...row }) => {
    const view = {
      ...row,
      startedAt: iso(row.startedAt),
      dueAt: isoOrNull(row.dueAt),
      atRiskAt: isoOrNull(row.atRiskAt),
      fulfilledAt: isoOrNull(row.fulfilledAt),
    };
    if (row.state !== 'running' || !row.dueAt) return view;
    const counted = row.hours === 'calendar' ? ROUND_THE_CLOCK : spec;
    if (!counted) return view;
    const at = new Date(now);
    const due = new Date(row.dueAt);
    const remainingMinutes =
      at < due ? businessMinutesBetween(counted, at, due) : -businessMinutesBetween(counted, due, at);
    const stage = at >= due ? 'breached' : row.atRiskAt && at >= new Date(row.atRiskAt) ? 'at_risk' : 'ok';
    return { ...view, remainingMinutes, stage };
  });
}

// JSON from PostgreSQL carries its own offset format; the API speaks ISO 8601 in UTC.
const iso = (value: string) => new Date(value).toISOString();
const isoOrNull = (value: string | null) => (value === null ? null : iso(value));
