import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { withTenant } from '../../db/tenant.ts';
import {
  assertError,
  type Credentials,
  call,
  createTestApp,
  signInContact,
  signUpOrganization,
  type TestApp,
  type TestOrganization,
} from '../../test/test-app.ts';
import {
  createTeam,
  type Names,
  namesOf,
  openTicket,
  readTicket,
} from '../automations/automation-test-helpers.ts';
import { addSupportAddress } from '../email/email-test-helpers.ts';
import { type SmtpSink, startSmtpSink } from '../email/outbound-test-helpers.ts';
import type { Comment, Ticket } from '../tickets/tickets.schemas.ts';
import type { AppliedMacro, BulkApplyResult, Macro, MacroPreview } from './macros.schemas.ts';

describe('macros applied to tickets', () => {
  let harness: TestApp;
  let sink: SmtpSink;
  let org: TestOrganization;
  let orgB: TestOrganization;
  let as: Credentials;
  let names: Names;
  let billing: string;
  let refund: Macro;

  const send = (method: string, url: string, body?: unknown) => call(harness.app, method, url, { as, body });
  const preview = (ticketId: string, macroId = refund.id) =>
    send('POST', `/api/v1/tickets/${ticketId}/macros/${macroId}/preview`);
  const apply = (ticketId: string, version: number, macroId = refund.id) =>
    send('POST', `/api/v1/tickets/${ticketId}/macros/${macroId}/apply`, { version });

  const query = <T extends Record<string, unknown>>(sql: string, params: unknown[]) =>
    withTenant(harness.db, org.organizationId, (tx) => tx.query<T>(sql, [org.organizationId, ...params]));
  const historyOf = (ticketId: string) =>
    query<{ action: string; actor_type: string; changes: Record<string, unknown> }>(
      `select action, actor_type, changes from audit_events
        where organization_id = $1 and entity_type = 'ticket' and entity_id = $2 order by id`,
      [ticketId],
    );
  const commentsOf = async (ticketId: string) =>
    (await send('GET', `/api/v1/tickets/${ticketId}/comments`)).json<{ items: Comment[] }>().items;

  before(async () => {
    sink = await startSmtpSink();
    harness = await createTestApp({ SMTP_RELAY_URL: sink.url });
    org = await signUpOrganization(harness.app, 'Acme Support');
    orgB = await signUpOrganization(harness.app, 'Other Org');
    as = org.owner.session;
    await addSupportAddress(harness.app, org);
    names = await namesOf(harness, as);
    billing = await createTeam(harness, as, 'Billing');
    const canned = await send('POST', '/api/v1/canned-responses', {
      title: 'Refund received',
      scope: 'shared',
      body: 'Hi {{requester.first_name}}, ticket {{ticket.number}} is now {{ticket.priority}}.',
    });
    assert.equal(canned.statusCode, 201, canned.body);
    const created = await send('POST', '/api/v1/macros', {
      name: 'Refund request',
      scope: 'shared',
      actions: [
        { type: 'set_team', teamId: billing },
        { type: 'set_priority', priorityId: names.priorities.High },
        { type: 'add_tags', tags: ['refund'] },
        { type: 'add_internal_note', body: 'Refund flow started' },
        { type: 'reply', cannedResponseId: canned.json<{ id: string }>().id },
      ],
    });
    assert.equal(created.statusCode, 201, created.body);
    refund = created.json<Macro>();
    assert.deepEqual(refund.actions.at(-1), {
      type: 'reply',
      cannedResponseId: canned.json<{ id: string }>().id,
    });
  });
  after(async () => {
    await harness?.close();
    await sink?.close();
  });

  test('the preview shows each change and the filled-in reply, and changes nothing', async () => {
    const ticket = await openTicket(harness, as, {
      requester: { email: 'ada@example.test', name: 'Ada Lovelace' },
    });
    const eventsBefore = await historyOf(ticket.id);
    const response = await preview(ticket.id);
    assert.equal(response.statusCode, 200, response.body);
    const shown = response.json<MacroPreview>();
    assert.deepEqual(
      shown.changes.map((change) => [change.field, change.to]),
      [
        ['priorityId', names.priorities.High],
        ['teamId', billing],
        ['tags', ['refund']],
        ['note', 'Refund flow started'],
      ],
    );
    assert.equal(shown.reply?.body, `Hi Ada, ticket ${ticket.number} is now High.`);
    assert.equal(shown.version, ticket.version);
    const after = await readTicket(harness, as, ticket.id);
    assert.equal(after.version, ticket.version);
    assert.equal(after.teamId, null);
    assert.deepEqual(await historyOf(ticket.id), eventsBefore);
    assert.equal((await commentsOf(ticket.id)).length, 0);
  });

  test('applying changes every field, notes and replies in one go, all named after the macro', async () => {
    const requester = await signInContact(harness.app, org);
    const ticket = await openTicket(harness, as, { requester: { email: requester.email } });
    const response = await apply(ticket.id, ticket.version);
    assert.equal(response.statusCode, 200, response.body);
    const applied = response.json<AppliedMacro>();
    assert.equal(applied.ticket.teamId, billing);
    assert.equal(applied.ticket.priorityId, names.priorities.High);
    assert.deepEqual(applied.ticket.tags, ['refund']);
    assert.equal(applied.ticket.version, ticket.version + 1);
    assert.equal(response.headers.etag, `"${applied.ticket.version}"`);
    assert.equal(applied.reply?.visibility, 'public');
    assert.equal(applied.reply?.authorId, org.owner.id);
    assert.equal(applied.reply?.bodyText, `Hi Casey, ticket ${ticket.number} is now High.`);

    const comments = await commentsOf(ticket.id);
    assert.deepEqual(
      comments.map((comment) => [comment.visibility, comment.authorType, comment.bodyText]),
      [
        ['internal', 'agent', 'Refund flow started'],
        ['public', 'agent', applied.reply?.bodyText],
      ],
    );
    const events = (await historyOf(ticket.id)).filter((event) => event.action !== 'ticket.created');
    assert.deepEqual(
      events.map((event) => event.action),
      [
        'ticket.macro_applied',
        'ticket.team_changed',
        'ticket.priority_changed',
        'ticket.tags_changed',
        'ticket.comment_added',
        'ticket.comment_added',
      ],
    );
    for (const event of events) {
      assert.equal(event.actor_type, 'agent');
      assert.equal(event.changes.macroId, refund.id, event.action);
    }
    const listed = await send('GET', `/api/v1/tickets/${ticket.id}/events`);
    const macroEvent = listed
      .json<{ items: { action: string; changes: Record<string, unknown> }[] }>()
      .items.find((event) => event.action === 'ticket.macro_applied');
    assert.equal(macroEvent?.changes.macroName, 'Refund request');

    // The reply takes the ordinary path to the requester: emailed, and in the portal.
    const [delivery] = await query<{ recipients: string[]; kind: string }>(
      'select recipients, kind from email_deliveries where organization_id = $1 and comment_id = $2',
      [applied.reply?.id],
    );
    assert.equal(delivery?.kind, 'reply');
    await sink.waitFor((message) => message.envelope.to.includes(requester.email));
    const portal = await call(harness.app, 'GET', `/api/v1/portal/tickets/${ticket.id}/comments`, {
      as: requester.session,
    });
    const shown = portal.json<{ items: { bodyText: string }[] }>().items.map((item) => item.bodyText);
    assert.ok(shown.includes(applied.reply?.bodyText ?? ''), portal.body);
    assert.ok(!shown.includes('Refund flow started'));
  });

  test('a stale version is a 409 with the current ticket, and nothing is applied', async () => {
    const ticket = await openTicket(harness, as);
    const moved = await send('PATCH', `/api/v1/tickets/${ticket.id}`, {
      subject: 'Moved on',
      version: ticket.version,
    });
    assert.equal(moved.statusCode, 200, moved.body);
    const response = await apply(ticket.id, ticket.version);
    assertError(response, 409, 'conflict', { field: 'version' });
    assert.equal((response.json().error.details.current as Ticket).subject, 'Moved on');
    const after = await readTicket(harness, as, ticket.id);
    assert.equal(after.teamId, null);
    assert.equal((await commentsOf(ticket.id)).length, 0);
  });

  test('bulk apply reports each ticket; one failing leaves the others applied', async () => {
    const fresh = await openTicket(harness, as);
    const stale = await openTicket(harness, as);
    const foreign = await openTicket(harness, orgB.owner.session);
    const response = await send('POST', `/api/v1/macros/${refund.id}/bulk-apply`, {
      tickets: [{ id: fresh.id }, { id: stale.id, version: stale.version + 5 }, { id: foreign.id }],
    });
    assert.equal(response.statusCode, 200, response.body);
    const result = response.json<BulkApplyResult>();
    assert.deepEqual(
      result.items.map((item) => [item.ticketId, item.outcome, item.error?.code ?? null]),
      [
        [fresh.id, 'applied', null],
        [stale.id, 'failed', 'conflict'],
        [foreign.id, 'failed', 'not_found'],
      ],
    );
    assert.equal(result.appliedCount, 1);
    assert.equal(result.failedCount, 2);
    assert.equal((await readTicket(harness, as, fresh.id)).teamId, billing);
    assert.equal((await readTicket(harness, as, stale.id)).teamId, null);
    assert.equal((await readTicket(harness, orgB.owner.session, foreign.id)).teamId, null);
  });

  test("another organization's macro or ticket is a 404", async () => {
    const ticket = await openTicket(harness, as);
    const theirs = await call(harness.app, 'POST', '/api/v1/macros', {
      as: orgB.owner.session,
      body: { name: 'Theirs', actions: [{ type: 'add_tags', tags: ['x'] }] },
    });
    const theirId = theirs.json<Macro>().id;
    assertError(await preview(ticket.id, theirId), 404, 'not_found');
    assertError(await apply(ticket.id, ticket.version, theirId), 404, 'not_found');
    const bulk = await send('POST', `/api/v1/macros/${theirId}/bulk-apply`, { tickets: [{ id: ticket.id }] });
    assertError(bulk, 404, 'not_found');
    assert.equal((await readTicket(harness, as, ticket.id)).version, ticket.version);
  });
});
