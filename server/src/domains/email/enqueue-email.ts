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
// automatic messages (acknowledgements and automations' emails together) an hour: the loop stops on our side.
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

/** A new ticket by email is acknowledged, unless its requester had too many automatic messages lately. */
export async function enqueueAcknowledgement(
  tx: Queryable,
  outbound: OutboundQueue,
  input: { organizationId: string; ticketId: string },
): Promise<boolean> {
  const requester = await requesterOf(tx, input.organizationId, input.ticketId);
  if (!requester || (await automaticLimitReached(tx, input.organizationId, requester))) return false;
  await queueDelivery(tx, outbound, {
    ...input,
    commentId: null,
    kind: 'acknowledgement',
    contact: requester,
    recipients: [requester.email],
  });
  return true;
}

/**
 * An automation's email to the requester, its subject and body templates filled in when it is sent.
 * Counted with acknowledgements: answers the address it went to, or null when the limit held it back.
 */
export async function enqueueAutomaticEmail(
  tx: Queryable,
  outbound: OutboundQueue,
  input: { organizationId: string; ticketId: string; template: { subject: string; body: string } },
): Promise<string | null> {
  const { organizationId, ticketId, template } = input;
  const requester = await requesterOf(tx, organizationId, ticketId);
  if (!requester || (await automaticLimitReached(tx, organizationId, requester))) return null;
  await queueDelivery(tx, outbound, {
    organizationId,
    ticketId,
    commentId: null,
    kind: 'automatic',
    contact: requester,
    recipients: [requester.email],
    template,
  });
  return requester.email;
}

async function automaticLimitReached(
  tx: Queryable,
  organizationId: string,
  contact: Contact,
): Promise<boolean> {
  // Two messages from one contact processed at once would both count the same past: the contact's
  // row is locked until this transaction ends, so the second counts the first.
  await tx.query('select 1 from contacts where organization_id = $1 and id = $2 for no key update', [
    organizationId,
    contact.id,
  ]);
  const [recent] = await tx.query<{ count: number }>(
    `select count(*)::int as count from email_deliveries
      where organization_id = $1 and contact_id = $2 and kind in ('acknowledgement', 'automatic')
        and created_at > now() - interval '1 hour'`,
    [organizationId, contact.id],
  );
  return (recent?.count ?? 0) >= ACKNOWLEDGEMENTS_PER_HOUR;
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
    kind: 'reply' | 'acknowledgement' | 'automatic';
    /** Whom the message is for: automatic messages are counted per contact. */
    contact: Contact;
    /** The requester (To) first, then the CCs. */
    recipients: string[];
    /** An automation's subject and body. */
    template?: { subject: string; body: string };
  },
): Promise<void> {
  const deliveryId = newId();
  await tx.query(
    `insert into email_deliveries (organization_id, id, ticket_id, comment_id, kind, contact_id, recipients,
                                   subject_template, body_template)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [
      input.organizationId,
      deliveryId,
      input.ticketId,
      input.commentId,
      input.kind,
      input.contact.id,
      input.recipients,
      input.template?.subject ?? null,
      input.template?.body ?? null,
    ],
  );
  const job: SendJob = { organizationId: input.organizationId, deliveryId };
  await outbound.jobs.send(tx, SEND_TICKET_EMAIL.name, job, {
    retryDelaySeconds: outbound.retryDelaySeconds,
  });
}
