import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { App } from '../../app.ts';
import { withTenant } from '../../db/tenant.ts';
import { hashSecret } from '../../lib/secrets.ts';
import {
  addAgent,
  assertError,
  type Credentials,
  call,
  createLoggedApp,
  createTestApp,
  PASSWORD,
  sessionFrom,
  signUpOrganization,
  type TestApp,
  type TestOrganization,
  uniqueEmail,
} from '../../test/test-app.ts';
import { outboundQueueOf } from '../email/email-jobs.ts';
import { requestPasswordReset } from './request-password-reset.ts';

const NEW_PASSWORD = 'a brand new agent passphrase';

describe('password resets for agents who forgot their password', () => {
  let harness: TestApp;
  // The same application and database, logging to lines the tests can read.
  let logged: App;
  let lines: Record<string, unknown>[] = [];
  let org: TestOrganization;

  const requestReset = (body: Record<string, unknown>) =>
    call(logged, 'POST', '/api/v1/auth/password-resets', { body });
  const complete = (token: string, password = NEW_PASSWORD) =>
    call(harness.app, 'POST', '/api/v1/auth/password-resets/complete', { body: { token, password } });
  const logIn = (email: string, password: string) =>
    call(harness.app, 'POST', '/api/v1/auth/login', { body: { email, password } });
  const me = (as: Credentials) => call(harness.app, 'GET', '/api/v1/auth/me', { as });
  const resetsOf = (agentId: string, organizationId = org.organizationId) =>
    withTenant(harness.db, organizationId, (tx) =>
      tx.query<{ token_hash: string; expires_at: Date; created_at: Date }>(
        'select token_hash, expires_at, created_at from password_resets where organization_id = $1 and agent_id = $2',
        [organizationId, agentId],
      ),
    );
  /** The tokens of the reset links logged for this agent, oldest first. */
  const loggedTokens = (agentId: string) =>
    lines
      .filter((line) => line.agentId === agentId && typeof line.passwordResetUrl === 'string')
      .map((line) => String(line.passwordResetUrl).split('#token=')[1] ?? '');
  /** Asks for a link and returns its token, read from the log. */
  async function resetToken(email: string, agentId: string): Promise<string> {
    const before = loggedTokens(agentId).length;
    assert.equal((await requestReset({ email })).statusCode, 202);
    const token = loggedTokens(agentId)[before];
    assert.ok(token, 'a new link was logged');
    return token;
  }

  before(async () => {
    harness = await createTestApp({ LOGIN_MAX_ATTEMPTS: '3' });
    ({ app: logged, lines } = await createLoggedApp(harness));
    org = await signUpOrganization(harness.app, 'Reset Org');
  });
  after(async () => {
    await logged.close();
    await harness.close();
  });

  test('asking answers 202 always; a known agent gets a link in the log and a hashed, hour-long token', async () => {
    const agent = await addAgent(harness.app, org);
    const known = await requestReset({ email: agent.email.toUpperCase() });
    assert.equal(known.statusCode, 202, known.body);
    const unknown = await requestReset({ email: uniqueEmail('stranger') });
    const wrongOrganization = await requestReset({ email: agent.email, organization: 'no-such-org' });
    assert.deepEqual([unknown.statusCode, wrongOrganization.statusCode], [202, 202]);
    assert.equal(unknown.body, known.body, 'the answer never tells whether the address is known');
    assert.equal(wrongOrganization.body, known.body);

    const line = lines.find(
      (entry) => entry.agentId === agent.id && typeof entry.passwordResetUrl === 'string',
    );
    assert.ok(line, 'the link is in the log');
    assert.equal(line.level, 30);
    assert.match(String(line.msg), /no SMTP server to email it, so it is logged/);
    const url = String(line.passwordResetUrl);
    assert.ok(url.startsWith(`${harness.config.publicUrl}/password-reset#token=`), url);
    assert.ok(!known.body.includes('token'), 'the token never goes back to whoever asked');

    const [stored, ...more] = await resetsOf(agent.id);
    assert.ok(stored);
    assert.equal(more.length, 0, 'the other organization was not asked about');
    const token = loggedTokens(agent.id)[0] ?? '';
    assert.equal(stored.token_hash, hashSecret(token), 'only the hash is stored');
    const lifetime = stored.expires_at.getTime() - stored.created_at.getTime();
    assert.equal(lifetime, 60 * 60_000);
  });

  test('completing sets the password, ends every session and works once', async () => {
    const agent = await addAgent(harness.app, org);
    const first = await resetToken(agent.email, agent.id);
    const second = await resetToken(agent.email, agent.id);
    assert.equal((await complete(first)).statusCode, 204);

    assertError(await logIn(agent.email, PASSWORD), 401, 'invalid_credentials');
    const signedIn = await logIn(agent.email, NEW_PASSWORD);
    assert.equal(signedIn.statusCode, 200, signedIn.body);
    assert.equal((await me(agent.session)).statusCode, 401, 'the session from before the reset ended');
    assert.equal((await me(sessionFrom(signedIn))).statusCode, 200);

    assertError(await complete(first, 'yet another passphrase'), 400, 'validation_failed', {
      field: 'token',
    });
    assertError(await complete(second), 400, 'validation_failed', { field: 'token' });
    assert.equal((await logIn(agent.email, NEW_PASSWORD)).statusCode, 200, 'the password stayed');
  });

  test('completing unlocks an account locked by failed sign-ins', async () => {
    const agent = await addAgent(harness.app, org);
    for (let i = 0; i < 3; i++) await logIn(agent.email, 'a wrong password');
    assertError(await logIn(agent.email, PASSWORD), 429, 'rate_limited');
    assert.equal((await complete(await resetToken(agent.email, agent.id))).statusCode, 204);
    assert.equal((await logIn(agent.email, NEW_PASSWORD)).statusCode, 200);
  });

  test('the password rules apply, and a made-up, foreign or expired token is refused', async () => {
    const agent = await addAgent(harness.app, org);
    const token = await resetToken(agent.email, agent.id);
    assertError(await complete(token, 'short'), 400, 'validation_failed');
    assertError(await complete('acr_not-a-token'), 400, 'validation_failed', { field: 'token' });
    const other = await signUpOrganization(harness.app, 'Other Org');
    const foreign = token.replace(org.organizationId, other.organizationId);
    assertError(await complete(foreign), 400, 'validation_failed', { field: 'token' });

    await withTenant(harness.db, org.organizationId, (tx) =>
      tx.query(`update password_resets set expires_at = now() - interval '1 second' where agent_id = $1`, [
        agent.id,
      ]),
    );
    assertError(await complete(token), 400, 'validation_failed', { field: 'token' });
    assert.equal((await logIn(agent.email, PASSWORD)).statusCode, 200, 'the old password still works');
  });

  test('an agent gets at most five links an hour; deactivated agents get none', async () => {
    const agent = await addAgent(harness.app, org);
    const publicUrl = harness.config.publicUrl;
    const mail = outboundQueueOf(harness.app);
    // Straight to the use case: the route's own per-address throttle (below) would answer first.
    const issued = [];
    for (let i = 0; i < 7; i++)
      issued.push(...(await requestPasswordReset(harness.db, { email: agent.email, publicUrl, mail })));
    assert.equal(issued.length, 5);
    assert.equal((await resetsOf(agent.id)).length, 5);

    const leaver = await addAgent(harness.app, org);
    const deactivated = await call(harness.app, 'PATCH', `/api/v1/agents/${leaver.id}`, {
      as: org.owner.session,
      body: { isActive: false },
    });
    assert.equal(deactivated.statusCode, 200, deactivated.body);
    assert.deepEqual(await requestPasswordReset(harness.db, { email: leaver.email, publicUrl, mail }), []);
    assert.equal((await resetsOf(leaver.id)).length, 0);
  });

  test('the route throttles whoever asks too often', async () => {
    const statuses = [];
    for (let i = 0; i < 11; i++) statuses.push((await requestReset({ email: uniqueEmail() })).statusCode);
    assert.ok(statuses.includes(429), statuses.join());
  });

  test('the organization slug picks one organization when an email is an agent in several', async () => {
    const other = await signUpOrganization(harness.app, 'Second Org');
    const email = uniqueEmail('twice');
    const ids: string[] = [];
    for (const organization of [org, other]) {
      const invited = await call(harness.app, 'POST', '/api/v1/invitations', {
        as: organization.owner.session,
        body: { email, role: 'agent' },
      });
      const accepted = await call(harness.app, 'POST', '/api/v1/invitations/accept', {
        body: { token: invited.json().token, name: 'Twice', password: PASSWORD },
      });
      ids.push(accepted.json().agent.id);
    }
    const issued = await requestPasswordReset(harness.db, {
      email,
      organizationSlug: other.slug,
      publicUrl: harness.config.publicUrl,
      mail: outboundQueueOf(harness.app),
    });
    assert.deepEqual(
      issued.map((reset) => reset.agentId),
      [ids[1]],
    );
    assert.equal((await resetsOf(ids[0] ?? '')).length, 0);
    assert.equal((await resetsOf(ids[1] ?? '', other.organizationId)).length, 1);
  });
});
