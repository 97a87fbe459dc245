import type { Queryable } from '../../db/client.ts';
import { commentBody } from '../tickets/comment-body.ts';
import { insertComment } from '../tickets/insert-comment.ts';
import { ticketsChanged } from '../tickets/tickets-changed.ts';
import { enqueueReplyEmail, type OutboundQueue } from './enqueue-email.ts';
import { linkComment, newPartOf } from './inbound-comment-steps.ts';
import type { Outcomes, Summary } from './inbound-email-rows.ts';
import { type KnownMessageIds, lookUpMessageIds } from './known-message-ids.ts';
import type { ParsedEmail } from './parse-email.ts';
import type { ProcessJob } from './process-inbound-email.ts';
import { findThread } from './thread-email.ts';

/** The organization's active agents among some senders: agent id by lower-cased address. */
export async function agentsAmong(
  tx: Queryable,
  organizationId: string,
  addresses: readonly string[],
): Promise<Map<string, string>> {
  if (addresses.length === 0) return new Map();
  const rows = await tx.query<{ id: string; email: string }>(
    `select id, lower(email) as email from agents
      where organization_id = $1 and lower(email) = any($2::text[]) and is_active`,
    [organizationId, addresses.map((address) => address.toLowerCase())],
  );
  return new Map(rows.map((row) => [row.email, row.id]));
}

/**
 * An agent answering a ticket by email (a reply to a notification, usually): the sender is one of the
 * organization's active agents and the message threads onto a ticket by its headers or reply token
 * (never by a subject tag alone). Anything else an agent sends opens a ticket like a customer's mail.
 */
export async function isAgentAnswer(
  tx: Queryable,
  input: { organizationId: string; email: ParsedEmail; replyTokenKey: Buffer },
): Promise<boolean> {
  const thread = await findThread(tx, input.organizationId, input.email, {
    senderContactId: null,
    recipients: [],
    replyTokenKey: input.replyTokenKey,
    messageIds: lookUpMessageIds(tx, input.organizationId),
  });
  return thread !== null;
}

/**
 * Posts a verified agent's emailed answer as their public reply (its new part: the quoted
 * notification stays out), emailed on to the customer like any reply. A closed ticket takes none.
 * Runs in the transaction that locked the message.
 */
export async function answerAsAgent(
  tx: Queryable,
  input: {
    job: ProcessJob;
    email: ParsedEmail;
    summary: Summary;
    agentId: string;
    attachmentIds: string[];
    replyTokenKey: Buffer;
    outbound: OutboundQueue;
    outcomes: Outcomes;
    known: KnownMessageIds;
  },
): Promise<void> {
  const { job, email, summary, agentId } = input;
  const { organizationId, inboundEmailId } = job;
  const thread = await findThread(tx, organizationId, email, {
    senderContactId: null,
    recipients: [],
    replyTokenKey: input.replyTokenKey,
    messageIds: input.known.ticketsOf,
  });
  if (!thread || (await input.known.isClosed(thread.ticketId))) {
    const outcome = {
      state: 'ignored',
      outcome: 'closed_ticket',
      ticketId: thread?.ticketId ?? null,
    } as const;
    return input.outcomes.record(inboundEmailId, summary, outcome);
  }
  const comment = await insertComment(tx, {
    organizationId,
    ticketId: thread.ticketId,
    authorType: 'agent',
    authorId: agentId,
    visibility: 'public',
    body: commentBody({ body: newPartOf(email) }),
    opensTicket: false,
    attachmentIds: input.attachmentIds,
  });
  await ticketsChanged(tx, input.outbound.jobs, { organizationId, ticketIds: [thread.ticketId] });
  await enqueueReplyEmail(tx, input.outbound, {
    organizationId,
    ticketId: thread.ticketId,
    commentId: comment.id,
  });
  linkComment({
    known: input.known,
    outcomes: input.outcomes,
    job,
    email,
    summary,
    ticketId: thread.ticketId,
    commentId: comment.id,
    outcome: 'agent_reply',
  });
}
