import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildApp } from '../../app.ts';
import {
  type Credentials,
  call,
  createTestApp,
  signInContact,
  signUpOrganization,
  type TestApp,
  type TestOrganization,
} from '../../test/test-app.ts';
import type { Ticket } from '../tickets/tickets.schemas.ts';
import { createPolicy } from './sla-test-helpers.ts';
import type { SlaEvent, TicketSla } from './ticket-sla.ts';

// Friday 4 December 2026, 16:30 in Berlin (UTC+1 in winter).
const FRIDAY_1630 = new Date('2026-12-04T15:30:00Z');
const berlin = (local: string) => new Date(`${local}+01:00`);

/**
 * A clock the test sets: what "now" is to the application's writes and to the SLA scheduler. It
 * stands still, or after `flow` runs on from the instant given at the real clock's pace.
 */
function testClock(start: Date) {
  let base = start;
  let flowingSince: number | null = null;
  return {
    now: () => new Date(base.getTime() + (flowingSince === null ? 0 : Date.now() - flowingSince)),
    set: (at: Date) => {
      base = at;
      flowingSince = null;
    },
    flow: (from: Date) => {
      base = from;
      flowingSince = Date.now();
    },
  };
}

const OFFICE_HOURS = {
  timeZone: 'Europe/Berlin',
  hours: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((day) => [day, [['09:00', '17:00']]])),
  holidays: [],
  specialHours: [],
};

type Setup = { org: TestOrganization; as: Credentials; statuses: Record<string, string>; calendarId: string };

async function officeHoursOrganization(harness: TestApp): Promise<Setup> {
  const org = await signUpOrganization(harness.app);
  const as = org.owner.session;
  const calendars = await call(harness.app, 'GET', '/api/v1/calendars', { as });
  const calendarId = calendars
    .json<{ items: { id: string; isDefault: boolean }[] }>()
    .items.find((c) => c.isDefault)?.id;
  assert.ok(calendarId);
  const saved = await call(harness.app, 'PATCH', `/api/v1/calendars/${calendarId}`, {
    as,
    body: { spec: OFFICE_HOURS },
  });
  assert.equal(saved.statusCode, 200, saved.body);
  const statuses = (await call(harness.app, 'GET', '/api/v1/ticket-statuses', { as })).json<{
    items: { id: string; name: string }[];
  }>().items;
  return { org, as, statuses: Object.fromEntries(statuses.map((s) => [s.name, s.id])), calendarId };
}

async function openTicket(harness: TestApp, setup: Setup, subject = 'Printer on fire'): Promise<Ticket> {
  const response = await call(harness.app, 'POST', '/api/v1/tickets', {
    as: setup.as,
    body: {
      subject,
      requester: { email: 'casey@example.test' },
      comment: { body: 'Help', visibility: 'public' },
    },
  });
  assert.equal(response.statusCode, 201, response.body);
  return response.json<Ticket>();
}

async function readTicket(harness: TestApp, setup: Setup, id: string): Promise<Ticket> {
  const response = await call(harness.app, 'GET', `/api/v1/tickets/${id}`, { as: setup.as });
  assert.equal(response.statusCode, 200, response.body);
  return response.json<Ticket>();
}

async function setStatus(harness: TestApp, setup: Setup, id: string, status: string): Promise<void> {
  const ticket = await readTicket(harness, setup, id);
  const response = await call(harness.app, 'PATCH', `/api/v1/tickets/${id}`, {
    as: setup.as,
    body: { version: ticket.version, statusId: setup.statuses[status] },
  });
  assert.equal(response.statusCode, 200, response.body);
}

async function ticketSla(harness: TestApp, setup: Setup, id: string): Promise<TicketSla> {
  const response = await call(harness.app, 'GET', `/api/v1/tickets/${id}/sla`, { as: setup.as });
  assert.equal(response.statusCode, 200, response.body);
  return response.json<TicketSla>();
}

const timerOf = (ticket: Ticket, timer: string) => {
  const found = ticket.slaTimers.find((candidate) => candidate.timer === timer);
  assert.ok(found, `${timer} in ${JSON.stringify(ticket.slaTimers)}`);
  return found;
};
const kinds = (events: SlaEvent[], timer: string) =>
  events.filter((event) => event.timer === timer).map((event) => event.kind);

