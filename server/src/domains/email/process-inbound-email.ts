import { buffer } from 'node:stream/consumers';
import type { FastifyBaseLogger } from 'fastify';
import type { Database, Queryable } from '../../db/client.ts';
import { withTenant } from '../../db/tenant.ts';
import { newId } from '../../lib/ids.ts';
import type { ObjectStorage } from '../../lib/storage/storage.ts';
import type { AttachmentLimits } from '../attachments/attachment-limits.ts';
import { addCustomerReply } from '../tickets/add-customer-reply.ts';
import { commentBody } from '../tickets/comment-body.ts';
import { createTicket } from '../tickets/create-ticket.ts';
import { agentAnswerOf, answerAsAgent } from './agent-email-answer.ts';
import { copyRecipients } from './copy-recipients.ts';
import { SEND_TICKET_EMAIL } from './email-queues.ts';
import { enqueueAcknowledgement, type OutboundQueue } from './enqueue-email.ts';
import { isClosed, linkComment, newPartOf, storeAttachments } from './inbound-comment-steps.ts';
import {
  lockInboundEmail,
  type Outcome,
  recordOutcome,
  type Summary,
  ticketOfMessageId,
} from './inbound-email-rows.ts';
import { machineMailOf, recordMachineMail } from './machine-mail.ts';
import { type ParsedEmail, parseEmail } from './parse-email.ts';
import { checkSender, type SenderChecks, shouldQuarantine } from './sender-check.ts';
import { findThread } from './thread-email.ts';

export type ProcessDeps = {
  db: Database;
  storage: ObjectStorage;
  logger: FastifyBaseLogger;
  attachmentLimits: AttachmentLimits;
  senderChecks: SenderChecks;
  replyTokenKey: Buffer;
  /** Where acknowledgements of new tickets are queued. */
  outbound: OutboundQueue;
};

export type ProcessJob = { organizationId: string; inboundEmailId: string };

/** Raised inside a transaction when another worker got there first: roll back, nothing to do. */
class AlreadyProcessed extends Error {}

/**
 * Turns one stored message into a new ticket or a reply on its ticket. Runs from the job queue, so
 * it may run again after a crash: the message's row is locked and its state checked in the same
 * transaction that writes the ticket or comment, and a Message-ID processed before makes no comment.
 */
export async function processInboundEmail(deps: ProcessDeps, job: ProcessJob): Promise<void> {
  const { organizationId, inboundEmailId } = job;
  const stored = await withTenant(deps.db, organizationId, (tx) =>
    lockInboundEmail(tx, organizationId, inboundEmailId),
  );
  if (stored?.state !== 'received') return;
  const stream = await deps.storage.get(stored.storage_key);
  if (!stream) throw new Error(`inbound email ${inboundEmailId}: its raw message is missing from storage`);
  const raw = await buffer(stream);
  const email = await parseEmail(raw);
  const summary: Summary = {
    messageId: email.messageId,
    subject: email.subject,
    fromAddress: email.from?.address ?? null,
    authResults: await checkSender(deps.senderChecks, stored, raw),
  };
  const finish = (outcome: Outcome) => finishWithoutTicket(deps.db, job, summary, outcome);
  const machine = await machineMailOf(deps.db, organizationId, email);
  if (machine) {
    return recordMachineMail(deps.db, job, { email, summary, machine, replyTokenKey: deps.replyTokenKey });
  }
  if (!email.from?.address) return finish({ state: 'ignored', outcome: 'no_sender' });
  const held =
    !stored.released_at &&
    (await shouldQuarantine(deps.db, organizationId, email.from.address, summary.authResults));
  if (held) {
    return finish({ state: 'quarantined', outcome: 'dmarc_failed' });
  }

  const agentThread = await agentAnswerOf(deps, job, email);
  if (agentThread) {
    const verified = stored.released_at || summary.authResults?.dmarc.result === 'pass';
    if (!verified) return finish({ state: 'quarantined', outcome: 'agent_unverified' });
    return answerAsAgent(deps, { job, email, summary, agentId: agentThread.agentId });
  }

  const contactId = await findOrCreateContact(deps.db, organizationId, email.from);
  const uploader = { type: 'contact', id: contactId } as const;
  const attachmentIds = await storeAttachments(deps, organizationId, uploader, email.attachments);
  const recipients = stored.envelope_to;
  const delivery: Delivery = {
    job,
    email,
    summary,
    contactId,
    attachmentIds,
    recipients,
    replyTokenKey: deps.replyTokenKey,
    outbound: deps.outbound,
  };
  const next = await withTenant(deps.db, organizationId, (tx) => replyIfThreaded(tx, delivery));
  if (next === 'done') {
    deps.outbound.jobs.wake(SEND_TICKET_EMAIL.name);
    return;
  }
  if (next.closedTicketId && (await closedTicketReplies(deps.db, organizationId)) === 'ignore') {
    return finish({ state: 'ignored', outcome: 'closed_ticket', ticketId: next.closedTicketId });
  }
  await openTicket(deps, { ...delivery, followUpOf: next.closedTicketId });
  deps.outbound.jobs.wake(SEND_TICKET_EMAIL.name);
}

