import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { withTenant } from '../../db/tenant.ts';
import {
  addAgent,
  call,
  createTestApp,
  type PortalCredentials,
  signInContact,
  signUpOrganization,
  type TestApp,
  type TestOrganization,
} from '../../test/test-app.ts';
import { acceptInboundEmail } from './accept-inbound-email.ts';
import {
  addSupportAddress,
  dnsTable,
  processingDeps,
  rawMessage,
  waitProcessed,
} from './email-test-helpers.ts';
import { type SinkMessage, type SmtpSink, startSmtpSink } from './outbound-test-helpers.ts';
import { processInboundEmail } from './process-inbound-email.ts';
import { replyTokenKey } from './reply-token.ts';
import { sendTicketEmail } from './send-ticket-email.ts';

const AGENT_MAIL_IP = '192.0.2.20';
// Agents' addresses are at example.test (see uniqueEmail): its SPF lets one IP send, DMARC rejects the rest.
const DNS: Record<string, string[][]> = {
  'TXT example.test': [[`v=spf1 ip4:${AGENT_MAIL_IP} -all`]],
  'TXT _dmarc.example.test': [['v=DMARC1; p=reject']],
};
const resolver = dnsTable(DNS);

type Session = { cookie: string; csrfToken: string };
const bare = (id: string | null | undefined) => (id ?? '').replace(/^<|>$/g, '');

