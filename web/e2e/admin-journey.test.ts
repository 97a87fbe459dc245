import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import {
  AGENT,
  apiSession,
  browserSuite,
  launchBrowser,
  OWNER,
  type RunningServer,
  screenshot,
  seriousA11yViolations,
  signIn,
  startServer,
} from './harness.ts';

const suite = browserSuite();

const statusNames = (page: Page) =>
  page.getByRole('list', { name: 'Statuses' }).locator('.option-name').allTextContents();

type Check = (name: string) => Promise<unknown>;

/** Custom fields, intake forms, canned responses and the organization: each works and passes axe. */
async function visitTheOtherPages(page: Page, check: Check) {
  const nav = page.getByRole('navigation', { name: 'Settings' });
  const dialog = page.getByRole('dialog');

  await nav.getByRole('link', { name: 'Custom fields' }).click();
  await page.getByText('No custom fields yet').waitFor();
  await page.getByRole('button', { name: 'New field' }).click();
  await dialog.getByLabel('Label', { exact: true }).fill('Plan');
  await dialog.getByLabel('Key').fill('plan');
  await dialog.getByLabel('Type').selectOption('select');
  await dialog.getByRole('button', { name: 'Add option' }).click();
  await dialog.getByLabel('Option 1 label').fill('Gold');
  await dialog.getByLabel('Visible to customers').check();
  await check('custom field dialog');
  await dialog.getByRole('button', { name: 'Create field' }).click();
  await dialog.waitFor({ state: 'hidden' });
  await page.getByRole('cell', { name: 'Gold', exact: true }).waitFor();
  await check('custom fields');
  await screenshot(page, 'admin-custom-fields');

  await nav.getByRole('link', { name: 'Intake forms' }).click();
  await page.getByText('No intake forms yet').waitFor();
  await check('intake forms (empty)');
  await page.getByRole('link', { name: 'New form' }).click();
  await page.getByLabel('Name', { exact: true }).fill('Billing question');
  await page.getByLabel('Add a field').selectOption({ label: 'Plan' });
  await page.getByRole('button', { name: 'Add field' }).click();
  await page.getByLabel('Help text').fill('As on your invoice');
  await page.getByLabel('Team').selectOption({ label: 'Billing' });
  await page.getByLabel('Tags').fill('billing, portal');
  await check('intake form editor');
  await screenshot(page, 'admin-intake-form');
  await page.getByRole('button', { name: 'Create form' }).click();
  await page.getByRole('link', { name: 'Billing question' }).waitFor();
  await check('intake forms');

  await nav.getByRole('link', { name: 'Canned responses' }).click();
  await page.getByRole('button', { name: 'New response' }).click();
  await dialog.getByLabel('Title').fill('Refund on its way');
  await dialog.getByLabel('Body').fill('Hi {{requester.firstname}}, your refund is on its way.');
  await dialog.getByRole('button', { name: 'Create response' }).click();
  // The server refuses the unknown placeholder; its message shows next to the body.
  await dialog.locator('.field-error', { hasText: 'Unknown placeholder {{requester.firstname}}' }).waitFor();
  await check('canned response dialog with error');
  await dialog.getByLabel('Body').fill('Hi {{requester.first_name}}, your refund is on its way.');
  await dialog.getByRole('button', { name: 'Create response' }).click();
  await dialog.waitFor({ state: 'hidden' });
  await page.getByRole('cell', { name: 'Refund on its way', exact: true }).waitFor();
  await check('canned responses');
  await screenshot(page, 'admin-canned-responses');

  await nav.getByRole('link', { name: 'Organization' }).click();
  await page.getByLabel('Name', { exact: true }).fill('Demo Support Desk');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await page.getByText('Organization settings saved').waitFor();
  await page.locator('.brand-org', { hasText: 'Demo Support Desk' }).waitFor();
  await check('organization');
  await screenshot(page, 'admin-organization');
}

