import type { FastifyBaseLogger } from 'fastify';
import type { Database, Queryable } from '../../db/client.ts';
import { withTenant } from '../../db/tenant.ts';
import { bufferJobs } from '../../jobs/job-queue.ts';
import { groupBy } from '../../lib/group-by.ts';
import { runInKeyOrder } from '../../lib/keyed-order.ts';
import type { ObjectStorage } from '../../lib/storage/storage.ts';
import { togetherOrAlone } from '../../lib/together-or-alone.ts';
import type { AttachmentLimits } from '../attachments/attachment-limits.ts';
import { reserveTicketNumbers } from '../tickets/create-ticket.ts';
import { collectTicketChanges } from '../tickets/tickets-changed.ts';
import { answerAsAgent } from './agent-email-answer.ts';
import { startBatch } from './batches-in-flight.ts';
import { deliverCustomerEmail } from './deliver-customer-email.ts';
import { SEND_TICKET_EMAIL } from './email-queues.ts';
import type { OutboundQueue } from './enqueue-email.ts';
import { collectOutcomes, lockReceivedEmails, type Outcomes } from './inbound-email-rows.ts';
import { type KnownMessageIds, lockKnownMessageIds } from './known-message-ids.ts';
import { recordMachineMail } from './machine-mail.ts';
import { type Mailbox, type PreparedEmail, prepareInboundEmails } from './prepare-inbound-emails.ts';
import type { SenderChecks } from './sender-check.ts';
import { normalizeMessageId, referencesOf, subjectTagOf } from './thread-email.ts';

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

/** Turns one stored message into a new ticket, a reply on its ticket or an event; throws when it fails. */
export async function processInboundEmail(deps: ProcessDeps, job: ProcessJob): Promise<void> {
  const failures = await processInboundEmails(deps, [job]);
  if (failures.has(job)) throw failures.get(job);
}

/**
 * Turns stored messages into tickets, comments and events, a batch at a time: what can be done
 * beforehand is done for all of them together (see prepareInboundEmails), then one transaction per
 * organization records them all. Runs from the job queue, so it may run again after a crash: the
 * messages' rows are locked and their state checked in the transaction that writes the tickets and
 * comments, and a Message-ID processed before makes no comment. When that transaction fails, each
 * message is tried again alone, so one bad message neither loses nor holds up the others. Answers
 * the error of each message that failed.
 */
export async function processInboundEmails(
  deps: ProcessDeps,
  jobs: readonly ProcessJob[],
): Promise<Map<ProcessJob, unknown>> {
  const failures = new Map<ProcessJob, unknown>();
  for (const [organizationId, organizationJobs] of groupBy(jobs, (job) => job.organizationId)) {
    const batch = startBatch(organizationId);
    try {
      const { mailbox, prepared } = await prepareInboundEmails(
        deps,
        organizationId,
        organizationJobs,
        failures,
      );
      if (prepared.length === 0) {
        batch.end();
        continue;
      }
      const emails = prepared.map((message) => message.email);
      const failedAlone = await batch.record(emails, () =>
        togetherOrAlone(prepared, (some) => recordTogether(deps, mailbox, some)),
      );
      for (const [message, error] of failedAlone) failures.set(message.job, error);
      deps.outbound.jobs.wake(SEND_TICKET_EMAIL.name);
    } catch (error) {
      batch.end();
      for (const job of organizationJobs) failures.set(job, error);
    }
  }
  return failures;
}

/**
 * One transaction for the messages. The senders' contacts, then the tickets they answer, are locked
 * first, each in one order for every batch: batches recorded side by side then do not wait for each
 * other's rows in opposite orders (a deadlock: one would fail and be recorded message by message). The ticket counter is never
 * locked here (numbers are reserved beforehand): a message that turns out to open a ticket without
 * one waits for this commit, then gets its number and a transaction of its own.
 */
