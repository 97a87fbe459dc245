import type { Queryable } from '../../db/client.ts';
import { newId } from '../../lib/ids.ts';
import type { AutomationJobs } from '../automations/automation-queue.ts';
import { notifyAgents } from '../notifications/notify-agents.ts';
import { deriveTimerCourses } from './derive-timers.ts';
import { explainTimer } from './explain-timer.ts';
import { matchPolicy } from './match-policy.ts';
import type { PolicyTarget, SlaTimer } from './sla.schemas.ts';
import {
  loadSubjects,
  lockAndLoadConfig,
  type SlaConfig,
  type SlaPolicy,
  type SlaSubject,
} from './sla-inputs.ts';
import { type NewSlaEvent, type PlannedTimer, timerEvents } from './timer-events.ts';
import { ROUND_THE_CLOCK, timerFigures } from './timer-figures.ts';

const TARGET_OF: Record<SlaTimer, keyof PolicyTarget> = {
  first_response: 'firstResponseMinutes',
  next_response: 'nextResponseMinutes',
  resolution: 'resolutionMinutes',
};
const TIMERS = Object.keys(TARGET_OF) as SlaTimer[];

/**
 * Derives the tickets' timers again from their histories, under the policy that matches each now,
 * and writes what changed: the timers, the metric events their changes make (each stage announced
 * once per timer state) and each ticket's next due instant. Runs in the transaction that changed the
 * tickets, and in the scheduler's when a timer reaches a stage on its own. A timer announced at risk
 * notifies the ticket's assignee, in the same transaction, so once per announcement. Answers the
 * tickets whose timers were announced at risk or breached, which automation rules can trigger on.
 */
export async function refreshSla(
  tx: Queryable,
  jobs: AutomationJobs,
  input: { organizationId: string; ticketIds: readonly string[] },
): Promise<string[]> {
  const { organizationId, ticketIds } = input;
  if (ticketIds.length === 0) return [];
  const config = await lockAndLoadConfig(tx, organizationId, ticketIds);
  // Nothing to keep up: no policy applies to anything, and no ticket carries timers from one that did.
  if (config.policies.length === 0 && !config.hasTimers) return [];
  const subjects = await loadSubjects(tx, organizationId, ticketIds);
  const plans = subjects.map((subject) => planTicket(subject, config));
  const announced = await writePlans(tx, organizationId, plans, config.now);
  for (const event of announced.filter((written) => written.kind === 'at_risk')) {
    await notifyAgents(
      tx,
      { jobs },
      {
        organizationId,
        ticketId: event.ticket_id,
        actorAgentId: null,
        notification: { type: 'sla_at_risk', timer: event.timer },
      },
    );
  }
  return [...new Set(announced.map((event) => event.ticket_id))];
}

type TicketPlan = { subject: SlaSubject; timers: PlannedTimer[]; slaDueAt: Date | null };

function planTicket(subject: SlaSubject, config: SlaConfig): TicketPlan {
  const match = matchPolicy(config.policies, subject.ticket);
  const timers = match?.target ? planTimers(subject, config, match.policy, match.target) : [];
  const dues = timers.flatMap((planned) =>
    planned.course.state === 'running' && planned.figures.dueAt ? [planned.figures.dueAt.getTime()] : [],
  );
  return { subject, timers, slaDueAt: dues.length > 0 ? new Date(Math.min(...dues)) : null };
}

function planTimers(
  subject: SlaSubject,
  config: SlaConfig,
  policy: SlaPolicy,
  target: PolicyTarget,
): PlannedTimer[] {
  const calendar = (policy.calendarId && config.calendars.get(policy.calendarId)) || config.defaultCalendar;
  const spec = policy.hours === 'calendar' ? ROUND_THE_CLOCK : calendar.spec;
  const courses = deriveTimerCourses(subject.history, config.statuses, {
    timers: TIMERS.filter((timer) => target[TARGET_OF[timer]] !== undefined),
    pausable: policy.pausableTimers,
  });
  return courses.map((course) => {
    const terms = { spec, targetMinutes: Number(target[TARGET_OF[course.timer]]), atRisk: policy.atRisk };
    const figures = timerFigures(course, terms, config.now);
    const explanation = explainTimer({
      course,
      figures,
      terms,
      hours: policy.hours,
      timeZone: calendar.spec.timeZone,
      now: config.now,
    });
    return { course, figures, terms, policy, calendarId: calendar.id, explanation };
  });
}

/**
 * Everything in one statement: a change to one ticket costs one round trip to write. Answers the
 * events written that announce a stage (at risk, breached).
 */
