import type { Queryable } from '../../db/client.ts';
import { addCustomerReply } from '../tickets/add-customer-reply.ts';
import { commentBody } from '../tickets/comment-body.ts';
import { insertTicket } from '../tickets/create-ticket.ts';
import { copyRecipients } from './copy-recipients.ts';
import { enqueueAcknowledgement, type OutboundQueue } from './enqueue-email.ts';
import { linkComment, newPartOf } from './inbound-comment-steps.ts';
import type { Outcomes } from './inbound-email-rows.ts';
import type { KnownMessageIds } from './known-message-ids.ts';
import type { Mailbox, PreparedEmail } from './prepare-inbound-emails.ts';
import { findDuplicateOrThread } from './thread-email.ts';

export type Customer = { contactId: string; attachmentIds: string[]; ticketNumber: number | null };

type Delivery = PreparedEmail & {
  customer: Customer;
  outcomes: Outcomes;
  known: KnownMessageIds;
  mailbox: Mailbox;
  replyTokenKey: Buffer;
  outbound: OutboundQueue;
};

/**
 * A customer's message, in the transaction that locked it: skipped when its Message-ID was processed
 * before, appended to the ticket it answers, or a new ticket (a follow-up when the answered ticket
 * is closed, unless the organization ignores replies to closed tickets). A message that opens a
 * ticket but has no number reserved (it looked like a reply) is left as it is: 'needs_number'.
 */
export async function deliverCustomerEmail(
  tx: Queryable,
  delivery: Delivery,
): Promise<'recorded' | 'needs_number'> {
  const { job, email, summary, customer, mailbox } = delivery;
  const { organizationId, inboundEmailId } = job;
  const { duplicateOf, thread } = await findDuplicateOrThread(tx, organizationId, email, {
    senderContactId: customer.contactId,
    recipients: delivery.stored.envelope_to,
    replyTokenKey: delivery.replyTokenKey,
    messageIds: delivery.known.ticketsOf,
  });
  if (duplicateOf) {
    const outcome = { state: 'duplicate', outcome: 'duplicate', ticketId: duplicateOf } as const;
    delivery.outcomes.record(inboundEmailId, summary, outcome);
    return 'recorded';
  }
  if (thread && !(await delivery.known.isClosed(thread.ticketId))) {
    await appendReply(tx, delivery, thread.ticketId);
    return 'recorded';
  }
  if (thread && mailbox.closedTicketReply === 'ignore') {
    const outcome = { state: 'ignored', outcome: 'closed_ticket', ticketId: thread.ticketId } as const;
    delivery.outcomes.record(inboundEmailId, summary, outcome);
    return 'recorded';
  }
  if (customer.ticketNumber === null) return 'needs_number';
  await openTicket(tx, delivery, { followUp: Boolean(thread), number: customer.ticketNumber });
  return 'recorded';
}

async function appendReply(tx: Queryable, delivery: Delivery, ticketId: string): Promise<void> {
  const { job, email, customer } = delivery;
  const { organizationId } = job;
  const comment = await addCustomerReply(tx, {
    organizationId,
    ticketId,
    contactId: customer.contactId,
    body: commentBody({ body: newPartOf(email) }),
    attachmentIds: customer.attachmentIds,
    inThread: true,
    outbound: delivery.outbound,
  });
  await copyRecipients(tx, {
    organizationId,
    ticketId,
    senderContactId: customer.contactId,
    email,
    isOwn: delivery.mailbox.isOwn,
  });
  linkComment({ ...delivery, ticketId, commentId: comment.id, outcome: 'reply' });
}

/**
 * A new ticket from the message, with the people it copied as CCs, acknowledged to its sender alone in
 * the same transaction (rate-limited).
 */
async function openTicket(
  tx: Queryable,
  delivery: Delivery,
  options: { followUp: boolean; number: number },
): Promise<void> {
  const { job, email, customer } = delivery;
  const { organizationId } = job;
  const ticket = await insertTicket(tx, {
    organizationId,
    jobs: delivery.outbound.jobs,
    number: options.number,
    openedBy: { type: 'contact', id: customer.contactId },
    ticket: {
      subject: email.subject.trim() || '(no subject)',
      requesterId: customer.contactId,
      source: 'email',
      comment: { body: newPartOf(email), visibility: 'public', attachmentIds: customer.attachmentIds },
    },
  });
  linkComment({
    ...delivery,
    ticketId: ticket.id,
    commentId: ticket.openingCommentId,
    outcome: options.followUp ? 'follow_up' : 'new_ticket',
  });
  await copyRecipients(tx, {
    organizationId,
    ticketId: ticket.id,
    senderContactId: customer.contactId,
    email,
    isOwn: delivery.mailbox.isOwn,
  });
  // The requester is the sender, whose contact row the batch's transaction locked first.
  await enqueueAcknowledgement(tx, delivery.outbound, {
    organizationId,
    ticketId: ticket.id,
    requesterLocked: true,
  });
}
