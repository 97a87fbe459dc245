import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
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
  openTicket,
  readTicket,
  runsOf,
  settled,
} from '../automations/automation-test-helpers.ts';
import type { Macro } from './macros.schemas.ts';

describe('the automation action apply_macro', () => {
  let harness: TestApp;
  let org: TestOrganization;
  let orgB: TestOrganization;
  let as: Credentials;

  const macro = async (who: Credentials, body: Record<string, unknown>): Promise<Macro> => {
    const response = await call(harness.app, 'POST', '/api/v1/macros', { as: who, body });
    assert.equal(response.statusCode, 201, response.body);
    return response.json<Macro>();
  };
  const saveRule = (macroId: string) =>
    call(harness.app, 'POST', AUTOMATIONS, {
      as,
      body: {
        name: 'Apply',
        trigger: { type: 'ticket.created' },
        actions: [{ type: 'apply_macro', macroId }],
      },
    });

  before(async () => {
    harness = await createTestApp();
    org = await signUpOrganization(harness.app, 'Acme Support');
    orgB = await signUpOrganization(harness.app, 'Other Org');
    as = org.owner.session;
  });
  after(() => harness.close());

  test('a rule applies a shared macro: its changes and notes are the rule run, named after the rule', async () => {
    const team = await createTeam(harness, as, 'Billing');
    const triage = await macro(as, {
      name: 'Triage',
      scope: 'shared',
      actions: [
        { type: 'set_team', teamId: team },
        { type: 'add_tags', tags: ['triaged'] },
        { type: 'add_internal_note', body: 'Triaged by rule' },
      ],
    });
    const rule = await createRule(harness, as, {
      trigger: { type: 'ticket.created' },
      actions: [{ type: 'apply_macro', macroId: triage.id }],
    });
    const ticket = await openTicket(harness, as);
    await settled(harness, org, ticket.id);
    const after = await readTicket(harness, as, ticket.id);
    assert.equal(after.teamId, team);
    assert.deepEqual(after.tags, ['triaged']);
    const [run] = await runsOf(harness, as, rule.id);
    assert.equal(run?.outcome, 'applied');
    assert.deepEqual(
      run?.changes.map((change) => change.field),
      ['teamId', 'tags', 'note'],
    );
    // Deleting the macro later fails the rule's runs, saying why, rather than doing nothing silently.
    assert.equal((await call(harness.app, 'DELETE', `/api/v1/macros/${triage.id}`, { as })).statusCode, 204);
    const next = await openTicket(harness, as);
    await settled(harness, org, next.id);
    const [failed] = await runsOf(harness, as, rule.id);
    assert.equal(failed?.outcome, 'failed');
    assert.match(failed?.error ?? '', /shared macros/);
    await call(harness.app, 'DELETE', `${AUTOMATIONS}/${rule.id}`, { as });
  });

  test('rules may not apply personal macros, macros that reply, or another organization’s', async () => {
    const personal = await macro(as, { name: 'Mine', actions: [{ type: 'add_tags', tags: ['x'] }] });
    const replying = await macro(as, {
      name: 'Replies',
      scope: 'shared',
      actions: [{ type: 'reply', body: 'Hello {{requester.name}}' }],
    });
    const foreign = await macro(orgB.owner.session, {
      name: 'Theirs',
      scope: 'shared',
      actions: [{ type: 'add_tags', tags: ['x'] }],
    });
    for (const id of [personal.id, replying.id, foreign.id]) {
      assertError(await saveRule(id), 422, 'unprocessable', { field: 'actions.0.macroId' });
    }
  });
});
