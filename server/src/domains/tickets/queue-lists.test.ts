import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  addAgent,
  type Credentials,
  call,
  createTestApp,
  signUpOrganization,
  type TestApp,
  type TestOrganization,
  uniqueEmail,
} from '../../test/test-app.ts';

type Requester = { id: string; name: string; email: string };
type ListedTicket = { id: string; requesterId: string; requester: Requester };
type Counts = {
  queues: { queue: string; count: number; countCapped: boolean }[];
  teams: { teamId: string; count: number; countCapped: boolean }[];
};

describe('queues as the agent console lists them', () => {
  let harness: TestApp;
  let org: TestOrganization;
  let owner: Credentials;
  let agent: { id: string; session: Credentials };
  let teamId: string;
  let emptyTeamId: string;
  const requesters: Requester[] = [];

  async function send(method: string, url: string, body?: unknown, as: Credentials = owner) {
    const response = await call(harness.app, method, url, { as, body });
    assert.ok(response.statusCode < 300, `${method} ${url}: ${response.statusCode} ${response.body}`);
    return response.json();
  }
  const countsOf = async (as: Credentials = owner): Promise<Counts> =>
    send('GET', '/api/v1/tickets/queue-counts', undefined, as);

  before(async () => {
    harness = await createTestApp();
    org = await signUpOrganization(harness.app, 'Queue Lists Org');
    owner = org.owner.session;
    agent = await addAgent(harness.app, org);
    teamId = (await send('POST', '/api/v1/teams', { name: 'Billing' })).id;
    emptyTeamId = (await send('POST', '/api/v1/teams', { name: 'Empty' })).id;
    for (const name of ['Ada Lovelace', 'Grace Hopper']) {
      requesters.push(await send('POST', '/api/v1/contacts', { email: uniqueEmail(), name }));
    }
    const solved = (await send('GET', '/api/v1/ticket-statuses')).items.find(
      (status: { category: string }) => status.category === 'solved',
    );
    // Open: 2 mine (one in the team), 1 the owner's, 2 unassigned (one in the team); 1 solved and mine.
    const tickets = [
      { assigneeId: agent.id, teamId },
      { assigneeId: agent.id },
      { assigneeId: org.owner.id },
      { teamId },
      {},
      { assigneeId: agent.id, teamId, statusId: solved.id },
    ];
    for (const [i, ticket] of tickets.entries()) {
      const requester = requesters[i % requesters.length];
      await send('POST', '/api/v1/tickets', {
        subject: `Ticket ${i}`,
        requesterId: requester?.id,
        ...ticket,
      });
    }
  });
  after(() => harness.close());

  test('ticket lists carry each ticket’s requester, in every sort', async () => {
    for (const sort of ['updated', 'priority']) {
      const page = await send('GET', `/api/v1/tickets?sort=${sort}`);
      assert.equal(page.items.length, 6);
      for (const ticket of page.items as ListedTicket[]) {
        const requester = requesters.find((one) => one.id === ticket.requesterId);
        assert.deepEqual(ticket.requester, {
          id: requester?.id,
          name: requester?.name,
          email: requester?.email,
        });
      }
    }
  });

  test('the requester is read when listing, so a renamed contact shows its new name', async () => {
    const [first] = requesters;
    assert.ok(first);
    await send('PATCH', `/api/v1/contacts/${first.id}`, { name: 'Ada King' });
    const page = await send('GET', `/api/v1/tickets?requesterId=${first.id}`);
    assert.equal(page.items.length, 3);
    for (const ticket of page.items as ListedTicket[]) assert.equal(ticket.requester.name, 'Ada King');
  });

  test('a ticket is found by its number, whatever its age', async () => {
    const all = (await send('GET', '/api/v1/tickets?limit=100')).items as (ListedTicket & {
      number: number;
    })[];
    const oldest = all.at(-1);
    assert.ok(oldest);
    const found = (await send('GET', `/api/v1/tickets?number=${oldest.number}`)).items as ListedTicket[];
    assert.deepEqual(
      found.map((ticket) => ticket.id),
      [oldest.id],
    );
    assert.deepEqual((await send('GET', '/api/v1/tickets?number=999999')).items, []);
  });

  test("a saved view's tickets carry their requester too", async () => {
    const view = await send('POST', '/api/v1/saved-views', { name: 'Team queue', filters: { teamId } });
    const page = await send('GET', `/api/v1/saved-views/${view.id}/tickets`);
    assert.equal(page.items.length, 3);
    for (const ticket of page.items as ListedTicket[]) {
      assert.equal(ticket.requester.id, ticket.requesterId);
      assert.ok(ticket.requester.email.endsWith('@example.test'));
    }
  });

  test('queue counts: my open, unassigned and all open tickets, and each team’s open tickets', async () => {
    const counts = (result: Counts) => Object.fromEntries(result.queues.map((q) => [q.queue, q.count]));
    assert.deepEqual(counts(await countsOf(agent.session)), { mine: 2, unassigned: 2, open: 5 });
    const forOwner = await countsOf();
    assert.deepEqual(counts(forOwner), { mine: 1, unassigned: 2, open: 5 });
    assert.deepEqual(
      forOwner.teams.map(({ teamId, count }) => ({ teamId, count })),
      [
        { teamId, count: 2 },
        { teamId: emptyTeamId, count: 0 },
      ],
    );
    assert.ok([...forOwner.queues, ...forOwner.teams].every((queue) => queue.countCapped === false));
  });

  test('counts follow changes and never include another organization’s tickets or teams', async () => {
    const other = await signUpOrganization(harness.app, 'Other Org');
    const otherCounts: Counts = await send(
      'GET',
      '/api/v1/tickets/queue-counts',
      undefined,
      other.owner.session,
    );
    assert.deepEqual(otherCounts.teams, []);
    assert.ok(otherCounts.queues.every((queue) => queue.count === 0));

    await send('POST', '/api/v1/tickets', { subject: 'One more', requesterId: requesters[0]?.id });
    const open = (await countsOf()).queues.find((queue) => queue.queue === 'open');
    assert.equal(open?.count, 6);
    assert.equal((await countsOf(other.owner.session)).queues.find((q) => q.queue === 'open')?.count, 0);
  });

  test('counts need a signed-in agent', async () => {
    const response = await call(harness.app, 'GET', '/api/v1/tickets/queue-counts');
    assert.equal(response.statusCode, 401);
  });
});
