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

type Timer = {
  timer: 'first_response' | 'next_response' | 'resolution';
  state: string;
  stage: string;
  explanation: { text: string; pauses: unknown[] };
};
type Listed = { items: { id: string; subject: string; slaTimers: Timer[] }[] };
type TicketSla = { timers: Timer[]; events: { timer: string; kind: string }[] };

// The demo seed's tickets (server/src/domains/organizations/seed-demo-sla.ts) and the stage of the
// first response each shows: the policy counts calendar hours, so this holds at any day and hour.
const BREACHED = 'Invoices page shows an error';
const AT_RISK = 'How do I export my contacts?';
const ON_TRACK = 'Password reset email never arrives';
const PAUSED = 'Please confirm our new billing address';
const OPEN_QUEUE = '/api/v1/tickets?statusCategory=new&statusCategory=open&statusCategory=pending&limit=50';

describe('agent console SLA: countdown badges, sort by due, the explain view', suite, () => {
  let server: RunningServer;
  let browser: Browser;
  let owner: Api;
  const stamp = Date.now();

  const ticketNamed = async (subject: string) => {
    const { items } = await owner<Listed>('GET', OPEN_QUEUE);
    const ticket = items.find((item) => item.subject === subject);
    assert.ok(ticket, `the demo has "${subject}"`);
    return ticket;
  };
  const newPage = async () => {
    const page = await browser.newPage({ viewport: { width: 1360, height: 900 } });
    await signIn(page, server.url, AGENT);
    return page;
  };
  const openTicket = async (page: Page, subject: string) => {
    const ticket = await ticketNamed(subject);
    await page.goto(`${server.url}/tickets/${ticket.id}`);
    await page.getByRole('heading', { name: subject }).waitFor();
    return ticket;
  };
  const timerItem = (page: Page, name: string) =>
    page
      .getByRole('complementary', { name: 'Ticket details' })
      .getByRole('listitem')
      .filter({ has: page.getByRole('heading', { name, exact: true }) });

  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
    owner = await apiSession(server.url, OWNER.email, OWNER.password);
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('queue rows carry a badge for the most urgent timer; "SLA due" orders them as the API does', async () => {
    const page = await newPage();
    const a11y = a11yLog(page);
    await page.goto(`${server.url}/queues/open`);
    for (const [subject, label] of [
      [BREACHED, 'Breached · −'],
      [AT_RISK, 'At risk · '],
      [ON_TRACK, 'On track · '],
      [PAUSED, 'On track · '],
    ] as const) {
      const api = await ticketNamed(subject);
      const stage = api.slaTimers.find((timer) => timer.timer === 'first_response')?.stage;
      assert.equal(
        stage,
        { 'Breached · −': 'breached', 'At risk · ': 'at_risk', 'On track · ': 'ok' }[label],
      );
      const row = page
        .getByRole('row')
        .filter({ has: page.getByRole('link', { name: subject, exact: true }) });
      await row
        .getByTitle(/^First response, due /)
        .filter({ hasText: label })
        .waitFor();
    }
    await a11y.check('queue with SLA badges');
    await screenshot(page, 'agent-sla-queue');

    await page.getByRole('button', { name: 'SLA due' }).click();
    await page.waitForURL(
      (url) => url.searchParams.get('sort') === 'sla' && url.searchParams.get('order') === 'asc',
    );
    const expected = (await owner<Listed>('GET', `${OPEN_QUEUE}&sort=sla&order=asc`)).items.map(
      (ticket) => ticket.subject,
    );
    assert.deepEqual(expected.slice(0, 3), [BREACHED, AT_RISK, ON_TRACK], 'most overdue first');
    await page.waitForFunction(
      (subjects) =>
        Array.from(document.querySelectorAll('tbody .col-subject'), (cell) => cell.textContent).join('|') ===
        subjects.join('|'),
      expected,
    );
    assert.equal(
      await page.getByRole('columnheader', { name: 'SLA due' }).getAttribute('aria-sort'),
      'ascending',
    );
    assert.deepEqual(a11y.found, [], 'no serious or critical accessibility violations');
    await page.close();
  });

  test('the ticket page lists each timer; "Explain" shows the server\'s explanation, pauses and events', async () => {
    const page = await newPage();
    const a11y = a11yLog(page);
    const ticket = await openTicket(page, PAUSED);
    const sla = await owner<TicketSla>('GET', `/api/v1/tickets/${ticket.id}/sla`);
    assert.deepEqual(
      sla.timers.map((timer) => [timer.timer, timer.state]),
      [
        ['first_response', 'running'],
        ['resolution', 'paused'],
      ],
    );

    const firstResponse = timerItem(page, 'First response');
    await firstResponse
      .getByTitle(/^First response, due /)
      .filter({ hasText: 'On track · ' })
      .waitFor();
    await firstResponse.getByText(/^Running · due /).waitFor();
    const resolution = timerItem(page, 'Resolution');
    await resolution.getByTitle('Resolution').filter({ hasText: 'Paused · 1 d' }).waitFor();
    await resolution.getByText('Paused', { exact: true }).waitFor();

    for (const [item, timer] of [
      [firstResponse, sla.timers[0]],
      [resolution, sla.timers[1]],
    ] as const) {
      assert.ok(timer);
      await item.getByText('Explain', { exact: true }).click();
      const text = item.locator('.sla-explanation');
      await text.waitFor();
      assert.equal(await text.textContent(), timer.explanation.text);
    }
    assert.match(sla.timers[1]?.explanation.text ?? '', /paused in Waiting on customer/);
    await resolution
      .getByRole('list', { name: 'Resolution pauses' })
      .getByText(/^Paused in Waiting on customer from .+ until now/)
      .waitFor();
    const events = resolution.getByRole('list', { name: 'Resolution events' }).getByRole('listitem');
    await events.first().getByText('Applied Demo support, around the clock: 1 d calendar time').waitFor();
    assert.equal(
      await events.count(),
      sla.events.filter((event) => event.timer === 'resolution').length,
      'every event of the timer is listed',
    );
    await a11y.check('ticket with the SLA explained');
    await screenshot(page, 'agent-sla-ticket');
    assert.deepEqual(a11y.found, [], 'no serious or critical accessibility violations');
    await page.close();
  });

  test('answering the customer fulfils the first response on the page, without a reload', async () => {
    const page = await newPage();
    const ticket = await openTicket(page, BREACHED);
    const firstResponse = timerItem(page, 'First response');
    await firstResponse
      .getByTitle(/^First response, due /)
      .filter({ hasText: 'Breached · −' })
      .waitFor();
    await page.evaluate(() => {
      (window as unknown as { samePage: boolean }).samePage = true;
    });

    await page.getByLabel('Reply to the customer').fill('Sorry for the wait: the invoices page is fixed.');
    await page.getByRole('button', { name: 'Send reply to customer' }).click();
    await firstResponse.getByText(/^Fulfilled · was due /).waitFor();
    await firstResponse.getByTitle('First response').filter({ hasText: 'Fulfilled late' }).waitFor();
    assert.equal(await page.evaluate(() => (window as unknown as { samePage?: boolean }).samePage), true);
    const sla = await owner<TicketSla>('GET', `/api/v1/tickets/${ticket.id}/sla`);
    const timer = sla.timers.find((candidate) => candidate.timer === 'first_response');
    assert.deepEqual([timer?.state, timer?.stage], ['fulfilled', 'breached']);
    assert.ok(sla.events.some((event) => event.timer === 'first_response' && event.kind === 'fulfilled'));
    await page.close();
  });

  test('a running badge counts down in the browser and turns red when due, before the server says so', async () => {
    const tag = `countdown-${stamp}`;
    const { items: priorities } = await owner<{ items: { id: string; name: string }[] }>(
      'GET',
      '/api/v1/ticket-priorities',
    );
    const contacts = await owner<{ items: { id: string }[] }>('GET', '/api/v1/contacts?q=ada%40example.com');
    // Urgent: a one-hour first response, at risk from 45 minutes on.
    await owner('POST', '/api/v1/tickets', {
      subject: `Counting down ${stamp}`,
      requesterId: contacts.items[0]?.id,
      priorityId: priorities.find((priority) => priority.name === 'Urgent')?.id,
      tags: [tag],
    });
    const page = await browser.newPage({ viewport: { width: 1360, height: 900 } });
    await page.clock.install();
    await signIn(page, server.url, AGENT);
    await page.goto(`${server.url}/queues/open?tag=${tag}`);
    const badge = page.getByRole('row').getByTitle(/^First response, due /);
    await badge.filter({ hasText: /^First response: On track · (1 h|59 m)/ }).waitFor();

    // Fifty seconds: no refresh yet, so the minute is the browser's own count.
    await page.clock.fastForward('00:50');
    await badge.filter({ hasText: 'On track · 59 m' }).waitFor();
    await page.clock.fastForward('45:00');
    await badge.filter({ hasText: 'At risk · ' }).waitFor();
    await page.clock.fastForward('15:00');
    await badge.filter({ hasText: 'Breached · ' }).waitFor();
    const { items } = await owner<Listed>('GET', `${OPEN_QUEUE}&tag=${tag}`);
    assert.equal(items[0]?.slaTimers[0]?.stage, 'ok', 'the server, an hour earlier, still says on track');
    await screenshot(page, 'agent-sla-countdown');
    await page.close();
  });
});
