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
import type { CannedResponse, Folder } from './canned-responses.schemas.ts';

type Page<T> = { items: T[]; nextCursor: string | null };
type Person = { id: string; session: Credentials };

describe('canned responses', () => {
  let harness: TestApp;
  let orgA: TestOrganization;
  let orgB: TestOrganization;
  let owner: Person;
  let adminA: Person;
  let agentA: Person;
  let agentA2: Person;

  const send = (as: Credentials, method: string, url: string, body?: unknown) =>
    call(harness.app, method, url, { as, body });

  async function create(as: Credentials, body: Record<string, unknown>): Promise<CannedResponse> {
    const response = await send(as, 'POST', '/api/v1/canned-responses', body);
    assert.equal(response.statusCode, 201, response.body);
    return response.json<CannedResponse>();
  }

  async function createFolder(org: TestOrganization, name: string): Promise<Folder> {
    const response = await send(org.owner.session, 'POST', '/api/v1/canned-response-folders', { name });
    assert.equal(response.statusCode, 201, response.body);
    return response.json<Folder>();
  }

  /** Every page of the list as one agent sees it, for the given filters. */
  async function listAll(as: Credentials, query: Record<string, string> = {}): Promise<CannedResponse[]> {
    const items: CannedResponse[] = [];
    let cursor: string | null = null;
    do {
      const response = await call(harness.app, 'GET', '/api/v1/canned-responses', {
        as,
        query: { limit: '2', ...query, ...(cursor ? { cursor } : {}) },
      });
      assert.equal(response.statusCode, 200, response.body);
      const page = response.json<Page<CannedResponse>>();
      items.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return items;
  }

  const auditActions = (organizationId: string, entityId: string) =>
    withTenant(harness.db, organizationId, async (tx) =>
      (
        await tx.query<{ action: string }>(
          'select action from audit_events where organization_id = $1 and entity_id = $2 order by id',
          [organizationId, entityId],
        )
      ).map((row) => row.action),
    );

  before(async () => {
    harness = await createTestApp();
    orgA = await signUpOrganization(harness.app, 'Org A');
    orgB = await signUpOrganization(harness.app, 'Org B');
    owner = orgA.owner;
    adminA = await addAgent(harness.app, orgA, 'admin');
    agentA = await addAgent(harness.app, orgA, 'agent');
    agentA2 = await addAgent(harness.app, orgA, 'agent');
  });
  after(() => harness.close());

  describe('shared and personal', () => {
    test('an agent saves a personal response by default; an admin shares one; both are audited', async () => {
      const mine = await create(agentA.session, { title: '  Greeting  ', body: 'Hello {{requester.name}}' });
      assert.equal(mine.title, 'Greeting');
      assert.equal(mine.scope, 'personal');
      assert.equal(mine.ownerId, agentA.id);
      assert.equal(mine.folderId, null);
      const shared = await create(adminA.session, { title: 'Policy', body: 'Our policy', scope: 'shared' });
      assert.equal(shared.scope, 'shared');
      assert.equal(shared.ownerId, null);
      assert.deepEqual(await auditActions(orgA.organizationId, mine.id), ['canned_response.created']);
      assert.deepEqual(await auditActions(orgA.organizationId, shared.id), ['canned_response.created']);
    });

    test("another agent neither sees nor changes an agent's personal response: 404", async () => {
      const personal = await create(agentA.session, { title: 'Only mine', body: 'Secret sauce' });
      for (const as of [agentA2.session, adminA.session, owner.session]) {
        assertError(await send(as, 'GET', `/api/v1/canned-responses/${personal.id}`), 404, 'not_found');
        const patched = await send(as, 'PATCH', `/api/v1/canned-responses/${personal.id}`, {
          title: 'Mine now',
        });
        assertError(patched, 404, 'not_found');
        assertError(await send(as, 'DELETE', `/api/v1/canned-responses/${personal.id}`), 404, 'not_found');
        assert.ok(!(await listAll(as)).some((item) => item.id === personal.id));
      }
      const read = await send(agentA.session, 'GET', `/api/v1/canned-responses/${personal.id}`);
      assert.deepEqual(read.json<CannedResponse>(), personal);
    });

    test('the owner of a personal response edits and deletes it', async () => {
      const personal = await create(agentA.session, { title: 'Draft', body: 'v1' });
      const patched = await send(agentA.session, 'PATCH', `/api/v1/canned-responses/${personal.id}`, {
        title: 'Final',
        body: 'v2 for {{ticket.subject}}',
      });
      assert.equal(patched.statusCode, 200, patched.body);
      assert.equal(patched.json<CannedResponse>().title, 'Final');
      assert.equal(patched.json<CannedResponse>().body, 'v2 for {{ticket.subject}}');
      const deleted = await send(agentA.session, 'DELETE', `/api/v1/canned-responses/${personal.id}`);
      assert.equal(deleted.statusCode, 204);
      assertError(
        await send(agentA.session, 'GET', `/api/v1/canned-responses/${personal.id}`),
        404,
        'not_found',
      );
      assert.deepEqual(await auditActions(orgA.organizationId, personal.id), [
        'canned_response.created',
        'canned_response.updated',
        'canned_response.deleted',
      ]);
    });

    test('every agent sees a shared response; only admins create, change or delete one', async () => {
      const created = await send(agentA.session, 'POST', '/api/v1/canned-responses', {
        title: 'Mine for all',
        body: 'Hi',
        scope: 'shared',
      });
      assertError(created, 403, 'forbidden');
      const shared = await create(owner.session, {
        title: 'Refunds',
        body: 'Refunds take 5 days',
        scope: 'shared',
      });
      const read = await send(agentA2.session, 'GET', `/api/v1/canned-responses/${shared.id}`);
      assert.deepEqual(read.json<CannedResponse>(), shared);
      assert.ok((await listAll(agentA.session)).some((item) => item.id === shared.id));
      const patched = await send(agentA.session, 'PATCH', `/api/v1/canned-responses/${shared.id}`, {
        title: 'X',
      });
      assertError(patched, 403, 'forbidden');
      assertError(
        await send(agentA.session, 'DELETE', `/api/v1/canned-responses/${shared.id}`),
        403,
        'forbidden',
      );
      const byAdmin = await send(adminA.session, 'PATCH', `/api/v1/canned-responses/${shared.id}`, {
        body: 'Refunds take 3 days',
      });
      assert.equal(byAdmin.statusCode, 200, byAdmin.body);
      assert.equal(byAdmin.json<CannedResponse>().body, 'Refunds take 3 days');
      assert.equal(
        (await send(adminA.session, 'DELETE', `/api/v1/canned-responses/${shared.id}`)).statusCode,
        204,
      );
    });
  });

  describe('folders', () => {
    test('admins create, rename and delete folders; agents only list them', async () => {
      const folder = await createFolder(orgA, 'Shipping');
      assertError(
        await send(owner.session, 'POST', '/api/v1/canned-response-folders', { name: 'shipping' }),
        409,
        'conflict',
        {
          field: 'name',
        },
      );
      const attempts: [string, string, unknown][] = [
        ['POST', '/api/v1/canned-response-folders', { name: 'By an agent' }],
        ['PATCH', `/api/v1/canned-response-folders/${folder.id}`, { name: 'Renamed by an agent' }],
        ['DELETE', `/api/v1/canned-response-folders/${folder.id}`, undefined],
      ];
      for (const [method, url, body] of attempts) {
        assertError(await send(agentA.session, method, url, body), 403, 'forbidden');
      }
      const list = await send(agentA.session, 'GET', '/api/v1/canned-response-folders');
      assert.ok(list.json<Page<Folder>>().items.some((item) => item.id === folder.id));
      const renamed = await send(adminA.session, 'PATCH', `/api/v1/canned-response-folders/${folder.id}`, {
        name: 'Delivery',
      });
      assert.equal(renamed.statusCode, 200, renamed.body);
      assert.equal(renamed.json<Folder>().name, 'Delivery');
      assert.deepEqual(await auditActions(orgA.organizationId, folder.id), [
        'canned_response_folder.created',
        'canned_response_folder.renamed',
      ]);
    });

    test('responses are filed in folders, filtered by folder, and refiled or unfiled', async () => {
      const billing = await createFolder(orgA, 'Billing');
      const returns = await createFolder(orgA, 'Returns');
      const invoice = await create(owner.session, {
        title: 'Invoice',
        body: 'x',
        scope: 'shared',
        folderId: billing.id,
      });
      const card = await create(agentA.session, { title: 'Card', body: 'x', folderId: billing.id });
      const label = await create(agentA.session, { title: 'Label', body: 'x', folderId: returns.id });
      assert.deepEqual(
        (await listAll(agentA.session, { folderId: billing.id })).map((item) => item.id),
        [invoice.id, card.id],
      );
      // Another agent's personal response in the same folder stays invisible.
      assert.deepEqual(
        (await listAll(agentA2.session, { folderId: billing.id })).map((item) => item.id),
        [invoice.id],
      );
      const moved = await send(agentA.session, 'PATCH', `/api/v1/canned-responses/${label.id}`, {
        folderId: billing.id,
      });
      assert.equal(moved.json<CannedResponse>().folderId, billing.id);
      const unfiled = await send(agentA.session, 'PATCH', `/api/v1/canned-responses/${card.id}`, {
        folderId: null,
      });
      assert.equal(unfiled.json<CannedResponse>().folderId, null);
      assert.equal(unfiled.json<CannedResponse>().title, 'Card');
    });

    test("deleting a folder keeps its responses, everyone's, in no folder", async () => {
      const folder = await createFolder(orgA, 'Doomed');
      const shared = await create(owner.session, {
        title: 'S',
        body: 'x',
        scope: 'shared',
        folderId: folder.id,
      });
      const personal = await create(agentA.session, { title: 'P', body: 'x', folderId: folder.id });
      const deleted = await send(owner.session, 'DELETE', `/api/v1/canned-response-folders/${folder.id}`);
      assert.equal(deleted.statusCode, 204, deleted.body);
      assertError(
        await send(owner.session, 'DELETE', `/api/v1/canned-response-folders/${folder.id}`),
        404,
        'not_found',
      );
      const sharedNow = await send(owner.session, 'GET', `/api/v1/canned-responses/${shared.id}`);
      assert.equal(sharedNow.json<CannedResponse>().folderId, null);
      const personalNow = await send(agentA.session, 'GET', `/api/v1/canned-responses/${personal.id}`);
      assert.equal(personalNow.json<CannedResponse>().folderId, null);
      const audit = await withTenant(harness.db, orgA.organizationId, (tx) =>
        tx.query<{ changes: { unfiledResponseIds: string[] } }>(
          `select changes from audit_events
            where organization_id = $1 and entity_id = $2 and action = 'canned_response_folder.deleted'`,
          [orgA.organizationId, folder.id],
        ),
      );
      assert.deepEqual(audit[0]?.changes.unfiledResponseIds.sort(), [shared.id, personal.id].sort());
    });

    test('a folder of another organization is 422 on folderId', async () => {
      const foreign = await createFolder(orgB, 'B shelf');
      const response = await send(agentA.session, 'POST', '/api/v1/canned-responses', {
        title: 'Lost',
        body: 'x',
        folderId: foreign.id,
      });
      assertError(response, 422, 'unprocessable', { field: 'folderId' });
      const mine = await create(agentA.session, { title: 'Kept', body: 'x' });
      const patched = await send(agentA.session, 'PATCH', `/api/v1/canned-responses/${mine.id}`, {
        folderId: foreign.id,
      });
      assertError(patched, 422, 'unprocessable', { field: 'folderId' });
    });
  });

  describe('search and filters', () => {
    test('q matches title or body, case-insensitively and literally; scope filters', async () => {
      const org = await signUpOrganization(harness.app, 'Search Org');
      const as = org.owner.session;
      const wifi = await create(as, { title: 'WiFi reset', body: 'Unplug the router', scope: 'shared' });
      const router = await create(as, { title: 'Network', body: 'Your ROUTER needs a 50% discount' });
      await create(as, { title: 'Billing', body: 'Pay by card' });
      const ids = async (query: Record<string, string>) => (await listAll(as, query)).map((item) => item.id);
      assert.deepEqual(await ids({ q: 'router' }), [wifi.id, router.id]);
      assert.deepEqual(await ids({ q: 'wifi' }), [wifi.id]);
      assert.deepEqual(await ids({ q: '50%' }), [router.id]);
      assert.deepEqual(await ids({ q: '%' }), [router.id]);
      assert.deepEqual(await ids({ q: 'router', scope: 'personal' }), [router.id]);
      assert.deepEqual(await ids({ q: 'router', scope: 'shared' }), [wifi.id]);
      assert.equal((await listAll(as)).length, 3);
    });

    test('a garbage cursor or scope is 400', async () => {
      const cursor = await call(harness.app, 'GET', '/api/v1/canned-responses', {
        as: owner.session,
        query: { cursor: 'nope' },
      });
      assertError(cursor, 400, 'validation_failed', { field: 'cursor' });
      const scope = await call(harness.app, 'GET', '/api/v1/canned-responses', {
        as: owner.session,
        query: { scope: 'everyone' },
      });
      assertError(scope, 400, 'validation_failed');
    });
  });

  describe('tenancy', () => {
    test("organization B gets 404 for A's shared response and folder, and B's lists never show them", async () => {
      const folder = await createFolder(orgA, 'A only');
      const shared = await create(owner.session, {
        title: 'A',
        body: 'x',
        scope: 'shared',
        folderId: folder.id,
      });
      const asB = orgB.owner.session;
      const attempts: [string, string, unknown][] = [
        ['GET', `/api/v1/canned-responses/${shared.id}`, undefined],
        ['PATCH', `/api/v1/canned-responses/${shared.id}`, { title: 'Taken' }],
        ['DELETE', `/api/v1/canned-responses/${shared.id}`, undefined],
        ['PATCH', `/api/v1/canned-response-folders/${folder.id}`, { name: 'Taken' }],
        ['DELETE', `/api/v1/canned-response-folders/${folder.id}`, undefined],
      ];
      for (const [method, url, body] of attempts) {
        assertError(await send(asB, method, url, body), 404, 'not_found');
      }
      assert.ok(!(await listAll(asB)).some((item) => item.id === shared.id));
      assert.deepEqual(await listAll(asB, { folderId: folder.id }), []);
      const folders = await send(asB, 'GET', '/api/v1/canned-response-folders');
      assert.ok(!folders.json<Page<Folder>>().items.some((item) => item.id === folder.id));
      const unchanged = await send(owner.session, 'GET', `/api/v1/canned-responses/${shared.id}`);
      assert.deepEqual(unchanged.json<CannedResponse>(), shared);
    });
  });
});
