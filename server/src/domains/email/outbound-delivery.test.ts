import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  call,
  createTestApp,
  signUpOrganization,
  type TestApp,
  type TestOrganization,
  uniqueEmail,
} from '../../test/test-app.ts';
import { acceptInboundEmail } from './accept-inbound-email.ts';
import { addSupportAddress, deliveryReport, waitProcessed } from './email-test-helpers.ts';
import { type SmtpSink, startSmtpSink, waitDelivery } from './outbound-test-helpers.ts';

type Harness = { harness: TestApp; org: TestOrganization; support: string };

async function setUp(env: Record<string, string>): Promise<Harness> {
  const harness = await createTestApp({ EMAIL_RETRY_SECONDS: '1', ...env });
  const org = await signUpOrganization(harness.app);
  return { harness, org, support: await addSupportAddress(harness.app, org) };
}

/** An agent's public reply on a fresh ticket. */
async function publicReply({ harness, org }: Harness): Promise<{ commentId: string; ticketId: string }> {
  const as = org.owner.session;
  const ticket = await call(harness.app, 'POST', '/api/v1/tickets', {
    as,
    body: { subject: 'Refund', requester: { email: uniqueEmail('customer') } },
  });
  const posted = await call(harness.app, 'POST', `/api/v1/tickets/${ticket.json().id}/comments`, {
    as,
    body: { body: 'Your refund is on its way.', visibility: 'public' },
  });
  assert.equal(posted.statusCode, 201);
  return { commentId: posted.json().id, ticketId: ticket.json().id };
}

describe('outbound email: delivery status', () => {
  let sink: SmtpSink;
  let relayed: Harness;

  before(async () => {
    sink = await startSmtpSink();
    relayed = await setUp({ SMTP_RELAY_URL: sink.url });
  });
  after(async () => {
    await relayed?.harness.close();
    await sink?.close();
  });

  test('a server that keeps saying "try later" is retried with backoff, then the reply is marked failed', async () => {
    sink.answer = { code: 451, message: '4.3.0 Mailbox busy, try later' };
    try {
      const { commentId } = await publicReply(relayed);
      const delivery = await waitDelivery(
        relayed.harness.db,
        relayed.org.organizationId,
        { commentId },
        60_000,
      );
      assert.equal(delivery.state, 'failed');
      assert.equal(delivery.attempts, 4, 'the first attempt and three retries');
      assert.match(delivery.error ?? '', /451/);
    } finally {
      sink.answer = null;
    }
  });

  test('a permanent refusal (5xx) fails at once, without retries', async () => {
    sink.answer = { code: 550, message: '5.1.1 No such user' };
    try {
      const { commentId } = await publicReply(relayed);
      const delivery = await waitDelivery(relayed.harness.db, relayed.org.organizationId, { commentId });
      assert.deepEqual([delivery.state, delivery.attempts], ['failed', 1]);
      assert.match(delivery.error ?? '', /550/);
    } finally {
      sink.answer = null;
    }
  });

  test('a bounce naming a sent reply marks its delivery failed; a delay notice does not', async () => {
    const { harness, org, support } = relayed;
    const { commentId, ticketId } = await publicReply(relayed);
    const sent = await waitDelivery(harness.db, org.organizationId, { commentId });
    assert.equal(sent.state, 'sent');
    const bounce = async (status: string) => {
      const raw = deliveryReport({
        to: support,
        originalMessageId: sent.message_id ?? '',
        recipient: 'gone@customer.example',
        status,
      });
      const accepted = await acceptInboundEmail(harness.app, {
        organizationId: org.organizationId,
        supportAddressId: null,
        raw,
        envelope: { via: 'smtp', from: '', to: [support], remoteAddress: null, helo: null },
      });
      return waitProcessed(harness.db, org.organizationId, accepted.id);
    };
    assert.equal((await bounce('4.4.1')).outcome, 'bounce');
    assert.equal((await waitDelivery(harness.db, org.organizationId, { commentId })).state, 'sent');
    assert.equal((await bounce('5.1.1')).outcome, 'bounce');
    const listed = await call(harness.app, 'GET', `/api/v1/tickets/${ticketId}/comments`, {
      as: org.owner.session,
    });
    const delivery = listed.json().items.find((c: { id: string }) => c.id === commentId).emailDelivery;
    assert.equal(delivery.state, 'failed');
    assert.match(delivery.error, /^Bounced: 5\.1\.1 gone@customer\.example/);
  });

  test('without any SMTP server the reply is recorded as not sent, with the reason', async () => {
    const bare = await setUp({});
    try {
      const { commentId } = await publicReply(bare);
      const delivery = await waitDelivery(bare.harness.db, bare.org.organizationId, { commentId });
      assert.equal(delivery.state, 'failed');
      assert.match(delivery.error ?? '', /No SMTP server: set SMTP_RELAY_URL/);
    } finally {
      await bare.harness.close();
    }
  });
});
