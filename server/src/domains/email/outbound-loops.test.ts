import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { withTenant } from '../../db/tenant.ts';
import type { TestApp, TestOrganization } from '../../test/test-app.ts';
import { rawMessage, sendSmtp } from './email-test-helpers.ts';
import { ACKNOWLEDGEMENTS_PER_HOUR } from './enqueue-email.ts';
import { type MailLoop, type SinkMessage, type SmtpSink, startMailLoop } from './outbound-test-helpers.ts';
import type { SmtpIntake } from './smtp-intake.ts';

/**
 * Our acknowledgements go to a test peer that answers every message it gets, through our own SMTP
 * intake: the conversation two auto-responders would have for ever unless one side stops.
 */
describe('outbound email: auto-reply ping-pong stops', () => {
  let harness: TestApp;
  let org: TestOrganization;
  let support: string;
  let smtp: SmtpIntake;
  let sink: SmtpSink;

  let loop: MailLoop;

  before(async () => {
    loop = await startMailLoop();
    ({ harness, org, support, smtp, sink } = loop);
  });
  after(() => loop?.close());

  const send = (raw: Buffer) => sendSmtp(smtp.port, { from: 'peer@customer.example', to: [support] }, raw);

  /** Waits until neither side has sent anything for a while, then answers what went each way. */
  const settle = async (peer: string) => {
    await sink.waitFor((message) => message.envelope.to.includes(peer));
    let seen = -1;
    for (;;) {
      const count = sink.messages.length + (await received(peer));
      if (count === seen) break;
      seen = count;
      await new Promise((resolve) => setTimeout(resolve, 3000));
    }
    return {
      sent: sink.messages.filter((message) => message.envelope.to.includes(peer)),
      received: await received(peer),
    };
  };
  const received = async (peer: string) => {
    const [row] = await withTenant(harness.db, org.organizationId, (tx) =>
      tx.query<{ count: number }>(
        'select count(*)::int as count from inbound_emails where organization_id = $1 and from_address = $2',
        [org.organizationId, peer],
      ),
    );
    return row?.count ?? 0;
  };

  test('an out-of-office responder that marks its replies (RFC 3834) gets one acknowledgement', async () => {
    const peer = `away-${randomUUID().slice(0, 6)}@customer.example`;
    sink.onMessage = async ({ email }: SinkMessage) => {
      await send(
        rawMessage({
          from: peer,
          to: support,
          subject: `Out of office: ${email.subject}`,
          text: 'I am away until Monday.',
          inReplyTo: (email.messageId ?? '').replace(/^<|>$/g, ''),
          headers: { 'Auto-Submitted': 'auto-replied' },
        }),
      );
    };
    await send(rawMessage({ from: peer, to: support, subject: 'Question', text: 'Is it open on Sunday?' }));
    const { sent, received: count } = await settle(peer);
    assert.equal(sent.length, 1, 'one acknowledgement, none for the auto-reply');
    assert.equal(count, 2, 'the question and one out-of-office notice');
  });

  test('a responder that hides what it is still gets at most the hourly acknowledgements', async () => {
    const peer = `bot-${randomUUID().slice(0, 6)}@customer.example`;
    // Each answer looks like a person's new message: no Auto-Submitted, no threading, a new subject.
    sink.onMessage = async () => {
      await send(
        rawMessage({ from: peer, to: support, subject: `Thanks ${randomUUID()}`, text: 'We got your mail.' }),
      );
    };
    await send(rawMessage({ from: peer, to: support, subject: 'Hello', text: 'First message' }));
    const { sent, received: count } = await settle(peer);
    assert.equal(sent.length, ACKNOWLEDGEMENTS_PER_HOUR);
    assert.equal(
      count,
      ACKNOWLEDGEMENTS_PER_HOUR + 1,
      'its last answer opened a ticket that was not acknowledged',
    );
    for (const message of sent) assert.equal(message.email.headers['auto-submitted'], 'auto-replied');
  });
});