describe('SLA timers on tickets', () => {
  const clock = testClock(FRIDAY_1630);
  let harness: TestApp;
  before(async () => {
    harness = await createTestApp({}, { clock: clock.now });
  });
  after(() => harness.close());

  it('Friday 16:30 + 2 h business time is due Monday 10:30; a pause shifts it; at risk and breach fire once, on time', async () => {
    clock.set(FRIDAY_1630);
    const setup = await officeHoursOrganization(harness);
    await createPolicy(harness.app, setup.org, {
      name: 'Standard',
      targets: [{ priorityId: null, firstResponseMinutes: 120, resolutionMinutes: 960 }],
      pausableTimers: ['first_response', 'resolution'],
      atRisk: { percent: 75 },
    });
    const ticket = await openTicket(harness, setup);
    const first = timerOf(ticket, 'first_response');
    assert.equal(first.dueAt, berlin('2026-12-07T10:30:00').toISOString());
    assert.equal(first.state, 'running');
    assert.equal(first.remainingMinutes, 120);
    assert.equal(ticket.slaDueAt, first.dueAt, 'the next due is the earliest running timer');
    const explained = await ticketSla(harness, setup, ticket.id);
    assert.match(
      explained.timers.find((t) => t.timer === 'first_response')?.explanation.text ?? '',
      /^Due Mon 7 Dec 10:30 because created Fri 4 Dec 16:30, 2 h business time$/,
    );

    // Monday 9:30 to 10:00 waiting on the customer: the due time moves 30 minutes on.
    clock.set(berlin('2026-12-07T09:30:00'));
    await setStatus(harness, setup, ticket.id, 'Waiting on customer');
    const paused = timerOf(await readTicket(harness, setup, ticket.id), 'first_response');
    assert.equal(paused.state, 'paused');
    assert.equal(paused.dueAt, null);
    assert.equal(paused.remainingMinutes, 60);
    clock.set(berlin('2026-12-07T10:00:00'));
    await setStatus(harness, setup, ticket.id, 'Open');
    const resumed = await readTicket(harness, setup, ticket.id);
    assert.equal(timerOf(resumed, 'first_response').dueAt, berlin('2026-12-07T11:00:00').toISOString());
    const sla = await ticketSla(harness, setup, ticket.id);
    assert.match(
      sla.timers.find((t) => t.timer === 'first_response')?.explanation.text ?? '',
      /^Due Mon 7 Dec 11:00 because created Fri 4 Dec 16:30, 2 h business time, 30 min paused in Waiting on customer$/,
    );

    // 75% of 120 minutes is used at 10:30 (30 min on Friday, 30 + 30 on Monday around the pause).
    const scheduler = harness.app.slaScheduler;
    assert.ok(scheduler);
    clock.set(berlin('2026-12-07T10:29:59'));
    await scheduler.runDue();
    assert.deepEqual(kinds((await ticketSla(harness, setup, ticket.id)).events, 'first_response'), [
      'applied',
      'paused',
      'resumed',
    ]);
    clock.set(berlin('2026-12-07T10:30:00'));
    await scheduler.runDue();
    await scheduler.runDue();
    clock.set(berlin('2026-12-07T10:59:59'));
    await scheduler.runDue();
    let events = (await ticketSla(harness, setup, ticket.id)).events;
    assert.deepEqual(kinds(events, 'first_response'), ['applied', 'paused', 'resumed', 'at_risk']);
    assert.equal(events.at(-1)?.occurredAt, berlin('2026-12-07T10:30:00').toISOString());

    clock.set(berlin('2026-12-07T11:00:00'));
    await scheduler.runDue();
    await scheduler.runDue();
    events = (await ticketSla(harness, setup, ticket.id)).events;
    assert.deepEqual(kinds(events, 'first_response'), [
      'applied',
      'paused',
      'resumed',
      'at_risk',
      'breached',
    ]);
    assert.equal(events.at(-1)?.occurredAt, berlin('2026-12-07T11:00:00').toISOString());

    // Half an hour later the API counts the overrun; the answer then fulfils the timer, late.
    clock.set(berlin('2026-12-07T11:30:00'));
    const late = timerOf(await readTicket(harness, setup, ticket.id), 'first_response');
    assert.equal(late.stage, 'breached');
    assert.equal(late.remainingMinutes, -30);
    const answer = await call(harness.app, 'POST', `/api/v1/tickets/${ticket.id}/comments`, {
      as: setup.as,
      body: { body: 'On it', visibility: 'public' },
    });
    assert.equal(answer.statusCode, 201, answer.body);
    const answered = await readTicket(harness, setup, ticket.id);
    const fulfilled = timerOf(answered, 'first_response');
    assert.equal(fulfilled.state, 'fulfilled');
    assert.equal(fulfilled.fulfilledAt, berlin('2026-12-07T11:30:00').toISOString());
    assert.equal(fulfilled.stage, 'breached');
    assert.equal(answered.slaDueAt, timerOf(answered, 'resolution').dueAt);
    events = (await ticketSla(harness, setup, ticket.id)).events;
    assert.equal(kinds(events, 'first_response').at(-1), 'fulfilled');
    assert.equal(events.filter((e) => e.kind === 'breached' && e.timer === 'first_response').length, 1);
  });

  it('a customer message after the first answer starts a next-response cycle; resolution stops when solved and resumes on reopening', async () => {
    clock.set(berlin('2026-12-08T09:00:00'));
    const setup = await officeHoursOrganization(harness);
    await createPolicy(harness.app, setup.org, {
      name: 'Standard',
      targets: [
        { priorityId: null, firstResponseMinutes: 60, nextResponseMinutes: 30, resolutionMinutes: 240 },
      ],
    });
    const ticket = await openTicket(harness, setup);
    assert.deepEqual(
      ticket.slaTimers.map((timer) => timer.timer),
      ['first_response', 'resolution'],
      'no next response before the first answer',
    );
    clock.set(berlin('2026-12-08T09:20:00'));
    await call(harness.app, 'POST', `/api/v1/tickets/${ticket.id}/comments`, {
      as: setup.as,
      body: { body: 'Which printer?', visibility: 'public' },
    });
    const customer = await signInContact(harness.app, setup.org, 'casey@example.test');
    clock.set(berlin('2026-12-08T10:00:00'));
    const reply = await call(harness.app, 'POST', `/api/v1/portal/tickets/${ticket.id}/comments`, {
      as: customer.session,
      body: { body: 'The one on fire' },
    });
    assert.equal(reply.statusCode, 201, reply.body);
    const asked = await readTicket(harness, setup, ticket.id);
    const next = timerOf(asked, 'next_response');
    assert.equal(next.cycle, 1);
    assert.equal(next.startedAt, berlin('2026-12-08T10:00:00').toISOString());
    assert.equal(next.dueAt, berlin('2026-12-08T10:30:00').toISOString());

    // Solved at 11:00 after an hour of work: resolution stops with 120 of 240 minutes used.
    clock.set(berlin('2026-12-08T10:10:00'));
    await call(harness.app, 'POST', `/api/v1/tickets/${ticket.id}/comments`, {
      as: setup.as,
      body: { body: 'Replaced it', visibility: 'public' },
    });
    clock.set(berlin('2026-12-08T11:00:00'));
    await setStatus(harness, setup, ticket.id, 'Resolved');
    const solved = await readTicket(harness, setup, ticket.id);
    assert.equal(timerOf(solved, 'resolution').state, 'fulfilled');
    assert.equal(timerOf(solved, 'resolution').remainingMinutes, 120);
    assert.equal(timerOf(solved, 'next_response').state, 'fulfilled');
    assert.equal(solved.slaDueAt, null, 'nothing runs');

    // Reopened a day later at 11:00: the 120 minutes left run from there.
    clock.set(berlin('2026-12-09T11:00:00'));
    await setStatus(harness, setup, ticket.id, 'Open');
    const reopened = timerOf(await readTicket(harness, setup, ticket.id), 'resolution');
    assert.equal(reopened.state, 'running');
    assert.equal(reopened.dueAt, berlin('2026-12-09T13:00:00').toISOString());
    const events = (await ticketSla(harness, setup, ticket.id)).events;
    assert.deepEqual(kinds(events, 'resolution'), ['applied', 'fulfilled', 'resumed']);
    assert.deepEqual(kinds(events, 'next_response'), ['applied', 'fulfilled']);
  });

  it('changing the calendar or the policy recomputes open tickets; a ticket no policy matches has no timers', async () => {
    clock.set(berlin('2026-12-10T16:00:00'));
    const setup = await officeHoursOrganization(harness);
    const policy = await createPolicy(harness.app, setup.org, {
      name: 'Tagged',
      conditions: { tags: ['vip'] },
      targets: [{ priorityId: null, firstResponseMinutes: 120 }],
    });
    const plain = await openTicket(harness, setup, 'No SLA');
    assert.deepEqual(plain.slaTimers, []);
    assert.equal(plain.slaDueAt, null);
    const created = await call(harness.app, 'POST', '/api/v1/tickets', {
      as: setup.as,
      body: { subject: 'VIP', tags: ['vip'], requester: { email: 'vip@example.test' } },
    });
    const vip = created.json<Ticket>();
    assert.equal(timerOf(vip, 'first_response').dueAt, berlin('2026-12-11T10:00:00').toISOString());

    // Opening at 8:00 instead of 9:00 brings Friday's due time an hour earlier.
    const earlier = { ...OFFICE_HOURS, hours: { ...OFFICE_HOURS.hours, fri: [['08:00', '17:00']] } };
    const saved = await call(harness.app, 'PATCH', `/api/v1/calendars/${setup.calendarId}`, {
      as: setup.as,
      body: { spec: earlier },
    });
    assert.equal(saved.statusCode, 200, saved.body);
    await waitFor(async () => {
      const due = timerOf(await readTicket(harness, setup, vip.id), 'first_response').dueAt;
      return due === berlin('2026-12-11T09:00:00').toISOString();
    }, 'recomputed after the calendar change');

    // A target of 60 minutes instead: used up at Thursday's closing time.
    const changed = await call(harness.app, 'PATCH', `/api/v1/sla-policies/${policy.id}`, {
      as: setup.as,
      body: { targets: [{ priorityId: null, firstResponseMinutes: 60 }] },
    });
    assert.equal(changed.statusCode, 200, changed.body);
    await waitFor(async () => {
      const due = timerOf(await readTicket(harness, setup, vip.id), 'first_response').dueAt;
      return due === berlin('2026-12-10T17:00:00').toISOString();
    }, 'recomputed after the policy change');
    const applied = (await ticketSla(harness, setup, vip.id)).events.filter((e) => e.kind === 'applied');
    assert.deepEqual(
      applied.map((e) => e.details.targetMinutes),
      [120, 60],
    );
  });

  it("a requester's new company brings their open tickets under the company's policy", async () => {
    clock.set(berlin('2026-12-14T10:00:00'));
    const setup = await officeHoursOrganization(harness);
    await createPolicy(harness.app, setup.org, {
      name: 'ACME',
      conditions: { companies: ['ACME'] },
      targets: [{ priorityId: null, firstResponseMinutes: 30 }],
    });
    const ticket = await openTicket(harness, setup);
    assert.deepEqual(ticket.slaTimers, []);
    const updated = await call(harness.app, 'PATCH', `/api/v1/contacts/${ticket.requesterId}`, {
      as: setup.as,
      body: { company: 'Acme ' },
    });
    assert.equal(updated.statusCode, 200, updated.body);
    const covered = await readTicket(harness, setup, ticket.id);
    assert.equal(timerOf(covered, 'first_response').dueAt, berlin('2026-12-14T10:30:00').toISOString());
  });

  it('the queue sorts by next due time, most overdue first, tickets without a running timer last', async () => {
    clock.set(berlin('2026-12-14T09:00:00'));
    const setup = await officeHoursOrganization(harness);
    const priorities = (await call(harness.app, 'GET', '/api/v1/ticket-priorities', { as: setup.as })).json<{
      items: { id: string; name: string }[];
    }>().items;
    const urgent = priorities.find((p) => p.name === 'Urgent')?.id;
    await createPolicy(harness.app, setup.org, {
      name: 'By priority',
      targets: [
        { priorityId: urgent, firstResponseMinutes: 30 },
        { priorityId: null, firstResponseMinutes: 240 },
      ],
    });
    const slow = await openTicket(harness, setup, 'Normal');
    const fast = (
      await call(harness.app, 'POST', '/api/v1/tickets', {
        as: setup.as,
        body: { subject: 'Urgent', priorityId: urgent, requester: { email: 'u@example.test' } },
      })
    ).json<Ticket>();
    const done = await openTicket(harness, setup, 'Done');
    await setStatus(harness, setup, done.id, 'Resolved');
    const page = await call(harness.app, 'GET', '/api/v1/tickets', {
      as: setup.as,
      query: { sort: 'sla', order: 'asc', limit: '2' },
    });
    assert.equal(page.statusCode, 200, page.body);
    const first = page.json<{ items: Ticket[]; nextCursor: string }>();
    assert.deepEqual(
      first.items.map((t) => t.id),
      [fast.id, slow.id],
    );
    const rest = await call(harness.app, 'GET', '/api/v1/tickets', {
      as: setup.as,
      query: { sort: 'sla', order: 'asc', limit: '2', cursor: first.nextCursor },
    });
    assert.deepEqual(
      rest.json<{ items: Ticket[] }>().items.map((t) => t.id),
      [done.id],
    );
  });

  it('the running scheduler wakes by itself when a timer comes due, within a second', async () => {
    const start = berlin('2026-12-14T12:00:00');
    clock.set(start);
    const setup = await officeHoursOrganization(harness);
    await createPolicy(harness.app, setup.org, {
      name: 'Fast',
      hours: 'calendar',
      targets: [{ priorityId: null, firstResponseMinutes: 1 }],
    });
    const ticket = await openTicket(harness, setup);
    const due = new Date(start.getTime() + 60_000);
    assert.equal(timerOf(ticket, 'first_response').dueAt, due.toISOString());
    clock.flow(new Date(due.getTime() - 1000));
    const deadline = Date.now() + 5000;
    let events: SlaEvent[] = [];
    while (Date.now() < deadline && !events.some((event) => event.kind === 'breached')) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      events = (await ticketSla(harness, setup, ticket.id)).events;
    }
    assert.deepEqual(kinds(events, 'first_response'), ['applied', 'at_risk', 'breached']);
    const announced = events.find((event) => event.kind === 'breached');
    assert.equal(announced?.occurredAt, due.toISOString());
    const lateBy = new Date(announced?.recordedAt ?? 0).getTime() - due.getTime();
    assert.ok(lateBy >= 0 && lateBy < 1500, `announced ${lateBy} ms after the due instant`);
  });

  it("a timer due while the server was down fires once when a server starts again; another organization's SLA is out of reach", async () => {
    clock.set(berlin('2026-12-15T09:00:00'));
    const setup = await officeHoursOrganization(harness);
    await createPolicy(harness.app, setup.org, {
      name: 'Standard',
      targets: [{ priorityId: null, firstResponseMinutes: 60 }],
    });
    const ticket = await openTicket(harness, setup);
    await harness.app.slaScheduler?.stop();
    clock.set(berlin('2026-12-15T12:00:00'));
    const restarted = await buildApp({ config: harness.config, db: harness.db });
    try {
      await restarted.slaScheduler?.runDue();
      await restarted.slaScheduler?.runDue();
      const events = (await ticketSla(harness, setup, ticket.id)).events;
      assert.deepEqual(kinds(events, 'first_response'), ['applied', 'at_risk', 'breached']);
      assert.equal(events.at(-1)?.occurredAt, berlin('2026-12-15T10:00:00').toISOString());

      const other = await signUpOrganization(harness.app, 'Other Org');
      const foreign = await call(harness.app, 'GET', `/api/v1/tickets/${ticket.id}/sla`, {
        as: other.owner.session,
      });
      assert.equal(foreign.statusCode, 404);
      const theirEvents = await call(harness.app, 'GET', '/api/v1/sla/events', {
        as: other.owner.session,
        query: { ticketId: ticket.id },
      });
      assert.deepEqual(theirEvents.json().items, []);
      const ours = await call(harness.app, 'GET', '/api/v1/sla/events', {
        as: setup.as,
        query: { kind: 'breached', ticketId: ticket.id },
      });
      assert.equal(ours.json<{ items: SlaEvent[] }>().items.length, 1);
    } finally {
      await restarted.close();
    }
  });
});

async function waitFor(check: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  assert.fail(`timed out waiting: ${what}`);
}
