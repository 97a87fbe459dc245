import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { withTenant } from '../../db/tenant.ts';
import { hashSecret } from '../../lib/secrets.ts';
import {
  call,
  createTestApp,
  PASSWORD,
  sessionFrom,
  signUpOrganization,
  type TestApp,
  type TestOrganization,
  uniqueSlug,
} from '../../test/test-app.ts';

describe('sign-in, sessions and CSRF', () => {
  let harness: TestApp;
  let org: TestOrganization;

  before(async () => {
    harness = await createTestApp({ LOGIN_MAX_ATTEMPTS: '3', LOGIN_LOCKOUT_MINUTES: '15' });
    org = await signUpOrganization(harness.app);
  });
  after(() => harness.close());

  const logIn = (body: Record<string, unknown>) => call(harness.app, 'POST', '/api/v1/auth/login', { body });

  test('a correct password signs in with an httpOnly, SameSite session cookie and a CSRF token', async () => {
    const response = await logIn({ email: org.owner.email.toUpperCase(), password: PASSWORD });
    assert.equal(response.statusCode, 200);
    const cookie = response.cookies.find((c) => c.name === 'ac_session');
    assert.ok(cookie?.httpOnly);
    assert.equal(cookie?.sameSite, 'Lax');
    assert.ok(cookie?.secure, 'Secure, since the default public URL is localhost');
    assert.ok(cookie?.value.startsWith(`acs_${org.organizationId}_`));
    const body = response.json();
    assert.equal(body.agent.id, org.owner.id);
    assert.equal(body.organization.id, org.organizationId);
    assert.ok(body.csrfToken.length >= 32);
    const me = await call(harness.app, 'GET', '/api/v1/auth/me', { as: sessionFrom(response) });
    assert.equal(me.statusCode, 200);
    assert.equal(me.json().authMethod, 'session');
    // A reloaded browser page gets its CSRF token back from its own session, and only from that.
    assert.equal(me.json().csrfToken, sessionFrom(response).csrfToken);
  });

  test('only a hash of the session token is stored', async () => {
    const rows = await withTenant(harness.db, org.organizationId, (tx) =>
      tx.query<{ token_hash: string }>('select token_hash from sessions where organization_id = $1', [
        org.organizationId,
      ]),
    );
    assert.ok(rows.length > 0);
    for (const row of rows) {
      assert.match(row.token_hash, /^[0-9a-f]{64}$/);
      assert.notEqual(row.token_hash, org.owner.session.cookie);
    }
  });

  test('wrong password and unknown email get the same 401', async () => {
    const wrong = await logIn({ email: org.owner.email, password: 'not the password' });
    const unknown = await logIn({ email: 'nobody@example.test', password: 'not the password' });
    for (const response of [wrong, unknown]) {
      assert.equal(response.statusCode, 401);
      assert.equal(response.json().error.code, 'invalid_credentials');
    }
    assert.equal(wrong.json().error.message, unknown.json().error.message);
    await logIn({ email: org.owner.email, password: PASSWORD }); // resets the failure count
  });

  test('without a session or token every API route is 401', async () => {
    const response = await call(harness.app, 'GET', '/api/v1/teams');
    assert.equal(response.statusCode, 401);
    assert.equal(response.json().error.code, 'unauthenticated');
    const forged = await call(harness.app, 'GET', '/api/v1/teams', {
      as: { cookie: `acs_${org.organizationId}_forged`, csrfToken: 'x' },
    });
    assert.equal(forged.statusCode, 401);
  });

  test('cookie-authenticated writes need the CSRF header; reads do not', async () => {
    const { cookie, csrfToken } = org.owner.session;
    const missing = await call(harness.app, 'POST', '/api/v1/teams', {
      headers: { cookie: `ac_session=${cookie}` },
      body: { name: 'No CSRF' },
    });
    assert.equal(missing.statusCode, 403);
    assert.equal(missing.json().error.code, 'csrf_failed');
    const wrong = await call(harness.app, 'POST', '/api/v1/teams', {
      as: { cookie, csrfToken: `${csrfToken.slice(0, -1)}x` },
      body: { name: 'Wrong CSRF' },
    });
    assert.equal(wrong.statusCode, 403);
    const read = await call(harness.app, 'GET', '/api/v1/teams', {
      headers: { cookie: `ac_session=${cookie}` },
    });
    assert.equal(read.statusCode, 200);
    const ok = await call(harness.app, 'POST', '/api/v1/teams', {
      as: { cookie, csrfToken },
      body: { name: 'With CSRF' },
    });
    assert.equal(ok.statusCode, 201);
  });

  test('logout ends the session', async () => {
    const session = sessionFrom(await logIn({ email: org.owner.email, password: PASSWORD }));
    const out = await call(harness.app, 'POST', '/api/v1/auth/logout', { as: session });
    assert.equal(out.statusCode, 204);
    assert.match(String(out.headers['set-cookie']), /ac_session=;/);
    assert.equal((await call(harness.app, 'GET', '/api/v1/auth/me', { as: session })).statusCode, 401);
  });

  test('an expired session is refused', async () => {
    const session = sessionFrom(await logIn({ email: org.owner.email, password: PASSWORD }));
    await withTenant(harness.db, org.organizationId, (tx) =>
      tx.query(`update sessions set expires_at = now() - interval '1 second' where token_hash = $1`, [
        hashSecret(session.cookie),
      ]),
    );
    assert.equal((await call(harness.app, 'GET', '/api/v1/auth/me', { as: session })).statusCode, 401);
  });

  test('changing the password keeps this session, ends the others, and needs the current password', async () => {
    const other = await signUpOrganization(harness.app, 'Password Co');
    const second = sessionFrom(await logIn({ email: other.owner.email, password: PASSWORD }));
    const wrong = await call(harness.app, 'POST', '/api/v1/auth/password', {
      as: other.owner.session,
      body: { currentPassword: 'wrong wrong wrong', newPassword: 'a brand new password' },
    });
    assert.equal(wrong.statusCode, 400);
    assert.equal(wrong.json().error.details.field, 'currentPassword');
    const short = await call(harness.app, 'POST', '/api/v1/auth/password', {
      as: other.owner.session,
      body: { currentPassword: PASSWORD, newPassword: 'short' },
    });
    assert.equal(short.statusCode, 400);
    assert.equal(short.json().error.details.field, 'newPassword');
    const changed = await call(harness.app, 'POST', '/api/v1/auth/password', {
      as: other.owner.session,
      body: { currentPassword: PASSWORD, newPassword: 'a brand new password' },
    });
    assert.equal(changed.statusCode, 204);
    assert.equal(
      (await call(harness.app, 'GET', '/api/v1/auth/me', { as: other.owner.session })).statusCode,
      200,
    );
    assert.equal((await call(harness.app, 'GET', '/api/v1/auth/me', { as: second })).statusCode, 401);
    assert.equal(
      (await logIn({ email: other.owner.email, password: 'a brand new password' })).statusCode,
      200,
    );
  });

  test('repeated wrong passwords lock the account, even for the right password, with Retry-After', async () => {
    const victim = await signUpOrganization(harness.app, 'Locked Co');
    for (let attempt = 0; attempt < 3; attempt++) {
      assert.equal(
        (await logIn({ email: victim.owner.email, password: 'guess guess guess' })).statusCode,
        401,
      );
    }
    const locked = await logIn({ email: victim.owner.email, password: PASSWORD });
    assert.equal(locked.statusCode, 429);
    assert.equal(locked.json().error.code, 'rate_limited');
    assert.ok(Number(locked.headers['retry-after']) > 800);
    await withTenant(harness.db, victim.organizationId, (tx) =>
      tx.query(`update agents set locked_until = now() - interval '1 second' where organization_id = $1`, [
        victim.organizationId,
      ]),
    );
    assert.equal((await logIn({ email: victim.owner.email, password: PASSWORD })).statusCode, 200);
  });

  test('an email that is an agent in two organizations signs in where the password matches, or names one', async () => {
    const email = `shared-${uniqueSlug()}@example.test`;
    const signUp = (password: string, slug: string) =>
      call(harness.app, 'POST', '/api/v1/signup', {
        body: { organizationName: 'Shared', slug, name: 'Sam', email, password },
      });
    const [slugOne, slugTwo] = [uniqueSlug('one'), uniqueSlug('two')];
    assert.equal((await signUp(PASSWORD, slugOne)).statusCode, 201);
    assert.equal((await signUp('another long password', slugTwo)).statusCode, 201);
    const byPassword = await logIn({ email, password: 'another long password' });
    assert.equal(byPassword.statusCode, 200);
    assert.equal(byPassword.json().organization.slug, slugTwo);
    assert.equal((await signUp(PASSWORD, uniqueSlug('three'))).statusCode, 201);
    const ambiguous = await logIn({ email, password: PASSWORD });
    assert.equal(ambiguous.statusCode, 400);
    assert.equal(ambiguous.json().error.details.field, 'organization');
    const named = await logIn({ email, password: PASSWORD, organization: slugOne });
    assert.equal(named.json().organization.slug, slugOne);
  });
});

describe('login rate limit', () => {
  test('more than 30 sign-in attempts a minute from one address get 429', async () => {
    const harness = await createTestApp();
    try {
      const statuses: number[] = [];
      for (let attempt = 0; attempt < 31; attempt++) {
        const response = await call(harness.app, 'POST', '/api/v1/auth/login', {
          body: { email: `nobody${attempt}@example.test`, password: 'whatever it is' },
        });
        statuses.push(response.statusCode);
      }
      assert.deepEqual(new Set(statuses.slice(0, 30)), new Set([401]));
      assert.equal(statuses[30], 429);
    } finally {
      await harness.close();
    }
  });
});
