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
import { countTickets } from './ticket-filters.ts';
import type { TicketFilters } from './ticket-list-query.ts';

type Query = Record<string, string | string[]>;
type Page = { items: { id: string }[]; nextCursor: string | null };

/** What each of the twelve tickets was made with, to compute every expected answer independently. */
type Made = {
  id: string;
  number: number;
  assignee: 'owner' | 'agent' | null;
  statusId: string;
  category: string;
  priorityId: string;
  rank: number;
  team: boolean;
  tags: string[];
  requesterId: string;
  source: string;
  createdAt: string;
  updatedAt: string;
};

// Groups of three share a timestamp to the microsecond; inside each update group one ticket is 1 µs later.
const updatedAt = (i: number) => `2025-01-0${1 + Math.floor(i / 3)} 10:00:00.00000${i % 3 === 2 ? 2 : 1}+00`;
const createdAt = (i: number) => `2024-12-0${1 + (i % 4)} 09:00:00.123456+00`;
const compare = (a: string | number, b: string | number) => (a < b ? -1 : a > b ? 1 : 0);
const iso = (text: string) => `${text.replace(' ', 'T').slice(0, 26)}Z`;

describe('the ticket queue', () => {
  let harness: TestApp;
  let org: TestOrganization;
  let owner: Credentials;
  let agent: { id: string; session: Credentials };
  let teamId: string;
  let made: Made[];

  async function list(query: Query, as: Credentials = owner): Promise<Page> {
    const response = await get(query, as);
    assert.equal(response.statusCode, 200, response.body);
    return response.json<Page>();
  }
  function get(query: Query, as: Credentials = owner) {
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) {
      for (const one of [value].flat()) search.append(key, one);
    }
    return call(harness.app, 'GET', `/api/v1/tickets?${search}`, { as });
  }
  const ids = async (query: Query, as?: Credentials) => (await list(query, as)).items.map((item) => item.id);
  const expected = (keep: (ticket: Made) => boolean) =>
    made
      .filter(keep)
      .sort((a, b) => compare(b.updatedAt, a.updatedAt) || compare(b.id, a.id))
      .map((ticket) => ticket.id);

  /** Every page from the first to the last, failing on a page loop. */
  async function walk(query: Query, limit: number): Promise<string[]> {
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let pages = 0; pages <= made.length; pages++) {
      const page: Page = await list({ ...query, limit: String(limit), ...(cursor ? { cursor } : {}) });
      assert.ok(page.items.length <= limit);
      seen.push(...page.items.map((item) => item.id));
      cursor = page.nextCursor;
      if (!cursor) return seen;
    }
    assert.fail('the pages never end');
  }

  before(async () => {
    harness = await createTestApp();
    org = await signUpOrganization(harness.app, 'Queue Org');
    owner = org.owner.session;
    agent = await addAgent(harness.app, org);
    const post = async (url: string, body: unknown) => {
      const response = await call(harness.app, 'POST', url, { as: owner, body });
      assert.equal(response.statusCode, 201, response.body);
      return response.json();
    };
    teamId = (await post('/api/v1/teams', { name: 'Tier 2' })).id;
    await post('/api/v1/ticket-statuses', { name: 'New', category: 'new' });
    // Ranked like Urgent, so the priority sort must merge two priorities of equal rank by id.
    await post('/api/v1/ticket-priorities', { name: 'Blocker', rank: 40 });
    const options = async (url: string) => (await call(harness.app, 'GET', url, { as: owner })).json().items;
    const statuses: { id: string; category: string }[] = await options('/api/v1/ticket-statuses');
    const priorities: { id: string; rank: number }[] = await options('/api/v1/ticket-priorities');
    const regular = (await post('/api/v1/contacts', { email: uniqueEmail('regular') })).id;

    made = [];
    for (let i = 0; i < 12; i++) {
      const status = statuses[i % statuses.length];
      const priority = priorities[i % priorities.length];
      assert.ok(status && priority);
      const assignee = i % 3 === 0 ? 'owner' : i % 3 === 1 ? 'agent' : null;
      const tags = [...(i % 2 === 0 ? ['vip'] : []), ...(i % 3 === 0 ? ['billing'] : [])];
      const ticket = await post('/api/v1/tickets', {
        subject: `Ticket ${i}`,
        ...(i % 4 === 0 ? { requesterId: regular } : { requester: { email: uniqueEmail() } }),
        ...(assignee ? { assigneeId: assignee === 'owner' ? org.owner.id : agent.id } : {}),
        ...(i % 2 === 0 ? { teamId } : {}),
        statusId: status.id,
        priorityId: priority.id,
        tags,
        source: i % 5 === 0 ? 'api' : 'agent',
      });
      made.push({
        id: ticket.id,
        number: ticket.number,
        assignee,
        statusId: status.id,
        category: status.category,
        priorityId: priority.id,
        rank: priority.rank,
        team: i % 2 === 0,
        tags,
        requesterId: ticket.requesterId,
        source: i % 5 === 0 ? 'api' : 'agent',
        createdAt: createdAt(i),
        updatedAt: updatedAt(i),
      });
    }
    // Timestamps are set outright so that ties (and 1 µs differences) are certain, not left to timing.
    await withTenant(harness.db, org.organizationId, async (tx) => {
      for (const ticket of made) {
        await tx.query(
          'update tickets set created_at = $3, updated_at = $4 where organization_id = $1 and id = $2',
          [org.organizationId, ticket.id, ticket.createdAt, ticket.updatedAt],
        );
      }
    });
  });
  after(() => harness.close());

  describe('filters', () => {
    test('without filters: every ticket, most recently updated first', async () => {
      assert.deepEqual(
        await ids({}),
        expected(() => true),
      );
    });

    test('status category (one or several) and status', async () => {
      assert.deepEqual(
        await ids({ statusCategory: 'new' }),
        expected((t) => t.category === 'new'),
      );
      assert.deepEqual(
        await ids({ statusCategory: ['new', 'open'] }),
        expected((t) => ['new', 'open'].includes(t.category)),
      );
      const statusId = made[1]?.statusId ?? '';
      assert.deepEqual(
        await ids({ statusId }),
        expected((t) => t.statusId === statusId),
      );
    });

    test('assignee: me (per agent), unassigned, or an id', async () => {
      assert.deepEqual(
        await ids({ assignee: 'me' }),
        expected((t) => t.assignee === 'owner'),
      );
      assert.deepEqual(
        await ids({ assignee: 'me' }, agent.session),
        expected((t) => t.assignee === 'agent'),
      );
      assert.deepEqual(
        await ids({ assignee: 'unassigned' }),
        expected((t) => t.assignee === null),
      );
      assert.deepEqual(
        await ids({ assignee: agent.id }),
        expected((t) => t.assignee === 'agent'),
      );
    });

    test('priority, team, requester and source', async () => {
      const priorityId = made[3]?.priorityId ?? '';
      assert.deepEqual(
        await ids({ priorityId }),
        expected((t) => t.priorityId === priorityId),
      );
      assert.deepEqual(
        await ids({ teamId }),
        expected((t) => t.team),
      );
      const requesterId = made[0]?.requesterId ?? '';
      assert.deepEqual(
        await ids({ requesterId }),
        expected((t) => t.requesterId === requesterId),
      );
      assert.deepEqual(
        await ids({ source: 'api' }),
        expected((t) => t.source === 'api'),
      );
    });

    test('tags: a ticket must carry every tag asked for', async () => {
      assert.deepEqual(
        await ids({ tag: 'vip' }),
        expected((t) => t.tags.includes('vip')),
      );
      assert.deepEqual(
        await ids({ tag: ['vip', 'billing'] }),
        expected((t) => t.tags.includes('vip') && t.tags.includes('billing')),
      );
      assert.deepEqual(await ids({ tag: 'nothing-has-this' }), []);
    });

    test('time ranges are half-open: from the after time, up to but not including the before time', async () => {
      const bound = createdAt(1);
      assert.deepEqual(
        await ids({ createdAfter: iso(bound) }),
        expected((t) => t.createdAt >= bound),
      );
      assert.deepEqual(
        await ids({ createdBefore: iso(bound) }),
        expected((t) => t.createdAt < bound),
      );
      // A bound 1 µs after two tickets of the same second splits them from the third.
      const late = updatedAt(5);
      const lateIds = await ids({ updatedAfter: iso(late) });
      assert.deepEqual(
        lateIds,
        expected((t) => t.updatedAt >= late),
      );
      assert.equal(lateIds.length, 7);
      assert.deepEqual(
        await ids({ updatedAfter: iso(updatedAt(3)), updatedBefore: iso(late) }),
        expected((t) => t.updatedAt >= updatedAt(3) && t.updatedAt < late),
      );
    });

    test('filters combine', async () => {
      assert.deepEqual(
        await ids({ assignee: 'me', statusCategory: ['new', 'open'], teamId }),
        expected((t) => t.assignee === 'owner' && ['new', 'open'].includes(t.category) && t.team),
      );
    });

    test('bad filters are 400s naming the field', async () => {
      assertError(await get({ assignee: 'someone' }), 400, 'validation_failed', { field: 'assignee' });
      assertError(await get({ createdAfter: 'yesterday' }), 400, 'validation_failed', {
        field: 'createdAfter',
      });
      assertError(await get({ statusCategory: 'archived' }), 400, 'validation_failed');
      assertError(await get({ sort: 'subject' }), 400, 'validation_failed', { field: 'sort' });
      assertError(await get({ colour: 'red' }), 400, 'validation_failed');
    });
  });

  describe('sorts and pages', () => {
    const byKey = (key: (t: Made) => string | number, order: 'asc' | 'desc') =>
      [...made]
        .sort((a, b) => {
          const compared = compare(key(a), key(b)) || compare(a.id, b.id);
          return order === 'asc' ? compared : -compared;
        })
        .map((ticket) => ticket.id);
    const KEYS: Record<string, (t: Made) => string | number> = {
      updated: (t) => t.updatedAt,
      created: (t) => t.createdAt,
      priority: (t) => t.rank,
      number: (t) => t.number,
    };

    for (const sort of Object.keys(KEYS)) {
      for (const order of ['desc', 'asc'] as const) {
        test(`sort=${sort}&order=${order} pages through every ticket once, in order, at any page size`, async () => {
          const want = byKey(KEYS[sort] ?? (() => 0), order);
          for (const limit of [1, 5, 12, 50]) {
            assert.deepEqual(await walk({ sort, order }, limit), want, `limit ${limit}`);
          }
        });
      }
    }

    test('priority sorts put the most urgent first by default', async () => {
      const first = (await list({ sort: 'priority' })).items[0];
      assert.equal(made.find((t) => t.id === first?.id)?.rank, 40);
    });

    test('a page with filters and a sort keeps both', async () => {
      const want = byKey(KEYS.created ?? (() => 0), 'asc').filter((id) =>
        made.some((t) => t.id === id && t.tags.includes('vip')),
      );
      assert.deepEqual(await walk({ sort: 'created', order: 'asc', tag: 'vip' }, 2), want);
    });
  });

  describe('cursors', () => {
    const cursorOf = async (query: Query) => {
      const cursor = (await list({ ...query, limit: '2' })).nextCursor;
      assert.ok(cursor);
      return cursor;
    };
    const forge = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

    test('a cursor only continues the sort and order it was made for', async () => {
      const cursor = await cursorOf({ sort: 'updated' });
      assertError(await get({ sort: 'created', cursor }), 400, 'validation_failed', { field: 'cursor' });
      assertError(await get({ sort: 'updated', order: 'asc', cursor }), 400, 'validation_failed', {
        field: 'cursor',
      });
      assert.equal((await get({ cursor })).statusCode, 200, 'updated desc is the default');
    });

    test('garbage and tampered cursors are 400s, never database errors', async () => {
      const id = made[0]?.id;
      const bad = [
        'not-a-cursor',
        forge(null),
        forge([1, 2]),
        forge({ sort: 'updated', order: 'desc', key: '2025-02-30 10:00:00+00', id }),
        forge({ sort: 'updated', order: 'desc', key: "'; drop table tickets; --", id }),
        forge({ sort: 'updated', order: 'desc', key: '2025-01-01 10:00:00+00', id: 'x' }),
        forge({ sort: 'number', order: 'desc', key: '99999999999', id }),
        forge({ sort: 'priority', order: 'desc', key: 'high', id }),
      ];
      for (const [index, cursor] of bad.entries()) {
        const sort = index === 6 ? 'number' : index === 7 ? 'priority' : 'updated';
        assertError(await get({ sort, cursor }), 400, 'validation_failed', { field: 'cursor' });
      }
    });
  });

  test('counts use the same filters as the queue and stop at the cap', async () => {
    const viewer = { organizationId: org.organizationId, agentId: org.owner.id };
    const count = (filters: TicketFilters, cap?: number) =>
      withTenant(harness.db, org.organizationId, (tx) => countTickets(tx, viewer, filters, cap));
    assert.deepEqual(await count({ assignee: 'me', statusCategory: ['new', 'open'] }), {
      count: expected((t) => t.assignee === 'owner' && ['new', 'open'].includes(t.category)).length,
      capped: false,
    });
    assert.deepEqual(await count({}, 12), { count: 12, capped: false });
    assert.deepEqual(await count({}, 11), { count: 11, capped: true });
  });

  test("another organization sees none of these tickets, even by naming this one's ids", async () => {
    const other = await signUpOrganization(harness.app, 'Other Org');
    const as = other.owner.session;
    assert.deepEqual(await ids({}, as), []);
    assert.deepEqual(await ids({ teamId }, as), []);
    assert.deepEqual(await ids({ assignee: org.owner.id }, as), []);
    assert.deepEqual(await ids({ requesterId: made[0]?.requesterId ?? '' }, as), []);
  });
});
