import { IANAZone } from 'luxon';

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** Local wall-clock `[from, to)` as "HH:MM"; `to` may be "24:00"; a `to` before `from` crosses midnight. */
export type Interval = [string, string];
/** A closed local date, or the inclusive range `date`..`until`; `yearly` repeats it from that year on. */
export type Holiday = { date: string; until?: string; yearly?: boolean; name?: string };
/** Hours that replace the weekly hours of one local date; `[]` closes it. */
export type SpecialHours = { date: string; hours: Interval[] };

export type CalendarSpec = {
  timeZone: string;
  hours: Partial<Record<Weekday, Interval[]>>;
  holidays: Holiday[];
  specialHours: SpecialHours[];
};

export type SpecError = { path: string; message: string };

/** Minutes from local midnight, `[from, to)`, within one date (0..1440). */
export type DaySpan = [number, number];

const MINUTES_PER_DAY = 1440;
const TIME = /^(?:([01]\d|2[0-3]):([0-5]\d)|(24):(00))$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Minutes from midnight of "HH:MM", or undefined when it is not a time of day (24:00 included). */
export function minutesOfTime(text: unknown): number | undefined {
  const match = typeof text === 'string' ? TIME.exec(text) : null;
  if (!match) return undefined;
  return Number(match[1] ?? match[3]) * 60 + Number(match[2] ?? match[4]);
}

/** Days since 1970-01-01 of a real calendar date "YYYY-MM-DD", or undefined. */
export function dayNumberOfDate(text: unknown): number | undefined {
  if (typeof text !== 'string' || !DATE.test(text)) return undefined;
  const ms = Date.parse(`${text}T00:00:00Z`);
  // Date.parse rolls 2025-02-30 over to March; a real date formats back to itself.
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== text) return undefined;
  return ms / 86_400_000;
}

/**
 * The spans an interval lays on its own date and, when it crosses midnight, on the next one.
 * `["22:00","00:00"]` is the same as `["22:00","24:00"]`.
 */
export function splitAtMidnight(interval: Interval): { today: DaySpan; tomorrow?: DaySpan } {
  const from = minutesOfTime(interval[0]) ?? 0;
  const to = minutesOfTime(interval[1]) ?? 0;
  if (to > from) return { today: [from, to] };
  return to === 0
    ? { today: [from, MINUTES_PER_DAY] }
    : { today: [from, MINUTES_PER_DAY], tomorrow: [0, to] };
}

export function validateCalendarSpec(spec: CalendarSpec): SpecError[] {
  const errors: SpecError[] = [];
  if (typeof spec.timeZone !== 'string' || !IANAZone.isValidZone(spec.timeZone))
    errors.push({ path: 'timeZone', message: `not an IANA time zone: ${JSON.stringify(spec.timeZone)}` });
  errors.push(...weeklyHoursErrors(spec.hours), ...holidayErrors(spec.holidays));
  errors.push(...specialHoursErrors(spec.specialHours));
  return errors;
}

type PlacedSpan = { span: DaySpan; path: string };

function weeklyHoursErrors(hours: CalendarSpec['hours']): SpecError[] {
  if (typeof hours !== 'object' || hours === null || Array.isArray(hours))
    return [{ path: 'hours', message: 'must be an object keyed by weekday (mon … sun)' }];
  const errors: SpecError[] = [];
  const unknownDays = Object.keys(hours).filter((day) => !(WEEKDAYS as readonly string[]).includes(day));
  for (const day of unknownDays) errors.push({ path: `hours.${day}`, message: 'not a weekday (mon … sun)' });
  const placed: PlacedSpan[][] = WEEKDAYS.map(() => []);
  WEEKDAYS.forEach((day, index) => {
    const intervals = hours[day];
    if (intervals === undefined) return;
    const intervalErrors = intervalListErrors(intervals, `hours.${day}`);
    errors.push(...intervalErrors);
    if (intervalErrors.length > 0) return;
    intervals.forEach((interval, i) => {
      const { today, tomorrow } = splitAtMidnight(interval);
      placed[index]?.push({ span: today, path: `hours.${day}[${i}]` });
      if (tomorrow) placed[(index + 1) % 7]?.push({ span: tomorrow, path: `hours.${day}[${i}]` });
    });
  });
  for (const spans of placed) errors.push(...overlapErrors(spans));
  return errors;
}

function holidayErrors(holidays: CalendarSpec['holidays']): SpecError[] {
  if (!Array.isArray(holidays)) return [{ path: 'holidays', message: 'must be a list' }];
  return holidays.flatMap((holiday, i): SpecError[] => {
    const path = `holidays[${i}]`;
    const from = dayNumberOfDate(holiday?.date);
    if (from === undefined) return [{ path: `${path}.date`, message: 'not a date (YYYY-MM-DD)' }];
    if (holiday.until === undefined) return [];
    const until = dayNumberOfDate(holiday.until);
    if (until === undefined) return [{ path: `${path}.until`, message: 'not a date (YYYY-MM-DD)' }];
    if (until < from) return [{ path: `${path}.until`, message: 'is before date' }];
    if (holiday.yearly && until - from >= 365)
      return [{ path: `${path}.until`, message: 'a yearly range must be shorter than a year' }];
    return [];
  });
}

function specialHoursErrors(specialHours: CalendarSpec['specialHours']): SpecError[] {
  if (!Array.isArray(specialHours)) return [{ path: 'specialHours', message: 'must be a list' }];
  const seen = new Set<string>();
  return specialHours.flatMap((special, i): SpecError[] => {
    const path = `specialHours[${i}]`;
    if (dayNumberOfDate(special?.date) === undefined)
      return [{ path: `${path}.date`, message: 'not a date (YYYY-MM-DD)' }];
    if (seen.has(special.date)) return [{ path: `${path}.date`, message: `${special.date} is listed twice` }];
    seen.add(special.date);
    const errors = intervalListErrors(special.hours, `${path}.hours`);
    if (errors.length > 0) return errors;
    return overlapErrors(
      special.hours.map((interval, j) => ({
        span: splitAtMidnight(interval).today,
        path: `${path}.hours[${j}]`,
      })),
    );
  });
}

function intervalListErrors(intervals: Interval[], path: string): SpecError[] {
  if (!Array.isArray(intervals)) return [{ path, message: 'must be a list of ["HH:MM", "HH:MM"] intervals' }];
  return intervals.flatMap((interval, i): SpecError[] => {
    const at = `${path}[${i}]`;
    if (!Array.isArray(interval) || interval.length !== 2)
      return [{ path: at, message: 'must be a pair ["HH:MM", "HH:MM"]' }];
    const [from, to] = interval.map(minutesOfTime);
    if (from === undefined || from === MINUTES_PER_DAY)
      return [{ path: `${at}[0]`, message: `not a time 00:00–23:59: ${JSON.stringify(interval[0])}` }];
    if (to === undefined)
      return [{ path: `${at}[1]`, message: `not a time 00:00–24:00: ${JSON.stringify(interval[1])}` }];
    if (from === to) return [{ path: at, message: 'is empty (a whole day is ["00:00", "24:00"])' }];
    return [];
  });
}

function overlapErrors(spans: PlacedSpan[]): SpecError[] {
  const sorted = [...spans].sort((a, b) => a.span[0] - b.span[0]);
  const errors: SpecError[] = [];
  let latest: PlacedSpan | undefined; // the span reaching furthest so far
  for (const current of sorted) {
    if (latest && current.span[0] < latest.span[1])
      errors.push({ path: current.path, message: `overlaps ${latest.path}` });
    if (!latest || current.span[1] > latest.span[1]) latest = current;
  }
  return errors;
}
