import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { withTenant } from '../../db/tenant.ts';
import { newId } from '../../lib/ids.ts';
import {
  assertError,
  type Credentials,
  call,
  createTestApp,
  signUpOrganization,
  type TestApp,
  type TestOrganization,
  uniqueEmail,
} from '../../test/test-app.ts';
import type { Priority, Status } from './ticket-settings.schemas.ts';

const STATUSES = '/api/v1/ticket-statuses';
const PRIORITIES = '/api/v1/ticket-priorities';

function named<T extends { name: string }>(items: T[], name: string): T {
  const item = items.find((candidate) => candidate.name === name);
  assert.ok(item, `${name} is listed`);
  return item;
}

describe('removing a status or priority', () => {
  let harness: TestApp;
  let ticketNumber = 0;

  before(async () => {
    harness = await createTestApp();
  });
  after(() => harness.close());

  /** A fresh organization per test, so each starts from the defaults. */
  async function organization() {
    const org = await signUpOrganization(harness.app);
    const as: Credentials = org.owner.session;
    const list = async <T>(url: string): Promise<T[]> => {
      const response = await call(harness.app, 'GET', url, { as });
      assert.equal(response.statusCode, 200, response.body);
      return (response.json() as { items: T[] }).items;
    };
    const remove = (url: string, id: string, replacementId?: string) =>
      call(harness.app, 'DELETE', `${url}/${id}`, {
        as,
        ...(replacementId ? { query: { replacementId } } : {}),
      });
    return {
      org,
      statuses: () => list<Status>(STATUSES),
      priorities: () => list<Priority>(PRIORITIES),
      removeStatus: (id: string, replacementId?: string) => remove(STATUSES, id, replacementId),
      removePriority: (id: string, replacementId?: string) => remove(PRIORITIES, id, replacementId),
    };
  }

  /** Tickets are written straight into the table; the tickets domain is not what is under test. */
  async function insertTickets(org: TestOrganization, count: number, statusId: string, priorityId: string) {
    const { organizationId } = org;
    return withTenant(harness.db, organizationId, async (tx) => {
      const contactId = newId();
      await tx.query('insert into contacts (organization_id, id, email) values ($1, $2, $3)', [
        organizationId,
        contactId,
        uniqueEmail('requester'),
      ]);
      const ids: string[] = [];
      for (let index = 0; index < count; index += 1) {
        const id = newId();
        ticketNumber += 1;
        await tx.query(
          `insert into tickets (organization_id, id, number, subject, requester_id, status_id, priority_id)
           values ($1, $2, $3, $4, $5, $6, $7)`,
          [organizationId, id, ticketNumber, `Ticket ${ticketNumber}`, contactId, statusId, priorityId],
        );
        ids.push(id);
      }
      return ids;
    });
  }

  async function ticketsWith(
    org: TestOrganization,
    column: 'status_id' | 'priority_id',
    ticketIds: string[],
  ) {
    const rows = await withTenant(harness.db, org.organizationId, (tx) =>
      tx.query<{ value: string }>(
        `select ${column} as value from tickets where organization_id = $1 and id = any($2)`,
        [org.organizationId, ticketIds],
      ),
    );
    return rows.map((row) => row.value);
  }

  async function historyOf(org: TestOrganization, action: string, ticketIds: string[]) {
    return withTenant(harness.db, org.organizationId, (tx) =>
      tx.query<{ entity_id: string; changes: { from: string; to: string; reason: string } }>(
        `select entity_id, changes from audit_events
          where organization_id = $1 and action = $2 and entity_type = 'ticket' and entity_id = any($3)
          order by entity_id`,
        [org.organizationId, action, ticketIds],
      ),
    );
  }

  const positions = (items: { position: number }[]) => items.map((item) => item.position);

  test('a used status needs a replacement; its tickets move there, each move recorded', async () => {
    const { org, statuses, priorities, removeStatus } = await organization();
    const waiting = named(await statuses(), 'Waiting on customer');
    const inProgress = named(await statuses(), 'In progress');
    const normal = named(await priorities(), 'Normal');
    const ticketIds = (await insertTickets(org, 2, waiting.id, normal.id)).sort();

    assertError(await removeStatus(waiting.id), 409, 'conflict', { ticketCount: 2, field: 'replacementId' });
    assert.equal((await statuses()).length, 5);

    const removed = await removeStatus(waiting.id, inProgress.id);
    assert.equal(removed.statusCode, 200, removed.body);
    assert.deepEqual(removed.json(), { movedTickets: 2 });
    assert.deepEqual(await ticketsWith(org, 'status_id', ticketIds), [inProgress.id, inProgress.id]);
    const history = await historyOf(org, 'ticket.status_changed', ticketIds);
    assert.deepEqual(
      history.map((event) => [event.entity_id, event.changes]),
      ticketIds.map((id) => [id, { from: waiting.id, to: inProgress.id, reason: 'replaced' }]),
    );
    const after = await statuses();
    assert.deepEqual(
      after.map((status) => status.name),
      ['Open', 'In progress', 'Resolved', 'Closed'],
    );
    assert.deepEqual(positions(after), [1, 2, 3, 4]);
  });

  test('an unused status that is not the default goes without a replacement', async () => {
    const { statuses, removeStatus } = await organization();
    const closed = named(await statuses(), 'Closed');
    const removed = await removeStatus(closed.id);
    assert.equal(removed.statusCode, 200, removed.body);
    assert.deepEqual(removed.json(), { movedTickets: 0 });
    assert.deepEqual(positions(await statuses()), [1, 2, 3, 4]);
    assertError(await removeStatus(closed.id), 404, 'not_found');
  });

  test('the default status passes to its replacement, which must be new or open', async () => {
    const { statuses, removeStatus } = await organization();
    const items = await statuses();
    const open = named(items, 'Open');
    assertError(await removeStatus(open.id), 409, 'conflict', { field: 'replacementId' });
    const solved = named(items, 'Resolved');
    assertError(await removeStatus(open.id, solved.id), 422, 'unprocessable', { field: 'replacementId' });
    assert.deepEqual(await statuses(), items);

    const inProgress = named(items, 'In progress');
    const removed = await removeStatus(open.id, inProgress.id);
    assert.equal(removed.statusCode, 200, removed.body);
    const after = await statuses();
    assert.deepEqual(
      after.filter((status) => status.isDefaultForNew).map((status) => status.id),
      [inProgress.id],
    );
    assert.deepEqual(positions(after), [1, 2, 3, 4]);
  });

  test('the replacement must be another existing one', async () => {
    const { statuses, priorities, removeStatus, removePriority } = await organization();
    const status = named(await statuses(), 'In progress');
    const priority = named(await priorities(), 'High');
    const attempts = [
      await removeStatus(status.id, status.id),
      await removeStatus(status.id, randomUUID()),
      await removePriority(priority.id, priority.id),
      await removePriority(priority.id, randomUUID()),
    ];
    for (const response of attempts) assertError(response, 422, 'unprocessable', { field: 'replacementId' });
    assertError(await removeStatus(randomUUID()), 404, 'not_found');
  });

  test('a used priority needs a replacement; its tickets move there, each move recorded', async () => {
    const { org, statuses, priorities, removePriority } = await organization();
    const open = named(await statuses(), 'Open');
    const high = named(await priorities(), 'High');
    const urgent = named(await priorities(), 'Urgent');
    const ticketIds = (await insertTickets(org, 3, open.id, high.id)).sort();

    assertError(await removePriority(high.id), 409, 'conflict', { ticketCount: 3 });
    const removed = await removePriority(high.id, urgent.id);
    assert.equal(removed.statusCode, 200, removed.body);
    assert.deepEqual(removed.json(), { movedTickets: 3 });
    assert.deepEqual(await ticketsWith(org, 'priority_id', ticketIds), [urgent.id, urgent.id, urgent.id]);
    const history = await historyOf(org, 'ticket.priority_changed', ticketIds);
    assert.deepEqual(
      history.map((event) => [event.entity_id, event.changes]),
      ticketIds.map((id) => [id, { from: high.id, to: urgent.id, reason: 'replaced' }]),
    );
    assert.deepEqual(await historyOf(org, 'ticket.status_changed', ticketIds), []);
    const after = await priorities();
    assert.deepEqual(
      after.map((priority) => [priority.name, priority.position]),
      [
        ['Low', 1],
        ['Normal', 2],
        ['Urgent', 3],
      ],
    );
  });

  test('the default priority passes to its replacement; the last priority stays', async () => {
    const { priorities, removePriority } = await organization();
    const items = await priorities();
    const [low, normal, high, urgent] = ['Low', 'Normal', 'High', 'Urgent'].map((name) => named(items, name));
    assert.ok(low && normal && high && urgent);
    assertError(await removePriority(normal.id), 409, 'conflict', { field: 'replacementId' });

    const removed = await removePriority(normal.id, high.id);
    assert.equal(removed.statusCode, 200, removed.body);
    assert.deepEqual(
      (await priorities()).map((priority) => [priority.name, priority.position, priority.isDefault]),
      [
        ['Low', 1, false],
        ['High', 2, true],
        ['Urgent', 3, false],
      ],
    );
    for (const id of [low.id, urgent.id]) assert.equal((await removePriority(id)).statusCode, 200);
    assertError(await removePriority(high.id), 409, 'conflict');
    assert.deepEqual(
      (await priorities()).map((priority) => priority.id),
      [high.id],
    );
  });
});
