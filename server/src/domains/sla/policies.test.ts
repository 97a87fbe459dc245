import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { withTenant } from '../../db/tenant.ts';
import {
  addAgent,
  assertError,
  type Credentials,
  call,
  createTestApp,
  signInContact,
  signUpOrganization,
  type TestApp,
  type TestOrganization,
} from '../../test/test-app.ts';
import type { Policy } from './sla.schemas.ts';
import {
  ANY_PRIORITY,
  createPolicy as create,
  makePolicyReferences,
  POLICIES,
  type PolicyReferences,
} from './sla-test-helpers.ts';

describe('SLA policies', () => {
  let harness: TestApp;
  let orgA: TestOrganization;
  let orgB: TestOrganization;
  let agentA: { id: string; session: Credentials };

  const send = (as: Credentials, method: string, url: string, body?: unknown) =>
    call(harness.app, method, url, { as, body });

  /** A fresh organization per test that counts positions, so each starts with no policies. */
  async function organization(): Promise<{ org: TestOrganization; refs: PolicyReferences }> {
    const org = await signUpOrganization(harness.app, 'Policies');
    return { org, refs: await makePolicyReferences(harness.app, org) };
  }

  const createPolicy = (org: TestOrganization, body: Record<string, unknown>) =>
    create(harness.app, org, body);

  async function policies(org: TestOrganization): Promise<Policy[]> {
    const response = await send(org.owner.session, 'GET', POLICIES);
    assert.equal(response.statusCode, 200, response.body);
    return response.json<{ items: Policy[] }>().items;
  }

  const auditOf = (org: TestOrganization, entityId: string) =>
    withTenant(harness.db, org.organizationId, (tx) =>
      tx.query<{ action: string; changes: Record<string, unknown> }>(
        'select action, changes from audit_events where organization_id = $1 and entity_id = $2 order by id',
        [org.organizationId, entityId],
      ),
    );

  before(async () => {
    harness = await createTestApp();
    orgA = await signUpOrganization(harness.app, 'Policies A');
    orgB = await signUpOrganization(harness.app, 'Policies B');
    agentA = await addAgent(harness.app, orgA, 'agent');
  });
  after(() => harness.close());

  describe('create and read', () => {
    test('the defaults: enabled, matches every ticket, default calendar, business hours, resolution pauses, 75%', async () => {
      const { org } = await organization();
      const policy = await createPolicy(org, { name: ' Standard ' });
      assert.deepEqual(
        { ...policy, id: undefined, createdAt: undefined, updatedAt: undefined },
        {
          id: undefined,
          name: 'Standard',
          position: 1,
          enabled: true,
          conditions: {},
          targets: ANY_PRIORITY,
          calendarId: null,
          hours: 'business',
          pausableTimers: ['resolution'],
          atRisk: { percent: 75 },
          createdAt: undefined,
          updatedAt: undefined,
        },
      );
      const fetched = await send(org.owner.session, 'GET', `${POLICIES}/${policy.id}`);
      assert.deepEqual(fetched.json(), policy);
      assert.deepEqual(
        (await auditOf(org, policy.id)).map((event) => event.action),
        ['sla_policy.created'],
      );
    });

    test('every part round-trips; new policies go last', async () => {
      const { org, refs } = await organization();
      const first = await createPolicy(org, { name: 'First' });
      const body = {
        name: 'Enterprise',
        enabled: false,
        conditions: {
          priorityIds: [refs.priorities.Urgent, refs.priorities.High],
          teamIds: [refs.teamId],
          companies: ['Acme Corp'],
          tags: ['vip'],
          sources: ['email', 'portal'],
          customFields: [{ key: 'plan', values: ['gold'] }],
        },
        targets: [
          {
            priorityId: refs.priorities.Urgent,
            firstResponseMinutes: 15,
            nextResponseMinutes: 30,
            resolutionMinutes: 240,
          },
          { priorityId: null, resolutionMinutes: 2880 },
        ],
        calendarId: refs.calendarId,
        hours: 'calendar',
        pausableTimers: ['next_response', 'resolution'],
        atRisk: { minutesBefore: 30 },
      };
      const policy = await createPolicy(org, body);
      const { id, position, createdAt, updatedAt, ...parts } = policy;
      assert.deepEqual(parts, body);
      assert.deepEqual([first.position, position], [1, 2]);
      assert.deepEqual(
        (await policies(org)).map((listed) => listed.id),
        [first.id, id],
      );
    });
  });

  describe('change and delete', () => {
    test('PATCH replaces the parts given; calendarId null returns to the default, omitted keeps it', async () => {
      const { org, refs } = await organization();
      const policy = await createPolicy(org, {
        name: 'Gold',
        calendarId: refs.calendarId,
        conditions: { tags: ['vip'] },
      });
      const patch = (body: unknown) => send(org.owner.session, 'PATCH', `${POLICIES}/${policy.id}`, body);

      const renamed = await patch({ name: 'Gold plus', atRisk: { percent: 50 } });
      assert.equal(renamed.statusCode, 200, renamed.body);
      assert.deepEqual(
        { ...renamed.json<Policy>(), updatedAt: policy.updatedAt },
        { ...policy, name: 'Gold plus', atRisk: { percent: 50 } },
      );
      const retargeted = await patch({
        conditions: { sources: ['api'] },
        targets: [{ priorityId: refs.priorities.Low, resolutionMinutes: 10_000 }],
        pausableTimers: [],
        hours: 'calendar',
        enabled: false,
      });
      assert.equal(retargeted.statusCode, 200, retargeted.body);
      const changed = retargeted.json<Policy>();
      assert.deepEqual(changed.conditions, { sources: ['api'] }, 'conditions are replaced, not merged');
      assert.deepEqual(changed.targets, [{ priorityId: refs.priorities.Low, resolutionMinutes: 10_000 }]);
      assert.deepEqual(
        [changed.pausableTimers, changed.hours, changed.enabled, changed.calendarId],
        [[], 'calendar', false, refs.calendarId],
      );

      const toDefault = await patch({ calendarId: null });
      assert.equal(toDefault.json<Policy>().calendarId, null);
      assertError(await patch({}), 400, 'validation_failed');
      assertError(await patch({ calendarId: randomUUID() }), 422, 'unprocessable', { field: 'calendarId' });
      const audit = await auditOf(org, policy.id);
      assert.deepEqual(
        audit.map((event) => event.action),
        ['sla_policy.created', 'sla_policy.updated', 'sla_policy.updated', 'sla_policy.updated'],
      );
      const [, rename] = audit;
      assert.ok(rename);
      assert.deepEqual(
        [(rename.changes.before as Policy).name, (rename.changes.after as Policy).name],
        ['Gold', 'Gold plus'],
      );
    });

    test('a policy naming a priority deleted since can still be changed in its other parts', async () => {
      const { org, refs } = await organization();
      const policy = await createPolicy(org, {
        name: 'High only',
        conditions: { priorityIds: [refs.priorities.High] },
        targets: [{ priorityId: refs.priorities.High, firstResponseMinutes: 30 }],
      });
      const removed = await send(
        org.owner.session,
        'DELETE',
        `/api/v1/ticket-priorities/${refs.priorities.High}`,
      );
      assert.equal(removed.statusCode, 200, removed.body);
      const disabled = await send(org.owner.session, 'PATCH', `${POLICIES}/${policy.id}`, { enabled: false });
      assert.equal(disabled.statusCode, 200, disabled.body);
      const retargeted = await send(org.owner.session, 'PATCH', `${POLICIES}/${policy.id}`, {
        targets: [{ priorityId: refs.priorities.High, firstResponseMinutes: 20 }],
      });
      assertError(retargeted, 422, 'unprocessable', { field: 'targets.0.priorityId' });
    });

    test('deleting one moves the later ones up', async () => {
      const { org } = await organization();
      const [one, two, three] = [
        await createPolicy(org, { name: 'One' }),
        await createPolicy(org, { name: 'Two' }),
        await createPolicy(org, { name: 'Three' }),
      ];
      assert.ok(one && two && three);
      const deleted = await send(org.owner.session, 'DELETE', `${POLICIES}/${two.id}`);
      assert.equal(deleted.statusCode, 204, deleted.body);
      assert.deepEqual(
        (await policies(org)).map((policy) => [policy.name, policy.position]),
        [
          ['One', 1],
          ['Three', 2],
        ],
      );
      assertError(await send(org.owner.session, 'GET', `${POLICIES}/${two.id}`), 404, 'not_found');
      assert.deepEqual(
        (await auditOf(org, two.id)).map((event) => event.action),
        ['sla_policy.created', 'sla_policy.deleted'],
      );
    });
  });

  describe('order', () => {
    test('PUT /order sets the order from a list naming every policy once', async () => {
      const { org } = await organization();
      const [a, b, c] = [
        await createPolicy(org, { name: 'A' }),
        await createPolicy(org, { name: 'B' }),
        await createPolicy(org, { name: 'C' }),
      ];
      assert.ok(a && b && c);
      const reorder = (ids: string[]) => send(org.owner.session, 'PUT', `${POLICIES}/order`, { ids });
      const reordered = await reorder([c.id, a.id, b.id]);
      assert.equal(reordered.statusCode, 200, reordered.body);
      assert.deepEqual(
        reordered.json<{ items: Policy[] }>().items.map((policy) => [policy.name, policy.position]),
        [
          ['C', 1],
          ['A', 2],
          ['B', 3],
        ],
      );
      assertError(await reorder([c.id, a.id]), 422, 'unprocessable', {
        field: 'ids',
        missing: [b.id],
        unknown: [],
      });
      const foreign = randomUUID();
      assertError(await reorder([c.id, a.id, b.id, foreign]), 422, 'unprocessable', { unknown: [foreign] });
      assertError(await reorder([a.id, a.id, b.id, c.id]), 400, 'validation_failed', { field: 'ids' });
      assert.deepEqual(
        (await policies(org)).map((policy) => policy.name),
        ['C', 'A', 'B'],
        'a refused order changes nothing',
      );
      const [event] = (
        await withTenant(harness.db, org.organizationId, (tx) =>
          tx.query<{ changes: { ids: string[] } }>(
            `select changes from audit_events where organization_id = $1 and action = 'sla_policy.reordered'`,
            [org.organizationId],
          ),
        )
      ).values();
      assert.deepEqual(event?.changes.ids, [c.id, a.id, b.id]);
    });

    test("another organization's policy in the list is unknown", async () => {
      const mine = await createPolicy(orgB, { name: 'Mine' });
      const theirs = await createPolicy(orgA, { name: 'Theirs' });
      const all = (await policies(orgB)).map((policy) => policy.id);
      const response = await send(orgB.owner.session, 'PUT', `${POLICIES}/order`, {
        ids: [...all, theirs.id],
      });
      assertError(response, 422, 'unprocessable', { unknown: [theirs.id] });
      assert.ok(all.includes(mine.id));
    });
  });

  describe('who may', () => {
    test('agents read policies but change nothing', async () => {
      const policy = await createPolicy(orgA, { name: 'Readable' });
      assert.equal((await send(agentA.session, 'GET', POLICIES)).statusCode, 200);
      assert.equal((await send(agentA.session, 'GET', `${POLICIES}/${policy.id}`)).statusCode, 200);
      const attempts: [string, string, unknown?][] = [
        ['POST', POLICIES, { name: 'Mine', targets: ANY_PRIORITY }],
        ['PATCH', `${POLICIES}/${policy.id}`, { name: 'Mine' }],
        ['DELETE', `${POLICIES}/${policy.id}`],
        ['PUT', `${POLICIES}/order`, { ids: [policy.id] }],
      ];
      for (const [method, url, body] of attempts) {
        assertError(await send(agentA.session, method, url, body), 403, 'forbidden');
      }
    });

    test("customers' portal sessions reach no policy", async () => {
      const policy = await createPolicy(orgA, { name: 'Hidden' });
      const contact = await signInContact(harness.app, orgA);
      for (const url of [POLICIES, `${POLICIES}/${policy.id}`]) {
        assertError(await send(contact.session, 'GET', url), 401, 'unauthenticated');
      }
    });

    test("another organization's policy is 404 on every route", async () => {
      const policy = await createPolicy(orgA, { name: 'Private policy' });
      const attempts: [string, string, unknown?][] = [
        ['GET', `${POLICIES}/${policy.id}`],
        ['PATCH', `${POLICIES}/${policy.id}`, { name: 'Taken over' }],
        ['DELETE', `${POLICIES}/${policy.id}`],
      ];
      for (const [method, url, body] of attempts) {
        assertError(await send(orgB.owner.session, method, url, body), 404, 'not_found');
      }
      assert.ok((await policies(orgB)).every((listed) => listed.id !== policy.id));
    });
  });
});
