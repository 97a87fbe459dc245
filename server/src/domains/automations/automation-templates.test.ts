import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  addAgent,
  call,
  createTestApp,
  errorOf,
  signUpOrganization,
  type TestApp,
} from '../../test/test-app.ts';
import { addSupportAddress } from '../email/email-test-helpers.ts';
import { type SmtpSink, startSmtpSink } from '../email/outbound-test-helpers.ts';
import { createPolicy } from '../sla/sla-test-helpers.ts';
import { namesOf, openTicket, readTicket, settled } from './automation-test-helpers.ts';
import type { AutomationRule } from './automations.schemas.ts';

const TEMPLATES = '/api/v1/automation-templates';
const T0 = new Date('2026-12-07T10:00:00Z');

describe('the seed automation templates, enabled in one click', () => {
  let now = T0;
  let harness: TestApp;
  let sink: SmtpSink;

  before(async () => {
    sink = await startSmtpSink();
    harness = await createTestApp({ SMTP_RELAY_URL: sink.url }, { clock: () => now });
  });
  after(async () => {
    await harness?.close();
    await sink?.close();
  });

  test('route by keyword, assign the least busy, escalate on Urgent, warn the manager of SLA risk', async () => {
    const org = await signUpOrganization(harness.app, 'Acme Support');
    const as = org.owner.session;
    await addSupportAddress(harness.app, org);
    const names = await namesOf(harness, as);
    const enable = (key: string) => call(harness.app, 'POST', `${TEMPLATES}/${key}/enable`, { as });

    const listed = await call(harness.app, 'GET', TEMPLATES, { as });
    assert.equal(listed.statusCode, 200, listed.body);
    const keys = listed
      .json<{ items: { key: string; needs: { teams: string[] } }[] }>()
      .items.map((item) => item.key);
    assert.deepEqual(keys, [
      'route_billing_by_keyword',
      'assign_billing_least_busy',
      'escalate_urgent',
      'sla_at_risk_manager',
    ]);

    const withoutTeam = await enable('route_billing_by_keyword');
    assert.equal(withoutTeam.statusCode, 422, withoutTeam.body);
    assert.equal(errorOf(withoutTeam).details.missing, 'Billing');
    assert.match(errorOf(withoutTeam).message, /Create a team named "Billing"/);
    assert.equal((await enable('no_such_template')).statusCode, 404);
    const agent = await addAgent(harness.app, org);
    assert.equal(
      (await call(harness.app, 'POST', `${TEMPLATES}/escalate_urgent/enable`, { as: agent.session }))
        .statusCode,
      403,
    );

    const busy = await addAgent(harness.app, org);
    const idle = await addAgent(harness.app, org);
    const manager = await addAgent(harness.app, org);
    const team = await call(harness.app, 'POST', '/api/v1/teams', {
      as,
      body: { name: 'billing', memberIds: [busy.id, idle.id], managerId: manager.id },
    });
    assert.equal(team.statusCode, 201, team.body);
    const billingId = team.json<{ id: string }>().id;
    await openTicket(harness, as, { subject: 'Already on my plate', assigneeId: busy.id });

    const ruleIds = new Map<string, string>();
    for (const key of keys) {
      const enabled = await enable(key);
      assert.equal(enabled.statusCode, 201, enabled.body);
      const rule = enabled.json<AutomationRule>();
      assert.equal(rule.enabled, true);
      assert.equal(rule.templateKey, key);
      ruleIds.set(key, rule.id);
    }
    // A template is enabled once: again is a 409 naming its rule, and the list shows which rule it is.
    const twice = await enable('escalate_urgent');
    assert.equal(twice.statusCode, 409, twice.body);
    assert.equal(errorOf(twice).details.ruleId, ruleIds.get('escalate_urgent'));
    const relisted = (await call(harness.app, 'GET', TEMPLATES, { as })).json<{
      items: { key: string; ruleId: string | null }[];
    }>();
    assert.deepEqual(
      relisted.items.map((item) => item.ruleId),
      keys.map((key) => ruleIds.get(key)),
    );
    await createPolicy(harness.app, org, {
      name: 'One hour',
      hours: 'calendar',
      targets: [{ priorityId: null, firstResponseMinutes: 60 }],
    });

    // 1 and 2: the keyword routes the ticket to Billing, and the move assigns the least busy agent.
    const ticket = await openTicket(harness, as, {
      subject: 'Where is my refund?',
      comment: { body: 'The invoice was paid twice.', visibility: 'public' },
    });
    await settled(harness, org, ticket.id);
    let current = await readTicket(harness, as, ticket.id);
    assert.equal(current.teamId, billingId);
    assert.equal(current.assigneeId, idle.id);

    // 3: Urgent tags the ticket and emails the team lead.
    const urgent = await call(harness.app, 'PATCH', `/api/v1/tickets/${ticket.id}`, {
      as,
      body: { priorityId: names.priorities.Urgent, version: current.version },
    });
    assert.equal(urgent.statusCode, 200, urgent.body);
    await settled(harness, org, ticket.id);
    current = await readTicket(harness, as, ticket.id);
    assert.deepEqual(current.tags, ['escalated']);
    const escalation = await sink.waitFor(
      (message) => message.envelope.to.includes(manager.email) && message.email.subject.includes('Escalated'),
    );
    assert.equal(escalation.email.subject, `[#${ticket.number}] Escalated: Where is my refund?`);
    assert.equal(escalation.email.headers['auto-submitted'], 'auto-generated');
    assert.match(escalation.email.text, /This ticket was set to Urgent/);

    // 4: the SLA clock reaches "at risk": the team's manager is told by email.
    const scheduler = harness.app.slaScheduler;
    assert.ok(scheduler);
    now = new Date(T0.getTime() + 46 * 60_000);
    await scheduler.runDue();
    await settled(harness, org, ticket.id);
    const warning = await sink.waitFor(
      (message) =>
        message.envelope.to.includes(manager.email) && message.email.subject.includes('SLA at risk'),
    );
    assert.match(warning.email.text, /A service level target of this ticket is at risk/);
    // The rules' emails go to the manager alone; the assignee hears of the risk through their own
    // notification (in-app, and by email as their preference says), not through the rule.
    const toMembers = sink.messages.filter(
      (message) =>
        /This ticket was set to Urgent|A service level target of this ticket is at risk/.test(
          message.email.text,
        ) && message.envelope.to.some((address) => address === busy.email || address === idle.email),
    );
    assert.deepEqual(toMembers, [], 'only the manager is told by the rules');

    // 2 again: a ticket opened straight into Billing counts as moved there, and is assigned.
    const direct = await openTicket(harness, as, { subject: 'Question for Billing', teamId: billingId });
    await settled(harness, org, direct.id);
    const assignee = (await readTicket(harness, as, direct.id)).assigneeId;
    assert.ok(assignee === busy.id || assignee === idle.id, `assigned to a Billing agent, not ${assignee}`);

    // Deleting a template's rule lets the template be enabled again.
    const removed = await call(
      harness.app,
      'DELETE',
      `/api/v1/automations/${ruleIds.get('escalate_urgent')}`,
      {
        as,
      },
    );
    assert.equal(removed.statusCode, 204, removed.body);
    assert.equal((await enable('escalate_urgent')).statusCode, 201);
  });
});
