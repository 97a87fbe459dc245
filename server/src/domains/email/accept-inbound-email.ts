import { createHash } from 'node:crypto';
import type { Database } from '../../db/client.ts';
import { withTenant } from '../../db/tenant.ts';
import type { JobQueue } from '../../jobs/job-queue.ts';
import { newId } from '../../lib/ids.ts';
import { type ObjectStorage, objectKey } from '../../lib/storage/storage.ts';
import { withoutPlusPart } from './own-addresses.ts';
import { keepRawCopy } from './recent-raw-copies.ts';
import { recordInboundEmail } from './record-inbound-emails.ts';

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
  // Not yet any organization's: one statement outside a tenant transaction (it runs for every RCPT).
  const [row] = await db.query<{ organization_id: string; id: string }>(
    'select organization_id, id from support_addresses where lower(address) = $1',
    [address],
  );
  return row ? { organizationId: row.organization_id, supportAddressId: row.id } : null;
}

/** Larger messages go to the organization's storage; the rest (nearly all mail) stay in their row. */
export const LARGEST_RAW_IN_ROW = 256 * 1024;

/**
 * Stores a raw message durably before anything else: in the transaction that records the message
 * and enqueues its processing (shared with the messages other sessions are accepting at the same
 * moment), or, for a large one, in the organization's storage first. Only after that commit may
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
  const storageKey =
    raw.length > LARGEST_RAW_IN_ROW ? objectKey(organizationId, 'emails', `${id}.eml`) : null;
  if (storageKey) await deps.storage.put(storageKey, raw);
  const inserted = await recordInboundEmail(deps, {
    organizationId,
    id,
    supportAddressId: input.supportAddressId,
    receivedVia: envelope.via,
    raw: storageKey ? null : raw,
    storageKey,
    sha256,
    sizeBytes: raw.length,
    envelopeFrom: envelope.from,
    envelopeTo: envelope.to,
    remoteAddress: envelope.remoteAddress,
    helo: envelope.helo,
  });
  if (!inserted) {
    const stored = await findBySha(deps.db, organizationId, sha256);
    // A commit that went through but whose answer was lost is retried (record-inbound-emails.ts), and
    // the retry meets this very row: its raw copy is the one to keep.
    if (stored === id) {
      keepRawCopy(id, raw);
      return { id, duplicate: false };
    }
    // The same bytes were stored before (a sender's retry, a re-fetch over IMAP): ours is not needed.
    if (storageKey) await deps.storage.delete(storageKey);
    return { id: stored ?? id, duplicate: true };
  }
  keepRawCopy(id, raw);
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
