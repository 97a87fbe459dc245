import { buffer } from 'node:stream/consumers';
import type { Database, Queryable } from '../../db/client.ts';
import { withTenant } from '../../db/tenant.ts';
import type { ObjectStorage } from '../../lib/storage/storage.ts';
import type { SenderVerification } from './verify-sender.ts';

export type InboundEmailState = 'received' | 'processed' | 'duplicate' | 'quarantined' | 'ignored' | 'failed';

/** Where a message's raw bytes are: its row (`raw`), or storage (`storage_key`) for a large one. */
export type RawLocation = { raw: Uint8Array | null; storage_key: string | null };

/** A message's raw bytes; null when storage has lost them. */
export async function rawBytesOf(storage: ObjectStorage, stored: RawLocation): Promise<Buffer | null> {
  // PGlite answers a bytea as a plain Uint8Array, node-postgres as a Buffer.
  if (stored.raw) return Buffer.from(stored.raw.buffer, stored.raw.byteOffset, stored.raw.byteLength);
  const stream = stored.storage_key ? await storage.get(stored.storage_key) : null;
  return stream ? buffer(stream) : null;
}

export type StoredInboundEmail = RawLocation & {
  id: string;
  state: InboundEmailState;
  support_address_id: string | null;
  envelope_from: string | null;
  remote_address: string | null;
  helo: string | null;
  /** Set when an agent released it from quarantine: it is processed without the DMARC hold. */
  released_at: Date | null;
  envelope_to: string[];
};

const STORED_COLUMNS = `id, state, storage_key, support_address_id, envelope_from, remote_address, helo,
  released_at, envelope_to`;

// The messages are found by id first (the primary key), their state checked after: during a backlog
// the state index holds every waiting message, and a plan through it (statistics taken when few
// waited) would read them all for each batch.

/**
 * The messages among `ids` still waiting to be processed, read without locking them; the bytes kept
 * in their rows only for those among `rawWanted` (the others' this process holds already).
 */
export function readReceivedEmails(
  tx: Queryable,
  organizationId: string,
  ids: readonly string[],
  rawWanted: readonly string[],
): Promise<StoredInboundEmail[]> {
  return tx.query<StoredInboundEmail>(
    `with named as materialized (
       select ${STORED_COLUMNS}, case when id = any($3::uuid[]) then raw end as raw
         from inbound_emails where organization_id = $1 and id = any($2::uuid[]))
     select * from named where state = 'received'`,
    [organizationId, ids, rawWanted],
  );
}

/**
 * Locks the messages among `ids` until the transaction ends, so two workers never process one
 * together, and answers those still waiting to be processed (another worker may have finished one).
 */
export async function lockReceivedEmails(
  tx: Queryable,
  organizationId: string,
  ids: readonly string[],
): Promise<Set<string>> {
  const rows = await tx.query<{ id: string }>(
    `with named as materialized (
       select id, state from inbound_emails where organization_id = $1 and id = any($2::uuid[])
        order by id for update)
     select id from named where state = 'received'`,
    [organizationId, ids],
  );
  return new Set(rows.map((row) => row.id));
}

export type Outcome = {
  state: Exclude<InboundEmailState, 'received'>;
  /** What happened, for agents and the admin list: new_ticket, reply, follow_up, automatic, bounce… */
  outcome: string;
  ticketId?: string | null;
  commentId?: string | null;
  error?: string | null;
};

export type Summary = {
  messageId: string | null;
  subject: string;
  fromAddress: string | null;
  /** SPF, DKIM and DMARC verdicts; null when not checked. */
  authResults: SenderVerification | null;
};

/**
 * The outcomes of the messages one transaction records, kept until `write` stores them all (with
 * each comment's link to the message that made it) in two statements, just before the commit.
 */
export type Outcomes = {
  record(inboundEmailId: string, summary: Summary, outcome: Outcome): void;
  write(tx: Queryable): Promise<void>;
};

export function collectOutcomes(organizationId: string): Outcomes {
  const rows: Record<string, unknown>[] = [];
  return {
    record: (id, summary, outcome) => {
      rows.push({
        id,
        state: outcome.state,
        outcome: outcome.outcome,
        ticketId: outcome.ticketId ?? null,
        commentId: outcome.commentId ?? null,
        error: outcome.error ?? null,
        messageId: summary.messageId,
        subject: summary.subject.slice(0, 998),
        fromAddress: summary.fromAddress,
        authResults: summary.authResults,
      });
    },
    write: async (tx) => {
      if (rows.length === 0) return;
      const recorded = JSON.stringify(rows);
      await tx.query(
        `update inbound_emails e
            set state = o.state, outcome = o.outcome, ticket_id = o."ticketId", comment_id = o."commentId",
                error = o.error, message_id = o."messageId", subject = o.subject, from_address = o."fromAddress",
                auth_results = o."authResults", processed_at = now()
           from jsonb_to_recordset($2::jsonb) as o (id uuid, state text, outcome text, "ticketId" uuid,
                "commentId" uuid, error text, "messageId" text, subject text, "fromAddress" text,
                "authResults" jsonb)
          where e.organization_id = $1 and e.id = o.id`,
        [organizationId, recorded],
      );
      if (!rows.some((row) => row.commentId)) return;
      await tx.query(
        `update ticket_comments c set inbound_email_id = o.id
           from jsonb_to_recordset($2::jsonb) as o (id uuid, "commentId" uuid)
          where c.organization_id = $1 and c.id = o."commentId"`,
        [organizationId, recorded],
      );
    },
  };
}

export async function markFailed(
  db: Database,
  job: { organizationId: string; inboundEmailId: string },
  error: unknown,
): Promise<void> {
  await withTenant(db, job.organizationId, (tx) =>
    tx.query(
      `update inbound_emails set state = 'failed', error = $3, processed_at = now()
        where organization_id = $1 and id = $2 and state = 'received'`,
      [job.organizationId, job.inboundEmailId, error instanceof Error ? error.message : String(error)],
    ),
  );
}
