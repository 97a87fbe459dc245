import type { Database, Queryable } from '../../db/client.ts';
import { withTenant } from '../../db/tenant.ts';
import { recordAudit } from '../../lib/audit.ts';
import { AppError } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import { type Actor, requireAdmin } from '../auth/actor.ts';
import {
  assertCalendarSpec,
  getCalendar,
  MAX_CALENDARS,
  rethrowDuplicateCalendarName,
} from './calendar-rows.ts';
import type { CalendarSpec } from './calendar-spec.ts';
import { requestSlaRecompute, type SlaJobs } from './recompute-sla.ts';
import type { Calendar, CalendarChanges } from './sla.schemas.ts';

/** A new calendar is never the default; `POST /calendars/{id}/default` moves the default to it. */
export function createCalendar(
  db: Database,
  input: { actor: Actor; name: string; spec: CalendarSpec },
): Promise<Calendar> {
  const { actor, spec } = input;
  requireAdmin(actor);
  assertCalendarSpec(spec);
  const { organizationId } = actor;
  return withTenant(db, organizationId, async (tx) => {
    const [row] = await tx.query<{ count: number }>(
      'select count(*)::int as count from sla_calendars where organization_id = $1',
      [organizationId],
    );
    if ((row?.count ?? 0) >= MAX_CALENDARS) {
      throw new AppError('unprocessable', `An organization can have at most ${MAX_CALENDARS} calendars`);
    }
    const id = newId();
    await tx
      .query('insert into sla_calendars (organization_id, id, name, spec) values ($1, $2, $3, $4)', [
        organizationId,
        id,
        input.name.trim(),
        JSON.stringify(spec),
      ])
      .catch(rethrowDuplicateCalendarName);
    const calendar = await getCalendar(tx, organizationId, id);
    await recordAudit(tx, {
      organizationId,
      actorType: 'agent',
      actorId: actor.agentId,
      action: 'sla_calendar.created',
      entityType: 'sla_calendar',
      entityId: id,
      changes: { after: calendar },
    });
    return calendar;
  });
}

export function updateCalendar(
  db: Database,
  input: { actor: Actor; jobs: SlaJobs; calendarId: string; changes: CalendarChanges },
): Promise<Calendar> {
  const { actor, changes } = input;
  requireAdmin(actor);
  if (changes.spec) assertCalendarSpec(changes.spec);
  const { organizationId } = actor;
  return withTenant(db, organizationId, async (tx) => {
    const before = await getCalendar(tx, organizationId, input.calendarId, { forUpdate: true });
    return writeCalendarChanges(tx, { actor, jobs: input.jobs, before, changes });
  });
}

/** Saves checked changes to a calendar locked by the caller, and records the change. */
export async function writeCalendarChanges(
  tx: Queryable,
  input: { actor: Actor; jobs: SlaJobs; before: Calendar; changes: CalendarChanges },
): Promise<Calendar> {
  const { actor, before, changes } = input;
  const { organizationId } = actor;
  await tx
    .query(
      `update sla_calendars set name = coalesce($3, name), spec = coalesce($4::jsonb, spec), updated_at = now()
          where organization_id = $1 and id = $2`,
      [
        organizationId,
        before.id,
        changes.name?.trim() ?? null,
        changes.spec ? JSON.stringify(changes.spec) : null,
      ],
    )
    .catch(rethrowDuplicateCalendarName);
  const after = await getCalendar(tx, organizationId, before.id);
  await recordAudit(tx, {
    organizationId,
    actorType: 'agent',
    actorId: actor.agentId,
    action: 'sla_calendar.updated',
    entityType: 'sla_calendar',
    entityId: before.id,
    changes: { before, after },
  });
  // Tickets count on a changed calendar from their start: their due times move.
  if (changes.spec) await requestSlaRecompute(tx, input.jobs, organizationId);
  return after;
}
