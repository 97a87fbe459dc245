import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { withTenant } from './db/tenant.ts';
import { uploadTestAttachment } from './domains/attachments/attachment-test-helpers.ts';
import { listenLocally, readSse } from './domains/realtime/realtime-test-client.ts';
import {
  addAgent,
  call,
  createTestApp,
  signUpOrganization,
  type TestApp,
  type TestOrganization,
  uniqueEmail,
} from './test/test-app.ts';

type Operation = {
  responses: Record<string, { content?: Record<string, unknown> }>;
  requestBody?: unknown;
};
type OpenApiDocument = { openapi: string; paths: Record<string, Record<string, Operation>> };

/** A stream never ends on its own: the walk reads its first frames instead of waiting for its end. */
const isEventStream = (operation: Operation | undefined) =>
  Boolean(operation?.responses['200']?.content?.['text/event-stream']);

/** One organization's ids of every kind of resource, made through the API. */
type ResourceIds = Record<
  | 'agents'
  | 'teams'
  | 'contacts'
  | 'invitations'
  | 'api-tokens'
  | 'ticket-statuses'
  | 'ticket-priorities'
  | 'ticket-fields'
  | 'tickets'
  | 'attachments'
  | 'canned-response-folders'
  | 'canned-responses'
  | 'saved-views'
  | 'intake-forms'
  | 'inbound-emails'
  | 'imap-accounts'
  | 'calendars'
  | 'sla-policies'
  | 'automations'
  | 'macros'
  | 'notifications',
  string
>;

async function createResources(harness: TestApp, org: TestOrganization): Promise<ResourceIds> {
  const as = org.owner.session;
  const post = async (url: string, body: unknown) => {
    const response = await call(harness.app, 'POST', url, { as, body });
    assert.equal(response.statusCode, 201, `${url}: ${response.body}`);
    return response.json();
  };
  const statuses = await call(harness.app, 'GET', '/api/v1/ticket-statuses', { as });
  const priorities = await call(harness.app, 'GET', '/api/v1/ticket-priorities', { as });
  return {
    agents: org.owner.id,
    attachments: await uploadTestAttachment(harness.app, as),
    teams: (await post('/api/v1/teams', { name: 'Tier 1' })).id,
    contacts: (await post('/api/v1/contacts', { email: uniqueEmail('customer') })).id,
    invitations: (await post('/api/v1/invitations', { email: uniqueEmail('invitee') })).invitation.id,
    'api-tokens': (await post('/api/v1/api-tokens', { name: 'Zapier' })).apiToken.id,
    'ticket-statuses': statuses.json().items[1].id,
    'ticket-priorities': priorities.json().items[0].id,
    'ticket-fields': (await post('/api/v1/ticket-fields', { key: 'plan', label: 'Plan', type: 'text' })).id,
    tickets: (
      await post('/api/v1/tickets', {
        subject: 'Printer on fire',
        requester: { email: uniqueEmail('requester') },
      })
    ).id,
    'canned-response-folders': (await post('/api/v1/canned-response-folders', { name: 'Billing' })).id,
    'canned-responses': (
      await post('/api/v1/canned-responses', { title: 'Thanks', body: 'Hi {{requester.first_name}}' })
    ).id,
    'saved-views': (await post('/api/v1/saved-views', { name: 'Mine', filters: { assignee: 'me' } })).id,
    'intake-forms': (await post('/api/v1/intake-forms', { name: 'Bug report' })).id,
    'inbound-emails': await receiveEmail(harness, org),
    'imap-accounts': await insertImapAccount(harness, org),
    calendars: (await post('/api/v1/calendars', { name: 'Weekends', spec: WEEKEND_CALENDAR })).id,
    'sla-policies': (
      await post('/api/v1/sla-policies', {
        name: 'Standard',
        targets: [{ priorityId: null, firstResponseMinutes: 60 }],
      })
    ).id,
    automations: (
      await post('/api/v1/automations', {
        name: 'Tag new tickets',
        trigger: { type: 'ticket.created' },
        actions: [{ type: 'add_tags', tags: ['new'] }],
      })
    ).id,
    macros: (
      await post('/api/v1/macros', {
        name: 'Escalate',
        scope: 'shared',
        actions: [{ type: 'add_tags', tags: ['escalated'] }],
      })
    ).id,
    notifications: await notifyOwner(harness, org),
  };
}

