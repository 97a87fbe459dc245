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
import { multipartBody } from '../attachments/attachment-test-helpers.ts';
import { defineField, PLAN_OPTIONS } from '../custom-fields/test-fields.ts';

type Customer = { id: string; email: string; session: PortalCredentials };

describe('files sent with an intake form', () => {
  let harness: TestApp;
  let org: TestOrganization;
  let customer: Customer;
  let formId: string;

  const submit = (as: PortalCredentials, body: Record<string, unknown>, id = formId) =>
    call(harness.app, 'POST', `/api/v1/portal/forms/${id}/submissions`, { as, body });
  const upload = (as: PortalCredentials, text: string) => {
    const { payload, headers } = multipartBody({ filename: 'screenshot.txt', content: Buffer.from(text) });
    return call(harness.app, 'POST', '/api/v1/portal/uploads', { as, body: payload, headers });
  };
  const agentTicket = async (id: string) =>
    (await call(harness.app, 'GET', `/api/v1/tickets/${id}`, { as: org.owner.session })).json();

  before(async () => {
    harness = await createTestApp();
    org = await signUpOrganization(harness.app);
    await defineField(harness, org, {
      key: 'plan',
      label: 'Plan',
      type: 'select',
      options: PLAN_OPTIONS,
      visibleToCustomers: true,
    });
    const form = await call(harness.app, 'POST', '/api/v1/intake-forms', {
      as: org.owner.session,
      body: { name: 'Billing question', fields: [{ fieldKey: 'plan', required: true }] },
    });
    assert.equal(form.statusCode, 201, form.body);
    formId = form.json().id;
    customer = await signInContact(harness.app, org);
  });
  after(() => harness.close());

  test('files uploaded before the ticket exist are sent with the submission, and only by their uploader', async () => {
    const uploaded = await upload(customer.session, 'Invoice 77');
    assert.equal(uploaded.statusCode, 201, uploaded.body);
    const file = uploaded.json();
    assert.equal(file.ticketId, null);
    assert.equal(file.commentId, null);
    const own = await call(harness.app, 'GET', `/api/v1/portal/attachments/${file.id}`, {
      as: customer.session,
    });
    assert.equal(own.body, 'Invoice 77');
    const agentBefore = await call(harness.app, 'GET', `/api/v1/attachments/${file.id}`, {
      as: org.owner.session,
    });
    assertError(agentBefore, 404, 'not_found');

    const someoneElse = await signInContact(harness.app, org);
    assertError(
      await call(harness.app, 'GET', `/api/v1/portal/attachments/${file.id}`, { as: someoneElse.session }),
      404,
      'not_found',
    );
    const body = {
      subject: 'With a file',
      body: 'Attached',
      customFields: { plan: 'gold' },
      attachmentIds: [file.id],
    };
    assertError(await submit(someoneElse.session, body), 422, 'unprocessable', { field: 'attachmentIds' });

    const sent = await submit(customer.session, body);
    assert.equal(sent.statusCode, 201, sent.body);
    const comments = await call(harness.app, 'GET', `/api/v1/tickets/${sent.json().id}/comments`, {
      as: org.owner.session,
    });
    const opening = comments.json().items[0];
    assert.deepEqual(
      opening.attachments.map((attachment: { id: string; ticketId: string; commentId: string }) => [
        attachment.id,
        attachment.ticketId,
        attachment.commentId,
      ]),
      [[file.id, sent.json().id, opening.id]],
    );
    const agentAfter = await call(harness.app, 'GET', `/api/v1/attachments/${file.id}`, {
      as: org.owner.session,
    });
    assert.equal(agentAfter.body, 'Invoice 77');
    assertError(await submit(customer.session, body), 422, 'unprocessable', { field: 'attachmentIds' });
    const conversation = await call(harness.app, 'GET', `/api/v1/portal/tickets/${sent.json().id}/comments`, {
      as: customer.session,
    });
    assert.equal(conversation.json().items[0].attachments[0].id, file.id);
  });

  test("a refused submission keeps the customer's uploads unsent; deleting the form clears formId", async () => {
    const file = (await upload(customer.session, 'Draft')).json();
    const refused = await submit(customer.session, { subject: 'x', body: 'y', attachmentIds: [file.id] });
    assertError(refused, 422, 'unprocessable', { field: 'customFields.plan' });
    const form = await call(harness.app, 'POST', '/api/v1/intake-forms', {
      as: org.owner.session,
      body: { name: 'Short-lived form' },
    });
    const sent = await submit(
      customer.session,
      { subject: 'x', body: 'y', attachmentIds: [file.id] },
      form.json().id,
    );
    assert.equal(sent.statusCode, 201, sent.body);
    assert.equal((await agentTicket(sent.json().id)).formId, form.json().id);
    await call(harness.app, 'DELETE', `/api/v1/intake-forms/${form.json().id}`, { as: org.owner.session });
    const ticket = await agentTicket(sent.json().id);
    assert.equal(ticket.formId, null);
    assert.equal(ticket.subject, 'x');
  });
});
