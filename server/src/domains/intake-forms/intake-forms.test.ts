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
import { defineField, PLAN_OPTIONS } from '../custom-fields/test-fields.ts';
import type { IntakeForm } from './intake-forms.schemas.ts';

describe('intake forms (admin)', () => {
  let harness: TestApp;
  let org: TestOrganization;
  let teamId: string;
  let priorityId: string;

  const send = (as: Credentials, method: string, url: string, body?: unknown) =>
    call(harness.app, method, url, { as, body });
  const create = async (body: Record<string, unknown>) => {
    const response = await send(org.owner.session, 'POST', '/api/v1/intake-forms', body);
    assert.equal(response.statusCode, 201, response.body);
    return response.json<IntakeForm>();
  };

  before(async () => {
    harness = await createTestApp();
    org = await signUpOrganization(harness.app);
    const as = org.owner.session;
    await defineField(harness, org, {
      key: 'plan',
      label: 'Plan',
      type: 'select',
      options: PLAN_OPTIONS,
      visibleToCustomers: true,
    });
    await defineField(harness, org, {
      key: 'order_number',
      label: 'Order number',
      type: 'text',
      visibleToCustomers: true,
    });
    await defineField(harness, org, { key: 'risk_score', label: 'Risk score', type: 'number' });
    teamId = (await send(as, 'POST', '/api/v1/teams', { name: 'Billing' })).json().id;
    priorityId = (await send(as, 'GET', '/api/v1/ticket-priorities')).json().items[0].id;
  });
  after(() => harness.close());

  test('an admin defines a form with fields and defaults; agents read it; history records it', async () => {
    const form = await create({
      name: '  Billing question ',
      description: 'Invoices, refunds',
      fields: [
        { fieldKey: 'order_number', label: 'Your order', helpText: 'On the receipt', required: true },
        { fieldKey: 'plan', required: false },
      ],
      defaults: { teamId, priorityId, tags: ['billing', 'portal-form'] },
    });
    assert.equal(form.name, 'Billing question');
    assert.equal(form.isActive, true);
    assert.deepEqual(form.fields, [
      {
        fieldKey: 'order_number',
        label: 'Your order',
        helpText: 'On the receipt',
        required: true,
        position: 0,
      },
      { fieldKey: 'plan', label: null, helpText: null, required: false, position: 1 },
    ]);
    assert.deepEqual(form.defaults, { teamId, priorityId, tags: ['billing', 'portal-form'] });

    const agent = await addAgent(harness.app, org, 'agent');
    const read = await send(agent.session, 'GET', `/api/v1/intake-forms/${form.id}`);
    assert.deepEqual(read.json(), form);
    const listed = await send(agent.session, 'GET', '/api/v1/intake-forms');
    assert.ok(listed.json().items.some((item: IntakeForm) => item.id === form.id));
    assertError(
      await send(agent.session, 'POST', '/api/v1/intake-forms', { name: 'Mine' }),
      403,
      'forbidden',
    );
    assertError(
      await send(agent.session, 'PATCH', `/api/v1/intake-forms/${form.id}`, { name: 'Mine' }),
      403,
      'forbidden',
    );
    assertError(await send(agent.session, 'DELETE', `/api/v1/intake-forms/${form.id}`), 403, 'forbidden');

    const events = await withTenant(harness.db, org.organizationId, (tx) =>
      tx.query<{ action: string }>(
        'select action from audit_events where organization_id = $1 and entity_id = $2',
        [org.organizationId, form.id],
      ),
    );
    assert.deepEqual(
      events.map((event) => event.action),
      ['intake_form.created'],
    );
  });

  test('only fields in use and visible to customers, each once (422 otherwise)', async () => {
    const attempt = (fields: unknown[]) =>
      send(org.owner.session, 'POST', '/api/v1/intake-forms', { name: `Form ${Math.random()}`, fields });
    assertError(await attempt([{ fieldKey: 'risk_score', required: false }]), 422, 'unprocessable', {
      field: 'fields',
      fieldKeys: ['risk_score'],
    });
    assertError(await attempt([{ fieldKey: 'no_such_field', required: false }]), 422, 'unprocessable', {
      fieldKeys: ['no_such_field'],
    });
    assertError(
      await attempt([
        { fieldKey: 'plan', required: false },
        { fieldKey: 'plan', required: true },
      ]),
      422,
      'unprocessable',
      { field: 'fields' },
    );
    const archived = await defineField(harness, org, {
      key: 'old_field',
      label: 'Old',
      type: 'text',
      visibleToCustomers: true,
    });
    await send(org.owner.session, 'DELETE', `/api/v1/ticket-fields/${archived.id}`);
    assertError(await attempt([{ fieldKey: 'old_field', required: false }]), 422, 'unprocessable', {
      fieldKeys: ['old_field'],
    });
    assertError(await attempt([{ fieldKey: 'plan', required: false, extra: 1 }]), 400, 'validation_failed');
  });

  test("defaults must be the organization's own team and priority", async () => {
    const other = await signUpOrganization(harness.app, 'Other');
    const foreignTeam = (await send(other.owner.session, 'POST', '/api/v1/teams', { name: 'Theirs' })).json()
      .id;
    assertError(
      await send(org.owner.session, 'POST', '/api/v1/intake-forms', {
        name: 'Foreign',
        defaults: { teamId: foreignTeam },
      }),
      422,
      'unprocessable',
      { field: 'defaults.teamId' },
    );
    const foreignPriority = (await send(other.owner.session, 'GET', '/api/v1/ticket-priorities')).json()
      .items[0].id;
    assertError(
      await send(org.owner.session, 'POST', '/api/v1/intake-forms', {
        name: 'Foreign',
        defaults: { priorityId: foreignPriority },
      }),
      422,
      'unprocessable',
      { field: 'defaults.priorityId' },
    );
  });

  test('update changes what is given, replaces the fields, and a deleted team clears the default', async () => {
    const team = (await send(org.owner.session, 'POST', '/api/v1/teams', { name: 'Short-lived' })).json().id;
    const form = await create({
      name: 'To change',
      fields: [{ fieldKey: 'plan', required: true }],
      defaults: { teamId: team },
    });
    const patch = (body: Record<string, unknown>) =>
      send(org.owner.session, 'PATCH', `/api/v1/intake-forms/${form.id}`, body);
    const changed = await patch({
      isActive: false,
      fields: [{ fieldKey: 'order_number', required: false, position: 5 }],
      defaults: { tags: ['x'] },
    });
    assert.equal(changed.statusCode, 200, changed.body);
    const updated = changed.json<IntakeForm>();
    assert.equal(updated.name, 'To change');
    assert.equal(updated.isActive, false);
    assert.deepEqual(
      updated.fields.map((field) => [field.fieldKey, field.position]),
      [['order_number', 5]],
    );
    assert.deepEqual(updated.defaults, { teamId: team, priorityId: null, tags: ['x'] });
    assert.equal((await patch({ defaults: { teamId: null } })).json().defaults.teamId, null);
    await patch({ defaults: { teamId: team } });
    await send(org.owner.session, 'DELETE', `/api/v1/teams/${team}`);
    const read = await send(org.owner.session, 'GET', `/api/v1/intake-forms/${form.id}`);
    assert.equal(read.json().defaults.teamId, null);
    assertError(await patch({ fields: [{ fieldKey: 'risk_score', required: false }] }), 422, 'unprocessable');
    assertError(await patch({}), 400, 'validation_failed');
  });

  test('names are unique per organization; delete removes the form', async () => {
    const form = await create({ name: 'Unique name' });
    assertError(
      await send(org.owner.session, 'POST', '/api/v1/intake-forms', { name: 'UNIQUE NAME' }),
      409,
      'conflict',
      { field: 'name' },
    );
    const other = await signUpOrganization(harness.app, 'Another');
    assert.equal(
      (await send(other.owner.session, 'POST', '/api/v1/intake-forms', { name: 'Unique name' })).statusCode,
      201,
    );
    assertError(await send(other.owner.session, 'GET', `/api/v1/intake-forms/${form.id}`), 404, 'not_found');
    assertError(
      await send(other.owner.session, 'DELETE', `/api/v1/intake-forms/${form.id}`),
      404,
      'not_found',
    );
    assert.equal(
      (await send(org.owner.session, 'DELETE', `/api/v1/intake-forms/${form.id}`)).statusCode,
      204,
    );
    assertError(await send(org.owner.session, 'GET', `/api/v1/intake-forms/${form.id}`), 404, 'not_found');
  });
});
