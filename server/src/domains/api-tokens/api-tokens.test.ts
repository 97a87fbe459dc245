import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { withTenant } from '../../db/tenant.ts';
import type { PageOf } from '../../lib/pagination.ts';
import {
  addAgent,
  assertError,
  type Credentials,
  call,
  createTestApp,
  signUpOrganization,
  type TestApp,
  type TestOrganization,
  uniqueEmail,
} from '../../test/test-app.ts';
import type { Agent } from '../people/people.schemas.ts';
import type { ApiToken } from './api-tokens.schemas.ts';

type Me = { agent: Agent; organization: { id: string }; authMethod: string };

describe('API tokens', () => {
  let harness: TestApp;
  let orgA: TestOrganization;
  let orgB: TestOrganization;
  let agent: Awaited<ReturnType<typeof addAgent>>;

  before(async () => {
    harness = await createTestApp();
    orgA = await signUpOrganization(harness.app, 'Org A');
    orgB = await signUpOrganization(harness.app, 'Org B');
    agent = await addAgent(harness.app, orgA, 'agent');
  });
  after(() => harness.close());

  async function createToken(as: Credentials, name = 'CI'): Promise<{ apiToken: ApiToken; token: string }> {
    const response = await call(harness.app, 'POST', '/api/v1/api-tokens', { as, body: { name } });
    assert.equal(response.statusCode, 201, response.body);
    return response.json<{ apiToken: ApiToken; token: string }>();
  }

  async function listAll(as: Credentials): Promise<{ items: ApiToken[]; bodies: string[] }> {
    const items: ApiToken[] = [];
    const bodies: string[] = [];
    let cursor: string | null = null;
    do {
      const query: Record<string, string> = cursor ? { limit: '200', cursor } : { limit: '200' };
      const response = await call(harness.app, 'GET', '/api/v1/api-tokens', { as, query });
      assert.equal(response.statusCode, 200, response.body);
      const page = response.json<PageOf<ApiToken>>();
      items.push(...page.items);
      bodies.push(response.body);
      cursor = page.nextCursor;
    } while (cursor);
    return { items, bodies };
  }

  const me = (as: Credentials) => call(harness.app, 'GET', '/api/v1/auth/me', { as });

  test('creating a token shows it once; the list shows only its hint', async () => {
    const { apiToken, token } = await createToken(orgA.owner.session, '  Deploy bot  ');
    assert.match(token, /^act_/);
    assert.equal(apiToken.name, 'Deploy bot');
    assert.equal(apiToken.hint, token.slice(-4));
    assert.equal(apiToken.agentId, orgA.owner.id);
    assert.equal(apiToken.lastUsedAt, null);
    assert.equal(apiToken.revokedAt, null);

    const { items, bodies } = await listAll(orgA.owner.session);
    assert.deepEqual(
      items.find((item) => item.id === apiToken.id),
      apiToken,
    );
    for (const body of bodies) assert.ok(!body.includes(token), 'the listing never contains the token');
    for (const item of items) assert.deepEqual(Object.keys(item).sort(), Object.keys(apiToken).sort());

    assertError(
      await call(harness.app, 'POST', '/api/v1/api-tokens', { as: orgA.owner.session, body: { name: ' ' } }),
      400,
      'validation_failed',
    );
  });

  test('the database keeps only a hash of the token', async () => {
    const { apiToken, token } = await createToken(orgA.owner.session, 'Hashed');
    const [row] = await withTenant(harness.db, orgA.organizationId, (tx) =>
      tx.query<{ token_hash: string; whole: string }>(
        'select token_hash, row_to_json(t)::text as whole from api_tokens t where organization_id = $1 and id = $2',
        [orgA.organizationId, apiToken.id],
      ),
    );
    assert.ok(row);
    assert.notEqual(row.token_hash, token);
    assert.match(row.token_hash, /^[0-9a-f]{64}$/);
    const secret = token.slice(`act_${orgA.organizationId}_`.length);
    assert.ok(!row.whole.includes(secret), 'no column holds the secret part of the token');
  });

  test('a Bearer token authenticates as its creator and writes without a CSRF header', async () => {
    const { apiToken, token } = await createToken(orgA.owner.session, 'Scripts');
    const seen = await me({ token });
    assert.equal(seen.statusCode, 200, seen.body);
    const body = seen.json<Me>();
    assert.equal(body.authMethod, 'api_token');
    assert.equal(body.agent.id, orgA.owner.id);
    assert.equal(body.organization.id, orgA.organizationId);

    const team = await call(harness.app, 'POST', '/api/v1/teams', {
      as: { token },
      body: { name: 'Via token' },
    });
    assert.equal(team.statusCode, 201, team.body);
    // The same write from a browser session needs the CSRF header.
    assertError(
      await call(harness.app, 'POST', '/api/v1/teams', {
        as: orgA.owner.session,
        body: { name: 'Via cookie' },
        headers: { 'x-csrf-token': 'wrong' },
      }),
      403,
      'csrf_failed',
    );

    const listed = (await listAll(orgA.owner.session)).items.find((item) => item.id === apiToken.id);
    assert.ok(listed?.lastUsedAt, 'use is recorded');
  });

  test('unknown, forged or malformed tokens get 401', async () => {
    const { token } = await createToken(orgA.owner.session, 'Original');
    const forged = [
      'garbage',
      `act_${orgA.organizationId}_${'x'.repeat(43)}`,
      token.replace(orgA.organizationId, orgB.organizationId),
      token.replace(/^act_/, 'aci_'),
    ];
    for (const value of forged) assertError(await me({ token: value }), 401, 'unauthenticated');
    const basic = await call(harness.app, 'GET', '/api/v1/auth/me', {
      headers: { authorization: `Basic ${token}` },
    });
    assertError(basic, 401, 'unauthenticated');
    assert.equal((await me({ token })).statusCode, 200);
  });

  test('a revoked token stops working at once', async () => {
    const { apiToken, token } = await createToken(orgA.owner.session, 'Short-lived');
    assert.equal((await me({ token })).statusCode, 200);
    const revoked = await call(harness.app, 'DELETE', `/api/v1/api-tokens/${apiToken.id}`, {
      as: orgA.owner.session,
    });
    assert.equal(revoked.statusCode, 204);
    assertError(await me({ token }), 401, 'unauthenticated');
    const listed = (await listAll(orgA.owner.session)).items.find((item) => item.id === apiToken.id);
    assert.ok(listed?.revokedAt);

    assertError(
      await call(harness.app, 'DELETE', `/api/v1/api-tokens/${randomUUID()}`, { as: orgA.owner.session }),
      404,
      'not_found',
    );
  });

  test('a token can manage tokens, including revoking itself', async () => {
    const { apiToken, token } = await createToken(orgA.owner.session, 'Self-revoking');
    const made = await call(harness.app, 'POST', '/api/v1/api-tokens', {
      as: { token },
      body: { name: 'Child' },
    });
    assert.equal(made.statusCode, 201, made.body);
    assert.equal(made.json<{ apiToken: ApiToken }>().apiToken.agentId, orgA.owner.id);
    const revoked = await call(harness.app, 'DELETE', `/api/v1/api-tokens/${apiToken.id}`, { as: { token } });
    assert.equal(revoked.statusCode, 204);
    assertError(await me({ token }), 401, 'unauthenticated');
  });

  test('agents cannot list, create or revoke tokens', async () => {
    const { apiToken, token } = await createToken(orgA.owner.session, 'Owned');
    const attempts = await Promise.all([
      call(harness.app, 'GET', '/api/v1/api-tokens', { as: agent.session }),
      call(harness.app, 'POST', '/api/v1/api-tokens', { as: agent.session, body: { name: 'Mine' } }),
      call(harness.app, 'DELETE', `/api/v1/api-tokens/${apiToken.id}`, { as: agent.session }),
    ]);
    for (const response of attempts) assertError(response, 403, 'forbidden');
    assert.equal((await me({ token })).statusCode, 200, 'the token was not revoked');
  });

  test("a token acts with its creator's current role", async () => {
    const creator = await addAgent(harness.app, orgA, 'admin');
    const { token } = await createToken(creator.session, 'Admin script');
    const before = await call(harness.app, 'POST', '/api/v1/teams', {
      as: { token },
      body: { name: 'Before' },
    });
    assert.equal(before.statusCode, 201, before.body);

    const demoted = await call(harness.app, 'PATCH', `/api/v1/agents/${creator.id}`, {
      as: orgA.owner.session,
      body: { role: 'agent' },
    });
    assert.equal(demoted.statusCode, 200, demoted.body);

    assertError(
      await call(harness.app, 'POST', '/api/v1/teams', { as: { token }, body: { name: 'After' } }),
      403,
      'forbidden',
    );
    assertError(await call(harness.app, 'GET', '/api/v1/api-tokens', { as: { token } }), 403, 'forbidden');
    const seen = await me({ token });
    assert.equal(seen.statusCode, 200, 'the token still signs the agent in');
    assert.equal(seen.json<Me>().agent.role, 'agent');
  });

  test("another organization gets 404 for this organization's ids, by session and by token", async () => {
    const { apiToken, token } = await createToken(orgA.owner.session, 'Private');
    const invited = await call(harness.app, 'POST', '/api/v1/invitations', {
      as: orgA.owner.session,
      body: { email: uniqueEmail('private') },
    });
    assert.equal(invited.statusCode, 201, invited.body);
    const invitationId = invited.json<{ invitation: { id: string } }>().invitation.id;
    const tokenOfB = (await createToken(orgB.owner.session, 'B script')).token;

    for (const as of [orgB.owner.session, { token: tokenOfB }]) {
      const attempts = await Promise.all([
        call(harness.app, 'DELETE', `/api/v1/api-tokens/${apiToken.id}`, { as }),
        call(harness.app, 'GET', `/api/v1/agents/${orgA.owner.id}`, { as }),
        call(harness.app, 'PATCH', `/api/v1/agents/${agent.id}`, { as, body: { isActive: false } }),
        call(harness.app, 'DELETE', `/api/v1/invitations/${invitationId}`, { as }),
      ]);
      for (const response of attempts) assertError(response, 404, 'not_found');

      const { items, bodies } = await listAll(as);
      assert.ok(items.every((item) => item.agentId === orgB.owner.id));
      assert.ok(!items.some((item) => item.id === apiToken.id));
      for (const body of bodies) assert.ok(!body.includes(orgA.owner.id));
    }
    const seenByB = await me({ token: tokenOfB });
    assert.equal(seenByB.json<Me>().organization.id, orgB.organizationId);

    assert.equal((await me({ token })).statusCode, 200, "A's token still works");
    assert.equal((await me(agent.session)).statusCode, 200, "A's agent is still active");
    const pending = await call(harness.app, 'GET', '/api/v1/invitations', { as: orgA.owner.session });
    const listed = pending
      .json<PageOf<{ id: string; status: string }>>()
      .items.find((i) => i.id === invitationId);
    assert.equal(listed?.status, 'pending');
  });
});
