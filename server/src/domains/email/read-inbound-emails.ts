import type { Database, Queryable } from '../../db/client.ts';
import { withTenant } from '../../db/tenant.ts';
import { notFound } from '../../lib/errors.ts';
import { decodeCursor, type PageOf, type PageRequest, pageLimit, toPage } from '../../lib/pagination.ts';
import type { ObjectStorage } from '../../lib/storage/storage.ts';
import { type Actor, requireAdmin } from '../auth/actor.ts';
import { type InboundEmailState, type RawLocation, rawBytesOf } from './inbound-email-rows.ts';
import type { InboundEmail, InboundEmailSummary } from './inbound-emails.schemas.ts';
import { parseEmail } from './parse-email.ts';
import type { SenderVerification } from './verify-sender.ts';

type SummaryRow = {
  id: string;
  state: InboundEmailState;
  outcome: string | null;
  received_via: InboundEmailSummary['receivedVia'];
  subject: string | null;
  from_address: string | null;
  message_id: string | null;
  ticket_id: string | null;
  comment_id: string | null;
  error: string | null;
  size_bytes: number;
  received_at: Date;
  processed_at: Date | null;
  released_at: Date | null;
};

type FullRow = SummaryRow &
  RawLocation & {
    envelope_from: string | null;
    envelope_to: string[];
    auth_results: SenderVerification | null;
  };

const SUMMARY_COLUMNS = `id, state, outcome, received_via, subject, from_address, message_id, ticket_id, comment_id,
  error, size_bytes, received_at, processed_at, released_at`;

/** The admin's view of received mail, newest first: the quarantine is `state=quarantined`. */
export function listInboundEmails(
  db: Database,
  input: { actor: Actor; state?: InboundEmailState } & PageRequest,
): Promise<PageOf<InboundEmailSummary>> {
  const { actor } = input;
  requireAdmin(actor);
  const limit = pageLimit(input);
  return withTenant(db, actor.organizationId, async (tx) => {
    const rows = await tx.query<SummaryRow>(
      `select ${SUMMARY_COLUMNS} from inbound_emails
        where organization_id = $1 and ($2::text is null or state = $2) and ($3::uuid is null or id < $3)
        order by id desc
        limit $4`,
      [actor.organizationId, input.state ?? null, decodeCursor(input.cursor), limit + 1],
    );
    return toPage(rows, limit, toSummary);
  });
}

/** One stored message as its sender wrote it: the whole text and HTML, the new part, its verification. */
export async function showInboundEmail(
  deps: { db: Database; storage: ObjectStorage },
  input: { actor: Actor; id: string },
): Promise<InboundEmail> {
  const { organizationId } = input.actor;
  const row = await withTenant(deps.db, organizationId, (tx) =>
    inboundEmailRow(tx, organizationId, input.id),
  );
  const email = await parseEmail(await rawOf(deps.storage, row));
  return {
    ...toSummary(row),
    envelopeFrom: row.envelope_from,
    envelopeTo: row.envelope_to,
    from: email.from,
    to: email.to,
    cc: email.cc,
    date: email.date?.toISOString() ?? null,
    text: email.text,
    html: email.html,
    strippedText: email.strippedText,
    authResults: row.auth_results,
    attachments: email.attachments.map((file) => ({
      filename: file.filename,
      contentType: file.contentType,
      size: file.size,
    })),
  };
}

/** The raw message's stored bytes and where they are, for the download. */
export async function rawInboundEmail(
  deps: { db: Database; storage: ObjectStorage },
  input: { actor: Actor; id: string },
): Promise<{ id: string; bytes: Buffer }> {
  const { organizationId } = input.actor;
  const row = await withTenant(deps.db, organizationId, (tx) =>
    inboundEmailRow(tx, organizationId, input.id),
  );
  return { id: row.id, bytes: await rawOf(deps.storage, row) };
}

async function inboundEmailRow(tx: Queryable, organizationId: string, id: string): Promise<FullRow> {
  const [row] = await tx.query<FullRow>(
    `select ${SUMMARY_COLUMNS}, raw, storage_key, envelope_from, envelope_to, auth_results
       from inbound_emails where organization_id = $1 and id = $2`,
    [organizationId, id],
  );
  if (!row) throw notFound('Inbound email');
  return row;
}

async function rawOf(storage: ObjectStorage, row: FullRow): Promise<Buffer> {
  const raw = await rawBytesOf(storage, row);
  if (!raw) throw notFound('Raw message');
  return raw;
}

const toSummary = (row: SummaryRow): InboundEmailSummary => ({
  id: row.id,
  state: row.state,
  outcome: row.outcome,
  receivedVia: row.received_via,
  subject: row.subject,
  fromAddress: row.from_address,
  messageId: row.message_id,
  ticketId: row.ticket_id,
  commentId: row.comment_id,
  error: row.error,
  sizeBytes: row.size_bytes,
  receivedAt: row.received_at.toISOString(),
  processedAt: row.processed_at?.toISOString() ?? null,
  releasedAt: row.released_at?.toISOString() ?? null,
});
