import type { Database, Queryable } from '../../db/client.ts';
import { withTenant } from '../../db/tenant.ts';
import type { JobQueue } from '../../jobs/job-queue.ts';
import { recordAudit } from '../../lib/audit.ts';
import { AppError, notFound } from '../../lib/errors.ts';
import type { ObjectStorage } from '../../lib/storage/storage.ts';
import type { Actor } from '../auth/actor.ts';
import { PROCESS_INBOUND_EMAIL } from './email-queues.ts';

/**
 * An agent vouches for a quarantined message: it goes back to `received` with its release noted
 * (so processing skips the DMARC hold) and its job is enqueued in the same transaction.
 */
export async function releaseInboundEmail(
  deps: { db: Database; jobs: JobQueue },
  input: { actor: Actor; id: string },
): Promise<void> {
  const { actor, id } = input;
  const { organizationId } = actor;
  await withTenant(deps.db, organizationId, async (tx) => {
    const row = await lockInboundEmail(tx, organizationId, id);
    if (row.state !== 'quarantined')
      throw new AppError('conflict', `Only a quarantined message can be released (this one is ${row.state})`);
    await tx.query(
      `update inbound_emails set state = 'received', outcome = null, released_by = $3, released_at = now()
        where organization_id = $1 and id = $2`,
      [organizationId, id, actor.agentId],
    );
    await deps.jobs.send(tx, PROCESS_INBOUND_EMAIL.name, { organizationId, inboundEmailId: id });
    await audit(tx, actor, id, 'email.released');
  });
  deps.jobs.wake(PROCESS_INBOUND_EMAIL.name);
}

/** States whose message made no ticket or comment: removing it takes nothing from a conversation. */
const DELETABLE = new Set(['quarantined', 'failed', 'ignored', 'duplicate']);

/** Removes a message that made no comment: its row, then its raw copy in storage. */
export async function deleteInboundEmail(
  deps: { db: Database; storage: ObjectStorage },
  input: { actor: Actor; id: string },
): Promise<void> {
  const { actor, id } = input;
  const { organizationId } = actor;
  const storageKey = await withTenant(deps.db, organizationId, async (tx) => {
    const row = await lockInboundEmail(tx, organizationId, id);
    if (!DELETABLE.has(row.state))
      throw new AppError('conflict', `A ${row.state} message is part of a ticket and cannot be deleted`);
    await tx.query('delete from inbound_emails where organization_id = $1 and id = $2', [organizationId, id]);
    await audit(tx, actor, id, 'email.deleted');
    return row.storage_key;
  });
  // After the commit: a failure here leaves an unreferenced file, never a row without its message.
  if (storageKey) await deps.storage.delete(storageKey);
}

/**
 * A message's state and where its bytes are, locked until the transaction ends: two agents acting on
 * one message at once take turns, the second seeing what the first did. Its bytes are not read.
 */
async function lockInboundEmail(
  tx: Queryable,
  organizationId: string,
  id: string,
): Promise<{ state: string; storage_key: string | null }> {
  const [row] = await tx.query<{ state: string; storage_key: string | null }>(
    'select state, storage_key from inbound_emails where organization_id = $1 and id = $2 for update',
    [organizationId, id],
  );
  if (!row) throw notFound('Inbound email');
  return row;
}

function audit(tx: Queryable, actor: Actor, id: string, action: string) {
  return recordAudit(tx, {
    organizationId: actor.organizationId,
    actorType: 'agent',
    actorId: actor.agentId,
    action,
    entityType: 'inbound_email',
    entityId: id,
  });
}
