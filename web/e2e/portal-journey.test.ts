import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page, Route } from 'playwright-core';
import {
  apiSession,
  browserSuite,
  launchBrowser,
  type RunningServer,
  screenshot,
  seriousA11yViolations,
  startServer,
} from './harness.ts';
import { AGENT, CONTACT_EMAIL, defineIntakeForm, drawLogo, multipartSession, OWNER } from './portal-setup.ts';

const suite = browserSuite();

/** Every API answer the page receives, to prove what the server never sent. */
function recordResponses(page: Page) {
  const bodies: Promise<string>[] = [];
  page.on('response', (response) => {
    if (new URL(response.url()).pathname.startsWith('/api/')) {
      bodies.push(response.text().catch(() => ''));
    }
  });
  return async () => (await Promise.all(bodies)).join('\n');
}

describe(
  'portal journey: sign in by link, send a form with a file, follow the request, resolve it',
  suite,
  () => {
    let server: RunningServer;
    let browser: Browser;
    const stamp = Date.now();
    const subject = `Cannot log in ${stamp}`;
    const noteText = `Internal only: customer is on the legacy cluster ${stamp}`;
    const internalFile = `internal-diagnosis-${stamp}.txt`;
    const publicReply = `We reset your session, please try again ${stamp}`;

    before(async () => {
      server = await startServer();
      browser = await launchBrowser();
    });
    after(async () => {
      await browser?.close();
      await server?.stop();
    });

    test('the customer sees the public conversation only, and every page passes axe', async () => {
      const owner = await apiSession(server.url, OWNER.email, OWNER.password);
      const ownerFiles = await multipartSession(server.url, OWNER.email, OWNER.password);
      const form = await defineIntakeForm(owner, stamp);
      const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
      // Everything the portal's live socket receives, to prove an internal note never travels on it.
      const frames: string[] = [];
      page.on('websocket', (socket) =>
        socket.on('framereceived', (frame) => frames.push(String(frame.payload))),
      );
      // A light brand colour: the header's text must turn black to stay readable.
      await owner('PATCH', '/api/v1/organization', { brandColor: '#ffd166' });
      const logo = await drawLogo(page);
      await ownerFiles('PUT', '/api/v1/organization/logo', {
        name: 'logo.png',
        type: 'image/png',
        bytes: logo,
      });
      const contacts = await owner<{ items: { id: string }[] }>('GET', `/api/v1/contacts?q=${CONTACT_EMAIL}`);
      const link = await owner<{ url: string }>(
        'POST',
        `/api/v1/contacts/${contacts.items[0]?.id}/sign-in-links`,
      );
      const statuses = await owner<{ items: { name: string; category: string }[] }>(
        'GET',
        '/api/v1/ticket-statuses',
      );
      const statusName = (category: string) =>
        statuses.items.find((s) => s.category === category)?.name ?? '';

      const a11y: string[] = [];
      const check = async (name: string) => {
        a11y.push(...(await seriousA11yViolations(page)).map((v) => `${name}: ${v}`));
        await screenshot(page, `portal-${name}`);
      };

      // Signed out, the portal asks for sign-in in the organization's colours.
      await page.goto(`${server.url}/portal/demo/requests`);
      await page.getByRole('heading', { name: 'Sign in' }).waitFor();
      assert.match(page.url(), /\/portal\/demo\/sign-in\?next=/);
      const header = page.locator('.portal-header');
      assert.equal(await header.evaluate((e) => getComputedStyle(e).backgroundColor), 'rgb(255, 209, 102)');
      assert.equal(await header.evaluate((e) => getComputedStyle(e).color), 'rgb(0, 0, 0)');
      await page.locator('.portal-logo').waitFor();
      await check('sign-in');
      await page.getByLabel('Email').fill(CONTACT_EMAIL);
      await page.getByRole('button', { name: 'Email me a sign-in link' }).click();
      await page.getByRole('status').getByText('a sign-in link is on its way').waitFor();

      // The emailed link signs the customer in once. The "who am I" request the page sends on load is
      // held back until after the link is redeemed: its signed-out answer must not undo the sign-in.
      const slowMe = async (route: Route) => {
        const response = await route.fetch();
        await new Promise((resolve) => setTimeout(resolve, 700));
        await route.fulfill({ response });
      };
      await page.route('**/api/v1/portal/me', slowMe);
      const lateMe = page.waitForResponse('**/api/v1/portal/me');
      await page.goto(link.url);
      await page.getByRole('heading', { name: /How can we help, Ada/ }).waitFor();
      await lateMe;
      await page.unroute('**/api/v1/portal/me', slowMe);
      await page
        .getByRole('navigation', { name: 'Portal' })
        .getByRole('link', { name: 'My requests' })
        .click();
      await page.getByRole('heading', { name: 'My requests' }).waitFor();
      await page.goBack();
      await page.getByRole('heading', { name: /How can we help, Ada/ }).waitFor();
      assert.doesNotMatch(page.url(), /token/);
      await check('home');

      await page.getByRole('link', { name: form.name }).click();
      await page.getByRole('heading', { name: form.name }).waitFor();
      await page.getByRole('button', { name: 'Send request' }).click();
      await page.getByText('Subject is required').waitFor();
      await page.getByText('Plan is required').waitFor();
      assert.equal(
        await page.getByLabel('Subject (required)').evaluate((e) => e === document.activeElement),
        true,
      );
      await check('form-errors');

      await page.getByLabel('Subject (required)').fill(subject);
      await page.getByLabel('Description (required)').fill('The login page says my session expired.');
      await page.getByLabel('Plan (required)').selectOption('gold');
      await page.getByLabel('Seats').fill('many');
      await page.getByLabel('Broken since').fill('2026-11-20');
      await page.getByLabel('Blocks my work').check();
      await page.getByLabel('Billing').check();
      await page.getByLabel('Attach files').setInputFiles({
        name: `screenshot-${stamp}.txt`,
        mimeType: 'text/plain',
        buffer: Buffer.from('error 401 at login'),
      });
      await page.getByRole('list', { name: 'Files to send' }).getByText(`screenshot-${stamp}.txt`).waitFor();
      await page.getByRole('button', { name: 'Send request' }).click();
      await page.getByText('Seats must be a number').waitFor();
      await page.getByLabel('Seats').fill('12');

      // The form changed on the server meanwhile: its answer is shown next to the field too.
      await form.requireOrderNumber();
      await page.getByRole('button', { name: 'Send request' }).click();
      const orderError = page
        .locator('.field', { has: page.getByLabel('Order number') })
        .locator('.field-error');
      await orderError.waitFor();
      assert.match((await orderError.textContent()) ?? '', /Order number/);
      await page.getByLabel('Order number').fill('A-1001');
      await page.getByRole('button', { name: 'Send request' }).click();

      await page.getByRole('heading', { name: subject }).waitFor();
      const ticketId = page.url().split('/').at(-1) ?? '';
      await page.getByText('The login page says my session expired.').waitFor();
      await page.getByRole('link', { name: `screenshot-${stamp}.txt` }).waitFor();
      await page.locator('.portal-status', { hasText: statusName('new') }).waitFor();
      await page.locator('.portal-fields', { hasText: 'Gold' }).waitFor();

      // An agent answers in public, and leaves a note with a file for colleagues only.
      const agent = await apiSession(server.url, AGENT.email, AGENT.password);
      const agentFiles = await multipartSession(server.url, AGENT.email, AGENT.password);
      await agent('POST', `/api/v1/tickets/${ticketId}/comments`, {
        body: publicReply,
        visibility: 'public',
      });
      const secret = await agentFiles<{ id: string }>('POST', `/api/v1/tickets/${ticketId}/attachments`, {
        name: internalFile,
        type: 'text/plain',
        bytes: new TextEncoder().encode('cluster logs'),
      });
      await agent('POST', `/api/v1/tickets/${ticketId}/comments`, {
        body: noteText,
        visibility: 'internal',
        attachmentIds: [secret.id],
      });

      // The public reply appears while the customer is on the page, without a reload.
      await page.locator('.portal-message', { hasText: publicReply }).waitFor();

      const received = recordResponses(page);
      await page.reload();
      await page.getByText(publicReply).waitFor();
      await page.getByText('The login page says my session expired.').waitFor();
      const html = await page.content();
      const answers = await received();
      assert.ok(answers.includes(publicReply), 'the recorder saw the conversation');
      for (const secretText of [noteText, internalFile, 'legacy cluster']) {
        assert.equal(html.includes(secretText), false, `the page shows "${secretText}"`);
        assert.equal(answers.includes(secretText), false, `an API answer holds "${secretText}"`);
      }
      await check('request');

      // The customer replies with a file, then marks the request resolved.
      await page.getByLabel('Your message').fill('Works now, thank you!');
      await page.getByLabel('Attach files').setInputFiles({
        name: `after-${stamp}.txt`,
        mimeType: 'text/plain',
        buffer: Buffer.from('all good'),
      });
      await page.getByRole('list', { name: 'Files to send' }).getByText(`after-${stamp}.txt`).waitFor();
      await page.getByRole('button', { name: 'Send reply' }).click();
      await page
        .locator('.portal-message', { hasText: 'Works now, thank you!' })
        .getByRole('link', { name: `after-${stamp}.txt` })
        .waitFor();
      // The socket carried the customer's own reply, which came after the note; the note never came.
      for (const until = Date.now() + 5000; Date.now() < until; ) {
        if (frames.some((frame) => frame.includes('Works now, thank you!'))) break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      assert.ok(
        frames.some((frame) => frame.includes('Works now, thank you!')),
        'the live socket carried the public messages',
      );
      for (const secretText of [noteText, internalFile])
        assert.equal(frames.join('\n').includes(secretText), false, `a socket frame holds "${secretText}"`);
      await page.getByRole('button', { name: 'Mark as resolved' }).click();
      await page.locator('.portal-status', { hasText: statusName('solved') }).waitFor();
      await page.getByRole('button', { name: 'Mark as resolved' }).waitFor({ state: 'detached' });
      const ticket = await agent<{ statusId: string }>('GET', `/api/v1/tickets/${ticketId}`);
      assert.ok(ticket.statusId);
      await check('request-resolved');

      await page
        .getByRole('navigation', { name: 'Portal' })
        .getByRole('link', { name: 'My requests' })
        .click();
      const row = page.getByRole('row', { name: new RegExp(subject) });
      await row.waitFor();
      assert.match((await row.textContent()) ?? '', new RegExp(statusName('solved')));
      await check('requests');

      // A password, then signing out and in again with it.
      await page
        .getByRole('navigation', { name: 'Portal' })
        .getByRole('link', { name: 'Ada Lovelace' })
        .click();
      await page.getByRole('heading', { name: 'Choose a password' }).waitFor();
      await page.getByLabel('New password').fill('ada-portal-password');
      await page.getByRole('button', { name: 'Save password' }).click();
      await page.getByRole('heading', { name: 'Change your password' }).waitFor();
      await check('account');
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.getByRole('heading', { name: 'Sign in' }).waitFor();
      await page.getByLabel('Email').fill(CONTACT_EMAIL);
      await page.getByLabel('Password').fill('ada-portal-password');
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await page.getByRole('heading', { name: /How can we help/ }).waitFor();

      assert.deepEqual(a11y, [], 'no serious or critical accessibility violations');
      await page.close();
    });
  },
);
