import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
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
import type { Priority, Status } from './ticket-settings.schemas.ts';

const STATUSES = '/api/v1/ticket-statuses';
const PRIORITIES = '/api/v1/ticket-priorities';

/** Asserts the status and error code, and that each named detail has the given value. */
function named<T extends { name: string }>(items: T[], name: string): T {
  const item = items.find((candidate) => candidate.name === name);
  assert.ok(item, `${name} is listed`);
  return item;
}

describe('ticket statuses and priorities', () => {
  let harness: TestApp;
  let org: TestOrganization;
  let owner: Credentials;

  before(async () => {
    harness = await createTestApp();
    org = await signUpOrganization(harness.app);
    owner = org.owner.session;
  });
  after(() => harness.close());

  async function list<T>(url: string, as: Credentials = owner): Promise<T[]> {
    const response = await call(harness.app, 'GET', url, { as });
    assert.equal(response.statusCode, 200, response.body);
    const body = response.json() as { items: T[]; nextCursor: null };
    assert.equal(body.nextCursor, null);
    return body.items;
  }
  const statuses = (as?: Credentials) => list<Status>(STATUSES, as);
  const priorities = (as?: Credentials) => list<Priority>(PRIORITIES, as);

  test('sign-up gives an organization five statuses with Open the status of new tickets', async () => {
    const fresh = await signUpOrganization(harness.app, 'Fresh');
    const items = await statuses(fresh.owner.session);
    assert.deepEqual(
      items.map(({ name, position, category, pausesSla, isDefaultForNew }) => ({
        name,
        position,
        category,
        pausesSla,
        isDefaultForNew,
      })),
      [
        { name: 'Open', position: 1, category: 'open', pausesSla: false, isDefaultForNew: true },
        { name: 'In progress', position: 2, category: 'open', pausesSla: false, isDefaultForNew: false },
        {
          name: 'Waiting on customer',
          position: 3,
          category: 'pending',
          pausesSla: true,
          isDefaultForNew: false,
        },
        { name: 'Resolved', position: 4, category: 'solved', pausesSla: false, isDefaultForNew: false },
        { name: 'Closed', position: 5, category: 'closed', pausesSla: false, isDefaultForNew: false },
      ],
    );
  });

  test('sign-up gives an organization four ranked priorities with Normal the default', async () => {
    const fresh = await signUpOrganization(harness.app, 'Fresh');
    const items = await priorities(fresh.owner.session);
    assert.deepEqual(
      items.map(({ name, position, rank, isDefault }) => ({ name, position, rank, isDefault })),
      [
        { name: 'Low', position: 1, rank: 10, isDefault: false },
        { name: 'Normal', position: 2, rank: 20, isDefault: true },
        { name: 'High', position: 3, rank: 30, isDefault: false },
        { name: 'Urgent', position: 4, rank: 40, isDefault: false },
      ],
    );
  });

  describe('statuses', () => {
    test('an owner adds a status at the end of the list', async () => {
      const body = { name: 'Escalated', color: '#ff0000', category: 'open', pausesSla: true };
      const created = await call(harness.app, 'POST', STATUSES, { as: owner, body });
      assert.equal(created.statusCode, 201, created.body);
      const status = created.json() as Status;
      assert.deepEqual(
        { ...status, id: undefined, createdAt: undefined },
        { ...body, id: undefined, createdAt: undefined, position: 6, isDefaultForNew: false },
      );
      assert.deepEqual(named(await statuses(), 'Escalated'), status);
    });

    test('a name already taken, in any case, is a 409 on name', async () => {
      const body = { name: ' open ', category: 'open' };
      assertError(await call(harness.app, 'POST', STATUSES, { as: owner, body }), 409, 'conflict', {
        field: 'name',
      });
      const { id } = named(await statuses(), 'In progress');
      const renamed = await call(harness.app, 'PATCH', `${STATUSES}/${id}`, {
        as: owner,
        body: { name: 'RESOLVED' },
      });
      assertError(renamed, 409, 'conflict', { field: 'name' });
    });

    test('an invalid body is a 400 naming the field', async () => {
      const cases: [Record<string, unknown>, string][] = [
        [{ name: 'Bad color', category: 'open', color: '#zzz' }, 'color'],
        [{ name: 'Bad category', category: 'archived' }, 'category'],
        [{ name: 'Extra', category: 'open', weight: 3 }, 'weight'],
        [{ category: 'open' }, 'name'],
        [{ name: '   ', category: 'open' }, 'name'],
      ];
      for (const [body, field] of cases) {
        const response = await call(harness.app, 'POST', STATUSES, { as: owner, body });
        assertError(response, 400, 'validation_failed', { field });
      }
      const { id } = named(await statuses(), 'Open');
      const empty = await call(harness.app, 'PATCH', `${STATUSES}/${id}`, { as: owner, body: {} });
      assertError(empty, 400, 'validation_failed');
    });

    test('PATCH renames, recolors and recategorizes', async () => {
      const { id } = named(await statuses(), 'Escalated');
      const body = { name: 'On hold', color: '#00AA00', category: 'pending' };
      const response = await call(harness.app, 'PATCH', `${STATUSES}/${id}`, { as: owner, body });
      assert.equal(response.statusCode, 200, response.body);
      assert.deepEqual(named(await statuses(), 'On hold'), { ...(response.json() as Status), ...body, id });
    });

    test('making a status the default for new tickets moves the default', async () => {
      const { id } = named(await statuses(), 'In progress');
      const response = await call(harness.app, 'PATCH', `${STATUSES}/${id}`, {
        as: owner,
        body: { isDefaultForNew: true },
      });
      assert.equal(response.statusCode, 200, response.body);
      const defaults = (await statuses()).filter((status) => status.isDefaultForNew);
      assert.deepEqual(
        defaults.map((status) => status.id),
        [id],
      );
    });

    test('only a new or open status can be the default for new tickets', async () => {
      const items = await statuses();
      for (const name of ['Waiting on customer', 'Resolved', 'Closed']) {
        const { id } = named(items, name);
        const response = await call(harness.app, 'PATCH', `${STATUSES}/${id}`, {
          as: owner,
          body: { isDefaultForNew: true },
        });
        assertError(response, 422, 'unprocessable', { field: 'isDefaultForNew' });
      }
      const current = named(items, 'In progress');
      assert.ok(current.isDefaultForNew);
      const recategorized = await call(harness.app, 'PATCH', `${STATUSES}/${current.id}`, {
        as: owner,
        body: { category: 'solved' },
      });
      assertError(recategorized, 422, 'unprocessable');
      const created = await call(harness.app, 'POST', STATUSES, {
        as: owner,
        body: { name: 'Done by default', category: 'closed', isDefaultForNew: true },
      });
      assertError(created, 422, 'unprocessable', { field: 'isDefaultForNew' });
      assert.deepEqual(await statuses(), items);
    });

    test('PUT order sets every position; an incomplete or foreign list is a 422', async () => {
      const ids = (await statuses()).map((status) => status.id).reverse();
      const response = await call(harness.app, 'PUT', `${STATUSES}/order`, { as: owner, body: { ids } });
      assert.equal(response.statusCode, 200, response.body);
      const reordered = await statuses();
      assert.deepEqual((response.json() as { items: Status[] }).items, reordered);
      assert.deepEqual(
        reordered.map((status) => [status.id, status.position]),
        ids.map((id, index) => [id, index + 1]),
      );
      const [first = '', ...rest] = ids;
      const missing = await call(harness.app, 'PUT', `${STATUSES}/order`, { as: owner, body: { ids: rest } });
      assertError(missing, 422, 'unprocessable', { field: 'ids', missing: [first], unknown: [] });
      const stranger = randomUUID();
      const unknown = await call(harness.app, 'PUT', `${STATUSES}/order`, {
        as: owner,
        body: { ids: [...ids, stranger] },
      });
      assertError(unknown, 422, 'unprocessable', { missing: [], unknown: [stranger] });
      assert.deepEqual(await statuses(), reordered);
    });
  });

  describe('priorities', () => {
    test('an owner adds a priority at the end of the list, and may make it the default', async () => {
      const body = { name: 'Critical', color: '#990000', rank: 50, isDefault: true };
      const created = await call(harness.app, 'POST', PRIORITIES, { as: owner, body });
      assert.equal(created.statusCode, 201, created.body);
      const priority = created.json() as Priority;
      assert.equal(priority.position, 5);
      assert.equal(priority.rank, 50);
      const defaults = (await priorities()).filter((item) => item.isDefault);
      assert.deepEqual(defaults, [priority]);
    });

    test('a duplicate name is a 409 and an invalid body a 400, each naming the field', async () => {
      const duplicate = await call(harness.app, 'POST', PRIORITIES, {
        as: owner,
        body: { name: 'URGENT', rank: 1 },
      });
      assertError(duplicate, 409, 'conflict', { field: 'name' });
      const cases: [Record<string, unknown>, string][] = [
        [{ name: 'Bad color', rank: 5, color: '#zzz' }, 'color'],
        [{ name: 'No rank' }, 'rank'],
        [{ name: 'Negative', rank: -1 }, 'rank'],
        [{ name: 'Extra', rank: 5, category: 'open' }, 'category'],
        [{ rank: 5 }, 'name'],
      ];
      for (const [body, field] of cases) {
        const response = await call(harness.app, 'POST', PRIORITIES, { as: owner, body });
        assertError(response, 400, 'validation_failed', { field });
      }
    });

    test('PATCH renames, re-ranks and moves the default', async () => {
      const { id } = named(await priorities(), 'Low');
      const response = await call(harness.app, 'PATCH', `${PRIORITIES}/${id}`, {
        as: owner,
        body: { name: 'Someday', rank: 5, color: '#123456', isDefault: true },
      });
      assert.equal(response.statusCode, 200, response.body);
      const items = await priorities();
      const changed = named(items, 'Someday');
      assert.deepEqual(
        { rank: changed.rank, color: changed.color, isDefault: changed.isDefault },
        { rank: 5, color: '#123456', isDefault: true },
      );
      assert.deepEqual(
        items.filter((item) => item.isDefault).map((item) => item.id),
        [id],
      );
      const taken = await call(harness.app, 'PATCH', `${PRIORITIES}/${id}`, {
        as: owner,
        body: { name: 'high' },
      });
      assertError(taken, 409, 'conflict', { field: 'name' });
    });

    test('PUT order sets every position; an incomplete or foreign list is a 422', async () => {
      const ids = (await priorities()).map((priority) => priority.id).reverse();
      const response = await call(harness.app, 'PUT', `${PRIORITIES}/order`, { as: owner, body: { ids } });
      assert.equal(response.statusCode, 200, response.body);
      assert.deepEqual(
        (await priorities()).map((priority) => [priority.id, priority.position]),
        ids.map((id, index) => [id, index + 1]),
      );
      const [first = '', ...rest] = ids;
      const missing = await call(harness.app, 'PUT', `${PRIORITIES}/order`, {
        as: owner,
        body: { ids: rest },
      });
      assertError(missing, 422, 'unprocessable', { missing: [first], unknown: [] });
      const stranger = randomUUID();
      const unknown = await call(harness.app, 'PUT', `${PRIORITIES}/order`, {
        as: owner,
        body: { ids: [...ids, stranger] },
      });
      assertError(unknown, 422, 'unprocessable', { missing: [], unknown: [stranger] });
    });
  });

  describe('roles', () => {
    test('agents read both lists but change neither', async () => {
      const agent = (await addAgent(harness.app, org, 'agent')).session;
      const [status] = await statuses(agent);
      const [priority] = await priorities(agent);
      assert.ok(status && priority);
      const attempts: [string, string, unknown][] = [
        ['POST', STATUSES, { name: 'Agent made', category: 'open' }],
        ['PATCH', `${STATUSES}/${status.id}`, { name: 'Agent renamed' }],
        ['DELETE', `${STATUSES}/${status.id}`, undefined],
        ['PUT', `${STATUSES}/order`, { ids: [status.id] }],
        ['POST', PRIORITIES, { name: 'Agent made', rank: 1 }],
        ['PATCH', `${PRIORITIES}/${priority.id}`, { name: 'Agent renamed' }],
        ['DELETE', `${PRIORITIES}/${priority.id}`, undefined],
        ['PUT', `${PRIORITIES}/order`, { ids: [priority.id] }],
      ];
      for (const [method, url, body] of attempts) {
        assertError(await call(harness.app, method, url, { as: agent, body }), 403, 'forbidden');
      }
      assert.deepEqual(await statuses(agent), await statuses());
    });

    test('admins add statuses and priorities', async () => {
      const admin = (await addAgent(harness.app, org, 'admin')).session;
      const status = await call(harness.app, 'POST', STATUSES, {
        as: admin,
        body: { name: 'Admin made', category: 'new' },
      });
      assert.equal(status.statusCode, 201, status.body);
      const priority = await call(harness.app, 'POST', PRIORITIES, {
        as: admin,
        body: { name: 'Admin made', rank: 1 },
      });
      assert.equal(priority.statusCode, 201, priority.body);
    });
  });

  describe("another organization's ids", () => {
    test('are invisible to organization B: 404 on change, absent from its lists, not a replacement', async () => {
      const orgB = await signUpOrganization(harness.app, 'Org B');
      const b = orgB.owner.session;
      const [statusA] = await statuses();
      const [priorityA] = await priorities();
      assert.ok(statusA && priorityA);
      for (const [url, body] of [
        [`${STATUSES}/${statusA.id}`, { name: 'Taken over' }],
        [`${PRIORITIES}/${priorityA.id}`, { name: 'Taken over' }],
      ] as const) {
        assertError(await call(harness.app, 'PATCH', url, { as: b, body }), 404, 'not_found');
        assertError(await call(harness.app, 'DELETE', url, { as: b }), 404, 'not_found');
      }
      const idsA = new Set([...(await statuses()), ...(await priorities())].map((item) => item.id));
      for (const item of [...(await statuses(b)), ...(await priorities(b))]) assert.ok(!idsA.has(item.id));

      const statusB = named(await statuses(b), 'In progress');
      const priorityB = named(await priorities(b), 'High');
      const replaced = [
        await call(harness.app, 'DELETE', `${STATUSES}/${statusB.id}`, {
          as: b,
          query: { replacementId: statusA.id },
        }),
        await call(harness.app, 'DELETE', `${PRIORITIES}/${priorityB.id}`, {
          as: b,
          query: { replacementId: priorityA.id },
        }),
      ];
      for (const response of replaced)
        assertError(response, 422, 'unprocessable', { field: 'replacementId' });
      assert.ok(named(await statuses(), statusA.name));
      assert.equal((await statuses(b)).length, 5);
    });
  });
});
