import type { Queryable } from '../../db/client.ts';
import { withTenant } from '../../db/tenant.ts';
import { newId } from '../../lib/ids.ts';
import { reserveTicketNumbers } from '../tickets/create-ticket.ts';
import { agentsAmong, isAgentAnswer } from './agent-email-answer.ts';
import { storeAttachments } from './inbound-comment-steps.ts';
import {
  type Outcome,
  rawBytesOf,
  readReceivedEmails,
  type StoredInboundEmail,
  type Summary,
} from './inbound-email-rows.ts';
import { type MachineMail, machineMailOf } from './machine-mail.ts';
import { matchesOwnAddress, ownAddresses } from './own-addresses.ts';
import { type ParsedEmail, parseEmail } from './parse-email.ts';
import type { ProcessDeps, ProcessJob } from './process-inbound-email.ts';
import { takeRawCopy } from './recent-raw-copies.ts';
import { checkSender } from './sender-check.ts';
import { mayThread } from './thread-email.ts';

/** What becomes of a message, decided before the transaction that records it. */
export type Route =
  | { kind: 'machine'; machine: MachineMail }
  | { kind: 'finish'; outcome: Outcome }
  | { kind: 'agent'; agentId: string; attachmentIds: string[] }
  | {
      kind: 'customer';
      contactId: string;
      attachmentIds: string[];
      /** Reserved for a message that most likely opens a ticket; null when it most likely answers one. */
      ticketNumber: number | null;
    };

export type PreparedEmail = {
  job: ProcessJob;
  stored: StoredInboundEmail;
  email: ParsedEmail;
  summary: Summary;
  route: Route;
};

/** What a batch needs to know of the organization its messages were sent to. */
export type Mailbox = {
  organizationId: string;
  isOwn: (address: string) => boolean;
  closedTicketReply: 'new_ticket' | 'ignore';
};

type Parsed = Omit<PreparedEmail, 'route'>;

/**
 * Everything about one organization's messages that can be done before the transaction that records
 * them, for all of them at once: read and parse the stored copies, check their senders, tell machine
 * mail, quarantine and agents' answers apart, find or create the customers and store their files.
 * A message that fails here is left out with its error in `failures`; the others go on.
 */
export async function prepareInboundEmails(
  deps: ProcessDeps,
  organizationId: string,
  jobs: readonly ProcessJob[],
  failures: Map<ProcessJob, unknown>,
): Promise<{ mailbox: Mailbox; prepared: PreparedEmail[] }> {
  const jobOf = new Map(jobs.map((job) => [job.inboundEmailId, job]));
  const held = new Map<string, Buffer>();
  for (const id of jobOf.keys()) {
    const raw = takeRawCopy(id);
    if (raw) held.set(id, raw);
  }
  const rawWanted = [...jobOf.keys()].filter((id) => !held.has(id));
  const { stored, own, closedTicketReply } = await withTenant(deps.db, organizationId, async (tx) => ({
    stored: await readReceivedEmails(tx, organizationId, [...jobOf.keys()], rawWanted),
    own: await ownAddresses(tx, organizationId),
    closedTicketReply: await closedTicketReplies(tx, organizationId),
  }));
  const mailbox = { organizationId, isOwn: matchesOwnAddress(own), closedTicketReply };
  const parsed: Parsed[] = [];
  await Promise.all(
    stored.map(async (row) => {
      const job = jobOf.get(row.id);
      if (!job) return;
      try {
        parsed.push(await parse(deps, job, row, held.get(row.id)));
      } catch (error) {
        failures.set(job, error);
      }
    }),
  );
  const routes = await routeAll(deps, organizationId, parsed, own);
  const prepared: PreparedEmail[] = [];
  for (const message of parsed) {
    const route = routes.get(message);
    if (!route) continue;
    try {
      prepared.push({ ...message, route: await withAttachments(deps, message, route) });
    } catch (error) {
      failures.set(message.job, error);
    }
  }
  return { mailbox, prepared };
}

async function parse(
  deps: ProcessDeps,
  job: ProcessJob,
  stored: StoredInboundEmail,
  held: Buffer | undefined,
): Promise<Parsed> {
  const raw = held ?? (await readStoredCopy(deps, stored));
  const email = await parseEmail(raw);
  const summary: Summary = {
    messageId: email.messageId,
    subject: email.subject,
    fromAddress: email.from?.address ?? null,
    authResults: await checkSender(deps.senderChecks, stored, raw),
  };
  return { job, stored, email, summary };
}

async function readStoredCopy(deps: ProcessDeps, stored: StoredInboundEmail): Promise<Buffer> {
  const raw = await rawBytesOf(deps.storage, stored);
  if (!raw) throw new Error(`inbound email ${stored.id}: its raw message is missing from storage`);
  return raw;
}

/**
 * In this order: machine mail; no sender; a known customer's address failing DMARC (held, unless an
 * agent released it); an agent's answer on a ticket (held unless verified); anyone else is a
 * customer, found or created by address.
 */