async function recordTogether(
  deps: ProcessDeps,
  mailbox: Mailbox,
  prepared: readonly PreparedEmail[],
): Promise<void> {
  const { organizationId } = mailbox;
  const unnumbered = await withTenant(deps.db, organizationId, async (tx) => {
    // Sent together and run in this order (one connection runs its statements one after another):
    // contacts, then tickets, then the messages' own rows.
    const [, known, waiting] = await Promise.all([
      lockContacts(tx, organizationId, prepared),
      lockKnownMessageIds(tx, organizationId, prepared.flatMap(threadingIdsOf)),
      lockReceivedEmails(
        tx,
        organizationId,
        prepared.map((message) => message.job.inboundEmailId),
      ),
    ]);
    const outcomes = collectOutcomes(organizationId);
    // The jobs the messages cause (automation runs, acknowledgements) are written together at the end.
    const jobs = bufferJobs(deps.outbound.jobs);
    const outbound = { ...deps.outbound, jobs };
    // So are the ticket changes' SLA, time-trigger and automation bookkeeping: once for the batch.
    const ticketChanges = collectTicketChanges(jobs);
    const needNumbers: PreparedEmail[] = [];
    await runInKeyOrder(
      prepared.filter((message) => waiting.has(message.job.inboundEmailId)),
      keysOf,
      async (message) => {
        const recorded = await recordOne(tx, { deps, mailbox, outcomes, outbound, known }, message);
        if (recorded === 'needs_number') needNumbers.push(message);
      },
    );
    await ticketChanges.flush(tx);
    await Promise.all([jobs.flush(tx), known.write(), outcomes.write(tx)]);
    return needNumbers;
  });
  if (unnumbered.length === 0) return;
  const numbers = await withTenant(deps.db, organizationId, (tx) =>
    reserveTicketNumbers(tx, organizationId, unnumbered.length),
  );
  const numbered = unnumbered.map((message, index) =>
    message.route.kind === 'customer'
      ? { ...message, route: { ...message.route, ticketNumber: numbers[index] ?? null } }
      : message,
  );
  await recordTogether(deps, mailbox, numbered);
}

/**
 * What a message may touch that another of its batch may touch too: its sender, the Message-IDs it
 * carries or answers, a ticket tag in its subject, a reply-token address. Messages sharing none are
 * recorded side by side, their statements pipelined on the one connection; the rest in arrival order,
 * so a reply finds the ticket its batch opened and a duplicate finds the first copy.
 */
function keysOf(message: PreparedEmail): string[] {
  const { email, route, stored } = message;
  const messageIds = threadingIdsOf(message).map((id) => `message:${normalizeMessageId(id)}`);
  const sender =
    route.kind === 'customer'
      ? [`contact:${route.contactId}`]
      : route.kind === 'agent'
        ? [`agent:${route.agentId}`]
        : [];
  const tag = subjectTagOf(email);
  const tokenAddresses = stored.envelope_to
    .filter((address) => address.includes('+'))
    .map((address) => `address:${address.toLowerCase()}`);
  return [...messageIds, ...sender, ...(tag ? [`tag:${tag}`] : []), ...tokenAddresses];
}

async function recordOne(
  tx: Queryable,
  context: {
    deps: ProcessDeps;
    mailbox: Mailbox;
    outcomes: Outcomes;
    outbound: OutboundQueue;
    known: KnownMessageIds;
  },
  message: PreparedEmail,
): Promise<'recorded' | 'needs_number'> {
  const { job, email, summary, route } = message;
  const { mailbox, outcomes, outbound, known } = context;
  const { replyTokenKey } = context.deps;
  if (route.kind === 'machine') {
    const { machine } = route;
    await recordMachineMail(tx, job, { email, summary, machine, replyTokenKey, outcomes, known });
  } else if (route.kind === 'finish') {
    outcomes.record(job.inboundEmailId, summary, route.outcome);
  } else if (route.kind === 'agent') {
    await answerAsAgent(tx, { ...message, ...route, replyTokenKey, outbound, outcomes, known });
  } else {
    const delivery = { ...message, customer: route, mailbox, replyTokenKey, outbound, outcomes, known };
    return deliverCustomerEmail(tx, delivery);
  }
  return 'recorded';
}

/**
 * The Message-IDs a message may be threaded by: its own (a copy processed before is a duplicate),
 * those it answers, and the one a bounce reports on.
 */
function threadingIdsOf({ email, route }: PreparedEmail): string[] {
  const bounced = route.kind === 'machine' && route.machine.kind === 'bounce' ? route.machine.bounce : null;
  return [email.messageId, bounced?.originalMessageId, ...referencesOf(email)].filter((id): id is string =>
    Boolean(id),
  );
}

async function lockContacts(tx: Queryable, organizationId: string, prepared: readonly PreparedEmail[]) {
  const contactIds = prepared.flatMap((message) =>
    message.route.kind === 'customer' ? [message.route.contactId] : [],
  );
  if (contactIds.length === 0) return;
  await tx.query(
    `select 1 from contacts where organization_id = $1 and id = any($2::uuid[])
      order by id for no key update`,
    [organizationId, contactIds],
  );
}
