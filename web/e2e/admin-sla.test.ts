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

type Calendar = { id: string; name: string; isDefault: boolean; spec: { holidays: unknown[] } & object };
type Policy = {
  id: string;
  name: string;
  enabled: boolean;
  conditions: Record<string, unknown>;
  targets: Record<string, unknown>[];
  calendarId: string | null;
  hours: string;
  pausableTimers: string[];
  atRisk: Record<string, number>;
};

// Two all-day events to add, one the calendar has (Christmas, yearly) and a timed one to leave out.
const HOLIDAYS_ICS = [
  'BEGIN:VCALENDAR',
  'VERSION:2.0',
  'PRODID:-//ActionConnect//e2e//EN',
  'BEGIN:VEVENT',
  'UID:christmas@e2e.test',
  'DTSTART;VALUE=DATE:20251225',
  'DTEND;VALUE=DATE:20251227',
  'RRULE:FREQ=YEARLY',
  'SUMMARY:Christmas',
  'END:VEVENT',
  'BEGIN:VEVENT',
  'UID:new-year@e2e.test',
  'DTSTART;VALUE=DATE:20260101',
  'DTEND;VALUE=DATE:20260102',
  "SUMMARY:New Year's Day",
  'END:VEVENT',
  'BEGIN:VEVENT',
  'UID:easter-monday@e2e.test',
  'DTSTART;VALUE=DATE:20260406',
  'DTEND;VALUE=DATE:20260407',
  'SUMMARY:Easter Monday',
  'END:VEVENT',
  'BEGIN:VEVENT',
  'UID:party@e2e.test',
  'DTSTART:20261218T170000Z',
  'DTEND:20261218T200000Z',
  'SUMMARY:Team party',
  'END:VEVENT',
  'END:VCALENDAR',
  '',
].join('\r\n');

const calendarNamed = async (api: Api, name: string) => {
  const { items } = await api<{ items: Calendar[] }>('GET', '/api/v1/calendars');
  return items.find((calendar) => calendar.name === name);
};

/** Waits until the list shows exactly these names, in this order (it may still be re-rendering). */
const waitForListOrder = (page: Page, label: string, names: string[]) =>
  page.waitForFunction(
    ({ label, names }) =>
      Array.from(document.querySelectorAll(`[aria-label="${label}"] > li .option-name`))
        .map((name) => name.textContent)
        .join('|') === names.join('|'),
    { label, names },
  );