/** Another agent assigns the owner a ticket: the owner's notification. */
async function notifyOwner(harness: TestApp, org: TestOrganization): Promise<string> {
  const colleague = await addAgent(harness.app, org, 'agent');
  const ticket = await call(harness.app, 'POST', '/api/v1/tickets', {
    as: colleague.session,
    body: {
      subject: 'Over to you',
      requester: { email: uniqueEmail('requester') },
      assigneeId: org.owner.id,
    },
  });
  assert.equal(ticket.statusCode, 201, ticket.body);
  const listed = await call(harness.app, 'GET', '/api/v1/notifications', { as: org.owner.session });
  const id = listed.json().items[0]?.id;
  assert.ok(id, listed.body);
  return id;
}

const WEEKEND_CALENDAR = {
  timeZone: 'UTC',
  hours: { sat: [['10:00', '14:00']], sun: [['10:00', '14:00']] },
  holidays: [],
  specialHours: [],
};

/** A message through the HTTP intake, as a provider's webhook would post it. */
async function receiveEmail(harness: TestApp, org: TestOrganization): Promise<string> {
  const secret = await call(harness.app, 'POST', '/api/v1/email/inbound-secret', { as: org.owner.session });
  const response = await call(harness.app, 'POST', '/api/v1/inbound-email', {
    headers: { authorization: `Bearer ${secret.json().secret}`, 'content-type': 'message/rfc822' },
    body: `From: someone@example.com\r\nSubject: Hello\r\nMessage-ID: <${randomUUID()}@example.com>\r\n\r\nHi\r\n`,
  });
  assert.equal(response.statusCode, 202, response.body);
  return response.json().id;
}

/**
 * Saving an IMAP account through the API logs in to its server first (imap-polling.test.ts does that
 * against a real Dovecot); here only the row matters, so it is written directly.
 */
async function insertImapAccount(harness: TestApp, org: TestOrganization): Promise<string> {
  const id = randomUUID();
  await withTenant(harness.db, org.organizationId, (tx) =>
    tx.query(
      `insert into imap_accounts (organization_id, id, support_address, host, port, tls, username,
                                  password_encrypted, after_import)
       values ($1, $2, $3, 'imap.example.test', 993, 'tls', 'support', 'not-a-real-secret', 'flag')`,
      [org.organizationId, id, `support-${id.slice(0, 8)}@example.test`],
    ),
  );
  return id;
}

