import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { call, type TestApp, type TestOrganization } from '../../test/test-app.ts';
import { rawMessage, sendSmtp, waitProcessed } from './email-test-helpers.ts';
import {
  type MailLoop,
  type SinkMessage,
  type SmtpSink,
  startMailLoop,
  waitDelivery,
} from './outbound-test-helpers.ts';
import type { SmtpIntake } from './smtp-intake.ts';

const bare = (id: string | null) => (id ?? '').replace(/^<|>$/g, '');

describe('outbound email: a whole conversation through real SMTP both ways', () => {
  let harness: TestApp;
  let org: TestOrganization;
  let support: string;
  let smtp: SmtpIntake;
  let sink: SmtpSink;

  let loop: MailLoop;

  before(async () => {
    loop = await startMailLoop('Acme Support');
    ({ harness, org, support, smtp, sink } = loop);
  });
  after(() => loop?.close());

  /** Sends a message to our SMTP intake, as the customer's mail server would, and waits for its processing. */
  const deliver = async (raw: Buffer, to: string) => {
    const info = await sendSmtp(smtp.port, { from: 'bounces@customer.example', to: [to] }, raw);
    const id = /Stored as ([0-9a-f-]{36})/.exec(info.response)?.[1] ?? '';
    return waitProcessed(harness.db, org.organizationId, id);
  };
  const comment = (ticketId: string, body: Record<string, unknown>) =>
    call(harness.app, 'POST', `/api/v1/tickets/${ticketId}/comments`, { as: org.owner.session, body });
  const comments = async (ticketId: string) =>
    (await call(harness.app, 'GET', `/api/v1/tickets/${ticketId}/comments`, { as: org.owner.session })).json()
      .items as {
      id: string;
      bodyText: string;
      visibility: string;
      emailDelivery: { state: string } | null;
    }[];

  let customer: string;
  let ticketId: string;
  let number: number;
  let reply: SinkMessage;

  test('a new email ticket is acknowledged, marked as automatic mail', async () => {
    customer = `grace-${randomUUID().slice(0, 6)}@customer.example`;
    const opened = await deliver(
      rawMessage({
        from: `Grace Hopper <${customer}>`,
        to: support,
        subject: 'Printer on fire',
        text: 'Help me, the printer is on fire.',
        messageId: 'first@customer.example',
      }),
      support,
    );
    ticketId = opened.ticket_id ?? '';
    number = (await call(harness.app, 'GET', `/api/v1/tickets/${ticketId}`, { as: org.owner.session })).json()
      .number;
    const ack = await sink.waitFor((message) => message.envelope.to.includes(customer));
    assert.equal(ack.email.headers['auto-submitted'], 'auto-replied');
    assert.match(ack.email.subject, new RegExp(`\\[#${number}\\] We received your request: Printer on fire`));
    assert.match(ack.email.text, /Hello Grace,[\s\S]*Thank you for writing to Acme Support/);
    assert.equal(bare(ack.email.inReplyTo), 'first@customer.example');
  });

  test("an agent's public reply reaches the customer with threading headers; the internal note never does", async () => {
    const note = await comment(ticketId, {
      body: 'SECRET NOTE: the customer is the CEO',
      visibility: 'internal',
    });
    assert.equal(note.json().emailDelivery, null);
    const posted = await comment(ticketId, { body: 'Please pull the plug first.', visibility: 'public' });
    assert.equal(posted.statusCode, 201);
    assert.equal(posted.json().emailDelivery.state, 'queued');
    assert.deepEqual(posted.json().emailDelivery.recipients, [customer]);
    reply = await sink.waitFor((message) => message.email.text.includes('Please pull the plug'));

    const { email } = reply;
    assert.deepEqual(reply.envelope.to, [customer]);
    assert.equal(email.subject, `Re: [#${number}] Printer on fire`);
    assert.equal(email.from?.address, support.toLowerCase());
    assert.equal(email.from?.name, 'Acme Support');
    const token = new RegExp(`^ac${number}-[0-9a-f]{16}$`);
    assert.match(bare(email.messageId).split('.')[0] ?? '', token);
    const [local, domain] = support.split('@');
    const replyTo = email.replyTo[0]?.address ?? '';
    assert.match(replyTo, new RegExp(`^${local}\\+ac${number}-[0-9a-f]{16}@${domain}$`));
    assert.equal(email.references[0], '<first@customer.example>', 'the thread starts with the customer');
    assert.equal(email.references.length, 2, "the customer's message and our acknowledgement");
    assert.equal(email.inReplyTo, email.references.at(-1));
    assert.equal(email.headers['thread-topic'], 'Printer on fire');
    assert.ok(Buffer.from(email.headers['thread-index'] ?? '', 'base64').length >= 22);
    assert.match(email.text, /> Help me, the printer is on fire\./, 'the thread is quoted below');
    assert.match(email.html ?? '', /<blockquote[^>]*>[\s\S]*printer is on fire/);
    assert.equal(email.headers['auto-submitted'], undefined, 'a person wrote this one');

    const delivered = await waitDelivery(harness.db, org.organizationId, { commentId: posted.json().id });
    assert.equal(delivered.state, 'sent');
    const listed = await comments(ticketId);
    assert.equal(listed.find((c) => c.id === posted.json().id)?.emailDelivery?.state, 'sent');
    assert.equal(listed.find((c) => c.visibility === 'internal')?.emailDelivery, null);
    assert.ok(!sink.messages.some((message) => message.raw.toString().includes('SECRET NOTE')));
  });

  /** The customer's answer to our reply, as their client writes it (their own choice of headers). */
  const answer = (parts: { from?: string; subject?: string; text: string; headers: boolean; to?: string }) =>
    rawMessage({
      from: parts.from ?? customer,
      to: parts.to ?? reply.email.replyTo[0]?.address ?? '',
      subject: parts.subject ?? `Re: ${reply.email.subject}`,
      text: `${parts.text}\n\nOn Tuesday, Acme Support wrote:\n> Please pull the plug first.`,
      ...(parts.headers
        ? {
            inReplyTo: bare(reply.email.messageId),
            references: [...reply.email.references.map(bare), bare(reply.email.messageId)],
          }
        : {}),
    });

  test("the customer's reply to that email, with its headers, lands on the ticket", async () => {
    const row = await deliver(
      answer({ text: 'Done, it stopped burning.', headers: true }),
      reply.email.replyTo[0]?.address ?? '',
    );
    assert.equal(row.outcome, 'reply');
    assert.equal(row.ticket_id, ticketId);
  });

  test('without References or In-Reply-To, the +token address alone threads it (even for a colleague)', async () => {
    const colleague = `colleague-${randomUUID().slice(0, 6)}@customer.example`;
    const row = await deliver(
      answer({ from: colleague, text: 'I am the colleague.', headers: false }),
      reply.email.replyTo[0]?.address ?? '',
    );
    assert.equal(row.outcome, 'reply', 'a stranger could not thread by the subject tag: the token did it');
    assert.equal(row.ticket_id, ticketId);
  });

  test('a mangled subject and a rewritten Message-ID that still carries the token thread too', async () => {
    const token = bare(reply.email.messageId).split('.')[0];
    const raw = rawMessage({
      from: customer,
      to: support,
      subject: 'AW: WG: printer',
      text: 'Forwarded from Outlook.',
      inReplyTo: `${token}.rewritten-by-a-gateway@${support.split('@')[1]}`,
    });
    const row = await deliver(raw, support);
    assert.equal(row.outcome, 'reply');
    assert.equal(row.ticket_id, ticketId);
    const texts = (await comments(ticketId)).map((c) => c.bodyText);
    assert.ok(texts.some((text) => text.includes('Forwarded from Outlook')));
  });

  test('a forged token opens a ticket of its own', async () => {
    const [local, domain] = support.split('@');
    const forged = `${local}+ac${number}-0123456789abcdef@${domain}`;
    const stranger = `mallory-${randomUUID().slice(0, 6)}@evil.example`;
    const row = await deliver(
      rawMessage({ from: stranger, to: forged, subject: 'Printer on fire', text: 'Let me in.' }),
      forged,
    );
    assert.equal(row.outcome, 'new_ticket');
    assert.notEqual(row.ticket_id, ticketId);
  });

  test('a ticket an agent opens with a public first message emails it; one opened with a note does not', async () => {
    const requester = `phone-${randomUUID().slice(0, 6)}@customer.example`;
    const open = (subject: string, visibility: 'public' | 'internal') =>
      call(harness.app, 'POST', '/api/v1/tickets', {
        as: org.owner.session,
        body: {
          subject,
          requester: { email: requester },
          comment: { body: `${subject}: as discussed`, visibility },
        },
      });
    assert.equal((await open('Called about billing', 'public')).statusCode, 201);
    const sent = await sink.waitFor((message) =>
      message.email.text.includes('Called about billing: as discussed'),
    );
    assert.ok(sent.envelope.to.includes(requester));
    const noted = await open('Called about the outage', 'internal');
    assert.equal(noted.statusCode, 201);
    const [first] = await comments(noted.json().id);
    assert.equal(first?.emailDelivery, null);
    assert.ok(
      !sink.messages.some((message) =>
        message.raw.toString().includes('Called about the outage: as discussed'),
      ),
    );
  });
});
