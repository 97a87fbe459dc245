import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { AppError } from '../../lib/errors.ts';
import { addBusinessMinutes, businessMinutesBetween } from './business-time.ts';
import { type CalendarSpec, type Interval, validateCalendarSpec, WEEKDAYS } from './calendar-spec.ts';

const MINUTE = 60_000;
const DAY = 86_400_000;
const ZONES = [
  'UTC',
  'Europe/Berlin',
  'America/New_York',
  'Australia/Sydney',
  'Asia/Kolkata',
  'Australia/Adelaide',
  'Asia/Kathmandu',
];
// Starts cluster around the 2025 DST changes of these zones, where the mistakes would be.
const DST_CHANGES = ['2025-03-09', '2025-03-30', '2025-04-06', '2025-10-05', '2025-10-26', '2025-11-02'];
// Each reference run steps through at most this much time, minute by minute.
const REFERENCE_SPAN = 4 * DAY;

// ---- The slow, obviously correct reference: every minute, ask luxon for the local wall clock. ----

function hhmm(text: string): number {
  const [hours, minutes] = text.split(':').map(Number);
  return (hours ?? 0) * 60 + (minutes ?? 0);
}

function isHoliday(spec: CalendarSpec, date: string): boolean {
  return spec.holidays.some((holiday) => {
    const until = holiday.until ?? holiday.date;
    if (!holiday.yearly) return holiday.date <= date && date <= until;
    const firstYear = Number(holiday.date.slice(0, 4));
    const yearsSpanned = Number(until.slice(0, 4)) - firstYear;
    const year = Number(date.slice(0, 4));
    return [year, year - yearsSpanned].some(
      (from) =>
        from >= firstYear &&
        `${from}${holiday.date.slice(4)}` <= date &&
        date <= `${from + yearsSpanned}${until.slice(4)}`,
    );
  });
}

/** Is the local minute `minute` of `date` inside the date's business hours? */
function isOpenAt(spec: CalendarSpec, date: DateTime, minute: number): boolean {
  const iso = date.toISODate() as string;
  const yesterday = date.minus({ days: 1 });
  const isoYesterday = yesterday.toISODate() as string;
  const special = spec.specialHours.find((entry) => entry.date === iso);
  const specialYesterday = spec.specialHours.find((entry) => entry.date === isoYesterday);
  const ownDay = (interval: Interval) => {
    const [from, to] = interval.map(hhmm) as [number, number];
    return from <= minute && (to <= from || minute < to); // an overnight interval runs to midnight
  };
  const afterMidnight = (interval: Interval) => {
    const [from, to] = interval.map(hhmm) as [number, number];
    return to < from && minute < to;
  };
  if (special) return special.hours.some(ownDay);
  if (isHoliday(spec, iso)) return false;
  const today = spec.hours[WEEKDAYS[date.weekday - 1] as keyof CalendarSpec['hours']] ?? [];
  const before = spec.hours[WEEKDAYS[yesterday.weekday - 1] as keyof CalendarSpec['hours']] ?? [];
  return (
    today.some(ownDay) || before.some(afterMidnight) || (specialYesterday?.hours.some(afterMidnight) ?? false)
  );
}

function isBusinessMinute(spec: CalendarSpec, at: number, pauses: [Date, Date][]): boolean {
  if (pauses.some(([from, to]) => from.getTime() <= at && at < to.getTime())) return false;
  const local = DateTime.fromMillis(at, { zone: spec.timeZone });
  return isOpenAt(spec, local.startOf('day'), local.hour * 60 + local.minute);
}

function referenceDue(spec: CalendarSpec, start: number, minutes: number, pauses: [Date, Date][]): number {
  let counted = 0;
  for (let at = start; counted < minutes; at += MINUTE) {
    if (at - start > REFERENCE_SPAN) throw new Error('reference walked too far');
    if (isBusinessMinute(spec, at, pauses)) counted++;
    if (counted === minutes) return at + MINUTE;
  }
  return start;
}

function referenceBetween(spec: CalendarSpec, start: number, end: number, pauses: [Date, Date][]): number {
  let counted = 0;
  for (let at = start; at < end; at += MINUTE) if (isBusinessMinute(spec, at, pauses)) counted++;
  return counted;
}

// ---- Random calendars: split shifts, overnight shifts, holidays, special hours, pauses. ----

const halfHour = fc.integer({ min: 0, max: 48 }).map((step) => step * 30);
const time = (minutes: number) =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/** Up to three disjoint intervals in a day, sometimes with an overnight one at the end. */
const dayHours = fc
  .tuple(fc.uniqueArray(halfHour, { maxLength: 6 }), fc.option(fc.tuple(halfHour, halfHour), { freq: 4 }))
  .map(([points, overnight]) => {
    const sorted = [...points].sort((a, b) => a - b);
    const intervals: Interval[] = [];
    for (let i = 0; i + 1 < sorted.length; i += 2)
      intervals.push([time(sorted[i] as number), time(sorted[i + 1] as number)]);
    if (overnight && overnight[1] < overnight[0] && overnight[0] < 1440)
      intervals.push([time(overnight[0]), time(overnight[1])]);
    return intervals;
  });

