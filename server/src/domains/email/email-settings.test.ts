import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { withTenant } from '../../db/tenant.ts';
import {
  addAgent,
  assertError,
  call,
  createTestApp,
  signUpOrganization,
  type TestApp,
  type TestOrganization,
  uniqueEmail,
} from '../../test/test-app.ts';
import { acceptInboundEmail } from './accept-inbound-email.ts';
import { addSupportAddress, rawMessage, waitProcessed } from './email-test-helpers.ts';
import { type SmtpSink, startSmtpSink, waitDelivery } from './outbound-test-helpers.ts';
import { decryptPassword } from './smtp-password.ts';

describe('email settings and templates', () => {
  let harness: TestApp;
  let org: TestOrganization;
  let support: string;
  let ownServer: SmtpSink;
  const settingsUrl = '/api/v1/email/settings';

  before(async () => {
    ownServer = await startSmtpSink({ user: 'acme', pass: 'smtp-password-123' });
    harness = await createTestApp({ EMAIL_RETRY_SECONDS: '1' });
    org = await signUpOrganization(harness.app, 'Acme Support');
    support = await addSupportAddress(harness.app, org);
  });
  after(async () => {
    await harness?.close();
    await ownServer?.close();
  });

  const put = (url: string, body: unknown) => call(harness.app, 'PUT', url, { as: org.owner.session, body });
  const smtpSettings = (password?: string) => ({
    host: '127.0.0.1',
    port: ownServer.port,
    security: 'none',
    user: 'acme',
    ...(password === undefined ? {} : { password }),
  });

  /** An agent's public reply on a fresh ticket, and how its delivery ended. */
  const replyAndWait = async () => {
    const as = org.owner.session;
    const requester = uniqueEmail('customer');
    const ticket = await call(harness.app, 'POST', '/api/v1/tickets', {
      as,
      body: { subject: 'Invoice', requester: { email: requester } },
    });
    const posted = await call(harness.app, 'POST', `/api/v1/tickets/${ticket.json().id}/comments`, {
      as,
      body: { body: 'Here is your invoice.', visibility: 'public' },
    });
    const delivery = await waitDelivery(harness.db, org.organizationId, { commentId: posted.json().id });
    return { requester, delivery };
  };

  test('admins only; the defaults say there is no server to send with', async () => {
    const agent = await addAgent(harness.app, org, 'agent');
    assertError(await call(harness.app, 'GET', settingsUrl, { as: agent.session }), 403, 'forbidden');
    assertError(
      await call(harness.app, 'PUT', settingsUrl, { as: agent.session, body: { fromName: 'x' } }),
      403,
      'forbidden',
    );
    const settings = await call(harness.app, 'GET', settingsUrl, { as: org.owner.session });
    assert.deepEqual(settings.json(), {
      fromName: '',
      closedTicketReply: 'new_ticket',
      smtp: null,
      systemRelay: false,
    });
  });

  test("the organization's own SMTP server sends its mail, logged in with the stored password", async () => {
    const saved = await put(settingsUrl, {
      fromName: 'Acme Help Desk',
      smtp: smtpSettings('smtp-password-123'),
    });
    assert.equal(saved.statusCode, 200);
    assert.equal(saved.json().smtp.passwordSet, true);
    assert.doesNotMatch(saved.body, /smtp-password-123/);
    const read = await call(harness.app, 'GET', settingsUrl, { as: org.owner.session });
    assert.doesNotMatch(read.body, /smtp-password-123/);
    const [row] = await withTenant(harness.db, org.organizationId, (tx) =>
      tx.query<{ smtp_password_encrypted: string }>(
        'select smtp_password_encrypted from email_settings where organization_id = $1',
        [org.organizationId],
      ),
    );
    assert.doesNotMatch(row?.smtp_password_encrypted ?? '', /smtp-password-123/);
    assert.equal(
      decryptPassword(harness.config.secretKey, row?.smtp_password_encrypted ?? ''),
      'smtp-password-123',
    );

    const { requester, delivery } = await replyAndWait();
    assert.equal(delivery.state, 'sent');
    const message = await ownServer.waitFor((m) => m.envelope.to.includes(requester));
    assert.equal(message.email.from?.name, 'Acme Help Desk');
  });

  test('settings without a password keep the stored one; a wrong one fails the delivery at once', async () => {
    const kept = await put(settingsUrl, { smtp: smtpSettings() });
    assert.equal(kept.json().smtp.passwordSet, true);
    assert.equal((await replyAndWait()).delivery.state, 'sent');
    await put(settingsUrl, { smtp: smtpSettings('wrong') });
    const { delivery } = await replyAndWait();
    assert.deepEqual([delivery.state, delivery.attempts], ['failed', 1]);
    assert.match(delivery.error ?? '', /Invalid username or password/);
    const cleared = await put(settingsUrl, { smtp: null, closedTicketReply: 'ignore' });
    assert.deepEqual([cleared.json().smtp, cleared.json().closedTicketReply], [null, 'ignore']);
  });

  test('the acknowledgement template is checked like a canned response and used for new email tickets', async () => {
    const url = '/api/v1/email/templates/acknowledgement';
    const builtIn = await call(harness.app, 'GET', url, { as: org.owner.session });
    assert.equal(builtIn.json().isDefault, true);
    const typo = await put(url, { subject: 'Got it', body: 'Hi {{requester.nmae}}' });
    assertError(typo, 422, 'unprocessable');
    assert.equal(typo.json().error.details.reason, 'unknown_placeholder');
    const saved = await put(url, {
      subject: 'Ticket {{ticket.number}} received',
      body: 'Dear {{requester.name}}, {{organization.name}} has your message.',
    });
    assert.equal(saved.json().isDefault, false);

    const other = await signUpOrganization(harness.app, 'Other Org');
    assert.equal((await call(harness.app, 'GET', url, { as: other.owner.session })).json().isDefault, true);

    await put(settingsUrl, { smtp: smtpSettings('smtp-password-123') });
    const customer = uniqueEmail('writer');
    const accepted = await acceptInboundEmail(harness.app, {
      organizationId: org.organizationId,
      supportAddressId: null,
      raw: rawMessage({
        from: `Ada Lovelace <${customer}>`,
        to: support,
        subject: 'Engine',
        text: 'It stopped.',
      }),
      envelope: { via: 'http', from: null, to: [support], remoteAddress: null, helo: null },
    });
    await waitProcessed(harness.db, org.organizationId, accepted.id);
    const ack = await ownServer.waitFor((m) => m.envelope.to.includes(customer));
    assert.match(ack.email.subject, /^\[#\d+\] Ticket \d+ received$/);
    assert.match(ack.email.text, /Dear Ada Lovelace, Acme Support has your message\./);
  });
});
