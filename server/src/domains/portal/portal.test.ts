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
  uniqueEmail,
} from '../../test/test-app.ts';
import { multipartBody, uploadFile } from '../attachments/attachment-test-helpers.ts';

type StatusOption = { id: string; category: string };

describe('customer portal API', () => {
  let harness: TestApp;
  let org: TestOrganization;
  let statuses: StatusOption[];

  const open = async (customer: PortalCredentials, subject = 'Help') => {
    const response = await call(harness.app, 'POST', '/api/v1/portal/tickets', {
      as: customer,
      body: { subject, body: 'Please help.' },
    });
    assert.equal(response.statusCode, 201, response.body);
    return response.json<{ id: string; number: number; status: { category: string } }>();
  };
  const setStatus = async (ticketId: string, category: string) => {
    const as = org.owner.session;
    const current = await call(harness.app, 'GET', `/api/v1/tickets/${ticketId}`, { as });
    const statusId = statuses.find((status) => status.category === category)?.id;
    const changed = await call(harness.app, 'PATCH', `/api/v1/tickets/${ticketId}`, {
      as,
      body: { statusId, version: current.json().version },
    });
    assert.equal(changed.statusCode, 200, changed.body);
  };
  const agentView = async (ticketId: string) =>
    (await call(harness.app, 'GET', `/api/v1/tickets/${ticketId}`, { as: org.owner.session })).json();

  before(async () => {
    harness = await createTestApp();
    org = await signUpOrganization(harness.app);
    statuses = (await call(harness.app, 'GET', '/api/v1/ticket-statuses', { as: org.owner.session })).json()
      .items;
  });
  after(() => harness.close());

  describe('signing in', () => {
    test('a sign-in link works once and gives a portal session', async () => {
      const created = await call(harness.app, 'POST', '/api/v1/contacts', {
        as: org.owner.session,
        body: { email: uniqueEmail('link') },
      });
      const link = await call(harness.app, 'POST', `/api/v1/contacts/${created.json().id}/sign-in-links`, {
        as: org.owner.session,
      });
      assert.equal(link.statusCode, 201);
      assert.equal(
        link.json().url,
        `http://localhost:3000/portal/${org.slug}/sign-in#token=${link.json().token}`,
      );
      const first = await call(harness.app, 'POST', '/api/v1/portal/sessions', {
        body: { token: link.json().token },
      });
      assert.equal(first.statusCode, 201, first.body);
      assert.equal(first.json().contact.id, created.json().id);
      const cookie = first.cookies.find((c) => c.name === 'ac_portal');
      assert.equal(cookie?.httpOnly, true);
      assertError(
        await call(harness.app, 'POST', '/api/v1/portal/sessions', { body: { token: link.json().token } }),
        401,
        'unauthenticated',
      );
      assertError(
        await call(harness.app, 'POST', '/api/v1/portal/sessions', { body: { token: 'acl_forged' } }),
        401,
        'unauthenticated',
      );
    });

    test('portal and agent credentials are not interchangeable', async () => {
      const customer = await signInContact(harness.app, org);
      assert.equal(
        (await call(harness.app, 'GET', '/api/v1/auth/me', { as: customer.session })).statusCode,
        401,
      );
      assert.equal(
        (await call(harness.app, 'GET', '/api/v1/portal/me', { as: org.owner.session })).statusCode,
        401,
      );
      const me = await call(harness.app, 'GET', '/api/v1/portal/me', { as: customer.session });
      assert.equal(me.json().contact.email, customer.email);
    });

    test('portal writes need the CSRF token; logout ends the session', async () => {
      const customer = await signInContact(harness.app, org);
      assertError(
        await call(harness.app, 'POST', '/api/v1/portal/tickets', {
          as: customer.session,
          headers: { 'x-csrf-token': 'wrong' },
          body: { subject: 'x', body: 'y' },
        }),
        403,
        'csrf_failed',
      );
      assert.equal(
        (await call(harness.app, 'POST', '/api/v1/portal/logout', { as: customer.session })).statusCode,
        204,
      );
      assert.equal(
        (await call(harness.app, 'GET', '/api/v1/portal/me', { as: customer.session })).statusCode,
        401,
      );
    });
  });

  describe('my requests', () => {
    test('a customer opens a request that agents see with source portal', async () => {
      const customer = await signInContact(harness.app, org);
      const ticket = await open(customer.session, 'Cannot log in');
      const seen = await agentView(ticket.id);
      assert.equal(seen.source, 'portal');
      assert.equal(seen.requesterId, customer.id);
      const events = await call(harness.app, 'GET', `/api/v1/tickets/${ticket.id}/events`, {
        as: org.owner.session,
      });
      assert.deepEqual(events.json().items[0].actorType, 'contact');
    });

    test("another customer's ticket, here or in another organization, does not exist (404)", async () => {
      const alice = await signInContact(harness.app, org);
      const bob = await signInContact(harness.app, org);
      const other = await signUpOrganization(harness.app, 'Other');
      const stranger = await signInContact(harness.app, other, alice.email);
      const ticket = await open(alice.session);
      for (const intruder of [bob.session, stranger.session]) {
        for (const url of [
          `/api/v1/portal/tickets/${ticket.id}`,
          `/api/v1/portal/tickets/${ticket.id}/comments`,
        ]) {
          assertError(await call(harness.app, 'GET', url, { as: intruder }), 404, 'not_found');
        }
        assertError(
          await call(harness.app, 'POST', `/api/v1/portal/tickets/${ticket.id}/comments`, {
            as: intruder,
            body: { body: 'me too' },
          }),
          404,
          'not_found',
        );
        const listed = await call(harness.app, 'GET', '/api/v1/portal/tickets', { as: intruder });
        assert.deepEqual(listed.json().items, []);
      }
    });

    test('a reply to a solved or pending request reopens it, recorded as the customer’s change', async () => {
      const customer = await signInContact(harness.app, org);
      for (const category of ['solved', 'pending']) {
        const ticket = await open(customer.session);
        await setStatus(ticket.id, category);
        const reply = await call(harness.app, 'POST', `/api/v1/portal/tickets/${ticket.id}/comments`, {
          as: customer.session,
          body: { body: 'Still broken' },
        });
        assert.equal(reply.statusCode, 201, reply.body);
        assert.equal(reply.json().author.type, 'contact');
        const after = await agentView(ticket.id);
        assert.equal(after.statusCategory, 'open', `reopened from ${category}`);
        assert.equal(after.solvedAt, null);
        const events = await call(harness.app, 'GET', `/api/v1/tickets/${ticket.id}/events`, {
          as: org.owner.session,
        });
        const reopened = events.json().items.at(-1);
        assert.equal(reopened.action, 'ticket.status_changed');
        assert.equal(reopened.actorType, 'contact');
        assert.equal(reopened.changes.reason, 'customer_reply');
      }
    });

    test('with reopening switched off a solved request stays solved; a closed one takes no replies', async () => {
      const other = await signUpOrganization(harness.app, 'No reopen');
      const patched = await call(harness.app, 'PATCH', '/api/v1/organization', {
        as: other.owner.session,
        body: { reopenOnCustomerReply: false },
      });
      assert.equal(patched.json().reopenOnCustomerReply, false);
      const customer = await signInContact(harness.app, other);
      const ticket = await open(customer.session);
      const otherStatuses: StatusOption[] = (
        await call(harness.app, 'GET', '/api/v1/ticket-statuses', { as: other.owner.session })
      ).json().items;
      const move = async (category: string, version: number) =>
        call(harness.app, 'PATCH', `/api/v1/tickets/${ticket.id}`, {
          as: other.owner.session,
          body: { statusId: otherStatuses.find((status) => status.category === category)?.id, version },
        });
      await move('solved', 1);
      const reply = await call(harness.app, 'POST', `/api/v1/portal/tickets/${ticket.id}/comments`, {
        as: customer.session,
        body: { body: 'Thanks!' },
      });
      assert.equal(reply.statusCode, 201);
      const solved = await call(harness.app, 'GET', `/api/v1/portal/tickets/${ticket.id}`, {
        as: customer.session,
      });
      assert.equal(solved.json().status.category, 'solved');
      await move('closed', 2);
      assertError(
        await call(harness.app, 'POST', `/api/v1/portal/tickets/${ticket.id}/comments`, {
          as: customer.session,
          body: { body: 'Again' },
        }),
        409,
        'conflict',
      );
    });

    test('a customer sends files with a reply; agents see them; others cannot upload or borrow files', async () => {
      const customer = await signInContact(harness.app, org);
      const other = await signInContact(harness.app, org);
      const ticket = await open(customer.session);
      const upload = (as: PortalCredentials, text: string) => {
        const { payload, headers } = multipartBody({ filename: 'receipt.txt', content: Buffer.from(text) });
        return call(harness.app, 'POST', `/api/v1/portal/tickets/${ticket.id}/attachments`, {
          as,
          body: payload,
          headers,
        });
      };
      const uploaded = await upload(customer.session, 'Receipt #991');
      assert.equal(uploaded.statusCode, 201, uploaded.body);
      assertError(await upload(other.session, 'not mine'), 404, 'not_found');

      const agentFile = await uploadFile(harness.app, org.owner.session, ticket.id, {
        filename: 'internal.txt',
        content: Buffer.from('agent file'),
      });
      assertError(
        await call(harness.app, 'POST', `/api/v1/portal/tickets/${ticket.id}/comments`, {
          as: customer.session,
          body: { body: 'Borrowing', attachmentIds: [agentFile.json().id] },
        }),
        422,
        'unprocessable',
        { field: 'attachmentIds' },
      );
      const reply = await call(harness.app, 'POST', `/api/v1/portal/tickets/${ticket.id}/comments`, {
        as: customer.session,
        body: { body: 'Here is the receipt', attachmentIds: [uploaded.json().id] },
      });
      assert.equal(reply.statusCode, 201, reply.body);
      assert.deepEqual(
        reply.json().attachments.map((file: { filename: string }) => file.filename),
        ['receipt.txt'],
      );

      const agentSees = await call(harness.app, 'GET', `/api/v1/tickets/${ticket.id}/comments`, {
        as: org.owner.session,
      });
      const files = agentSees.json().items.at(-1).attachments;
      assert.equal(files[0].id, uploaded.json().id);
      const download = await call(harness.app, 'GET', `/api/v1/attachments/${uploaded.json().id}`, {
        as: org.owner.session,
      });
      assert.equal(download.body, 'Receipt #991');
      assertError(
        await call(harness.app, 'GET', `/api/v1/portal/attachments/${uploaded.json().id}`, {
          as: other.session,
        }),
        404,
        'not_found',
      );
    });

    test('customer HTML is sanitized like any comment', async () => {
      const customer = await signInContact(harness.app, org);
      const ticket = await open(customer.session);
      const reply = await call(harness.app, 'POST', `/api/v1/portal/tickets/${ticket.id}/comments`, {
        as: customer.session,
        body: { html: '<p>hi<script>alert(1)</script><img src=x onerror=alert(2)></p>' },
      });
      assert.equal(reply.statusCode, 201, reply.body);
      assert.ok(!reply.json().bodyHtml.includes('script'));
      assert.ok(!reply.json().bodyHtml.includes('onerror'));
    });
  });
});
