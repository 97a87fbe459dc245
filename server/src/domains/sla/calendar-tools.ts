import { DateTime } from 'luxon';
import type { Database } from '../../db/client.ts';
import { withTenant } from '../../db/tenant.ts';
import { AppError } from '../../lib/errors.ts';
import { type Actor, requireAdmin } from '../auth/actor.ts';
import { addBusinessMinutes } from './business-time.ts';
import { assertCalendarSpec, getCalendar } from './calendar-rows.ts';
import type { Holiday } from './calendar-spec.ts';
import { holidaysFromIcs } from './holidays-from-ics.ts';
import type { SlaJobs } from './recompute-sla.ts';
import { writeCalendarChanges } from './save-calendar.ts';
import type { Calendar } from './sla.schemas.ts';

export type CalendarPreview = { start: string; minutes: number; due: string; dueLocal: string };

/** "A ticket created at `start` with a `minutes` target is due at …", on this calendar. */
export function previewCalendar(
  db: Database,
  input: { actor: Actor; calendarId: string; start: string; minutes: number },
): Promise<CalendarPreview> {
  requireAdmin(input.actor);
  const { organizationId } = input.actor;
  return withTenant(db, organizationId, async (tx) => {
    const { spec } = await getCalendar(tx, organizationId, input.calendarId);
    const due = addBusinessMinutes(spec, new Date(input.start), input.minutes);
    const local = DateTime.fromJSDate(due, { zone: spec.timeZone });
    return {
      start: input.start,
      minutes: input.minutes,
      due: local.toISO() ?? due.toISOString(),
      dueLocal: local.toFormat('ccc d LLL yyyy HH:mm ZZZZ'),
    };
  });
}

export type HolidayImport = {
  calendar: Calendar;
  imported: number;
  alreadyThere: number;
  ignoredTimedEvents: number;
  ignoredRecurringEvents: number;
};

const sameHoliday = (a: Holiday, b: Holiday) =>
  a.date === b.date && (a.until ?? null) === (b.until ?? null) && Boolean(a.yearly) === Boolean(b.yearly);

/**
 * Adds the all-day events of an iCalendar file (a country's public holidays, say) to a calendar's
 * holidays; those it already has are left as they are, and nothing is removed.
 */
export function importHolidays(
  db: Database,
  input: { actor: Actor; jobs: SlaJobs; calendarId: string; ics: string },
): Promise<HolidayImport> {
  const { actor } = input;
  requireAdmin(actor);
  const found = parseIcs(input.ics);
  return withTenant(db, actor.organizationId, async (tx) => {
    const before = await getCalendar(tx, actor.organizationId, input.calendarId, { forUpdate: true });
    const fresh = found.holidays.filter(
      (holiday) => !before.spec.holidays.some((existing) => sameHoliday(existing, holiday)),
    );
    const spec = { ...before.spec, holidays: [...before.spec.holidays, ...fresh] };
    assertCalendarSpec(spec);
    const calendar =
      fresh.length > 0
        ? await writeCalendarChanges(tx, { actor, jobs: input.jobs, before, changes: { spec } })
        : before;
    return {
      calendar,
      imported: fresh.length,
      alreadyThere: found.holidays.length - fresh.length,
      ignoredTimedEvents: found.ignoredTimedEvents,
      ignoredRecurringEvents: found.ignoredRecurringEvents,
    };
  });
}

function parseIcs(text: string) {
  try {
    return holidaysFromIcs(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new AppError('unprocessable', `This is not an iCalendar file: ${reason}`, { field: 'ics' });
  }
}
