import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import {
  call,
  createTestApp,
  signUpOrganization,
  type TestApp,
  type TestOrganization,
} from '../../test/test-app.ts';
import { addSupportAddress, rawMessage, sendSmtp, waitProcessed } from './email-test-helpers.ts';
import { type SmtpIntake, startSmtpIntake } from './smtp-intake.ts';

const storedId = (response: string) => {
  const id = /Stored as ([0-9a-f-]{36})/.exec(response)?.[1];
  if (!id) throw new Error(`no id in the SMTP answer: ${response}`);
  return id;
};

describe('email intake: SMTP and HTTP into tickets', () => {
  let harness: TestApp;
  let org: TestOrganization;
  let support: string;
  let smtp: SmtpIntake;

  before(async () => {
    harness = await createTestApp();
    org = await signUpOrganization(harness.app);
    support = await addSupportAddress(harness.app, org);
    smtp = await startSmtpIntake(harness.app, {
      port: 0,
      host: '127.0.0.1',
      tls: null,
      maxBytes: 200_000,
      logger: harness.app.log,
    });
  });
  after(async () => {
    await smtp?.close();
    await harness.close();
  });

  const deliver = async (raw: Buffer, to = support) => {
    const info = await sendSmtp(smtp.port, { from: 'sender@customer.example', to: [to] }, raw);
    return waitProcessed(harness.db, org.organizationId, storedId(info.response));
  };
  const ticket = async (id: string) =>
    (await call(harness.app, 'GET', `/api/v1/tickets/${id}`, { as: org.owner.session })).json();
  const comments = async (id: string) =>
    (await call(harness.app, 'GET', `/api/v1/tickets/${id}/comments`, { as: org.owner.session })).json()
      .items as { bodyText: string; authorType: string }[];

  test('a new message opens an email ticket for its sender, created as a contact', async () => {
    const from = `Grace Hopper <grace-${randomUUID().slice(0, 6)}@customer.example>`;
    const row = await deliver(
      rawMessage({ from, to: support, subject: 'Cannot log in', text: 'Help me please.' }),
    );
    assert.equal(row.state, 'processed');
    assert.equal(row.outcome, 'new_ticket');
    assert.ok(row.ticket_id);
    const opened = await ticket(row.ticket_id);
    assert.equal(opened.subject, 'Cannot log in');
    assert.equal(opened.source, 'email');
    const [first] = await comments(row.ticket_id);
    assert.match(first?.bodyText ?? '', /Help me please/);
    assert.equal(first?.authorType, 'contact');
  });

  test('a reply is threaded by In-Reply-To, and by References when that is missing', async () => {
    const from = `ada-${randomUUID().slice(0, 6)}@customer.example`;
    const original = `${randomUUID()}@customer.example`;
    const opened = await deliver(
      rawMessage({ from, to: support, subject: 'Printer', text: 'It jams.', messageId: original }),
    );
    const reply = await deliver(
      rawMessage({ from, to: support, subject: 'Re: Printer', text: 'Still jams.', inReplyTo: original }),
    );
    assert.equal(reply.outcome, 'reply');
    assert.equal(reply.ticket_id, opened.ticket_id);
    const second = `${randomUUID()}@customer.example`;
    const viaReferences = await deliver(
      rawMessage({
        from,
        to: support,
        subject: 'Printer?',
        text: 'Hello?',
        messageId: second,
        references: [original],
      }),
    );
    assert.equal(viaReferences.ticket_id, opened.ticket_id);
    assert.equal((await comments(opened.ticket_id ?? '')).length, 3);
  });

  test('the same message twice makes one comment: same bytes, or same Message-ID', async () => {
    const from = `twice-${randomUUID().slice(0, 6)}@customer.example`;
    const messageId = `${randomUUID()}@customer.example`;
    const raw = rawMessage({ from, to: support, subject: 'Twice', text: 'Once only', messageId });
    const first = await deliver(raw);
    const again = await sendSmtp(smtp.port, { from, to: [support] }, raw);
    assert.equal(storedId(again.response), first.id, 'identical bytes are the stored message');
    const resent = await deliver(
      rawMessage({ from, to: support, subject: 'Twice', text: 'Once only (resent)', messageId }),
    );
    assert.equal(resent.state, 'duplicate');
    assert.equal((await comments(first.ticket_id ?? '')).length, 1);
  });

  test('a subject tag threads only for the requester; a stranger guessing it opens a new ticket', async () => {
    const requester = `owner-${randomUUID().slice(0, 6)}@customer.example`;
    const opened = await deliver(
      rawMessage({ from: requester, to: support, subject: 'Billing', text: 'Invoice?' }),
    );
    const { number } = await ticket(opened.ticket_id ?? '');
    const tagged = `Re: [#${number}] Billing`;
    const fromRequester = await deliver(
      rawMessage({ from: requester, to: support, subject: tagged, text: 'Any news?' }),
    );
    assert.equal(fromRequester.ticket_id, opened.ticket_id);
    const stranger = await deliver(
      rawMessage({ from: 'mallory@evil.example', to: support, subject: tagged, text: 'Let me in' }),
    );
    assert.equal(stranger.outcome, 'new_ticket');
    assert.notEqual(stranger.ticket_id, opened.ticket_id);
  });

  test('a reply to a closed ticket opens a new ticket', async () => {
    const from = `closed-${randomUUID().slice(0, 6)}@customer.example`;
    const messageId = `${randomUUID()}@customer.example`;
    const opened = await deliver(
      rawMessage({ from, to: support, subject: 'Old', text: 'Old issue', messageId }),
    );
    const statuses = (
      await call(harness.app, 'GET', '/api/v1/ticket-statuses', { as: org.owner.session })
    ).json().items as { id: string; category: string }[];
    const closed = statuses.find((status) => status.category === 'closed');
    const closing = await call(harness.app, 'PATCH', `/api/v1/tickets/${opened.ticket_id}`, {
      as: org.owner.session,
      body: { statusId: closed?.id, version: (await ticket(opened.ticket_id ?? '')).version },
    });
    assert.equal(closing.statusCode, 200, closing.body);
    const reply = await deliver(
      rawMessage({ from, to: support, subject: 'Re: Old', text: 'It is back', inReplyTo: messageId }),
    );
    assert.equal(reply.outcome, 'follow_up');
    assert.notEqual(reply.ticket_id, opened.ticket_id);
  });

  const swaks = '/usr/bin/swaks';
  if (!existsSync(swaks))
    console.log(`\n  ⚠ ${swaks} is missing (apt-get install -y swaks): its conversation is skipped\n`);
  test('swaks, a different SMTP client, delivers too', { skip: !existsSync(swaks) }, async () => {
    const subject = `From swaks ${randomUUID().slice(0, 6)}`;
    // Asynchronously: our SMTP server runs in this very process and must keep answering.
    const { stdout } = await promisify(execFile)(swaks, [
      '--server',
      `127.0.0.1:${smtp.port}`,
      '--from',
      'swaks@customer.example',
      '--to',
      support,
      '--header',
      `Subject: ${subject}`,
      '--body',
      'Sent by swaks.',
    ]);
    const id = storedId(stdout);
    const row = await waitProcessed(harness.db, org.organizationId, id);
    assert.equal((await ticket(row.ticket_id ?? '')).subject, subject);
  });

  test('unknown recipients are refused at RCPT time; too big a message is refused', async () => {
    const raw = rawMessage({
      from: 'a@customer.example',
      to: 'nobody@help.example.test',
      subject: 'x',
      text: 'x',
    });
    await assert.rejects(
      sendSmtp(smtp.port, { from: 'a@customer.example', to: ['nobody@help.example.test'] }, raw),
      (error: { responseCode?: number }) => error.responseCode === 550,
    );
    const big = rawMessage({
      from: 'a@customer.example',
      to: support,
      subject: 'big',
      text: 'x'.repeat(300_000),
    });
    await assert.rejects(
      sendSmtp(smtp.port, { from: 'a@customer.example', to: [support] }, big),
      (error: { responseCode?: number }) => error.responseCode === 552,
    );
  });

  test('the HTTP intake takes a raw message with the organization secret only', async () => {
    const raw = rawMessage({
      from: 'webhook@customer.example',
      to: support,
      subject: 'Via webhook',
      text: 'Hi',
    });
    const send = (authorization?: string) =>
      harness.app.inject({
        method: 'POST',
        url: '/api/v1/inbound-email',
        headers: { 'content-type': 'message/rfc822', ...(authorization ? { authorization } : {}) },
        payload: raw,
      });
    assert.equal((await send()).statusCode, 401);
    assert.equal((await send('Bearer acin_nope')).statusCode, 401);
    const created = await call(harness.app, 'POST', '/api/v1/email/inbound-secret', {
      as: org.owner.session,
    });
    assert.equal(created.statusCode, 201);
    const accepted = await send(`Bearer ${created.json().secret}`);
    assert.equal(accepted.statusCode, 202, accepted.body);
    const row = await waitProcessed(harness.db, org.organizationId, accepted.json().id);
    assert.equal(row.outcome, 'new_ticket');
  });
});
