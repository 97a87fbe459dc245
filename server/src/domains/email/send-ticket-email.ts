import type { FastifyBaseLogger } from 'fastify';
import nodemailer, { type SendMailOptions } from 'nodemailer';
import type { Database, Queryable } from '../../db/client.ts';
import { withTenant } from '../../db/tenant.ts';
import type { SendJob } from './enqueue-email.ts';
import { type SmtpTransport, senderOf } from './mail-transport.ts';
import { composeEmail, newMessageId } from './outbound-message.ts';
import { replyToken } from './reply-token.ts';
import { type DeliveryRow, ticketEmailContent } from './ticket-email-content.ts';

export type SendDeps = {
  db: Database;
  logger: FastifyBaseLogger;
  secretKey: string;
  replyTokenKey: Buffer;
  /** SMTP_RELAY_URL: used by organizations without an SMTP server of their own. */
  smtpRelayUrl: string | null;
  /** The web app's address, for links in agents' notifications. */
  publicUrl: string;
};

/** A failure worth trying again later: the server was away or said "not now" (4xx). */
class TemporaryFailure extends Error {}

/**
 * Builds and sends one queued message, and records how it went on its delivery. Temporary failures
 * throw (the queue retries them) unless this is the last attempt; permanent ones are recorded at once.
 */
export async function sendTicketEmail(deps: SendDeps, job: SendJob, lastAttempt: boolean): Promise<void> {
  const { organizationId, deliveryId } = job;
  const prepared = await withTenant(deps.db, organizationId, async (tx) => {
    const found = await prepare(tx, deps, job);
    // Nothing to send it with (no SMTP server set up): failed, in the transaction that found out.
    if (found && 'cannotSend' in found) await recordIn(tx, job, { state: 'failed', error: found.cannotSend });
    return found;
  });
  if (!prepared || 'cannotSend' in prepared) return;
  const { message, transport } = prepared;
  const mailer = nodemailer.createTransport(transport);
  try {
    await mailer.sendMail(message);
    await record(deps.db, job, { state: 'sent', error: null });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const permanent = Number((error as { responseCode?: number }).responseCode) >= 500;
    deps.logger.warn({ organizationId, deliveryId, err: error, permanent }, 'email not sent');
    if (permanent || lastAttempt) return record(deps.db, job, { state: 'failed', error: reason });
    await record(deps.db, job, { state: 'queued', error: reason });
    throw new TemporaryFailure(reason);
  } finally {
    mailer.close();
  }
}

type Prepared = { message: SendMailOptions; transport: SmtpTransport } | { cannotSend: string } | null;

async function prepare(tx: Queryable, deps: SendDeps, job: SendJob): Promise<Prepared> {
  const { organizationId } = job;
  const [delivery] = await tx.query<DeliveryRow>(
    `select id, kind, notification, agent_id, actor_agent_id, state, ticket_id, comment_id, message_id, recipients,
            subject_template, body_template
       from email_deliveries where organization_id = $1 and id = $2 for update`,
    [organizationId, job.deliveryId],
  );
  if (delivery?.state !== 'queued') return null;
  const sender = await senderOf(tx, organizationId, deps);
  if ('cannotSend' in sender) return sender;
  const content = await ticketEmailContent(tx, organizationId, delivery, deps.publicUrl);
  const token = replyToken(deps.replyTokenKey, organizationId, content.ticket.number);
  const messageId =
    delivery.message_id ?? (await claimMessageId(tx, organizationId, delivery, token, sender.from.address));
  const message = composeEmail({ ...content, from: sender.from, token, messageId });
  return { message, transport: sender.transport };
}

/**
 * The Message-ID is chosen once, before the first attempt, and remembered with the ticket: retries send
 * the same message, a reply to it threads by its headers, and a bounce naming it finds this delivery.
 */
async function claimMessageId(
  tx: Queryable,
  organizationId: string,
  delivery: DeliveryRow,
  token: string,
  fromAddress: string,
): Promise<string> {
  const messageId = newMessageId(token, fromAddress.split('@')[1] ?? 'localhost');
  await tx.query('update email_deliveries set message_id = $3 where organization_id = $1 and id = $2', [
    organizationId,
    delivery.id,
    messageId,
  ]);
  await tx.query(
    `insert into email_message_ids (organization_id, message_id, ticket_id, comment_id, direction)
     values ($1, $2, $3, $4, $5)`,
    [
      organizationId,
      messageId,
      delivery.ticket_id,
      delivery.comment_id,
      delivery.agent_id ? 'notification' : 'outbound',
    ],
  );
  return messageId;
}

type SendResult = { state: 'queued' | 'sent' | 'failed'; error: string | null };

async function record(db: Database, job: SendJob, result: SendResult): Promise<void> {
  await withTenant(db, job.organizationId, (tx) => recordIn(tx, job, result));
}

async function recordIn(tx: Queryable, job: SendJob, result: SendResult): Promise<void> {
  await tx.query(
    `update email_deliveries
        set state = $3, error = $4, attempts = attempts + 1, updated_at = now(),
            sent_at = case when $3 = 'sent' then now() end
      where organization_id = $1 and id = $2 and state = 'queued'`,
    [job.organizationId, job.deliveryId, result.state, result.error],
  );
}
