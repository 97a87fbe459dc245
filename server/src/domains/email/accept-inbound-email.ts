import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import type { Database } from '../../db/client.ts';
import { withoutTenant, withTenant } from '../../db/tenant.ts';
import type { JobQueue } from '../../jobs/job-queue.ts';
import { newId } from '../../lib/ids.ts';
import { type ObjectStorage, objectKey } from '../../lib/storage/storage.ts';
import { PROCESS_INBOUND_EMAIL } from './email-queues.ts';
import { withoutPlusPart } from './own-addresses.ts';

export type IntakeDeps = { db: Database; storage: ObjectStorage; jobs: JobQueue };

/** How a message reached us, as the intake saw it (SMTP envelope, IMAP mailbox, HTTP request). */
export type InboundEnvelope = {
  via: 'smtp' | 'imap' | 'http' | 'import';
  from: string | null;
  to: readonly string[];
  remoteAddress: string | null;
  helo: string | null;
};

export type AcceptedEmail = { id: string; duplicate: boolean };

/** The organization a recipient belongs to; `support+anything@` is `support@` (reply tokens ride there). */
export async function findSupportAddress(
  db: Database,
  recipient: string,
): Promise<{ organizationId: string; supportAddressId: string } | null> {
  const address = withoutPlusPart(recipient);
  const [row] = await withoutTenant(db, (tx) =>
    tx.query<{ organization_id: string; id: string }>(
      'select organization_id, id from support_addresses where lower(address) = $1',
      [address],
    ),
  );
  return row ? { organizationId: row.organization_id, supportAddressId: row.id } : null;
}

/**
 * Stores a raw message durably before anything else: the bytes go to the organization's storage,
 * then one transaction records the message and enqueues its processing. Only after that commit may
 * the intake acknowledge (SMTP 250, IMAP flag, HTTP 202); a crash before it means the sender retries,
 * a crash after it means the job runs after restart. The same bytes twice are one message.
 */
export async function acceptInboundEmail(
  deps: IntakeDeps,
  input: {
    organizationId: string;
    supportAddressId: string | null;
    raw: Buffer;
    envelope: InboundEnvelope;
  },
): Promise<AcceptedEmail> {
  const { organizationId, raw, envelope } = input;
  const sha256 = createHash('sha256').update(raw).digest('hex');
  const id = newId();
  const storageKey = objectKey(organizationId, 'emails', `${id}.eml`);
  await deps.storage.put(storageKey, Readable.from([raw]));
  const inserted = await withTenant(deps.db, organizationId, async (tx) => {
    const [row] = await tx.query<{ id: string }>(
      `insert into inbound_emails (organization_id, id, support_address_id, received_via, storage_key, sha256,
                                   size_bytes, envelope_from, envelope_to, remote_address, helo)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
       on conflict (organization_id, sha256) do nothing
       returning id`,
      [
        organizationId,
        id,
        input.supportAddressId,
        envelope.via,
        storageKey,
        sha256,
        raw.length,
        envelope.from,
        [...envelope.to],
        envelope.remoteAddress,
        envelope.helo,
      ],
    );
    if (row) await deps.jobs.send(tx, PROCESS_INBOUND_EMAIL.name, { organizationId, inboundEmailId: id });
    return Boolean(row);
  });
  if (!inserted) {
    // The same bytes were stored before (a sender's retry, a re-fetch over IMAP): ours is not needed.
    await deps.storage.delete(storageKey);
    return { id: (await findBySha(deps.db, organizationId, sha256)) ?? id, duplicate: true };
  }
  deps.jobs.wake(PROCESS_INBOUND_EMAIL.name);
  return { id, duplicate: false };
}

async function findBySha(db: Database, organizationId: string, sha256: string): Promise<string | null> {
  const [row] = await withTenant(db, organizationId, (tx) =>
    tx.query<{ id: string }>('select id from inbound_emails where organization_id = $1 and sha256 = $2', [
      organizationId,
      sha256,
    ]),
  );
  return row?.id ?? null;
}
