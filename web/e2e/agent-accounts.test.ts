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

describe('agent console accounts: invitations, password resets, tickets for new customers', suite, () => {
  let server: RunningServer;
  let browser: Browser;
  let owner: Api;
  const stamp = Date.now();
  const newPage = () => browser.newPage({ viewport: { width: 1360, height: 900 } });

  before(async () => {
    // Info-level logs carry the reset links, which the email issue will send later.
    server = await startServer({ logLevel: 'info' });
    browser = await launchBrowser();
    owner = await apiSession(server.url, OWNER.email, OWNER.password);
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('an invited agent opens the link, sets a name and password and lands signed in', async () => {
    const email = `new-agent-${stamp}@demo.actionconnect.test`;
    const invited = await owner<{ acceptUrl: string }>('POST', '/api/v1/invitations', {
      email,
      role: 'agent',
    });
    const page = await newPage();
    const a11y = a11yLog(page);
    await page.goto(invited.acceptUrl);
    await page.getByRole('heading', { name: 'Join your team on ActionConnect' }).waitFor();
    await a11y.check('accept invitation');
    await page.getByLabel('Your name').fill('Nina Newcomer');
    await page.getByLabel('Choose a password').fill('nina-chooses-a-long-password');
    await page.getByRole('button', { name: 'Accept invitation' }).click();
    await page.getByRole('heading', { name: 'My open tickets' }).waitFor();
    await page.getByRole('navigation', { name: 'Account' }).getByText('Nina Newcomer').waitFor();
    await a11y.check('first queue of the new agent');
    assert.deepEqual(a11y.found, [], 'no serious or critical accessibility violations');
    await page.close();
  });

  test("a ticket on a new customer's behalf creates the contact", async () => {
    const customer = `walk-in-${stamp}@example.com`;
    const subject = `Walk-in request ${stamp}`;
    const page = await newPage();
    const a11y = a11yLog(page);
    await signIn(page, server.url, AGENT);
    await page.getByRole('link', { name: 'New ticket' }).click();
    await page.getByRole('heading', { name: 'New ticket' }).waitFor();
    await page.getByRole('searchbox', { name: 'Requester' }).fill(customer);
    await page.getByLabel('Name of the new contact').fill('Wendy Walkin');
    await a11y.check('new ticket, new contact');
    await page.getByRole('button', { name: `Use ${customer} as a new contact` }).click();
    await page.getByText(`Wendy Walkin (new contact: ${customer})`).waitFor();
    await page.getByLabel('Subject').fill(subject);
    await page.getByLabel('CC', { exact: true }).fill(`manager-${stamp}@example.com`);
    await page.getByLabel('First message').fill('Came by the front desk: the badge reader rejects her card.');
    await screenshot(page, 'agent-new-ticket');
    await page.getByRole('button', { name: 'Create ticket' }).click();

    await page.getByRole('heading', { name: subject }).waitFor();
    const details = page.getByRole('complementary', { name: 'Ticket details' });
    await details.getByText('Wendy Walkin').waitFor();
    await details.getByText(customer).waitFor();
    await details.getByRole('button', { name: `Remove manager-${stamp}@example.com from CC` }).waitFor();
    await a11y.check('the new ticket');
    const contacts = await owner<{ items: { id: string; name: string }[] }>(
      'GET',
      `/api/v1/contacts?q=${encodeURIComponent(customer)}`,
    );
    assert.deepEqual(
      contacts.items.map((contact) => contact.name),
      ['Wendy Walkin'],
    );
    assert.deepEqual(a11y.found, [], 'no serious or critical accessibility violations');
    await page.close();
  });

  test('a forgotten password is reset through the logged link, then signs in', async () => {
    const email = `forgetful-${stamp}@demo.actionconnect.test`;
    const invited = await owner<{ token: string }>('POST', '/api/v1/invitations', { email, role: 'agent' });
    await fetch(`${server.url}/api/v1/invitations/accept`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        token: invited.token,
        name: 'Fran Forgetful',
        password: 'the-password-she-forgot',
      }),
    });
    const page = await newPage();
    const a11y = a11yLog(page);
    await page.goto(`${server.url}/login`);
    await page.getByRole('link', { name: 'Forgot your password?' }).click();
    await page.getByRole('heading', { name: 'Reset your password' }).waitFor();
    await a11y.check('forgot password');
    await page.getByLabel('Email').fill(email);
    await page.getByRole('button', { name: 'Send reset link' }).click();
    await page.getByRole('status').getByText('a reset link is on its way').waitFor();
    await a11y.check('reset link requested');

    const line = JSON.parse(await server.waitForLog(/passwordResetUrl/)) as {
      passwordResetUrl: string;
      msg: string;
    };
    assert.match(line.msg, /no SMTP server to email it, so it is logged/);
    await page.goto(line.passwordResetUrl);
    await page.getByRole('heading', { name: 'Choose a new password' }).waitFor();
    await a11y.check('choose a new password');
    await page.getByLabel('New password', { exact: true }).fill('fran-remembers-this-one');
    await page.getByRole('button', { name: 'Set password' }).click();
    await page.getByRole('status').getByText('Your password is set').waitFor();
    await screenshot(page, 'agent-password-reset');
    await page.getByRole('link', { name: 'Sign in with your new password' }).click();

    await page.getByRole('heading', { name: 'Sign in to ActionConnect' }).waitFor();
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password', { exact: true }).fill('fran-remembers-this-one');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'My open tickets' }).waitFor();
    await page.getByRole('navigation', { name: 'Account' }).getByText('Fran Forgetful').waitFor();

    // The link worked once.
    await page.goto(line.passwordResetUrl);
    await page.getByLabel('New password', { exact: true }).fill('another-long-password');
    await page.getByRole('button', { name: 'Set password' }).click();
    await page.getByRole('alert').getByText('invalid, used or expired').waitFor();
    await a11y.check('used reset link');
    assert.deepEqual(a11y.found, [], 'no serious or critical accessibility violations');
    await page.close();
  });
});
