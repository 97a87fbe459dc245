import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { call, type TestApp, type TestOrganization } from '../../test/test-app.ts';
import { rawMessage, sendSmtp, waitProcessed } from './email-test-helpers.ts';
import { type MailLoop, type SmtpSink, startMailLoop, waitDelivery } from './outbound-test-helpers.ts';
import type { SmtpIntake } from './smtp-intake.ts';

const customerAddress = (label: string) => `${label}-${randomUUID().slice(0, 6)}@customer.example`;

describe('CCs by email: copied people become CCs, and public replies copy them', () => {
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

  const deliver = async (raw: Buffer) => {
    const info = await sendSmtp(smtp.port, { from: 'bounces@customer.example', to: [support] }, raw);
    const id = /Stored as ([0-9a-f-]{36})/.exec(info.response)?.[1] ?? '';
    return waitProcessed(harness.db, org.organizationId, id);
  };
  const ccsOf = async (ticketId: string) =>
    (await call(harness.app, 'GET', `/api/v1/tickets/${ticketId}/ccs`, { as: org.owner.session })).json<{
      items: { id: string; email: string; name: string }[];
    }>().items;

  const requester = customerAddress('grace');
  const colleague = customerAddress('ada');
  const manager = customerAddress('boss');
  let ticketId: string;
  let number: number;

  test('a new email copying a colleague (To) and a manager (Cc) opens a ticket with both as CCs', async () => {
    const opened = await deliver(
      rawMessage({
        from: `Grace Hopper <${requester}>`,
        to: `${support}, Ada Lovelace <${colleague}>`,
        subject: 'Printer on fire',
        text: 'Help, the printer is on fire.',
        headers: { Cc: `${manager}, ${requester}, ${support.replace('@', '+old@')}` },
      }),
    );
    assert.equal(opened.outcome, 'new_ticket');
    ticketId = opened.ticket_id ?? '';
    number = (await call(harness.app, 'GET', `/api/v1/tickets/${ticketId}`, { as: org.owner.session })).json()
      .number;
    const ccs = await ccsOf(ticketId);
    assert.deepEqual(ccs.map((cc) => cc.email).sort(), [colleague, manager].sort());
    assert.equal(
      ccs.find((cc) => cc.email === colleague)?.name,
      'Ada Lovelace',
      'named as the header named her',
    );

    const ack = await sink.waitFor((message) => message.envelope.to.includes(requester));
    assert.deepEqual(ack.envelope.to, [requester], 'the acknowledgement goes to the requester alone');
    assert.deepEqual(ack.email.cc, []);
  });

  test("an agent's public reply goes to the requester with the CCs copied; an internal note goes nowhere", async () => {
    const note = await call(harness.app, 'POST', `/api/v1/tickets/${ticketId}/comments`, {
      as: org.owner.session,
      body: { body: 'SECRET NOTE: the manager is cross', visibility: 'internal' },
    });
    assert.equal(note.json().emailDelivery, null);
    const posted = await call(harness.app, 'POST', `/api/v1/tickets/${ticketId}/comments`, {
      as: org.owner.session,
      body: { body: 'Please pull the plug first.', visibility: 'public' },
    });
    assert.deepEqual(posted.json().emailDelivery.recipients.sort(), [requester, colleague, manager].sort());

    const reply = await sink.waitFor((message) => message.email.text.includes('Please pull the plug'));
    assert.deepEqual(
      reply.email.to.map((to) => to.address),
      [requester],
    );
    assert.deepEqual(reply.email.cc.map((cc) => cc.address).sort(), [colleague, manager].sort());
    assert.deepEqual(reply.envelope.to.sort(), [requester, colleague, manager].sort());
    const delivered = await waitDelivery(harness.db, org.organizationId, { commentId: posted.json().id });
    assert.equal(delivered.state, 'sent');
    assert.ok(!sink.messages.some((message) => message.raw.toString().includes('SECRET NOTE')));
  });

  test("a CC's reply threaded by the subject tag alone is that contact's comment, and adds who it copies", async () => {
    const newcomer = customerAddress('newcomer');
    const row = await deliver(
      rawMessage({
        from: colleague,
        to: support,
        subject: `Re: [#${number}] Printer on fire`,
        text: 'It is still smoking.',
        headers: { Cc: newcomer },
      }),
    );
    assert.equal(row.outcome, 'reply');
    assert.equal(row.ticket_id, ticketId);
    const colleagueId = (await ccsOf(ticketId)).find((cc) => cc.email === colleague)?.id;
    const comments = (
      await call(harness.app, 'GET', `/api/v1/tickets/${ticketId}/comments`, { as: org.owner.session })
    ).json().items as { authorType: string; authorId: string; visibility: string; bodyText: string }[];
    const posted = comments.find((comment) => comment.bodyText.includes('still smoking'));
    assert.equal(posted?.authorType, 'contact');
    assert.equal(posted?.authorId, colleagueId);
    assert.equal(posted?.visibility, 'public');
    assert.ok((await ccsOf(ticketId)).some((cc) => cc.email === newcomer));
  });

  test("a stranger's message with the subject tag copies nobody onto the ticket", async () => {
    const stranger = customerAddress('mallory');
    const row = await deliver(
      rawMessage({
        from: stranger,
        to: support,
        subject: `Re: [#${number}] Printer on fire`,
        text: 'Let me in.',
        headers: { Cc: customerAddress('accomplice') },
      }),
    );
    assert.equal(row.outcome, 'new_ticket', 'the tag alone does not let a stranger in');
    assert.ok(!(await ccsOf(ticketId)).some((cc) => cc.email.startsWith('accomplice')));
  });
});