// A valid body for each write, so that only the foreign id can make it fail.
const BODIES: Record<string, unknown> = {
  'PATCH /api/v1/agents/{id}': { name: 'Renamed' },
  'PATCH /api/v1/teams/{id}': { name: 'Renamed' },
  'PATCH /api/v1/contacts/{id}': { name: 'Renamed' },
  'PATCH /api/v1/ticket-statuses/{id}': { name: 'Renamed' },
  'PATCH /api/v1/ticket-priorities/{id}': { name: 'Renamed' },
  'PATCH /api/v1/ticket-fields/{id}': { label: 'Renamed' },
  'PATCH /api/v1/tickets/{id}': { subject: 'Renamed', version: 1 },
  'PATCH /api/v1/saved-views/{id}': { name: 'Renamed' },
  'PATCH /api/v1/intake-forms/{id}': { name: 'Renamed' },
  'PATCH /api/v1/imap-accounts/{id}': { enabled: false },
  'PATCH /api/v1/canned-response-folders/{id}': { name: 'Renamed' },
  'PATCH /api/v1/canned-responses/{id}': { title: 'Renamed' },
  'PATCH /api/v1/calendars/{id}': { name: 'Renamed' },
  'POST /api/v1/calendars/{id}/preview': { start: '2026-11-20T16:30:00Z', minutes: 60 },
  'POST /api/v1/calendars/{id}/holidays/import': {
    ics: 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\nEND:VCALENDAR\r\n',
  },
  'PATCH /api/v1/sla-policies/{id}': { name: 'Renamed' },
  'PATCH /api/v1/automations/{id}': { name: 'Renamed' },
  'POST /api/v1/automations/{id}/test': { ticketId: '0190a0a0-0000-7000-8000-000000000000' },
  'POST /api/v1/tickets/{id}/comments': { body: 'Hello', visibility: 'public' },
  'PUT /api/v1/tickets/{id}/ccs': { emails: [] },
  'POST /api/v1/tickets/{id}/merge': { targetTicketId: '0190a0a0-0000-7000-8000-000000000000' },
  'PATCH /api/v1/macros/{id}': { name: 'Renamed' },
  'POST /api/v1/tickets/{id}/macros/{macroId}/apply': { version: 1 },
  'POST /api/v1/macros/{id}/bulk-apply': { tickets: [{ id: '0190a0a0-0000-7000-8000-000000000000' }] },
};

// Customers' routes answer only to a portal session; portal/internal-notes.test.ts crosses tenants there.
const isAgentRoute = (path: string) => !path.startsWith('/api/v1/portal/');

const BODYLESS = new Set([
  'post /api/v1/auth/logout',
  'post /api/v1/portal/logout',
  'post /api/v1/contacts/{id}/sign-in-links',
  'post /api/v1/portal/tickets/{id}/resolve',
  'put /api/v1/teams/{id}/members/{agentId}',
  'delete /api/v1/teams/{id}/members/{agentId}',
  'post /api/v1/tickets/{id}/canned-responses/{cid}/render',
  'post /api/v1/inbound-emails/{id}/release',
  'post /api/v1/email/inbound-secret',
  'post /api/v1/calendars/{id}/default',
  'post /api/v1/notifications/{id}/read',
  'post /api/v1/notifications/read-all',
  'post /api/v1/automation-templates/{key}/enable',
  'post /api/v1/tickets/{id}/macros/{macroId}/preview',
]);

