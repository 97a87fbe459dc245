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

/**
 * The audit row's insert with its values, numbered from `$first`: for a statement that writes a
 * change and its audit row together (a data-modifying `with`), one round trip instead of two.
 */
export function auditInsert(entry: AuditEntry, first: number): { sql: string; params: unknown[] } {
  const params = [
    entry.organizationId,
    newId(),
    entry.actorType,
    entry.actorId,
    entry.action,
    entry.entityType,
    entry.entityId,
    JSON.stringify(entry.changes ?? {}),
  ];
  const values = params.map((_, index) => `$${first + index}`).join(', ');
  return {
    sql: `insert into audit_events (organization_id, id, actor_type, actor_id, action, entity_type, entity_id, changes)
     values (${values})`,
    params,
  };
}

/** Written in the same transaction as the change it describes. */
export async function recordAudit(tx: Queryable, entry: AuditEntry): Promise<void> {
  const { sql, params } = auditInsert(entry, 1);
  await tx.query(sql, params);
}
