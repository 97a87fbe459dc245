import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import {
  AGENT,
  apiSession,
  browserSuite,
  launchBrowser,
  OWNER,
  type RunningServer,
  screenshot,
  seriousA11yViolations,
  startServer,
} from './harness.ts';

const suite = browserSuite();

describe(
  'agent journey: sign in, find a ticket, reply with a canned response, add an internal note',
  suite,
  () => {
    let server: RunningServer;
    let browser: Browser;
    const stamp = Date.now();
    const subject = `Printer on fire ${stamp}`;
    const cannedTitle = `Looking into it ${stamp}`;

    before(async () => {
      server = await startServer();
      browser = await launchBrowser();
      // Set-up through the API: a customer's ticket waiting unassigned, and a shared canned response.
      const owner = await apiSession(server.url, OWNER.email, OWNER.password);
      const contacts = await owner<{ items: { id: string }[] }>(
        'GET',
        '/api/v1/contacts?q=ada%40example.com',
      );
      await owner('POST', '/api/v1/tickets', {
        subject,
        requesterId: contacts.items[0]?.id,
        comment: { body: 'Our office printer is smoking. Please help!', visibility: 'public' },
      });
      await owner('POST', '/api/v1/canned-responses', {
        title: cannedTitle,
        body: 'Hi {{requester.first_name}}, thanks for reporting ticket #{{ticket.number}}. We are on it.',
        scope: 'shared',
      });
    });
    after(async () => {
      await browser?.close();
      await server?.stop();
    });

    test('the whole journey works and every page passes axe', async () => {
      const page = await browser.newPage({ viewport: { width: 1360, height: 900 } });
      const a11y: string[] = [];
      const check = async (name: string) =>
        a11y.push(...(await seriousA11yViolations(page)).map((v) => `${name}: ${v}`));

      await page.goto(`${server.url}/`);
      await page.getByRole('heading', { name: 'Sign in to ActionConnect' }).waitFor();
      await check('sign-in');
      await page.getByLabel('Email').fill(AGENT.email);
      await page.getByLabel('Password').fill(AGENT.password);
      await page.getByRole('button', { name: 'Sign in' }).click();

      await page.getByRole('heading', { name: 'My open tickets' }).waitFor();
      await page
        .getByRole('navigation', { name: 'Queues' })
        .getByRole('link', { name: 'Unassigned' })
        .click();
      await page.getByRole('heading', { name: 'Unassigned' }).waitFor();
      const row = page.getByRole('link', { name: subject });
      await row.waitFor();
      await check('queue');
      await screenshot(page, 'agent-queue');
      await row.click();

      await page.getByRole('heading', { name: subject }).waitFor();
      await page.getByText('Our office printer is smoking').waitFor();
      await page.getByRole('button', { name: 'Insert canned response' }).click();
      await page.getByRole('dialog').getByLabel('Search').fill(cannedTitle);
      await page.getByRole('button', { name: new RegExp(cannedTitle) }).click();
      await page.getByRole('dialog').waitFor({ state: 'hidden' });
      const composer = page.getByLabel('Reply to the customer');
      assert.match(
        await composer.inputValue(),
        /^Hi Ada, thanks for reporting ticket #\d+\. We are on it\.$/,
      );
      await page.getByRole('button', { name: 'Send reply to customer' }).click();
      await page.locator('.comment', { hasText: 'We are on it.' }).waitFor();

      await page.locator('.toggle label', { hasText: 'Internal note' }).click();
      assert.equal(await page.getByRole('radio', { name: 'Internal note' }).isChecked(), true);
      await page.getByRole('button', { name: 'Add internal note' }).waitFor();
      await page.getByText('only agents see this').waitFor();
      await page
        .getByRole('textbox', { name: 'Internal note for your team' })
        .fill('Customer sounds worried; called facilities.');
      await check('ticket (note mode)');
      await page.getByRole('button', { name: 'Add internal note' }).click();

      const note = page.locator('.comment', { hasText: 'called facilities' });
      await note.waitFor();
      assert.match((await note.getAttribute('class')) ?? '', /comment-internal/);
      assert.match((await note.textContent()) ?? '', /Internal note/);
      const reply = page.locator('.comment', { hasText: 'We are on it.' });
      assert.doesNotMatch((await reply.textContent()) ?? '', /Internal note/);
      // The note is on a different background from the public reply.
      const background = (locator: typeof note) =>
        locator.evaluate((element) => getComputedStyle(element).backgroundColor);
      assert.notEqual(await background(note), await background(reply));
      await check('ticket');
      await screenshot(page, 'agent-journey');

      assert.deepEqual(a11y, [], 'no serious or critical accessibility violations');
      await page.close();
    });
  },
);