describe('agent notification emails, and agents answering them by email', () => {
  let harness: TestApp;
  let org: TestOrganization;
  let support: string;
  let sink: SmtpSink;
  let agent: { id: string; email: string; session: Session };
  let customer: { id: string; email: string; session: PortalCredentials };
  let ticketId: string;

  before(async () => {
    sink = await startSmtpSink();
    // No workers: this test sends and processes each job itself, so processing can use the DNS above.
    harness = await createTestApp({ JOB_WORKERS: 'false' });
    org = await signUpOrganization(harness.app, 'Acme Support');
    support = await addSupportAddress(harness.app, org);
    agent = await addAgent(harness.app, org, 'agent');
    customer = await signInContact(harness.app, org);
    const created = await call(harness.app, 'POST', '/api/v1/tickets', {
      as: org.owner.session,
      body: {
        subject: 'Cannot log in',
        requesterId: customer.id,
        comment: { body: 'Phoned in', visibility: 'internal' },
      },
    });
    ticketId = created.json().id;
  });
  after(async () => {
    await harness?.close();
    await sink?.close();
  });

  /** Sends every queued message of the organization through the sink, as the send worker would. */
  const sendQueued = async () => {
    const queued = await withTenant(harness.db, org.organizationId, (tx) =>
      tx.query<{ id: string }>(
        `select id from email_deliveries where organization_id = $1 and state = 'queued' order by created_at`,
        [org.organizationId],
      ),
    );
    const deps = {
      db: harness.db,
      logger: harness.app.log,
      secretKey: harness.config.secretKey,
      replyTokenKey: replyTokenKey(harness.config.secretKey),
      smtpRelayUrl: sink.url,
      publicUrl: harness.config.publicUrl,
    };
    for (const { id } of queued) {
      await sendTicketEmail(deps, { organizationId: org.organizationId, deliveryId: id }, true);
    }
    return queued.length;
  };
  const mailTo = (address: string, subject: RegExp) =>
    sink.waitFor((message) => message.envelope.to.includes(address) && subject.test(message.email.subject));
  const patch = async (changes: Record<string, unknown>, as: Session = org.owner.session) => {
    const current = (await call(harness.app, 'GET', `/api/v1/tickets/${ticketId}`, { as })).json();
    const response = await call(harness.app, 'PATCH', `/api/v1/tickets/${ticketId}`, {
      as,
      body: { ...changes, version: current.version },
    });
    assert.equal(response.statusCode, 200, response.body);
  };
  const receive = async (raw: Buffer, from: string, ip: string) => {
    const accepted = await acceptInboundEmail(harness.app, {
      organizationId: org.organizationId,
      supportAddressId: null,
      raw,
      envelope: { via: 'smtp', from, to: [support], remoteAddress: ip, helo: 'mail.example.test' },
    });
    await processInboundEmail(processingDeps(harness, resolver), {
      organizationId: org.organizationId,
      inboundEmailId: accepted.id,
    });
    return waitProcessed(harness.db, org.organizationId, accepted.id);
  };
  const comments = async () =>
    (await call(harness.app, 'GET', `/api/v1/tickets/${ticketId}/comments`, { as: org.owner.session })).json()
      .items as { authorType: string; authorId: string; visibility: string; bodyText: string }[];

  let assigned: SinkMessage;

  test('assigning a ticket to an agent emails them, marked as automatic mail; assigning yourself does not', async () => {
    await patch({ assigneeId: org.owner.id });
    await patch({ assigneeId: agent.id });
    assert.equal(await sendQueued(), 1, 'one notification: none for the owner assigning themselves');
    assigned = await mailTo(agent.email, /Assigned to you: Cannot log in/);
    assert.match(assigned.email.subject, /\[#\d+\]/);
    assert.equal(assigned.email.headers['auto-submitted'], 'auto-generated');
    assert.match(assigned.email.text, /Olive Owner assigned ticket #\d+ from Casey Customer/);
    assert.match(assigned.email.text, new RegExp(`${harness.config.publicUrl}/tickets/${ticketId}`));
    assert.equal(sink.messages.filter((message) => message.envelope.to.includes(customer.email)).length, 0);
  });

  test('an internal note mentioning an agent emails them the note; the customer gets nothing', async () => {
    const note = `Can you check the SSO logs? @${agent.email}`;
    await call(harness.app, 'POST', `/api/v1/tickets/${ticketId}/comments`, {
      as: org.owner.session,
      body: { body: note, visibility: 'internal' },
    });
    await sendQueued();
    const mention = await mailTo(agent.email, /Olive Owner mentioned you/);
    assert.match(mention.email.text, /Can you check the SSO logs\?/);
    assert.equal(sink.messages.filter((message) => message.envelope.to.includes(customer.email)).length, 0);
  });

  test('a customer reply in the portal emails the assignee', async () => {
    const reply = await call(harness.app, 'POST', `/api/v1/portal/tickets/${ticketId}/comments`, {
      as: customer.session,
      body: { body: 'It still says my session expired.' },
    });
    assert.equal(reply.statusCode, 201, reply.body);
    await sendQueued();
    const replied = await mailTo(agent.email, /Casey Customer replied: Cannot log in/);
    assert.match(replied.email.text, /It still says my session expired\./);
  });

  test("the agent's verified emailed answer becomes their public reply and reaches the customer", async () => {
    const notification = await mailTo(agent.email, /Casey Customer replied/);
    const answer = rawMessage({
      from: agent.email,
      to: notification.email.replyTo?.[0]?.address ?? support,
      subject: `Re: ${notification.email.subject}`,
      text: `Please clear your cookies and try again.\n\nOn Tue, Acme Support wrote:\n> ${notification.email.text.split('\n').join('\n> ')}`,
      inReplyTo: bare(notification.email.messageId),
      messageId: 'agent-answer-1@example.test',
    });
    const processed = await receive(answer, agent.email, AGENT_MAIL_IP);
    assert.equal(processed.outcome, 'agent_reply');
    assert.equal(processed.ticket_id, ticketId);
    const last = (await comments()).at(-1);
    assert.equal(last?.authorType, 'agent');
    assert.equal(last?.authorId, agent.id);
    assert.equal(last?.visibility, 'public');
    assert.equal(last?.bodyText, 'Please clear your cookies and try again.');
    await sendQueued();
    const toCustomer = await mailTo(customer.email, /Cannot log in/);
    assert.match(toCustomer.email.text, /^Please clear your cookies and try again\./);
    assert.doesNotMatch(toCustomer.email.text, /SSO logs|mentioned you|Open the ticket/);
  });

  test("an agent's answer that fails DMARC is held, and posted once an admin releases it", async () => {
    const notification = await mailTo(agent.email, /Assigned to you/);
    const forged = rawMessage({
      from: agent.email,
      to: support,
      subject: `Re: ${notification.email.subject}`,
      text: 'Refund approved, send me your card number.',
      inReplyTo: bare(notification.email.messageId),
      messageId: 'forged-1@elsewhere.example',
    });
    const held = await receive(forged, agent.email, '203.0.113.66');
    assert.equal(held.state, 'quarantined');
    assert.equal(held.outcome, 'agent_unverified');
    assert.equal(
      (await comments()).some((comment) => comment.bodyText.includes('Refund approved')),
      false,
    );

    const released = await call(harness.app, 'POST', `/api/v1/inbound-emails/${held.id}/release`, {
      as: org.owner.session,
    });
    assert.equal(released.statusCode, 202, released.body);
    await processInboundEmail(processingDeps(harness, resolver), {
      organizationId: org.organizationId,
      inboundEmailId: held.id,
    });
    const after = await waitProcessed(harness.db, org.organizationId, held.id);
    assert.equal(after.outcome, 'agent_reply');
  });

  test('notification templates are per organization, with their own placeholders', async () => {
    const saved = await call(harness.app, 'PUT', '/api/v1/email/templates/assigned', {
      as: org.owner.session,
      body: { subject: 'Yours now: #{{ticket.number}}', body: 'Hi {{agent.first_name}}, see {{ticket.url}}' },
    });
    assert.equal(saved.statusCode, 200, saved.body);
    assert.ok(saved.json().placeholders.includes('ticket.url'));
    const unknown = await call(harness.app, 'PUT', '/api/v1/email/templates/acknowledgement', {
      as: org.owner.session,
      body: { subject: 'Hi', body: 'See {{ticket.url}}' },
    });
    assert.equal(unknown.statusCode, 422, 'customers never get the agent console link');

    await patch({ assigneeId: org.owner.id });
    await patch({ assigneeId: agent.id });
    await sendQueued();
    const custom = await mailTo(agent.email, /Yours now: #\d+/);
    assert.match(
      custom.email.text,
      new RegExp(`^Hi agent, see ${harness.config.publicUrl}/tickets/${ticketId}`),
    );
  });
});
