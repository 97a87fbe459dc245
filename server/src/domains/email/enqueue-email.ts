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
  await queueDelivery(tx, outbound, { ...input, contact: requester, recipients });
  return { state: 'queued', attempts: 0, error: null, recipients, sentAt: null };
}

/**
 * A new ticket by email is acknowledged, unless its requester had too many automatic messages lately.
 * `requesterLocked`: the caller's transaction already holds the requester's contact row (the email
 * batch locks its senders first), so it is not locked again here.
 */
export async function enqueueAcknowledgement(
  tx: Queryable,
  outbound: OutboundQueue,
  input: { organizationId: string; ticketId: string; requesterLocked?: boolean },
): Promise<boolean> {
  return (await queueAutomaticDelivery(tx, outbound, { ...input, kind: 'acknowledgement' })) !== null;
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
  return queueAutomaticDelivery(tx, outbound, { ...input, kind: 'automatic' });
}

/**
 * The automatic message's delivery to the ticket's requester, written (and its sending queued) only if
 * the requester exists and had fewer than ACKNOWLEDGEMENTS_PER_HOUR automatic messages in the last
 * hour (one statement); answers the address it goes to. Two messages from one contact processed at
 * once would both count the same past: the contact's row is locked until the transaction ends (unless
 * the caller holds it), so the second counts the first.
 */
async function queueAutomaticDelivery(
  tx: Queryable,
  outbound: OutboundQueue,
  input: {
    organizationId: string;
    ticketId: string;
    kind: 'acknowledgement' | 'automatic';
    template?: { subject: string; body: string };
    requesterLocked?: boolean;
  },
): Promise<string | null> {
  const { organizationId, ticketId } = input;
  if (!input.requesterLocked) {
    await tx.query(
      `select 1 from contacts c join tickets t on t.organization_id = c.organization_id and t.requester_id = c.id
        where t.organization_id = $1 and t.id = $2 for no key update of c`,
      [organizationId, ticketId],
    );
  }
  const [row] = await tx.query<{ id: string; email: string }>(
    `insert into email_deliveries (organization_id, id, ticket_id, comment_id, kind, contact_id, recipients,
                                   subject_template, body_template)
     select t.organization_id, $3, t.id, null, $4, c.id, array[c.email], $5, $6
       from tickets t
       join contacts c on c.organization_id = t.organization_id and c.id = t.requester_id
      where t.organization_id = $1 and t.id = $2
        and (select count(*) from email_deliveries d
              where d.organization_id = $1 and d.contact_id = c.id and d.kind in ('acknowledgement', 'automatic')
                and d.created_at > now() - interval '1 hour') < $7
     returning id, recipients[1] as email`,
    [
      organizationId,
      ticketId,
      newId(),
      input.kind,
      input.template?.subject ?? null,
      input.template?.body ?? null,
      ACKNOWLEDGEMENTS_PER_HOUR,
    ],
  );
  if (!row) return null;
  await sendDelivery(tx, outbound, organizationId, row.id);
  return row.email;
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
    commentId: string;
    contact: Contact;
    /** The requester (To) first, then the CCs. */
    recipients: string[];
  },
): Promise<void> {
  const deliveryId = newId();
  await tx.query(
    `insert into email_deliveries (organization_id, id, ticket_id, comment_id, kind, contact_id, recipients)
     values ($1, $2, $3, $4, 'reply', $5, $6)`,
    [input.organizationId, deliveryId, input.ticketId, input.commentId, input.contact.id, input.recipients],
  );
  await sendDelivery(tx, outbound, input.organizationId, deliveryId);
}

async function sendDelivery(
  tx: Queryable,
  outbound: OutboundQueue,
  organizationId: string,
  deliveryId: string,
): Promise<void> {
  const job: SendJob = { organizationId, deliveryId };
  await outbound.jobs.send(tx, SEND_TICKET_EMAIL.name, job, {
    retryDelaySeconds: outbound.retryDelaySeconds,
  });
}
