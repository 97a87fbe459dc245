import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import {
  AGENT,
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

describe('an email on the ticket page: the new part first, the whole message one click away', suite, () => {
  let server: RunningServer;
  let browser: Browser;
  const subject = `Refund for order ${Date.now()}`;

  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
    const owner = await apiSession(server.url, OWNER.email, OWNER.password);
    const { secret } = await owner<{ secret: string }>('POST', '/api/v1/email/inbound-secret');
    const raw = [
      'From: Grace <grace@customer.example>',
      'To: support@demo.example',
      `Subject: ${subject}`,
      `Message-ID: <${Date.now()}@customer.example>`,
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Please refund order 42.',
      '',
      'On Mon, 23 Nov 2026 at 10:00, Support <support@demo.example> wrote:',
      '> Thanks for your order.',
      '',
    ].join('\r\n');
    const posted = await fetch(`${server.url}/api/v1/inbound-email`, {
      method: 'POST',
      headers: { authorization: `Bearer ${secret}`, 'content-type': 'message/rfc822' },
      body: raw,
    });
    assert.equal(posted.status, 202);
    // Processing runs in the background: wait for the ticket to exist.
    for (let tries = 0; tries < 100; tries++) {
      const page = await owner<{ items: { subject: string }[] }>('GET', '/api/v1/tickets?limit=100');
      if (page.items.some((ticket) => ticket.subject === subject)) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error('the email did not become a ticket');
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('the agent reads the stripped reply, opens the full email and downloads the original', async () => {
    const page = await browser.newPage({ viewport: { width: 1360, height: 900 } });
    const a11y = a11yLog(page);
    await signIn(page, server.url, AGENT);
    await page.getByRole('navigation', { name: 'Queues' }).getByRole('link', { name: 'Unassigned' }).click();
    await page.getByRole('link', { name: subject }).click();
    const comment = page.locator('.comment', { hasText: 'Please refund order 42.' });
    await comment.waitFor();
    assert.doesNotMatch(
      (await comment.locator('.comment-body').textContent()) ?? '',
      /Thanks for your order/,
    );
    await comment.getByText('Show the full email').click();
    await comment.locator('.email-text', { hasText: '> Thanks for your order.' }).waitFor();
    await comment.getByText('sender not checked').waitFor();
    await a11y.check('ticket with an email');
    await screenshot(page, 'agent-email-full');

    const download = page.waitForEvent('download');
    await comment.getByRole('link', { name: 'Download the original message (.eml)' }).click();
    const file = await download;
    const saved = await file.path();
    assert.ok(saved);
    const { readFile } = await import('node:fs/promises');
    assert.match(await readFile(saved, 'utf8'), new RegExp(`Subject: ${subject}`));

    // The reply is emailed from a job; this server has no outgoing mail server, and says so.
    await page.getByLabel('Reply to the customer').fill('Refund done.');
    await page.getByRole('button', { name: 'Send reply to customer' }).click();
    const reply = page.locator('.comment', { hasText: 'Refund done.' });
    await reply.waitFor();
    await page.reload();
    await reply.getByText(/Email not delivered|Emailing|Retrying/).waitFor();
    assert.deepEqual(a11y.found, [], 'no serious or critical accessibility violations');
    await page.close();
  });
});
