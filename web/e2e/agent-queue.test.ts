import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
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

type Listed = {
  items: { id: string; statusId: string; requester: { name: string } }[];
  nextCursor: string | null;
};

describe('agent console queues: counts, tag filter, load more, bulk update', suite, () => {
  let server: RunningServer;
  let browser: Browser;
  let owner: Api;
  let adaId: string;
  const stamp = Date.now();

  const makeTickets = async (count: number, tag: string) => {
    const ids: string[] = [];
    for (let i = 0; i < count; i++) {
      const ticket = await owner<{ id: string }>('POST', '/api/v1/tickets', {
        subject: `${tag} ticket ${i + 1}`,
        requesterId: adaId,
        tags: [tag],
      });
      ids.push(ticket.id);
    }
    return ids;
  };
  const rows = (page: Page) => page.locator('table tbody tr');

  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
    owner = await apiSession(server.url, OWNER.email, OWNER.password);
    const contacts = await owner<{ items: { id: string }[] }>('GET', '/api/v1/contacts?q=ada%40example.com');
    adaId = contacts.items[0]?.id ?? '';
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('the sidebar counts the built-in queues; a tag narrows the queue and "Load more" pages on', async () => {
    const tag = `many-${stamp}`;
    await makeTickets(53, tag);
    const page = await browser.newPage({ viewport: { width: 1360, height: 900 } });
    const a11y = a11yLog(page);
    await signIn(page, server.url, AGENT);

    const counts = await owner<{ queues: { queue: string; count: number }[] }>(
      'GET',
      '/api/v1/tickets/queue-counts',
    );
    const allOpen = counts.queues.find((queue) => queue.queue === 'open')?.count;
    assert.ok(allOpen && allOpen >= 53);
    const sidebar = page.getByRole('navigation', { name: 'Queues' });
    await sidebar.getByRole('link', { name: `All open ${allOpen} tickets` }).waitFor();

    await sidebar.getByRole('link', { name: /^All open/ }).click();
    await page.getByRole('heading', { name: 'All open' }).waitFor();
    await page.getByRole('textbox', { name: 'Tags' }).fill(tag);
    await page.getByRole('textbox', { name: 'Tags' }).press('Enter');
    await page.waitForURL((url) => url.searchParams.get('tag') === tag);
    await page.getByRole('link', { name: `${tag} ticket 53`, exact: true }).waitFor();
    assert.equal(await rows(page).count(), 50, 'one page of fifty');
    assert.equal(await rows(page).first().locator('td').nth(3).textContent(), 'Ada Lovelace');
    await a11y.check('queue with tag filter');
    await screenshot(page, 'agent-queue-tag-filter');

    await page.getByRole('button', { name: 'Load more' }).click();
    await page.getByRole('link', { name: `${tag} ticket 1`, exact: true }).waitFor();
    assert.equal(await rows(page).count(), 53);
    await page.getByRole('button', { name: 'Load more' }).waitFor({ state: 'detached' });

    // The filter lives in the URL: a reload keeps it and the field shows it.
    await page.reload();
    await page.getByRole('link', { name: `${tag} ticket 53`, exact: true }).waitFor();
    assert.equal(await page.getByRole('textbox', { name: 'Tags' }).inputValue(), tag);
    assert.deepEqual(a11y.found, [], 'no serious or critical accessibility violations');
    await page.close();
  });

  test('two tickets selected in a queue change together', async () => {
    const tag = `bulk-${stamp}`;
    const [first, second, untouched] = await makeTickets(3, tag);
    const statuses = await owner<{ items: { id: string; name: string }[] }>('GET', '/api/v1/ticket-statuses');
    const waiting = statuses.items.find((status) => status.name === 'Waiting on customer');
    assert.ok(waiting);
    const page = await browser.newPage({ viewport: { width: 1360, height: 900 } });
    const a11y = a11yLog(page);
    await signIn(page, server.url, AGENT);
    await page.goto(`${server.url}/queues/open?tag=${tag}`);
    await page.getByRole('link', { name: `${tag} ticket 1`, exact: true }).waitFor();

    await page
      .getByRole('checkbox', { name: /^Select ticket \d+$/ })
      .first()
      .check();
    await page
      .getByRole('checkbox', { name: /^Select ticket \d+$/ })
      .nth(1)
      .check();
    const bar = page.getByRole('form', { name: 'Change the selected tickets' });
    await bar.getByText('2 selected').waitFor();
    await bar.getByLabel('Set status').selectOption({ label: 'Waiting on customer' });
    await bar.getByLabel('Assign to').selectOption({ label: 'Alex Agent' });
    await a11y.check('queue with bulk bar');
    await screenshot(page, 'agent-queue-bulk');
    await bar.getByRole('button', { name: 'Apply', exact: true }).click();
    await page.getByText('2 tickets updated').waitFor();
    await bar.waitFor({ state: 'detached' });

    const listed = await owner<Listed>('GET', `/api/v1/tickets?tag=${tag}&limit=10`);
    const statusOf = (id: string | undefined) => listed.items.find((ticket) => ticket.id === id)?.statusId;
    // The queue lists newest first: the two checked were tickets 3 and 2.
    assert.equal(statusOf(untouched), waiting.id);
    assert.equal(statusOf(second), waiting.id);
    assert.notEqual(statusOf(first), waiting.id);
    const me = await apiSession(server.url, AGENT.email, AGENT.password);
    const mine = await me<Listed>('GET', `/api/v1/tickets?tag=${tag}&assignee=me`);
    assert.deepEqual(mine.items.map((ticket) => ticket.id).sort(), [second, untouched].sort());
    assert.deepEqual(a11y.found, [], 'no serious or critical accessibility violations');
    await page.close();
  });

  test('keyboard: j and k move through the queue, Enter opens a ticket, ? lists the shortcuts', async () => {
    const tag = `keys-${stamp}`;
    await makeTickets(3, tag);
    const page = await browser.newPage({ viewport: { width: 1360, height: 900 } });
    const a11y = a11yLog(page);
    await signIn(page, server.url, AGENT);
    await page.goto(`${server.url}/queues/open?tag=${tag}`);
    await page.getByRole('link', { name: `${tag} ticket 3`, exact: true }).waitFor();
    const current = page.locator('tr.row-current .col-subject');
    assert.equal(await current.textContent(), `${tag} ticket 3`);
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    assert.equal(await current.textContent(), `${tag} ticket 1`);
    await page.keyboard.press('k');
    assert.equal(await current.textContent(), `${tag} ticket 2`);

    await page.keyboard.press('?');
    const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await dialog.waitFor();
    for (const meaning of ['Next ticket', 'Write a reply to the customer', 'Write an internal note']) {
      await dialog.getByText(meaning).waitFor();
    }
    await a11y.check('shortcuts dialog');
    await screenshot(page, 'agent-shortcuts');
    await dialog.getByRole('button', { name: 'Close' }).click();
    await dialog.waitFor({ state: 'hidden' });

    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: `${tag} ticket 2` }).waitFor();
    await page.keyboard.press('j');
    await page.getByRole('heading', { name: `${tag} ticket 1` }).waitFor();
    await page.keyboard.press('k');
    await page.getByRole('heading', { name: `${tag} ticket 2` }).waitFor();
    await page.keyboard.press('n');
    assert.equal(await page.getByRole('radio', { name: 'Internal note' }).isChecked(), true);
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'composer-body');
    await page.locator('#composer-body').blur();
    await page.keyboard.press('r');
    assert.equal(await page.getByRole('radio', { name: 'Reply' }).isChecked(), true);
    await a11y.check('ticket after shortcuts');
    assert.deepEqual(a11y.found, [], 'no serious or critical accessibility violations');
    await page.close();
  });
});
