import type { Database } from '../../db/client.ts';
import { withTenant } from '../../db/tenant.ts';
import { notFound } from '../../lib/errors.ts';
import type { Actor } from '../auth/actor.ts';

/** Marks one of the actor's own notifications read (again is fine: the first reading time stays). */
export function markNotificationRead(
  db: Database,
  input: { actor: Actor; notificationId: string },
): Promise<void> {
  const { actor } = input;
  return withTenant(db, actor.organizationId, async (tx) => {
    const rows = await tx.query<{ id: string }>(
      `update notifications set read_at = coalesce(read_at, app_now())
        where organization_id = $1 and agent_id = $2 and id = $3
        returning id`,
      [actor.organizationId, actor.agentId, input.notificationId],
    );
    // Another agent's notification is as absent as another organization's.
    if (rows.length === 0) throw notFound('Notification');
  });
}

/** Marks every unread notification of the actor read; answers how many were. */
export function markAllNotificationsRead(db: Database, input: { actor: Actor }): Promise<{ marked: number }> {
  const { actor } = input;
  return withTenant(db, actor.organizationId, async (tx) => {
    const rows = await tx.query<{ id: string }>(
      `update notifications set read_at = app_now()
        where organization_id = $1 and agent_id = $2 and read_at is null
        returning id`,
      [actor.organizationId, actor.agentId],
    );
    return { marked: rows.length };
  });
}
