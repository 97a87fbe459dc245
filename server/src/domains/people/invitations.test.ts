import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { withTenant } from '../../db/tenant.ts';
import type { PageOf } from '../../lib/pagination.ts';
import {
  addAgent,
  type Credentials,
  call,
  createTestApp,
  type ErrorBody,
  PASSWORD,
  sessionFrom,
  signUpOrganization,
  type TestApp,
  type TestOrganization,
  uniqueEmail,
} from '../../test/test-app.ts';
import type { Agent, Invitation } from './people.schemas.ts';

type CreatedInvitation = { invitation: Invitation; token: string; acceptUrl: string };

// Accepting is rate-limited to 20 a minute per address and app, so this file stays well under that.
describe('invitations', () => {
  let harness: TestApp;
  let orgA: TestOrganization;
  let orgB: TestOrganization;
  let admin: Awaited<ReturnType<typeof addAgent>>;
  let agent: Awaited<ReturnType<typeof addAgent>>;

  before(async () => {
    harness = await createTestApp();
    orgA = await signUpOrganization(harness.app, 'Org A');
    orgB = await signUpOrganization(harness.app, 'Org B');
    admin = await addAgent(harness.app, orgA, 'admin');
    agent = await addAgent(harness.app, orgA, 'agent');
  });
  after(() => harness.close());

  async function invite(
    as: Credentials,
    body: { email: string; role?: 'admin' | 'agent'; name?: string },
  ): Promise<CreatedInvitation> {
    const response = await call(harness.app, 'POST', '/api/v1/invitations', { as, body });
    assert.equal(response.statusCode, 201, response.body);
    return response.json<CreatedInvitation>();
  }

  const accept = (token: string, password = PASSWORD, name = 'New Person') =>
    call(harness.app, 'POST', '/api/v1/invitations/accept', { body: { token, password, name } });

  /** Every invitation of the organization, following the cursor to the end. */
  async function listAll(as: Credentials): Promise<Invitation[]> {
    const all: Invitation[] = [];
    let cursor: string | null = null;
    do {
      const query: Record<string, string> = cursor ? { limit: '200', cursor } : { limit: '200' };
      const response = await call(harness.app, 'GET', '/api/v1/invitations', { as, query });
      assert.equal(response.statusCode, 200, response.body);
      const page = response.json<PageOf<Invitation>>();
      all.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return all;
  }

  const statusOf = async (id: string) =>
    (await listAll(orgA.owner.session)).find((invitation) => invitation.id === id)?.status;

  test('an owner invites: the invitation is pending and its link carries the token once', async () => {
    const email = uniqueEmail('invitee');
    const created = await invite(orgA.owner.session, { email, role: 'admin', name: 'Ada Admin' });
    assert.equal(created.invitation.status, 'pending');
    assert.equal(created.invitation.email, email);
    assert.equal(created.invitation.role, 'admin');
    assert.equal(created.invitation.name, 'Ada Admin');
    assert.equal(created.invitation.invitedBy, orgA.owner.id);
    assert.ok(Date.parse(created.invitation.expiresAt) > Date.now() + 6 * 24 * 3_600_000);
    assert.match(created.token, /^aci_/);
    const acceptUrl = new URL(created.acceptUrl);
    assert.equal(acceptUrl.pathname, '/invitations/accept', 'the web app page that accepts it');
    assert.equal(new URLSearchParams(acceptUrl.hash.slice(1)).get('token'), created.token);

    const listed = (await listAll(orgA.owner.session)).find((i) => i.id === created.invitation.id);
    assert.deepEqual(listed, created.invitation);
    const listing = await call(harness.app, 'GET', '/api/v1/invitations', { as: orgA.owner.session });
    assert.ok(!listing.body.includes(created.token), 'the listing never shows a token');
  });

  test('an admin invites too, and the role defaults to agent', async () => {
    const created = await invite(admin.session, { email: uniqueEmail('invitee') });
    assert.equal(created.invitation.role, 'agent');
    assert.equal(created.invitation.invitedBy, admin.id);
    assert.equal(created.invitation.name, '');
  });

  test('accepting creates the agent with the invited role and signs them in, once', async () => {
    const email = uniqueEmail('invitee');
    const created = await invite(orgA.owner.session, { email, role: 'admin' });
    const accepted = await accept(created.token, PASSWORD, 'Grace Hopper');
    assert.equal(accepted.statusCode, 201, accepted.body);
    const cookie = accepted.cookies.find((c) => c.name === 'ac_session');
    assert.ok(cookie?.value, 'sets the session cookie');
    assert.equal(cookie.httpOnly, true);
    const body = accepted.json<{ agent: Agent; organization: { id: string } }>();
    assert.equal(body.agent.email, email);
    assert.equal(body.agent.role, 'admin');
    assert.equal(body.agent.name, 'Grace Hopper');
    assert.equal(body.agent.isActive, true);
    assert.equal(body.organization.id, orgA.organizationId);

    const me = await call(harness.app, 'GET', '/api/v1/auth/me', { as: sessionFrom(accepted) });
    assert.equal(me.statusCode, 200, me.body);
    const meBody = me.json<{ agent: Agent; authMethod: string }>();
    assert.equal(meBody.agent.id, body.agent.id);
    assert.equal(meBody.authMethod, 'session');

    const again = await accept(created.token);
    assert.equal(again.statusCode, 404);
    assert.equal(again.json<ErrorBody>().error.code, 'not_found');
    assert.equal(await statusOf(created.invitation.id), 'accepted');

    const revoke = await call(harness.app, 'DELETE', `/api/v1/invitations/${created.invitation.id}`, {
      as: orgA.owner.session,
    });
    assert.equal(revoke.statusCode, 409);
    assert.equal(revoke.json<ErrorBody>().error.code, 'conflict');
    assert.equal(await statusOf(created.invitation.id), 'accepted');
  });

  test('the invitations list pages by keyset cursor', async () => {
    const org = await signUpOrganization(harness.app, 'Paging Org');
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      ids.push((await invite(org.owner.session, { email: uniqueEmail(`page${i}`) })).invitation.id);
    }
    const first = await call(harness.app, 'GET', '/api/v1/invitations', {
      as: org.owner.session,
      query: { limit: '2' },
    });
    assert.equal(first.statusCode, 200, first.body);
    const firstPage = first.json<PageOf<Invitation>>();
    assert.equal(firstPage.items.length, 2);
    assert.ok(firstPage.nextCursor);
    const second = await call(harness.app, 'GET', '/api/v1/invitations', {
      as: org.owner.session,
      query: { limit: '2', cursor: firstPage.nextCursor },
    });
    assert.equal(second.statusCode, 200, second.body);
    const secondPage = second.json<PageOf<Invitation>>();
    assert.equal(secondPage.items.length, 1);
    assert.equal(secondPage.nextCursor, null);
    assert.deepEqual(
      [...firstPage.items, ...secondPage.items].map((invitation) => invitation.id),
      ids,
      'every invitation once, in creation order',
    );

    const badCursor = await call(harness.app, 'GET', '/api/v1/invitations', {
      as: org.owner.session,
      query: { cursor: 'not-a-cursor' },
    });
    assert.equal(badCursor.statusCode, 400);
    assert.equal(badCursor.json<ErrorBody>().error.details.field, 'cursor');
  });

  test('a revoked invitation cannot be accepted', async () => {
    const created = await invite(orgA.owner.session, { email: uniqueEmail('revoked') });
    const revoke = await call(harness.app, 'DELETE', `/api/v1/invitations/${created.invitation.id}`, {
      as: orgA.owner.session,
    });
    assert.equal(revoke.statusCode, 204);
    assert.equal(revoke.body, '');
    assert.equal(await statusOf(created.invitation.id), 'revoked');
    const accepted = await accept(created.token);
    assert.equal(accepted.statusCode, 404);
    assert.equal(accepted.cookies.length, 0, 'no session for a revoked invitation');

    const unknown = await call(harness.app, 'DELETE', `/api/v1/invitations/${randomUUID()}`, {
      as: orgA.owner.session,
    });
    assert.equal(unknown.statusCode, 404);
  });

  test('inviting the same email again revokes the earlier pending invitation', async () => {
    const email = uniqueEmail('twice');
    const first = await invite(orgA.owner.session, { email, role: 'agent' });
    const second = await invite(orgA.owner.session, { email: email.toUpperCase(), role: 'admin' });
    assert.equal(await statusOf(first.invitation.id), 'revoked');
    assert.equal(await statusOf(second.invitation.id), 'pending');
    assert.equal((await accept(first.token)).statusCode, 404);
    const accepted = await accept(second.token);
    assert.equal(accepted.statusCode, 201, accepted.body);
    assert.equal(accepted.json<{ agent: Agent }>().agent.role, 'admin');
  });

  test('two admins inviting one address at the same moment leave one pending invitation', async () => {
    const email = uniqueEmail('race');
    const responses = await Promise.all(
      [orgA.owner.session, admin.session].map((as) =>
        call(harness.app, 'POST', '/api/v1/invitations', { as, body: { email } }),
      ),
    );
    // PGlite runs them one after the other (the second replaces the first); PostgreSQL may run them
    // together, and then the loser gets a conflict. Either way one invitation stays pending.
    for (const response of responses) assert.ok([201, 409].includes(response.statusCode), response.body);
    const pending = (await listAll(orgA.owner.session)).filter(
      (invitation) => invitation.email === email && invitation.status === 'pending',
    );
    assert.equal(pending.length, 1);
  });

  test('inviting an email that is already an agent here is a conflict on email', async () => {
    for (const email of [agent.email, orgA.owner.email.toUpperCase()]) {
      const response = await call(harness.app, 'POST', '/api/v1/invitations', {
        as: orgA.owner.session,
        body: { email },
      });
      assert.equal(response.statusCode, 409, response.body);
      const { error } = response.json<ErrorBody>();
      assert.equal(error.code, 'conflict');
      assert.equal(error.details.field, 'email');
    }
    // Agents belong to one organization: another organization's agent can be invited.
    await invite(orgA.owner.session, { email: orgB.owner.email });
  });

  test('an expired invitation cannot be accepted', async () => {
    const created = await invite(orgA.owner.session, { email: uniqueEmail('late') });
    await withTenant(harness.db, orgA.organizationId, (tx) =>
      tx.query(
        `update invitations set expires_at = now() - interval '1 minute' where organization_id = $1 and id = $2`,
        [orgA.organizationId, created.invitation.id],
      ),
    );
    assert.equal(await statusOf(created.invitation.id), 'expired');
    assert.equal((await accept(created.token)).statusCode, 404);
  });

  test('a garbage token or one naming another organization is not found', async () => {
    const created = await invite(orgA.owner.session, { email: uniqueEmail('forged') });
    const forged = [
      'not-a-token',
      `aci_${orgA.organizationId}_${'x'.repeat(43)}`,
      created.token.replace(orgA.organizationId, orgB.organizationId),
    ];
    for (const token of forged) {
      const response = await accept(token);
      assert.equal(response.statusCode, 404, `${token}: ${response.body}`);
      assert.equal(response.json<ErrorBody>().error.code, 'not_found');
    }
    assert.equal(await statusOf(created.invitation.id), 'pending');
  });

  test('accepting validates the password, and inviting validates the email and role', async () => {
    const created = await invite(orgA.owner.session, { email: uniqueEmail('short') });
    const short = await accept(created.token, 'too-short');
    assert.equal(short.statusCode, 400);
    const { error } = short.json<ErrorBody>();
    assert.equal(error.code, 'validation_failed');
    assert.equal(error.details.field, 'password');
    assert.equal(
      await statusOf(created.invitation.id),
      'pending',
      'a rejected password keeps the invitation',
    );

    const badBodies: [unknown, string][] = [
      [{ email: 'not-an-email' }, 'email'],
      [{ name: 'No Email' }, 'email'],
      [{ email: uniqueEmail('owner'), role: 'owner' }, 'role'],
      [{ email: uniqueEmail('extra'), admin: true }, 'admin'],
    ];
    for (const [body, field] of badBodies) {
      const response = await call(harness.app, 'POST', '/api/v1/invitations', {
        as: orgA.owner.session,
        body,
      });
      assert.equal(response.statusCode, 400, JSON.stringify(body));
      assert.equal(response.json<ErrorBody>().error.code, 'validation_failed');
      assert.equal(response.json<ErrorBody>().error.details.field, field);
    }
  });

  test('an agent cannot invite, list or revoke invitations', async () => {
    const pending = await invite(orgA.owner.session, { email: uniqueEmail('pending') });
    const attempts = [
      call(harness.app, 'POST', '/api/v1/invitations', {
        as: agent.session,
        body: { email: uniqueEmail('sneaky') },
      }),
      call(harness.app, 'GET', '/api/v1/invitations', { as: agent.session }),
      call(harness.app, 'DELETE', `/api/v1/invitations/${pending.invitation.id}`, { as: agent.session }),
    ];
    for (const response of await Promise.all(attempts)) {
      assert.equal(response.statusCode, 403, response.body);
      assert.equal(response.json<ErrorBody>().error.code, 'forbidden');
    }
    assert.equal(await statusOf(pending.invitation.id), 'pending');
  });

  test("another organization cannot see or revoke this organization's invitations", async () => {
    const pending = await invite(orgA.owner.session, { email: uniqueEmail('private') });
    const revoke = await call(harness.app, 'DELETE', `/api/v1/invitations/${pending.invitation.id}`, {
      as: orgB.owner.session,
    });
    assert.equal(revoke.statusCode, 404);
    const idsOfA = new Set((await listAll(orgA.owner.session)).map((invitation) => invitation.id));
    const listedForB = await listAll(orgB.owner.session);
    assert.ok(listedForB.every((invitation) => !idsOfA.has(invitation.id)));
    assert.equal(await statusOf(pending.invitation.id), 'pending');
  });
});
