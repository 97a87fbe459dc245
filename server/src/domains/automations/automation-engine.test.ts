import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  addAgent,
  type Credentials,
  call,
  createTestApp,
  signInContact,
  signUpOrganization,
  type TestApp,
  type TestOrganization,
} from '../../test/test-app.ts';
import {
  createRule,
  createTeam,
  type Names,
  namesOf,
  openTicket,
  patchTicket,
  readTicket,
  runsOf,
  settled,
} from './automation-test-helpers.ts';

type TicketEvent = {
  action: string;
  actorType: string;
  actorId: string | null;
  changes: Record<string, unknown>;
};

describe('automation rules run on ticket events', () => {
  let harness: TestApp;
  // Each test has an organization of its own, so one test's rules never see another's tickets.
  let org: TestOrganization;
  let as: Credentials;
  let names: Names;

  const eventsOf = async (ticketId: string) =>
    (await call(harness.app, 'GET', `/api/v1/tickets/${ticketId}/events`, { as })).json<{
      items: TicketEvent[];
    }>().items;
  const patch = (ticketId: string, body: Record<string, unknown>) => patchTicket(harness, as, ticketId, body);

  before(async () => {
    harness = await createTestApp();
  });
  after(() => harness.close());

  const freshOrganization = async () => {
    org = await signUpOrganization(harness.app);
    as = org.owner.session;
    names = await namesOf(harness, as);
  };

  test('route by keyword: invoice, refund or billing in the subject or body sends the ticket to Billing', async () => {
    await freshOrganization();
    const billing = await createTeam(harness, as, 'Billing');
    const rule = await createRule(harness, as, {
      name: 'Route billing questions',
      trigger: { type: 'ticket.created' },
      conditions: {
        any: [{ type: 'text_words', in: 'subject_or_body', words: ['invoice', 'refund', 'billing'] }],
      },
      actions: [{ type: 'set_team', teamId: billing }],
    });
    const bySubject = await openTicket(harness, as, { subject: 'Question about my INVOICE' });
    const byBody = await openTicket(harness, as, {
      subject: 'Order 1234',
      comment: { body: 'I would like a refund, please.', visibility: 'public' },
    });
    const partWord = await openTicket(harness, as, { subject: 'Invoices are great, billingual people too' });
    const unrelated = await openTicket(harness, as, { subject: 'Printer on fire' });
    for (const ticket of [bySubject, byBody, partWord, unrelated]) await settled(harness, org, ticket.id);

    assert.equal((await readTicket(harness, as, bySubject.id)).teamId, billing);
    assert.equal((await readTicket(harness, as, byBody.id)).teamId, billing);
    assert.equal((await readTicket(harness, as, partWord.id)).teamId, null, 'whole words only');
    assert.equal((await readTicket(harness, as, unrelated.id)).teamId, null);

    // The change is history like any other, naming the rule that made it.
    const teamChange = (await eventsOf(bySubject.id)).find((event) => event.action === 'ticket.team_changed');
    assert.equal(teamChange?.actorType, 'automation');
    assert.equal(teamChange?.actorId, rule.id);
    assert.equal(teamChange?.changes.ruleId, rule.id);
    assert.equal(teamChange?.changes.depth, 1);
    assert.equal(teamChange?.changes.to, billing);

    const runs = await runsOf(harness, as, rule.id);
    assert.equal(runs.length, 4, 'one run per ticket created');
    assert.deepEqual(runs.map((run) => run.outcome).sort(), [
      'applied',
      'applied',
      'not_matched',
      'not_matched',
    ]);
  });

  test('escalate on priority: set to Urgent adds the tag escalated; the run log shows why', async () => {
    await freshOrganization();
    const rule = await createRule(harness, as, {
      name: 'Escalate urgent tickets',
      trigger: { type: 'ticket.updated', field: 'priorityId', to: names.priorities.Urgent },
      actions: [{ type: 'add_tags', tags: ['escalated'] }],
    });
    const ticket = await openTicket(harness, as, { tags: ['vip'] });
    await patch(ticket.id, { priorityId: names.priorities.High });
    await settled(harness, org, ticket.id);
    assert.deepEqual((await readTicket(harness, as, ticket.id)).tags, ['vip']);

    await patch(ticket.id, { priorityId: names.priorities.Urgent });
    await settled(harness, org, ticket.id);
    assert.deepEqual((await readTicket(harness, as, ticket.id)).tags, ['vip', 'escalated']);

    const [run, ...others] = await runsOf(harness, as, rule.id);
    assert.equal(others.length, 0, 'the trigger took only the change to Urgent');
    assert.equal(run?.outcome, 'applied');
    assert.equal(run?.ticketId, ticket.id);
    assert.equal(run?.event.type, 'ticket.updated');
    assert.equal(run?.depth, 0);
    assert.deepEqual(run?.changes, [{ field: 'tags', from: ['vip'], to: ['vip', 'escalated'] }]);
  });

  test('comment triggers: by the customer in public, with the triggering comment as the body', async () => {
    await freshOrganization();
    const rule = await createRule(harness, as, {
      trigger: { type: 'comment.added', author: 'contact', visibility: 'public' },
      conditions: { all: [{ type: 'text_words', in: 'body', words: ['asap'] }] },
      actions: [{ type: 'set_priority', priorityId: names.priorities.High }],
    });
    const customer = await signInContact(harness.app, org);
    const ticket = await openTicket(harness, as, { requesterId: customer.id, requester: undefined });
    const note = await call(harness.app, 'POST', `/api/v1/tickets/${ticket.id}/comments`, {
      as,
      body: { body: 'Customer wants this ASAP', visibility: 'internal' },
    });
    assert.equal(note.statusCode, 201, note.body);
    await settled(harness, org, ticket.id);
    assert.equal((await readTicket(harness, as, ticket.id)).priorityId, names.priorities.Normal);

    const calm = await call(harness.app, 'POST', `/api/v1/portal/tickets/${ticket.id}/comments`, {
      as: customer.session,
      body: { body: 'No hurry.' },
    });
    assert.equal(calm.statusCode, 201, calm.body);
    await settled(harness, org, ticket.id);
    assert.equal((await readTicket(harness, as, ticket.id)).priorityId, names.priorities.Normal);

    const urgent = await call(harness.app, 'POST', `/api/v1/portal/tickets/${ticket.id}/comments`, {
      as: customer.session,
      body: { body: 'Actually I need this asap!' },
    });
    assert.equal(urgent.statusCode, 201, urgent.body);
    await settled(harness, org, ticket.id);
    assert.equal((await readTicket(harness, as, ticket.id)).priorityId, names.priorities.High);
    const outcomes = (await runsOf(harness, as, rule.id)).map((run) => run.outcome);
    assert.deepEqual(outcomes, ['applied', 'not_matched'], 'the internal note never triggered it');
  });

  test('created triggers filter by source', async () => {
    await freshOrganization();
    await createRule(harness, as, {
      trigger: { type: 'ticket.created', sources: ['portal'] },
      actions: [{ type: 'add_tags', tags: ['from-portal'] }],
    });
    const byAgent = await openTicket(harness, as);
    const customer = await signInContact(harness.app, org);
    const opened = await call(harness.app, 'POST', '/api/v1/portal/tickets', {
      as: customer.session,
      body: { subject: 'Help', body: 'Please' },
    });
    assert.equal(opened.statusCode, 201, opened.body);
    const byPortal = opened.json<{ id: string }>();
    await settled(harness, org, byAgent.id);
    await settled(harness, org, byPortal.id);
    assert.deepEqual((await readTicket(harness, as, byAgent.id)).tags, []);
    assert.deepEqual((await readTicket(harness, as, byPortal.id)).tags, ['from-portal']);
  });

  test('update triggers: which field, and the changed-from / changed-to condition', async () => {
    await freshOrganization();
    await createRule(harness, as, {
      trigger: { type: 'ticket.updated', field: 'statusId' },
      conditions: {
        all: [{ type: 'changed', from: [names.statuses.Open], to: [names.statuses.Resolved] }],
      },
      actions: [{ type: 'add_tags', tags: ['solved-at-once'] }],
    });
    const direct = await openTicket(harness, as);
    await patch(direct.id, { statusId: names.statuses.Resolved });
    const stepwise = await openTicket(harness, as);
    await patch(stepwise.id, { statusId: names.statuses['In progress'] });
    await patch(stepwise.id, { statusId: names.statuses.Resolved });
    await settled(harness, org, direct.id);
    await settled(harness, org, stepwise.id);
    assert.deepEqual((await readTicket(harness, as, direct.id)).tags, ['solved-at-once']);
    assert.deepEqual((await readTicket(harness, as, stepwise.id)).tags, []);
  });

  test('every condition kind, each rule seeing the ticket the rules before it left', async () => {
    await freshOrganization();
    const team = await createTeam(harness, as, 'Tier 2');
    const field = await call(harness.app, 'POST', '/api/v1/ticket-fields', {
      as,
      body: { key: 'plan', label: 'Plan', type: 'text' },
    });
    assert.equal(field.statusCode, 201, field.body);
    // Around the clock, so "in business hours" holds whenever the test runs.
    const calendars = await call(harness.app, 'GET', '/api/v1/calendars', { as });
    const calendarId = calendars
      .json<{ items: { id: string; isDefault: boolean }[] }>()
      .items.find((c) => c.isDefault)?.id;
    const allDay = [['00:00', '24:00']];
    const saved = await call(harness.app, 'PATCH', `/api/v1/calendars/${calendarId}`, {
      as,
      body: {
        spec: {
          timeZone: 'UTC',
          hours: {
            mon: allDay,
            tue: allDay,
            wed: allDay,
            thu: allDay,
            fri: allDay,
            sat: allDay,
            sun: allDay,
          },
          holidays: [],
          specialHours: [],
        },
      },
    });
    assert.equal(saved.statusCode, 200, saved.body);

    const cases: [string, Record<string, unknown>, boolean][] = [
      ['status', { all: [{ type: 'status', in: [names.statuses.Open] }] }, true],
      ['status-no', { all: [{ type: 'status', in: [names.statuses.Closed] }] }, false],
      ['category', { all: [{ type: 'status_category', in: ['open', 'new'] }] }, true],
      ['priority', { all: [{ type: 'priority', in: [names.priorities.High] }] }, true],
      ['team', { all: [{ type: 'team', in: [team] }] }, true],
      ['no-team', { all: [{ type: 'team', in: [null] }] }, false],
      ['unassigned', { all: [{ type: 'assignee', in: [null] }] }, true],
      ['has-vip', { all: [{ type: 'tags', has: 'any', tags: ['vip', 'gold'] }] }, true],
      ['lacks-vip', { all: [{ type: 'tags', has: 'none', tags: ['vip'] }] }, false],
      ['source', { all: [{ type: 'source', in: ['agent'] }] }, true],
      ['source-no', { all: [{ type: 'source', in: ['portal', 'email'] }] }, false],
      ['email', { all: [{ type: 'requester_email', in: ['Billing@Acme.test'] }] }, true],
      ['domain', { all: [{ type: 'requester_domain', in: ['ACME.test'] }] }, true],
      ['domain-no', { all: [{ type: 'requester_domain', in: ['other.test'] }] }, false],
      ['plan', { all: [{ type: 'custom_field', key: 'plan', in: ['gold', 'platinum'] }] }, true],
      ['subject', { all: [{ type: 'text_words', in: 'subject', words: ['overdue'] }] }, true],
      ['body', { all: [{ type: 'text_words', in: 'body', words: ['refund'] }] }, true],
      ['part-word', { all: [{ type: 'text_words', in: 'body', words: ['fund'] }] }, false],
      ['regex', { all: [{ type: 'text_regex', in: 'body', pattern: 'order #\\d{4}\\b' }] }, true],
      [
        'regex-case',
        { all: [{ type: 'text_regex', in: 'subject', pattern: '^invoice', ignoreCase: true }] },
        true,
      ],
      ['in-hours', { all: [{ type: 'business_hours', is: 'in' }] }, true],
      ['out-of-hours', { all: [{ type: 'business_hours', is: 'out' }] }, false],
      ['changed-no', { all: [{ type: 'changed', to: [names.statuses.Open] }] }, false],
      [
        'all-and-any',
        {
          all: [{ type: 'priority', in: [names.priorities.High] }],
          any: [
            { type: 'source', in: ['portal'] },
            { type: 'source', in: ['agent'] },
          ],
        },
        true,
      ],
      [
        'any-none',
        {
          any: [
            { type: 'source', in: ['portal'] },
            { type: 'source', in: ['email'] },
          ],
        },
        false,
      ],
      // The earlier rules' tags are on the ticket by the time this one runs.
      ['saw-earlier', { all: [{ type: 'tags', has: 'any', tags: ['c-status'] }] }, true],
    ];
    for (const [name, conditions] of cases) {
      await createRule(harness, as, {
        name,
        trigger: { type: 'ticket.created' },
        conditions,
        actions: [{ type: 'add_tags', tags: [`c-${name}`] }],
      });
    }
    const ticket = await openTicket(harness, as, {
      subject: 'Invoice overdue',
      requester: { email: 'billing@acme.test' },
      teamId: team,
      priorityId: names.priorities.High,
      tags: ['vip'],
      customFields: { plan: 'gold' },
      comment: { body: 'Please refund order #1234.', visibility: 'public' },
    });
    await settled(harness, org, ticket.id);
    const tags = (await readTicket(harness, as, ticket.id)).tags;
    assert.deepEqual(
      tags.filter((tag) => tag !== 'vip').sort(),
      cases
        .filter(([, , expected]) => expected)
        .map(([name]) => `c-${name}`)
        .sort(),
    );
  });

  test('every action kind, applied together and recorded under the rule', async () => {
    await freshOrganization();
    const team = await createTeam(harness, as, 'Billing');
    const agent = await addAgent(harness.app, org);
    const field = await call(harness.app, 'POST', '/api/v1/ticket-fields', {
      as,
      body: { key: 'plan', label: 'Plan', type: 'text' },
    });
    assert.equal(field.statusCode, 201, field.body);
    const rule = await createRule(harness, as, {
      trigger: { type: 'ticket.created' },
      actions: [
        { type: 'set_status', statusId: names.statuses['In progress'] },
        { type: 'set_priority', priorityId: names.priorities.Urgent },
        { type: 'set_team', teamId: team },
        { type: 'set_assignee', assigneeId: agent.id },
        { type: 'add_tags', tags: ['triaged', 'auto'] },
        { type: 'remove_tags', tags: ['vip', 'auto'] },
        { type: 'set_custom_field', key: 'plan', value: ' silver ' },
        { type: 'add_internal_note', body: 'Triaged by the machine.' },
      ],
    });
    const ticket = await openTicket(harness, as, { tags: ['vip', 'keep'] });
    await settled(harness, org, ticket.id);
    const after = await readTicket(harness, as, ticket.id);
    assert.equal(after.statusId, names.statuses['In progress']);
    assert.equal(after.priorityId, names.priorities.Urgent);
    assert.equal(after.teamId, team);
    assert.equal(after.assigneeId, agent.id);
    assert.deepEqual(after.tags, ['keep', 'triaged']);
    assert.deepEqual(after.customFields, { plan: 'silver' });

    const comments = (await call(harness.app, 'GET', `/api/v1/tickets/${ticket.id}/comments`, { as })).json<{
      items: { authorType: string; authorId: string | null; visibility: string; bodyText: string }[];
    }>().items;
    assert.deepEqual(comments.at(-1), {
      ...comments.at(-1),
      authorType: 'system',
      authorId: null,
      visibility: 'internal',
      bodyText: 'Triaged by the machine.',
    });
    const byRule = (await eventsOf(ticket.id)).filter((event) => event.actorType === 'automation');
    assert.deepEqual(byRule.map((event) => event.action).sort(), [
      'ticket.assignee_changed',
      'ticket.comment_added',
      'ticket.custom_field_changed',
      'ticket.priority_changed',
      'ticket.status_changed',
      'ticket.tags_changed',
      'ticket.team_changed',
    ]);
    assert.ok(byRule.every((event) => event.actorId === rule.id && event.changes.depth === 1));
    const [run] = await runsOf(harness, as, rule.id);
    assert.equal(run?.changes.length, 7);
  });
});
