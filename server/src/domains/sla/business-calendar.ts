import { DateTime, IANAZone } from 'luxon';
import { AppError } from '../../lib/errors.ts';
import {
  type CalendarSpec,
  type DaySpan,
  dayNumberOfDate,
  splitAtMidnight,
  validateCalendarSpec,
  WEEKDAYS,
} from './calendar-spec.ts';

/** Epoch milliseconds `[from, to)`. */
export type InstantSpan = [number, number];

/** A calendar spec turned into business spans per local date (a day number: days since 1970-01-01). */
export type BusinessCalendar = {
  zone: IANAZone;
  spansOfDate(day: number): DaySpan[];
  /** Each date's business instants once worked out (see instantSpansOfDate); never changed after. */
  instantsByDate: Map<number, InstantSpan[]>;
};

const MINUTE_MS = 60_000;
export const DAY_MS = 86_400_000;
// Offsets in tzdata stay within ±14 h, so a local date's instants lie within these bounds of its midnight.
const OFFSET_BOUND_MS = 18 * 3_600_000;
// Offset changes are months apart; sampling this often finds each one, then a binary search pins it.
const OFFSET_SAMPLE_MS = 6 * 3_600_000;
const BATCH_DAYS = 14;

// A recomputation counts thousands of timers on the same few calendars, and reading a zone's offsets
// (Intl, through luxon) is most of what counting costs: each spec object is compiled once, and its
// dates' instants are kept. Specs are values: changing a calendar makes a new spec object.
const compiled = new WeakMap<CalendarSpec, BusinessCalendar>();
// Bounds the dates kept per calendar (a long-lived calendar, such as round-the-clock, meets new ones daily).
const MAX_KEPT_DATES = 20_000;

export function compileCalendar(spec: CalendarSpec): BusinessCalendar {
  const known = compiled.get(spec);
  if (known) return known;
  const calendar = buildCalendar(spec);
  compiled.set(spec, calendar);
  return calendar;
}

function buildCalendar(spec: CalendarSpec): BusinessCalendar {
  const errors = validateCalendarSpec(spec);
  if (errors.length > 0) {
    const summary = errors.map((error) => `${error.path}: ${error.message}`).join('; ');
    throw new AppError('validation_failed', `Invalid calendar: ${summary}`, { errors });
  }
  const weekly: DaySpan[][] = WEEKDAYS.map(() => []);
  WEEKDAYS.forEach((day, index) => {
    for (const interval of spec.hours[day] ?? []) {
      const { today, tomorrow } = splitAtMidnight(interval);
      weekly[index]?.push(today);
      if (tomorrow) weekly[(index + 1) % 7]?.push(tomorrow);
    }
  });
  const special = new Map<number, DaySpan[]>();
  const specialTails = new Map<number, DaySpan[]>(); // keyed by the date after the special date
  for (const { date, hours } of spec.specialHours) {
    const day = dayNumberOfDate(date) as number;
    const parts = hours.map(splitAtMidnight);
    special.set(
      day,
      parts.map((part) => part.today),
    );
    specialTails.set(
      day + 1,
      parts.flatMap((part) => (part.tomorrow ? [part.tomorrow] : [])),
    );
  }
  const isHoliday = holidayTest(spec.holidays);
  return {
    zone: IANAZone.create(spec.timeZone),
    spansOfDate(day) {
      const specialSpans = special.get(day);
      if (specialSpans) return mergeSpans(specialSpans);
      if (isHoliday(day)) return [];
      return mergeSpans([...(weekly[weekdayIndex(day)] ?? []), ...(specialTails.get(day) ?? [])]);
    },
    instantsByDate: new Map(),
  };
}

/** Index into WEEKDAYS (0 = Monday); 1970-01-01 was a Thursday. */
function weekdayIndex(day: number): number {
  return (((day + 3) % 7) + 7) % 7;
}

