import type { Queryable } from '../../db/client.ts';
import { AppError, isUniqueViolation, notFound } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import { type CalendarSpec, validateCalendarSpec } from './calendar-spec.ts';
import type { Calendar } from './sla.schemas.ts';

type CalendarRow = {
  id: string;
  name: string;
  spec: CalendarSpec;
  is_default: boolean;
  created_at: Date;
  updated_at: Date;
};

const CALENDAR_COLUMNS = 'id, name, spec, is_default, created_at, updated_at';

const toCalendar = (row: CalendarRow): Calendar => ({
  id: row.id,
  name: row.name,
  spec: row.spec,
  isDefault: row.is_default,
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
});

/** Enough for a calendar per team or region, and small enough to return whole. */
export const MAX_CALENDARS = 100;

export async function listCalendars(tx: Queryable, organizationId: string): Promise<Calendar[]> {
  const rows = await tx.query<CalendarRow>(
    `select ${CALENDAR_COLUMNS} from sla_calendars where organization_id = $1 order by lower(name), id`,
    [organizationId],
  );
  return rows.map(toCalendar);
}

export async function getCalendar(
  tx: Queryable,
  organizationId: string,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<Calendar> {
  const [row] = await tx.query<CalendarRow>(
    `select ${CALENDAR_COLUMNS} from sla_calendars where organization_id = $1 and id = $2
     ${options.forUpdate ? 'for update' : ''}`,
    [organizationId, id],
  );
  if (!row) throw notFound('Calendar');
  return toCalendar(row);
}

/**
 * What the schema cannot check about a spec, by the business-hours engine's own rules (a real time
 * zone, intervals that do not overlap, real dates, ranges in order): every save goes through here.
 * The first problem names its field; `details.errors` lists them all.
 */
export function assertCalendarSpec(spec: CalendarSpec): void {
  const errors = validateCalendarSpec(spec);
  const [first] = errors;
  if (!first) return;
  throw new AppError('unprocessable', `${first.path}: ${first.message}`, {
    field: fieldOf(first.path),
    errors: errors.map((error) => ({ field: fieldOf(error.path), message: error.message })),
  });
}

/** `hours.mon[1]` as the API names fields: `spec.hours.mon.1`. */
const fieldOf = (path: string) => `spec.${path.replace(/\[(\d+)\]/g, '.$1')}`;

export function rethrowDuplicateCalendarName(error: unknown): never {
  if (isUniqueViolation(error, 'sla_calendars_name_key')) {
    throw new AppError('conflict', 'A calendar with this name exists', { field: 'name' });
  }
  throw error;
}

const WEEKDAY_HOURS: CalendarSpec['hours'] = {
  mon: [['09:00', '17:00']],
  tue: [['09:00', '17:00']],
  wed: [['09:00', '17:00']],
  thu: [['09:00', '17:00']],
  fri: [['09:00', '17:00']],
};

/** Every organization starts with one default calendar, as migration 0020 gave the existing ones. */
export async function createDefaultCalendar(
  tx: Queryable,
  organizationId: string,
  timeZone: string,
): Promise<void> {
  const spec: CalendarSpec = { timeZone, hours: WEEKDAY_HOURS, holidays: [], specialHours: [] };
  await tx.query(
    `insert into sla_calendars (organization_id, id, name, spec, is_default)
     values ($1, $2, 'Business hours', $3, true)`,
    [organizationId, newId(), JSON.stringify(spec)],
  );
}
