import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
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

describe('agent notifications: the bell', suite, () => {
  let server: RunningServer;
  let browser: Browser;
  let owner: Api;
  let agentApi: Api;
  let agentId: string;
  let adaId: string;
  const stamp = Date.now();

  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
    owner = await apiSession(server.url, OWNER.email, OWNER.password);
    agentApi = await apiSession(server.url, AGENT.email, AGENT.password);
    const agents = await owner<{ items: { id: string; email: string }[] }>('GET', '/api/v1/agents?limit=100');
    agentId = agents.items.find((agent) => agent.email === AGENT.email)?.id ?? '';
    const contacts = await owner<{ items: { id: string }[] }>('GET', '/api/v1/contacts?q=ada%40example.com');
    adaId = contacts.items[0]?.id ?? '';
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  const unread = async () =>
    (await agentApi<{ unread: number }>('GET', '/api/v1/notifications/unread-count')).unread;
  const bellName = (count: number) => (count > 0 ? `Notifications, ${count} unread` : 'Notifications');
  const assignToAgent = (subject: string) =>
    owner<{ id: string; number: number }>('POST', '/api/v1/tickets', {
      subject,
      requesterId: adaId,
      assigneeId: agentId,
    });

  test('assigned a ticket by the owner, the agent sees the count, opens the notification, lands on the ticket', async () => {
    const before = await unread();
    const subject = `Bell ${stamp}`;
    const ticket = await assignToAgent(subject);
    assert.equal(await unread(), before + 1);

    const page = await browser.newPage({ viewport: { width: 1360, height: 900 } });
    const a11y = a11yLog(page);
    await signIn(page, server.url, AGENT);
    const bell = page.getByRole('button', { name: bellName(before + 1), exact: true });
    await bell.click();
    const panel = page.getByRole('region', { name: 'Notifications' });
    const item = panel.getByRole('button', {
      name: new RegExp(`Olivia Owner assigned you: #${ticket.number} ${subject}`),
    });
    await item.waitFor();
    await a11y.check('notification panel');
    await screenshot(page, 'agent-notifications-panel');

    await item.click();
    await page.waitForURL(`${server.url}/tickets/${ticket.id}`);
    await page.getByRole('heading', { name: subject }).waitFor();
    await page.getByRole('button', { name: bellName(before), exact: true }).waitFor();
    assert.equal(await unread(), before, 'marked read on the server too');

    // Two more; "Mark all read" clears the count.
    await assignToAgent(`Bell ${stamp} second`);
    await assignToAgent(`Bell ${stamp} third`);
    await page.reload();
    await page.getByRole('button', { name: bellName(before + 2), exact: true }).click();
    await panel.getByRole('button', { name: 'Mark all read' }).click();
    await page.getByRole('button', { name: 'Notifications', exact: true }).waitFor();
    assert.equal(await unread(), 0);
    assert.deepEqual(a11y.found, [], 'no serious or critical accessibility violations');
    await page.close();
  });

  test('the agent turns assignment emails off on their profile page', async () => {
    const page = await browser.newPage({ viewport: { width: 1360, height: 900 } });
    await signIn(page, server.url, AGENT);
    await page.getByRole('link', { name: 'Alex Agent' }).click();
    await page.getByRole('heading', { name: 'Your profile' }).waitFor();
    const assigned = page.getByRole('checkbox', { name: 'Someone assigns me a ticket' });
    assert.equal(await assigned.isChecked(), true);
    await assigned.click();
    await page.getByRole('checkbox', { name: 'Someone assigns me a ticket', checked: false }).waitFor();
    const saved = await agentApi<{ email: Record<string, boolean> }>(
      'GET',
      '/api/v1/me/notification-preferences',
    );
    assert.equal(saved.email.assigned, false);
    assert.equal(saved.email.mentioned, true);
    await page.close();
  });
});
