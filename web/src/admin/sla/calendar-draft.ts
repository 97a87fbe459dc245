import { ApiError } from '../../api/client.ts';
import { fieldError } from '../form-errors.tsx';
import type { Calendar, CalendarInput, Interval } from './sla-api.ts';

export const WEEKDAYS = [
  { key: 'mon', name: 'Monday' },
  { key: 'tue', name: 'Tuesday' },
  { key: 'wed', name: 'Wednesday' },
  { key: 'thu', name: 'Thursday' },
  { key: 'fri', name: 'Friday' },
  { key: 'sat', name: 'Saturday' },
  { key: 'sun', name: 'Sunday' },
] as const;
export type Weekday = (typeof WEEKDAYS)[number]['key'];

/** A holiday as the form edits it: empty strings for what is left out. */
export type HolidayDraft = { date: string; until: string; yearly: boolean; name: string };
export type SpecialHoursDraft = { date: string; hours: Interval[] };

export type CalendarDraft = {
  name: string;
  timeZone: string;
  hours: Record<Weekday, Interval[]>;
  holidays: HolidayDraft[];
  specialHours: SpecialHoursDraft[];
};

/** Pattern for an interval's ends, as the server accepts them ("24:00" ends a day). */
export const LOCAL_TIME_PATTERN = '([01][0-9]|2[0-3]):[0-5][0-9]|24:00';

const NINE_TO_FIVE: Interval[] = [['09:00', '17:00']];

/** A calendar's draft; a new one starts as Monday to Friday, 09:00–17:00, in `timeZone`. */
export function calendarDraftOf(calendar: Calendar | null, timeZone: string): CalendarDraft {
  if (!calendar) {
    const weekday = (day: Weekday) => (day === 'sat' || day === 'sun' ? [] : NINE_TO_FIVE);
    return {
      name: '',
      timeZone,
      hours: Object.fromEntries(WEEKDAYS.map(({ key }) => [key, weekday(key)])) as CalendarDraft['hours'],
      holidays: [],
      specialHours: [],
    };
  }
  const { spec } = calendar;
  return {
    name: calendar.name,
    timeZone: spec.timeZone,
    hours: Object.fromEntries(
      WEEKDAYS.map(({ key }) => [key, spec.hours[key] ?? []]),
    ) as CalendarDraft['hours'],
    holidays: spec.holidays.map((holiday) => ({
      date: holiday.date,
      until: holiday.until ?? '',
      yearly: holiday.yearly ?? false,
      name: holiday.name ?? '',
    })),
    specialHours: spec.specialHours,
  };
}

export function calendarInputOf(draft: CalendarDraft): CalendarInput {
  return {
    name: draft.name.trim(),
    spec: {
      timeZone: draft.timeZone.trim(),
      // A day without intervals is closed: the API leaves it out.
      hours: Object.fromEntries(
        WEEKDAYS.flatMap(({ key }) => (draft.hours[key].length > 0 ? [[key, draft.hours[key]]] : [])),
      ),
      holidays: draft.holidays.map((holiday) => ({
        date: holiday.date,
        ...(holiday.until ? { until: holiday.until } : {}),
        ...(holiday.yearly ? { yearly: true } : {}),
        ...(holiday.name.trim() ? { name: holiday.name.trim() } : {}),
      })),
      specialHours: draft.specialHours,
    },
  };
}

type SpecIssue = { field?: string; message?: string };

/**
 * The server's message for one part of the spec (`spec.hours.mon.1`). A 422 lists every problem
 * the engine found in `details.errors`, so each shows beside its own field, not only the first.
 */
export function specError(error: unknown, field: string): string | null {
  const issues = error instanceof ApiError ? (error.details.errors as SpecIssue[] | undefined) : undefined;
  if (!issues) return fieldError(error, field);
  const issue = issues.find(
    (candidate) => candidate.field === field || candidate.field?.startsWith(`${field}.`),
  );
  return issue?.message ? readable(issue.message) : null;
}

const DAY_NAMES: Record<string, string> = Object.fromEntries(WEEKDAYS.map(({ key, name }) => [key, name]));

/** The engine names intervals by path (`overlaps hours.mon[0]`); people know them by day and number. */
function readable(message: string): string {
  const named = message.replace(
    /hours\.(mon|tue|wed|thu|fri|sat|sun)\[(\d+)\]/g,
    (_match, day: string, index: string) => `${DAY_NAMES[day]} interval ${Number(index) + 1}`,
  );
  return named.charAt(0).toUpperCase() + named.slice(1);
}

/** "22:00" to "06:00" runs past midnight; the server reads a `to` before its `from` so. */
export const isOvernight = ([from, to]: Interval) => to !== '' && from !== '' && to < from && to !== '00:00';
