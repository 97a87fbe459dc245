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
  uniqueEmail,
} from '../../test/test-app.ts';

type TicketBody = {
  id: string;
  number: number;
  subject: string;
  requesterId: string;
  assigneeId: string | null;
  statusId: string;
  statusCategory: string;
  priorityId: string;
  tags: string[];
  source: string;
  version: number;
  firstResponseAt: string | null;
  solvedAt: string | null;
  closedAt: string | null;
};
type Option = { id: string; name: string; category?: string };

describe('tickets', () => {
  let harness: TestApp;
  let org: TestOrganization;
  let owner: Credentials;
  let statuses: Option[];

  const createTicket = async (body: Record<string, unknown>, as: Credentials = owner) => {
    const response = await call(harness.app, 'POST', '/api/v1/tickets', { as, body });
    assert.equal(response.statusCode, 201, response.body);
    return response.json<TicketBody>();
  };
  const statusIn = (category: string) => {
    const status = statuses.find((candidate) => candidate.category === category);
    assert.ok(status, `the default statuses include a ${category} one`);
    return status.id;
  };
  const events = async (ticketId: string) =>
    (await call(harness.app, 'GET', `/api/v1/tickets/${ticketId}/events`, { as: owner })).json<{
      items: { action: string; actorType: string; actorId: string; changes: Record<string, unknown> }[];
    }>().items;

  before(async () => {
    harness = await createTestApp();
    org = await signUpOrganization(harness.app);
    owner = org.owner.session;
    statuses = (await call(harness.app, 'GET', '/api/v1/ticket-statuses', { as: owner })).json().items;
  });
  after(() => harness.close());

  describe('opening a ticket', () => {
    test('numbers count from 1 in each organization, with the default status and priority', async () => {
      const other = await signUpOrganization(harness.app, 'Other Org');
      const email = uniqueEmail('customer');
      const first = await createTicket({ subject: 'First', requester: { email } }, other.owner.session);
      const second = await createTicket({ subject: 'Second', requester: { email } }, other.owner.session);
      assert.deepEqual([first.number, second.number], [1, 2]);
      assert.equal(first.requesterId, second.requesterId, 'the contact made on the fly is found again');
      assert.equal(first.statusCategory, 'open');
      assert.equal(first.source, 'agent');
      assert.equal(first.version, 1);
      const priorities = (
        await call(harness.app, 'GET', '/api/v1/ticket-priorities', { as: other.owner.session })
      ).json().items as { id: string; isDefault: boolean }[];
      assert.equal(first.priorityId, priorities.find((priority) => priority.isDefault)?.id);
    });

    test('concurrent openings get distinct numbers', async () => {
      const other = await signUpOrganization(harness.app, 'Busy Org');
      const created = await Promise.all(
        Array.from({ length: 8 }, (_, index) =>
          createTicket(
            { subject: `Rush ${index}`, requester: { email: uniqueEmail() } },
            other.owner.session,
          ),
        ),
      );
      assert.deepEqual(
        created.map((ticket) => ticket.number).sort((a, b) => a - b),
        [1, 2, 3, 4, 5, 6, 7, 8],
      );
    });

    test('the requester is an existing contact, or one created by email (case-insensitively found)', async () => {
      const email = uniqueEmail('Mixed.Case');
      const contact = await call(harness.app, 'POST', '/api/v1/contacts', {
        as: owner,
        body: { email, name: 'Carla Customer' },
      });
      const byId = await createTicket({ subject: 'By id', requesterId: contact.json().id });
      const byEmail = await createTicket({ subject: 'By email', requester: { email: email.toUpperCase() } });
      assert.equal(byId.requesterId, contact.json().id);
      assert.equal(byEmail.requesterId, contact.json().id);

      const fresh = await createTicket({
        subject: 'New person',
        requester: { email: uniqueEmail(), name: 'Nia New' },
      });
      const made = await call(harness.app, 'GET', `/api/v1/contacts/${fresh.requesterId}`, { as: owner });
      assert.equal(made.json().name, 'Nia New');
    });

    test('requester must be named exactly one way, and every referenced id must be ours', async () => {
      assertError(
        await call(harness.app, 'POST', '/api/v1/tickets', { as: owner, body: { subject: 'x' } }),
        400,
        'validation_failed',
        {
          field: 'requesterId',
        },
      );
      const stranger = await signUpOrganization(harness.app, 'Stranger');
      const requester = { email: uniqueEmail() };
      for (const [field, id] of [
        ['assigneeId', stranger.owner.id],
        ['requesterId', stranger.owner.id],
        ['statusId', randomUUID()],
      ] as const) {
        const body =
          field === 'requesterId'
            ? { subject: 'x', requesterId: id }
            : { subject: 'x', requester, [field]: id };
        assertError(
          await call(harness.app, 'POST', '/api/v1/tickets', { as: owner, body }),
          422,
          'unprocessable',
          { field },
        );
      }
      assertError(
        await call(harness.app, 'POST', '/api/v1/tickets', {
          as: owner,
          body: { subject: '   ', requester },
        }),
        400,
        'validation_failed',
      );
    });

    test('an integration (API token) opens tickets with source api unless it names one', async () => {
      const created = await call(harness.app, 'POST', '/api/v1/api-tokens', {
        as: owner,
        body: { name: 'CRM' },
      });
      const as = { token: created.json().token as string };
      const viaApi = await createTicket({ subject: 'From the CRM', requester: { email: uniqueEmail() } }, as);
      assert.equal(viaApi.source, 'api');
      const named = await createTicket(
        { subject: 'Logged call', requester: { email: uniqueEmail() }, source: 'agent' },
        as,
      );
      assert.equal(named.source, 'agent');
    });

    test('an opening comment is stored but is not a response to the customer', async () => {
      const ticket = await createTicket({
        subject: 'Phone call',
        requester: { email: uniqueEmail() },
        comment: { body: 'Customer called: the printer is on fire.', visibility: 'public' },
      });
      assert.equal(ticket.firstResponseAt, null);
      const comments = await call(harness.app, 'GET', `/api/v1/tickets/${ticket.id}/comments`, { as: owner });
      assert.equal(comments.json().items.length, 1);
      assert.equal(comments.json().items[0].bodyText, 'Customer called: the printer is on fire.');
    });
  });

  describe('changing a ticket', () => {
    test('the version travels as If-Match or in the body; a stale one is a 409 carrying the current ticket', async () => {
      const ticket = await createTicket({ subject: 'Versioned', requester: { email: uniqueEmail() } });
      const url = `/api/v1/tickets/${ticket.id}`;
      const viaHeader = await call(harness.app, 'PATCH', url, {
        as: owner,
        headers: { 'if-match': '"1"' },
        body: { subject: 'Versioned once' },
      });
      assert.equal(viaHeader.statusCode, 200, viaHeader.body);
      assert.equal(viaHeader.json().version, 2);
      assert.equal(viaHeader.headers.etag, '"2"');

      const stale = await call(harness.app, 'PATCH', url, {
        as: owner,
        body: { subject: 'Lost', version: 1 },
      });
      assertError(stale, 409, 'conflict');
      const current = stale.json().error.details.current as TicketBody;
      assert.equal(current.subject, 'Versioned once');
      assert.equal(current.version, 2);

      assertError(
        await call(harness.app, 'PATCH', url, { as: owner, body: { subject: 'No version' } }),
        400,
        'validation_failed',
        {
          field: 'version',
        },
      );
    });

    test('of two agents writing the same version, exactly one wins and the other gets 409', async () => {
      const agent = await addAgent(harness.app, org);
      const ticket = await createTicket({ subject: 'Contested', requester: { email: uniqueEmail() } });
      const url = `/api/v1/tickets/${ticket.id}`;
      const [a, b] = await Promise.all([
        call(harness.app, 'PATCH', url, { as: owner, body: { subject: 'Owner wins', version: 1 } }),
        call(harness.app, 'PATCH', url, { as: agent.session, body: { assigneeId: agent.id, version: 1 } }),
      ]);
      assert.deepEqual([a.statusCode, b.statusCode].sort(), [200, 409]);
      const final = (await call(harness.app, 'GET', url, { as: owner })).json<TicketBody>();
      assert.equal(final.version, 2);
      const winner = a.statusCode === 200 ? 'subject' : 'assigneeId';
      assert.equal(
        final.subject === 'Owner wins',
        winner === 'subject',
        'only the winner’s change is stored',
      );
    });

    test('a change to nothing keeps the version; solved and closed categories stamp their times', async () => {
      const ticket = await createTicket({ subject: 'Lifecycle', requester: { email: uniqueEmail() } });
      const url = `/api/v1/tickets/${ticket.id}`;
      const same = await call(harness.app, 'PATCH', url, {
        as: owner,
        body: { subject: 'Lifecycle', version: 1 },
      });
      assert.equal(same.json().version, 1);

      const solved = await call(harness.app, 'PATCH', url, {
        as: owner,
        body: { statusId: statusIn('solved'), version: 1 },
      });
      assert.ok(solved.json().solvedAt);
      assert.equal(solved.json().closedAt, null);
      const closed = await call(harness.app, 'PATCH', url, {
        as: owner,
        body: { statusId: statusIn('closed'), version: 2 },
      });
      assert.equal(closed.json().solvedAt, solved.json().solvedAt, 'the solved time is kept');
      assert.ok(closed.json().closedAt);
      const reopened = await call(harness.app, 'PATCH', url, {
        as: owner,
        body: { statusId: statusIn('open'), version: 3 },
      });
      assert.equal(reopened.json().solvedAt, null);
      assert.equal(reopened.json().closedAt, null);
    });

    test('every change is a history event with actor, field, old and new value', async () => {
      const agent = await addAgent(harness.app, org);
      const ticket = await createTicket({
        subject: 'Audited',
        requester: { email: uniqueEmail() },
        tags: ['vip'],
      });
      const changed = await call(harness.app, 'PATCH', `/api/v1/tickets/${ticket.id}`, {
        as: agent.session,
        body: { version: 1, assigneeId: agent.id, tags: ['vip', 'billing'], statusId: statusIn('pending') },
      });
      assert.equal(changed.statusCode, 200, changed.body);
      await call(harness.app, 'POST', `/api/v1/tickets/${ticket.id}/comments`, {
        as: agent.session,
        body: { body: 'On it', visibility: 'internal' },
      });
      const history = await events(ticket.id);
      assert.deepEqual(
        history.map((event) => event.action),
        [
          'ticket.created',
          'ticket.assignee_changed',
          'ticket.status_changed',
          'ticket.tags_changed',
          'ticket.comment_added',
        ],
      );
      const tags = history.find((event) => event.action === 'ticket.tags_changed');
      assert.deepEqual(tags?.changes, { field: 'tags', from: ['vip'], to: ['vip', 'billing'] });
      assert.equal(tags?.actorId, agent.id);
      assert.equal(tags?.actorType, 'agent');
      const assignee = history.find((event) => event.action === 'ticket.assignee_changed');
      assert.deepEqual(assignee?.changes, { field: 'assigneeId', from: null, to: agent.id });
    });

    test('an inactive agent cannot be assigned', async () => {
      const agent = await addAgent(harness.app, org);
      await call(harness.app, 'PATCH', `/api/v1/agents/${agent.id}`, {
        as: owner,
        body: { isActive: false },
      });
      const ticket = await createTicket({ subject: 'Assign', requester: { email: uniqueEmail() } });
      assertError(
        await call(harness.app, 'PATCH', `/api/v1/tickets/${ticket.id}`, {
          as: owner,
          body: { assigneeId: agent.id, version: 1 },
        }),
        422,
        'unprocessable',
        { field: 'assigneeId' },
      );
    });
  });

  describe('the queue', () => {
    test('a ticket files under its status category, also after an admin recategorizes the status', async () => {
      const other = await signUpOrganization(harness.app, 'Recategorize');
      const as = other.owner.session;
      const created = await call(harness.app, 'POST', '/api/v1/ticket-statuses', {
        as,
        body: { name: 'Escalated', category: 'open' },
      });
      assert.equal(created.statusCode, 201, created.body);
      const ticket = await createTicket(
        { subject: 'x', requester: { email: uniqueEmail() }, statusId: created.json().id },
        as,
      );
      const ids = async (category: string) =>
        (await call(harness.app, 'GET', '/api/v1/tickets', { as, query: { statusCategory: category } }))
          .json()
          .items.map((item: { id: string }) => item.id);
      assert.deepEqual(await ids('open'), [ticket.id]);
      const changed = await call(harness.app, 'PATCH', `/api/v1/ticket-statuses/${created.json().id}`, {
        as,
        body: { category: 'pending' },
      });
      assert.equal(changed.statusCode, 200, changed.body);
      assert.deepEqual(await ids('open'), []);
      assert.deepEqual(await ids('pending'), [ticket.id]);
      const fetched = await call(harness.app, 'GET', `/api/v1/tickets/${ticket.id}`, { as });
      assert.equal(fetched.json().statusCategory, 'pending');
    });

    test('filters by assignee (me, unassigned), status category and tag, paging without gaps', async () => {
      const other = await signUpOrganization(harness.app, 'Queue Org');
      const as = other.owner.session;
      const agent = await addAgent(harness.app, other);
      const mine: string[] = [];
      for (let index = 0; index < 5; index++) {
        const ticket = await createTicket(
          {
            subject: `Mine ${index}`,
            requester: { email: uniqueEmail() },
            assigneeId: other.owner.id,
            tags: ['vip'],
          },
          as,
        );
        mine.push(ticket.id);
      }
      await createTicket(
        { subject: 'Theirs', requester: { email: uniqueEmail() }, assigneeId: agent.id },
        as,
      );
      const unassigned = await createTicket({ subject: 'Nobody', requester: { email: uniqueEmail() } }, as);

      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const query: Record<string, string> = { assignee: 'me', limit: '2', ...(cursor ? { cursor } : {}) };
        const page = await call(harness.app, 'GET', '/api/v1/tickets', { as, query });
        assert.equal(page.statusCode, 200, page.body);
        seen.push(...page.json().items.map((item: { id: string }) => item.id));
        cursor = page.json().nextCursor;
      } while (cursor);
      assert.deepEqual(seen, [...mine].reverse(), 'most recently updated first, each once');

      const list = async (query: Record<string, string>) =>
        (await call(harness.app, 'GET', '/api/v1/tickets', { as, query }))
          .json()
          .items.map((item: { id: string }) => item.id);
      assert.deepEqual(await list({ assignee: 'unassigned' }), [unassigned.id]);
      assert.equal((await list({ tag: 'vip' })).length, 5);
      assert.equal((await list({ statusCategory: 'open' })).length, 7);
      assert.equal((await list({ statusCategory: 'solved' })).length, 0);
    });
  });
});
