import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { withTenant } from '../../db/tenant.ts';
import {
  type Credentials,
  call,
  createTestApp,
  signUpOrganization,
  type TestApp,
  type TestOrganization,
} from '../../test/test-app.ts';
import { outboundQueueOf } from '../email/email-jobs.ts';
import { webhookQueueOf } from './automation-jobs.ts';
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
import { MAX_CHAIN_DEPTH, runAutomations } from './run-automations.ts';

describe('automation runs: the loop guard, at most once per event, atomic runs', () => {
  let harness: TestApp;
  // Each test has an organization of its own, so one test's rules never see another's tickets.
  let org: TestOrganization;
  let as: Credentials;
  let names: Names;

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

  test('loop guard: two rules flipping the priority stop at the depth bound, in a defined state', async () => {
    await freshOrganization();
    const toLow = await createRule(harness, as, {
      name: 'High becomes Low',
      trigger: { type: 'ticket.updated', field: 'priorityId', to: names.priorities.High },
      actions: [{ type: 'set_priority', priorityId: names.priorities.Low }],
    });
    const toHigh = await createRule(harness, as, {
      name: 'Low becomes High',
      trigger: { type: 'ticket.updated', field: 'priorityId', to: names.priorities.Low },
      actions: [{ type: 'set_priority', priorityId: names.priorities.High }],
    });
    const ticket = await openTicket(harness, as);
    await patch(ticket.id, { priorityId: names.priorities.High });
    await settled(harness, org, ticket.id);

    // The person's change is depth 0; runs at depths 0..4 apply (5 changes), the run at depth 5 stops.
    const lowRuns = await runsOf(harness, as, toLow.id);
    const highRuns = await runsOf(harness, as, toHigh.id);
    const all = [...lowRuns, ...highRuns].sort((a, b) => a.depth - b.depth);
    assert.deepEqual(
      all.map((run) => [run.depth, run.outcome]),
      [
        [0, 'applied'],
        [1, 'applied'],
        [2, 'applied'],
        [3, 'applied'],
        [4, 'applied'],
        [MAX_CHAIN_DEPTH, 'loop_stopped'],
      ],
    );
    const stopped = all.at(-1);
    assert.equal(stopped?.ruleId, toHigh.id, 'the sixth change would have been Low → High');
    assert.deepEqual(stopped?.changes, []);
    // The last applied run (High becomes Low, at depth 4) left the ticket Low.
    assert.equal((await readTicket(harness, as, ticket.id)).priorityId, names.priorities.Low);
  });

  test('at most once per event: the job run again, even from the start of the history, fires nothing twice', async () => {
    await freshOrganization();
    const rule = await createRule(harness, as, {
      trigger: { type: 'ticket.created' },
      actions: [{ type: 'add_internal_note', body: 'Welcome note' }],
    });
    const ticket = await openTicket(harness, as);
    await settled(harness, org, ticket.id);
    const deps = {
      db: harness.db,
      outbound: outboundQueueOf(harness.app),
      webhooks: webhookQueueOf(harness.app),
      logger: harness.app.log,
    };
    const job = { organizationId: org.organizationId, ticketId: ticket.id };
    await runAutomations(deps, job);
    // As if the job had died before its cursor moved: it reads the whole history again.
    await withTenant(harness.db, org.organizationId, (tx) =>
      tx.query('delete from automation_cursors where organization_id = $1 and ticket_id = $2', [
        org.organizationId,
        ticket.id,
      ]),
    );
    await runAutomations(deps, job);
    await settled(harness, org, ticket.id);
    const comments = (await call(harness.app, 'GET', `/api/v1/tickets/${ticket.id}/comments`, { as })).json<{
      items: { bodyText: string }[];
    }>().items;
    assert.deepEqual(
      comments.map((comment) => comment.bodyText),
      ['Welcome note'],
    );
    assert.equal((await runsOf(harness, as, rule.id)).length, 1);
  });

  test('without an enabled rule no job is queued; a rule saved later acts only on what follows', async () => {
    await freshOrganization();
    const queuedFor = async (ticketId: string) =>
      (
        await harness.db.query<{ count: number }>(
          "select count(*)::int as count from pgboss.job where name = 'automations.run' and data->>'ticketId' = $1",
          [ticketId],
        )
      )[0]?.count;
    const before = await openTicket(harness, as, { subject: 'Opened before any rule' });
    await patch(before.id, { priorityId: names.priorities.High });
    assert.equal(await queuedFor(before.id), 0, 'nothing to run, nothing queued');
    await settled(harness, org, before.id);

    await createRule(harness, as, {
      trigger: { type: 'ticket.created' },
      actions: [{ type: 'add_internal_note', body: 'Welcome note' }],
    });
    await patch(before.id, { priorityId: names.priorities.Low });
    assert.equal(await queuedFor(before.id), 1);
    const after = await openTicket(harness, as, { subject: 'Opened after the rule' });
    await settled(harness, org, before.id);
    await settled(harness, org, after.id);
    const notesOf = async (ticketId: string) =>
      (await call(harness.app, 'GET', `/api/v1/tickets/${ticketId}/comments`, { as }))
        .json<{ items: { bodyText: string }[] }>()
        .items.map((comment) => comment.bodyText);
    assert.deepEqual(await notesOf(before.id), [], 'its opening is not replayed for the new rule');
    assert.deepEqual(await notesOf(after.id), ['Welcome note']);
  });

  test('a rule whose action is refused at run time fails alone; the rules after it still run', async () => {
    await freshOrganization();
    const team = await createTeam(harness, as, 'Short-lived');
    const failing = await createRule(harness, as, {
      trigger: { type: 'ticket.created' },
      actions: [
        { type: 'add_tags', tags: ['half-done'] },
        { type: 'set_team', teamId: team },
      ],
    });
    const next = await createRule(harness, as, {
      trigger: { type: 'ticket.created' },
      actions: [{ type: 'add_tags', tags: ['next'] }],
    });
    const removed = await call(harness.app, 'DELETE', `/api/v1/teams/${team}`, { as });
    assert.equal(removed.statusCode, 204, removed.body);
    const ticket = await openTicket(harness, as);
    await settled(harness, org, ticket.id);
    assert.deepEqual(
      (await readTicket(harness, as, ticket.id)).tags,
      ['next'],
      'the failed run changed nothing',
    );
    const [failed] = await runsOf(harness, as, failing.id);
    assert.equal(failed?.outcome, 'failed');
    assert.match(failed?.error ?? '', /teamId/);
    assert.equal((await runsOf(harness, as, next.id))[0]?.outcome, 'applied');
  });
});
