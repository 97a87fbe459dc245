import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { PageOf } from '../../lib/pagination.ts';
import {
  addAgent,
  assertError,
  type Credentials,
  call,
  createTestApp,
  type ErrorBody,
  PASSWORD,
  signUpOrganization,
  type TestApp,
  type TestOrganization,
} from '../../test/test-app.ts';
import type { Agent } from './people.schemas.ts';

type Member = Awaited<ReturnType<typeof addAgent>>;

// Accepting invitations (addAgent) is rate-limited to 20 a minute per app and login to 30: keep both low.
describe('agents', () => {
  let harness: TestApp;
  let orgA: TestOrganization;
  let orgB: TestOrganization;
  let admin: Member;
  let agent: Member;

  before(async () => {
    harness = await createTestApp();
    orgA = await signUpOrganization(harness.app, 'Org A');
    orgB = await signUpOrganization(harness.app, 'Org B');
    admin = await addAgent(harness.app, orgA, 'admin');
    agent = await addAgent(harness.app, orgA, 'agent');
  });
  after(() => harness.close());

  const patch = (as: Credentials, id: string, body: unknown) =>
    call(harness.app, 'PATCH', `/api/v1/agents/${id}`, { as, body });

  async function list(as: Credentials, query: Record<string, string> = {}): Promise<PageOf<Agent>> {
    const response = await call(harness.app, 'GET', '/api/v1/agents', { as, query });
    assert.equal(response.statusCode, 200, response.body);
    return response.json<PageOf<Agent>>();
  }

  const me = (as: Credentials) => call(harness.app, 'GET', '/api/v1/auth/me', { as });

  test('any agent lists the organization by keyset pages and reads one agent', async () => {
    const all = await list(agent.session);
    assert.deepEqual(
      all.items.map((a) => a.id),
      [orgA.owner.id, admin.id, agent.id],
    );
    assert.equal(all.nextCursor, null);

    const first = await list(agent.session, { limit: '2' });
    assert.equal(first.items.length, 2);
    assert.ok(first.nextCursor);
    const rest = await list(agent.session, { limit: '2', cursor: first.nextCursor });
    assert.equal(rest.nextCursor, null);
    assert.deepEqual(
      [...first.items, ...rest.items].map((a) => a.id),
      all.items.map((a) => a.id),
    );

    const one = await call(harness.app, 'GET', `/api/v1/agents/${admin.id}`, { as: agent.session });
    assert.equal(one.statusCode, 200, one.body);
    assert.deepEqual(
      one.json<Agent>(),
      all.items.find((a) => a.id === admin.id),
    );
    assert.equal(one.json<Agent>().role, 'admin');
    assert.equal(one.json<Agent>().email, admin.email);
    assert.ok(!one.body.includes('password'), 'no password hash leaves the server');

    assertError(
      await call(harness.app, 'GET', `/api/v1/agents/${randomUUID()}`, { as: agent.session }),
      404,
      'not_found',
    );
    assertError(
      await call(harness.app, 'GET', '/api/v1/agents/not-a-uuid', { as: agent.session }),
      400,
      'validation_failed',
    );
  });

  test('the list filters by name or email and by active state', async () => {
    const org = await signUpOrganization(harness.app, 'Filter Org');
    const zed = await addAgent(harness.app, org, 'agent');
    const quiet = await addAgent(harness.app, org, 'agent');
    assert.equal((await patch(org.owner.session, zed.id, { name: 'Zebediah Quill' })).statusCode, 200);

    const byName = await list(org.owner.session, { q: 'zebediah' });
    assert.deepEqual(
      byName.items.map((a) => a.id),
      [zed.id],
    );
    const byEmail = await list(org.owner.session, { q: quiet.email.slice(0, 14).toUpperCase() });
    assert.deepEqual(
      byEmail.items.map((a) => a.id),
      [quiet.id],
    );
    assert.deepEqual((await list(org.owner.session, { q: 'nobody-by-this-name' })).items, []);
    // The search is a substring match: LIKE wildcards in it match only themselves.
    for (const q of ['%', '_', 'Zebediah_Quill', '\\']) {
      assert.deepEqual((await list(org.owner.session, { q })).items, [], `q=${q}`);
    }

    assert.equal((await patch(org.owner.session, quiet.id, { isActive: false })).statusCode, 200);
    const inactive = await list(org.owner.session, { isActive: 'false' });
    assert.deepEqual(
      inactive.items.map((a) => a.id),
      [quiet.id],
    );
    const active = await list(org.owner.session, { isActive: 'true' });
    assert.deepEqual(
      active.items.map((a) => a.id),
      [org.owner.id, zed.id],
    );
    assert.equal((await list(org.owner.session)).items.length, 3);
  });

  test('an admin renames an agent and makes them an admin', async () => {
    const renamed = await patch(admin.session, agent.id, { name: 'Renamed Agent' });
    assert.equal(renamed.statusCode, 200, renamed.body);
    assert.equal(renamed.json<Agent>().name, 'Renamed Agent');
    assert.equal(renamed.json<Agent>().role, 'agent');

    const promoted = await patch(admin.session, agent.id, { role: 'admin' });
    assert.equal(promoted.statusCode, 200, promoted.body);
    assert.equal(promoted.json<Agent>().role, 'admin');
    assert.equal(promoted.json<Agent>().name, 'Renamed Agent');
    // The role is read on every request, so the change applies to the agent's open session at once.
    const seen = await me(agent.session);
    assert.equal(seen.json<{ agent: Agent }>().agent.role, 'admin');

    const demoted = await patch(admin.session, agent.id, { role: 'agent' });
    assert.equal(demoted.json<Agent>().role, 'agent');
  });

  test('only an owner changes an owner or makes one', async () => {
    assertError(await patch(admin.session, orgA.owner.id, { name: 'Not Olive' }), 403, 'forbidden');
    assertError(await patch(admin.session, orgA.owner.id, { role: 'agent' }), 403, 'forbidden');
    assertError(await patch(admin.session, orgA.owner.id, { isActive: false }), 403, 'forbidden');
    assertError(await patch(admin.session, agent.id, { role: 'owner' }), 403, 'forbidden');
    assertError(await patch(admin.session, admin.id, { role: 'owner' }), 403, 'forbidden');
    const owner = await call(harness.app, 'GET', `/api/v1/agents/${orgA.owner.id}`, { as: admin.session });
    assert.equal(owner.json<Agent>().role, 'owner');
    assert.equal(owner.json<Agent>().name, 'Olive Owner');
  });

  test('an agent cannot change anyone, themselves included', async () => {
    assertError(await patch(agent.session, admin.id, { name: 'Hacked' }), 403, 'forbidden');
    assertError(await patch(agent.session, agent.id, { role: 'admin' }), 403, 'forbidden');
  });

  test('an update needs at least one known field', async () => {
    assertError(await patch(admin.session, agent.id, {}), 400, 'validation_failed');
    const unknown = await patch(admin.session, agent.id, { email: 'new@example.test' });
    assertError(unknown, 400, 'validation_failed');
    assert.equal(unknown.json<ErrorBody>().error.details.field, 'email');
    assertError(await patch(admin.session, agent.id, { name: '   ' }), 400, 'validation_failed');
    assertError(await patch(admin.session, randomUUID(), { name: 'Nobody' }), 404, 'not_found');
  });

  test('an owner hands over ownership; the last active owner cannot step down', async () => {
    const org = await signUpOrganization(harness.app, 'Handover Org');
    const heir = await addAgent(harness.app, org, 'agent');

    const crowned = await patch(org.owner.session, heir.id, { role: 'owner' });
    assert.equal(crowned.statusCode, 200, crowned.body);
    assert.equal(crowned.json<Agent>().role, 'owner');
    const stepped = await patch(org.owner.session, org.owner.id, { role: 'admin' });
    assert.equal(stepped.statusCode, 200, stepped.body);
    assert.equal(stepped.json<Agent>().role, 'admin');

    // The former owner is an admin now and cannot touch the owner.
    assertError(await patch(org.owner.session, heir.id, { role: 'agent' }), 403, 'forbidden');
    // The heir is the only owner left.
    assertError(await patch(heir.session, heir.id, { role: 'admin' }), 409, 'conflict');
    assertError(await patch(heir.session, heir.id, { isActive: false }), 409, 'conflict');
    const still = await me(heir.session);
    assert.equal(still.statusCode, 200);
    assert.equal(still.json<{ agent: Agent }>().agent.role, 'owner');
    // A rename of the last owner is fine.
    assert.equal((await patch(heir.session, heir.id, { name: 'Heir Apparent' })).statusCode, 200);
  });

  test('an inactive owner does not count as the other owner', async () => {
    const org = await signUpOrganization(harness.app, 'Dormant Org');
    const second = await addAgent(harness.app, org, 'agent');
    assert.equal((await patch(org.owner.session, second.id, { role: 'owner' })).statusCode, 200);
    assert.equal((await patch(org.owner.session, second.id, { isActive: false })).statusCode, 200);
    assertError(await patch(org.owner.session, org.owner.id, { role: 'admin' }), 409, 'conflict');
  });

  test('two owners stepping down at the same moment leave one owner', async () => {
    // Run a few times: on PostgreSQL the two updates really do overlap.
    for (let round = 0; round < 3; round++) {
      const org = await signUpOrganization(harness.app, 'Race Org');
      const second = await addAgent(harness.app, org, 'agent');
      assert.equal((await patch(org.owner.session, second.id, { role: 'owner' })).statusCode, 200);
      const results = await Promise.all([
        patch(org.owner.session, org.owner.id, { role: 'admin' }),
        patch(second.session, second.id, { isActive: false }),
      ]);
      assert.deepEqual(
        results.map((r) => r.statusCode).sort(),
        [200, 409],
        results.map((r) => r.body).join(),
      );
      const owners = (await list(org.owner.session)).items.filter((a) => a.role === 'owner' && a.isActive);
      assert.equal(owners.length, 1);
    }
  });

  test('deactivating an agent ends their sessions and API tokens, and they cannot sign in', async () => {
    const org = await signUpOrganization(harness.app, 'Offboarding Org');
    const leaver = await addAgent(harness.app, org, 'admin');
    const created = await call(harness.app, 'POST', '/api/v1/api-tokens', {
      as: leaver.session,
      body: { name: 'Leaver script' },
    });
    assert.equal(created.statusCode, 201, created.body);
    const token = { token: created.json<{ token: string }>().token };
    assert.equal((await me(token)).statusCode, 200);
    assert.equal((await me(leaver.session)).statusCode, 200);

    const deactivated = await patch(org.owner.session, leaver.id, { isActive: false });
    assert.equal(deactivated.statusCode, 200, deactivated.body);
    assert.equal(deactivated.json<Agent>().isActive, false);

    assertError(await me(leaver.session), 401, 'unauthenticated');
    assertError(await me(token), 401, 'unauthenticated');
    const login = await call(harness.app, 'POST', '/api/v1/auth/login', {
      body: { email: leaver.email, password: PASSWORD },
    });
    assertError(login, 401, 'invalid_credentials');
    assert.equal(
      login.cookies.find((c) => c.name === 'ac_session'),
      undefined,
    );

    // Reactivated, they sign in afresh; the old session stays ended.
    assert.equal((await patch(org.owner.session, leaver.id, { isActive: true })).statusCode, 200);
    assertError(await me(leaver.session), 401, 'unauthenticated');
    const again = await call(harness.app, 'POST', '/api/v1/auth/login', {
      body: { email: leaver.email, password: PASSWORD },
    });
    assert.equal(again.statusCode, 200, again.body);
  });

  test("another organization gets 404 for this organization's agents and never lists them", async () => {
    for (const id of [orgA.owner.id, admin.id, agent.id]) {
      assertError(
        await call(harness.app, 'GET', `/api/v1/agents/${id}`, { as: orgB.owner.session }),
        404,
        'not_found',
      );
      assertError(await patch(orgB.owner.session, id, { name: 'Taken Over' }), 404, 'not_found');
      assertError(await patch(orgB.owner.session, id, { isActive: false }), 404, 'not_found');
    }
    const seenByB = await list(orgB.owner.session, { limit: '200' });
    assert.deepEqual(
      seenByB.items.map((a) => a.id),
      [orgB.owner.id],
    );
    const searchedByB = await list(orgB.owner.session, { q: admin.email });
    assert.deepEqual(searchedByB.items, []);
    const untouched = await call(harness.app, 'GET', `/api/v1/agents/${admin.id}`, {
      as: orgA.owner.session,
    });
    assert.equal(untouched.json<Agent>().isActive, true);
    assert.notEqual(untouched.json<Agent>().name, 'Taken Over');
  });
});