async function writePlans(
  tx: Queryable,
  organizationId: string,
  plans: TicketPlan[],
  now: Date,
): Promise<(NewSlaEvent & { ticket_id: string })[]> {
  const timers = plans.flatMap(({ subject, timers }) =>
    timers.map((planned) => timerRow(subject, planned, now)),
  );
  const removed = plans.flatMap(({ subject, timers }) =>
    subject.stored
      .filter((stored) => !timers.some((planned) => planned.course.timer === stored.timer))
      .map((stored) => ({ ticket_id: subject.ticketId, timer: stored.timer })),
  );
  const events = plans.flatMap(({ subject, timers }) =>
    timers.flatMap((planned) =>
      timerEvents(
        subject.stored.find((stored) => stored.timer === planned.course.timer),
        planned,
        now,
      ).map((event) => ({ id: newId(), ticket_id: subject.ticketId, ...event })),
    ),
  );
  const dues = plans
    .map(({ subject, slaDueAt }) => ({
      ticket_id: subject.ticketId,
      due: slaDueAt?.toISOString() ?? 'infinity',
    }))
    .filter((row, index) => row.due !== (plans[index]?.subject.slaDueAt?.toISOString() ?? 'infinity'));
  await tx.query(WRITE_PLANS_SQL, [organizationId, JSON.stringify({ timers, removed, events, dues })]);
  return events.filter((event) => event.kind === 'at_risk' || event.kind === 'breached');
}

function timerRow(subject: SlaSubject, planned: PlannedTimer, now: Date) {
  const { course, figures, terms } = planned;
  const running = course.state === 'running';
  const nextCheck =
    !running || figures.stage === 'breached'
      ? null
      : figures.stage === 'ok'
        ? figures.atRiskAt
        : figures.dueAt;
  return {
    ticket_id: subject.ticketId,
    timer: course.timer,
    policy_id: planned.policy.id,
    cycle: course.cycle,
    target_minutes: terms.targetMinutes,
    hours: planned.policy.hours,
    calendar_id: planned.calendarId,
    state: course.state,
    stage: figures.stage,
    started_at: course.startedAt.toISOString(),
    at_risk_at: running ? (figures.atRiskAt?.toISOString() ?? null) : null,
    due_at: figures.dueAt?.toISOString() ?? null,
    fulfilled_at: course.fulfilledAt?.toISOString() ?? null,
    used_minutes: figures.usedMinutes,
    remaining_minutes: figures.remainingMinutes,
    computed_at: now.toISOString(),
    next_check_at: nextCheck?.toISOString() ?? null,
    explanation: planned.explanation,
  };
}

const WRITE_PLANS_SQL = `
with plan as (select $2::jsonb as doc),
removed as (
  delete from sla_timers s
   using plan, jsonb_to_recordset(plan.doc -> 'removed') as x(ticket_id uuid, timer text)
   where s.organization_id = $1 and s.ticket_id = x.ticket_id and s.timer = x.timer
),
timers as (
  insert into sla_timers (organization_id, ticket_id, timer, policy_id, cycle, target_minutes, hours, calendar_id,
                          state, stage, started_at, at_risk_at, due_at, fulfilled_at, used_minutes,
                          remaining_minutes, computed_at, next_check_at, explanation)
  select $1, x.ticket_id, x.timer, x.policy_id, x.cycle, x.target_minutes, x.hours, x.calendar_id, x.state, x.stage,
         x.started_at, x.at_risk_at, x.due_at, x.fulfilled_at, x.used_minutes, x.remaining_minutes, x.computed_at,
         x.next_check_at, x.explanation
    from plan, jsonb_to_recordset(plan.doc -> 'timers') as x(ticket_id uuid, timer text, policy_id uuid,
         cycle integer, target_minutes integer, hours text, calendar_id uuid, state text, stage text,
         started_at timestamptz, at_risk_at timestamptz, due_at timestamptz, fulfilled_at timestamptz,
         used_minutes double precision, remaining_minutes double precision, computed_at timestamptz,
         next_check_at timestamptz, explanation jsonb)
  on conflict (organization_id, ticket_id, timer) do update set
    policy_id = excluded.policy_id, cycle = excluded.cycle, target_minutes = excluded.target_minutes,
    hours = excluded.hours, calendar_id = excluded.calendar_id, state = excluded.state, stage = excluded.stage,
    started_at = excluded.started_at, at_risk_at = excluded.at_risk_at, due_at = excluded.due_at,
    fulfilled_at = excluded.fulfilled_at, used_minutes = excluded.used_minutes,
    remaining_minutes = excluded.remaining_minutes, computed_at = excluded.computed_at,
    next_check_at = excluded.next_check_at, explanation = excluded.explanation
),
events as (
  insert into sla_events (organization_id, id, ticket_id, timer, cycle, kind, policy_id, occurred_at, details)
  select $1, x.id, x.ticket_id, x.timer, x.cycle, x.kind, x.policy_id, x.occurred_at, x.details
    from plan, jsonb_to_recordset(plan.doc -> 'events') as x(id uuid, ticket_id uuid, timer text, cycle integer,
         kind text, policy_id uuid, occurred_at timestamptz, details jsonb)
)
update tickets t set sla_due_at = x.due
  from plan, jsonb_to_recordset(plan.doc -> 'dues') as x(ticket_id uuid, due timestamptz)
 where t.organization_id = $1 and t.id = x.ticket_id`;
