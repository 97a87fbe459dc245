import { withTenant } from '../../db/tenant.ts';
import { commentBody } from '../tickets/comment-body.ts';
import { insertComment } from '../tickets/insert-comment.ts';
import { SEND_TICKET_EMAIL } from './email-queues.ts';
import { enqueueReplyEmail } from './enqueue-email.ts';
import { isClosed, linkComment, newPartOf, storeAttachments } from './inbound-comment-steps.ts';
import { lockInboundEmail, recordOutcome, type Summary } from './inbound-email-rows.ts';
import type { ParsedEmail } from './parse-email.ts';
import type { ProcessDeps, ProcessJob } from './process-inbound-email.ts';
import { findThread } from './thread-email.ts';

/**
 * An agent answering a ticket by email (a reply to a notification, usually): the sender is one of the
 * organization's active agents and the message threads onto a ticket by its headers or reply token
 * (never by a subject tag alone). Anything else an agent sends opens a ticket like a customer's mail.
 */
export async function agentAnswerOf(
  deps: ProcessDeps,
  job: ProcessJob,
  email: ParsedEmail,
): Promise<{ agentId: string } | null> {
  const { organizationId } = job;
  return withTenant(deps.db, organizationId, async (tx) => {
    const [agent] = await tx.query<{ id: string }>(
      'select id from agents where organization_id = $1 and lower(email) = lower($2) and is_active',
      [organizationId, email.from?.address ?? ''],
    );
    if (!agent) return null;
    const thread = await findThread(tx, organizationId, email, {
      senderContactId: null,
      recipients: [],
      replyTokenKey: deps.replyTokenKey,
    });
    return thread ? { agentId: agent.id } : null;
  });
}

/**
 * Posts a verified agent's emailed answer as their public reply (its new part: the quoted
 * notification stays out), emailed on to the customer like any reply. A closed ticket takes none.
 */
export async function answerAsAgent(
  deps: ProcessDeps,
  input: { job: ProcessJob; email: ParsedEmail; summary: Summary; agentId: string },
): Promise<void> {
  const { job, email, summary, agentId } = input;
  const { organizationId, inboundEmailId } = job;
  const uploader = { type: 'agent', id: agentId } as const;
  const attachmentIds = await storeAttachments(deps, organizationId, uploader, email.attachments);
  await withTenant(deps.db, organizationId, async (tx) => {
    const row = await lockInboundEmail(tx, organizationId, inboundEmailId);
    if (row?.state !== 'received') return;
    const thread = await findThread(tx, organizationId, email, {
      senderContactId: null,
      recipients: [],
      replyTokenKey: deps.replyTokenKey,
    });
    if (!thread || (await isClosed(tx, organizationId, thread.ticketId))) {
      const outcome = {
        state: 'ignored',
        outcome: 'closed_ticket',
        ticketId: thread?.ticketId ?? null,
      } as const;
      return recordOutcome(tx, organizationId, inboundEmailId, summary, outcome);
    }
    const comment = await insertComment(tx, {
      organizationId,
      ticketId: thread.ticketId,
      authorType: 'agent',
      authorId: agentId,
      visibility: 'public',
      body: commentBody({ body: newPartOf(email) }),
      opensTicket: false,
      attachmentIds,
    });
    await enqueueReplyEmail(tx, deps.outbound, {
      organizationId,
      ticketId: thread.ticketId,
      commentId: comment.id,
    });
    await linkComment(tx, {
      job,
      email,
      summary,
      ticketId: thread.ticketId,
      commentId: comment.id,
      outcome: 'agent_reply',
    });
  });
  deps.outbound.jobs.wake(SEND_TICKET_EMAIL.name);
}
