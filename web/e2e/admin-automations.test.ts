import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import {
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

type Rule = {
  id: string;
  name: string;
  enabled: boolean;
  trigger: Record<string, unknown>;
  conditions: Record<string, unknown>;
  actions: Record<string, unknown>[];
};
type Ticket = { id: string; number: number; teamId: string | null; version: number };

const rules = async (api: Api) => (await api<{ items: Rule[] }>('GET', '/api/v1/automations')).items;

/** Polls until `check` holds: rules run in a job after the change commits. */
async function eventually(check: () => Promise<boolean>, what: string, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** The text beside a field: its role=alert message inside the same row of the builder. */
const rowOf = (page: Page, label: string) =>
  page.locator('.rule-part').filter({ has: page.getByLabel(label) });

describe('admin automations: the rule builder, its test view and run log, templates', suite, () => {
  let server: RunningServer;
  let browser: Browser;
  let owner: Api;
  let billingId: string;
  let supportId: string;

  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
    owner = await apiSession(server.url, OWNER.email, OWNER.password);
    billingId = (await owner<{ id: string }>('POST', '/api/v1/teams', { name: 'Billing' })).id;
    const teams = await owner<{ items: { id: string; name: string }[] }>('GET', '/api/v1/teams?limit=100');
    supportId = teams.items.find((team) => team.name === 'Customer Support')?.id ?? '';
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('an admin builds "route by keyword", sees what is missing, and the rule routes, logs and tests', async () => {
    const page = await browser.newPage({ viewport: { width: 1360, height: 1000 } });
    const a11y = a11yLog(page);
    await signIn(page, server.url, OWNER);
    await page.goto(`${server.url}/admin/automations`);
    await page.getByRole('heading', { name: 'Automations' }).waitFor();
    await page.getByText('No automation rules yet').waitFor();
    await a11y.check('automations');

    await page.getByRole('link', { name: 'New rule' }).click();
    await page.getByRole('heading', { name: 'New automation rule' }).waitFor();
    await page.getByLabel('Name', { exact: true }).fill('Route refunds to Billing');
    assert.equal(await page.getByLabel('Runs when').inputValue(), 'ticket.created');
    await page.getByRole('button', { name: 'Add a condition' }).click();
    await page.getByLabel('Condition 1', { exact: true }).selectOption({ label: 'Text contains words' });
    await page.getByLabel('Condition 1: words or phrases').fill('refund, invoice');
    // Rows keep what was typed in them when they move or a row before them goes.
    await page.getByRole('button', { name: 'Add a condition' }).click();
    await page.getByLabel('Condition 2', { exact: true }).selectOption({ label: 'Tags' });
    await page.getByLabel('Condition 2: tags').fill('vip');
    await page.getByRole('button', { name: 'Move Condition 2 up' }).click();
    assert.equal(await page.getByLabel('Condition 1: tags').inputValue(), 'vip');
    assert.equal(await page.getByLabel('Condition 2: words or phrases').inputValue(), 'refund, invoice');
    await page.getByRole('button', { name: 'Remove Condition 1' }).click();
    assert.equal(await page.getByLabel('Condition 1: words or phrases').inputValue(), 'refund, invoice');
    await page.getByRole('button', { name: 'Add an action' }).click();
    await page.getByLabel('Action 1', { exact: true }).selectOption({ label: 'Set the team' });
    // No team chosen yet: the builder says so beside the field and sends nothing.
    await page.getByRole('button', { name: 'Create rule' }).click();
    await rowOf(page, 'Action 1: team').getByRole('alert').filter({ hasText: 'Choose a team' }).waitFor();
    await page.getByText('The rule is not saved yet: fill in the fields marked above.').waitFor();
    assert.deepEqual(await rules(owner), [], 'nothing was saved');
    await a11y.check('rule builder with a missing value');
    await screenshot(page, 'admin-automations-missing-value');

    await page.getByLabel('Action 1: team').selectOption({ label: 'Billing' });
    // A pattern the server refuses on save (a repeated group that ends in a quantifier): its 422 names
    // the field, and the message shows beside it.
    await page.getByRole('button', { name: 'Add an alternative' }).click();
    await page.getByLabel('Alternative 1', { exact: true }).selectOption({ label: 'Text matches a pattern' });
    await page.getByLabel('Alternative 1: regular expression').fill('(a+)+$');
    await page.getByRole('button', { name: 'Create rule' }).click();
    const patternError = rowOf(page, 'Alternative 1: regular expression').getByRole('alert');
    await patternError.waitFor();
    assert.match((await patternError.textContent()) ?? '', /repeat|quantifier|group/i);
    assert.equal(
      await page.getByLabel('Alternative 1: regular expression').getAttribute('aria-invalid'),
      'true',
    );
    assert.deepEqual(await rules(owner), [], 'nothing was saved');
    await page.getByRole('button', { name: 'Remove Alternative 1' }).click();
    await page.getByRole('button', { name: 'Create rule' }).click();
    await page.getByRole('heading', { name: 'Edit “Route refunds to Billing”' }).waitFor();
    const [saved] = await rules(owner);
    assert.deepEqual(
      {
        trigger: saved?.trigger,
        conditions: saved?.conditions,
        actions: saved?.actions,
        enabled: saved?.enabled,
      },
      {
        trigger: { type: 'ticket.created' },
        conditions: { all: [{ type: 'text_words', in: 'subject_or_body', words: ['refund', 'invoice'] }] },
        actions: [{ type: 'set_team', teamId: billingId }],
        enabled: true,
      },
    );
    assert.equal(page.url(), `${server.url}/admin/automations/${saved?.id}`);
    // The saved rule reads back into the builder.
    assert.equal(await page.getByLabel('Condition 1: words or phrases').inputValue(), 'refund, invoice');
    await a11y.check('rule editor');

    // A ticket about a refund lands in Billing.
    const ticket = await owner<Ticket>('POST', '/api/v1/tickets', {
      subject: 'Refund for my last order',
      requester: { email: 'ada@example.com' },
    });
    await eventually(
      async () => (await owner<Ticket>('GET', `/api/v1/tickets/${ticket.id}`)).teamId === billingId,
      'the rule to set team Billing',
    );

    // The run log shows the run: the event, the matched condition and the change.
    await page.getByRole('link', { name: 'Run log' }).click();
    await page.getByRole('heading', { name: 'Run log of “Route refunds to Billing”' }).waitFor();
    const run = page.getByRole('list', { name: 'Runs' }).getByRole('listitem').first();
    await run.getByText('Applied').waitFor();
    await run.getByText('event ticket.created', { exact: false }).waitFor();
    await run.getByText('Condition 1: Text contains words').waitFor();
    // Names, not ids (the teams may arrive after the run): the change is shown once they are there.
    await run
      .getByRole('list', { name: 'Changes' })
      .getByText('Team: none → Billing', { exact: true })
      .waitFor();
    assert.equal(
      await run.getByRole('link', { name: 'Open the ticket' }).getAttribute('href'),
      `/tickets/${ticket.id}`,
    );
    await a11y.check('run log');
    await screenshot(page, 'admin-automations-run-log');

    // Moved back to Customer Support by hand (an update, which this rule's trigger does not take), the
    // ticket is what "test this rule" checks: the rule matches and would move it to Billing again.
    const { version } = await owner<Ticket>('GET', `/api/v1/tickets/${ticket.id}`);
    await owner('PATCH', `/api/v1/tickets/${ticket.id}`, { teamId: supportId, version });
    await page.getByRole('link', { name: 'Test this rule' }).click();
    await page.getByRole('heading', { name: 'Test “Route refunds to Billing”' }).waitFor();
    await page.getByLabel('Find a ticket').fill(`#${ticket.number}`);
    await page.getByRole('button', { name: `Test against #${ticket.number}` }).click();
    const result = page.getByRole('region', {
      name: `Result for #${ticket.number} Refund for my last order`,
    });
    await result.getByText('The rule matches: its actions would run').waitFor();
    assert.deepEqual(
      await result.getByRole('list', { name: 'Conditions' }).getByRole('listitem').allTextContents(),
      ['Matched Condition 1: Text contains words'],
    );
    await result
      .getByRole('list', { name: 'Changes' })
      .getByText('Team: Customer Support → Billing', { exact: true })
      .waitFor();
    assert.equal(
      (await owner<Ticket>('GET', `/api/v1/tickets/${ticket.id}`)).teamId,
      supportId,
      'nothing applied',
    );

    // A ticket without the words: not matched, nothing would change.
    const other = await owner<Ticket>('POST', '/api/v1/tickets', {
      subject: 'Password reset',
      requester: { email: 'grace@example.com' },
    });
    await page.reload();
    await page.getByLabel('Find a ticket').fill('password');
    await page.getByRole('button', { name: `Test against #${other.number}` }).click();
    const otherResult = page.getByRole('region', { name: `Result for #${other.number} Password reset` });
    await otherResult.getByText('The rule does not match: nothing would change').waitFor();
    await otherResult.getByText('Not matched Condition 1: Text contains words').waitFor();
    await a11y.check('test this rule');
    await screenshot(page, 'admin-automations-test');

    assert.deepEqual(a11y.found, [], 'no serious or critical accessibility violations');
    await page.close();
  });

  test('a template is enabled with one click and listed with the rules', async () => {
    const page = await browser.newPage({ viewport: { width: 1360, height: 1000 } });
    await signIn(page, server.url, OWNER);
    await page.goto(`${server.url}/admin/automations`);
    const templates = page.getByRole('list', { name: 'Templates' });
    await templates.getByRole('button', { name: 'Enable Escalate urgent tickets' }).click();
    const list = page.getByRole('list', { name: 'Automation rules' });
    await list.getByRole('link', { name: 'Escalate urgent tickets', exact: true }).waitFor();
    // Enabled once: the template now points at its rule instead of offering a second one.
    await templates.getByRole('link', { name: 'In use: edit its rule (Escalate urgent tickets)' }).waitFor();
    const escalate = (await rules(owner)).find((rule) => rule.name === 'Escalate urgent tickets');
    assert.equal(escalate?.enabled, true);
    assert.equal((await rules(owner)).at(-1)?.name, 'Escalate urgent tickets', 'last in order');

    // Disabled and moved up from the list.
    await list.getByRole('button', { name: 'Disable Escalate urgent tickets' }).click();
    await list.getByRole('button', { name: 'Enable Escalate urgent tickets' }).waitFor();
    await list.getByRole('button', { name: 'Move Escalate urgent tickets up' }).click();
    await eventually(
      async () => (await rules(owner))[0]?.name === 'Escalate urgent tickets',
      'the new order to be saved',
    );
    assert.equal((await rules(owner))[0]?.enabled, false);
    await screenshot(page, 'admin-automations');

    // The template's rule reads back into the builder: an update trigger and an email to the team lead.
    const a11y = a11yLog(page);
    await list.getByRole('link', { name: 'Escalate urgent tickets', exact: true }).click();
    await page.getByRole('heading', { name: 'Edit “Escalate urgent tickets”' }).waitFor();
    assert.equal(await page.getByLabel('Runs when').inputValue(), 'ticket.updated');
    assert.equal(await page.getByLabel('Trigger: field').inputValue(), 'priorityId');
    // The priorities arrive after the rule: the select shows Urgent once its option is there.
    await page
      .getByLabel('Trigger: to')
      .locator('option:checked', { hasText: 'Urgent' })
      .waitFor({ state: 'attached' });
    assert.equal(await page.getByLabel('Action 1: tags to add').inputValue(), 'escalated');
    assert.equal(await page.getByLabel('Action 2: to').inputValue(), 'team_manager');
    await a11y.check('template rule in the builder');
    await screenshot(page, 'admin-automations-template-rule');
    assert.deepEqual(a11y.found, [], 'no serious or critical accessibility violations');
    await page.close();
  });

  test('a time trigger is built with its business hours, checked before it is sent', async () => {
    const page = await browser.newPage({ viewport: { width: 1360, height: 1000 } });
    await signIn(page, server.url, OWNER);
    await page.goto(`${server.url}/admin/automations/new`);
    await page.getByRole('heading', { name: 'New automation rule' }).waitFor();
    await page.getByLabel('Name', { exact: true }).fill('Nudge quiet customers');
    await page.getByLabel('Runs when').selectOption({ label: 'The customer has not replied for a while' });
    await page.getByLabel('Trigger: business hours').fill('0.1');
    await page.getByRole('button', { name: 'Add an action' }).click();
    await page.getByLabel('Action 1', { exact: true }).selectOption({ label: 'Add tags' });
    await page.getByLabel('Action 1: tags to add').fill('quiet');
    await page.getByRole('button', { name: 'Create rule' }).click();
    await page.getByRole('alert').filter({ hasText: 'Enter 0.25 to 2000 hours, in quarter hours' }).waitFor();
    assert.equal(await page.getByLabel('Trigger: business hours').getAttribute('aria-invalid'), 'true');
    assert.deepEqual(
      (await rules(owner)).filter((rule) => rule.name === 'Nudge quiet customers'),
      [],
      'nothing was saved',
    );
    await page.getByLabel('Trigger: business hours').fill('24');
    await page.getByRole('button', { name: 'Create rule' }).click();
    await page.getByRole('heading', { name: 'Edit “Nudge quiet customers”' }).waitFor();
    const saved = (await rules(owner)).find((rule) => rule.name === 'Nudge quiet customers');
    assert.deepEqual(saved?.trigger, { type: 'time.no_customer_reply', hours: 24 });
    await page.close();
  });
});
