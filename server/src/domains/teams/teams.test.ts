import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { withTenant } from '../../db/tenant.ts';
import {
  addAgent,
  type Credentials,
  call,
  createTestApp,
  errorOf,
  signUpOrganization,
  type TestApp,
  type TestOrganization,
} from '../../test/test-app.ts';
import type { Team } from './teams.schemas.ts';

type TeamPage = { items: Team[]; nextCursor: string | null };
type Person = { id: string; session: Credentials };

describe('teams', () => {
  let harness: TestApp;
  let orgA: TestOrganization;
  let orgB: TestOrganization;
  let agentA: Person;
  let adminA: Person;
  let agentB: Person;

  const send = (as: Credentials, method: string, url: string, body?: unknown) =>
    call(harness.app, method, url, { as, body });

  async function createTeam(org: TestOrganization, name: string, memberIds: string[] = []): Promise<Team> {
    const response = await send(org.owner.session, 'POST', '/api/v1/teams', { name, memberIds });
    assert.equal(response.statusCode, 201, response.body);
    return response.json<Team>();
  }

  const membershipCount = (organizationId: string, teamId: string) =>
    withTenant(harness.db, organizationId, async (tx) => {
      const [row] = await tx.query<{ count: number }>(
        'select count(*)::int as count from team_members where organization_id = $1 and team_id = $2',
        [organizationId, teamId],
      );
      return row?.count ?? 0;
    });

  before(async () => {
    harness = await createTestApp();
    orgA = await signUpOrganization(harness.app, 'Org A');
    orgB = await signUpOrganization(harness.app, 'Org B');
    agentA = await addAgent(harness.app, orgA, 'agent');
    adminA = await addAgent(harness.app, orgA, 'admin');
    agentB = await addAgent(harness.app, orgB, 'agent');
  });
  after(() => harness.close());

  describe('create', () => {
    test('returns 201 with the team, its members and an audit row', async () => {
      const response = await send(orgA.owner.session, 'POST', '/api/v1/teams', {
        name: '  Billing  ',
        description: 'Invoices and refunds',
        memberIds: [agentA.id, orgA.owner.id],
      });
      assert.equal(response.statusCode, 201, response.body);
      const team = response.json<Team>();
      assert.equal(team.name, 'Billing');
      assert.equal(team.description, 'Invoices and refunds');
      assert.deepEqual(team.memberIds, [agentA.id, orgA.owner.id].sort());

      const audit = await withTenant(harness.db, orgA.organizationId, (tx) =>
        tx.query<{
          action: string;
          actor_id: string;
          changes: { name: string; memberIds: string[]; managerId: string | null };
        }>(
          'select action, actor_id, changes from audit_events where organization_id = $1 and entity_id = $2',
          [orgA.organizationId, team.id],
        ),
      );
      assert.deepEqual(audit, [
        {
          action: 'team.created',
          actor_id: orgA.owner.id,
          changes: { name: 'Billing', memberIds: [agentA.id, orgA.owner.id], managerId: null },
        },
      ]);
    });

    test('an admin may create a team, with no members', async () => {
      const response = await send(adminA.session, 'POST', '/api/v1/teams', { name: 'Admins made this' });
      assert.equal(response.statusCode, 201, response.body);
      assert.deepEqual(response.json<Team>().memberIds, []);
    });

    test('a duplicate name, in any case, is 409 on name', async () => {
      await createTeam(orgA, 'Escalations');
      const response = await send(orgA.owner.session, 'POST', '/api/v1/teams', { name: 'ESCALATIONS' });
      assert.equal(response.statusCode, 409);
      assert.equal(errorOf(response).code, 'conflict');
      assert.equal(errorOf(response).details.field, 'name');
    });

    test('the same name may exist in another organization', async () => {
      await createTeam(orgA, 'Shared name');
      await createTeam(orgB, 'Shared name');
    });

    test('an unknown member id is 422 listing it, and nothing is created', async () => {
      const ghost = '01900000-0000-7000-8000-000000000000';
      const response = await send(orgA.owner.session, 'POST', '/api/v1/teams', {
        name: 'Ghosts',
        memberIds: [agentA.id, ghost],
      });
      assert.equal(response.statusCode, 422);
      assert.equal(errorOf(response).code, 'unprocessable');
      assert.deepEqual(errorOf(response).details.missing, [ghost]);
      const again = await send(orgA.owner.session, 'POST', '/api/v1/teams', { name: 'Ghosts' });
      assert.equal(again.statusCode, 201, 'the failed create left no row behind');
    });

    test('an empty or whitespace-only name is 400 on name', async () => {
      for (const name of ['', '   ']) {
        const response = await send(orgA.owner.session, 'POST', '/api/v1/teams', { name });
        assert.equal(response.statusCode, 400, `name ${JSON.stringify(name)}`);
        assert.equal(errorOf(response).code, 'validation_failed');
        assert.equal(errorOf(response).details.field, 'name');
      }
    });

    test('an unknown body property is 400', async () => {
      const response = await send(orgA.owner.session, 'POST', '/api/v1/teams', {
        name: 'Extra',
        colour: 'red',
      });
      assert.equal(response.statusCode, 400);
      assert.equal(errorOf(response).code, 'validation_failed');
      assert.equal(errorOf(response).details.field, 'colour');
    });
  });

  describe('read, change and delete', () => {
    test('GET returns one team; a non-uuid id is 400; an unknown one is 404', async () => {
      const team = await createTeam(orgA, 'Readable', [agentA.id]);
      const response = await send(agentA.session, 'GET', `/api/v1/teams/${team.id}`);
      assert.equal(response.statusCode, 200, response.body);
      assert.deepEqual(response.json<Team>(), team);

      const badId = await send(orgA.owner.session, 'GET', '/api/v1/teams/not-a-uuid');
      assert.equal(badId.statusCode, 400);
      assert.equal(errorOf(badId).code, 'validation_failed');
      const missing = await send(
        orgA.owner.session,
        'GET',
        '/api/v1/teams/01900000-0000-7000-8000-000000000001',
      );
      assert.equal(missing.statusCode, 404);
    });

    test('PATCH renames and describes, keeping what it is not given, and is audited', async () => {
      const team = await createTeam(orgA, 'Old name', [agentA.id]);
      const renamed = await send(orgA.owner.session, 'PATCH', `/api/v1/teams/${team.id}`, {
        name: 'New name',
      });
      assert.equal(renamed.statusCode, 200, renamed.body);
      assert.equal(renamed.json<Team>().name, 'New name');
      assert.equal(renamed.json<Team>().description, '');
      assert.deepEqual(renamed.json<Team>().memberIds, [agentA.id]);

      const described = await send(orgA.owner.session, 'PATCH', `/api/v1/teams/${team.id}`, {
        description: 'Handles the new things',
      });
      assert.equal(described.statusCode, 200, described.body);
      assert.equal(described.json<Team>().name, 'New name');
      assert.equal(described.json<Team>().description, 'Handles the new things');

      const audit = await withTenant(harness.db, orgA.organizationId, (tx) =>
        tx.query<{ changes: { before: { name: string }; after: { name: string } } }>(
          `select changes from audit_events
            where organization_id = $1 and entity_id = $2 and action = 'team.updated' order by id`,
          [orgA.organizationId, team.id],
        ),
      );
      assert.equal(audit.length, 2);
      assert.deepEqual(audit[0]?.changes.before.name, 'Old name');
      assert.deepEqual(audit[0]?.changes.after.name, 'New name');
    });

    test('PATCH to a taken name is 409; an empty body or a blank name is 400', async () => {
      await createTeam(orgA, 'Taken');
      const team = await createTeam(orgA, 'Free');
      const taken = await send(orgA.owner.session, 'PATCH', `/api/v1/teams/${team.id}`, { name: 'taken' });
      assert.equal(taken.statusCode, 409);
      assert.equal(errorOf(taken).details.field, 'name');
      const empty = await send(orgA.owner.session, 'PATCH', `/api/v1/teams/${team.id}`, {});
      assert.equal(empty.statusCode, 400);
      const blank = await send(orgA.owner.session, 'PATCH', `/api/v1/teams/${team.id}`, { name: ' ' });
      assert.equal(blank.statusCode, 400);
      assert.equal(errorOf(blank).details.field, 'name');
    });

    test('PUT a member adds once however often it is sent; DELETE removes, also idempotently', async () => {
      const team = await createTeam(orgA, 'Membership');
      const url = `/api/v1/teams/${team.id}/members/${agentA.id}`;
      for (let i = 0; i < 2; i++) {
        const added = await send(orgA.owner.session, 'PUT', url);
        assert.equal(added.statusCode, 200, added.body);
        assert.deepEqual(added.json<Team>().memberIds, [agentA.id]);
      }
      assert.equal(await membershipCount(orgA.organizationId, team.id), 1);

      for (let i = 0; i < 2; i++) {
        const removed = await send(orgA.owner.session, 'DELETE', url);
        assert.equal(removed.statusCode, 200, removed.body);
        assert.deepEqual(removed.json<Team>().memberIds, []);
      }
      assert.equal(await membershipCount(orgA.organizationId, team.id), 0);

      const actions = await withTenant(harness.db, orgA.organizationId, (tx) =>
        tx.query<{ action: string }>(
          'select action from audit_events where organization_id = $1 and entity_id = $2 order by id',
          [orgA.organizationId, team.id],
        ),
      );
      // The repeated add and remove changed nothing, so they left no history.
      assert.deepEqual(
        actions.map((row) => row.action),
        ['team.created', 'team.member_added', 'team.member_removed'],
      );
    });

    test('adding an unknown agent is 404; a non-uuid agent id is 400', async () => {
      const team = await createTeam(orgA, 'Unknown members');
      const unknown = await send(
        orgA.owner.session,
        'PUT',
        `/api/v1/teams/${team.id}/members/01900000-0000-7000-8000-000000000002`,
      );
      assert.equal(unknown.statusCode, 404);
      assert.equal(errorOf(unknown).code, 'not_found');
      const badId = await send(orgA.owner.session, 'PUT', `/api/v1/teams/${team.id}/members/nope`);
      assert.equal(badId.statusCode, 400);
    });

    test('DELETE is 204, then the team is gone with its memberships, and it is audited', async () => {
      const team = await createTeam(orgA, 'Doomed', [agentA.id, adminA.id]);
      assert.equal(await membershipCount(orgA.organizationId, team.id), 2);
      const deleted = await send(orgA.owner.session, 'DELETE', `/api/v1/teams/${team.id}`);
      assert.equal(deleted.statusCode, 204, deleted.body);
      assert.equal(deleted.body, '');

      const read = await send(orgA.owner.session, 'GET', `/api/v1/teams/${team.id}`);
      assert.equal(read.statusCode, 404);
      assert.equal(await membershipCount(orgA.organizationId, team.id), 0);
      const again = await send(orgA.owner.session, 'DELETE', `/api/v1/teams/${team.id}`);
      assert.equal(again.statusCode, 404);

      const audit = await withTenant(harness.db, orgA.organizationId, (tx) =>
        tx.query<{ changes: { name: string } }>(
          `select changes from audit_events where organization_id = $1 and entity_id = $2 and action = 'team.deleted'`,
          [orgA.organizationId, team.id],
        ),
      );
      assert.deepEqual(
        audit.map((row) => row.changes),
        [{ name: 'Doomed' }],
      );
    });
  });

  describe('manager', () => {
    test('a team gets, changes and clears its manager; only an active agent of its organization', async () => {
      const created = await send(orgA.owner.session, 'POST', '/api/v1/teams', {
        name: 'Managed',
        managerId: adminA.id,
      });
      assert.equal(created.statusCode, 201, created.body);
      const team = created.json<Team>();
      assert.equal(team.managerId, adminA.id);
      assert.equal((await createTeam(orgA, 'Unmanaged')).managerId, null);

      const changed = await send(orgA.owner.session, 'PATCH', `/api/v1/teams/${team.id}`, {
        managerId: agentA.id,
      });
      assert.equal(changed.statusCode, 200, changed.body);
      assert.equal(changed.json<Team>().managerId, agentA.id);
      const renamed = await send(orgA.owner.session, 'PATCH', `/api/v1/teams/${team.id}`, {
        name: 'Managed too',
      });
      assert.equal(renamed.json<Team>().managerId, agentA.id, 'a change without managerId keeps the manager');

      const foreign = await send(orgA.owner.session, 'PATCH', `/api/v1/teams/${team.id}`, {
        managerId: agentB.id,
      });
      assert.equal(foreign.statusCode, 422, foreign.body);
      assert.equal(errorOf(foreign).details.field, 'managerId');
      const inactive = await addAgent(harness.app, orgA, 'agent');
      const deactivated = await send(orgA.owner.session, 'PATCH', `/api/v1/agents/${inactive.id}`, {
        isActive: false,
      });
      assert.equal(deactivated.statusCode, 200, deactivated.body);
      const refused = await send(orgA.owner.session, 'POST', '/api/v1/teams', {
        name: 'Led by nobody',
        managerId: inactive.id,
      });
      assert.equal(refused.statusCode, 422, refused.body);
      assert.equal(errorOf(refused).details.field, 'managerId');

      const cleared = await send(orgA.owner.session, 'PATCH', `/api/v1/teams/${team.id}`, {
        managerId: null,
      });
      assert.equal(cleared.json<Team>().managerId, null);
      const notAdmin = await send(agentA.session, 'PATCH', `/api/v1/teams/${team.id}`, {
        managerId: agentA.id,
      });
      assert.equal(notAdmin.statusCode, 403, notAdmin.body);
    });
  });

  describe('list', () => {
    test('pages by cursor through every team once, ending with a null cursor', async () => {
      const org = await signUpOrganization(harness.app, 'Paging Org');
      const created = [
        await createTeam(org, 'One'),
        await createTeam(org, 'Two'),
        await createTeam(org, 'Three'),
      ];

      const first = await call(harness.app, 'GET', '/api/v1/teams', {
        as: org.owner.session,
        query: { limit: '2' },
      });
      assert.equal(first.statusCode, 200, first.body);
      const page1 = first.json<TeamPage>();
      assert.equal(page1.items.length, 2);
      assert.ok(page1.nextCursor);

      const second = await call(harness.app, 'GET', '/api/v1/teams', {
        as: org.owner.session,
        query: { limit: '2', cursor: page1.nextCursor },
      });
      assert.equal(second.statusCode, 200, second.body);
      const page2 = second.json<TeamPage>();
      assert.equal(page2.items.length, 1);
      assert.equal(page2.nextCursor, null);
      assert.deepEqual(
        [...page1.items, ...page2.items].map((team) => team.name),
        created.map((team) => team.name),
      );
    });

    test('a garbage cursor is 400 on cursor', async () => {
      const response = await call(harness.app, 'GET', '/api/v1/teams', {
        as: orgA.owner.session,
        query: { cursor: 'not-a-cursor' },
      });
      assert.equal(response.statusCode, 400);
      assert.equal(errorOf(response).code, 'validation_failed');
      assert.equal(errorOf(response).details.field, 'cursor');
    });
  });

  describe('roles', () => {
    test('an agent can list and read teams but not change them', async () => {
      const team = await createTeam(orgA, 'Agents look, admins touch');
      const list = await send(agentA.session, 'GET', '/api/v1/teams');
      assert.equal(list.statusCode, 200);
      assert.ok(list.json<TeamPage>().items.some((item) => item.id === team.id));
      assert.equal((await send(agentA.session, 'GET', `/api/v1/teams/${team.id}`)).statusCode, 200);

      const attempts: [string, string, unknown][] = [
        ['POST', '/api/v1/teams', { name: 'By an agent' }],
        ['PATCH', `/api/v1/teams/${team.id}`, { name: 'Renamed by an agent' }],
        ['PUT', `/api/v1/teams/${team.id}/members/${agentA.id}`, undefined],
        ['DELETE', `/api/v1/teams/${team.id}/members/${agentA.id}`, undefined],
        ['DELETE', `/api/v1/teams/${team.id}`, undefined],
      ];
      for (const [method, url, body] of attempts) {
        const response = await send(agentA.session, method, url, body);
        assert.equal(response.statusCode, 403, `${method} ${url}`);
        assert.equal(errorOf(response).code, 'forbidden');
      }
      const unchanged = await send(orgA.owner.session, 'GET', `/api/v1/teams/${team.id}`);
      assert.deepEqual(unchanged.json<Team>(), team);
    });
  });

  describe('tenancy', () => {
    test("organization B gets 404 for organization A's team, and A's team is untouched", async () => {
      const team = await createTeam(orgA, 'Private to A', [agentA.id]);
      const asB = orgB.owner.session;
      const attempts: [string, string, unknown][] = [
        ['GET', `/api/v1/teams/${team.id}`, undefined],
        ['PATCH', `/api/v1/teams/${team.id}`, { name: 'Taken over' }],
        ['PUT', `/api/v1/teams/${team.id}/members/${orgB.owner.id}`, undefined],
        ['DELETE', `/api/v1/teams/${team.id}/members/${agentA.id}`, undefined],
        ['DELETE', `/api/v1/teams/${team.id}`, undefined],
      ];
      for (const [method, url, body] of attempts) {
        const response = await send(asB, method, url, body);
        assert.equal(response.statusCode, 404, `${method} ${url}: ${response.body}`);
      }
      const unchanged = await send(orgA.owner.session, 'GET', `/api/v1/teams/${team.id}`);
      assert.deepEqual(unchanged.json<Team>(), team);
    });

    test("adding A's agent to B's team is 404, and creating with A's agent is 422", async () => {
      const team = await createTeam(orgB, 'B only', [agentB.id]);
      const added = await send(orgB.owner.session, 'PUT', `/api/v1/teams/${team.id}/members/${agentA.id}`);
      assert.equal(added.statusCode, 404);
      assert.equal(await membershipCount(orgB.organizationId, team.id), 1);
      const created = await send(orgB.owner.session, 'POST', '/api/v1/teams', {
        name: 'Poachers',
        memberIds: [agentA.id],
      });
      assert.equal(created.statusCode, 422);
      assert.deepEqual(errorOf(created).details.missing, [agentA.id]);
    });

    test("B's list never contains A's teams", async () => {
      const team = await createTeam(orgA, 'Invisible to B');
      const ownIds = new Set<string>();
      let cursor: string | null = null;
      do {
        const response: LightMyRequestResponse = await call(harness.app, 'GET', '/api/v1/teams', {
          as: orgB.owner.session,
          query: { limit: '1', ...(cursor ? { cursor } : {}) },
        });
        assert.equal(response.statusCode, 200, response.body);
        const page = response.json<TeamPage>();
        for (const item of page.items) ownIds.add(item.id);
        cursor = page.nextCursor;
      } while (cursor);
      assert.ok(ownIds.size > 0);
      assert.ok(!ownIds.has(team.id));
      const rows = await withTenant(harness.db, orgB.organizationId, (tx) =>
        tx.query<{ id: string }>('select id from teams where organization_id = $1', [orgB.organizationId]),
      );
      assert.deepEqual([...ownIds].sort(), rows.map((row) => row.id).sort());
    });
  });
});
