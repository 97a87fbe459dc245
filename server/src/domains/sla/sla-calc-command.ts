import { DateTime } from 'luxon';
import { addBusinessMinutes, businessMinutesBetween } from './business-time.ts';
import type { CalendarSpec, Interval } from './calendar-spec.ts';

/** One case of `actionconnect sla calc`, in the format of the shared reference cases. */
type CalcCase = {
  id?: unknown;
  calendar?: {
    time_zone?: string;
    hours?: CalendarSpec['hours'];
    holidays?: string[];
    overrides?: Record<string, Interval[]>;
  };
  start?: unknown;
  minutes?: unknown;
  end?: unknown;
  pauses?: unknown;
};

type CalcAnswer =
  | { id: unknown; due: string }
  | { id: unknown; business_minutes: number }
  | { id: unknown; error: string };

/** `actionconnect sla calc`: a JSON array of cases in, the JSON array of answers out. */
export function slaCalcCommand(input: string): CalcAnswer[] {
  const cases: unknown = JSON.parse(input);
  if (!Array.isArray(cases)) throw new Error('sla calc reads a JSON array of cases');
  return cases.map((item: CalcCase) => {
    try {
      return answer(item);
    } catch (error) {
      return { id: item?.id, error: error instanceof Error ? error.message : String(error) };
    }
  });
}

function answer(item: CalcCase): CalcAnswer {
  if (typeof item !== 'object' || item === null) throw new Error('a case must be an object');
  const spec = specOf(item.calendar);
  const start = instantOf(item.start, 'start');
  const pauses = pausesOf(item.pauses);
  if (item.minutes !== undefined) {
    if (!Number.isInteger(item.minutes) || (item.minutes as number) < 0)
      throw new Error('minutes must be a whole number ≥ 0');
    const due = addBusinessMinutes(spec, start, item.minutes as number, pauses);
    const inZone = DateTime.fromJSDate(due, { zone: spec.timeZone });
    return { id: item.id, due: inZone.toISO({ suppressMilliseconds: true }) as string };
  }
  if (item.end === undefined) throw new Error('a case needs minutes or end');
  return {
    id: item.id,
    business_minutes: businessMinutesBetween(spec, start, instantOf(item.end, 'end'), pauses),
  };
}

function specOf(calendar: CalcCase['calendar']): CalendarSpec {
  if (typeof calendar !== 'object' || calendar === null) throw new Error('calendar must be an object');
  const { time_zone, hours, holidays = [], overrides = {} } = calendar;
  if (!Array.isArray(holidays)) throw new Error('calendar.holidays must be a list of dates');
  if (typeof overrides !== 'object' || overrides === null)
    throw new Error('calendar.overrides must map dates to intervals');
  return {
    timeZone: time_zone as string,
    hours: hours ?? {},
    holidays: holidays.map((date) => ({ date })),
    specialHours: Object.entries(overrides).map(([date, intervals]) => ({ date, hours: intervals })),
  };
}

/** An ISO 8601 instant with an offset (or Z); a local time without one would be ambiguous. */
function instantOf(value: unknown, name: string): Date {
  const parsed = typeof value === 'string' ? DateTime.fromISO(value, { setZone: true }) : undefined;
  if (!parsed?.isValid || !/(?:Z|[+-]\d{2}:?\d{2})$/.test(value as string))
    throw new Error(`${name} must be an ISO 8601 instant with an offset, not ${JSON.stringify(value)}`);
  return parsed.toJSDate();
}

function pausesOf(pauses: unknown): [Date, Date][] {
  if (pauses === undefined) return [];
  if (!Array.isArray(pauses)) throw new Error('pauses must be a list of [from, to] instants');
  return pauses.map((pause: unknown, i) => {
    if (!Array.isArray(pause) || pause.length !== 2) throw new Error(`pauses[${i}] must be [from, to]`);
    return [instantOf(pause[0], `pauses[${i}][0]`), instantOf(pause[1], `pauses[${i}][1]`)];
  });
}
