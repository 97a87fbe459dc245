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

type Ticket = { id: string; number: number; version: number; priorityId: string; tags: string[] };

describe(
  'agent console macros: made on their page, previewed and applied from the composer and the queue',
  suite,
  () => {
    let server: RunningServer;
    let browser: Browser;
    let owner: Api;
    let adaId: string;
    const stamp = Date.now();
    const macroName = `Refund ${stamp}`;

    const newTicket = (subject: string, tags: string[] = []) =>
      owner<Ticket>('POST', '/api/v1/tickets', { subject, requesterId: adaId, tags });
    const agentPage = async (): Promise<Page> => {
      const page = await browser.newPage({ viewport: { width: 1360, height: 900 } });
      await signIn(page, server.url, AGENT);
      return page;
    };

    before(async () => {
      server = await startServer();
      browser = await launchBrowser();
      owner = await apiSession(server.url, OWNER.email, OWNER.password);
      const contacts = await owner<{ items: { id: string }[] }>(
        'GET',
        '/api/v1/contacts?q=ada%40example.com',
      );
      adaId = contacts.items[0]?.id ?? '';
    });
    after(async () => {
      await browser?.close();
      await server?.stop();
    });

    test('an agent makes a personal macro, previews it on a ticket and applies it', async () => {
      const subject = `Refund please ${stamp}`;
      const ticket = await newTicket(subject);
      const page = await agentPage();
      const a11y = a11yLog(page);

      await page.getByRole('link', { name: 'Macros', exact: true }).click();
      await page.getByRole('heading', { name: 'Macros' }).waitFor();
      await page.getByRole('button', { name: 'New macro' }).click();
      const form = page.getByRole('form', { name: 'New macro' });
      await form.getByLabel('Name').fill(macroName);
      await form.getByLabel('Set priority').selectOption({ label: 'High' });
      await form.getByLabel('Add tags').fill('refund');
      await form.getByLabel('Internal note').fill('Refund flow started');
      await form
        .getByLabel('Or reply with this text')
        .fill('Hi {{requester.first_name}}, your refund is on its way.');
      await a11y.check('macro form');
      await screenshot(page, 'agent-macro-form');
      await form.getByRole('button', { name: 'Save macro' }).click();
      await page.getByRole('list', { name: 'Your macros' }).getByText(macroName).waitFor();

      await page.goto(`${server.url}/tickets/${ticket.id}`);
      await page.getByRole('heading', { name: subject }).waitFor();
      await page.getByRole('form', { name: 'Composer' }).getByRole('button', { name: 'Macros' }).click();
      const dialog = page.getByRole('dialog', { name: 'Apply a macro' });
      await dialog.getByRole('button', { name: new RegExp(macroName) }).click();
      const preview = page.getByRole('dialog', { name: `Macro: ${macroName}` });
      const changes = preview.getByRole('list', { name: 'Changes' });
      await changes.getByText('High').waitFor();
      assert.match((await changes.textContent()) ?? '', /Tags:.*refund/);
      assert.match((await changes.textContent()) ?? '', /Internal note:.*Refund flow started/);
      await preview.getByText('Hi Ada, your refund is on its way.').waitFor();
      // The preview changed nothing.
      assert.equal((await owner<Ticket>('GET', `/api/v1/tickets/${ticket.id}`)).version, ticket.version);
      await a11y.check('macro preview');
      await screenshot(page, 'agent-macro-preview');

      await preview.getByRole('button', { name: 'Apply' }).click();
      await page.getByText(`Macro “${macroName}” applied`).waitFor();
      const details = page.getByRole('complementary', { name: 'Ticket details' });
      const tags = details.getByRole('textbox', { name: 'Tags' });
      for (const until = Date.now() + 5000; (await tags.inputValue()) !== 'refund' && Date.now() < until; )
        await page.waitForTimeout(50);
      assert.equal(await tags.inputValue(), 'refund');
      await page.getByText('Hi Ada, your refund is on its way.').first().waitFor();
      await page.getByText('Refund flow started').first().waitFor();
      const applied = await owner<Ticket>('GET', `/api/v1/tickets/${ticket.id}`);
      assert.deepEqual(applied.tags, ['refund']);
      assert.equal(applied.version, ticket.version + 1);
      assert.deepEqual(a11y.found, []);
      await page.close();
    });

    test('tickets selected in a queue get a macro together', async () => {
      const tag = `macro-bulk-${stamp}`;
      const first = await newTicket(`${tag} one`, [tag]);
      const second = await newTicket(`${tag} two`, [tag]);
      const page = await agentPage();
      await page.goto(`${server.url}/queues/open?tag=${tag}`);
      await page.getByRole('link', { name: `${tag} one`, exact: true }).waitFor();
      for (const index of [0, 1])
        await page
          .getByRole('checkbox', { name: /^Select ticket \d+$/ })
          .nth(index)
          .check();
      const bar = page.getByRole('form', { name: 'Change the selected tickets' });
      await bar.getByRole('button', { name: 'Apply macro' }).click();
      await page
        .getByRole('dialog', { name: 'Apply a macro' })
        .getByRole('button', { name: new RegExp(macroName) })
        .click();
      await page.getByRole('button', { name: 'Apply to 2 tickets' }).click();
      await page.getByText('Macro applied to 2 tickets').waitFor();
      for (const { id } of [first, second]) {
        const ticket = await owner<Ticket>('GET', `/api/v1/tickets/${id}`);
        assert.ok(ticket.tags.includes('refund'), JSON.stringify(ticket.tags));
      }
      await page.close();
    });
  },
);
