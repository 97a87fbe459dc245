import type { TimerCourse } from './derive-timers.ts';
import type { TimerExplanation } from './explain-timer.ts';
import type { SlaPolicy, StoredTimer } from './sla-inputs.ts';
import { STAGES, type Stage, type TimerFigures, type TimerTerms } from './timer-figures.ts';

// The stages after 'ok', each announced by an event of its name.
const ANNOUNCED = ['at_risk', 'breached'] as const;

/** A timer as derived now, ready to be compared with what was stored. */
export type PlannedTimer = {
  course: TimerCourse;
  figures: TimerFigures;
  terms: TimerTerms;
  policy: SlaPolicy;
  calendarId: string;
  explanation: TimerExplanation;
};

export type SlaEventKind = 'applied' | 'paused' | 'resumed' | 'fulfilled' | 'at_risk' | 'breached';

export type NewSlaEvent = {
  timer: string;
  cycle: number;
  kind: SlaEventKind;
  policy_id: string;
  occurred_at: string;
  details: Record<string, unknown>;
};

/**
 * The metric events between a timer's stored state and its derived one, oldest first. A new timer or
 * cycle starts from "running, ok"; a changed policy or target keeps what was already announced, so
 * a stage is announced once per timer state, and again only after a recomputation took it back.
 */
export function timerEvents(
  stored: StoredTimer | undefined,
  planned: PlannedTimer,
  now: Date,
): NewSlaEvent[] {
  const { course, figures, terms, policy } = planned;
  const newCycle = !stored || stored.cycle !== course.cycle;
  const reapplied =
    !newCycle && (stored.policy_id !== policy.id || stored.target_minutes !== terms.targetMinutes);
  const event = (kind: SlaEventKind, at: Date, details: Record<string, unknown> = {}): NewSlaEvent => ({
    timer: course.timer,
    cycle: course.cycle,
    kind,
    policy_id: policy.id,
    occurred_at: at.toISOString(),
    details,
  });
  const events: NewSlaEvent[] = [];
  if (newCycle || reapplied) {
    events.push(
      event('applied', newCycle ? course.startedAt : now, {
        policyName: policy.name,
        targetMinutes: terms.targetMinutes,
        hours: policy.hours,
        ...(reapplied ? { recomputed: true } : {}),
      }),
    );
  }
  const fromState = newCycle ? 'running' : stored.state;
  if (fromState !== course.state) events.push(stateEvent(course, figures, now, event));
  const fromStage: Stage = newCycle ? 'ok' : stored.stage;
  for (const stage of ANNOUNCED.slice(STAGES.indexOf(fromStage), STAGES.indexOf(figures.stage))) {
    // "At risk" warns while something can still be done; a timer that stopped first is not announced.
    if (stage === 'at_risk' && course.state !== 'running') continue;
    const at = (stage === 'at_risk' ? figures.atRiskAt : figures.dueAt) ?? now;
    events.push(event(stage, at, { remainingMinutes: figures.remainingMinutes }));
  }
  return events.sort((a, b) => a.occurred_at.localeCompare(b.occurred_at));
}

function stateEvent(
  course: TimerCourse,
  figures: TimerFigures,
  now: Date,
  event: (kind: SlaEventKind, at: Date, details?: Record<string, unknown>) => NewSlaEvent,
): NewSlaEvent {
  if (course.state === 'fulfilled') {
    return event('fulfilled', course.fulfilledAt ?? now, {
      usedMinutes: figures.usedMinutes,
      breached: figures.stage === 'breached',
    });
  }
  const lastPause = course.pauses.at(-1);
  if (course.state === 'running') return event('resumed', lastPause?.to ?? now, {});
  return event('paused', lastPause?.from ?? now, {
    statusName: lastPause?.statusName,
    stopped: course.state === 'stopped',
  });
}
