import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  assertError,
  call,
  createTestApp,
  signInContact,
  signUpOrganization,
  type TestApp,
  type TestOrganization,
  uniqueEmail,
} from '../../test/test-app.ts';
import { defineField, PLAN_OPTIONS, REGION_OPTIONS } from '../custom-fields/test-fields.ts';

describe('tickets carry custom field values', () => {
  let harness: TestApp;
  let org: TestOrganization;

  const open = (customFields?: Record<string, unknown>) =>
    call(harness.app, 'POST', '/api/v1/tickets', {
      as: org.owner.session,
      body: {
        subject: 'Fields',
        requester: { email: uniqueEmail() },
        ...(customFields ? { customFields } : {}),
      },
    });
  const patch = (id: string, version: number, customFields: Record<string, unknown>) =>
    call(harness.app, 'PATCH', `/api/v1/tickets/${id}`, {
      as: org.owner.session,
      body: { version, customFields },
    });

  before(async () => {
    harness = await createTestApp();
    org = await signUpOrganization(harness.app);
    await defineField(harness, org, {
      key: 'plan',
      label: 'Plan',
      type: 'select',
      options: PLAN_OPTIONS,
      required: true,
    });
    await defineField(harness, org, {
      key: 'regions',
      label: 'Regions',
      type: 'multiselect',
      options: REGION_OPTIONS,
    });
    await defineField(harness, org, { key: 'seats', label: 'Seats', type: 'number' });
    await defineField(harness, org, { key: 'renewal', label: 'Renewal', type: 'date' });
  });
  after(() => harness.close());

  test('an agent must fill required fields; values are checked against their definitions', async () => {
    assertError(await open(), 422, 'unprocessable', { field: 'customFields.plan' });
    assertError(await open({ plan: 'platinum' }), 422, 'unprocessable', { field: 'customFields.plan' });
    assertError(await open({ plan: 'gold', seats: 'many' }), 422, 'unprocessable', {
      field: 'customFields.seats',
    });
    assertError(await open({ plan: 'gold', renewal: '2026-02-30' }), 422, 'unprocessable', {
      field: 'customFields.renewal',
    });
    assertError(await open({ plan: 'gold', nickname: 'x' }), 422, 'unprocessable', {
      field: 'customFields.nickname',
    });
    const created = await open({ plan: 'gold', regions: ['us', 'eu'], seats: 12 });
    assert.equal(created.statusCode, 201, created.body);
    assert.deepEqual(created.json().customFields, { plan: 'gold', regions: ['eu', 'us'], seats: 12 });
  });

  test('changes set and clear values, each recorded in the history; a required one cannot be cleared', async () => {
    const created = (await open({ plan: 'gold', seats: 3 })).json();
    const changed = await patch(created.id, 1, { plan: 'silver', seats: null, renewal: '2027-01-31' });
    assert.equal(changed.statusCode, 200, changed.body);
    assert.deepEqual(changed.json().customFields, { plan: 'silver', renewal: '2027-01-31' });
    assert.equal(changed.json().version, 2);
    assertError(await patch(created.id, 2, { plan: null }), 422, 'unprocessable', {
      field: 'customFields.plan',
    });
    const same = await patch(created.id, 2, { plan: 'silver' });
    assert.equal(same.json().version, 2, 'setting the same value changes nothing');

    const events = await call(harness.app, 'GET', `/api/v1/tickets/${created.id}/events`, {
      as: org.owner.session,
    });
    const fieldEvents = events
      .json()
      .items.filter((event: { action: string }) => event.action === 'ticket.custom_field_changed')
      .map((event: { changes: unknown }) => event.changes);
    assert.deepEqual(fieldEvents, [
      { field: 'customFields.plan', from: 'gold', to: 'silver' },
      { field: 'customFields.seats', from: 3, to: null },
      { field: 'customFields.renewal', from: null, to: '2027-01-31' },
    ]);
  });

  test('the queue filters on values; an unknown field or impossible value is a 422', async () => {
    const gold = (await open({ plan: 'gold', regions: ['apac'], seats: 500 })).json().id;
    const silver = (await open({ plan: 'silver', regions: ['apac', 'eu'] })).json().id;
    const list = async (customField: string[]) => {
      const url = `/api/v1/tickets?${customField.map((filter) => `customField=${encodeURIComponent(filter)}`).join('&')}`;
      return call(harness.app, 'GET', url, { as: org.owner.session });
    };
    const ids = async (filters: string[]) =>
      (await list(filters)).json().items.map((item: { id: string }) => item.id);
    assert.deepEqual(await ids(['regions:apac']), [silver, gold]);
    assert.deepEqual(await ids(['regions:apac', 'plan:gold']), [gold]);
    assert.deepEqual(await ids(['seats:500']), [gold]);
    assertError(await list(['nickname:x']), 422, 'unprocessable', { field: 'customField' });
    assertError(await list(['plan:platinum']), 422, 'unprocessable', { field: 'customField' });
  });

  test("a customer's request is not held to the agents' required fields", async () => {
    const customer = await signInContact(harness.app, org);
    const opened = await call(harness.app, 'POST', '/api/v1/portal/tickets', {
      as: customer.session,
      body: { subject: 'Hello', body: 'Help' },
    });
    assert.equal(opened.statusCode, 201, opened.body);
  });
});
