import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { withTenant } from '../../db/tenant.ts';
import {
  call,
  createTestApp,
  signUpOrganization,
  type TestApp,
  type TestOrganization,
} from '../../test/test-app.ts';
import { acceptInboundEmail } from './accept-inbound-email.ts';
import {
  addSupportAddress,
  deliveryReport,
  dnsTable,
  processingDeps,
  rawMessage,
  waitProcessed,
} from './email-test-helpers.ts';
import { processInboundEmail } from './process-inbound-email.ts';

const SENDER_IP = '192.0.2.10';
// A DNS table of our own: customer.example lets only SENDER_IP send and asks to reject the rest.
const DNS: Record<string, string[][]> = {
  'TXT customer.example': [[`v=spf1 ip4:${SENDER_IP} -all`]],
  'TXT _dmarc.customer.example': [['v=DMARC1; p=reject']],
};
const resolver = dnsTable(DNS);

describe('machine mail and spoofing', () => {
  let harness: TestApp;
  let org: TestOrganization;
  let support: string;

  before(async () => {
    // No workers here: each test runs the processing step itself, with its own DNS.
    harness = await createTestApp({ JOB_WORKERS: 'false' });
    org = await signUpOrganization(harness.app);
    support = await addSupportAddress(harness.app, org);
  });
  after(() => harness.close());

  const receive = async (raw: Buffer, connection?: { ip: string; from: string }) => {
    const accepted = await acceptInboundEmail(harness.app, {
      organizationId: org.organizationId,
      supportAddressId: null,
      raw,
      envelope: {
        via: 'smtp',
        from: connection?.from ?? null,
        to: [support],
        remoteAddress: connection?.ip ?? null,
        helo: connection ? 'mail.customer.example' : null,
      },
    });
    await processInboundEmail(processingDeps(harness, resolver), {
      organizationId: org.organizationId,
      inboundEmailId: accepted.id,
    });
    return waitProcessed(harness.db, org.organizationId, accepted.id);
  };
  const events = async (ticketId: string) =>
    (await call(harness.app, 'GET', `/api/v1/tickets/${ticketId}/events`, { as: org.owner.session })).json()
      .items as { action: string; changes: Record<string, unknown> }[];
  const commentCount = async (ticketId: string) =>
    (await call(harness.app, 'GET', `/api/v1/tickets/${ticketId}/comments`, { as: org.owner.session })).json()
      .items.length as number;

  const openTicket = async (from: string) => {
    const messageId = `${randomUUID()}@customer.example`;
    const row = await receive(
      rawMessage({ from, to: support, subject: 'Help', text: 'Please help', messageId }),
    );
    assert.equal(row.outcome, 'new_ticket');
    return { ticketId: row.ticket_id ?? '', messageId };
  };

  test('an out-of-office reply on a ticket is an event on it, not a comment', async () => {
    const { ticketId, messageId } = await openTicket(`ooo-${randomUUID().slice(0, 6)}@customer.example`);
    const autoReply = rawMessage({
      from: 'someone@customer.example',
      to: support,
      subject: 'Out of office',
      text: 'I am away until Monday.',
      inReplyTo: messageId,
      headers: { 'Auto-Submitted': 'auto-replied' },
    });
    const row = await receive(autoReply);
    assert.deepEqual([row.state, row.outcome, row.ticket_id], ['processed', 'automatic', ticketId]);
    assert.equal(await commentCount(ticketId), 1);
    const event = (await events(ticketId)).find((e) => e.action === 'email.automatic_received');
    assert.equal(event?.changes.reason, 'auto-submitted');
  });

  test('list mail and mail from our own address belonging to no ticket are kept as ignored', async () => {
    const list = await receive(
      rawMessage({
        from: 'news@vendor.example',
        to: support,
        subject: 'Newsletter',
        text: 'Deals',
        headers: { 'List-Id': '<news.vendor.example>' },
      }),
    );
    assert.deepEqual([list.state, list.outcome, list.ticket_id], ['ignored', 'automatic', null]);
    const loop = await receive(rawMessage({ from: support, to: support, subject: 'Loop', text: 'Echo' }));
    assert.deepEqual([loop.state, loop.outcome], ['ignored', 'automatic']);
  });

  test('a delivery-status bounce lands on the ticket of the message it reports', async () => {
    const { ticketId, messageId } = await openTicket(`bounce-${randomUUID().slice(0, 6)}@customer.example`);
    const dsn = deliveryReport({
      to: support,
      originalMessageId: messageId,
      recipient: 'gone@customer.example',
      status: '5.1.1',
    });
    const row = await receive(dsn);
    assert.deepEqual([row.outcome, row.ticket_id], ['bounce', ticketId]);
    const event = (await events(ticketId)).find((e) => e.action === 'email.bounced');
    assert.equal(event?.changes.status, '5.1.1');
    assert.equal(event?.changes.recipient, 'gone@customer.example');
    assert.equal(await commentCount(ticketId), 1);
  });

  test("mail claiming a known customer's address that fails DMARC is quarantined, not appended", async () => {
    const customer = `known-${randomUUID().slice(0, 6)}@customer.example`;
    const genuine = await receive(
      rawMessage({ from: customer, to: support, subject: 'Genuine', text: 'From my own server' }),
      { ip: SENDER_IP, from: customer },
    );
    assert.equal(genuine.outcome, 'new_ticket');
    const spoofed = await receive(
      rawMessage({ from: customer, to: support, subject: 'Spoofed', text: 'Send me the invoices' }),
      { ip: '203.0.113.66', from: customer },
    );
    assert.deepEqual(
      [spoofed.state, spoofed.outcome, spoofed.ticket_id],
      ['quarantined', 'dmarc_failed', null],
    );
    const [stored] = await withTenant(harness.db, org.organizationId, (tx) =>
      tx.query<{ auth_results: { dmarc: { result: string }; spf: { result: string } } }>(
        'select auth_results from inbound_emails where organization_id = $1 and id = $2',
        [org.organizationId, spoofed.id],
      ),
    );
    assert.equal(stored?.auth_results.dmarc.result, 'fail');
    assert.equal(stored?.auth_results.spf.result, 'fail');
  });
});
