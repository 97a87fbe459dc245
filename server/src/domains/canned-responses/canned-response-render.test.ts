import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  addAgent,
  assertError,
  type Credentials,
  call,
  createTestApp,
  errorOf,
  signUpOrganization,
  type TestApp,
  type TestOrganization,
  uniqueEmail,
} from '../../test/test-app.ts';
import type { CannedResponse, RenderedResponse } from './canned-responses.schemas.ts';

describe('canned response placeholders', () => {
  let harness: TestApp;
  let orgA: TestOrganization;
  let orgB: TestOrganization;
  let agentA: { id: string; email: string; session: Credentials };

  const send = (as: Credentials, method: string, url: string, body?: unknown) =>
    call(harness.app, method, url, { as, body });

  async function create(as: Credentials, body: Record<string, unknown>): Promise<CannedResponse> {
    const response = await send(as, 'POST', '/api/v1/canned-responses', body);
    assert.equal(response.statusCode, 201, response.body);
    return response.json<CannedResponse>();
  }

  async function openTicket(org: TestOrganization, requester: { email: string; name?: string }) {
    const response = await send(org.owner.session, 'POST', '/api/v1/tickets', {
      subject: 'Printer <on> fire & smoke',
      requester,
    });
    assert.equal(response.statusCode, 201, response.body);
    return response.json<{ id: string; number: number }>();
  }

  const render = (as: Credentials, ticketId: string, responseId: string) =>
    send(as, 'POST', `/api/v1/tickets/${ticketId}/canned-responses/${responseId}/render`);

  before(async () => {
    harness = await createTestApp();
    orgA = await signUpOrganization(harness.app, 'Acme & Sons');
    orgB = await signUpOrganization(harness.app, 'Org B');
    agentA = await addAgent(harness.app, orgA, 'agent');
  });
  after(() => harness.close());

  describe('validation when saving', () => {
    const cases: [string, string, string, string | undefined][] = [
      ['an unknown placeholder', 'Hi {{requester.nickname}}', 'unknown_placeholder', 'requester.nickname'],
      ['a misspelt placeholder with spaces', 'Hi {{ ticket.numbr }}', 'unknown_placeholder', 'ticket.numbr'],
      ['an empty tag', 'Hi {{}}', 'unknown_placeholder', ''],
      ['a section', '{{#ticket.subject}}x{{/ticket.subject}}', 'section', 'ticket.subject'],
      ['an inverted section', '{{^agent.name}}nobody{{/agent.name}}', 'section', 'agent.name'],
      ['a partial', 'See {{> footer}}', 'partial', 'footer'],
      ['triple-stash', 'Hi {{{requester.name}}}', 'unescaped', 'requester.name'],
      ['an ampersand tag', 'Hi {{& requester.name}}', 'unescaped', 'requester.name'],
      ['a comment', 'Hi {{! note }}', 'comment', undefined],
      ['a delimiter change', '{{=<% %>=}} Hi <% agent.name %>', 'delimiters', undefined],
      ['an unclosed tag', 'Hi {{requester.name', 'malformed', undefined],
      ['an unclosed section', '{{#ticket.subject}} forever', 'malformed', undefined],
      ['an unopened section', 'Hi {{/ticket.subject}}', 'malformed', undefined],
    ];
    for (const [what, body, reason, placeholder] of cases) {
      test(`${what} is 422 on body (${reason})`, async () => {
        const response = await send(agentA.session, 'POST', '/api/v1/canned-responses', {
          title: what,
          body,
        });
        assertError(response, 422, 'unprocessable', { field: 'body', reason });
        if (placeholder !== undefined) assert.equal(errorOf(response).details.placeholder, placeholder);
      });
    }

    test('an update is checked too, and a refused one changes nothing', async () => {
      const saved = await create(agentA.session, { title: 'Fine', body: 'Hi {{agent.first_name}}' });
      const response = await send(agentA.session, 'PATCH', `/api/v1/canned-responses/${saved.id}`, {
        body: 'Hi {{agent.shoe_size}}',
      });
      assertError(response, 422, 'unprocessable', { field: 'body', placeholder: 'agent.shoe_size' });
      const read = await send(agentA.session, 'GET', `/api/v1/canned-responses/${saved.id}`);
      assert.equal(read.json<CannedResponse>().body, 'Hi {{agent.first_name}}');
    });

    test('braces that are not tags are kept as text', async () => {
      const saved = await create(agentA.session, { title: 'Code', body: 'Use {a: 1} or } or { {' });
      const ticket = await openTicket(orgA, { email: uniqueEmail('brace') });
      const rendered = await render(agentA.session, ticket.id, saved.id);
      assert.equal(rendered.json<RenderedResponse>().body, 'Use {a: 1} or } or { {');
    });
  });

  describe('rendering', () => {
    test('fills every placeholder for the ticket and the acting agent', async () => {
      const email = uniqueEmail('dana');
      const ticket = await openTicket(orgA, { email, name: 'Dana  Scully' });
      const body = [
        '#{{ticket.number}} {{ticket.subject}} is {{ticket.status}} / {{ticket.priority}}',
        'To {{requester.name}} ({{requester.first_name}}, {{requester.email}})',
        '',
        'From {{agent.name}} ({{agent.first_name}}, {{ agent.email }}) at {{organization.name}}',
      ].join('\n');
      const saved = await create(orgA.owner.session, { title: 'All', body, scope: 'shared' });
      const response = await render(agentA.session, ticket.id, saved.id);
      assert.equal(response.statusCode, 200, response.body);
      const statuses = await send(orgA.owner.session, 'GET', '/api/v1/ticket-statuses');
      const priorities = await send(orgA.owner.session, 'GET', '/api/v1/ticket-priorities');
      const ticketRead = (await send(orgA.owner.session, 'GET', `/api/v1/tickets/${ticket.id}`)).json();
      const status = statuses
        .json()
        .items.find((item: { id: string }) => item.id === ticketRead.statusId).name;
      const priority = priorities
        .json()
        .items.find((item: { id: string }) => item.id === ticketRead.priorityId).name;
      const line1 = `#${ticket.number} Printer <on> fire & smoke is ${status} / ${priority}`;
      const line2 = `To Dana  Scully (Dana, ${email})`;
      const line3 = `From agent person (agent, ${agentA.email}) at Acme & Sons`;
      assert.deepEqual(response.json<RenderedResponse>(), {
        body: `${line1}\n${line2}\n\n${line3}`,
        html:
          `<p>#${ticket.number} Printer &lt;on&gt; fire &amp; smoke is ${status} / ${priority}<br>` +
          `To Dana  Scully (Dana, ${email})</p><p>From agent person (agent, ${agentA.email}) at Acme &amp; Sons</p>`,
      });
    });

    test('a script in the requester name is escaped in html and left as is in body', async () => {
      const name = '<script>alert(1)</script>';
      const ticket = await openTicket(orgA, { email: uniqueEmail('evil'), name });
      const saved = await create(agentA.session, { title: 'Hi', body: 'Hello {{requester.name}}!' });
      const rendered = (await render(agentA.session, ticket.id, saved.id)).json<RenderedResponse>();
      assert.equal(rendered.body, `Hello ${name}!`);
      assert.equal(rendered.html, '<p>Hello &lt;script&gt;alert(1)&lt;/script&gt;!</p>');
      assert.ok(!rendered.html.includes('<script'));
    });

    test('a missing name renders empty, and first_name falls back to the email local part', async () => {
      const ticket = await openTicket(orgA, { email: 'no.name-123@example.test' });
      const saved = await create(agentA.session, {
        title: 'Fallback',
        body: '[{{requester.name}}] Dear {{requester.first_name}}',
      });
      const rendered = (await render(agentA.session, ticket.id, saved.id)).json<RenderedResponse>();
      assert.equal(rendered.body, '[] Dear no.name-123');
    });

    test("a ticket or response of another organization is 404, and so is another agent's personal one", async () => {
      const ticketA = await openTicket(orgA, { email: uniqueEmail() });
      const ticketB = await openTicket(orgB, { email: uniqueEmail() });
      const sharedA = await create(orgA.owner.session, { title: 'S', body: 'x', scope: 'shared' });
      const sharedB = await create(orgB.owner.session, { title: 'S', body: 'x', scope: 'shared' });
      assertError(await render(orgB.owner.session, ticketA.id, sharedB.id), 404, 'not_found');
      assertError(await render(orgB.owner.session, ticketB.id, sharedA.id), 404, 'not_found');
      assertError(await render(agentA.session, ticketB.id, sharedA.id), 404, 'not_found');

      const personal = await create(agentA.session, { title: 'Mine', body: 'Only {{agent.name}}' });
      assertError(await render(orgA.owner.session, ticketA.id, personal.id), 404, 'not_found');
      const own = await render(agentA.session, ticketA.id, personal.id);
      assert.equal(own.statusCode, 200, own.body);
      assert.equal(own.json<RenderedResponse>().body, 'Only agent person');
    });
  });
});
