import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { withTenant } from '../../db/tenant.ts';
import {
  addAgent,
  assertError,
  type Credentials,
  call,
  createTestApp,
  signUpOrganization,
  type TestApp,
  type TestOrganization,
} from '../../test/test-app.ts';
import { createTeam, namesOf } from '../automations/automation-test-helpers.ts';
import type { Macro } from './macros.schemas.ts';

type Person = { id: string; session: Credentials };

describe('macros: saving, listing and who may change them', () => {
  let harness: TestApp;
  let orgA: TestOrganization;
  let orgB: TestOrganization;
  let adminA: Person;
  let agentA: Person;
  let agentA2: Person;

  const send = (as: Credentials, method: string, url: string, body?: unknown) =>
    call(harness.app, method, url, { as, body });

  async function create(as: Credentials, body: Record<string, unknown>): Promise<Macro> {
    const response = await send(as, 'POST', '/api/v1/macros', body);
    assert.equal(response.statusCode, 201, response.body);
    return response.json<Macro>();
  }

  const names = async (as: Credentials) =>
    (await send(as, 'GET', '/api/v1/macros')).json<{ items: Macro[] }>().items.map((macro) => macro.name);

  const TAG = [{ type: 'add_tags', tags: ['vip'] }];

  before(async () => {
    harness = await createTestApp();
    orgA = await signUpOrganization(harness.app, 'Org A');
    orgB = await signUpOrganization(harness.app, 'Org B');
    adminA = await addAgent(harness.app, orgA, 'admin');
    agentA = await addAgent(harness.app, orgA, 'agent');
    agentA2 = await addAgent(harness.app, orgA, 'agent');
  });
  after(() => harness.close());

  test('an agent saves personal macros; only admins save shared ones', async () => {
    const mine = await create(agentA.session, { name: 'My triage', actions: TAG });
    assert.equal(mine.scope, 'personal');
    assert.equal(mine.ownerId, agentA.id);
    assert.equal(mine.schemaVersion, 1);
    assert.deepEqual(mine.actions, TAG);
    const refused = await send(agentA.session, 'POST', '/api/v1/macros', {
      name: 'For everyone',
      scope: 'shared',
      actions: TAG,
    });
    assertError(refused, 403, 'forbidden');
    const shared = await create(adminA.session, { name: 'Refund request', scope: 'shared', actions: TAG });
    assert.equal(shared.scope, 'shared');
    assert.equal(shared.ownerId, null);
  });

  test('agents see the shared macros and their own personal ones, shared first, in position order', async () => {
    await create(adminA.session, { name: 'Alpha shared', scope: 'shared', position: 9, actions: TAG });
    await create(agentA2.session, { name: 'Not for agent A', actions: TAG });
    await create(agentA.session, { name: 'Another of mine', actions: TAG });
    const seen = await names(agentA.session);
    assert.ok(!seen.includes('Not for agent A'));
    // Each list is last-in by default; an explicit position (9) goes after the others, ties by name.
    assert.deepEqual(seen, ['Refund request', 'Alpha shared', 'My triage', 'Another of mine']);
    const sharedOnly = await call(harness.app, 'GET', '/api/v1/macros', {
      as: agentA.session,
      query: { scope: 'shared' },
    });
    assert.deepEqual(
      sharedOnly.json<{ items: Macro[] }>().items.map((macro) => macro.name),
      ['Refund request', 'Alpha shared'],
    );
  });

  test("an agent changes and deletes their own macros, never shared ones or a colleague's", async () => {
    const mine = await create(agentA.session, { name: 'Draft', actions: TAG });
    const renamed = await send(agentA.session, 'PATCH', `/api/v1/macros/${mine.id}`, {
      name: 'Final',
      description: 'Tags VIPs',
      actions: [{ type: 'remove_tags', tags: ['vip'] }],
    });
    assert.equal(renamed.statusCode, 200, renamed.body);
    assert.equal(renamed.json<Macro>().name, 'Final');
    assert.equal(renamed.json<Macro>().description, 'Tags VIPs');
    assert.deepEqual(renamed.json<Macro>().actions, [{ type: 'remove_tags', tags: ['vip'] }]);
    const theirs = await create(agentA2.session, { name: 'Theirs', actions: TAG });
    assertError(await send(agentA.session, 'GET', `/api/v1/macros/${theirs.id}`), 404, 'not_found');
    assertError(await send(agentA.session, 'DELETE', `/api/v1/macros/${theirs.id}`), 404, 'not_found');
    const shared = await create(adminA.session, { name: 'Shared', scope: 'shared', actions: TAG });
    assertError(
      await send(agentA.session, 'PATCH', `/api/v1/macros/${shared.id}`, { name: 'Mine now' }),
      403,
      'forbidden',
    );
    assertError(await send(agentA.session, 'DELETE', `/api/v1/macros/${shared.id}`), 403, 'forbidden');
    assert.equal((await send(adminA.session, 'DELETE', `/api/v1/macros/${shared.id}`)).statusCode, 204);
    assert.equal((await send(agentA.session, 'DELETE', `/api/v1/macros/${mine.id}`)).statusCode, 204);
    const history = await withTenant(harness.db, orgA.organizationId, (tx) =>
      tx.query<{ action: string }>(
        'select action from audit_events where organization_id = $1 and entity_id = $2 order by id',
        [orgA.organizationId, mine.id],
      ),
    );
    assert.deepEqual(
      history.map((row) => row.action),
      ['macro.created', 'macro.updated', 'macro.deleted'],
    );
  });

  test('ids of another organization are refused at save, naming the field; so are bad replies', async () => {
    const foreign = await namesOf(harness, orgB.owner.session);
    const foreignTeam = await createTeam(harness, orgB.owner.session, 'Billing');
    const own = await namesOf(harness, orgA.owner.session);
    const cases: [unknown[], string][] = [
      [[{ type: 'set_team', teamId: foreignTeam }], 'actions.0.teamId'],
      [[TAG[0], { type: 'set_status', statusId: Object.values(foreign.statuses)[0] }], 'actions.1.statusId'],
      [[{ type: 'set_priority', priorityId: Object.values(foreign.priorities)[0] }], 'actions.0.priorityId'],
      [[{ type: 'set_assignee', assigneeId: orgB.owner.id }], 'actions.0.assigneeId'],
      [[{ type: 'set_custom_field', key: 'plan', value: 'gold' }], 'actions.0.key'],
      [[{ type: 'reply', body: 'Hi {{requester.nickname}}' }], 'actions.0.body'],
      [
        [
          { type: 'reply', body: 'One' },
          { type: 'reply', body: 'Two' },
        ],
        'actions.1',
      ],
    ];
    for (const [actions, field] of cases) {
      const response = await send(agentA.session, 'POST', '/api/v1/macros', { name: 'Bad', actions });
      assertError(response, 422, 'unprocessable', { field });
    }
    const foreignResponse = await send(orgB.owner.session, 'POST', '/api/v1/canned-responses', {
      title: 'Theirs',
      body: 'Hello',
      scope: 'shared',
    });
    const cannedReply = [{ type: 'reply', cannedResponseId: foreignResponse.json<{ id: string }>().id }];
    assertError(
      await send(agentA.session, 'POST', '/api/v1/macros', { name: 'Bad', actions: cannedReply }),
      422,
      'unprocessable',
      { field: 'actions.0.cannedResponseId' },
    );
    // A shared macro may not reply with one agent's personal canned response.
    const personal = await send(adminA.session, 'POST', '/api/v1/canned-responses', {
      title: 'Mine',
      body: 'Hello',
    });
    const personalReply = [{ type: 'reply', cannedResponseId: personal.json<{ id: string }>().id }];
    assertError(
      await send(adminA.session, 'POST', '/api/v1/macros', {
        name: 'Bad',
        scope: 'shared',
        actions: personalReply,
      }),
      422,
      'unprocessable',
      { field: 'actions.0.cannedResponseId' },
    );
    await create(adminA.session, { name: 'Fine', actions: personalReply });
    await create(agentA.session, {
      name: 'Solve',
      actions: [{ type: 'set_status', statusId: Object.values(own.statuses)[0] }],
    });
  });

  test('unknown action types and fields are refused by the schema', async () => {
    for (const actions of [
      [{ type: 'webhook', url: 'https://example.test' }],
      [{ type: 'add_tags', tags: ['a'], extra: true }],
      [],
    ]) {
      const response = await send(agentA.session, 'POST', '/api/v1/macros', { name: 'Bad', actions });
      assert.equal(response.statusCode, 400, response.body);
    }
  });
});
