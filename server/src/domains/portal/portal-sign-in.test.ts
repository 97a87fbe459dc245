import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { App } from '../../app.ts';
import { withTenant } from '../../db/tenant.ts';
import {
  assertError,
  call,
  createLoggedApp,
  createTestApp,
  PASSWORD,
  type PortalCredentials,
  signInContact,
  signUpOrganization,
  type TestApp,
  type TestOrganization,
  uniqueEmail,
} from '../../test/test-app.ts';

const NEW_PASSWORD = 'a much longer customer passphrase';

describe('portal sign-in by password and by requested link', () => {
  let harness: TestApp;
  // The same application and database, logging to lines the tests can read.
  let logged: App;
  let lines: Record<string, unknown>[] = [];
  let org: TestOrganization;

  const logIn = (body: Record<string, unknown>, app: App = harness.app) =>
    call(app, 'POST', '/api/v1/portal/login', { body });
  const setPassword = (as: PortalCredentials, body: Record<string, unknown>) =>
    call(harness.app, 'PUT', '/api/v1/portal/password', { as, body });
  const portalSession = (response: { cookies: { name: string; value: string }[]; json(): unknown }) => {
    const portalCookie = response.cookies.find((cookie) => cookie.name === 'ac_portal')?.value ?? '';
    return { portalCookie, csrfToken: (response.json() as { csrfToken: string }).csrfToken };
  };
  const linksOf = (contactId: string) =>
    withTenant(harness.db, org.organizationId, (tx) =>
      tx.query<{ id: string }>(
        'select id from contact_sign_in_tokens where organization_id = $1 and contact_id = $2',
        [org.organizationId, contactId],
      ),
    );

  before(async () => {
    // Three wrong passwords lock an account here, to keep the lockout test short.
    harness = await createTestApp({ LOGIN_MAX_ATTEMPTS: '3' });
    ({ app: logged, lines } = await createLoggedApp(harness));
    org = await signUpOrganization(harness.app);
  });
  after(async () => {
    await logged.close();
    await harness.close();
  });

  test('a customer chooses a password, then signs in with it like with a link', async () => {
    const customer = await signInContact(harness.app, org);
    const body = { organization: org.slug, email: customer.email, password: NEW_PASSWORD };
    assertError(await logIn(body), 401, 'invalid_credentials');
    const before = await call(harness.app, 'GET', '/api/v1/portal/me', { as: customer.session });
    assert.equal(before.json().contact.hasPassword, false);
    assert.equal((await setPassword(customer.session, { newPassword: NEW_PASSWORD })).statusCode, 204);

    const signedIn = await logIn({ ...body, email: customer.email.toUpperCase() });
    assert.equal(signedIn.statusCode, 200, signedIn.body);
    assert.equal(signedIn.json().contact.id, customer.id);
    assert.equal(signedIn.json().organization.id, org.organizationId);
    assert.ok(signedIn.json().csrfToken);
    const cookie = signedIn.cookies.find((c) => c.name === 'ac_portal');
    assert.equal(cookie?.httpOnly, true);
    assert.equal(signedIn.json().organization.slug, org.slug);
    const me = await call(harness.app, 'GET', '/api/v1/portal/me', { as: portalSession(signedIn) });
    assert.equal(me.json().contact.email, customer.email);
    assert.equal(me.json().contact.hasPassword, true);
    assert.equal(me.json().organization.slug, org.slug);
    // A page reloaded in a new tab has only the cookie: /me hands back the session's CSRF token.
    const reloaded = { portalCookie: portalSession(signedIn).portalCookie, csrfToken: me.json().csrfToken };
    assert.equal(reloaded.csrfToken, signedIn.json().csrfToken);
    const opened = await call(harness.app, 'POST', '/api/v1/portal/tickets', {
      as: reloaded,
      body: { subject: 'After a reload', body: 'Still works' },
    });
    assert.equal(opened.statusCode, 201, opened.body);
    // An agent route does not take it.
    assert.equal(
      (await call(harness.app, 'GET', '/api/v1/auth/me', { as: portalSession(signedIn) })).statusCode,
      401,
    );
  });

  test('changing a password needs the current one and ends the other sessions', async () => {
    const customer = await signInContact(harness.app, org);
    await setPassword(customer.session, { newPassword: NEW_PASSWORD });
    const other = portalSession(
      await logIn({ organization: org.slug, email: customer.email, password: NEW_PASSWORD }),
    );
    assertError(await setPassword(customer.session, { newPassword: PASSWORD }), 400, 'validation_failed', {
      field: 'currentPassword',
    });
    assertError(
      await setPassword(customer.session, { newPassword: PASSWORD, currentPassword: 'wrong password' }),
      400,
      'validation_failed',
      { field: 'currentPassword' },
    );
    assertError(await setPassword(customer.session, { newPassword: 'short' }), 400, 'validation_failed');
    const changed = await setPassword(customer.session, {
      newPassword: PASSWORD,
      currentPassword: NEW_PASSWORD,
    });
    assert.equal(changed.statusCode, 204, changed.body);
    assert.equal((await call(harness.app, 'GET', '/api/v1/portal/me', { as: other })).statusCode, 401);
    assert.equal(
      (await call(harness.app, 'GET', '/api/v1/portal/me', { as: customer.session })).statusCode,
      200,
    );
    assertError(
      await logIn({ organization: org.slug, email: customer.email, password: NEW_PASSWORD }),
      401,
      'invalid_credentials',
    );
    const events = await withTenant(harness.db, org.organizationId, (tx) =>
      tx.query<{ action: string; actor_type: string }>(
        `select action, actor_type from audit_events where organization_id = $1 and entity_id = $2
          and action like 'contact.password%' order by created_at, id`,
        [org.organizationId, customer.id],
      ),
    );
    assert.deepEqual(
      events.map((event) => [event.action, event.actor_type]),
      [
        ['contact.password_set', 'contact'],
        ['contact.password_changed', 'contact'],
      ],
    );
  });

  test('wrong passwords lock the account; the right one waits until the lock ends', async () => {
    const customer = await signInContact(harness.app, org);
    await setPassword(customer.session, { newPassword: NEW_PASSWORD });
    const attempt = (password: string) => logIn({ organization: org.slug, email: customer.email, password });
    for (let i = 0; i < 3; i++) assertError(await attempt('not it at all'), 401, 'invalid_credentials');
    const locked = await attempt(NEW_PASSWORD);
    assertError(locked, 429, 'rate_limited');
    assert.ok(Number(locked.json().error.details.retryAfterSeconds) > 0);
    await withTenant(harness.db, org.organizationId, (tx) =>
      tx.query(
        `update contacts set locked_until = now() - interval '1 second' where organization_id = $1 and id = $2`,
        [org.organizationId, customer.id],
      ),
    );
    assert.equal((await attempt(NEW_PASSWORD)).statusCode, 200);
  });

  test('unknown organizations, emails and password-less customers get the same answer', async () => {
    const linkOnly = await signInContact(harness.app, org);
    const other = await signUpOrganization(harness.app, 'Elsewhere');
    const withPassword = await signInContact(harness.app, other);
    await setPassword(withPassword.session, { newPassword: NEW_PASSWORD });
    for (const body of [
      { organization: org.slug, email: uniqueEmail('nobody'), password: NEW_PASSWORD },
      { organization: 'no-such-organization', email: linkOnly.email, password: NEW_PASSWORD },
      { organization: org.slug, email: linkOnly.email, password: NEW_PASSWORD },
      // A password of another organization's customer opens nothing here.
      { organization: org.slug, email: withPassword.email, password: NEW_PASSWORD },
    ]) {
      const response = await logIn(body);
      assertError(response, 401, 'invalid_credentials');
      assert.equal(response.json().error.message, 'Email or password is wrong');
    }
    assert.equal(
      (await logIn({ organization: other.slug, email: withPassword.email, password: NEW_PASSWORD }))
        .statusCode,
      200,
    );
    assertError(await logIn({ organization: org.slug, email: linkOnly.email }), 400, 'validation_failed');
  });

  test('asking for a link answers 202 always; a known customer gets one, logged until email exists', async () => {
    const customer = await signInContact(harness.app, org);
    const before = (await linksOf(customer.id)).length;
    const ask = (organization: string, email: string) =>
      call(logged, 'POST', '/api/v1/portal/sign-in-links', { body: { organization, email } });

    const known = await ask(org.slug, customer.email.toUpperCase());
    assert.equal(known.statusCode, 202, known.body);
    const unknown = await ask(org.slug, uniqueEmail('stranger'));
    const noOrganization = await ask('no-such-organization', customer.email);
    assert.deepEqual([unknown.statusCode, noOrganization.statusCode], [202, 202]);
    assert.equal(unknown.body, known.body, 'the answer never tells whether the address is known');
    assert.equal(noOrganization.body, known.body);
    assert.equal((await linksOf(customer.id)).length, before + 1);

    const line = lines.find(
      (entry) => entry.contactId === customer.id && typeof entry.signInUrl === 'string',
    );
    assert.ok(line, 'the link is in the log, at info level');
    assert.equal(line.level, 30);
    const url = String(line.signInUrl);
    const prefix = `${harness.config.publicUrl}/portal/${org.slug}/sign-in#token=`;
    assert.ok(url.startsWith(prefix), url);
    const redeemed = await call(harness.app, 'POST', '/api/v1/portal/sessions', {
      body: { token: url.slice(prefix.length) },
    });
    assert.equal(redeemed.statusCode, 201, redeemed.body);
    assert.equal(redeemed.json().contact.id, customer.id);

    const contacts = await call(harness.app, 'GET', '/api/v1/contacts', {
      as: org.owner.session,
      query: { limit: '200' },
    });
    assert.ok(!contacts.body.includes('stranger-'), 'asking for a link never creates a customer');
  });

  test('a customer gets at most five requested links an hour', async () => {
    const customer = await signInContact(harness.app, org);
    const before = (await linksOf(customer.id)).length;
    for (let i = 0; i < 7; i++) {
      const response = await call(harness.app, 'POST', '/api/v1/portal/sign-in-links', {
        body: { organization: org.slug, email: customer.email },
      });
      assert.equal(response.statusCode, 202);
    }
    assert.equal((await linksOf(customer.id)).length, Math.max(before, 5));
  });
});
