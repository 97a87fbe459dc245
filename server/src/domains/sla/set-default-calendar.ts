import type { Database } from '../../db/client.ts';
import { withTenant } from '../../db/tenant.ts';
import { recordAudit } from '../../lib/audit.ts';
import { type Actor, requireAdmin } from '../auth/actor.ts';
import { getCalendar } from './calendar-rows.ts';
import { requestSlaRecompute, type SlaJobs } from './recompute-sla.ts';
import type { Calendar } from './sla.schemas.ts';

/** Moves the default to this calendar: policies that name no calendar count on it from now on. */
export function setDefaultCalendar(
  db: Database,
  input: { actor: Actor; jobs: SlaJobs; calendarId: string },
): Promise<Calendar> {
  const { actor } = input;
  requireAdmin(actor);
  const { organizationId } = actor;
  return withTenant(db, organizationId, async (tx) => {
    // Two admins moving the default at once take turns, so the second sees the first's default.
    await tx.query('select id from sla_calendars where organization_id = $1 for update', [organizationId]);
    const calendar = await getCalendar(tx, organizationId, input.calendarId);
    if (calendar.isDefault) return calendar;
    // The old default is cleared first: the partial unique index allows one default at a time.
    const [previous] = await tx.query<{ id: string }>(
      `update sla_calendars set is_default = false, updated_at = now()
        where organization_id = $1 and is_default returning id`,
      [organizationId],
    );
    await tx.query(
      'update sla_calendars set is_default = true, updated_at = now() where organization_id = $1 and id = $2',
      [organizationId, calendar.id],
    );
    await recordAudit(tx, {
      organizationId,
      actorType: 'agent',
      actorId: actor.agentId,
      action: 'sla_calendar.made_default',
      entityType: 'sla_calendar',
      entityId: calendar.id,
      changes: { previousDefaultId: previous?.id ?? null },
    });
    await requestSlaRecompute(tx, input.jobs, organizationId);
    return getCalendar(tx, organizationId, calendar.id);
  });
}
