import { DateTime } from 'luxon';
import { businessMinutesBetween } from './business-time.ts';
import type { TimerCourse } from './derive-timers.ts';
import type { TimerFigures, TimerTerms } from './timer-figures.ts';

/** How a timer's due time came about, as data and as one sentence for the ticket page. */
export type TimerExplanation = {
  text: string;
  timeZone: string;
  hours: 'business' | 'calendar';
  pauses: {
    from: string;
    to: string | null;
    kind: 'paused' | 'stopped';
    statusName: string;
    minutes: number;
  }[];
};

export type ExplainInput = {
  course: TimerCourse;
  figures: TimerFigures;
  terms: TimerTerms;
  hours: 'business' | 'calendar';
  /** The zone times are told in: the calendar's (for calendar hours, the organization's default calendar's). */
  timeZone: string;
  now: Date;
};

/**
 * "Due Tue 10:30 because created Mon 16:00, 2 h business time, 1 h paused in Waiting on customer".
 * Paused time is told in the minutes it would have counted, so the sentence adds up.
 */
export function explainTimer(input: ExplainInput): TimerExplanation {
  const { course, figures, terms, hours, timeZone, now } = input;
  const at = (date: Date) => DateTime.fromJSDate(date, { zone: timeZone }).toFormat('ccc d LLL HH:mm');
  const pauses = course.pauses.map((pause) => ({
    from: pause.from.toISOString(),
    to: pause.to?.toISOString() ?? null,
    kind: pause.kind,
    statusName: pause.statusName,
    minutes: businessMinutesBetween(
      terms.spec,
      pause.from,
      pause.to ?? new Date(Math.max(now.getTime(), pause.from.getTime())),
    ),
  }));
  const started = `${course.timer === 'next_response' ? 'the customer wrote' : 'created'} ${at(course.startedAt)}`;
  const target = `${duration(terms.targetMinutes)} ${hours} time`;
  const held = pauses.map((pause) => `${duration(pause.minutes)} ${pause.kind} in ${pause.statusName}`);
  const reasons = [started, target, ...held].join(', ');
  const state = {
    running: () => `Due ${at(figures.dueAt ?? now)} because ${reasons}`,
    fulfilled: () =>
      `Fulfilled ${at(course.fulfilledAt ?? now)} after ${duration(figures.usedMinutes)} of ${target}` +
      (figures.dueAt ? ` (due ${at(figures.dueAt)})` : '') +
      `; ${reasons}`,
    paused: () => `${statePhrase(figures)} while paused; ${reasons}`,
    stopped: () => `${statePhrase(figures)}, stopped while the ticket is done; ${reasons}`,
  }[course.state];
  return { text: state(), timeZone, hours, pauses };
}

const statePhrase = (figures: TimerFigures) =>
  figures.remainingMinutes >= 0
    ? `${duration(figures.remainingMinutes)} left`
    : `Breached by ${duration(-figures.remainingMinutes)}`;

/** Whole minutes as "2 h", "1 h 30 min", "45 min". */
export function duration(minutes: number): string {
  const whole = Math.round(minutes);
  const h = Math.floor(whole / 60);
  const m = whole % 60;
  if (h === 0) return `${m} min`;
  return m === 0 ? `${h} h` : `${h} h ${m} min`;
}