const scenario = fc
  .record({
    timeZone: fc.constantFrom(...ZONES),
    week: fc.array(dayHours, { minLength: 7, maxLength: 7 }),
    anchor: fc.constantFrom(...DST_CHANGES),
    startMinute: fc.integer({ min: -3 * 1440, max: 3 * 1440 }),
    holidays: fc.array(
      fc.record({ offset: fc.integer({ min: -2, max: 5 }), length: fc.nat(2), yearly: fc.boolean() }),
      { maxLength: 3 },
    ),
    special: fc.array(fc.record({ offset: fc.integer({ min: -1, max: 5 }), hours: dayHours }), {
      maxLength: 2,
    }),
    pauses: fc.array(fc.record({ offset: fc.integer({ min: 0, max: 3 * 1440 }), length: fc.nat(600) }), {
      maxLength: 3,
    }),
  })
  .map((drawn) => {
    const start = Date.parse(`${drawn.anchor}T12:00:00Z`) + drawn.startMinute * MINUTE;
    const dateAt = (offsetDays: number, yearsBack = 0) =>
      DateTime.fromMillis(start + offsetDays * DAY, { zone: drawn.timeZone })
        .minus({ years: yearsBack })
        .toISODate() as string;
    const spec: CalendarSpec = {
      timeZone: drawn.timeZone,
      hours: Object.fromEntries(WEEKDAYS.map((day, i) => [day, drawn.week[i] ?? []])),
      holidays: drawn.holidays.map(({ offset, length, yearly }) => ({
        date: dateAt(offset, yearly ? 1 : 0),
        until: dateAt(offset + length, yearly ? 1 : 0),
        yearly,
      })),
      specialHours: drawn.special
        .map(({ offset, hours }) => ({ date: dateAt(offset), hours }))
        .filter((entry, i, all) => all.findIndex((other) => other.date === entry.date) === i),
    };
    const pauses = drawn.pauses.map(({ offset, length }): [Date, Date] => [
      new Date(start + offset * MINUTE),
      new Date(start + (offset + length) * MINUTE),
    ]);
    return { spec, start, pauses };
  })
  .filter(({ spec }) => validateCalendarSpec(spec).length === 0);

/** Engine answers worth checking against the reference: due within the reference's reach. */
function dueWithinReach(spec: CalendarSpec, start: number, minutes: number, pauses: [Date, Date][]) {
  try {
    const due = addBusinessMinutes(spec, new Date(start), minutes, pauses).getTime();
    return due - start <= REFERENCE_SPAN ? due : undefined;
  } catch {
    return undefined; // no business time within 5 years: an empty week
  }
}

describe('business time against a minute-by-minute reference', () => {
  test('the due time matches the reference, counts back to the target, and ends a business minute', () => {
    fc.assert(
      fc.property(scenario, fc.integer({ min: 0, max: 1500 }), ({ spec, start, pauses }, minutes) => {
        const due = dueWithinReach(spec, start, minutes, pauses);
        fc.pre(due !== undefined);
        assert.equal(
          new Date(due).toISOString(),
          new Date(referenceDue(spec, start, minutes, pauses)).toISOString(),
        );
        assert.equal(businessMinutesBetween(spec, new Date(start), new Date(due), pauses), minutes);
        if (minutes > 0)
          assert.ok(isBusinessMinute(spec, due - MINUTE, pauses), 'the minute before due is business time');
      }),
      { numRuns: 120 },
    );
  });

  test('the business minutes between two instants match the reference', () => {
    fc.assert(
      fc.property(scenario, fc.integer({ min: 0, max: 3 * 1440 }), ({ spec, start, pauses }, length) => {
        const end = start + length * MINUTE;
        assert.equal(
          businessMinutesBetween(spec, new Date(start), new Date(end), pauses),
          referenceBetween(spec, start, end, pauses),
        );
      }),
      { numRuns: 80 },
    );
  });

  test('a larger target is never due earlier', () => {
    fc.assert(
      fc.property(scenario, fc.nat(20_000), fc.nat(20_000), ({ spec, start, pauses }, a, b) => {
        const [smaller, larger] = a <= b ? [a, b] : [b, a];
        // A sparse calendar (half an hour a week) may not hold a target within the search's years:
        // such a target is never due, which is later than any due time.
        const dueOf = (minutes: number) => {
          try {
            return addBusinessMinutes(spec, new Date(start), minutes, pauses).getTime();
          } catch (error) {
            if (error instanceof AppError && error.code === 'unprocessable') return Number.POSITIVE_INFINITY;
            throw error;
          }
        };
        fc.pre(Object.values(spec.hours).some((intervals) => intervals.length > 0));
        assert.ok(dueOf(smaller) <= dueOf(larger));
      }),
      { numRuns: 150 },
    );
  });
});
