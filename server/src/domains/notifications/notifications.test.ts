import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { withTenant } from '../../db/tenant.ts';
import {
  addAgent,
  call,
  createTestApp,
  type PortalCredentials,
  signInContact,
  signUpOrganization,
  type TestApp,
  type TestOrganization,
} from '../../test/test-app.ts';
import { createPolicy } from '../sla/sla-test-helpers.ts';
import type { Notification, NotificationPreferences } from './notifications.schemas.ts';

type Session = { cookie: string; csrfToken: string };
type Agent = { id: string; email: string; session: Session };

describe('in-app notifications for agents, and their emails by preference', () => {
  // The SLA clock is driven by the test; everything else just happens "now" on it.
  let now = new Date('2026-12-01T10:00:00Z');
  let harness: TestApp;
  let org: TestOrganization;
  let agent: Agent;
  let customer: { id: string; session: PortalCredentials };

  before(async () => {
    harness = await createTestApp({}, { clock: () => now });
    org = await signUpOrganization(harness.app, 'Acme Support');
    agent = await addAgent(harness.app, org, 'agent');
    customer = await signInContact(harness.app, org);
  });
  after(() => harness.close());

  const openTicket = async (body: Record<string, unknown> = {}, as: Session = org.owner.session) => {
    const created = await call(harness.app, 'POST', '/api/v1/tickets', {
      as,
      body: { subject: 'Cannot log in', requesterId: customer.id, ...body },
    });
    assert.equal(created.statusCode, 201, created.body);
    return created.json<{ id: string; number: number; version: number }>();
  };
  const patch = async (
    ticketId: string,
    changes: Record<string, unknown>,
    as: Session = org.owner.session,
  ) => {
    const current = (await call(harness.app, 'GET', `/api/v1/tickets/${ticketId}`, { as })).json();
    const response = await call(harness.app, 'PATCH', `/api/v1/tickets/${ticketId}`, {
      as,
      body: { ...changes, version: current.version },
    });
    assert.equal(response.statusCode, 200, response.body);
  };
  const notificationsOf = async (who: { session: Session }, query: Record<string, string> = {}) => {
    const response = await call(harness.app, 'GET', '/api/v1/notifications', { as: who.session, query });
    assert.equal(response.statusCode, 200, response.body);
    return response.json<{ items: Notification[]; nextCursor: string | null }>().items;
  };
  const aboutTicket = async (who: { session: Session }, ticketId: string) =>
    (await notificationsOf(who)).filter((notification) => notification.ticket.id === ticketId);
  const unreadCount = async (who: { session: Session }) =>
    (await call(harness.app, 'GET', '/api/v1/notifications/unread-count', { as: who.session })).json<{
      unread: number;
    }>().unread;
  /** Notification emails queued for an agent about a ticket, by kind. */
  const emailsTo = (agentId: string, ticketId: string) =>
    withTenant(harness.db, org.organizationId, async (tx) =>
      (
        await tx.query<{ notification: string }>(
          `select notification from email_deliveries
            where organization_id = $1 and kind = 'notification' and agent_id = $2 and ticket_id = $3
            order by created_at`,
          [org.organizationId, agentId, ticketId],
        )
      ).map((row) => row.notification),
    );

  test('assigning a ticket to an agent notifies them in-app and by email; assigning yourself does not', async () => {
    const ticket = await openTicket();
    await patch(ticket.id, { assigneeId: org.owner.id });
    await patch(ticket.id, { assigneeId: agent.id });
    const [assigned, ...rest] = await aboutTicket(agent, ticket.id);
    assert.equal(rest.length, 0);
    assert.equal(assigned?.kind, 'assigned');
    assert.deepEqual(assigned?.ticket, { id: ticket.id, number: ticket.number, subject: 'Cannot log in' });
    assert.deepEqual(assigned?.actor, { id: org.owner.id, name: 'Olive Owner' });
    assert.equal(assigned?.readAt, null);
    assert.deepEqual(await emailsTo(agent.id, ticket.id), ['assigned']);
    assert.deepEqual(await aboutTicket(org.owner, ticket.id), [], 'none for the owner assigning themselves');
    assert.deepEqual(await emailsTo(org.owner.id, ticket.id), []);

    // Opened already assigned to the agent, by someone else: the same notification.
    const opened = await openTicket({ assigneeId: agent.id });
    assert.deepEqual(
      (await aboutTicket(agent, opened.id)).map((notification) => notification.kind),
      ['assigned'],
    );
  });

  test('an internal note mentioning agents notifies each of them, never its author', async () => {
    const ticket = await openTicket();
    const note = await call(harness.app, 'POST', `/api/v1/tickets/${ticket.id}/comments`, {
      as: org.owner.session,
      body: {
        body: `Can you check the SSO logs? @${agent.email} and @${org.owner.email}`,
        visibility: 'internal',
      },
    });
    assert.equal(note.statusCode, 201, note.body);
    const [mentioned] = await aboutTicket(agent, ticket.id);
    assert.equal(mentioned?.kind, 'mentioned');
    assert.equal(mentioned?.commentId, note.json().id);
    assert.deepEqual(await emailsTo(agent.id, ticket.id), ['mentioned']);
    assert.deepEqual(await aboutTicket(org.owner, ticket.id), []);
  });

  test("a customer's reply notifies the ticket's assignee, with no agent as its actor", async () => {
    const ticket = await openTicket({ assigneeId: agent.id });
    const reply = await call(harness.app, 'POST', `/api/v1/portal/tickets/${ticket.id}/comments`, {
      as: customer.session,
      body: { body: 'It still says my session expired.' },
    });
    assert.equal(reply.statusCode, 201, reply.body);
    const replied = (await aboutTicket(agent, ticket.id)).find((n) => n.kind === 'customer_replied');
    assert.ok(replied);
    assert.equal(replied.actor, null);
    assert.equal(replied.commentId, reply.json().id);
    assert.deepEqual(await emailsTo(agent.id, ticket.id), ['assigned', 'customer_replied']);
  });

  test('a deactivated agent is no longer notified about their tickets', async () => {
    const leaving = await addAgent(harness.app, org, 'agent');
    const ticket = await openTicket({ assigneeId: leaving.id });
    const deactivated = await call(harness.app, 'PATCH', `/api/v1/agents/${leaving.id}`, {
      as: org.owner.session,
      body: { isActive: false },
    });
    assert.equal(deactivated.statusCode, 200, deactivated.body);
    const reply = await call(harness.app, 'POST', `/api/v1/portal/tickets/${ticket.id}/comments`, {
      as: customer.session,
      body: { body: 'Hello?' },
    });
    assert.equal(reply.statusCode, 201, reply.body);
    const kinds = await withTenant(harness.db, org.organizationId, (tx) =>
      tx.query<{ kind: string }>(
        'select kind from notifications where organization_id = $1 and agent_id = $2 and ticket_id = $3',
        [org.organizationId, leaving.id, ticket.id],
      ),
    );
    assert.deepEqual(
      kinds.map((row) => row.kind),
      ['assigned'],
      'only what came while they were active',
    );
    assert.deepEqual(await emailsTo(leaving.id, ticket.id), ['assigned']);
  });

  test('with a kind’s emails turned off the notification is still stored, only its email is not sent', async () => {
    const picky = await addAgent(harness.app, org, 'agent');
    const defaults = await call(harness.app, 'GET', '/api/v1/me/notification-preferences', {
      as: picky.session,
    });
    assert.deepEqual(defaults.json<NotificationPreferences>().email, {
      assigned: true,
      mentioned: true,
      customer_replied: true,
      sla_at_risk: true,
    });
    const saved = await call(harness.app, 'PUT', '/api/v1/me/notification-preferences', {
      as: picky.session,
      body: { email: { assigned: false } },
    });
    assert.equal(saved.statusCode, 200, saved.body);
    assert.deepEqual(saved.json<NotificationPreferences>().email, {
      assigned: false,
      mentioned: true,
      customer_replied: true,
      sla_at_risk: true,
    });
    const empty = await call(harness.app, 'PUT', '/api/v1/me/notification-preferences', {
      as: picky.session,
      body: { email: {} },
    });
    assert.equal(empty.statusCode, 400, 'a change names at least one kind');

    const ticket = await openTicket({ assigneeId: picky.id });
    assert.deepEqual(
      (await aboutTicket(picky, ticket.id)).map((notification) => notification.kind),
      ['assigned'],
    );
    assert.deepEqual(await emailsTo(picky.id, ticket.id), [], 'the assignment is not emailed');
    await call(harness.app, 'POST', `/api/v1/portal/tickets/${ticket.id}/comments`, {
      as: customer.session,
      body: { body: 'Any news?' },
    });
    assert.deepEqual(await emailsTo(picky.id, ticket.id), ['customer_replied'], 'other kinds still are');
    // Another agent's choices are their own.
    const others = await call(harness.app, 'GET', '/api/v1/me/notification-preferences', {
      as: agent.session,
    });
    assert.equal(others.json<NotificationPreferences>().email.assigned, true);
  });

  test("a timer announced at risk notifies the ticket's assignee once", async () => {
    const slaOrg = await signUpOrganization(harness.app, 'Timed Support');
    const slaAgent = await addAgent(harness.app, slaOrg, 'agent');
    await createPolicy(harness.app, slaOrg, {
      name: 'Fast',
      hours: 'calendar',
      targets: [{ priorityId: null, firstResponseMinutes: 60 }],
      atRisk: { percent: 75 },
    });
    const created = await call(harness.app, 'POST', '/api/v1/tickets', {
      as: slaOrg.owner.session,
      body: {
        subject: 'Printer on fire',
        requester: { email: 'casey@example.test' },
        assigneeId: slaAgent.id,
      },
    });
    assert.equal(created.statusCode, 201, created.body);
    const ticketId = created.json().id;
    const scheduler = harness.app.slaScheduler;
    assert.ok(scheduler);
    const atRisk = async () =>
      (await aboutTicket(slaAgent, ticketId)).filter((notification) => notification.kind === 'sla_at_risk');

    now = new Date(now.getTime() + 44 * 60_000);
    await scheduler.runDue();
    assert.deepEqual(await atRisk(), [], 'not yet at 44 of 60 minutes');
    now = new Date(now.getTime() + 2 * 60_000);
    await scheduler.runDue();
    await scheduler.runDue();
    const [announced, ...again] = await atRisk();
    assert.equal(again.length, 0, 'announced once');
    assert.deepEqual(announced?.details, { timer: 'first_response' });
    assert.equal(announced?.actor, null);
    const emails = await withTenant(harness.db, slaOrg.organizationId, (tx) =>
      tx.query<{ agent_id: string }>(
        `select agent_id from email_deliveries
          where organization_id = $1 and ticket_id = $2 and notification = 'sla_at_risk'`,
        [slaOrg.organizationId, ticketId],
      ),
    );
    assert.deepEqual(
      emails.map((row) => row.agent_id),
      [slaAgent.id],
    );
    assert.deepEqual(
      (await aboutTicket(slaOrg.owner, ticketId)).filter((n) => n.kind === 'sla_at_risk'),
      [],
      'only the assignee',
    );
  });

  test('read and unread: the count, one marked read, all marked read, newest first', async () => {
    const reader = await addAgent(harness.app, org, 'agent');
    const first = await openTicket({ assigneeId: reader.id, subject: 'First' });
    const second = await openTicket({ assigneeId: reader.id, subject: 'Second' });
    const third = await openTicket({ assigneeId: reader.id, subject: 'Third' });
    assert.equal(await unreadCount(reader), 3);
    const listed = await notificationsOf(reader);
    assert.deepEqual(
      listed.map((notification) => notification.ticket.id),
      [third.id, second.id, first.id],
    );

    const firstPage = await call(harness.app, 'GET', '/api/v1/notifications', {
      as: reader.session,
      query: { limit: '2' },
    });
    const { items, nextCursor } = firstPage.json<{ items: Notification[]; nextCursor: string | null }>();
    assert.equal(items.length, 2);
    assert.ok(nextCursor);
    const rest = await notificationsOf(reader, { limit: '2', cursor: nextCursor });
    assert.deepEqual(
      rest.map((notification) => notification.ticket.id),
      [first.id],
    );

    const secondId = listed[1]?.id ?? '';
    const read = await call(harness.app, 'POST', `/api/v1/notifications/${secondId}/read`, {
      as: reader.session,
    });
    assert.equal(read.statusCode, 204, read.body);
    assert.equal(await unreadCount(reader), 2);
    assert.deepEqual(
      (await notificationsOf(reader, { unread: 'true' })).map((notification) => notification.ticket.id),
      [third.id, first.id],
    );
    const again = await call(harness.app, 'POST', `/api/v1/notifications/${secondId}/read`, {
      as: reader.session,
    });
    assert.equal(again.statusCode, 204, 'reading twice is fine');

    // Another agent of the same organization cannot read it for them.
    const notMine = await call(harness.app, 'POST', `/api/v1/notifications/${listed[0]?.id}/read`, {
      as: agent.session,
    });
    assert.equal(notMine.statusCode, 404);
    assert.equal(await unreadCount(reader), 2);

    const all = await call(harness.app, 'POST', '/api/v1/notifications/read-all', { as: reader.session });
    assert.equal(all.statusCode, 200, all.body);
    assert.deepEqual(all.json(), { marked: 2 });
    assert.equal(await unreadCount(reader), 0);
    assert.deepEqual(await notificationsOf(reader, { unread: 'true' }), []);
    assert.ok((await notificationsOf(reader)).every((notification) => notification.readAt !== null));
  });

  test('another organization sees none of these notifications and gets 404 for their ids', async () => {
    const other = await signUpOrganization(harness.app, 'Other Support');
    const [mine] = await notificationsOf(agent);
    assert.ok(mine);
    const foreign = await call(harness.app, 'POST', `/api/v1/notifications/${mine.id}/read`, {
      as: other.owner.session,
    });
    assert.equal(foreign.statusCode, 404);
    assert.equal(foreign.json().error.code, 'not_found');
    assert.deepEqual(await notificationsOf(other.owner), []);
    assert.equal(await unreadCount(other.owner), 0);
    assert.equal((await notificationsOf(agent)).find((n) => n.id === mine.id)?.readAt, null);
  });
});
