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
  uniqueEmail,
} from '../../test/test-app.ts';
import { MAX_VIEWS_PER_OWNER } from './create-saved-view.ts';
import type { SavedView } from './saved-views.schemas.ts';

type Person = { id: string; session: Credentials };
type Page = { items: { id: string; number: number }[]; nextCursor: string | null };

describe('saved views', () => {
  let harness: TestApp;
  let org: TestOrganization;
  let admin: Person;
  let agent: Person;
  let otherAgent: Person;
  let agentTickets: string[];
  let adminTicket: string;

  const send = (as: Credentials, method: string, url: string, body?: unknown) =>
    call(harness.app, method, url, { as, body });
  async function create(as: Credentials, body: Record<string, unknown>): Promise<SavedView> {
    const response = await send(as, 'POST', '/api/v1/saved-views', body);
    assert.equal(response.statusCode, 201, response.body);
    return response.json<SavedView>();
  }
  const listViews = async (as: Credentials) =>
    (await send(as, 'GET', '/api/v1/saved-views')).json<{ items: SavedView[] }>().items;
  const run = async (as: Credentials, viewId: string, query = '') => {
    const response = await send(as, 'GET', `/api/v1/saved-views/${viewId}/tickets${query}`);
    assert.equal(response.statusCode, 200, response.body);
    return response.json<Page>();
  };

  before(async () => {
    harness = await createTestApp();
    org = await signUpOrganization(harness.app, 'Views Org');
    admin = { id: org.owner.id, session: org.owner.session };
    agent = await addAgent(harness.app, org);
    otherAgent = await addAgent(harness.app, org);
    const open = async (subject: string, assigneeId: string, tags: string[] = []) => {
      const response = await send(admin.session, 'POST', '/api/v1/tickets', {
        subject,
        requester: { email: uniqueEmail() },
        assigneeId,
        tags,
      });
      assert.equal(response.statusCode, 201, response.body);
      return response.json<{ id: string }>().id;
    };
    agentTickets = [];
    for (let i = 0; i < 5; i++) agentTickets.push(await open(`Agent ${i}`, agent.id, ['vip']));
    adminTicket = await open('Admin', admin.id, ['vip']);
  });
  after(() => harness.close());

  test('an agent saves a personal view; it counts matching tickets and nobody else sees it', async () => {
    const view = await create(agent.session, {
      name: ' My VIPs ',
      filters: { assignee: 'me', tag: ['vip'] },
      sort: 'number',
      order: 'asc',
    });
    assert.equal(view.name, 'My VIPs');
    assert.deepEqual(
      { shared: view.shared, ownerId: view.ownerId, sort: view.sort, order: view.order },
      { shared: false, ownerId: agent.id, sort: 'number', order: 'asc' },
    );
    assert.deepEqual([view.count, view.countCapped], [5, false]);
    assert.deepEqual(view.filters, { assignee: 'me', tag: ['vip'] });
    assert.ok((await listViews(agent.session)).some((item) => item.id === view.id));
    // Personal views are private, to admins too: for everyone else they do not exist.
    assert.ok(!(await listViews(admin.session)).some((item) => item.id === view.id));
    for (const [method, url, body] of [
      ['GET', `/api/v1/saved-views/${view.id}`],
      ['GET', `/api/v1/saved-views/${view.id}/tickets`],
      ['PATCH', `/api/v1/saved-views/${view.id}`, { name: 'Hijacked' }],
      ['DELETE', `/api/v1/saved-views/${view.id}`],
    ] as const) {
      assertError(await send(admin.session, method, url, body), 404, 'not_found');
      assertError(await send(otherAgent.session, method, url, body), 404, 'not_found');
    }
    const audit = await withTenant(harness.db, org.organizationId, (tx) =>
      tx.query<{ action: string; actor_id: string }>(
        'select action, actor_id from audit_events where organization_id = $1 and entity_id = $2',
        [org.organizationId, view.id],
      ),
    );
    assert.deepEqual(audit, [{ action: 'saved_view.created', actor_id: agent.id }]);
  });

  test('only admins share views; everyone sees them, only admins change them', async () => {
    assertError(
      await send(agent.session, 'POST', '/api/v1/saved-views', { name: 'Team queue', shared: true }),
      403,
      'forbidden',
    );
    const shared = await create(admin.session, {
      name: 'Team queue',
      shared: true,
      filters: { tag: ['vip'] },
    });
    assert.deepEqual([shared.shared, shared.ownerId, shared.count], [true, null, 6]);
    assert.ok((await listViews(agent.session)).some((item) => item.id === shared.id));
    const url = `/api/v1/saved-views/${shared.id}`;
    assertError(await send(agent.session, 'PATCH', url, { name: 'Mine now' }), 403, 'forbidden');
    assertError(await send(agent.session, 'DELETE', url), 403, 'forbidden');
    const renamed = await send(admin.session, 'PATCH', url, { name: 'VIP queue' });
    assert.equal(renamed.statusCode, 200, renamed.body);
    assert.equal(renamed.json<SavedView>().name, 'VIP queue');
    assert.equal((await send(admin.session, 'DELETE', url)).statusCode, 204);
    assertError(await send(admin.session, 'GET', url), 404, 'not_found');
  });

  test('`me` in a shared view is whoever looks at it, in its count and its tickets', async () => {
    const view = await create(admin.session, {
      name: 'Assigned to me',
      shared: true,
      filters: { assignee: 'me', statusCategory: ['open'] },
    });
    const seenBy = async (person: Person) => ({
      count: (await listViews(person.session)).find((item) => item.id === view.id)?.count,
      ids: (await run(person.session, view.id)).items.map((item) => item.id),
    });
    assert.deepEqual(await seenBy(agent), { count: 5, ids: [...agentTickets].reverse() });
    assert.deepEqual(await seenBy(admin), { count: 1, ids: [adminTicket] });
    assert.deepEqual(await seenBy(otherAgent), { count: 0, ids: [] });
  });

  test("a view's tickets come in its sort and page like GET /tickets", async () => {
    const view = await create(agent.session, {
      name: 'Oldest first',
      filters: { assignee: 'me' },
      sort: 'created',
      order: 'asc',
    });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Page = await run(agent.session, view.id, `?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...page.items.map((item) => item.id));
      cursor = page.nextCursor;
    } while (cursor);
    assert.deepEqual(seen, agentTickets);
    const direct = await send(agent.session, 'GET', '/api/v1/tickets?assignee=me&sort=created&order=asc');
    assert.deepEqual(
      direct.json<Page>().items.map((item) => item.id),
      seen,
    );
    // A cursor from the plain queue's default sort does not continue this view.
    const other = await send(agent.session, 'GET', '/api/v1/tickets?limit=1');
    assertError(
      await send(
        agent.session,
        'GET',
        `/api/v1/saved-views/${view.id}/tickets?cursor=${other.json().nextCursor}`,
      ),
      400,
      'validation_failed',
      { field: 'cursor' },
    );
  });

  test('PATCH replaces the filters whole and can re-sort and move a view', async () => {
    const view = await create(agent.session, { name: 'Changing', filters: { assignee: 'me', tag: ['vip'] } });
    const response = await send(agent.session, 'PATCH', `/api/v1/saved-views/${view.id}`, {
      filters: { assignee: 'unassigned' },
      sort: 'priority',
      position: 1000,
    });
    assert.equal(response.statusCode, 200, response.body);
    const changed = response.json<SavedView>();
    assert.deepEqual(
      { filters: changed.filters, sort: changed.sort, order: changed.order, position: changed.position },
      { filters: { assignee: 'unassigned' }, sort: 'priority', order: 'desc', position: 1000 },
    );
    assert.equal(changed.count, 0);
    const mine = (await listViews(agent.session)).filter((item) => !item.shared);
    assert.equal(mine.at(-1)?.id, view.id, 'the highest position comes last among my views');
  });

  test('shared views come first, then my own, each in position order', async () => {
    const views = await listViews(agent.session);
    const firstPersonal = views.findIndex((item) => !item.shared);
    assert.ok(views.slice(firstPersonal).every((item) => !item.shared));
    for (const group of [views.filter((item) => item.shared), views.filter((item) => !item.shared)]) {
      const positions = group.map((item) => item.position);
      assert.deepEqual(
        positions,
        [...positions].sort((a, b) => a - b),
      );
    }
  });

  test('names are unique per owner and among shared views, not across them', async () => {
    await create(agent.session, { name: 'Twins' });
    assertError(
      await send(agent.session, 'POST', '/api/v1/saved-views', { name: 'TWINS' }),
      409,
      'conflict',
      {
        field: 'name',
      },
    );
    await create(otherAgent.session, { name: 'Twins' });
    await create(admin.session, { name: 'Twins', shared: true });
    assertError(
      await send(admin.session, 'POST', '/api/v1/saved-views', { name: 'twins', shared: true }),
      409,
      'conflict',
    );
  });

  test('filters are checked like the queue: unknown fields and values are 400, foreign ids 422', async () => {
    const post = (body: unknown) => send(agent.session, 'POST', '/api/v1/saved-views', body);
    assertError(await post({ name: 'Bad', filters: { colour: 'red' } }), 400, 'validation_failed');
    assertError(await post({ name: 'Bad', filters: { assignee: 'someone' } }), 400, 'validation_failed');
    assertError(await post({ name: 'Bad', filters: { cursor: 'abc' } }), 400, 'validation_failed');
    assertError(await post({ name: 'Bad', sort: 'subject' }), 400, 'validation_failed');
    const other = await signUpOrganization(harness.app, 'Stranger Org');
    const team = await send(other.owner.session, 'POST', '/api/v1/teams', { name: 'Theirs' });
    assertError(await post({ name: 'Bad', filters: { teamId: team.json().id } }), 422, 'unprocessable', {
      field: 'filters.teamId',
    });
  });

  test(`an owner keeps at most ${MAX_VIEWS_PER_OWNER} views`, async () => {
    const busy = await addAgent(harness.app, org);
    for (let i = 0; i < MAX_VIEWS_PER_OWNER; i++) await create(busy.session, { name: `View ${i}` });
    assertError(
      await send(busy.session, 'POST', '/api/v1/saved-views', { name: 'One too many' }),
      422,
      'unprocessable',
    );
  });

  test("another organization gets 404 for this one's views and never lists them", async () => {
    const view = await create(admin.session, { name: 'Org wide', shared: true });
    const other = await signUpOrganization(harness.app, 'Other Org');
    const as = other.owner.session;
    for (const [method, url] of [
      ['GET', `/api/v1/saved-views/${view.id}`],
      ['GET', `/api/v1/saved-views/${view.id}/tickets`],
      ['PATCH', `/api/v1/saved-views/${view.id}`],
      ['DELETE', `/api/v1/saved-views/${view.id}`],
    ] as const) {
      assertError(
        await send(as, method, url, method === 'PATCH' ? { name: 'x' } : undefined),
        404,
        'not_found',
      );
    }
    assert.deepEqual(await listViews(as), []);
  });
});
