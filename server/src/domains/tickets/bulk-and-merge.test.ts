import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
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
  uniqueEmail,
} from '../../test/test-app.ts';
import { uploadFile } from '../attachments/attachment-test-helpers.ts';

type TicketBody = {
  id: string;
  number: number;
  version: number;
  tags: string[];
  statusId: string;
  statusCategory: string;
  assigneeId: string | null;
  mergedIntoId: string | null;
  closedAt: string | null;
};

describe('bulk update and merge', () => {
  let harness: TestApp;
  let org: TestOrganization;
  let owner: Credentials;
  let statuses: { id: string; category: string }[];

  const createTicket = async (body: Record<string, unknown> = {}) => {
    const response = await call(harness.app, 'POST', '/api/v1/tickets', {
      as: owner,
      body: { subject: 'Ticket', requester: { email: uniqueEmail() }, ...body },
    });
    assert.equal(response.statusCode, 201, response.body);
    return response.json<TicketBody>();
  };
  const fetchTicket = async (id: string) =>
    (await call(harness.app, 'GET', `/api/v1/tickets/${id}`, { as: owner })).json<TicketBody>();
  const bulk = (body: unknown, as: Credentials = owner) =>
    call(harness.app, 'POST', '/api/v1/tickets/bulk-update', { as, body });
  const statusIn = (category: string) => statuses.find((status) => status.category === category)?.id;

  before(async () => {
    harness = await createTestApp();
    org = await signUpOrganization(harness.app);
    owner = org.owner.session;
    statuses = (await call(harness.app, 'GET', '/api/v1/ticket-statuses', { as: owner })).json().items;
  });
  after(() => harness.close());

  describe('bulk update', () => {
    test('changes every listed ticket, with history marked as bulk and versions moved', async () => {
      const agent = await addAgent(harness.app, org);
      const tickets = [
        await createTicket({ tags: ['a', 'b'] }),
        await createTicket({ tags: ['b'] }),
        await createTicket(),
      ];
      const response = await bulk({
        ticketIds: tickets.map((ticket) => ticket.id),
        changes: { assigneeId: agent.id, statusId: statusIn('pending'), addTags: ['vip'], removeTags: ['b'] },
      });
      assert.equal(response.statusCode, 200, response.body);
      assert.equal(response.json().changedCount, 3);
      const after = await Promise.all(tickets.map((ticket) => fetchTicket(ticket.id)));
      assert.deepEqual(
        after.map((ticket) => ticket.tags),
        [['a', 'vip'], ['vip'], ['vip']],
      );
      for (const ticket of after) {
        assert.equal(ticket.assigneeId, agent.id);
        assert.equal(ticket.statusCategory, 'pending');
        assert.equal(ticket.version, 2);
      }
      const events = await call(harness.app, 'GET', `/api/v1/tickets/${tickets[0]?.id}/events`, {
        as: owner,
      });
      const assigned = events
        .json()
        .items.find((event: { action: string }) => event.action === 'ticket.assignee_changed');
      assert.deepEqual(assigned.changes, { field: 'assigneeId', from: null, to: agent.id, bulk: true });
    });

    test('one unknown or foreign id changes nothing at all', async () => {
      const stranger = await signUpOrganization(harness.app, 'Stranger');
      const foreign = await call(harness.app, 'POST', '/api/v1/tickets', {
        as: stranger.owner.session,
        body: { subject: 'Theirs', requester: { email: uniqueEmail() } },
      });
      const mine = [await createTicket(), await createTicket()];
      const response = await bulk({
        ticketIds: [...mine.map((ticket) => ticket.id), foreign.json().id],
        changes: { tags: ['touched'] },
      });
      assertError(response, 422, 'unprocessable', { field: 'ticketIds', missing: [foreign.json().id] });
      for (const ticket of mine) assert.deepEqual((await fetchTicket(ticket.id)).tags, []);
      assert.deepEqual(
        (
          await call(harness.app, 'GET', `/api/v1/tickets/${foreign.json().id}`, {
            as: stranger.owner.session,
          })
        ).json().tags,
        [],
      );
    });

    test('a failure on a later ticket rolls back the earlier ones', async () => {
      const full = Array.from({ length: 50 }, (_, index) => `t${index}`);
      const first = await createTicket();
      const crowded = await createTicket({ tags: full });
      const response = await bulk({
        ticketIds: [first.id, crowded.id],
        changes: { addTags: ['one-more'] },
      });
      assertError(response, 422, 'unprocessable', { field: 'addTags' });
      const untouched = await fetchTicket(first.id);
      assert.deepEqual(untouched.tags, []);
      assert.equal(untouched.version, 1);
    });

    test('at most 100 tickets, a known assignee, and tags replaced or edited but not both', async () => {
      const ids = Array.from({ length: 101 }, () => crypto.randomUUID());
      assertError(await bulk({ ticketIds: ids, changes: { tags: [] } }), 400, 'validation_failed');
      const ticket = await createTicket();
      assertError(await bulk({ ticketIds: [ticket.id], changes: {} }), 400, 'validation_failed');
      assertError(
        await bulk({ ticketIds: [ticket.id], changes: { tags: ['x'], addTags: ['y'] } }),
        400,
        'validation_failed',
        {
          field: 'tags',
        },
      );
      assertError(
        await bulk({ ticketIds: [ticket.id], changes: { assigneeId: crypto.randomUUID() } }),
        422,
        'unprocessable',
        {
          field: 'assigneeId',
        },
      );
    });
  });

  describe('merge', () => {
    const merge = (sourceId: string, targetTicketId: string) =>
      call(harness.app, 'POST', `/api/v1/tickets/${sourceId}/merge`, { as: owner, body: { targetTicketId } });
    const comments = async (ticketId: string) =>
      (await call(harness.app, 'GET', `/api/v1/tickets/${ticketId}/comments`, { as: owner })).json()
        .items as {
        bodyText: string;
        visibility: string;
        authorType: string;
      }[];

    test('comments move in time order, the duplicate is closed with a pointer, both histories say so', async () => {
      const target = await createTicket({ comment: { body: 'target first', visibility: 'public' } });
      const source = await createTicket({ comment: { body: 'source first', visibility: 'public' } });
      await call(harness.app, 'POST', `/api/v1/tickets/${target.id}/comments`, {
        as: owner,
        body: { body: 'target second', visibility: 'internal' },
      });
      await call(harness.app, 'POST', `/api/v1/tickets/${source.id}/comments`, {
        as: owner,
        body: { body: 'source second', visibility: 'public' },
      });

      const response = await merge(source.id, target.id);
      assert.equal(response.statusCode, 200, response.body);
      assert.equal(response.json().source.mergedIntoId, target.id);
      assert.equal(response.json().source.statusCategory, 'closed');
      assert.ok(response.json().source.closedAt);
      assert.equal(response.json().target.version, target.version + 1);

      const moved = await comments(target.id);
      assert.deepEqual(
        moved.map((comment) => comment.bodyText),
        [
          'target first',
          'source first',
          'target second',
          'source second',
          `Ticket #${source.number} "Ticket" was merged into this ticket.`,
        ],
      );
      assert.equal(moved.at(-1)?.visibility, 'internal');
      const left = await comments(source.id);
      assert.deepEqual(
        left.map((comment) => [comment.authorType, comment.visibility, comment.bodyText]),
        [['system', 'public', `This request was closed and merged into request #${target.number}.`]],
      );
      const sourceEvents = (
        await call(harness.app, 'GET', `/api/v1/tickets/${source.id}/events`, { as: owner })
      ).json().items;
      const merged = sourceEvents.find((event: { action: string }) => event.action === 'ticket.merged');
      assert.equal(merged.changes.targetNumber, target.number);
      assert.equal(merged.changes.commentsMoved, 2);
      const targetEvents = (
        await call(harness.app, 'GET', `/api/v1/tickets/${target.id}/events`, { as: owner })
      ).json().items;
      assert.ok(targetEvents.some((event: { action: string }) => event.action === 'ticket.merge_received'));
    });

    test("the duplicate's requester and CCs become CCs of the ticket it went into", async () => {
      const colleague = uniqueEmail('colleague');
      const target = await createTicket();
      const source = await createTicket({ ccEmails: [colleague] });
      assert.equal((await merge(source.id, target.id)).statusCode, 200);
      const ccs = (await call(harness.app, 'GET', `/api/v1/tickets/${target.id}/ccs`, { as: owner })).json()
        .items as { id: string; email: string }[];
      const sourceRequester = (await fetchTicket(source.id)) as TicketBody & { requesterId: string };
      assert.deepEqual(
        ccs.map((cc) => cc.email).sort(),
        [colleague, ccs.find((cc) => cc.id === sourceRequester.requesterId)?.email].sort(),
      );
      assert.equal(ccs.length, 2);
    });

    test('files move with their comments, and unsent uploads go along', async () => {
      const source = await createTicket();
      const target = await createTicket();
      const upload = async (name: string) =>
        (
          await uploadFile(harness.app, owner, source.id, { filename: name, content: Buffer.from(name) })
        ).json().id as string;
      const sent = await upload('sent.txt');
      const unsent = await upload('unsent.txt');
      await call(harness.app, 'POST', `/api/v1/tickets/${source.id}/comments`, {
        as: owner,
        body: { body: 'with a file', visibility: 'public', attachmentIds: [sent] },
      });
      assert.equal((await merge(source.id, target.id)).statusCode, 200);
      const moved = (await comments(target.id)).find(
        (comment) => comment.bodyText === 'with a file',
      ) as unknown as {
        attachments: { id: string; ticketId: string }[];
      };
      assert.deepEqual(
        moved.attachments.map((file) => [file.id, file.ticketId]),
        [[sent, target.id]],
      );
      const later = await call(harness.app, 'POST', `/api/v1/tickets/${target.id}/comments`, {
        as: owner,
        body: { body: 'sending the other one', visibility: 'public', attachmentIds: [unsent] },
      });
      assert.equal(later.statusCode, 201, later.body);
    });

    test("the duplicate's requester sees where the request went and can no longer reply to it", async () => {
      const customer = await signInContact(harness.app, org);
      const source = await createTicket({ requesterId: customer.id, requester: undefined });
      const target = await createTicket();
      assert.equal((await merge(source.id, target.id)).statusCode, 200);
      const view = await call(harness.app, 'GET', `/api/v1/portal/tickets/${source.id}/comments`, {
        as: customer.session,
      });
      assert.match(view.json().items.at(-1).bodyText, new RegExp(`merged into request #${target.number}`));
      assertError(
        await call(harness.app, 'POST', `/api/v1/portal/tickets/${source.id}/comments`, {
          as: customer.session,
          body: { body: 'hello?' },
        }),
        409,
        'conflict',
      );
    });

    test('not into itself, not twice, not into a merged or closed ticket, not across organizations', async () => {
      const a = await createTicket();
      const b = await createTicket();
      const c = await createTicket();
      assertError(await merge(a.id, a.id), 422, 'unprocessable', { field: 'targetTicketId' });
      assert.equal((await merge(a.id, b.id)).statusCode, 200);
      assertError(await merge(a.id, c.id), 409, 'conflict');
      assertError(await merge(c.id, a.id), 422, 'unprocessable', {
        field: 'targetTicketId',
        mergedIntoId: b.id,
      });
      const closed = await createTicket({ statusId: statusIn('closed') });
      assertError(await merge(c.id, closed.id), 422, 'unprocessable', { field: 'targetTicketId' });
      const stranger = await signUpOrganization(harness.app, 'Stranger 2');
      const theirs = await call(harness.app, 'POST', '/api/v1/tickets', {
        as: stranger.owner.session,
        body: { subject: 'Theirs', requester: { email: uniqueEmail() } },
      });
      assertError(await merge(c.id, theirs.json().id), 422, 'unprocessable', { field: 'targetTicketId' });
      assert.equal((await fetchTicket(c.id)).mergedIntoId, null);
    });
  });
});
