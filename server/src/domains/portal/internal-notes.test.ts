import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  addAgent,
  call,
  createTestApp,
  type PortalCredentials,
  signInContact,
  signUpOrganization,
  type TestApp,
  type TestOrganization,
} from '../../test/test-app.ts';
import { uploadFile } from '../attachments/attachment-test-helpers.ts';
import { defineField } from '../custom-fields/test-fields.ts';
import { openTestSocket, subscribe } from '../realtime/realtime-test-client.ts';

/**
 * An internal note, and an agent-only custom field, must never reach a customer, by any path. Each channel that shows a ticket to a
 * customer adds its views to CUSTOMER_VIEWS; every view is checked against the same ticket, which
 * carries notes with a marker that must appear nowhere, in any field, count or time.
 */
const SECRET = 'INTERNAL-ONLY-7f3a';

type Fixture = {
  harness: TestApp;
  org: TestOrganization;
  customer: PortalCredentials;
  ticketId: string;
  publicCommentIds: string[];
  noteIds: string[];
  publicAttachmentId: string;
  noteAttachmentId: string;
  submissionResponse: string;
};

type CustomerView = { name: string; read: (fixture: Fixture) => Promise<string> };

const get = async (fixture: Fixture, url: string) => {
  const response = await call(fixture.harness.app, 'GET', url, { as: fixture.customer });
  assert.equal(response.statusCode, 200, `${url}: ${response.body}`);
  return response.body;
};

const CUSTOMER_VIEWS: CustomerView[] = [
  { name: 'portal ticket list', read: (f) => get(f, '/api/v1/portal/tickets') },
  { name: 'portal ticket', read: (f) => get(f, `/api/v1/portal/tickets/${f.ticketId}`) },
  { name: 'portal conversation', read: (f) => get(f, `/api/v1/portal/tickets/${f.ticketId}/comments`) },
  {
    name: 'portal download of a public file',
    read: (f) => get(f, `/api/v1/portal/attachments/${f.publicAttachmentId}`),
  },
  { name: 'portal intake forms', read: (f) => get(f, '/api/v1/portal/forms') },
  { name: 'portal form submission', read: async (f) => f.submissionResponse },
  { name: 'public portal branding', read: (f) => get(f, `/api/v1/portal/organizations/${f.org.slug}`) },
  { name: 'portal live events (catch-up and live)', read: (f) => readPortalSocket(f) },
];

/** Everything a customer's socket receives: the ticket's stored events from the start, then a new note. */
async function readPortalSocket(f: Fixture): Promise<string> {
  const socket = await openTestSocket(f.harness.app, '/api/v1/portal/realtime', f.customer);
  try {
    const ack = await subscribe(socket, { ticket: f.ticketId }, 0);
    assert.equal(ack.type, 'subscribed', JSON.stringify(ack));
    const note = await call(f.harness.app, 'POST', `/api/v1/tickets/${f.ticketId}/comments`, {
      as: f.org.owner.session,
      body: { visibility: 'internal', body: `${SECRET} said while the customer watched` },
    });
    assert.equal(note.statusCode, 201, note.body);
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.ok(
      socket.messages.some((m) => m.type === 'event'),
      'the public reply came through',
    );
    return JSON.stringify(socket.messages);
  } finally {
    await socket.close();
  }
}

