import type { Database, Queryable } from '../../db/client.ts';
import { withTenant } from '../../db/tenant.ts';
import type { Actor } from '../auth/actor.ts';
import type {
  NotificationKind,
  NotificationPreferences,
  NotificationPreferencesChanges,
} from './notifications.schemas.ts';

// Every kind is emailed until the agent turns it off (the behaviour before preferences existed).
const DEFAULT_EMAIL: NotificationPreferences['email'] = {
  assigned: true,
  mentioned: true,
  customer_replied: true,
  sla_at_risk: true,
};

export function getNotificationPreferences(
  db: Database,
  input: { actor: Actor },
): Promise<NotificationPreferences> {
  const { actor } = input;
  return withTenant(db, actor.organizationId, (tx) => readPreferences(tx, actor));
}

/** Changes the kinds named, keeps the others; answers the whole set. */
export function saveNotificationPreferences(
  db: Database,
  input: { actor: Actor; changes: NotificationPreferencesChanges },
): Promise<NotificationPreferences> {
  const { actor } = input;
  return withTenant(db, actor.organizationId, async (tx) => {
    for (const [kind, email] of Object.entries(input.changes.email)) {
      if (email === undefined) continue;
      await tx.query(
        `insert into notification_preferences (organization_id, agent_id, kind, email) values ($1, $2, $3, $4)
         on conflict (organization_id, agent_id, kind) do update set email = excluded.email`,
        [actor.organizationId, actor.agentId, kind, email],
      );
    }
    return readPreferences(tx, actor);
  });
}

async function readPreferences(tx: Queryable, actor: Actor): Promise<NotificationPreferences> {
  const rows = await tx.query<{ kind: NotificationKind; email: boolean }>(
    'select kind, email from notification_preferences where organization_id = $1 and agent_id = $2',
    [actor.organizationId, actor.agentId],
  );
  const email = { ...DEFAULT_EMAIL };
  for (const row of rows) email[row.kind] = row.email;
  return { email };
}
