import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { withTenant } from '../../db/tenant.ts';
import {
  addAgent,
  type Credentials,
  call,
  createTestApp,
  errorOf,
  signUpOrganization,
  type TestApp,
  type TestOrganization,
  uniqueEmail,
} from '../../test/test-app.ts';
import { addSupportAddress } from '../email/email-test-helpers.ts';
import { ACKNOWLEDGEMENTS_PER_HOUR } from '../email/enqueue-email.ts';
import { type SmtpSink, startSmtpSink } from '../email/outbound-test-helpers.ts';
import {
  AUTOMATIONS,
  createRule,
  createTeam,
  openTicket,
  readTicket,
  runsOf,
  settled,
} from './automation-test-helpers.ts';

type Agent = Awaited<ReturnType<typeof addAgent>>;

describe('automation actions that assign by strategy and send email', () => {
  let harness: TestApp;
  let sink: SmtpSink;
  let org: TestOrganization;
  let as: Credentials;

  before(async () => {
    sink = await startSmtpSink();
    harness = await createTestApp({ SMTP_RELAY_URL: sink.url });
  });
  after(async () => {
    await harness?.close();
    await sink?.close();
  });

  // Each test has an organization of its own, so one test's rules never see another's tickets.
  const freshOrganization = async () => {
    org = await signUpOrganization(harness.app, 'Acme Support');
    as = org.owner.session;
    await addSupportAddress(harness.app, org);
  };
  const deactivate = async (agent: Agent) => {
    const response = await call(harness.app, 'PATCH', `/api/v1/agents/${agent.id}`, {
      as,
      body: { isActive: false },
    });
    assert.equal(response.statusCode, 200, response.body);
  };
  const teamOf = async (name: string, memberIds: string[], managerId: string | null = null) => {
    const response = await call(harness.app, 'POST', '/api/v1/teams', {
      as,
      body: { name, memberIds, managerId },
    });
    assert.equal(response.statusCode, 201, response.body);
    return response.json<{ id: string }>().id;
  };
  const assigneeOfNewTicket = async () => {
    const ticket = await openTicket(harness, as);
    await settled(harness, org, ticket.id);
    return (await readTicket(harness, as, ticket.id)).assigneeId;
  };

  test("round-robin takes turns among the team's active agents; least-open picks the least loaded", async () => {
    await freshOrganization();
    const agents = [await addAgent(harness.app, org), await addAgent(harness.app, org)];
    const leaver = await addAgent(harness.app, org);
    const teamId = await teamOf('Tier 1', [...agents.map((agent) => agent.id), leaver.id]);
    await deactivate(leaver);
    const [first, second] = agents.map((agent) => agent.id).sort();
    // No teamId: the ticket's team, as the action before it left it.
    const rule = await createRule(harness, as, {
      trigger: { type: 'ticket.created' },
      actions: [
        { type: 'set_team', teamId },
        { type: 'assign_by_strategy', strategy: 'round_robin' },
      ],
    });
    assert.deepEqual(
      [await assigneeOfNewTicket(), await assigneeOfNewTicket(), await assigneeOfNewTicket()],
      [first, second, first],
    );
    const [run] = await runsOf(harness, as, rule.id);
    assert.equal(run?.outcome, 'applied');
    assert.ok(run?.changes.some((change) => change.field === 'assigneeId' && change.to === first));

    // Now the first agent has two open tickets and the second one: least-open picks the second, then
    // (two each) the first by id.
    const changed = await call(harness.app, 'PATCH', `${AUTOMATIONS}/${rule.id}`, {
      as,
      body: { actions: [{ type: 'assign_by_strategy', teamId, strategy: 'least_open' }] },
    });
    assert.equal(changed.statusCode, 200, changed.body);
    assert.equal(await assigneeOfNewTicket(), second);
    assert.equal(await assigneeOfNewTicket(), first);
  });

  test('email_requester: templated, marked auto-replied, threaded, limited with acknowledgements', async () => {
    await freshOrganization();
    const customer = uniqueEmail('grace');
    const rule = await createRule(harness, as, {
      trigger: { type: 'ticket.created' },
      actions: [
        {
          type: 'email_requester',
          subject: 'About {{ticket.subject}}',
          body: 'Hello {{requester.first_name}}, we are on ticket {{ticket.number}} for {{organization.name}}.',
        },
      ],
    });
    const ticket = await openTicket(harness, as, { requester: { email: customer, name: 'Grace Hopper' } });
    const mail = await sink.waitFor((message) => message.envelope.to.includes(customer));
    assert.equal(mail.email.headers['auto-submitted'], 'auto-replied');
    assert.equal(mail.email.subject, `[#${ticket.number}] About Printer on fire`);
    assert.match(
      mail.email.text,
      new RegExp(`Hello Grace, we are on ticket ${ticket.number} for Acme Support\\.`),
    );

    // An agent's reply threads after the automatic message, as after any other mail of the ticket.
    const replied = await call(harness.app, 'POST', `/api/v1/tickets/${ticket.id}/comments`, {
      as,
      body: { body: 'A person now', visibility: 'public' },
    });
    assert.equal(replied.statusCode, 201, replied.body);
    const reply = await sink.waitFor((message) => message.email.text.includes('A person now'));
    assert.ok(mail.email.messageId && reply.email.references.includes(mail.email.messageId));

    // The same requester's next tickets: at most ACKNOWLEDGEMENTS_PER_HOUR automatic messages an hour.
    for (let index = 0; index < ACKNOWLEDGEMENTS_PER_HOUR; index++) {
      const next = await openTicket(harness, as, { requester: { email: customer } });
      await settled(harness, org, next.id);
    }
    const [held, sent] = await runsOf(harness, as, rule.id);
    assert.deepEqual(held?.changes, [
      { field: 'email', from: null, to: { recipients: [], subject: 'About {{ticket.subject}}' } },
    ]);
    assert.deepEqual(sent?.changes, [
      { field: 'email', from: null, to: { recipients: [customer], subject: 'About {{ticket.subject}}' } },
    ]);
    const [count] = await withTenant(harness.db, org.organizationId, (tx) =>
      tx.query<{ count: number }>(
        `select count(*)::int as count from email_deliveries where organization_id = $1 and kind = 'automatic'`,
        [org.organizationId],
      ),
    );
    assert.equal(count?.count, ACKNOWLEDGEMENTS_PER_HOUR);
  });

  test('email_agents reaches the assignee, the team, its manager or one agent; never an inactive agent', async () => {
    await freshOrganization();
    const member = await addAgent(harness.app, org);
    const leaver = await addAgent(harness.app, org);
    const manager = await addAgent(harness.app, org);
    const teamId = await teamOf('Escalations', [member.id, leaver.id], manager.id);
    const email = (to: unknown, label: string) => ({
      type: 'email_agents',
      to,
      subject: `${label}: {{ticket.subject}}`,
      body: 'Hi {{agent.first_name}}, see {{ticket.url}}',
    });
    const rule = await createRule(harness, as, {
      trigger: { type: 'ticket.created' },
      actions: [
        { type: 'set_team', teamId },
        { type: 'set_assignee', assigneeId: member.id },
        email('team', 'Team'),
        email('team_manager', 'Manager'),
        email({ agentId: leaver.id }, 'Leaver'),
        email('assignee', 'Assignee'),
      ],
    });
    // Saved while the agent was active: the rule still names them, and they are skipped.
    await deactivate(leaver);
    const ticket = await openTicket(harness, as);
    await settled(harness, org, ticket.id);
    const [run] = await runsOf(harness, as, rule.id);
    const mailed = run?.changes
      .filter((change) => change.field === 'email')
      .map((change) => change.to as { recipients: string[]; subject: string });
    assert.deepEqual(
      mailed?.map((entry) => entry.recipients),
      [[member.email], [manager.email], [], [member.email]],
    );

    const toManager = await sink.waitFor(
      (message) => message.envelope.to.includes(manager.email) && message.email.subject.includes('Manager:'),
    );
    assert.equal(toManager.email.headers['auto-submitted'], 'auto-generated');
    assert.equal(toManager.email.subject, `[#${ticket.number}] Manager: Printer on fire`);
    assert.match(toManager.email.text, new RegExp(`Hi agent, see http\\S+/tickets/${ticket.id}`));
    await sink.waitFor(
      (message) => message.envelope.to.includes(member.email) && message.email.subject.includes('Assignee:'),
    );
    // (The leaver's invitation came through the sink too: only the ticket's mail counts.)
    assert.ok(
      !sink.messages.some(
        (message) =>
          message.envelope.to.includes(leaver.email) && message.email.subject.includes('Printer on fire'),
      ),
    );
  });

  test('ids of another organization, unknown placeholders and plain http are refused at save time', async () => {
    await freshOrganization();
    const other = await signUpOrganization(harness.app, 'Other Org');
    const otherTeam = await createTeam(harness, other.owner.session, 'Theirs');
    const refusedAt = async (action: Record<string, unknown>, field: string) => {
      const response = await call(harness.app, 'POST', AUTOMATIONS, {
        as,
        body: { name: 'Reach out', trigger: { type: 'ticket.created' }, actions: [action] },
      });
      assert.equal(response.statusCode, 422, response.body);
      assert.equal(errorOf(response).details.field, field);
    };
    const text = { subject: 'Hello', body: 'Hello' };
    await refusedAt(
      { type: 'assign_by_strategy', teamId: otherTeam, strategy: 'least_open' },
      'actions.0.teamId',
    );
    await refusedAt(
      { type: 'email_agents', to: { agentId: other.owner.id }, ...text },
      'actions.0.to.agentId',
    );
    await refusedAt(
      { type: 'email_agents', to: 'team', subject: 'Hi', body: '{{ticket.nope}}' },
      'actions.0.body',
    );
    await refusedAt(
      { type: 'email_requester', subject: 'From {{agent.name}}', body: 'Hi' },
      'actions.0.subject',
    );
    await refusedAt({ type: 'webhook', url: 'http://127.0.0.1:9/hook' }, 'actions.0.url');
    await refusedAt({ type: 'webhook', url: 'https://user:pass@hooks.example.test/' }, 'actions.0.url');
    await createRule(harness, as, {
      trigger: { type: 'ticket.created' },
      actions: [
        { type: 'webhook', url: 'https://hooks.example.test/actionconnect', secret: 'a-secret-of-16-chars' },
      ],
    });
  });
});
