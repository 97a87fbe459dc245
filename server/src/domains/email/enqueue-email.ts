import type { Queryable } from '../../db/client.ts';
import type { JobQueue } from '../../jobs/job-queue.ts';
import { newId } from '../../lib/ids.ts';
import { listCcs } from '../tickets/ticket-ccs.ts';
import { SEND_TICKET_EMAIL } from './email-queues.ts';

/** What enqueuing a message needs: the queue, and the first retry wait (EMAIL_RETRY_SECONDS). */
export type OutboundQueue = { jobs: JobQueue; retryDelaySeconds: number };

export type SendJob = { organizationId: string; deliveryId: string };

export type QueuedDelivery = {
  state: 'queued';
  attempts: number;
  error: null;
  recipients: string[];
  sentAt: null;
};

// An auto-responder that answers without saying so (no Auto-Submitted) still gets at most this many
// acknowledgements an hour: the loop stops on our side.
export const ACKNOWLEDGEMENTS_PER_HOUR = 3;

/**
 * A public agent reply goes to the ticket's requester, with its CCs copied. Called in the comment's own
 * transaction, so the job exists only if the comment does.
 */
export async function enqueueReplyEmail(
  tx: Queryable,
  outbound: OutboundQueue,
  input: { organizationId: string; ticketId: string; commentId: string },
): Promise<QueuedDelivery | null> {
  const requester = await requesterOf(tx, input.organizationId, input.ticketId);
  if (!requester) return null;
  const ccs = await listCcs(tx, input.organizationId, input.ticketId);
  const recipients = [requester.email, ...ccs.map((cc) => cc.email)];
  await queueDelivery(tx, outbound, { ...input, kind: 'reply', contact: requester, recipients });
  return { state: 'queued', attempts: 0, error: null, recipients, sentAt: null };
}

/** A new ticket by email is acknowledged, unless its requester had too many acknowledgements lately. */
export async function enqueueAcknowledgement(
  tx: Queryable,
  outbound: OutboundQueue,
  input: { organizationId: string; ticketId: string },
): Promise<boolean> {
  const requester = await requesterOf(tx, input.organizationId, input.ticketId);
  if (!requester) return false;
  // Two messages from one contact processed at once would both count the same past: the contact's
  // row is locked until this transaction ends, so the second counts the first.
  await tx.query('select 1 from contacts where organization_id = $1 and id = $2 for no key update', [
    input.organizationId,
    requester.id,
  ]);
  const [recent] = await tx.query<{ count: number }>(
    `select count(*)::int as count from email_deliveries
      where organization_id = $1 and contact_id = $2 and kind = 'acknowledgement'
        and created_at > now() - interval '1 hour'`,
    [input.organizationId, requester.id],
  );
  if ((recent?.count ?? 0) >= ACKNOWLEDGEMENTS_PER_HOUR) return false;
  await queueDelivery(tx, outbound, {
    ...input,
    commentId: null,
    kind: 'acknowledgement',
    contact: requester,
    recipients: [requester.email],
  });
  return true;
}

type Contact = { id: string; email: string };

async function requesterOf(tx: Queryable, organizationId: string, ticketId: string): Promise<Contact | null> {
  const [row] = await tx.query<Contact>(
    `select c.id, c.email from tickets t
       join contacts c on c.organization_id = t.organization_id and c.id = t.requester_id
      where t.organization_id = $1 and t.id = $2`,
    [organizationId, ticketId],
  );
  return row ?? null;
}

async function queueDelivery(
  tx: Queryable,
  outbound: OutboundQueue,
  input: {
    organizationId: string;
    ticketId: string;
    commentId: string | null;
    kind: 'reply' | 'acknowledgement';
    /** Whom the message is for: acknowledgements are counted per contact. */
    contact: Contact;
    /** The requester (To) first, then the CCs. */
    recipients: string[];
  },
): Promise<void> {
  const deliveryId = newId();
  await tx.query(
    `insert into email_deliveries (organization_id, id, ticket_id, comment_id, kind, contact_id, recipients)
     values ($1, $2, $3, $4, $5, $6, $7)`,
    [
      input.organizationId,
      deliveryId,
      input.ticketId,
      input.commentId,
      input.kind,
      input.contact.id,
      input.recipients,
    ],
  );
  const job: SendJob = { organizationId: input.organizationId, deliveryId };
  await outbound.jobs.send(tx, SEND_TICKET_EMAIL.name, job, {
    retryDelaySeconds: outbound.retryDelaySeconds,
  });
}
