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
import type { TicketField } from './custom-fields.schemas.ts';
import { defineField, PLAN_OPTIONS, REGION_OPTIONS, ticketWithValues } from './test-fields.ts';

type FieldList = { items: TicketField[]; nextCursor: null };

describe('ticket fields', () => {
  let harness: TestApp;
  let orgA: TestOrganization;
  let orgB: TestOrganization;
  let agentA: { id: string; session: Credentials };

  const send = (as: Credentials, method: string, url: string, body?: unknown) =>
    call(harness.app, method, url, { as, body });
  const define = (body: Record<string, unknown>, org = orgA) => defineField(harness, org, body);
  const patch = (id: string, body: unknown) =>
    send(orgA.owner.session, 'PATCH', `/api/v1/ticket-fields/${id}`, body);

  before(async () => {
    harness = await createTestApp();
    orgA = await signUpOrganization(harness.app, 'Org A');
    orgB = await signUpOrganization(harness.app, 'Org B');
    agentA = await addAgent(harness.app, orgA, 'agent');
  });
  after(() => harness.close());

  describe('create', () => {
    test('each type is created at the end of the list, with defaults and an audit row', async () => {
      const org = await signUpOrganization(harness.app, 'Types');
      const made: TicketField[] = [];
      for (const type of ['text', 'number', 'date', 'checkbox']) {
        made.push(await defineField(harness, org, { key: `f_${type}`, label: ` ${type} `, type }));
      }
      made.push(
        await defineField(harness, org, {
          key: 'plan',
          label: 'Plan',
          type: 'select',
          options: PLAN_OPTIONS,
        }),
      );
      made.push(
        await defineField(harness, org, {
          key: 'regions',
          label: 'Regions',
          type: 'multiselect',
          options: [{ value: ' eu ', label: ' Europe' }],
          required: true,
          visibleToCustomers: true,
        }),
      );
      assert.deepEqual(
        made.map((field) => field.position),
        [0, 1, 2, 3, 4, 5],
      );
      const [text] = made;
      assert.equal(text?.label, 'text');
      assert.deepEqual([text?.required, text?.visibleToCustomers, text?.archivedAt], [false, false, null]);
      assert.deepEqual(made[5]?.options, [{ value: 'eu', label: 'Europe' }], 'options are trimmed');
      assert.deepEqual([made[5]?.required, made[5]?.visibleToCustomers], [true, true]);

      const list = await send(org.owner.session, 'GET', '/api/v1/ticket-fields');
      assert.deepEqual(list.json<FieldList>().items, made);
      const audit = await withTenant(harness.db, org.organizationId, (tx) =>
        tx.query(
          `select 1 from audit_events where organization_id = $1 and action = 'ticket_field.created'`,
          [org.organizationId],
        ),
      );
      assert.equal(audit.length, 6);
    });

    test('a bad key, a missing type or an unknown property is 400 on that field', async () => {
      for (const key of ['Plan', '1plan', 'plan-type', '', 'a'.repeat(51)]) {
        const response = await send(orgA.owner.session, 'POST', '/api/v1/ticket-fields', {
          key,
          label: 'Bad',
          type: 'text',
        });
        assertError(response, 400, 'validation_failed', { field: 'key' });
      }
      const noType = await send(orgA.owner.session, 'POST', '/api/v1/ticket-fields', {
        key: 'k',
        label: 'K',
      });
      assertError(noType, 400, 'validation_failed', { field: 'type' });
      const extra = await send(orgA.owner.session, 'POST', '/api/v1/ticket-fields', {
        key: 'k',
        label: 'K',
        type: 'text',
        colour: 'red',
      });
      assertError(extra, 400, 'validation_failed', { field: 'colour' });
    });

    test('options must fit the type: none for text, some and unique for selects (422)', async () => {
      const cases: [Record<string, unknown>, Record<string, unknown>][] = [
        [{ type: 'text', options: PLAN_OPTIONS }, { field: 'options' }],
        [{ type: 'select' }, { field: 'options' }],
        [{ type: 'multiselect', options: [] }, { field: 'options' }],
        [
          { type: 'select', options: [...PLAN_OPTIONS, { value: 'gold ', label: 'Gold again' }] },
          { field: 'options', duplicates: ['gold'] },
        ],
      ];
      for (const [body, details] of cases) {
        const response = await send(orgA.owner.session, 'POST', '/api/v1/ticket-fields', {
          key: 'options_case',
          label: 'Options',
          ...body,
        });
        assertError(response, 422, 'unprocessable', details);
      }
    });

    test('a key is unique per organization, archived fields keeping theirs (409); other organizations may reuse it', async () => {
      const field = await define({ key: 'order_id', label: 'Order', type: 'text' });
      const again = await send(orgA.owner.session, 'POST', '/api/v1/ticket-fields', {
        key: 'order_id',
        label: 'Other',
        type: 'number',
      });
      assertError(again, 409, 'conflict', { field: 'key' });
      assert.equal(
        (await send(orgA.owner.session, 'DELETE', `/api/v1/ticket-fields/${field.id}`)).statusCode,
        204,
      );
      const afterArchive = await send(orgA.owner.session, 'POST', '/api/v1/ticket-fields', {
        key: 'order_id',
        label: 'Other',
        type: 'text',
      });
      assertError(afterArchive, 409, 'conflict', { field: 'key' });
      await define({ key: 'order_id', label: 'Order', type: 'text' }, orgB);
    });
  });

  describe('change', () => {
    test('PATCH relabels, flags, moves and adds or relabels options; key and type are immutable (400)', async () => {
      const field = await define({ key: 'tier', label: 'Tier', type: 'select', options: PLAN_OPTIONS });
      const changed = await patch(field.id, {
        label: 'Support tier',
        required: true,
        visibleToCustomers: true,
        position: 40,
        options: [
          { value: 'platinum', label: 'Platinum' },
          { value: 'silver', label: 'Argent' },
          PLAN_OPTIONS[0],
        ],
      });
      assert.equal(changed.statusCode, 200, changed.body);
      const body = changed.json<TicketField>();
      assert.deepEqual(
        [body.label, body.required, body.visibleToCustomers, body.position, body.key, body.type],
        ['Support tier', true, true, 40, 'tier', 'select'],
      );
      assert.deepEqual(
        body.options.map((option) => option.value),
        ['platinum', 'silver', 'gold'],
      );
      for (const immutable of [{ key: 'renamed' }, { type: 'text' }]) {
        assertError(await patch(field.id, immutable), 400, 'validation_failed', {
          field: Object.keys(immutable)[0],
        });
      }
      assertError(await patch(field.id, {}), 400, 'validation_failed');
      assertError(await patch(field.id, { options: [] }), 422, 'unprocessable', { field: 'options' });
      const audit = await withTenant(harness.db, orgA.organizationId, (tx) =>
        tx.query<{ changes: { before: TicketField; after: TicketField } }>(
          `select changes from audit_events where organization_id = $1 and entity_id = $2 and action = 'ticket_field.updated'`,
          [orgA.organizationId, field.id],
        ),
      );
      assert.equal(audit.length, 1);
      assert.equal(audit[0]?.changes.before.label, 'Tier');
      assert.equal(audit[0]?.changes.after.label, 'Support tier');
    });

    test('removing an option that tickets hold is 409 with the counts; an unused one may go', async () => {
      const plan = await define({ key: 'plan_in_use', label: 'Plan', type: 'select', options: PLAN_OPTIONS });
      const regions = await define({
        key: 'regions_in_use',
        label: 'Regions',
        type: 'multiselect',
        options: REGION_OPTIONS,
      });
      await ticketWithValues(harness, orgA, { plan_in_use: 'gold', regions_in_use: ['eu', 'us'] });
      await ticketWithValues(harness, orgA, { plan_in_use: 'gold', regions_in_use: ['us'] });

      const planGone = await patch(plan.id, { options: [PLAN_OPTIONS[1]] });
      assertError(planGone, 409, 'conflict', {
        field: 'options',
        reason: 'in_use',
        inUse: [{ value: 'gold', ticketCount: 2 }],
      });
      const regionsGone = await patch(regions.id, { options: [REGION_OPTIONS[2]] });
      assertError(regionsGone, 409, 'conflict', {
        inUse: [
          { value: 'eu', ticketCount: 1 },
          { value: 'us', ticketCount: 2 },
        ],
      });
      const unused = await patch(regions.id, { options: REGION_OPTIONS.slice(0, 2) });
      assert.equal(unused.statusCode, 200, unused.body);
      const unchanged = await send(orgA.owner.session, 'GET', `/api/v1/ticket-fields/${plan.id}`);
      assert.deepEqual(unchanged.json<TicketField>().options, PLAN_OPTIONS);
    });

    test('DELETE archives: the field stays readable and listed as archived; PATCH archived=false restores it', async () => {
      const field = await define({ key: 'legacy', label: 'Legacy', type: 'checkbox' });
      const archived = await send(orgA.owner.session, 'DELETE', `/api/v1/ticket-fields/${field.id}`);
      assert.equal(archived.statusCode, 204, archived.body);
      const read = await send(agentA.session, 'GET', `/api/v1/ticket-fields/${field.id}`);
      assert.equal(read.statusCode, 200);
      assert.ok(read.json<TicketField>().archivedAt);
      assert.equal(
        (await send(orgA.owner.session, 'DELETE', `/api/v1/ticket-fields/${field.id}`)).statusCode,
        204,
      );

      const listed = async (query: string) =>
        (await send(agentA.session, 'GET', `/api/v1/ticket-fields${query}`))
          .json<FieldList>()
          .items.some((item) => item.id === field.id);
      assert.deepEqual(
        [await listed(''), await listed('?archived=true'), await listed('?archived=false')],
        [true, true, false],
      );

      const actions = await withTenant(harness.db, orgA.organizationId, (tx) =>
        tx.query<{ action: string }>(
          'select action from audit_events where organization_id = $1 and entity_id = $2 order by id',
          [orgA.organizationId, field.id],
        ),
      );
      assert.deepEqual(
        actions.map((row) => row.action),
        ['ticket_field.created', 'ticket_field.archived'],
        'archiving twice is recorded once',
      );
      const restored = await patch(field.id, { archived: false });
      assert.equal(restored.statusCode, 200, restored.body);
      assert.equal(restored.json<TicketField>().archivedAt, null);
      assert.equal(await listed('?archived=false'), true);
    });
  });

  describe('roles and tenancy', () => {
    test('agents read fields; only admins write them (403)', async () => {
      const field = await define({ key: 'agent_view', label: 'Agent view', type: 'text' });
      assert.equal((await send(agentA.session, 'GET', '/api/v1/ticket-fields')).statusCode, 200);
      assert.equal((await send(agentA.session, 'GET', `/api/v1/ticket-fields/${field.id}`)).statusCode, 200);
      const attempts: [string, string, unknown][] = [
        ['POST', '/api/v1/ticket-fields', { key: 'by_agent', label: 'By agent', type: 'text' }],
        ['PATCH', `/api/v1/ticket-fields/${field.id}`, { label: 'Renamed by an agent' }],
        ['DELETE', `/api/v1/ticket-fields/${field.id}`, undefined],
      ];
      for (const [method, url, body] of attempts) {
        assertError(await send(agentA.session, method, url, body), 403, 'forbidden');
      }
    });

    test("organization B gets 404 for A's field and never lists it; A's field is untouched", async () => {
      const field = await define({ key: 'private_to_a', label: 'Private', type: 'text' });
      const url = `/api/v1/ticket-fields/${field.id}`;
      for (const [method, body] of [['GET'], ['PATCH', { label: 'Mine now' }], ['DELETE']] as const) {
        assertError(await send(orgB.owner.session, method, url, body), 404, 'not_found');
      }
      const listB = await send(orgB.owner.session, 'GET', '/api/v1/ticket-fields');
      assert.ok(!listB.json<FieldList>().items.some((item) => item.id === field.id));
      const unchanged = await send(orgA.owner.session, 'GET', url);
      assert.deepEqual(unchanged.json<TicketField>(), field);
    });
  });
});
