import type { FastifyBaseLogger } from 'fastify';
import nodemailer, { type SendMailOptions } from 'nodemailer';
import type { Database, Queryable } from '../../db/client.ts';
import { withTenant } from '../../db/tenant.ts';
import { groupBy } from '../../lib/group-by.ts';
import { runInKeyOrder } from '../../lib/keyed-order.ts';
import { togetherOrAlone } from '../../lib/together-or-alone.ts';
import type { SendJob } from './enqueue-email.ts';
import { type MailSender, type SmtpTransport, senderOf } from './mail-transport.ts';
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

/** A job of the sending queue, and whether the queue would try it again after this attempt. */
export type SendAttempt = { job: SendJob; lastAttempt: boolean };

type SendResult = { state: 'queued' | 'sent' | 'failed'; error: string | null };

/** Builds and sends one queued message (see sendTicketEmails); throws when it is to be tried again. */
export async function sendTicketEmail(deps: SendDeps, job: SendJob, lastAttempt: boolean): Promise<void> {
  const attempt = { job, lastAttempt };
  const retry = await sendTicketEmails(deps, [attempt]);
  if (retry.has(attempt)) throw retry.get(attempt);
}

/**
 * Builds and sends queued messages, a batch at a time, and records how each went on its delivery:
 * one transaction prepares an organization's messages (side by side), they are sent one after
 * another, and one statement records them all. Temporary failures are answered for the queue to
 * retry, unless that was the last attempt; permanent ones are recorded at once. A batch that cannot
 * be prepared together is prepared one message at a time, so one bad message holds up no other.
 */
export async function sendTicketEmails<Attempt extends SendAttempt>(
  deps: SendDeps,
  attempts: readonly Attempt[],
): Promise<Map<Attempt, unknown>> {
  const retry = new Map<Attempt, unknown>();
  for (const [organizationId, ofOrganization] of groupBy(attempts, (attempt) => attempt.job.organizationId)) {
    try {
      const ready = await prepareAll(deps, organizationId, ofOrganization, retry);
      if (!ready) continue;
      const results = await sendAll(deps, ready, retry);
      await withTenant(deps.db, organizationId, (tx) => recordAll(tx, organizationId, results));
    } catch (error) {
      for (const attempt of ofOrganization) if (!retry.has(attempt)) retry.set(attempt, error);
    }
  }
  return retry;
}

type Ready<Attempt> = {
  transport: SmtpTransport;
  messages: { attempt: Attempt; message: SendMailOptions }[];
};

async function prepareAll<Attempt extends SendAttempt>(
  deps: SendDeps,
  organizationId: string,
  attempts: readonly Attempt[],
  retry: Map<Attempt, unknown>,
): Promise<Ready<Attempt> | null> {
  const prepared: Ready<Attempt>[] = [];
  const failures = await togetherOrAlone(attempts, async (some) => {
    const ready = await prepareTogether(deps, organizationId, some);
    if (ready) prepared.push(ready);
  });
  for (const [attempt, error] of failures) retry.set(attempt, error);
  const [first] = prepared;
  return first ? { transport: first.transport, messages: prepared.flatMap((one) => one.messages) } : null;
}

/** One transaction: the deliveries locked and composed; with nothing to send them, recorded failed. */
function prepareTogether<Attempt extends SendAttempt>(
  deps: SendDeps,
  organizationId: string,
  attempts: readonly Attempt[],
): Promise<Ready<Attempt> | null> {
  return withTenant(deps.db, organizationId, async (tx) => {
    const sender = await senderOf(tx, organizationId, deps);
    const queued = await lockQueued(tx, organizationId, attempts);
    if ('cannotSend' in sender) {
      const error = sender.cannotSend;
      await recordAll(
        tx,
        organizationId,
        queued.map(({ delivery }) => ({ id: delivery.id, state: 'failed', error })),
      );
      return null;
    }
    const messages: Ready<Attempt>['messages'] = [];
    // Side by side, no message waiting for another (no keys); unlike Promise.all, runInKeyOrder lets
    // every one finish before a failure ends the transaction they share.
    await runInKeyOrder(
      queued,
      () => [],
      async ({ attempt, delivery }) => {
        messages.push({ attempt, message: await compose(tx, deps, { organizationId, delivery, sender }) });
      },
    );
    return messages.length > 0 ? { transport: sender.transport, messages } : null;
  });
}