describe('admin SLA pages: calendars and policies', suite, () => {
  let server: RunningServer;
  let browser: Browser;
  let owner: Api;

  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
    owner = await apiSession(server.url, OWNER.email, OWNER.password);
    // The policies journey starts from none: the demo's own policy goes.
    const { items } = await owner<{ items: Policy[] }>('GET', '/api/v1/sla-policies');
    for (const policy of items) await owner('DELETE', `/api/v1/sla-policies/${policy.id}`);
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('a calendar with split shifts, an overnight shift and a holiday; its preview, .ics import and default', async () => {
    // The browser is in New York: the preview reads the creation time in the calendar's zone anyway.
    const context = await browser.newContext({
      viewport: { width: 1360, height: 1000 },
      timezoneId: 'America/New_York',
    });
    const page = await context.newPage();
    const a11y = a11yLog(page);
    await signIn(page, server.url, OWNER);
    await page.goto(`${server.url}/admin/calendars`);
    const businessHours = page.getByRole('row').filter({ hasText: 'Business hours' });
    await businessHours.getByText('Default', { exact: true }).waitFor();
    await a11y.check('calendars');

    await page.getByRole('link', { name: 'New calendar' }).click();
    await page.getByRole('heading', { name: 'New calendar' }).waitFor();
    await page.getByLabel('Name', { exact: true }).fill('EMEA support');
    await page.getByLabel('Time zone').fill('Europe/Berlln');
    // Monday: a lunch break. Tuesday: a split shift. New intervals start where the last one ended.
    await page.getByLabel('Monday interval 1 from').fill('08:00');
    await page.getByLabel('Monday interval 1 to').fill('12:00');
    await page.getByRole('button', { name: 'Add interval to Monday' }).click();
    assert.equal(await page.getByLabel('Monday interval 2 from').inputValue(), '12:00');
    await page.getByLabel('Monday interval 2 from').fill('13:00');
    await page.getByLabel('Monday interval 2 to').fill('17:00');
    await page.getByLabel('Tuesday interval 1 from').fill('06:00');
    await page.getByLabel('Tuesday interval 1 to').fill('10:00');
    await page.getByRole('button', { name: 'Add interval to Tuesday' }).click();
    await page.getByLabel('Tuesday interval 2 from').fill('16:00');
    await page.getByLabel('Tuesday interval 2 to').fill('20:00');
    // Saturday night into Sunday morning.
    await page.getByRole('button', { name: 'Add interval to Saturday' }).click();
    await page.getByLabel('Saturday interval 1 from').fill('22:00');
    await page.getByLabel('Saturday interval 1 to').fill('06:00');
    const saturday = page.getByRole('group', { name: 'Saturday' });
    await saturday.getByText('Until 06:00 the next day').waitFor();
    // An interval overlapping Wednesday's 09:00–17:00: the server refuses it.
    await page.getByRole('button', { name: 'Add interval to Wednesday' }).click();
    await page.getByLabel('Wednesday interval 2 from').fill('12:00');
    await page.getByLabel('Wednesday interval 2 to').fill('18:00');
    await page.getByRole('button', { name: 'Add holiday' }).click();
    await page.getByLabel('Holiday 1 date').fill('2025-12-25');
    await page.getByLabel('Holiday 1 until').fill('2025-12-26');
    await page.getByLabel('Holiday 1 repeats every year').check();
    await page.getByLabel('Holiday 1 name').fill('Christmas');
    // New Year's Eve: a half day.
    await page.getByRole('button', { name: 'Add special date' }).click();
    await page.getByLabel('Special date 1', { exact: true }).fill('2025-12-31');
    await page.getByRole('button', { name: 'Add interval to Special date 1' }).click();
    await page.getByLabel('Special date 1 interval 1 to').fill('12:00');
    await page.getByRole('button', { name: 'Create calendar' }).click();

    // Both problems show, each beside its own field.
    const wednesday = page.getByRole('group', { name: 'Wednesday' });
    await wednesday.locator('.field-error', { hasText: 'Overlaps Wednesday interval 1' }).waitFor();
    assert.equal(await page.getByLabel('Wednesday interval 2 from').getAttribute('aria-invalid'), 'true');
    assert.equal(await page.getByLabel('Wednesday interval 1 from').getAttribute('aria-invalid'), null);
    const timeZoneError = await page.getByLabel('Time zone').getAttribute('aria-describedby');
    assert.match(
      (await page.locator(`[id="${timeZoneError?.split(' ').at(-1)}"]`).textContent()) ?? '',
      /Not an IANA time zone: "Europe\/Berlln"/,
    );
    assert.equal(await calendarNamed(owner, 'EMEA support'), undefined, 'nothing was saved');
    await a11y.check('calendar editor with errors');
    await screenshot(page, 'admin-sla-calendar-errors');

    await page.getByLabel('Time zone').fill('Europe/Berlin');
    await page.getByRole('button', { name: 'Remove Wednesday interval 2' }).click();
    await page.getByRole('button', { name: 'Create calendar' }).click();
    await page.getByRole('heading', { name: 'Edit “EMEA support”' }).waitFor();
    const created = await calendarNamed(owner, 'EMEA support');
    assert.deepEqual(created?.spec, {
      timeZone: 'Europe/Berlin',
      hours: {
        mon: [
          ['08:00', '12:00'],
          ['13:00', '17:00'],
        ],
        tue: [
          ['06:00', '10:00'],
          ['16:00', '20:00'],
        ],
        wed: [['09:00', '17:00']],
        thu: [['09:00', '17:00']],
        fri: [['09:00', '17:00']],
        sat: [['22:00', '06:00']],
      },
      holidays: [{ date: '2025-12-25', until: '2025-12-26', yearly: true, name: 'Christmas' }],
      specialHours: [{ date: '2025-12-31', hours: [['09:00', '12:00']] }],
    });
    assert.equal(created?.isDefault, false);
    assert.equal(page.url(), `${server.url}/admin/calendars/${created?.id}`);

    // Due times worked out by hand from the hours above, all in Berlin (UTC+1 in March and December).
    const preview = page.getByRole('form', { name: 'Preview a due time' });
    const answer = page.locator('.preview-answer');
    const expectDue = async (created: string, minutes: number, sentence: string) => {
      await preview.getByLabel('Ticket created at (Europe/Berlin)').fill(created);
      await preview.getByLabel('Target (business minutes)').fill(String(minutes));
      await preview.getByRole('button', { name: 'Preview due time' }).click();
      await answer.getByText(sentence, { exact: true }).waitFor();
    };
    // Friday 16:30–17:00 is 30 minutes; the other 90 run from Saturday 22:00.
    await expectDue(
      '2025-03-07T16:30',
      120,
      'A ticket created at Fri 7 Mar 2025 16:30 with a 120-minute target is due at Sat 8 Mar 2025 23:30 GMT+1.',
    );
    // Monday 11:30–12:00, lunch, then 13:00–13:30.
    await expectDue(
      '2025-03-10T11:30',
      60,
      'A ticket created at Mon 10 Mar 2025 11:30 with a 60-minute target is due at Mon 10 Mar 2025 13:30 GMT+1.',
    );
    // Wednesday 16:00–17:00; Christmas closes Thursday and Friday; Saturday from 22:00.
    await expectDue(
      '2025-12-24T16:00',
      120,
      'A ticket created at Wed 24 Dec 2025 16:00 with a 120-minute target is due at Sat 27 Dec 2025 23:00 GMT+1.',
    );
    await a11y.check('calendar preview');

    // Import holidays from an .ics file: two new, Christmas already there, the timed event left out.
    const importForm = page.getByRole('form', { name: 'Import holidays' });
    await importForm.getByLabel('iCalendar file (.ics)').setInputFiles({
      name: 'holidays.ics',
      mimeType: 'text/calendar',
      buffer: Buffer.from(HOLIDAYS_ICS),
    });
    await importForm.getByRole('button', { name: 'Import holidays' }).click();
    await page.getByText('2 holidays imported, 1 already there, 1 timed event left out.').waitFor();
    const added = page.getByRole('list', { name: 'Holidays added' }).getByRole('listitem');
    await added.nth(1).waitFor();
    assert.deepEqual(await added.allTextContents(), [
      "New Year's Day: 2026-01-01",
      'Easter Monday: 2026-04-06',
    ]);
    // The editor reloads with them.
    await page.getByLabel('Holiday 3 name').waitFor();
    assert.equal(await page.getByLabel('Holiday 3 name').inputValue(), 'Easter Monday');
    assert.deepEqual((await calendarNamed(owner, 'EMEA support'))?.spec.holidays, [
      { date: '2025-12-25', until: '2025-12-26', yearly: true, name: 'Christmas' },
      { date: '2026-01-01', name: "New Year's Day" },
      { date: '2026-04-06', name: 'Easter Monday' },
    ]);
    await a11y.check('calendar after import');
    await screenshot(page, 'admin-sla-calendar');

    // Make it the default from the list.
    await page.getByRole('link', { name: '← All calendars' }).click();
    const emea = page.getByRole('row').filter({ hasText: 'EMEA support' });
    await emea.getByRole('button', { name: 'Make default EMEA support' }).click();
    await emea.getByText('Default', { exact: true }).waitFor();
    await businessHours.getByRole('button', { name: 'Make default Business hours' }).waitFor();
    assert.equal((await calendarNamed(owner, 'EMEA support'))?.isDefault, true);
    assert.equal((await calendarNamed(owner, 'Business hours'))?.isDefault, false);
    await a11y.check('calendars with a new default');
    await screenshot(page, 'admin-sla-calendars');

    assert.deepEqual(a11y.found, [], 'no serious or critical accessibility violations');
    await context.close();
  });

  test('a policy with targets per priority: a refused duplicate, the order, enabling, a calendar in use', async () => {
    const { items: priorities } = await owner<{ items: { id: string; name: string }[] }>(
      'GET',
      '/api/v1/ticket-priorities',
    );
    const priorityId = (name: string) => priorities.find((priority) => priority.name === name)?.id;
    const berlin = await owner<Calendar>('POST', '/api/v1/calendars', {
      name: 'Berlin support',
      spec: {
        timeZone: 'Europe/Berlin',
        hours: { mon: [['09:00', '17:00']] },
        holidays: [],
        specialHours: [],
      },
    });
    await owner('POST', '/api/v1/sla-policies', {
      name: 'Standard',
      targets: [{ priorityId: null, firstResponseMinutes: 480 }],
    });

    const page = await browser.newPage({ viewport: { width: 1360, height: 1000 } });
    const a11y = a11yLog(page);
    await signIn(page, server.url, OWNER);
    await page.goto(`${server.url}/admin/sla-policies`);
    await waitForListOrder(page, 'SLA policies', ['Standard']);
    await a11y.check('policies');

    await page.getByRole('link', { name: 'New policy' }).click();
    await page.getByRole('heading', { name: 'New SLA policy' }).waitFor();
    await page.getByLabel('Name', { exact: true }).fill('Enterprise');
    const priorityCondition = page.getByRole('group', { name: 'Priority is one of' });
    // The priorities arrive after the form itself.
    await priorityCondition.getByLabel('Urgent').check();
    await priorityCondition.getByLabel('High').check();
    await page.getByRole('group', { name: 'Came in by' }).getByLabel('Email').check();
    await page.getByLabel("Requester's company is one of").fill('Acme Corp');
    await page.getByLabel('Has one of the tags').fill('vip');
    const target = (n: number) => page.getByRole('group', { name: `Target ${n}`, exact: true });
    await target(1).getByLabel('Priority').selectOption({ label: 'Urgent' });
    await target(1).getByLabel('First response').fill('0:15');
    await target(1).getByLabel('Next response').fill('0:30');
    await target(1).getByLabel('Resolution').fill('4:00');
    await page.getByRole('button', { name: 'Add target' }).click();
    await target(2).getByLabel('Priority').selectOption({ label: 'Urgent' });
    await target(2).getByLabel('First response').fill('2:00');
    await target(2).getByLabel('Resolution').fill('48:00');
    await page.getByLabel('Calendar', { exact: true }).selectOption({ label: 'Berlin support' });
    await page.getByLabel('At risk when').selectOption({ label: 'this many minutes are left' });
    await page.getByLabel('Minutes before due').fill('30');
    await page
      .getByRole('group', { name: 'Timers that pause while the ticket is in a status that pauses the SLA' })
      .getByLabel('First response')
      .check();
    await page.getByRole('button', { name: 'Create policy' }).click();

    // Two targets for Urgent: the server names the second one's priority.
    await target(2).getByRole('alert').getByText('Only one target per priority').waitFor();
    assert.equal(await target(1).getByRole('alert').count(), 0);
    await a11y.check('policy editor with an error');
    await screenshot(page, 'admin-sla-policy-error');
    await target(2).getByLabel('Priority').selectOption({ label: 'Every other priority' });
    await page.getByRole('button', { name: 'Create policy' }).click();
    await waitForListOrder(page, 'SLA policies', ['Standard', 'Enterprise']);

    const policies = async () => (await owner<{ items: Policy[] }>('GET', '/api/v1/sla-policies')).items;
    const saved = (await policies()).find((policy) => policy.name === 'Enterprise');
    assert.deepEqual(
      { ...saved, id: undefined, createdAt: undefined, updatedAt: undefined },
      {
        id: undefined,
        name: 'Enterprise',
        position: 2,
        enabled: true,
        conditions: {
          priorityIds: [priorityId('Urgent'), priorityId('High')],
          companies: ['Acme Corp'],
          tags: ['vip'],
          sources: ['email'],
        },
        targets: [
          {
            priorityId: priorityId('Urgent'),
            firstResponseMinutes: 15,
            nextResponseMinutes: 30,
            resolutionMinutes: 240,
          },
          { priorityId: null, firstResponseMinutes: 120, resolutionMinutes: 2880 },
        ],
        calendarId: berlin.id,
        hours: 'business',
        pausableTimers: ['resolution', 'first_response'],
        atRisk: { minutesBefore: 30 },
        createdAt: undefined,
        updatedAt: undefined,
      },
    );

    // Tried first from now on.
    const reordered = page.waitForResponse(
      (response) => response.request().method() === 'PUT' && response.url().endsWith('/sla-policies/order'),
    );
    await page.getByRole('button', { name: 'Move Enterprise up' }).click();
    assert.equal((await reordered).status(), 200);
    await waitForListOrder(page, 'SLA policies', ['Enterprise', 'Standard']);
    assert.deepEqual(
      (await policies()).map((policy) => policy.name),
      ['Enterprise', 'Standard'],
    );

    await page.getByRole('button', { name: 'Disable Standard' }).click();
    await page.getByRole('button', { name: 'Enable Standard' }).waitFor();
    assert.equal((await policies()).find((policy) => policy.name === 'Standard')?.enabled, false);
    await a11y.check('policies reordered');
    await screenshot(page, 'admin-sla-policies');

    // The saved policy opens with what it was given.
    await page.getByRole('link', { name: 'Enterprise' }).click();
    await page.getByRole('heading', { name: 'Edit “Enterprise”' }).waitFor();
    assert.equal(await target(1).getByLabel('Resolution').inputValue(), '4:00');
    assert.equal(await target(2).getByLabel('Resolution').inputValue(), '48:00');
    assert.equal(await page.getByLabel('Calendar', { exact: true }).inputValue(), berlin.id);
    await a11y.check('policy editor');

    // The calendar it counts on cannot be deleted; the dialog says which policy uses it.
    await page.goto(`${server.url}/admin/calendars`);
    await page.getByRole('button', { name: 'Delete Berlin support' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Delete calendar' }).click();
    await dialog.getByRole('alert').getByText('SLA policies use this calendar: Enterprise').waitFor();
    assert.ok(await calendarNamed(owner, 'Berlin support'), 'the calendar is still there');
    await a11y.check('calendar in use');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden' });

    assert.deepEqual(a11y.found, [], 'no serious or critical accessibility violations');
    await page.close();
  });
});
