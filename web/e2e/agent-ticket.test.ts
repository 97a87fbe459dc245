import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import {
  AGENT,
  type Api,
  a11yLog,
  apiSession,
  browserSuite,
  launchBrowser,
  OUTPUT_DIR,
  OWNER,
  type RunningServer,
  screenshot,
  signIn,
  startServer,
} from './harness.ts';

const suite = browserSuite();

type Ticket = { id: string; version: number; priorityId: string; tags: string[] };

describe(
  'agent console ticket page: conflicts, CCs, attachments, composer modes, long threads',
  suite,
  () => {
    let server: RunningServer;
    let browser: Browser;
    let owner: Api;
    let adaId: string;
    const stamp = Date.now();

    const newTicket = (subject: string, extra: Record<string, unknown> = {}) =>
      owner<Ticket>('POST', '/api/v1/tickets', { subject, requesterId: adaId, ...extra });
    const openTicket = async (id: string, subject: string) => {
      const page = await browser.newPage({ viewport: { width: 1360, height: 900 } });
      await signIn(page, server.url, AGENT);
      await page.goto(`${server.url}/tickets/${id}`);
      await page.getByRole('heading', { name: subject }).waitFor();
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

    test('a save after someone else changed the ticket says so, and a reload shows their change', async () => {
      const subject = `Conflicting ticket ${stamp}`;
      const ticket = await newTicket(subject);
      const page = await openTicket(ticket.id, subject);
      const a11y = a11yLog(page);
      const details = page.getByRole('complementary', { name: 'Ticket details' });
      await details.getByLabel('Priority').selectOption({ label: 'High' });

      // Meanwhile, through the API: someone else tags the ticket.
      await owner('PATCH', `/api/v1/tickets/${ticket.id}`, { version: ticket.version, tags: ['escalated'] });
      await details.getByRole('button', { name: 'Save changes' }).click();
      const alert = details.getByRole('alert');
      await alert.getByText('Someone else changed this ticket').waitFor();
      assert.match((await alert.textContent()) ?? '', /now version 2, you had 1/);
      await a11y.check('ticket with conflict');
      await screenshot(page, 'agent-ticket-conflict');

      await alert.getByRole('button', { name: 'Reload the ticket' }).click();
      await alert.waitFor({ state: 'detached' });
      // The alert goes at once; the reloaded ticket arrives a moment later.
      const tags = details.getByRole('textbox', { name: 'Tags' });
      for (const until = Date.now() + 5000; (await tags.inputValue()) !== 'escalated' && Date.now() < until; )
        await page.waitForTimeout(50);
      assert.equal(await tags.inputValue(), 'escalated');
      await details.getByLabel('Priority').selectOption({ label: 'High' });
      await details.getByRole('button', { name: 'Save changes' }).click();
      // The page shows nothing new on success, so the server is asked until the save has landed.
      const deadline = Date.now() + 5000;
      let saved = await owner<Ticket>('GET', `/api/v1/tickets/${ticket.id}`);
      while (saved.version < 3 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        saved = await owner<Ticket>('GET', `/api/v1/tickets/${ticket.id}`);
      }
      assert.equal(saved.version, 3, 'the second save went through');
      assert.deepEqual(saved.tags, ['escalated'], 'their change was kept');
      assert.deepEqual(a11y.found, [], 'no serious or critical accessibility violations');
      await page.close();
    });

    test('CCs are added and removed in the side panel; a refused address says why beside the field', async () => {
      const subject = `Copied ticket ${stamp}`;
      const ticket = await newTicket(subject);
      const page = await openTicket(ticket.id, subject);
      const a11y = a11yLog(page);
      const details = page.getByRole('complementary', { name: 'Ticket details' });
      const field = details.getByRole('textbox', { name: 'Add a CC' });
      const add = details.getByRole('button', { name: 'Add', exact: true });
      const ccsOnServer = async () =>
        (await owner<{ items: { email: string }[] }>('GET', `/api/v1/tickets/${ticket.id}/ccs`)).items.map(
          (cc) => cc.email,
        );

      const colleague = `colleague-${stamp}@example.com`;
      await field.fill(colleague);
      await add.click();
      const removeColleague = details.getByRole('button', { name: `Remove ${colleague} from CC` });
      await removeColleague.waitFor();
      assert.equal(await field.inputValue(), '', 'the field is cleared for the next one');
      assert.deepEqual(await ccsOnServer(), [colleague]);

      await field.fill('ada@example.com');
      await add.click();
      await details.getByRole('alert').getByText('ada@example.com is the requester').waitFor();
      assert.equal(await field.getAttribute('aria-invalid'), 'true');
      await a11y.check('CC list with a refused address');
      await screenshot(page, 'agent-ticket-ccs');

      await removeColleague.click();
      await details.getByText('Nobody is copied.').waitFor();
      assert.deepEqual(await ccsOnServer(), []);
      assert.deepEqual(a11y.found, [], 'no serious or critical accessibility violations');
      await page.close();
    });

    test('a file chosen with the picker is sent with the comment; reply and note modes look apart', async () => {
      const subject = `Attachment ticket ${stamp}`;
      const ticket = await newTicket(subject, {
        comment: { body: 'Here is my problem.', visibility: 'public' },
      });
      const page = await openTicket(ticket.id, subject);
      const a11y = a11yLog(page);
      const composer = page.getByRole('form', { name: 'Composer' });

      await page
        .getByLabel('Reply to the customer')
        .fill('Thanks, we are looking at it. See the steps attached.');
      const file = path.join(OUTPUT_DIR, `steps-${stamp}.txt`);
      writeFileSync(file, 'Step 1: turn it off.\nStep 2: turn it on again.\n');
      await composer.locator('input[type="file"]').setInputFiles(file);
      await composer.getByRole('list', { name: 'Files to send' }).getByText(`steps-${stamp}.txt`).waitFor();
      await a11y.check('composer, reply mode');
      await composer.screenshot({ path: path.join(OUTPUT_DIR, 'agent-composer-reply.png') });
      await composer.getByRole('button', { name: 'Send reply to customer' }).click();

      const reply = page.locator('.comment', { hasText: 'See the steps attached.' });
      const link = reply.getByRole('link', { name: `steps-${stamp}.txt` });
      await link.waitFor();
      const download = await page.request.get(
        new URL((await link.getAttribute('href')) ?? '', server.url).href,
      );
      assert.equal(download.status(), 200);
      assert.match(await download.text(), /turn it on again/);

      await composer.locator('.toggle label', { hasText: 'Internal note' }).click();
      await page
        .getByLabel('Internal note for your team')
        .fill('Customer tried this before; escalate if it fails.');
      await composer.getByText('only agents see this').waitFor();
      await a11y.check('composer, internal-note mode');
      await composer.screenshot({ path: path.join(OUTPUT_DIR, 'agent-composer-note.png') });
      assert.deepEqual(a11y.found, [], 'no serious or critical accessibility violations');
      await page.close();
    });

    test('a long conversation opens on its latest messages and shows earlier ones on request', async () => {
      const subject = `Long thread ${stamp}`;
      const ticket = await newTicket(subject);
      for (let i = 1; i <= 55; i++) {
        await owner('POST', `/api/v1/tickets/${ticket.id}/comments`, {
          body: `Message ${i}.`,
          visibility: 'internal',
        });
      }
      const page = await openTicket(ticket.id, subject);
      const a11y = a11yLog(page);
      const comments = page.getByRole('list', { name: 'Conversation' }).locator(':scope > li');
      await page.getByText('Message 55.').waitFor();
      assert.equal(await comments.count(), 50);
      assert.match(
        (await comments.first().textContent()) ?? '',
        /Message 6\./,
        'oldest first within the page',
      );
      await a11y.check('long conversation');

      await page.getByRole('button', { name: 'Show earlier messages' }).click();
      await page.getByText('Message 1.', { exact: true }).waitFor();
      assert.equal(await comments.count(), 55);
      assert.match((await comments.first().textContent()) ?? '', /Message 1\./);
      assert.match((await comments.last().textContent()) ?? '', /Message 55\./);
      await page.getByRole('button', { name: 'Show earlier messages' }).waitFor({ state: 'detached' });
      await screenshot(page, 'agent-long-conversation');
      assert.deepEqual(a11y.found, [], 'no serious or critical accessibility violations');
      await page.close();
    });
  },
);