/** The deliveries still queued, locked (one that was sent or given up on meanwhile is left alone). */
async function lockQueued<Attempt extends SendAttempt>(
  tx: Queryable,
  organizationId: string,
  attempts: readonly Attempt[],
): Promise<{ attempt: Attempt; delivery: DeliveryRow }[]> {
  const rows = await tx.query<DeliveryRow>(
    `select id, kind, notification, agent_id, actor_agent_id, state, ticket_id, comment_id, message_id, recipients,
            subject_template, body_template
       from email_deliveries where organization_id = $1 and id = any($2::uuid[])
      order by id for update`,
    [organizationId, attempts.map((attempt) => attempt.job.deliveryId)],
  );
  const byId = new Map(rows.map((row) => [row.id, row]));
  return attempts.flatMap((attempt) => {
    const delivery = byId.get(attempt.job.deliveryId);
    return delivery?.state === 'queued' ? [{ attempt, delivery }] : [];
  });
}

async function compose(
  tx: Queryable,
  deps: SendDeps,
  input: { organizationId: string; delivery: DeliveryRow; sender: MailSender },
): Promise<SendMailOptions> {
  const { organizationId, delivery, sender } = input;
  const content = await ticketEmailContent(tx, organizationId, delivery, deps.publicUrl);
  const token = replyToken(deps.replyTokenKey, organizationId, content.ticket.number);
  const messageId =
    delivery.message_id ?? (await claimMessageId(tx, organizationId, delivery, token, sender.from.address));
  return composeEmail({ ...content, from: sender.from, token, messageId });
}

/** How a delivery's attempt went, by the delivery's id. */
type Outcome = { id: string } & SendResult;

// A batch stops sending once this long has gone by, so that it ends well within its jobs' expiry
// (a job still running then would be sent again): the messages not tried yet are retried later.
const SENDING_BUDGET_MS = 120_000;

// nodemailer's codes for a server that could not be reached or talked to at all (as opposed to one
// message refused, or one without recipients): the same would happen to the rest of the batch.
const SERVER_UNREACHABLE = new Set(['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'ETLS', 'EAUTH']);

/**
 * One message after another (each over a connection of its own, as nodemailer's plain transport
 * does). When the server cannot be reached at all, the rest of the batch is not tried now but
 * retried later, as it would fail the same way.
 */
async function sendAll<Attempt extends SendAttempt>(
  deps: SendDeps,
  ready: Ready<Attempt>,
  retry: Map<Attempt, unknown>,
): Promise<Outcome[]> {
  const mailer = nodemailer.createTransport(ready.transport);
  const outcomes: Outcome[] = [];
  const started = Date.now();
  let stopped: Error | null = null;
  try {
    for (const { attempt, message } of ready.messages) {
      if (!stopped && Date.now() - started > SENDING_BUDGET_MS)
        stopped = new TemporaryFailure('Not tried: the batch ran out of time');
      if (stopped) {
        retry.set(attempt, stopped);
        continue;
      }
      const id = attempt.job.deliveryId;
      try {
        await mailer.sendMail(message);
        outcomes.push({ id, state: 'sent', error: null });
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        const permanent = Number((error as { responseCode?: number }).responseCode) >= 500;
        const { organizationId, deliveryId } = attempt.job;
        deps.logger.warn({ organizationId, deliveryId, err: error, permanent }, 'email not sent');
        if (permanent || attempt.lastAttempt) {
          outcomes.push({ id, state: 'failed', error: reason });
        } else {
          outcomes.push({ id, state: 'queued', error: reason });
          retry.set(attempt, new TemporaryFailure(reason));
        }
        if (SERVER_UNREACHABLE.has(String((error as { code?: string }).code)))
          stopped = new TemporaryFailure(`Not tried: the server could not be reached (${reason})`);
      }
    }
  } finally {
    mailer.close();
  }
  return outcomes;
}

async function recordAll(tx: Queryable, organizationId: string, outcomes: readonly Outcome[]): Promise<void> {
  if (outcomes.length === 0) return;
  await tx.query(
    `update email_deliveries d
        set state = o.state, error = o.error, attempts = d.attempts + 1, updated_at = now(),
            sent_at = case when o.state = 'sent' then now() end
       from jsonb_to_recordset($2::jsonb) as o (id uuid, state text, error text)
      where d.organization_id = $1 and d.id = o.id and d.state = 'queued'`,
    [organizationId, JSON.stringify(outcomes)],
  );
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
