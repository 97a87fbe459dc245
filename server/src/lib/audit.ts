import type { Queryable } from '../db/client.ts';
import { newId } from './ids.ts';

export type AuditEntry = {
  organizationId: string;
  actorType: 'agent' | 'contact' | 'system' | 'automation';
  actorId: string | null;
  action: string;
  entityType: string;
  entityId: string;
  changes?: Record<string, unknown>;
};

/** Written in the same transaction as the change it describes. */
export async function recordAudit(tx: Queryable, entry: AuditEntry): Promise<void> {
  await tx.query(
    `insert into audit_events (organization_id, id, actor_type, actor_id, action, entity_type, entity_id, changes)
     values ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [
      entry.organizationId,
      newId(),
      entry.actorType,
      entry.actorId,
      entry.action,
      entry.entityType,
      entry.entityId,
      JSON.stringify(entry.changes ?? {}),
    ],
  );
}
