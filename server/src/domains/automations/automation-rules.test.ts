import assert from 'node:assert/strict';
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
} from '../../test/test-app.ts';
import {
  AUTOMATIONS,
  createRule,
  createTeam,
  type Names,
  namesOf,
  openTicket,
  readTicket,
  runsOf,
  settled,
} from './automation-test-helpers.ts';
import type { AutomationRule, RuleTest } from './automations.schemas.ts';

describe('automation rules API', () => {
  let harness: TestApp;
  let org: TestOrganization;
  let other: TestOrganization;
  let as: Credentials;
  let names: Names;
  let otherNames: Names;
  let otherTeam: string;

  before(async () => {
    harness = await createTestApp();
    org = await signUpOrganization(harness.app, 'Ours');
    other = await signUpOrganization(harness.app, 'Theirs');
    as = org.owner.session;
    names = await namesOf(harness, as);
    otherNames = await namesOf(harness, other.owner.session);
    otherTeam = await createTeam(harness, other.owner.session, 'Their billing');
  });
  after(() => harness.close());

  const post = (body: Record<string, unknown>, credentials: Credentials = as) =>
    call(harness.app, 'POST', AUTOMATIONS, { as: credentials, body: { name: 'Rule', ...body } });
  const TAG = [{ type: 'add_tags', tags: ['x'] }];

  test('rules are saved as versioned data, listed in the order they run, changed, reordered and deleted', async () => {
    const first = await createRule(harness, as, {
      name: 'First',
      trigger: { type: 'ticket.created', sources: ['email'] },
      actions: TAG,
    });
    const second = await createRule(harness, as, {
      name: 'Second',
      enabled: false,
      trigger: { type: 'sla.breached', timers: ['resolution'] },
      conditions: { all: [{ type: 'status_category', in: ['open'] }] },
      actions: [{ type: 'set_priority', priorityId: names.priorities.Urgent }],
    });
    assert.equal(first.schemaVersion, 1);
    assert.deepEqual(first.conditions, {});
    assert.equal(second.position, first.position + 1);
    assert.equal(second.enabled, false);

    const renamed = await call(harness.app, 'PATCH', `${AUTOMATIONS}/${first.id}`, {
      as,
      body: { name: 'Renamed', enabled: false },
    });
    assert.equal(renamed.statusCode, 200, renamed.body);
    assert.deepEqual(renamed.json<AutomationRule>().trigger, first.trigger, 'parts not given stay');

    const reordered = await call(harness.app, 'PUT', `${AUTOMATIONS}/order`, {
      as,
      body: { ids: [second.id, first.id] },
    });
    assert.equal(reordered.statusCode, 200, reordered.body);
    assert.deepEqual(
      reordered.json<{ items: AutomationRule[] }>().items.map((rule) => rule.name),
      ['Second', 'Renamed'],
    );
    const incomplete = await call(harness.app, 'PUT', `${AUTOMATIONS}/order`, {
      as,
      body: { ids: [second.id] },
    });
    assertError(incomplete, 422, 'unprocessable', { field: 'ids', missing: [first.id] });

    const removed = await call(harness.app, 'DELETE', `${AUTOMATIONS}/${first.id}`, { as });
    assert.equal(removed.statusCode, 204);
    assertError(await call(harness.app, 'GET', `${AUTOMATIONS}/${first.id}`, { as }), 404, 'not_found');
    const listed = await call(harness.app, 'GET', AUTOMATIONS, { as });
    assert.deepEqual(
      listed.json<{ items: AutomationRule[] }>().items.map((rule) => rule.id),
      [second.id],
    );
    await call(harness.app, 'DELETE', `${AUTOMATIONS}/${second.id}`, { as });
  });

  test('the schema refuses unknown kinds and fields (400)', async () => {
    assertError(await post({ trigger: { type: 'ticket.deleted' }, actions: TAG }), 400, 'validation_failed');
    assertError(
      await post({ trigger: { type: 'ticket.created' }, actions: [{ type: 'send_fax', to: '123' }] }),
      400,
      'validation_failed',
    );
    assertError(await post({ trigger: { type: 'ticket.created' }, actions: [] }), 400, 'validation_failed');
    assertError(
      await post({
        trigger: { type: 'ticket.created' },
        conditions: { all: [{ type: 'priority', in: [names.priorities.High], extra: 1 }] },
        actions: TAG,
      }),
      400,
      'validation_failed',
    );
  });

  test("tenant isolation: another organization's ids are refused at save time, naming the field", async () => {
    const refusals: [Record<string, unknown>, string][] = [
      [
        { trigger: { type: 'ticket.created' }, actions: [{ type: 'set_team', teamId: otherTeam }] },
        'actions.0.teamId',
      ],
      [
        {
          trigger: { type: 'ticket.created' },
          actions: [...TAG, { type: 'set_status', statusId: otherNames.statuses.Open }],
        },
        'actions.1.statusId',
      ],
      [
        {
          trigger: { type: 'ticket.created' },
          actions: [{ type: 'set_priority', priorityId: otherNames.priorities.High }],
        },
        'actions.0.priorityId',
      ],
      [
        {
          trigger: { type: 'ticket.created' },
          actions: [{ type: 'set_assignee', assigneeId: other.owner.id }],
        },
        'actions.0.assigneeId',
      ],
      [
        {
          trigger: { type: 'ticket.created' },
          conditions: { any: [{ type: 'status', in: [names.statuses.Open, otherNames.statuses.Open] }] },
          actions: TAG,
        },
        'conditions.any.0.in.1',
      ],
      [
        {
          trigger: { type: 'ticket.created' },
          conditions: { all: [{ type: 'team', in: [null, otherTeam] }] },
          actions: TAG,
        },
        'conditions.all.0.in.1',
      ],
      [
        {
          trigger: { type: 'ticket.created' },
          conditions: { all: [{ type: 'assignee', in: [other.owner.id] }] },
          actions: TAG,
        },
        'conditions.all.0.in.0',
      ],
      [
        {
          trigger: { type: 'ticket.updated', field: 'priorityId', to: otherNames.priorities.Urgent },
          actions: TAG,
        },
        'trigger.to',
      ],
      [
        {
          trigger: { type: 'ticket.updated', field: 'statusId' },
          conditions: { all: [{ type: 'changed', from: [otherNames.statuses.Open] }] },
          actions: TAG,
        },
        'conditions.all.0.from.0',
      ],
    ];
    for (const [body, field] of refusals) {
      assertError(await post(body), 422, 'unprocessable', { field });
    }
    const before = await call(harness.app, 'GET', AUTOMATIONS, { as });
    assert.deepEqual(before.json<{ items: unknown[] }>().items, [], 'nothing was saved');

    // A change is checked the same way.
    const rule = await createRule(harness, as, { trigger: { type: 'ticket.created' }, actions: TAG });
    const changed = await call(harness.app, 'PATCH', `${AUTOMATIONS}/${rule.id}`, {
      as,
      body: { actions: [{ type: 'set_team', teamId: otherTeam }] },
    });
    assertError(changed, 422, 'unprocessable', { field: 'actions.0.teamId' });
    // And the other organization cannot see or touch ours.
    for (const [method, url] of [
      ['GET', `${AUTOMATIONS}/${rule.id}`],
      ['GET', `${AUTOMATIONS}/${rule.id}/runs`],
      ['DELETE', `${AUTOMATIONS}/${rule.id}`],
    ] as const) {
      assertError(await call(harness.app, method, url, { as: other.owner.session }), 404, 'not_found');
    }
    await call(harness.app, 'DELETE', `${AUTOMATIONS}/${rule.id}`, { as });
  });

  test('custom fields, regular expressions and trigger filters are checked when saved', async () => {
    const field = await call(harness.app, 'POST', '/api/v1/ticket-fields', {
      as,
      body: { key: 'seats', label: 'Seats', type: 'number' },
    });
    assert.equal(field.statusCode, 201, field.body);
    const created = { type: 'ticket.created' };
    const refusals: [Record<string, unknown>, string][] = [
      [{ trigger: created, actions: [{ type: 'set_custom_field', key: 'nope', value: 1 }] }, 'actions.0.key'],
      [
        { trigger: created, actions: [{ type: 'set_custom_field', key: 'seats', value: 'many' }] },
        'actions.0.value',
      ],
      [
        {
          trigger: created,
          conditions: { all: [{ type: 'custom_field', key: 'nope', in: [1] }] },
          actions: TAG,
        },
        'conditions.all.0.key',
      ],
      [
        {
          trigger: created,
          conditions: { all: [{ type: 'text_regex', in: 'body', pattern: '(a+)+$' }] },
          actions: TAG,
        },
        'conditions.all.0.pattern',
      ],
      [
        {
          trigger: created,
          conditions: { all: [{ type: 'text_regex', in: 'body', pattern: '([a-z]' }] },
          actions: TAG,
        },
        'conditions.all.0.pattern',
      ],
      [{ trigger: { type: 'ticket.updated', to: 'x' }, actions: TAG }, 'trigger.field'],
      [{ trigger: { type: 'ticket.updated', field: 'customFields.nope' }, actions: TAG }, 'trigger.field'],
    ];
    for (const [body, fieldName] of refusals) {
      assertError(await post(body), 422, 'unprocessable', { field: fieldName });
    }
  });

  test('agents read rules, their runs and tests; only admins write them', async () => {
    const agent = await addAgent(harness.app, org, 'agent');
    const rule = await createRule(harness, as, { trigger: { type: 'ticket.created' }, actions: TAG });
    const ticket = await openTicket(harness, as);
    for (const [method, url, body] of [
      ['GET', AUTOMATIONS],
      ['GET', `${AUTOMATIONS}/${rule.id}`],
      ['GET', `${AUTOMATIONS}/${rule.id}/runs`],
      ['POST', `${AUTOMATIONS}/${rule.id}/test`, { ticketId: ticket.id }],
    ] as const) {
      const response = await call(harness.app, method, url, { as: agent.session, body });
      assert.equal(response.statusCode, 200, `${method} ${url}: ${response.body}`);
    }
    for (const [method, url, body] of [
      ['POST', AUTOMATIONS, { name: 'Mine', trigger: { type: 'ticket.created' }, actions: TAG }],
      ['PATCH', `${AUTOMATIONS}/${rule.id}`, { name: 'Mine' }],
      ['PUT', `${AUTOMATIONS}/order`, { ids: [rule.id] }],
      ['DELETE', `${AUTOMATIONS}/${rule.id}`],
    ] as const) {
      assertError(await call(harness.app, method, url, { as: agent.session, body }), 403, 'forbidden');
    }
    await settled(harness, org, ticket.id);
    await call(harness.app, 'DELETE', `${AUTOMATIONS}/${rule.id}`, { as });
  });

  test('"test this rule" shows each condition and what would change, and changes nothing', async () => {
    const team = await createTeam(harness, as, 'Billing');
    const ticket = await openTicket(harness, as, {
      subject: 'Refund for my invoice',
      priorityId: names.priorities.High,
      tags: ['vip'],
    });
    await settled(harness, org, ticket.id);
    const rule = await createRule(harness, as, {
      name: 'Billing triage',
      enabled: false,
      trigger: { type: 'ticket.created' },
      conditions: {
        all: [
          { type: 'text_words', in: 'subject', words: ['refund'] },
          { type: 'priority', in: [names.priorities.High, names.priorities.Urgent] },
        ],
        any: [
          { type: 'tags', has: 'any', tags: ['gold'] },
          { type: 'source', in: ['agent'] },
        ],
      },
      actions: [
        { type: 'set_team', teamId: team },
        { type: 'set_priority', priorityId: names.priorities.High },
        { type: 'add_tags', tags: ['billing'] },
        { type: 'add_internal_note', body: 'Routed to Billing' },
      ],
    });
    const before = await readTicket(harness, as, ticket.id);
    const tested = await call(harness.app, 'POST', `${AUTOMATIONS}/${rule.id}/test`, {
      as,
      body: { ticketId: ticket.id },
    });
    assert.equal(tested.statusCode, 200, tested.body);
    assert.deepEqual(tested.json<RuleTest>(), {
      matched: true,
      conditions: [
        { path: 'all.0', type: 'text_words', matched: true },
        { path: 'all.1', type: 'priority', matched: true },
        { path: 'any.0', type: 'tags', matched: false },
        { path: 'any.1', type: 'source', matched: true },
      ],
      changes: [
        { field: 'teamId', from: null, to: team },
        { field: 'tags', from: ['vip'], to: ['vip', 'billing'] },
        { field: 'note', from: null, to: 'Routed to Billing' },
      ],
    });
    const after = await readTicket(harness, as, ticket.id);
    assert.deepEqual(after, before, 'the ticket is as it was');
    assert.deepEqual(await runsOf(harness, as, rule.id), [], 'no run is recorded');

    const unmatched = await call(harness.app, 'PATCH', `${AUTOMATIONS}/${rule.id}`, {
      as,
      body: { conditions: { all: [{ type: 'source', in: ['email'] }] } },
    });
    assert.equal(unmatched.statusCode, 200, unmatched.body);
    const retested = await call(harness.app, 'POST', `${AUTOMATIONS}/${rule.id}/test`, {
      as,
      body: { ticketId: ticket.id },
    });
    assert.deepEqual(retested.json<RuleTest>(), {
      matched: false,
      conditions: [{ path: 'all.0', type: 'source', matched: false }],
      changes: [],
    });
    const foreign = await openTicket(harness, other.owner.session);
    assertError(
      await call(harness.app, 'POST', `${AUTOMATIONS}/${rule.id}/test`, {
        as,
        body: { ticketId: foreign.id },
      }),
      422,
      'unprocessable',
      { field: 'ticketId' },
    );
  });
});