function isoDateOf(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

function holidayTest(holidays: CalendarSpec['holidays']): (day: number) => boolean {
  const fixed = holidays
    .filter((holiday) => !holiday.yearly)
    .map((holiday) => ({ from: holiday.date, until: holiday.until ?? holiday.date }));
  const yearly = holidays
    .filter((holiday) => holiday.yearly)
    .map((holiday) => {
      const until = holiday.until ?? holiday.date;
      return {
        firstYear: Number(holiday.date.slice(0, 4)),
        from: holiday.date.slice(4),
        until: until.slice(4),
        yearsSpanned: Number(until.slice(0, 4)) - Number(holiday.date.slice(0, 4)),
      };
    });
  return (day) => {
    // ISO dates of four-digit years compare correctly as strings; a yearly 29 February then
    // matches nothing in other years, as it should.
    const date = isoDateOf(day);
    if (fixed.some((range) => range.from <= date && date <= range.until)) return true;
    const year = Number(date.slice(0, 4));
    return yearly.some((range) =>
      [year, year - range.yearsSpanned].some(
        (startYear) =>
          startYear >= range.firstYear &&
          `${startYear}${range.from}` <= date &&
          date <= `${startYear + range.yearsSpanned}${range.until}`,
      ),
    );
  };
}

/** Sorted, with overlapping and touching spans joined. */
export function mergeSpans<T extends [number, number]>(spans: T[]): T[] {
  const merged: T[] = [];
  for (const span of [...spans].sort((a, b) => a[0] - b[0])) {
    const last = merged.at(-1);
    if (last && span[0] <= last[1]) last[1] = Math.max(last[1], span[1]);
    else merged.push([span[0], span[1]] as T);
  }
  return merged;
}

/** The local date (day number) of an instant in the calendar's zone. */
export function localDayOf(zone: IANAZone, ms: number): number {
  const local = DateTime.fromMillis(ms, { zone });
  return Date.UTC(local.year, local.month - 1, local.day) / DAY_MS;
}

/** The instant a local date begins (luxon moves a midnight skipped by a DST change forward). */
function firstInstantOf(zone: IANAZone, day: number): number {
  const date = new Date(day * DAY_MS);
  return DateTime.fromObject(
    { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() },
    { zone },
  ).toMillis();
}

type OffsetPeriod = { from: number; to: number; offsetMs: number };

/** `[from, to)` cut where the zone's UTC offset changes, each piece with its offset (from luxon). */
function offsetPeriods(zone: IANAZone, from: number, to: number): OffsetPeriod[] {
  const offsetAt = (ms: number) => zone.offset(ms) * MINUTE_MS;
  const periods: OffsetPeriod[] = [{ from, to, offsetMs: offsetAt(from) }];
  for (let sample = from + OFFSET_SAMPLE_MS; sample < to + OFFSET_SAMPLE_MS; sample += OFFSET_SAMPLE_MS) {
    const probe = Math.min(sample, to - 1);
    const current = periods.at(-1) as OffsetPeriod;
    if (offsetAt(probe) === current.offsetMs) continue;
    let unchanged = Math.max(current.from, probe - OFFSET_SAMPLE_MS);
    let changed = probe;
    while (changed - unchanged > 1) {
      const middle = Math.floor((unchanged + changed) / 2);
      if (offsetAt(middle) === current.offsetMs) unchanged = middle;
      else changed = middle;
    }
    current.to = changed;
    periods.push({ from: changed, to, offsetMs: offsetAt(changed) });
  }
  return periods;
}

/** A date's business instants, worked out once per compiled calendar; callers must not change them. */
function instantSpansOfDate(calendar: BusinessCalendar, day: number): InstantSpan[] {
  const kept = calendar.instantsByDate.get(day);
  if (kept) return kept;
  const instants = dateInstants(calendar, day);
  if (calendar.instantsByDate.size >= MAX_KEPT_DATES) calendar.instantsByDate.clear();
  calendar.instantsByDate.set(day, instants);
  return instants;
}

/**
 * The instants whose local wall-clock time falls in the date's business spans. Within one offset
 * period wall time is the instant plus the offset, so each span maps to at most one instant span
 * per period: a span across a skipped hour comes out an hour shorter, one across a repeated hour
 * an hour longer (or in two pieces when it ends inside the repeated hour).
 */
function dateInstants(calendar: BusinessCalendar, day: number): InstantSpan[] {
  const spans = calendar.spansOfDate(day);
  if (spans.length === 0) return [];
  const midnightAsUtc = day * DAY_MS; // the date's wall clock read as if it were UTC
  const periods = offsetPeriods(
    calendar.zone,
    midnightAsUtc - OFFSET_BOUND_MS,
    midnightAsUtc + DAY_MS + OFFSET_BOUND_MS,
  );
  const instants: InstantSpan[] = [];
  for (const [fromMinute, toMinute] of spans) {
    for (const period of periods) {
      const from = Math.max(midnightAsUtc + fromMinute * MINUTE_MS - period.offsetMs, period.from);
      const to = Math.min(midnightAsUtc + toMinute * MINUTE_MS - period.offsetMs, period.to);
      if (from < to) instants.push([from, to]);
    }
  }
  return instants;
}

/**
 * Business time in `[from, to)` in order, as disjoint instant spans. Dates are read in batches;
 * each batch starts a date early because where a DST change falls back across midnight, the
 * repeated last hour of a date comes after the next date has begun.
 */
export function* businessSpans(calendar: BusinessCalendar, from: number, to: number): Generator<InstantSpan> {
  let cursor = from;
  let firstDay = localDayOf(calendar.zone, from) - 1;
  while (cursor < to) {
    const lastDay = firstDay + BATCH_DAYS;
    const horizon = Math.min(firstInstantOf(calendar.zone, lastDay), to);
    const spans: InstantSpan[] = [];
    for (let day = firstDay; day <= lastDay; day++) spans.push(...instantSpansOfDate(calendar, day));
    for (const [spanFrom, spanTo] of mergeSpans(spans)) {
      const clippedFrom = Math.max(spanFrom, cursor);
      const clippedTo = Math.min(spanTo, horizon);
      if (clippedFrom < clippedTo) yield [clippedFrom, clippedTo];
    }
    cursor = horizon;
    firstDay = lastDay - 1;
  }
}

/** The spans with the paused time cut out; pauses may be unsorted and overlapping. */
export function* withoutPauses(spans: Iterable<InstantSpan>, pauses: InstantSpan[]): Generator<InstantSpan> {
  const merged = mergeSpans(pauses.filter(([from, to]) => from < to));
  let next = 0; // pauses before this index end before every span still to come
  for (const [spanFrom, spanTo] of spans) {
    while (next < merged.length && (merged[next]?.[1] ?? 0) <= spanFrom) next++;
    let from = spanFrom;
    for (let i = next; i < merged.length && from < spanTo; i++) {
      const [pauseFrom, pauseTo] = merged[i] as InstantSpan;
      if (pauseFrom >= spanTo) break;
      if (pauseFrom > from) yield [from, pauseFrom];
      from = Math.max(from, pauseTo);
    }
    if (from < spanTo) yield [from, spanTo];
  }
}
