import { DateTime } from 'luxon';
import { AppError } from '../../lib/errors.ts';
import { businessSpans, compileCalendar, type InstantSpan, withoutPauses } from './business-calendar.ts';
import type { CalendarSpec } from './calendar-spec.ts';

const MINUTE_MS = 60_000;
const SEARCH_YEARS = 5;

/**
 * The earliest instant t ≥ start such that the business time in [start, t), paused time left out,
 * equals `minutes`: a target used up exactly at closing time is due at closing time.
 */
export function addBusinessMinutes(
  spec: CalendarSpec,
  start: Date,
  minutes: number,
  pauses: [Date, Date][] = [],
): Date {
  if (!Number.isFinite(minutes) || minutes < 0)
    throw new AppError('validation_failed', `minutes must be a number ≥ 0, not ${minutes}`);
  const from = instantOf(start, 'start');
  const calendar = compileCalendar(spec);
  if (minutes === 0) return new Date(from);
  const limit = DateTime.fromMillis(from).plus({ years: SEARCH_YEARS }).toMillis();
  let remaining = minutes * MINUTE_MS;
  for (const [spanFrom, spanTo] of withoutPauses(
    businessSpans(calendar, from, limit),
    instantSpans(pauses),
  )) {
    if (spanTo - spanFrom >= remaining) return new Date(spanFrom + remaining);
    remaining -= spanTo - spanFrom;
  }
  const found = minutes - remaining / MINUTE_MS;
  throw new AppError(
    'unprocessable',
    `No due time within ${SEARCH_YEARS} years of the start: the calendar has ${found} of ${minutes} business minutes in that time`,
  );
}

/** The business time in [start, end), paused time left out, in minutes (fractional when the instants have seconds). */
export function businessMinutesBetween(
  spec: CalendarSpec,
  start: Date,
  end: Date,
  pauses: [Date, Date][] = [],
): number {
  const from = instantOf(start, 'start');
  const to = instantOf(end, 'end');
  if (to < from) throw new AppError('validation_failed', 'end is before start');
  const calendar = compileCalendar(spec);
  let total = 0;
  for (const [spanFrom, spanTo] of withoutPauses(businessSpans(calendar, from, to), instantSpans(pauses)))
    total += spanTo - spanFrom;
  return total / MINUTE_MS;
}

function instantOf(date: Date, name: string): number {
  const ms = date.getTime();
  if (Number.isNaN(ms)) throw new AppError('validation_failed', `${name} is not a valid instant`);
  return ms;
}

function instantSpans(pauses: [Date, Date][]): InstantSpan[] {
  return pauses.map(([from, to], i) => [
    instantOf(from, `pauses[${i}][0]`),
    instantOf(to, `pauses[${i}][1]`),
  ]);
}
