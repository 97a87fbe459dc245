import ICAL from 'ical.js';
import type { Holiday } from './calendar-spec.ts';

export type IcsHolidays = {
  holidays: Holiday[];
  /** Events with a time of day: not whole days, so not holidays. */
  ignoredTimedEvents: number;
  /** Endless rules other than "the same date every year" (e.g. the fourth Thursday of November). */
  ignoredRecurringEvents: number;
};

// A finite rule is written out date by date; this bounds a rule with an absurd COUNT.
const MAX_OCCURRENCES = 500;

/** Holidays from the all-day events of an iCalendar file; throws on text that is not iCalendar. */
export function holidaysFromIcs(text: string): IcsHolidays {
  const calendar = new ICAL.Component(ICAL.parse(text));
  const result: IcsHolidays = { holidays: [], ignoredTimedEvents: 0, ignoredRecurringEvents: 0 };
  for (const component of calendar.getAllSubcomponents('vevent')) {
    const event = new ICAL.Event(component);
    if (!event.startDate?.isDate) {
      result.ignoredTimedEvents++;
      continue;
    }
    const name = event.summary || undefined;
    const rule = component.getFirstPropertyValue('rrule');
    if (!(rule instanceof ICAL.Recur)) result.holidays.push(holidayOf(event.startDate, event.endDate, name));
    else if (rule.isFinite()) result.holidays.push(...occurrencesOf(event, name));
    else if (isSameDateEveryYear(rule, event.startDate))
      result.holidays.push({ ...holidayOf(event.startDate, event.endDate, name), yearly: true });
    else result.ignoredRecurringEvents++;
  }
  return result;
}

/** DTEND of an all-day event is exclusive: a one-day event ends the next day. */
function holidayOf(start: ICAL.Time, end: ICAL.Time, name: string | undefined): Holiday {
  const lastDay = end.clone();
  lastDay.adjust(-1, 0, 0, 0);
  const date = start.toString();
  const until = lastDay.compare(start) > 0 ? lastDay.toString() : undefined;
  return { date, ...(until ? { until } : {}), ...(name ? { name } : {}) };
}

function occurrencesOf(event: ICAL.Event, name: string | undefined): Holiday[] {
  const holidays: Holiday[] = [];
  const iterator = event.iterator();
  for (let start = iterator.next(); start && holidays.length < MAX_OCCURRENCES; start = iterator.next()) {
    const { startDate, endDate } = event.getOccurrenceDetails(start);
    holidays.push(holidayOf(startDate, endDate, name));
  }
  return holidays;
}

function isSameDateEveryYear(rule: ICAL.Recur, start: ICAL.Time): boolean {
  const { BYMONTH, BYMONTHDAY, ...otherParts } = rule.parts;
  return (
    rule.freq === 'YEARLY' &&
    rule.interval === 1 &&
    Object.keys(otherParts).length === 0 &&
    (BYMONTH === undefined || (BYMONTH.length === 1 && BYMONTH[0] === start.month)) &&
    (BYMONTHDAY === undefined || (BYMONTHDAY.length === 1 && BYMONTHDAY[0] === start.day))
  );
}
