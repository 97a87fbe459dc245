import type { Database, Queryable } from '../../db/client.ts';
import { withTenant } from '../../db/tenant.ts';
import { normalizeMessageId } from './thread-email.ts';
import type { SenderVerification } from './verify-sender.ts';

export type InboundEmailState = 'received' | 'processed' | 'duplicate' | 'quarantined' | 'ignored' | 'failed';

export type StoredInboundEmail = {
  id: string;
  state: InboundEmailState;
  storage_key: string;
  support_address_id: string | null;
  envelope_from: string | null;
  remote_address: string | null;
  helo: string | null;
  /** Set when an agent released it from quarantine: it is processed without the DMARC hold. */
  released_at: Date | null;
  envelope_to: string[];
};

/** The message, locked until the transaction ends so two workers never process it together. */
export async function lockInboundEmail(
  tx: Queryable,
  organizationId: string,
  id: string,
): Promise<StoredInboundEmail | null> {
  const [row] = await tx.query<StoredInboundEmail>(
    `select id, state, storage_key, support_address_id, envelope_from, remote_address, helo, released_at,
            envelope_to
       from inbound_emails where organization_id = $1 and id = $2 for update`,
    [organizationId, id],
  );
  return row ?? null;
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

export async function recordOutcome(
  tx: Queryable,
  organizationId: string,
  id: string,
  summary: Summary,
  outcome: Outcome,
): Promise<void> {
  await tx.query(
    `update inbound_emails
        set state = $3, outcome = $4, ticket_id = $5, comment_id = $6, error = $7, message_id = $8,
            subject = $9, from_address = $10, auth_results = $11::jsonb, processed_at = now()
      where organization_id = $1 and id = $2`,
    [
      organizationId,
      id,
      outcome.state,
      outcome.outcome,
      outcome.ticketId ?? null,
      outcome.commentId ?? null,
      outcome.error ?? null,
      summary.messageId,
      summary.subject.slice(0, 998),
      summary.fromAddress,
      summary.authResults ? JSON.stringify(summary.authResults) : null,
    ],
  );
}

/** The ticket a Message-ID was already processed into, if any (the message arrived before). */
export async function ticketOfMessageId(
  tx: Queryable,
  organizationId: string,
  messageId: string,
): Promise<string | null> {
  const [row] = await tx.query<{ ticket_id: string }>(
    'select ticket_id from email_message_ids where organization_id = $1 and message_id = $2',
    [organizationId, normalizeMessageId(messageId)],
  );
  return row?.ticket_id ?? null;
}

/** Remembers a Message-ID for threading; a concurrent copy of the same message fails here and retries. */
export async function rememberMessageId(
  tx: Queryable,
  input: { organizationId: string; messageId: string; ticketId: string; commentId: string | null },
): Promise<void> {
  await tx.query(
    `insert into email_message_ids (organization_id, message_id, ticket_id, comment_id, direction)
     values ($1, $2, $3, $4, 'inbound')`,
    [input.organizationId, normalizeMessageId(input.messageId), input.ticketId, input.commentId],
  );
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
