import type { Queryable } from '../../db/client.ts';
import { recordAudit } from '../../lib/audit.ts';
import { type Bounce, bounceOf, isAutomatic } from './classify-email.ts';
import type { Outcomes, Summary } from './inbound-email-rows.ts';
import type { KnownMessageIds } from './known-message-ids.ts';
import type { ParsedEmail } from './parse-email.ts';
import { findThread, normalizeMessageId } from './thread-email.ts';

export type MachineMail = { kind: 'automatic'; reason: string } | { kind: 'bounce'; bounce: Bounce };

/**
 * Mail a machine sent: a bounce, an auto-reply, a list message, or mail from our own addresses (the
 * organization's support addresses, lower-cased).
 */
export function machineMailOf(email: ParsedEmail, ownAddresses: string[]): MachineMail | null {
  const bounce = bounceOf(email);
  if (bounce) return { kind: 'bounce', bounce };
  const automatic = isAutomatic(email, ownAddresses);
  return automatic.automatic ? { kind: 'automatic', reason: automatic.reason ?? 'automatic' } : null;
}

/**
 * Machine mail never becomes a comment and never causes a reply or a notification (that is how two
 * auto-responders answer each other for ever). It is kept: on the ticket it belongs to as an event
 * (a bounce names the message that failed), or, belonging nowhere, stored as ignored. Runs in the
 * transaction that locked the message.
 */
export async function recordMachineMail(
  tx: Queryable,
  job: { organizationId: string; inboundEmailId: string },
  input: {
    email: ParsedEmail;
    summary: Summary;
    machine: MachineMail;
    replyTokenKey: Buffer;
    outcomes: Outcomes;
    known: KnownMessageIds;
  },
): Promise<void> {
  const { organizationId, inboundEmailId } = job;
  const { email, machine } = input;
  const threadOf = machine.kind === 'bounce' ? bounceAsReply(email, machine.bounce) : email;
  const thread = await findThread(tx, organizationId, threadOf, {
    senderContactId: null,
    recipients: [],
    replyTokenKey: input.replyTokenKey,
    messageIds: input.known.ticketsOf,
  });
  if (thread && machine.kind === 'bounce') await markBounced(tx, organizationId, machine.bounce);
  if (thread) {
    await recordAudit(tx, {
      organizationId,
      actorType: 'system',
      actorId: null,
      action: machine.kind === 'bounce' ? 'email.bounced' : 'email.automatic_received',
      entityType: 'ticket',
      entityId: thread.ticketId,
      changes:
        machine.kind === 'bounce'
          ? { inboundEmailId, ...machine.bounce }
          : {
              inboundEmailId,
              reason: machine.reason,
              from: input.summary.fromAddress,
              subject: email.subject,
            },
    });
  }
  input.outcomes.record(inboundEmailId, input.summary, {
    state: thread ? 'processed' : 'ignored',
    outcome: machine.kind,
    ticketId: thread?.ticketId ?? null,
  });
}

/**
 * The message a bounce reports on did not arrive: its delivery (one of ours) failed. A delay notice
 * (4.x.x, action "delayed") is not a failure: the sending server is still trying.
 */
async function markBounced(tx: Queryable, organizationId: string, bounce: Bounce): Promise<void> {
  const temporary = bounce.status?.startsWith('4') || bounce.action?.toLowerCase() === 'delayed';
  if (!bounce.originalMessageId || temporary) return;
  const reason = [bounce.status, bounce.recipient, bounce.action].filter(Boolean).join(' ');
  await tx.query(
    `update email_deliveries set state = 'failed', error = $3, updated_at = now()
      where organization_id = $1 and message_id = $2`,
    [organizationId, normalizeMessageId(bounce.originalMessageId), `Bounced: ${reason}`],
  );
}

/** A bounce threads by the message it reports on, which it quotes, rather than by its own headers. */
const bounceAsReply = (email: ParsedEmail, bounce: Bounce): ParsedEmail => ({
  ...email,
  inReplyTo: bounce.originalMessageId ?? email.inReplyTo,
});
