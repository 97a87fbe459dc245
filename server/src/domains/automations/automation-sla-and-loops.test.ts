import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import pino from 'pino';
import { call, createTestApp, signUpOrganization, type TestApp } from '../../test/test-app.ts';
import { outboundQueueOf } from '../email/email-jobs.ts';
import { createPolicy } from '../sla/sla-test-helpers.ts';
import { webhookQueueOf } from './automation-jobs.ts';
import { createRule, namesOf, openTicket, readTicket, runsOf, settled } from './automation-test-helpers.ts';
import { MAX_CHAIN_DEPTH, runAutomations } from './run-automations.ts';

const T0 = new Date('2026-12-07T10:00:00Z');
const minutesAfter = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

describe('SLA stages trigger rules when the scheduler announces them', () => {
  let now = T0;
  let harness: TestApp;

  before(async () => {
    harness = await createTestApp({}, { clock: () => now });
  });
  after(() => harness.close());

  test('at risk tags the ticket; a first-response breach makes it urgent; other timers do not fire', async () => {
    const org = await signUpOrganization(harness.app);
    const as = org.owner.session;
    const names = await namesOf(harness, as);
    await createPolicy(harness.app, org, {
      name: 'One hour',
      hours: 'calendar',
      targets: [{ priorityId: null, firstResponseMinutes: 60 }],
    });
    const atRisk = await createRule(harness, as, {
      trigger: { type: 'sla.at_risk' },
      actions: [{ type: 'add_tags', tags: ['at-risk'] }],
    });
    const breached = await createRule(harness, as, {
      trigger: { type: 'sla.breached', timers: ['first_response'] },
      actions: [{ type: 'set_priority', priorityId: names.priorities.Urgent }],
    });
    const resolutionLate = await createRule(harness, as, {
      trigger: { type: 'sla.breached', timers: ['resolution'] },
      actions: [{ type: 'add_tags', tags: ['resolution-late'] }],
    });
    const ticket = await openTicket(harness, as, { comment: { body: 'Help', visibility: 'public' } });
    await settled(harness, org, ticket.id);
    const scheduler = harness.app.slaScheduler;
    assert.ok(scheduler);

    now = minutesAfter(46);
    await scheduler.runDue();
    await settled(harness, org, ticket.id);
    let current = await readTicket(harness, as, ticket.id);
    assert.deepEqual(current.tags, ['at-risk']);
    assert.equal(current.priorityId, names.priorities.Normal);

    now = minutesAfter(61);
    await scheduler.runDue();
    await settled(harness, org, ticket.id);
    current = await readTicket(harness, as, ticket.id);
    assert.equal(current.priorityId, names.priorities.Urgent);
    assert.deepEqual(current.tags, ['at-risk']);

    const [run] = await runsOf(harness, as, breached.id);
    assert.equal(run?.event.type, 'sla.breached');
    assert.equal(run?.outcome, 'applied');
    assert.equal((await runsOf(harness, as, atRisk.id)).length, 1);
    assert.deepEqual(await runsOf(harness, as, resolutionLate.id), []);
  });
});

describe('the loop guard logs a warning when a chain reaches its bound', () => {
  let harness: TestApp;

  // No workers: the test runs the job itself, with a logger it reads.
  before(async () => {
    harness = await createTestApp({ JOB_WORKERS: 'false' });
  });
  after(() => harness.close());

  test('a warning names the rule, the ticket and the depth; running the job again adds nothing', async () => {
    const org = await signUpOrganization(harness.app);
    const as = org.owner.session;
    const names = await namesOf(harness, as);
    await createRule(harness, as, {
      trigger: { type: 'ticket.updated', field: 'priorityId', to: names.priorities.High },
      actions: [{ type: 'set_priority', priorityId: names.priorities.Low }],
    });
    const toHigh = await createRule(harness, as, {
      trigger: { type: 'ticket.updated', field: 'priorityId', to: names.priorities.Low },
      actions: [{ type: 'set_priority', priorityId: names.priorities.High }],
    });
    const ticket = await openTicket(harness, as);
    const changed = await call(harness.app, 'PATCH', `/api/v1/tickets/${ticket.id}`, {
      as,
      body: { priorityId: names.priorities.High, version: ticket.version },
    });
    assert.equal(changed.statusCode, 200, changed.body);

    const lines: Record<string, unknown>[] = [];
    const sink = new Writable({
      write(chunk, _encoding, done) {
        for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
        done();
      },
    });
    const deps = {
      db: harness.db,
      outbound: outboundQueueOf(harness.app),
      webhooks: webhookQueueOf(harness.app),
      logger: pino({ level: 'info' }, sink),
    };
    const job = { organizationId: org.organizationId, ticketId: ticket.id };
    await runAutomations(deps, job);
    await runAutomations(deps, job);

    const warnings = lines.filter((line) => line.level === 40);
    assert.equal(warnings.length, 1, JSON.stringify(lines));
    assert.equal(warnings[0]?.msg, 'automation chain reached its depth bound; rule not applied');
    assert.equal(warnings[0]?.ticketId, ticket.id);
    assert.equal(warnings[0]?.ruleId, toHigh.id);
    assert.equal(warnings[0]?.depth, MAX_CHAIN_DEPTH);
    const outcomes = (await runsOf(harness, as, toHigh.id)).map((run) => run.outcome);
    assert.deepEqual(outcomes, ['loop_stopped', 'applied', 'applied']);
    assert.equal((await readTicket(harness, as, ticket.id)).priorityId, names.priorities.Low);
  });
});
