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
import { defineField, PLAN_OPTIONS } from '../custom-fields/test-fields.ts';

type Customer = { id: string; email: string; session: PortalCredentials };

describe('intake forms on the portal', () => {
  let harness: TestApp;
  let org: TestOrganization;
  let customer: Customer;
  let formId: string;
  let teamId: string;
  let priorityId: string;

  const submit = (as: PortalCredentials, body: Record<string, unknown>, id = formId) =>
    call(harness.app, 'POST', `/api/v1/portal/forms/${id}/submissions`, { as, body });
  const agentTicket = async (id: string) =>
    (await call(harness.app, 'GET', `/api/v1/tickets/${id}`, { as: org.owner.session })).json();

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
    // Agents must fill it when they open a ticket; the form leaves it optional.
    await defineField(harness, org, {
      key: 'order_number',
      label: 'Order number',
      type: 'text',
      required: true,
      visibleToCustomers: true,
    });
    await defineField(harness, org, { key: 'risk_score', label: 'Risk score', type: 'number' });
    teamId = (await call(harness.app, 'POST', '/api/v1/teams', { as, body: { name: 'Billing' } })).json().id;
    priorityId = (await call(harness.app, 'GET', '/api/v1/ticket-priorities', { as })).json().items.at(-1).id;
    const form = await call(harness.app, 'POST', '/api/v1/intake-forms', {
      as,
      body: {
        name: 'Billing question',
        description: 'Invoices and refunds',
        fields: [
          { fieldKey: 'plan', label: 'Your plan', helpText: 'See your invoice', required: true },
          { fieldKey: 'order_number', required: false },
        ],
        defaults: { teamId, priorityId, tags: ['billing'] },
      },
    });
    assert.equal(form.statusCode, 201, form.body);
    formId = form.json().id;
    await call(harness.app, 'POST', '/api/v1/intake-forms', {
      as,
      body: { name: 'Retired', isActive: false },
    });
    customer = await signInContact(harness.app, org);
  });
  after(() => harness.close());

  test('a customer lists the active forms with their fields ready to render', async () => {
    const forms = await call(harness.app, 'GET', '/api/v1/portal/forms', { as: customer.session });
    assert.equal(forms.statusCode, 200, forms.body);
    assert.deepEqual(forms.json().items, [
      {
        id: formId,
        name: 'Billing question',
        description: 'Invoices and refunds',
        fields: [
          {
            key: 'plan',
            label: 'Your plan',
            helpText: 'See your invoice',
            type: 'select',
            options: PLAN_OPTIONS,
            required: true,
          },
          {
            key: 'order_number',
            label: 'Order number',
            helpText: null,
            type: 'text',
            options: [],
            required: false,
          },
        ],
      },
    ]);
    assert.ok(!forms.body.includes(teamId), 'defaults are agents’ business');
    assert.equal(
      (await call(harness.app, 'GET', '/api/v1/portal/forms', { as: org.owner.session })).statusCode,
      401,
    );
  });

  test("a submission opens the customer's ticket with the form's defaults and values", async () => {
    const response = await submit(customer.session, {
      subject: 'Charged twice',
      body: 'My card was charged twice.',
      customFields: { plan: 'gold', order_number: '  A-1001 ' },
    });
    assert.equal(response.statusCode, 201, response.body);
    const created = response.json();
    assert.equal(created.subject, 'Charged twice');
    assert.deepEqual(created.fields, [
      { key: 'plan', label: 'Plan', type: 'select', value: 'gold', valueLabel: 'Gold' },
      { key: 'order_number', label: 'Order number', type: 'text', value: 'A-1001', valueLabel: null },
    ]);
    const ticket = await agentTicket(created.id);
    assert.equal(ticket.source, 'portal');
    assert.equal(ticket.requesterId, customer.id);
    assert.equal(ticket.formId, formId);
    assert.equal(ticket.teamId, teamId);
    assert.equal(ticket.priorityId, priorityId);
    assert.deepEqual(ticket.tags, ['billing']);
    assert.deepEqual(ticket.customFields, { plan: 'gold', order_number: 'A-1001' });
    const comments = await call(harness.app, 'GET', `/api/v1/tickets/${created.id}/comments`, {
      as: org.owner.session,
    });
    assert.equal(comments.json().items[0].bodyText, 'My card was charged twice.');
    assert.equal(comments.json().items[0].authorType, 'contact');
  });

  test("values obey the form: its fields only, its required ones, each field's type", async () => {
    const base = { subject: 'Help', body: 'Please' };
    assertError(await submit(customer.session, { ...base, customFields: {} }), 422, 'unprocessable', {
      field: 'customFields.plan',
      missing: ['plan'],
    });
    assertError(
      await submit(customer.session, { ...base, customFields: { plan: null } }),
      422,
      'unprocessable',
      {
        field: 'customFields.plan',
      },
    );
    assertError(
      await submit(customer.session, { ...base, customFields: { plan: 'gold', risk_score: 1 } }),
      422,
      'unprocessable',
      { field: 'customFields.risk_score' },
    );
    assertError(
      await submit(customer.session, { ...base, customFields: { plan: 'gold', unknown_key: 'x' } }),
      422,
      'unprocessable',
      { field: 'customFields.unknown_key' },
    );
    assertError(
      await submit(customer.session, { ...base, customFields: { plan: 'platinum' } }),
      422,
      'unprocessable',
      {
        field: 'customFields.plan',
      },
    );
    assertError(
      await submit(customer.session, { subject: 'No body', customFields: { plan: 'gold' } }),
      400,
      'validation_failed',
    );
    // The agents' required field may stay empty here: the form made it optional.
    const emptyOptional = await submit(customer.session, {
      ...base,
      customFields: { plan: 'silver', order_number: '' },
    });
    assert.equal(emptyOptional.statusCode, 201, emptyOptional.body);
    assert.deepEqual((await agentTicket(emptyOptional.json().id)).customFields, { plan: 'silver' });
  });

  test('inactive, unknown and foreign forms do not exist for the customer', async () => {
    const as = org.owner.session;
    const retired = (await call(harness.app, 'GET', '/api/v1/intake-forms', { as }))
      .json()
      .items.find((form: { name: string }) => form.name === 'Retired');
    const body = { subject: 'Help', body: 'Please', customFields: { plan: 'gold' } };
    assertError(await submit(customer.session, body, retired.id), 404, 'not_found');
    const other = await signUpOrganization(harness.app, 'Other');
    const stranger = await signInContact(harness.app, other, customer.email);
    assertError(await submit(stranger.session, body), 404, 'not_found');
    const theirForms = await call(harness.app, 'GET', '/api/v1/portal/forms', { as: stranger.session });
    assert.deepEqual(theirForms.json().items, []);
  });

  test('a field made agent-only leaves the form on the portal and is refused in submissions', async () => {
    const as = org.owner.session;
    const field = await defineField(harness, org, {
      key: 'device',
      label: 'Device',
      type: 'text',
      visibleToCustomers: true,
    });
    const form = await call(harness.app, 'POST', '/api/v1/intake-forms', {
      as,
      body: { name: 'Device trouble', fields: [{ fieldKey: 'device', required: true }] },
    });
    await call(harness.app, 'PATCH', `/api/v1/ticket-fields/${field.id}`, {
      as,
      body: { visibleToCustomers: false },
    });
    const forms = await call(harness.app, 'GET', '/api/v1/portal/forms', { as: customer.session });
    const offered = forms.json().items.find((item: { id: string }) => item.id === form.json().id);
    assert.deepEqual(offered.fields, []);
    assertError(
      await submit(
        customer.session,
        { subject: 'x', body: 'y', customFields: { device: 'phone' } },
        form.json().id,
      ),
      422,
      'unprocessable',
      { field: 'customFields.device' },
    );
    const created = await submit(customer.session, { subject: 'x', body: 'y' }, form.json().id);
    assert.equal(created.statusCode, 201, created.body);
  });
});
