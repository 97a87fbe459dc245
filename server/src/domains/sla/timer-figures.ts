import { AppError } from '../../lib/errors.ts';
import { addBusinessMinutes, businessMinutesBetween } from './business-time.ts';
import { type CalendarSpec, type Interval, WEEKDAYS } from './calendar-spec.ts';
import type { TimerCourse } from './derive-timers.ts';
import type { Policy } from './sla.schemas.ts';

export type Stage = 'ok' | 'at_risk' | 'breached';
export const STAGES: readonly Stage[] = ['ok', 'at_risk', 'breached'];

/** Where a timer stands at an instant, counted on its calendar. */
export type TimerFigures = {
  /** When the target is used up, counting the pauses so far: while running, and once fulfilled. */
  dueAt: Date | null;
  /** While running: when the at-risk share of the target is used up. */
  atRiskAt: Date | null;
  usedMinutes: number;
  /** Negative once breached. */
  remainingMinutes: number;
  stage: Stage;
};

export type TimerTerms = { spec: CalendarSpec; targetMinutes: number; atRisk: Policy['atRisk'] };

/** Every day, every minute: what "calendar minutes" count on. */
export const ROUND_THE_CLOCK: CalendarSpec = {
  timeZone: 'UTC',
  hours: Object.fromEntries(WEEKDAYS.map((day) => [day, [['00:00', '24:00'] as Interval]])),
  holidays: [],
  specialHours: [],
};

export function timerFigures(course: TimerCourse, terms: TimerTerms, now: Date): TimerFigures {
  const { spec, targetMinutes } = terms;
  const closed = course.pauses.flatMap(({ from, to }) => (to ? [[from, to] as [Date, Date]] : []));
  const openPause = course.pauses.find((pause) => pause.to === null);
  const countedUntil = course.fulfilledAt ?? openPause?.from ?? now;
  const usedMinutes =
    countedUntil > course.startedAt
      ? businessMinutesBetween(spec, course.startedAt, countedUntil, closed)
      : 0;
  const threshold = atRiskMinutes(terms);
  const counting = course.state === 'running' || course.state === 'fulfilled';
  const dueAt = counting ? dueOrNever(spec, course.startedAt, targetMinutes, closed) : null;
  const atRiskAt = course.state === 'running' ? dueOrNever(spec, course.startedAt, threshold, closed) : null;
  return {
    dueAt,
    atRiskAt,
    usedMinutes,
    remainingMinutes: targetMinutes - usedMinutes,
    stage: stageOf(course, { dueAt, atRiskAt, usedMinutes, threshold, targetMinutes }, now),
  };
}

/** Null when the calendar has no such business time within the engine's horizon (a calendar closed for good). */
function dueOrNever(spec: CalendarSpec, start: Date, minutes: number, pauses: [Date, Date][]): Date | null {
  try {
    return addBusinessMinutes(spec, start, minutes, pauses);
  } catch (error) {
    if (error instanceof AppError && error.code === 'unprocessable') return null;
    throw error;
  }
}

/** Business minutes into the target at which a timer counts as at risk. */
export function atRiskMinutes({
  targetMinutes,
  atRisk,
}: Pick<TimerTerms, 'targetMinutes' | 'atRisk'>): number {
  return 'percent' in atRisk
    ? (targetMinutes * atRisk.percent) / 100
    : Math.max(0, targetMinutes - atRisk.minutesBefore);
}

type StageInput = {
  dueAt: Date | null;
  atRiskAt: Date | null;
  usedMinutes: number;
  threshold: number;
  targetMinutes: number;
};

// An answer at the due instant is on time; a running timer at its due instant has breached.
function stageOf(course: TimerCourse, figures: StageInput, now: Date): Stage {
  const { dueAt, atRiskAt, usedMinutes, threshold, targetMinutes } = figures;
  if (course.state === 'running' && dueAt && atRiskAt) {
    return now >= dueAt ? 'breached' : now >= atRiskAt ? 'at_risk' : 'ok';
  }
  if (course.state === 'fulfilled' && dueAt && course.fulfilledAt) {
    if (course.fulfilledAt > dueAt) return 'breached';
  } else if (usedMinutes >= targetMinutes) return 'breached';
  return usedMinutes >= threshold ? 'at_risk' : 'ok';
}
