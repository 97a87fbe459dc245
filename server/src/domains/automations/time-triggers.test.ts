import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { withTenant } from '../../db/tenant.ts';
import type { DueScheduler } from '../../jobs/due-scheduler.ts';
import {
  assertError,
  call,
  createTestApp,
  signUpOrganization,
  type TestApp,
  type TestOrganization,
} from '../../test/test-app.ts';
import { outboundQueueOf } from '../email/email-jobs.ts';
import { createPolicy } from '../sla/sla-test-helpers.ts';
import { addCustomerReply } from '../tickets/add-customer-reply.ts';
import { commentBody } from '../tickets/comment-body.ts';
import { webhookQueueOf } from './automation-jobs.ts';
import {
  AUTOMATIONS,
  createRule,
  namesOf,
  openTicket,
  patchTicket,
  readTicket,
  runsOf,
} from './automation-test-helpers.ts';
import { recomputeTimeTriggers } from './recompute-time-triggers.ts';
import { startTimeTriggerScheduler } from './time-trigger-scheduler.ts';

// Every organization starts with a default calendar of Monday to Friday, 09:00–17:00, UTC. The dates
// lie beyond every other test's clock: schedulers of test servers sharing one PostgreSQL look across
// organizations, and one whose clock had passed these instants would fire them early.
const FRIDAY = '2031-03-07';
const SATURDAY = '2031-03-08';
const MONDAY = '2031-03-10';
const TUESDAY = '2031-03-11';
const at = (day: string, time: string) => new Date(`${day}T${time}:00Z`);

