import type { Database } from '../../db/client.ts';
import { withTenant } from '../../db/tenant.ts';
import { recordAudit } from '../../lib/audit.ts';
import { AppError } from '../../lib/errors.ts';
import { type Actor, requireAdmin } from '../auth/actor.ts';
import { getCalendar } from './calendar-rows.ts';

/**
 * Policies count on a calendar by id, or on the default when they name none, so neither the
 * default nor a calendar a policy names can go: the answer says which policies to change first.
 */
export function deleteCalendar(db: Database, input: { actor: Actor; calendarId: string }): Promise<void> {
  const { actor } = input;
  requireAdmin(actor);
  const { organizationId } = actor;
  return withTenant(db, organizationId, async (tx) => {
    const calendar = await getCalendar(tx, organizationId, input.calendarId, { forUpdate: true });
    if (calendar.isDefault) {
      throw new AppError(
        'conflict',
        'The default calendar cannot be deleted; make another the default first',
      );
    }
    const policies = await tx.query<{ id: string; name: string }>(
      `select id, name from sla_policies where organization_id = $1 and calendar_id = $2
        order by position, id for share`,
      [organizationId, calendar.id],
    );
    if (policies.length > 0) {
      throw new AppError(
        'conflict',
        `SLA policies use this calendar: ${policies.map((policy) => policy.name).join(', ')}`,
        { policies },
      );
    }
    await tx.query('delete from sla_calendars where organization_id = $1 and id = $2', [
      organizationId,
      calendar.id,
    ]);
    await recordAudit(tx, {
      organizationId,
      actorType: 'agent',
      actorId: actor.agentId,
      action: 'sla_calendar.deleted',
      entityType: 'sla_calendar',
      entityId: calendar.id,
      changes: { before: calendar },
    });
  });
}
