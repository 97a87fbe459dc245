import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { App } from '../../app.ts';
import {
  call,
  createLoggedApp,
  createTestApp,
  signInContact,
  signUpOrganization,
  type TestApp,
  type TestOrganization,
  uniqueEmail,
} from '../../test/test-app.ts';
import { addSupportAddress } from './email-test-helpers.ts';
import { type SmtpSink, startSmtpSink } from './outbound-test-helpers.ts';

const tokenIn = (text: string) => /#token=([^\s]+)/.exec(text)?.[1] ?? '';

describe('one-time links by email: portal sign-in, password reset, invitation', () => {
  let harness: TestApp;
  let sink: SmtpSink;
  let org: TestOrganization;
  let logged: { app: App; lines: Record<string, unknown>[] };

  before(async () => {
    sink = await startSmtpSink();
    harness = await createTestApp({ SMTP_RELAY_URL: sink.url });
    org = await signUpOrganization(harness.app, 'Acme Support');
    await addSupportAddress(harness.app, org);
    logged = await createLoggedApp(harness);
  });
  after(async () => {
    await logged?.app.close();
    await harness?.close();
    await sink?.close();
  });

  const mailTo = (address: string, subject: RegExp) =>
    sink.waitFor((message) => message.envelope.to.includes(address) && subject.test(message.email.subject));
  const loggedLinks = () => logged.lines.filter((line) => 'signInUrl' in line || 'passwordResetUrl' in line);

  test('a customer asking for a sign-in link gets it by email, and it signs them in once', async () => {
    const customer = await signInContact(harness.app, org);
    const asked = await call(logged.app, 'POST', '/api/v1/portal/sign-in-links', {
      body: { organization: org.slug, email: customer.email },
    });
    assert.equal(asked.statusCode, 202, asked.body);
    const mail = await mailTo(customer.email, /Sign in to Acme Support support/);
    assert.equal(mail.email.headers['auto-submitted'], 'auto-generated');
    assert.match(
      mail.email.text,
      new RegExp(`${harness.config.publicUrl}/portal/${org.slug}/sign-in#token=`),
    );
    const token = tokenIn(mail.email.text);
    const first = await call(harness.app, 'POST', '/api/v1/portal/sessions', { body: { token } });
    assert.equal(first.statusCode, 201, first.body);
    const again = await call(harness.app, 'POST', '/api/v1/portal/sessions', { body: { token } });
    assert.equal(again.statusCode, 401);
    assert.deepEqual(loggedLinks(), [], 'an emailed link is not also written to the log');
  });

  test('an invited agent gets the invitation by email; the admin is told so', async () => {
    const invitee = uniqueEmail('invitee');
    const invited = await call(harness.app, 'POST', '/api/v1/invitations', {
      as: org.owner.session,
      body: { email: invitee, role: 'agent' },
    });
    assert.equal(invited.statusCode, 201, invited.body);
    assert.equal(invited.json().emailed, true);
    const mail = await mailTo(invitee, /invited to answer Acme Support's customers/);
    assert.equal(tokenIn(mail.email.text), encodeURIComponent(invited.json().token));
  });

  test('an agent who forgot their password gets the reset link by email', async () => {
    const asked = await call(logged.app, 'POST', '/api/v1/auth/password-resets', {
      body: { email: org.owner.email },
    });
    assert.equal(asked.statusCode, 202, asked.body);
    const mail = await mailTo(org.owner.email, /Reset your Acme Support password/);
    const completed = await call(harness.app, 'POST', '/api/v1/auth/password-resets/complete', {
      body: { token: tokenIn(mail.email.text), password: 'a brand new password 42' },
    });
    assert.equal(completed.statusCode, 204, completed.body);
    const signedIn = await call(harness.app, 'POST', '/api/v1/auth/login', {
      body: { email: org.owner.email, password: 'a brand new password 42' },
    });
    assert.equal(signedIn.statusCode, 200, signedIn.body);
    assert.deepEqual(loggedLinks(), []);
  });

  test('an organization that cannot send mail (no support address) gets the link in the log instead', async () => {
    const bare = await signUpOrganization(harness.app, 'No Mail Yet');
    const customer = await signInContact(harness.app, bare);
    const asked = await call(logged.app, 'POST', '/api/v1/portal/sign-in-links', {
      body: { organization: bare.slug, email: customer.email },
    });
    assert.equal(asked.statusCode, 202);
    assert.equal(loggedLinks().length, 1);
    const invited = await call(harness.app, 'POST', '/api/v1/invitations', {
      as: bare.owner.session,
      body: { email: uniqueEmail('invitee'), role: 'agent' },
    });
    assert.equal(invited.json().emailed, false);
  });
});