/**
 * In one transaction: skip a message handled before, or append it to the ticket it answers. Answers
 * what is left to do: nothing, or open a ticket (a follow-up when the answered ticket is closed).
 */
async function replyIfThreaded(
  tx: Queryable,
  delivery: Delivery,
): Promise<'done' | { closedTicketId: string | null }> {
  const { job, email, summary } = delivery;
  const { organizationId, inboundEmailId } = job;
  const row = await lockInboundEmail(tx, organizationId, inboundEmailId);
  if (row?.state !== 'received') return 'done';
  const earlier = email.messageId ? await ticketOfMessageId(tx, organizationId, email.messageId) : null;
  if (earlier) {
    const outcome = { state: 'duplicate', outcome: 'duplicate', ticketId: earlier } as const;
    await recordOutcome(tx, organizationId, inboundEmailId, summary, outcome);
    return 'done';
  }
  const thread = await findThread(tx, organizationId, email, {
    senderContactId: delivery.contactId,
    recipients: delivery.recipients,
    replyTokenKey: delivery.replyTokenKey,
  });
  if (!thread) return { closedTicketId: null };
  if (await isClosed(tx, organizationId, thread.ticketId)) return { closedTicketId: thread.ticketId };
  const comment = await addCustomerReply(tx, {
    organizationId,
    ticketId: thread.ticketId,
    contactId: delivery.contactId,
    body: commentBody({ body: newPartOf(email) }),
    attachmentIds: delivery.attachmentIds,
    inThread: true,
    outbound: delivery.outbound,
  });
  await copyRecipients(tx, {
    organizationId,
    ticketId: thread.ticketId,
    senderContactId: delivery.contactId,
    email,
  });
  await linkComment(tx, { ...delivery, ticketId: thread.ticketId, commentId: comment.id, outcome: 'reply' });
  return 'done';
}

async function closedTicketReplies(db: Database, organizationId: string): Promise<'new_ticket' | 'ignore'> {
  const [row] = await withTenant(db, organizationId, (tx) =>
    tx.query<{ closed_ticket_reply: 'new_ticket' | 'ignore' }>(
      'select closed_ticket_reply from email_settings where organization_id = $1',
      [organizationId],
    ),
  );
  return row?.closed_ticket_reply ?? 'new_ticket';
}

type Delivery = {
  job: ProcessJob;
  email: ParsedEmail;
  summary: Summary;
  contactId: string;
  attachmentIds: string[];
  recipients: readonly string[];
  replyTokenKey: Buffer;
  outbound: OutboundQueue;
};

/**
 * A new ticket from the message, with the people it copied as CCs, acknowledged to its sender alone in
 * the same transaction (rate-limited).
 */
async function openTicket(deps: ProcessDeps, input: Delivery & { followUpOf: string | null }): Promise<void> {
  const { job, email, followUpOf } = input;
  try {
    await createTicket(deps.db, {
      organizationId: job.organizationId,
      openedBy: { type: 'contact', id: input.contactId },
      ticket: {
        subject: email.subject.trim() || '(no subject)',
        requesterId: input.contactId,
        source: 'email',
        comment: {
          body: newPartOf(email),
          visibility: 'public',
          attachmentIds: input.attachmentIds,
        },
      },
      alsoInTransaction: async (tx, ticketId) => {
        await assertStillReceived(tx, job);
        const [first] = await tx.query<{ id: string }>(
          'select id from ticket_comments where organization_id = $1 and ticket_id = $2 order by created_at limit 1',
          [job.organizationId, ticketId],
        );
        await linkComment(tx, {
          ...input,
          ticketId,
          commentId: first?.id ?? null,
          outcome: followUpOf ? 'follow_up' : 'new_ticket',
        });
        await copyRecipients(tx, {
          organizationId: job.organizationId,
          ticketId,
          senderContactId: input.contactId,
          email,
        });
        await enqueueAcknowledgement(tx, deps.outbound, { organizationId: job.organizationId, ticketId });
      },
    });
  } catch (error) {
    if (!(error instanceof AlreadyProcessed)) throw error;
  }
}

async function assertStillReceived(tx: Queryable, job: ProcessJob): Promise<void> {
  const row = await lockInboundEmail(tx, job.organizationId, job.inboundEmailId);
  if (row?.state !== 'received') throw new AlreadyProcessed();
}

async function finishWithoutTicket(db: Database, job: ProcessJob, summary: Summary, outcome: Outcome) {
  await withTenant(db, job.organizationId, async (tx) => {
    const row = await lockInboundEmail(tx, job.organizationId, job.inboundEmailId);
    if (row?.state === 'received')
      await recordOutcome(tx, job.organizationId, job.inboundEmailId, summary, outcome);
  });
}

async function findOrCreateContact(
  db: Database,
  organizationId: string,
  from: { address: string; name: string },
): Promise<string> {
  const [row] = await withTenant(db, organizationId, (tx) =>
    tx.query<{ id: string }>(
      `insert into contacts (organization_id, id, email, name) values ($1, $2, $3, $4)
       on conflict (organization_id, lower(email)) do update set updated_at = contacts.updated_at
       returning id`,
      [organizationId, newId(), from.address.trim(), from.name.trim()],
    ),
  );
  if (!row) throw new Error('could not find or create the sender');
  return row.id;
}
