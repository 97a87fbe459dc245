import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page, WebSocketRoute } from 'playwright-core';
import {
  AGENT,
  type Api,
  a11yLog,
  apiSession,
  browserSuite,
  launchBrowser,
  OWNER,
  type RunningServer,
  screenshot,
  signIn,
  startServer,
} from './harness.ts';

const suite = browserSuite();

// Two agents on one ticket, each in a browser context of their own (two sessions, two sockets).
describe('agent console: a ticket lives in two browsers at once', suite, () => {
  let server: RunningServer;
  let browser: Browser;
  let owner: Api;
  const contexts: BrowserContext[] = [];
  const stamp = Date.now();

  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
    owner = await apiSession(server.url, OWNER.email, OWNER.password);
  });
  after(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await server?.stop();
  });

  const openTicket = async (who: { email: string; password: string }, ticketId: string) => {
    const context = await browser.newContext({ viewport: { width: 1360, height: 900 } });
    contexts.push(context);
    const page = await context.newPage();
    await signIn(page, server.url, who, `/tickets/${ticketId}`);
    return page;
  };
  const live = (page: Page) => page.getByRole('status').filter({ hasText: /^Live$/ });
  const viewing = (page: Page, name: string) =>
    page.getByRole('list', { name: 'Also viewing' }).getByText(name, { exact: true });
  const conversation = (page: Page) => page.getByRole('list', { name: 'Conversation' });
  const composer = (page: Page) => page.getByRole('form', { name: 'Composer' });

  test('presence, typing, a reply appearing live, and the collision guard at send', async () => {
    const contacts = await owner<{ items: { id: string }[] }>('GET', '/api/v1/contacts?q=ada%40example.com');
    const subject = `Live ticket ${stamp}`;
    const ticket = await owner<{ id: string }>('POST', '/api/v1/tickets', {
      subject,
      requesterId: contacts.items[0]?.id,
      comment: { body: 'My printer prints only blank pages.', visibility: 'public' },
    });

    // A is the owner (Olivia Owner), B the agent (Alex Agent).
    const a = await openTicket(OWNER, ticket.id);
    const b = await openTicket(AGENT, ticket.id);
    const a11y = a11yLog(b);
    await a.getByRole('heading', { name: subject }).waitFor();
    await b.getByRole('heading', { name: subject }).waitFor();
    await live(a).waitFor();
    await live(b).waitFor();

    // Each sees the other on the ticket.
    await viewing(a, 'Alex Agent').waitFor();
    await viewing(b, 'Olivia Owner').waitFor();

    // B starts a reply: A is told that B is typing one, never what.
    const draft = `Have you tried a new toner cartridge? ${stamp}`;
    await composer(b).getByLabel('Reply to the customer').fill(draft);
    await a.getByText('Alex Agent is typing a reply…').waitFor();
    assert.equal(await a.getByText(draft).count(), 0, 'the draft itself never leaves B');

    // A replies; it appears on B's page without a reload.
    const reply = `Please send us a photo of a printed page. ${stamp}`;
    await composer(a).getByLabel('Reply to the customer').fill(reply);
    await composer(a).getByRole('button', { name: 'Send reply to customer' }).click();
    await conversation(b).getByText(reply).waitFor();
    await a.getByText('Alex Agent is typing a reply…').waitFor();

    // B's draft began before A's reply: sending it is stopped, with what changed.
    await composer(b).getByRole('button', { name: 'Send reply to customer' }).click();
    const dialog = b.getByRole('dialog', { name: 'The ticket changed while you were writing' });
    await dialog.waitFor();
    await dialog.getByText('Olivia Owner').waitFor();
    await dialog.getByText(reply).waitFor();
    await a11y.check('collision dialog');
    await screenshot(b, 'agent-realtime-collision');

    await dialog.getByRole('button', { name: 'Send anyway' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await conversation(b).getByText(draft).waitFor();
    // A sees B's reply arrive, and B no longer typing (the composer emptied).
    await conversation(a).getByText(draft).waitFor();
    await a.getByText('Alex Agent is typing a reply…').waitFor({ state: 'hidden' });
    await a11y.check('ticket page with a live conversation');
    await screenshot(a, 'agent-realtime-ticket');

    // Another draft; meanwhile A sets the ticket to waiting on the customer. "Review first" keeps the draft, and
    // sending it again goes through: the changes were shown.
    const second = `Or a different paper tray? ${stamp}`;
    await composer(b).getByLabel('Reply to the customer').fill(second);
    await a.getByText('Alex Agent is typing a reply…').waitFor();
    const statuses = await owner<{ items: { id: string; name: string }[] }>('GET', '/api/v1/ticket-statuses');
    const pending = statuses.items.find((status) => status.name === 'Waiting on customer');
    assert.ok(pending, 'the demo organization has this status');
    const current = await owner<{ version: number }>('GET', `/api/v1/tickets/${ticket.id}`);
    await owner('PATCH', `/api/v1/tickets/${ticket.id}`, { statusId: pending.id, version: current.version });
    await b.getByRole('heading', { name: subject }).getByText('Waiting on customer').waitFor();
    await composer(b).getByRole('button', { name: 'Send reply to customer' }).click();
    await dialog.getByText('changed the status from Open to Waiting on customer').waitFor();
    await dialog.getByRole('button', { name: 'Review first' }).click();
    await dialog.waitFor({ state: 'hidden' });
    assert.equal(await composer(b).getByLabel('Reply to the customer').inputValue(), second);
    await composer(b).getByRole('button', { name: 'Send reply to customer' }).click();
    await conversation(b).getByText(second).waitFor();
    assert.equal(await dialog.isVisible(), false, 'no second collision for changes already shown');

    const comments = await owner<{ items: { bodyText: string }[] }>(
      'GET',
      `/api/v1/tickets/${ticket.id}/comments?limit=10`,
    );
    const bodies = comments.items.map((comment) => comment.bodyText);
    assert.ok(bodies.includes(reply) && bodies.includes(second), 'every reply was posted');
    assert.equal(bodies.filter((body) => body === draft).length, 1);
    assert.deepEqual(a11y.found, []);
  });

  test('a ticket assigned to the agent reaches their queue, its count and their bell live', async () => {
    const contacts = await owner<{ items: { id: string }[] }>('GET', '/api/v1/contacts?q=ada%40example.com');
    const agentApi = await apiSession(server.url, AGENT.email, AGENT.password);
    const me = await agentApi<{ agent: { id: string } }>('GET', '/api/v1/auth/me');
    const { unread } = await agentApi<{ unread: number }>('GET', '/api/v1/notifications/unread-count');
    const context = await browser.newContext({ viewport: { width: 1360, height: 900 } });
    contexts.push(context);
    const page = await context.newPage();
    await signIn(page, server.url, AGENT);
    await live(page).waitFor();
    const queues = page.getByRole('navigation', { name: 'Queues' });
    const mine = queues.getByRole('link', { name: /^My open tickets/ });
    const countBefore = Number((await mine.locator('.queue-count').textContent())?.match(/\d+/)?.[0]);

    const subject = `Assigned live ${stamp}`;
    await owner('POST', '/api/v1/tickets', {
      subject,
      requesterId: contacts.items[0]?.id,
      assigneeId: me.agent.id,
    });
    await page.getByRole('main').getByRole('link', { name: subject }).waitFor();
    await queues.getByRole('link', { name: `My open tickets ${countBefore + 1} tickets` }).waitFor();
    await page.getByRole('button', { name: `Notifications, ${unread + 1} unread`, exact: true }).waitFor();
  });

  test('a dropped socket says Reconnecting…, then catches up on what it missed', async () => {
    const contacts = await owner<{ items: { id: string }[] }>('GET', '/api/v1/contacts?q=ada%40example.com');
    const subject = `Dropped socket ${stamp}`;
    const ticket = await owner<{ id: string }>('POST', '/api/v1/tickets', {
      subject,
      requesterId: contacts.items[0]?.id,
      comment: { body: 'The scanner jams.', visibility: 'public' },
    });
    const context = await browser.newContext({ viewport: { width: 1360, height: 900 } });
    contexts.push(context);
    // The tab's socket goes through the test, which can cut it and keep it down (a refused
    // connection closes at once) while the ticket changes.
    let down = false;
    const routes: WebSocketRoute[] = [];
    const subscribes: string[] = [];
    let markFollowed: () => void = () => undefined;
    const ticketFollowed = new Promise<void>((resolve) => {
      markFollowed = resolve;
    });
    await context.routeWebSocket(/\/api\/v1\/realtime$/, (route) => {
      if (down) return void route.close();
      routes.push(route);
      const server = route.connectToServer();
      route.onMessage((message) => {
        if (String(message).includes('"subscribe"')) subscribes.push(String(message));
        server.send(message);
      });
      server.onMessage((message) => {
        if (String(message).includes(`"subscription":"ticket:${ticket.id}"`)) markFollowed();
        route.send(message);
      });
    });
    const page = await context.newPage();
    await signIn(page, server.url, AGENT, `/tickets/${ticket.id}`);
    await page.getByRole('heading', { name: subject }).waitFor();
    await conversation(page).getByText('The scanner jams.').waitFor();
    // Cut only once the ticket's subscription was answered: before that it has no position to resume.
    await ticketFollowed;
    await live(page).waitFor();

    down = true;
    for (const route of routes.splice(0)) await route.close();
    await page.getByRole('status').filter({ hasText: 'Reconnecting…' }).waitFor();
    const missed = `Try the other tray meanwhile. ${stamp}`;
    await owner('POST', `/api/v1/tickets/${ticket.id}/comments`, { body: missed, visibility: 'public' });
    subscribes.length = 0;
    down = false;

    await live(page).waitFor();
    await conversation(page).getByText(missed).waitFor();
    assert.equal(await conversation(page).getByText(missed).count(), 1);
    const resubscribed = subscribes.map((message) => JSON.parse(message) as { to: unknown; since?: number });
    const again = resubscribed.find((message) => JSON.stringify(message.to) === `{"ticket":"${ticket.id}"}`);
    assert.equal(typeof again?.since, 'number', 'the ticket was subscribed again from where it was');
  });
});