describe('API contract', () => {
  let harness: TestApp;
  let orgA: TestOrganization;
  let orgB: TestOrganization;
  let idsA: ResourceIds;
  let idsB: ResourceIds;
  let document: OpenApiDocument;

  before(async () => {
    harness = await createTestApp();
    orgA = await signUpOrganization(harness.app, 'Tenant A');
    orgB = await signUpOrganization(harness.app, 'Tenant B');
    idsA = await createResources(harness, orgA);
    idsB = await createResources(harness, orgB);
    document = (await call(harness.app, 'GET', '/api/v1/openapi.json')).json();
  });
  after(() => harness.close());

  test('the OpenAPI 3 document describes every route with its responses', () => {
    assert.match(document.openapi, /^3\./);
    const operations = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, operation]) => ({ path, method, operation })),
    );
    assert.ok(operations.length >= 35, `only ${operations.length} operations`);
    for (const { path, method, operation } of operations) {
      const statuses = Object.keys(operation.responses);
      assert.ok(
        statuses.some((status) => status.startsWith('2')),
        `${method} ${path} documents its success`,
      );
      if (['post', 'patch', 'put'].includes(method) && !BODYLESS.has(`${method} ${path}`)) {
        assert.ok(operation.requestBody, `${method} ${path} documents its body`);
      }
    }
  });

  test("organization B gets 404 for organization A's ids on every read and write", async () => {
    const operations = Object.entries(document.paths)
      .filter(([path]) => path.includes('{id}') && isAgentRoute(path))
      .flatMap(([path, methods]) =>
        Object.keys(methods).map((method) => ({ path, method: method.toUpperCase() })),
      );
    assert.ok(operations.length >= 15);
    for (const { path, method } of operations) {
      const kind = path.split('/')[3] as keyof ResourceIds;
      const id = idsA[kind];
      assert.ok(id, `the matrix knows how to make a ${kind} for ${method} ${path}`);
      // Second ids are B's own, so only A's id can make the request fail.
      const url = path
        .replace('{id}', id)
        .replace('{agentId}', orgB.owner.id)
        .replace('{cid}', idsB['canned-responses'])
        .replace('{macroId}', idsB.macros);
      const response = await call(harness.app, method, url, {
        as: orgB.owner.session,
        body: BODIES[`${method} ${path}`],
      });
      assert.equal(response.statusCode, 404, `${method} ${url}: ${response.body}`);
      assert.equal(response.json().error.code, 'not_found');
    }
  });

  test("organization B's lists never show organization A's rows", async () => {
    const listPaths = Object.entries(document.paths)
      .filter(([path, methods]) => methods.get && !path.includes('{') && !path.endsWith('openapi.json'))
      .filter(([path, methods]) => isAgentRoute(path) && !isEventStream(methods.get))
      .map(([path]) => path)
      // Not lists: one object each (queue counts' own isolation test is in tickets/queue-lists.test.ts).
      .filter(
        (path) =>
          path.startsWith('/api/v1/') &&
          ![
            '/api/v1/organization',
            '/api/v1/auth/me',
            '/api/v1/tickets/queue-counts',
            '/api/v1/email/settings',
            '/api/v1/notifications/unread-count',
            '/api/v1/me/notification-preferences',
          ].includes(path),
      );
    assert.ok(listPaths.length >= 7);
    const foreign = new Set(Object.values(idsA));
    for (const path of listPaths) {
      const response = await call(harness.app, 'GET', path, { as: orgB.owner.session });
      assert.equal(response.statusCode, 200, path);
      const items = response.json().items as { id: string }[];
      assert.ok(items.length > 0, `${path} lists B's own rows`);
      for (const item of items) assert.ok(!foreign.has(item.id), `${path} leaks ${item.id}`);
    }
  });

  test("organization B's event streams never carry organization A's events, and need credentials", async () => {
    const streams = Object.entries(document.paths)
      .filter(([path, methods]) => isEventStream(methods.get) && isAgentRoute(path))
      .map(([path]) => path);
    assert.ok(streams.length >= 1, 'the document describes the event stream');
    const base = (await listenLocally(harness.app)).replace('ws://', 'http://');
    const ready = (frames: { event?: string }[]) => frames.some((frame) => frame.event === 'ready');
    const foreign = Object.values(idsA);
    for (const path of streams) {
      // Read from the start (since=0), up to the end of the catch-up, then hang up.
      const readAs = (org: TestOrganization) =>
        readSse(`${base}${path}?since=0`, { cookie: `ac_session=${org.owner.session.cookie}` }, ready);
      const ownText = JSON.stringify(await readAs(orgA));
      assert.ok(ownText.includes(idsA.tickets), `${path} carries A's own ticket to A`);
      const framesB = await readAs(orgB);
      assert.ok(
        framesB.some((frame) => frame.data.includes(idsB.tickets)),
        `${path} carries B's own`,
      );
      const textB = JSON.stringify(framesB);
      for (const id of foreign) assert.ok(!textB.includes(id), `${path} leaks ${id} to B`);
      const anonymous = await call(harness.app, 'GET', path);
      assert.equal(anonymous.statusCode, 401, `${path} without credentials`);
    }
  });

  test('an agent cannot change statuses, priorities, teams, tokens, settings, SLA, automations or invite', async () => {
    const agent = await addAgent(harness.app, orgA, 'agent');
    const attempts: [string, string, unknown?][] = [
      ['POST', '/api/v1/ticket-statuses', { name: 'Mine', category: 'open' }],
      ['PATCH', `/api/v1/ticket-statuses/${idsA['ticket-statuses']}`, { name: 'Mine' }],
      ['DELETE', `/api/v1/ticket-statuses/${idsA['ticket-statuses']}`],
      ['POST', '/api/v1/ticket-priorities', { name: 'Mine', rank: 5 }],
      ['PATCH', `/api/v1/ticket-priorities/${idsA['ticket-priorities']}`, { name: 'Mine' }],
      ['POST', '/api/v1/teams', { name: 'Mine' }],
      ['PATCH', `/api/v1/teams/${idsA.teams}`, { name: 'Mine' }],
      ['DELETE', `/api/v1/teams/${idsA.teams}`],
      ['PUT', `/api/v1/teams/${idsA.teams}/members/${agent.id}`],
      ['GET', '/api/v1/api-tokens'],
      ['POST', '/api/v1/api-tokens', { name: 'Mine' }],
      ['DELETE', `/api/v1/api-tokens/${idsA['api-tokens']}`],
      ['POST', '/api/v1/invitations', { email: uniqueEmail() }],
      ['PATCH', '/api/v1/organization', { name: 'Mine' }],
      ['DELETE', '/api/v1/organization/logo'],
      ['POST', '/api/v1/intake-forms', { name: 'Mine' }],
      ['PATCH', `/api/v1/intake-forms/${idsA['intake-forms']}`, { name: 'Mine' }],
      ['DELETE', `/api/v1/intake-forms/${idsA['intake-forms']}`],
      ['PATCH', `/api/v1/agents/${agent.id}`, { role: 'admin' }],
      ['PATCH', `/api/v1/calendars/${idsA.calendars}`, { name: 'Mine' }],
      ['DELETE', `/api/v1/sla-policies/${idsA['sla-policies']}`],
      ['PATCH', `/api/v1/automations/${idsA.automations}`, { name: 'Mine' }],
      ['DELETE', `/api/v1/automations/${idsA.automations}`],
    ];
    for (const [method, url, body] of attempts) {
      const response = await call(harness.app, method, url, { as: agent.session, body });
      assert.equal(response.statusCode, 403, `${method} ${url}: ${response.body}`);
      assert.equal(response.json().error.code, 'forbidden');
    }
  });

  test('unknown routes, bad ids and oversized bodies get the one error shape', async () => {
    const unknown = await call(harness.app, 'GET', '/api/v1/nothing-here', { as: orgA.owner.session });
    assert.equal(unknown.statusCode, 404);
    assert.deepEqual(Object.keys(unknown.json().error).sort(), ['code', 'details', 'message']);
    const badId = await call(harness.app, 'GET', '/api/v1/teams/not-a-uuid', { as: orgA.owner.session });
    assert.equal(badId.statusCode, 400);
    assert.equal(badId.json().error.details.field, 'id');
    const huge = await call(harness.app, 'POST', '/api/v1/contacts', {
      as: orgA.owner.session,
      body: { email: uniqueEmail(), name: 'x'.repeat(2 * 1024 * 1024) },
    });
    assert.equal(huge.statusCode, 413);
    assert.equal(huge.json().error.code, 'payload_too_large');
  });

  test('every response carries a request id, echoing the caller’s when given', async () => {
    const given = await call(harness.app, 'GET', '/health', { headers: { 'x-request-id': 'trace-123' } });
    assert.equal(given.headers['x-request-id'], 'trace-123');
    const generated = await call(harness.app, 'GET', '/health');
    assert.match(String(generated.headers['x-request-id']), /^[0-9a-f-]{36}$/);
  });

  test('/health answers and /ready checks the database and migrations', async () => {
    assert.deepEqual((await call(harness.app, 'GET', '/health')).json(), { status: 'ok' });
    const ready = await call(harness.app, 'GET', '/ready');
    assert.equal(ready.statusCode, 200);
    assert.deepEqual(ready.json(), { status: 'ready' });
  });
});
