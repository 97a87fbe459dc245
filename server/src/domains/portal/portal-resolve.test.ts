import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  assertError,
  call,
  createTestApp,
  type PortalCredentials,
  signInContact,
  signUpOrganization,
  type TestApp,
  type TestOrganization,
} from '../../test/test-app.ts';

type Status = { id: string; name: string; category: string; position: number };

describe('a customer marks a request as resolved', () => {
  let harness: TestApp;
  let org: TestOrganization;
  let statuses: Status[];

  const open = async (as: PortalCredentials) => {
    const response = await call(harness.app, 'POST', '/api/v1/portal/tickets', {
      as,
      body: { subject: 'Broken', body: 'It is broken.' },
    });
    assert.equal(response.statusCode, 201, response.body);
    return response.json<{ id: string }>().id;
  };
  const resolve = (as: PortalCredentials, ticketId: string) =>
    call(harness.app, 'POST', `/api/v1/portal/tickets/${ticketId}/resolve`, { as });
  const agentView = async (ticketId: string) =>
    (await call(harness.app, 'GET', `/api/v1/tickets/${ticketId}`, { as: org.owner.session })).json();

  before(async () => {
    harness = await createTestApp();
    org = await signUpOrganization(harness.app);
    // A second solved status placed first: the first by position is the one used.
    const as = org.owner.session;
    const added = await call(harness.app, 'POST', '/api/v1/ticket-statuses', {
      as,
      body: { name: 'Fixed by customer', category: 'solved' },
    });
    assert.equal(added.statusCode, 201, added.body);
    const listed: Status[] = (await call(harness.app, 'GET', '/api/v1/ticket-statuses', { as })).json().items;
    const ids = [
      added.json().id,
      ...listed.map((status) => status.id).filter((id) => id !== added.json().id),
    ];
    const reordered = await call(harness.app, 'PUT', '/api/v1/ticket-statuses/order', { as, body: { ids } });
    assert.equal(reordered.statusCode, 200, reordered.body);
    statuses = reordered.json().items;
  });
  after(() => harness.close());

  test("the ticket moves to the first solved status, stamped and versioned, as the customer's change", async () => {
    const customer = await signInContact(harness.app, org);
    const ticketId = await open(customer.session);
    const before = await agentView(ticketId);
    const response = await resolve(customer.session, ticketId);
    assert.equal(response.statusCode, 200, response.body);
    assert.deepEqual(response.json().status, { name: 'Fixed by customer', category: 'solved' });
    const after = await agentView(ticketId);
    const expected = statuses
      .filter((status) => status.category === 'solved')
      .sort((a, b) => a.position - b.position)[0];
    assert.equal(after.statusId, expected?.id);
    assert.equal(after.statusCategory, 'solved');
    assert.ok(after.solvedAt);
    assert.equal(after.version, before.version + 1);
    const events = await call(harness.app, 'GET', `/api/v1/tickets/${ticketId}/events`, {
      as: org.owner.session,
    });
    const changed = events.json().items.at(-1);
    assert.equal(changed.action, 'ticket.status_changed');
    assert.equal(changed.actorType, 'contact');
    assert.equal(changed.actorId, customer.id);
    assert.deepEqual(changed.changes, {
      field: 'statusId',
      from: before.statusId,
      to: expected?.id,
      reason: 'customer_resolved',
    });

    // Again: nothing more changes.
    assert.equal((await resolve(customer.session, ticketId)).statusCode, 200);
    assert.equal((await agentView(ticketId)).version, after.version);
  });

  test('a closed request cannot be resolved; someone else’s does not exist', async () => {
    const customer = await signInContact(harness.app, org);
    const ticketId = await open(customer.session);
    const other = await signInContact(harness.app, org);
    assertError(await resolve(other.session, ticketId), 404, 'not_found');
    const elsewhere = await signUpOrganization(harness.app, 'Elsewhere');
    const stranger = await signInContact(harness.app, elsewhere, customer.email);
    assertError(await resolve(stranger.session, ticketId), 404, 'not_found');
    assertError(
      await call(harness.app, 'POST', `/api/v1/portal/tickets/${ticketId}/resolve`, {
        as: org.owner.session,
      }),
      401,
      'unauthenticated',
    );

    const closed = statuses.find((status) => status.category === 'closed');
    const patched = await call(harness.app, 'PATCH', `/api/v1/tickets/${ticketId}`, {
      as: org.owner.session,
      body: { statusId: closed?.id, version: 1 },
    });
    assert.equal(patched.statusCode, 200, patched.body);
    assertError(await resolve(customer.session, ticketId), 409, 'conflict');
    assert.equal((await agentView(ticketId)).statusCategory, 'closed');
  });
});
