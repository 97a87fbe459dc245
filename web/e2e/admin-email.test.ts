import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import {
  a11yLog,
  browserSuite,
  launchBrowser,
  OWNER,
  type RunningServer,
  screenshot,
  signIn,
  startServer,
} from './harness.ts';

const suite = browserSuite();

describe('admin email settings: the webhook secret, IMAP mailboxes, held messages', suite, () => {
  let server: RunningServer;
  let browser: Browser;

  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('the secret shown once works; a mailbox that cannot be reached is refused with the reason', async () => {
    const page = await browser.newPage({ viewport: { width: 1360, height: 1000 } });
    const a11y = a11yLog(page);
    await signIn(page, server.url, OWNER);
    await page.goto(`${server.url}/admin/email`);
    await page.getByRole('heading', { name: 'Email', exact: true }).waitFor();
    await page.getByText('No IMAP mailboxes').waitFor();
    await page.getByText('No held messages').waitFor();
    await a11y.check('email settings');

    await page.getByRole('button', { name: 'Create a new intake secret' }).click();
    const secret = (await page.locator('.secret code').textContent()) ?? '';
    assert.match(secret, /^acin_/);
    const posted = await fetch(`${server.url}/api/v1/inbound-email`, {
      method: 'POST',
      headers: { authorization: `Bearer ${secret}`, 'content-type': 'message/rfc822' },
      body: 'From: a@customer.example\r\nSubject: via webhook\r\n\r\nHello\r\n',
    });
    assert.equal(posted.status, 202);

    const form = page.getByRole('form', { name: 'Connect an IMAP mailbox' });
    await form.getByLabel('Support address').fill('help@demo.example');
    await form.getByLabel('IMAP server').fill('127.0.0.1');
    await form.getByLabel('Port', { exact: true }).fill('1');
    await form.getByLabel('Encryption').selectOption('none');
    await form.getByLabel('User name').fill('help');
    await form.getByLabel('Password', { exact: true }).fill('secret');
    await form.getByRole('button', { name: 'Connect' }).click();
    await form.getByRole('alert').first().waitFor();
    assert.match((await form.textContent()) ?? '', /connect|refused|reach/i);
    await page.getByText('No IMAP mailboxes').waitFor();

    // Sending through the organization's own server; the acknowledgement refuses unknown placeholders.
    const settings = page.getByRole('form', { name: 'Email settings' });
    await settings.getByLabel('Sender name').fill('Demo Helpdesk');
    await settings.getByLabel('Send through').selectOption('own');
    await settings.getByLabel('SMTP server').fill('smtp.demo.example');
    await settings.getByLabel('SMTP port').fill('587');
    await settings.getByRole('button', { name: 'Save email settings' }).click();
    await page.getByText('Email settings saved').waitFor();
    const acknowledgement = page.getByRole('form', { name: 'Acknowledgement email' });
    await acknowledgement.getByLabel('Message').fill('Hello {{customer.shoe_size}}');
    await acknowledgement.getByRole('button', { name: 'Save acknowledgement' }).click();
    await acknowledgement
      .getByText(/shoe_size/)
      .first()
      .waitFor();
    // Agents' notifications have their own template, with the link to the ticket in the console.
    const assigned = page.getByRole('form', { name: 'Assignment notification email' });
    await assigned.locator('code', { hasText: '{{ticket.url}}' }).waitFor();
    await assigned.getByLabel('Subject').fill('Yours now: {{ticket.subject}}');
    await assigned.getByRole('button', { name: 'Save assignment notification' }).click();
    await page.getByText('Assignment notification saved').waitFor();
    await page.reload();
    await page.getByRole('form', { name: 'Email settings' }).getByLabel('SMTP server').waitFor();
    assert.equal(await page.getByLabel('SMTP server').inputValue(), 'smtp.demo.example');
    assert.equal(
      await page
        .getByRole('form', { name: 'Assignment notification email' })
        .getByLabel('Subject')
        .inputValue(),
      'Yours now: {{ticket.subject}}',
    );
    await a11y.check('email settings with an error');
    await screenshot(page, 'admin-email');
    assert.deepEqual(a11y.found, [], 'no serious or critical accessibility violations');
    await page.close();
  });
});
