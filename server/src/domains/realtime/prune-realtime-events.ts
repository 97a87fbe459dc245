import type { Database } from '../../db/client.ts';
import { withTenant } from '../../db/tenant.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Deletes realtime events older than the retention, one organization at a time in its own scope
 * (finding which organizations have events is the one look across tenants). A client further behind
 * than that is told to resync. Answers how many were deleted.
 */
export async function pruneRealtimeEvents(db: Database, retentionDays: number): Promise<number> {
  const cutoff = new Date(db.clock().getTime() - retentionDays * DAY_MS);
  const organizations = await db.query<{ organization_id: string }>(
    'select organization_id from realtime_sequences',
  );
  let deleted = 0;
  for (const { organization_id: organizationId } of organizations) {
    const rows = await withTenant(db, organizationId, (tx) =>
      tx.query('delete from realtime_events where organization_id = $1 and created_at < $2 returning seq', [
        organizationId,
        cutoff,
      ]),
    );
    deleted += rows.length;
  }
  return deleted;
}