describe('time-based triggers fire at business-hours instants, once per anchor', () => {
  let now = at(FRIDAY, '12:00');
  let harness: TestApp;
  let scheduler: DueScheduler;

  // No workers, so this server's SLA scheduler, at a clock years ahead, leaves other tests' timers
  // alone; the test starts the time-trigger scheduler itself and runs the recompute job's function.
  before(async () => {
    harness = await createTestApp({ JOB_WORKERS: 'false' }, { clock: () => now });
    const { app } = harness;
    scheduler = startTimeTriggerScheduler(
      { db: app.db, outbound: outboundQueueOf(app), webhooks: webhookQueueOf(app), logger: app.log },
      { pollSeconds: 0.5 },
    );
  });
  after(async () => {
    await scheduler.stop();
    await harness.close();
  });

  /** Moves the clock and lets the scheduler look, as it would on waking. */
  const runAt = async (instant: Date) => {
    now = instant;
    await scheduler.runDue();
  };

  const dueOf = async (org: TestOrganization, ruleId: string, ticketId: string) => {
    const [row] = await withTenant(harness.db, org.organizationId, (tx) =>
      tx.query<{ due_at: Date }>(
        'select due_at from automation_time_triggers where organization_id = $1 and rule_id = $2 and ticket_id = $3',
        [org.organizationId, ruleId, ticketId],
      ),
    );
    return row?.due_at.toISOString() ?? null;
  };

  test('unassigned: Friday 16:30 plus 2 business hours is Monday 10:30; fires once there, named in the history; an assignment cancels', async () => {
    const org = await signUpOrganization(harness.app);
    const as = org.owner.session;
    const rule = await createRule(harness, as, {
      trigger: { type: 'time.unassigned', hours: 2 },
      actions: [{ type: 'add_tags', tags: ['unowned'] }],
    });
    now = at(FRIDAY, '16:30');
    const ticket = await openTicket(harness, as);
    const assigned = await openTicket(harness, as);
    assert.equal(await dueOf(org, rule.id, ticket.id), at(MONDAY, '10:30').toISOString());

    now = at(FRIDAY, '16:45');
    await patchTicket(harness, as, assigned.id, { assigneeId: org.owner.id });
    assert.equal(await dueOf(org, rule.id, assigned.id), null);

    await runAt(at(MONDAY, '10:29'));
    assert.deepEqual((await readTicket(harness, as, ticket.id)).tags, []);
    assert.deepEqual(await runsOf(harness, as, rule.id), []);

    await runAt(at(MONDAY, '10:30'));
    assert.deepEqual((await readTicket(harness, as, ticket.id)).tags, ['unowned']);
    const [run, ...others] = await runsOf(harness, as, rule.id);
    assert.deepEqual(others, []);
    assert.equal(run?.ticketId, ticket.id);
    assert.equal(run?.event.type, 'time.unassigned');
    assert.equal(run?.outcome, 'applied');
    assert.equal(await dueOf(org, rule.id, ticket.id), null);
    const history = await withTenant(harness.db, org.organizationId, (tx) =>
      tx.query<{ actor_id: string; changes: { ruleId: string; depth: number } }>(
        `select actor_id, changes from audit_events
          where organization_id = $1 and entity_id = $2 and actor_type = 'automation'`,
        [org.organizationId, ticket.id],
      ),
    );
    assert.deepEqual(
      history.map((event) => [event.actor_id, event.changes.ruleId, event.changes.depth]),
      [[rule.id, rule.id, 1]],
    );

    // Its own change (a tag) does not restart the clock: still unassigned since Friday, fired once.
    await runAt(at(TUESDAY, '16:00'));
    assert.equal((await runsOf(harness, as, rule.id)).length, 1);
    assert.deepEqual((await readTicket(harness, as, assigned.id)).tags, []);
  });

  test('in status: leaving cancels, re-entering re-arms; a category counts across its statuses', async () => {
    const org = await signUpOrganization(harness.app);
    const as = org.owner.session;
    const { statuses } = await namesOf(harness, as);
    const open = statuses.Open as string;
    const byStatus = await createRule(harness, as, {
      trigger: { type: 'time.in_status', statusIds: [open], hours: 1 },
      actions: [{ type: 'add_internal_note', body: 'Open for an hour' }],
    });
    const byCategory = await createRule(harness, as, {
      trigger: { type: 'time.in_status', categories: ['open'], hours: 3 },
      actions: [{ type: 'add_internal_note', body: 'Being worked on for three hours' }],
    });
    now = at(MONDAY, '09:00');
    const ticket = await openTicket(harness, as);

    await runAt(at(MONDAY, '09:59'));
    assert.deepEqual(await runsOf(harness, as, byStatus.id), []);
    await runAt(at(MONDAY, '10:00'));
    assert.equal((await runsOf(harness, as, byStatus.id)).length, 1);

    now = at(MONDAY, '10:30');
    await patchTicket(harness, as, ticket.id, { statusId: statuses['In progress'] });
    assert.equal(await dueOf(org, byStatus.id, ticket.id), null);
    // In progress is of the open category too: that clock still runs from 09:00.
    assert.equal(await dueOf(org, byCategory.id, ticket.id), at(MONDAY, '12:00').toISOString());

    now = at(MONDAY, '11:00');
    await patchTicket(harness, as, ticket.id, { statusId: open });
    assert.equal(await dueOf(org, byStatus.id, ticket.id), at(MONDAY, '12:00').toISOString());
    await runAt(at(MONDAY, '11:59'));
    assert.equal((await runsOf(harness, as, byStatus.id)).length, 1);
    await runAt(at(MONDAY, '12:00'));
    assert.equal((await runsOf(harness, as, byStatus.id)).length, 2);
    assert.equal((await runsOf(harness, as, byCategory.id)).length, 1);

    now = at(MONDAY, '12:30');
    await patchTicket(harness, as, ticket.id, { statusId: statuses['Waiting on customer'] });
    await runAt(at(TUESDAY, '16:00'));
    assert.equal((await runsOf(harness, as, byStatus.id)).length, 2);
    assert.equal((await runsOf(harness, as, byCategory.id)).length, 1);
  });

  test('no customer reply: an agent reply starts the clock, a customer reply stops it, the next agent reply re-arms it', async () => {
    const org = await signUpOrganization(harness.app);
    const as = org.owner.session;
    const rule = await createRule(harness, as, {
      trigger: { type: 'time.no_customer_reply', hours: 4 },
      actions: [{ type: 'add_tags', tags: ['nudge'] }],
    });
    now = at(MONDAY, '09:00');
    const ticket = await openTicket(harness, as, { comment: { body: 'It is broken', visibility: 'public' } });
    assert.equal(await dueOf(org, rule.id, ticket.id), null, 'the opening message is not a reply');
    const reply = (body: string) =>
      call(harness.app, 'POST', `/api/v1/tickets/${ticket.id}/comments`, {
        as,
        body: { body, visibility: 'public' },
      });
    assert.equal((await reply('Have you tried turning it off and on?')).statusCode, 201);
    assert.equal(await dueOf(org, rule.id, ticket.id), at(MONDAY, '13:00').toISOString());

    now = at(MONDAY, '12:00');
    await withTenant(harness.db, org.organizationId, (tx) =>
      addCustomerReply(tx, {
        organizationId: org.organizationId,
        ticketId: ticket.id,
        contactId: ticket.requesterId,
        body: commentBody({ body: 'Still broken' }),
        outbound: outboundQueueOf(harness.app),
      }),
    );
    assert.equal(await dueOf(org, rule.id, ticket.id), null);
    await runAt(at(MONDAY, '13:00'));
    assert.deepEqual(await runsOf(harness, as, rule.id), []);

    now = at(MONDAY, '14:00');
    assert.equal((await reply('Sending a new one')).statusCode, 201);
    // Three hours on Monday (14:00–17:00), the fourth on Tuesday from 09:00.
    assert.equal(await dueOf(org, rule.id, ticket.id), at(TUESDAY, '10:00').toISOString());
    await runAt(at(TUESDAY, '09:59'));
    assert.deepEqual(await runsOf(harness, as, rule.id), []);
    await runAt(at(TUESDAY, '10:00'));
    assert.deepEqual((await readTicket(harness, as, ticket.id)).tags, ['nudge']);
  });

  test('conditions are read at firing time, and a solved ticket has nothing to fire', async () => {
    const org = await signUpOrganization(harness.app);
    const as = org.owner.session;
    const { statuses, priorities } = await namesOf(harness, as);
    const rule = await createRule(harness, as, {
      trigger: { type: 'time.unassigned', hours: 1 },
      conditions: { all: [{ type: 'priority', in: [priorities.Urgent] }] },
      actions: [{ type: 'add_tags', tags: ['urgent-unowned'] }],
    });
    now = at(MONDAY, '09:00');
    const urgent = await openTicket(harness, as);
    const solved = await openTicket(harness, as);
    now = at(MONDAY, '09:30');
    await patchTicket(harness, as, urgent.id, { priorityId: priorities.Urgent });
    await patchTicket(harness, as, solved.id, { statusId: statuses.Resolved });
    assert.equal(await dueOf(org, rule.id, solved.id), null);

    await runAt(at(MONDAY, '10:00'));
    assert.deepEqual((await readTicket(harness, as, urgent.id)).tags, ['urgent-unowned']);
    assert.deepEqual(
      (await runsOf(harness, as, rule.id)).map((run) => [run.ticketId, run.outcome]),
      [[urgent.id, 'applied']],
    );
  });

  test("hours count on the calendar of the ticket's SLA policy when one applies", async () => {
    const org = await signUpOrganization(harness.app);
    const as = org.owner.session;
    const allDay = [['00:00', '24:00']];
    const calendar = await call(harness.app, 'POST', '/api/v1/calendars', {
      as,
      body: {
        name: 'Every hour',
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
    assert.equal(calendar.statusCode, 201, calendar.body);
    await createPolicy(harness.app, org, {
      name: 'Tagged vip',
      conditions: { tags: ['vip'] },
      calendarId: calendar.json().id,
    });
    const rule = await createRule(harness, as, {
      trigger: { type: 'time.unassigned', hours: 2 },
      actions: [{ type: 'add_tags', tags: ['unowned'] }],
    });
    now = at(SATURDAY, '10:00');
    const vip = await openTicket(harness, as, { tags: ['vip'] });
    const plain = await openTicket(harness, as);
    assert.equal(await dueOf(org, rule.id, vip.id), at(SATURDAY, '12:00').toISOString());
    assert.equal(await dueOf(org, rule.id, plain.id), at(MONDAY, '11:00').toISOString());
  });

  test('disabling stops firings, editing the hours moves the instant, and other organizations are untouched', async () => {
    const org = await signUpOrganization(harness.app);
    const other = await signUpOrganization(harness.app, 'Other Support');
    const as = org.owner.session;
    const rule = await createRule(harness, as, {
      trigger: { type: 'time.unassigned', hours: 1 },
      actions: [{ type: 'add_tags', tags: ['late'] }],
    });
    now = at(MONDAY, '09:00');
    const ticket = await openTicket(harness, as);
    const theirs = await openTicket(harness, other.owner.session);

    const patchRule = async (body: Record<string, unknown>) => {
      const response = await call(harness.app, 'PATCH', `${AUTOMATIONS}/${rule.id}`, { as, body });
      assert.equal(response.statusCode, 200, response.body);
    };
    await patchRule({ trigger: { type: 'time.unassigned', hours: 3 } });
    await recomputeTimeTriggers(harness.db, org.organizationId);
    assert.equal(await dueOf(org, rule.id, ticket.id), at(MONDAY, '12:00').toISOString());
    await patchRule({ enabled: false });
    await recomputeTimeTriggers(harness.db, org.organizationId);
    assert.equal(await dueOf(org, rule.id, ticket.id), null);
    await runAt(at(MONDAY, '12:00'));
    assert.deepEqual(await runsOf(harness, as, rule.id), []);

    // Enabled again, the ticket has been unassigned past its three hours: the scheduler, on its own,
    // fires it at its next look, as it does instants missed while the server was down.
    now = at(MONDAY, '12:30');
    await patchRule({ enabled: true });
    await recomputeTimeTriggers(harness.db, org.organizationId);
    const deadline = Date.now() + 15_000;
    while ((await runsOf(harness, as, rule.id)).length === 0) {
      if (Date.now() > deadline) assert.fail('the scheduler did not fire the re-enabled rule');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    assert.deepEqual((await readTicket(harness, as, ticket.id)).tags, ['late']);
    assert.deepEqual((await readTicket(harness, other.owner.session, theirs.id)).tags, []);
    const [count] = await withTenant(harness.db, other.organizationId, (tx) =>
      tx.query<{ n: number }>('select count(*)::int as n from automation_time_triggers'),
    );
    assert.equal(count?.n, 0);
  });

  test('time triggers are checked on save: hours, statuses of this organization, open ones only', async () => {
    const org = await signUpOrganization(harness.app);
    const other = await signUpOrganization(harness.app, 'Other Support');
    const as = org.owner.session;
    const { statuses } = await namesOf(harness, as);
    const theirs = await namesOf(harness, other.owner.session);
    const save = (trigger: Record<string, unknown>) =>
      call(harness.app, 'POST', AUTOMATIONS, {
        as,
        body: { name: 'Timed', trigger, actions: [{ type: 'add_tags', tags: ['x'] }] },
      });

    for (const hours of [0, -1, 0.1, 2001]) {
      assertError(await save({ type: 'time.unassigned', hours }), 400, 'validation_failed');
    }
    assertError(
      await save({ type: 'time.in_status', categories: ['solved'], hours: 1 }),
      400,
      'validation_failed',
    );
    const cases: [Record<string, unknown>, string][] = [
      [{ type: 'time.in_status', hours: 1 }, 'trigger.statusIds'],
      [
        { type: 'time.in_status', statusIds: [statuses.Open, theirs.statuses.Open], hours: 1 },
        'trigger.statusIds.1',
      ],
      [{ type: 'time.in_status', statusIds: [statuses.Resolved], hours: 1 }, 'trigger.statusIds.0'],
    ];
    for (const [trigger, field] of cases) assertError(await save(trigger), 422, 'unprocessable', { field });
    assert.equal((await save({ type: 'time.no_customer_reply', hours: 0.25 })).statusCode, 201);
  });
});

describe('saving a time rule plans the open tickets through the recompute job', () => {
  let harness: TestApp;

  before(async () => {
    harness = await createTestApp();
  });
  after(() => harness.close());

  const rowsOf = async (org: TestOrganization, ticketId: string) => {
    const [row] = await withTenant(harness.db, org.organizationId, (tx) =>
      tx.query<{ n: number }>(
        'select count(*)::int as n from automation_time_triggers where organization_id = $1 and ticket_id = $2',
        [org.organizationId, ticketId],
      ),
    );
    return row?.n ?? 0;
  };
  const rowsBecome = async (org: TestOrganization, ticketId: string, count: number) => {
    const deadline = Date.now() + 15_000;
    while ((await rowsOf(org, ticketId)) !== count) {
      if (Date.now() > deadline) assert.fail(`the ticket did not come to ${count} planned instants`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };

  test('a ticket open before the rule gets its instant; disabling the rule removes it', async () => {
    const org = await signUpOrganization(harness.app);
    const as = org.owner.session;
    const ticket = await openTicket(harness, as);
    // The most hours a trigger takes: its instant lies beyond every test's clock.
    const rule = await createRule(harness, as, {
      trigger: { type: 'time.unassigned', hours: 2000 },
      actions: [{ type: 'add_tags', tags: ['forgotten'] }],
    });
    await rowsBecome(org, ticket.id, 1);
    const response = await call(harness.app, 'PATCH', `${AUTOMATIONS}/${rule.id}`, {
      as,
      body: { enabled: false },
    });
    assert.equal(response.statusCode, 200, response.body);
    await rowsBecome(org, ticket.id, 0);
  });
});
