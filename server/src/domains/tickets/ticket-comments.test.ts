import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  addAgent,
  assertError,
  type Credentials,
  call,
  createTestApp,
  signUpOrganization,
  type TestApp,
  type TestOrganization,
  uniqueEmail,
} from '../../test/test-app.ts';

type TicketBody = { id: string; firstResponseAt: string | null };

describe('ticket comments', () => {
  let harness: TestApp;
  let org: TestOrganization;
  let owner: Credentials;

  const createTicket = async (body: Record<string, unknown>) => {
    const response = await call(harness.app, 'POST', '/api/v1/tickets', { as: owner, body });
    assert.equal(response.statusCode, 201, response.body);
    return response.json<TicketBody>();
  };

  before(async () => {
    harness = await createTestApp();
    org = await signUpOrganization(harness.app);
    owner = org.owner.session;
  });
  after(() => harness.close());

  describe('comments', () => {
    const comment = async (ticketId: string, body: Record<string, unknown>, as: Credentials = owner) => {
      const response = await call(harness.app, 'POST', `/api/v1/tickets/${ticketId}/comments`, { as, body });
      assert.equal(response.statusCode, 201, response.body);
      return response.json<{ id: string; bodyText: string; bodyHtml: string; mentionedAgentIds: string[] }>();
    };

    test('HTML is sanitized: no scripts, handlers, javascript: links, or remote images loaded', async () => {
      const ticket = await createTicket({ subject: 'Sanitize', requester: { email: uniqueEmail() } });
      const stored = await comment(ticket.id, {
        visibility: 'public',
        html: [
          '<p onclick="steal()">Hello <b>there</b><script>alert(1)</script></p>',
          '<img src="x" onerror="alert(2)">',
          '<a href="javascript:alert(3)">click</a>',
          '<a href="https://example.com/help">help</a>',
          '<img src="https://tracker.example/pixel.gif" alt="logo">',
          '<img src="data:image/png;base64,iVBORw0KGgo=" alt="inline">',
          '<iframe src="https://evil.example"></iframe><style>body{}</style>',
        ].join(''),
      });
      const html = stored.bodyHtml;
      for (const forbidden of [
        '<script',
        'onclick',
        'onerror',
        'javascript:',
        '<iframe',
        '<style',
        '<img src="https://',
      ]) {
        assert.ok(!html.includes(forbidden), `${forbidden} removed from ${html}`);
      }
      assert.match(html, /<b>there<\/b>/);
      assert.match(
        html,
        /<a href="https:\/\/example\.com\/help" rel="noopener noreferrer nofollow" target="_blank">help<\/a>/,
      );
      assert.match(html, /<img alt="logo" data-remote-src="https:\/\/tracker\.example\/pixel\.gif" \/>/);
      assert.match(html, /<img alt="inline" src="data:image\/png;base64,iVBORw0KGgo=" \/>/);
      assert.match(stored.bodyText, /Hello there/);
      assert.ok(!stored.bodyText.includes('alert(1)'));
    });

    test('plain text becomes escaped paragraphs; an empty body is refused', async () => {
      const ticket = await createTicket({ subject: 'Text', requester: { email: uniqueEmail() } });
      const stored = await comment(ticket.id, {
        visibility: 'public',
        body: 'a < b & "c"\nline two\n\nnext <b>para</b>',
      });
      assert.equal(
        stored.bodyHtml,
        '<p>a &lt; b &amp; &quot;c&quot;<br>line two</p><p>next &lt;b&gt;para&lt;/b&gt;</p>',
      );
      assertError(
        await call(harness.app, 'POST', `/api/v1/tickets/${ticket.id}/comments`, {
          as: owner,
          body: { visibility: 'public', body: '  ' },
        }),
        400,
        'validation_failed',
        { field: 'body' },
      );
      assertError(
        await call(harness.app, 'POST', `/api/v1/tickets/${ticket.id}/comments`, {
          as: owner,
          body: { visibility: 'public', html: '<script>only()</script>' },
        }),
        400,
        'validation_failed',
      );
    });

    test('the first public agent reply stamps the first response time; internal notes do not', async () => {
      const ticket = await createTicket({ subject: 'SLA', requester: { email: uniqueEmail() } });
      await comment(ticket.id, { visibility: 'internal', body: 'Looking into it' });
      const afterNote = await call(harness.app, 'GET', `/api/v1/tickets/${ticket.id}`, { as: owner });
      assert.equal(afterNote.json().firstResponseAt, null);
      await comment(ticket.id, { visibility: 'public', body: 'We are on it' });
      const first = (
        await call(harness.app, 'GET', `/api/v1/tickets/${ticket.id}`, { as: owner })
      ).json<TicketBody>();
      assert.ok(first.firstResponseAt);
      await comment(ticket.id, { visibility: 'public', body: 'Update' });
      const later = (
        await call(harness.app, 'GET', `/api/v1/tickets/${ticket.id}`, { as: owner })
      ).json<TicketBody>();
      assert.equal(later.firstResponseAt, first.firstResponseAt);
    });

    test('@mentions of our agents in internal notes are stored; public replies and strangers are not mentions', async () => {
      const colleague = await addAgent(harness.app, org);
      const stranger = await signUpOrganization(harness.app, 'Elsewhere');
      const ticket = await createTicket({ subject: 'Mentions', requester: { email: uniqueEmail() } });
      const note = await comment(ticket.id, {
        visibility: 'internal',
        body: `@${colleague.email.toUpperCase()} and @${stranger.owner.email} and @nobody@example.test please look`,
      });
      assert.deepEqual(note.mentionedAgentIds, [colleague.id]);
      const reply = await comment(ticket.id, { visibility: 'public', body: `cc @${colleague.email}` });
      assert.deepEqual(reply.mentionedAgentIds, []);
      const listed = await call(harness.app, 'GET', `/api/v1/tickets/${ticket.id}/comments`, { as: owner });
      assert.deepEqual(
        listed.json().items.map((item: { mentionedAgentIds: string[] }) => item.mentionedAgentIds),
        [[colleague.id], []],
      );
    });

    test('the conversation pages oldest first, or newest first for the latest few', async () => {
      const ticket = await createTicket({ subject: 'Paging', requester: { email: uniqueEmail() } });
      for (const body of ['one', 'two', 'three', 'four', 'five'])
        await comment(ticket.id, { visibility: 'public', body });
      const url = `/api/v1/tickets/${ticket.id}/comments`;
      const newest = await call(harness.app, 'GET', url, { as: owner, query: { order: 'desc', limit: '2' } });
      assert.deepEqual(
        newest.json().items.map((item: { bodyText: string }) => item.bodyText),
        ['five', 'four'],
      );
      const older = await call(harness.app, 'GET', url, {
        as: owner,
        query: { order: 'desc', limit: '2', cursor: newest.json().nextCursor },
      });
      assert.deepEqual(
        older.json().items.map((item: { bodyText: string }) => item.bodyText),
        ['three', 'two'],
      );
      const all = await call(harness.app, 'GET', url, { as: owner, query: { limit: '5' } });
      assert.deepEqual(
        all.json().items.map((item: { bodyText: string }) => item.bodyText),
        ['one', 'two', 'three', 'four', 'five'],
      );
      assert.equal(all.json().nextCursor, null);
      assertError(
        await call(harness.app, 'GET', url, { as: owner, query: { cursor: 'garbage' } }),
        400,
        'validation_failed',
        {
          field: 'cursor',
        },
      );
    });
  });
});