describe('admin journey: the owner changes settings, a plain agent is kept out', suite, () => {
  let server: RunningServer;
  let browser: Browser;
  const subject = `Invoice question ${Date.now()}`;
  let customerSignInLink: () => Promise<string>;

  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
    // A customer's ticket, to find the renamed status on at the end.
    const owner = await apiSession(server.url, OWNER.email, OWNER.password);
    const contacts = await owner<{ items: { id: string }[] }>('GET', '/api/v1/contacts?q=ada%40example.com');
    await owner('POST', '/api/v1/tickets', { subject, requesterId: contacts.items[0]?.id });
    customerSignInLink = async () =>
      (await owner<{ url: string }>('POST', `/api/v1/contacts/${contacts.items[0]?.id}/sign-in-links`)).url;
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('the owner renames and reorders statuses, adds a priority, a team, an invitation and a token', async () => {
    const context = await browser.newContext({
      viewport: { width: 1360, height: 900 },
      permissions: ['clipboard-read', 'clipboard-write'],
    });
    const page = await context.newPage();
    const a11y: string[] = [];
    const check = async (name: string) =>
      a11y.push(...(await seriousA11yViolations(page)).map((v) => `${name}: ${v}`));

    await signIn(page, server.url, OWNER);
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('heading', { name: 'Statuses and priorities' }).waitFor();
    await page.getByRole('list', { name: 'Statuses' }).waitFor();
    await check('statuses');

    // Rename a status.
    await page.getByRole('button', { name: 'Edit Waiting on customer' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Name').fill('Awaiting your reply');
    await check('status dialog');
    await dialog.getByRole('button', { name: 'Save status' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.locator('.option-name', { hasText: 'Awaiting your reply' }).waitFor();

    // Reorder by dragging "Closed" (last) onto "Open" (first); the order survives a reload.
    const before = await statusNames(page);
    assert.deepEqual(before, ['Open', 'In progress', 'Awaiting your reply', 'Resolved', 'Closed']);
    const row = (name: string) =>
      page
        .locator('.option-row')
        .filter({ has: page.locator('.option-name', { hasText: new RegExp(`^${name}$`) }) });
    await row('Closed').dragTo(row('Open'));
    await page.waitForFunction(
      () => document.querySelector('[aria-label="Statuses"] .option-name')?.textContent === 'Closed',
    );
    await page.waitForLoadState('networkidle');
    await page.reload();
    await page.getByRole('list', { name: 'Statuses' }).waitFor();
    assert.deepEqual(await statusNames(page), [
      'Closed',
      'Open',
      'In progress',
      'Awaiting your reply',
      'Resolved',
    ]);

    // And back down with the keyboard-accessible button; focus stays on the moved row.
    await page.getByRole('button', { name: 'Move Closed down' }).click();
    await page.waitForFunction(
      () => document.querySelector('[aria-label="Statuses"] .option-name')?.textContent === 'Open',
    );
    assert.equal(
      await page.evaluate(() => document.activeElement?.textContent),
      '↓Move Closed down',
      'focus follows the moved row',
    );
    await screenshot(page, 'admin-statuses');

    // Add a priority.
    await page.getByRole('button', { name: 'Add priority' }).click();
    await dialog.getByLabel('Name').fill('Critical');
    await dialog.getByLabel('Rank').fill('50');
    await dialog.getByRole('button', { name: 'Add priority' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page
      .getByRole('list', { name: 'Priorities' })
      .locator('.option-name', { hasText: 'Critical' })
      .waitFor();

    // Remove a priority: the dialog asks which one takes over its tickets.
    await page.getByRole('button', { name: 'Remove Low' }).click();
    await dialog.getByLabel('The priority that takes over').selectOption({ label: 'Normal' });
    await check('remove priority dialog');
    await screenshot(page, 'admin-remove-priority');
    await dialog.getByRole('button', { name: 'Remove priority' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByText('Low removed; 0 tickets moved to Normal').waitFor();
    assert.deepEqual(
      await page.getByRole('list', { name: 'Priorities' }).locator('.option-name').allTextContents(),
      ['Normal', 'High', 'Urgent', 'Critical'],
    );

    // Create a team and add the demo agent to it.
    await page.getByRole('navigation', { name: 'Settings' }).getByRole('link', { name: 'Teams' }).click();
    await page.getByLabel('Team name').fill('Billing');
    await page.getByRole('button', { name: 'Create team' }).click();
    const billing = page.getByRole('region', { name: 'Billing' });
    await billing.waitFor();
    await billing.getByLabel('Add an agent to Billing').selectOption({ label: 'Alex Agent' });
    await billing.getByRole('button', { name: 'Add to team' }).click();
    await billing.getByRole('button', { name: 'Remove Alex Agent from Billing' }).waitFor();
    await check('teams');
    await screenshot(page, 'admin-teams');

    // Invite an agent: the link is shown once.
    await page.getByRole('link', { name: 'Agents and invitations' }).click();
    await page.getByRole('cell', { name: 'agent@demo.actionconnect.test', exact: true }).waitFor();
    await page.getByLabel('Email').fill('new.colleague@example.com');
    await page.getByLabel('Role', { exact: true }).selectOption('admin');
    await page.getByRole('button', { name: 'Invite agent' }).click();
    const link = page.locator('.secret code');
    const acceptUrl = (await link.textContent()) ?? '';
    assert.match(acceptUrl, /\/invitations\/accept#token=aci_/);
    await page.getByRole('cell', { name: 'new.colleague@example.com', exact: true }).waitFor();
    await check('agents');
    await screenshot(page, 'admin-agents');
    // The link opens the console's page where the invited person joins.
    const invitee = await browser.newPage();
    await invitee.goto(acceptUrl);
    await invitee.getByRole('heading', { name: 'Join your team on ActionConnect' }).waitFor();
    assert.equal(await invitee.getByRole('alert').count(), 0, 'the link is complete');
    await invitee.close();

    // Create an API token; the copy button puts the secret shown once on the clipboard.
    await page.getByRole('link', { name: 'API tokens' }).click();
    await page.getByLabel('Token name').fill('CRM sync');
    await page.getByRole('button', { name: 'Create token' }).click();
    const secret = (await page.locator('.secret code').textContent()) ?? '';
    assert.match(secret, /^act/);
    await page.getByRole('button', { name: 'Copy' }).click();
    await page.getByText('Copied to the clipboard').waitFor();
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), secret);
    await page.getByRole('cell', { name: 'CRM sync', exact: true }).waitFor();
    await check('api tokens');
    await screenshot(page, 'admin-api-tokens');

    await visitTheOtherPages(page, check);

    // The agent console offers the renamed status.
    await page.getByRole('link', { name: 'Back to the tickets' }).click();
    await page.getByRole('navigation', { name: 'Queues' }).getByRole('link', { name: 'Unassigned' }).click();
    await page.getByRole('link', { name: subject }).click();
    const statusSelect = page.getByLabel('Status', { exact: true });
    // The options arrive with the organization's statuses, after the select itself.
    await statusSelect.locator('option', { hasText: 'Awaiting your reply' }).waitFor({ state: 'attached' });

    // The customer sees the renamed status on the request in the portal.
    await statusSelect.selectOption({ label: 'Awaiting your reply' });
    const saved = page.waitForResponse(
      (r) => r.request().method() === 'PATCH' && r.url().includes('/api/v1/tickets/'),
    );
    await page.getByRole('button', { name: 'Save changes' }).click();
    assert.equal((await saved).status(), 200);
    const portal = await context.newPage();
    await portal.goto(await customerSignInLink());
    await portal.getByRole('heading', { name: /How can we help/ }).waitFor();
    await portal.goto(`${server.url}/portal/demo/requests`);
    const request = portal.getByRole('row').filter({ hasText: subject });
    await request.locator('.portal-status', { hasText: 'Awaiting your reply' }).waitFor();
    await screenshot(portal, 'admin-renamed-status-in-portal');

    assert.deepEqual(a11y, [], 'no serious or critical accessibility violations');
    await context.close();
  });

  test('a plain agent opening the settings is told they lack access', async () => {
    const page = await browser.newPage({ viewport: { width: 1360, height: 900 } });
    await signIn(page, server.url, AGENT, '/admin/statuses');
    await page.getByRole('heading', { name: 'You do not have access to settings' }).waitFor();
    assert.deepEqual(await seriousA11yViolations(page), []);
    await screenshot(page, 'admin-no-access');
    await page.getByRole('link', { name: 'Back to the tickets' }).click();
    await page.getByRole('heading', { name: 'My open tickets' }).waitFor();
    assert.equal(await page.getByRole('link', { name: 'Settings' }).count(), 0);
    await page.close();
  });
});
