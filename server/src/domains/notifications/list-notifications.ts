import type { Database } from '../../db/client.ts';
import { withTenant } from '../../db/tenant.ts';
import { decodeCursor, type PageOf, toPage } from '../../lib/pagination.ts';
import type { Actor } from '../auth/actor.ts';
import type { Notification, NotificationKind } from './notifications.schemas.ts';

type NotificationRow = {
  id: string;
  kind: NotificationKind;
  ticket_id: string;
  ticket_number: number;
  ticket_subject: string;
  actor_agent_id: string | null;
  actor_name: string | null;
  comment_id: string | null;
  details: Record<string, unknown>;
  read_at: Date | null;
  created_at: Date;
};

/** The actor's own notifications, newest first, keyset-paged on the (time-ordered) id. */
export function listNotifications(
  db: Database,
  input: { actor: Actor; unread: boolean; limit: number; cursor: string | undefined },
): Promise<PageOf<Notification>> {
  const { actor, limit } = input;
  const before = decodeCursor(input.cursor);
  return withTenant(db, actor.organizationId, async (tx) => {
    const rows = await tx.query<NotificationRow>(
      `select n.id, n.kind, n.ticket_id, t.number as ticket_number, t.subject as ticket_subject,
              n.actor_agent_id, a.name as actor_name, n.comment_id, n.details, n.read_at, n.created_at
         from notifications n
         join tickets t on t.organization_id = n.organization_id and t.id = n.ticket_id
         left join agents a on a.organization_id = n.organization_id and a.id = n.actor_agent_id
        where n.organization_id = $1 and n.agent_id = $2
          and ($3::boolean is false or n.read_at is null)
          and ($4::uuid is null or n.id < $4)
        order by n.id desc
        limit $5`,
      [actor.organizationId, actor.agentId, input.unread, before, limit + 1],
    );
    return toPage(rows, limit, toNotification);
  });
}

export function countUnreadNotifications(db: Database, input: { actor: Actor }): Promise<{ unread: number }> {
  const { actor } = input;
  return withTenant(db, actor.organizationId, async (tx) => {
    const [row] = await tx.query<{ unread: number }>(
      `select count(*)::int as unread from notifications
        where organization_id = $1 and agent_id = $2 and read_at is null`,
      [actor.organizationId, actor.agentId],
    );
    return { unread: row?.unread ?? 0 };
  });
}

const toNotification = (row: NotificationRow): Notification => ({
  id: row.id,
  kind: row.kind,
  ticket: { id: row.ticket_id, number: row.ticket_number, subject: row.ticket_subject },
  actor: row.actor_agent_id && row.actor_name ? { id: row.actor_agent_id, name: row.actor_name } : null,
  commentId: row.comment_id,
  details: row.details,
  readAt: row.read_at?.toISOString() ?? null,
  createdAt: row.created_at.toISOString(),
});