describe('internal notes never reach the customer', () => {
  const fixture = {} as Fixture;
  let noteFreeActivity: string;

  before(async () => {
    fixture.harness = await createTestApp();
    fixture.org = await signUpOrganization(fixture.harness.app);
    const customer = await signInContact(fixture.harness.app, fixture.org);
    fixture.customer = customer.session;
    const as = fixture.org.owner.session;
    const colleague = await addAgent(fixture.harness.app, fixture.org);
    const app = fixture.harness.app;

    // An agent-only field (its key, label and value must never show) and one customers may see.
    await defineField(fixture.harness, fixture.org, {
      key: 'internal_risk',
      label: `${SECRET} risk`,
      type: 'text',
    });
    await defineField(fixture.harness, fixture.org, {
      key: 'order_ref',
      label: 'Order',
      type: 'text',
      visibleToCustomers: true,
    });
    const form = await call(app, 'POST', '/api/v1/intake-forms', {
      as,
      body: { name: 'Delivery problem', fields: [{ fieldKey: 'order_ref', required: true }] },
    });
    assert.equal(form.statusCode, 201, form.body);
    const opened = await call(app, 'POST', `/api/v1/portal/forms/${form.json().id}/submissions`, {
      as: fixture.customer,
      body: {
        subject: 'My order never arrived',
        body: 'Order 1234 is late.',
        customFields: { order_ref: '1234' },
      },
    });
    assert.equal(opened.statusCode, 201, opened.body);
    fixture.ticketId = opened.json().id;
    const withRisk = await call(app, 'PATCH', `/api/v1/tickets/${fixture.ticketId}`, {
      as,
      body: { version: 1, customFields: { internal_risk: `${SECRET} chargeback risk high` } },
    });
    assert.equal(withRisk.statusCode, 200, withRisk.body);
    fixture.submissionResponse = opened.body;
    const upload = async (filename: string, text: string) => {
      const response = await uploadFile(app, as, fixture.ticketId, { filename, content: Buffer.from(text) });
      assert.equal(response.statusCode, 201, response.body);
      return response.json().id as string;
    };
    fixture.publicAttachmentId = await upload('tracking.txt', 'Parcel 42 is in Lyon.');
    fixture.noteAttachmentId = await upload(`${SECRET}-fraud-report.txt`, `${SECRET} chargeback history`);
    const comment = async (visibility: string, body: string, attachmentIds: string[] = []) => {
      const response = await call(app, 'POST', `/api/v1/tickets/${fixture.ticketId}/comments`, {
        as,
        body: { visibility, html: `<p>${body}</p>`, attachmentIds },
      });
      assert.equal(response.statusCode, 201, response.body);
      return response.json().id as string;
    };
    fixture.publicCommentIds = [
      await comment('public', 'We are checking with the courier.', [fixture.publicAttachmentId]),
    ];
    noteFreeActivity = JSON.parse(
      await get(fixture, `/api/v1/portal/tickets/${fixture.ticketId}`),
    ).lastActivityAt;
    fixture.noteIds = [
      await comment('internal', `${SECRET} customer flagged for fraud review @${colleague.email}`, [
        fixture.noteAttachmentId,
      ]),
      await comment('internal', `<b>${SECRET}</b> refund limit exceeded`),
    ];
  });
  after(() => fixture.harness.close());

  for (const view of CUSTOMER_VIEWS) {
    test(`${view.name}: no note text, id or author trace`, async () => {
      const body = await view.read(fixture);
      assert.ok(!body.includes(SECRET), `${view.name} leaks the note's text`);
      for (const id of [...fixture.noteIds, fixture.noteAttachmentId]) {
        assert.ok(!body.includes(id), `${view.name} leaks ${id}`);
      }
      assert.ok(!body.toLowerCase().includes('internal'), `${view.name} mentions visibility at all`);
    });
  }

  test('customer-visible field values show; agent-only ones do not', async () => {
    const ticket = JSON.parse(await get(fixture, `/api/v1/portal/tickets/${fixture.ticketId}`));
    assert.deepEqual(ticket.fields, [
      { key: 'order_ref', label: 'Order', type: 'text', value: '1234', valueLabel: null },
    ]);
    const agentView = await call(fixture.harness.app, 'GET', `/api/v1/tickets/${fixture.ticketId}`, {
      as: fixture.org.owner.session,
    });
    assert.ok(agentView.body.includes(SECRET), 'the agent sees the value');
  });

  test('counts and activity times ignore notes', async () => {
    const ticket = JSON.parse(await get(fixture, `/api/v1/portal/tickets/${fixture.ticketId}`));
    assert.equal(ticket.commentCount, 2, 'the opening message and one public reply');
    assert.equal(ticket.lastActivityAt, noteFreeActivity, 'a note does not move the activity time');
    const listed = JSON.parse(await get(fixture, '/api/v1/portal/tickets')).items[0];
    assert.deepEqual(listed, ticket);
    const conversation = JSON.parse(
      await get(fixture, `/api/v1/portal/tickets/${fixture.ticketId}/comments`),
    );
    assert.deepEqual(
      conversation.items.map((item: { id: string }) => item.id),
      [conversation.items[0].id, ...fixture.publicCommentIds],
    );
  });

  test("a note's file cannot be downloaded by the customer; a public reply's file can", async () => {
    const app = fixture.harness.app;
    const hidden = await call(app, 'GET', `/api/v1/portal/attachments/${fixture.noteAttachmentId}`, {
      as: fixture.customer,
    });
    assert.equal(hidden.statusCode, 404, 'exactly as if it did not exist');
    assert.ok(!hidden.body.includes(SECRET));
    const shown = await call(app, 'GET', `/api/v1/portal/attachments/${fixture.publicAttachmentId}`, {
      as: fixture.customer,
    });
    assert.equal(shown.body, 'Parcel 42 is in Lyon.');
    const conversation = JSON.parse(
      await get(fixture, `/api/v1/portal/tickets/${fixture.ticketId}/comments`),
    );
    const files = conversation.items.flatMap((item: { attachments: { id: string }[] }) =>
      item.attachments.map((file) => file.id),
    );
    assert.deepEqual(files, [fixture.publicAttachmentId]);
  });

  test('the agent still sees every comment', async () => {
    const response = await call(fixture.harness.app, 'GET', `/api/v1/tickets/${fixture.ticketId}/comments`, {
      as: fixture.org.owner.session,
    });
    assert.equal(response.json().items.length, 4);
    assert.ok(response.body.includes(SECRET));
  });

  test("a customer's session opens no agent route, where notes live", async () => {
    for (const url of [
      `/api/v1/tickets/${fixture.ticketId}/comments`,
      `/api/v1/tickets/${fixture.ticketId}`,
      '/api/v1/tickets',
    ]) {
      const response = await call(fixture.harness.app, 'GET', url, { as: fixture.customer });
      assert.equal(response.statusCode, 401, url);
      assert.ok(!response.body.includes(SECRET));
    }
  });
});