async function routeAll(
  deps: ProcessDeps,
  organizationId: string,
  messages: readonly Parsed[],
  own: string[],
): Promise<Map<Parsed, Route>> {
  const routes = new Map<Parsed, Route>();
  const senderOf = (message: Parsed) => message.email.from?.address.trim().toLowerCase() ?? '';
  const people: Parsed[] = [];
  for (const message of messages) {
    const machine = machineMailOf(message.email, own);
    if (machine) routes.set(message, { kind: 'machine', machine });
    else if (!senderOf(message)) routes.set(message, finish('ignored', 'no_sender'));
    else people.push(message);
  }
  if (people.length === 0) return routes;
  await withTenant(deps.db, organizationId, async (tx) => {
    const spoofable = (message: Parsed) =>
      !message.stored.released_at && message.summary.authResults?.dmarc.result === 'fail';
    const known = await knownContacts(tx, organizationId, people.filter(spoofable).map(senderOf));
    const agents = await agentsAmong(tx, organizationId, people.map(senderOf));
    const customers: Parsed[] = [];
    for (const message of people) {
      const agentId = agents.get(senderOf(message));
      const verified = message.stored.released_at || message.summary.authResults?.dmarc.result === 'pass';
      const answer = { organizationId, email: message.email, replyTokenKey: deps.replyTokenKey };
      if (spoofable(message) && known.has(senderOf(message))) {
        routes.set(message, finish('quarantined', 'dmarc_failed'));
      } else if (agentId && (await isAgentAnswer(tx, answer))) {
        routes.set(
          message,
          verified
            ? { kind: 'agent', agentId, attachmentIds: [] }
            : finish('quarantined', 'agent_unverified'),
        );
      } else customers.push(message);
    }
    const contactIds = await findOrCreateContacts(
      tx,
      organizationId,
      customers.map((message) => message.email.from),
    );
    // Numbers for the new tickets are taken here, in a short transaction, rather than in the one that
    // records the batch: holding the counter there would make batches wait for each other.
    const opening = customers.filter((message) => !mayThread(message.email, message.stored.envelope_to));
    const numbers = await reserveTicketNumbers(tx, organizationId, opening.length);
    for (const message of customers) {
      const contactId = contactIds.get(senderOf(message));
      const ticketNumber = numbers[opening.indexOf(message)] ?? null;
      if (contactId) routes.set(message, { kind: 'customer', contactId, attachmentIds: [], ticketNumber });
    }
  });
  return routes;
}

const finish = (state: Outcome['state'], outcome: string): Route => ({
  kind: 'finish',
  outcome: { state, outcome },
});

/** The files of a message that makes a comment become its author's uploads. */
async function withAttachments(deps: ProcessDeps, message: Parsed, route: Route): Promise<Route> {
  if (route.kind !== 'agent' && route.kind !== 'customer') return route;
  const uploader =
    route.kind === 'agent'
      ? ({ type: 'agent', id: route.agentId } as const)
      : ({ type: 'contact', id: route.contactId } as const);
  const attachmentIds = await storeAttachments(
    deps,
    message.job.organizationId,
    uploader,
    message.email.attachments,
  );
  return { ...route, attachmentIds };
}

async function knownContacts(
  tx: Queryable,
  organizationId: string,
  addresses: string[],
): Promise<Set<string>> {
  if (addresses.length === 0) return new Set();
  const rows = await tx.query<{ email: string }>(
    'select lower(email) as email from contacts where organization_id = $1 and lower(email) = any($2::text[])',
    [organizationId, addresses.map((address) => address.toLowerCase())],
  );
  return new Set(rows.map((row) => row.email));
}

/**
 * The senders as contacts, created when new: contact id by trimmed, lower-cased address. Existing
 * contacts are read, not locked, so this never waits for a transaction recording another batch.
 */
async function findOrCreateContacts(
  tx: Queryable,
  organizationId: string,
  senders: ({ address: string; name: string } | null)[],
): Promise<Map<string, string>> {
  const byAddress = new Map<string, { id: string; email: string; name: string }>();
  for (const sender of senders) {
    const email = sender?.address.trim() ?? '';
    if (!sender || !email || byAddress.has(email.toLowerCase())) continue;
    byAddress.set(email.toLowerCase(), { id: newId(), email, name: sender.name.trim() });
  }
  const found = new Map<string, string>();
  const lookUp = async () => {
    const missing = [...byAddress.keys()].filter((address) => !found.has(address));
    if (missing.length === 0) return;
    const rows = await tx.query<{ id: string; email: string }>(
      'select id, lower(email) as email from contacts where organization_id = $1 and lower(email) = any($2::text[])',
      [organizationId, missing],
    );
    for (const row of rows) found.set(row.email, row.id);
  };
  await lookUp();
  const newcomers = [...byAddress].filter(([address]) => !found.has(address)).map(([, person]) => person);
  if (newcomers.length === 0) return found;
  const inserted = await tx.query<{ id: string; email: string }>(
    `insert into contacts (organization_id, id, email, name)
     select $1, person.id, person.email, person.name
       from jsonb_to_recordset($2::jsonb) as person (id uuid, email text, name text)
      order by lower(person.email)
     on conflict (organization_id, lower(email)) do nothing
     returning id, lower(email) as email`,
    [organizationId, JSON.stringify(newcomers)],
  );
  for (const row of inserted) found.set(row.email, row.id);
  // Another transaction created some of them meanwhile: theirs are the contacts.
  await lookUp();
  return found;
}

async function closedTicketReplies(tx: Queryable, organizationId: string): Promise<'new_ticket' | 'ignore'> {
  const [row] = await tx.query<{ closed_ticket_reply: 'new_ticket' | 'ignore' }>(
    'select closed_ticket_reply from email_settings where organization_id = $1',
    [organizationId],
  );
  return row?.closed_ticket_reply ?? 'new_ticket';
}
