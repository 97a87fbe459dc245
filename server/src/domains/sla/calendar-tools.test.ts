import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import {
  addAgent,
  assertError,
  call,
  createTestApp,
  signUpOrganization,
  type TestApp,
  type TestOrganization,
} from '../../test/test-app.ts';
import type { CalendarSpec } from './calendar-spec.ts';

const ICS = readFileSync(
  path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'holidays.ics'),
  'utf8',
);

const NEW_YORK_OFFICE: CalendarSpec = {
  timeZone: 'America/New_York',
  hours: {
    mon: [['09:00', '17:00']],
    tue: [['09:00', '17:00']],
    wed: [['09:00', '17:00']],
    thu: [['09:00', '17:00']],
    fri: [['09:00', '17:00']],
  },
  holidays: [],
  specialHours: [],
};

describe('calendar tools for admins: the due-time preview and holiday import', () => {
  let harness: TestApp;
  let org: TestOrganization;
  let calendarId: string;

  before(async () => {
    harness = await createTestApp();
    org = await signUpOrganization(harness.app);
    const created = await call(harness.app, 'POST', '/api/v1/calendars', {
      as: org.owner.session,
      body: { name: 'New York office', spec: NEW_YORK_OFFICE },
    });
    assert.equal(created.statusCode, 201, created.body);
    calendarId = created.json().id;
  });
  after(() => harness.close());

  const preview = (body: unknown, as = org.owner.session) =>
    call(harness.app, 'POST', `/api/v1/calendars/${calendarId}/preview`, { as, body });
  const importIcs = (ics: string) =>
    call(harness.app, 'POST', `/api/v1/calendars/${calendarId}/holidays/import`, {
      as: org.owner.session,
      body: { ics },
    });

  test('a ticket created Friday 16:30 with a 2 h target is due Monday 10:30', async () => {
    const response = await preview({ start: '2026-11-20T16:30:00-05:00', minutes: 120 });
    assert.equal(response.statusCode, 200, response.body);
    assert.equal(Date.parse(response.json().due), Date.parse('2026-11-23T10:30:00-05:00'));
    assert.match(response.json().dueLocal, /^Mon 23 Nov 2026 10:30/);
  });

  test('only admins preview; a malformed start is refused', async () => {
    const agent = await addAgent(harness.app, org, 'agent');
    assertError(
      await preview({ start: '2026-11-20T16:30:00Z', minutes: 60 }, agent.session),
      403,
      'forbidden',
    );
    assert.equal((await preview({ start: 'next friday', minutes: 60 })).statusCode, 400);
  });

  test('importing an .ics adds its all-day holidays once, says what it left out, and moves due times', async () => {
    const first = await importIcs(ICS);
    assert.equal(first.statusCode, 200, first.body);
    const imported = first.json();
    assert.ok(imported.imported > 0);
    assert.equal(imported.ignoredTimedEvents, 1);
    assert.equal(imported.ignoredRecurringEvents, 1);
    assert.ok(
      imported.calendar.spec.holidays.some(
        (holiday: { date: string; yearly?: boolean }) => holiday.date === '2025-01-01' && holiday.yearly,
      ),
    );

    const again = (await importIcs(ICS)).json();
    assert.equal(again.imported, 0);
    assert.equal(again.alreadyThere, imported.imported);

    // Christmas Eve to Boxing Day are holidays every year now: Wednesday 23 Dec 16:00 + 2 h is due on Monday 28th.
    const response = await preview({ start: '2026-12-23T16:00:00-05:00', minutes: 120 });
    assert.equal(Date.parse(response.json().due), Date.parse('2026-12-28T10:00:00-05:00'));
  });

  test('text that is not iCalendar is 422 on ics, and the calendar is unchanged', async () => {
    const before = (
      await call(harness.app, 'GET', `/api/v1/calendars/${calendarId}`, { as: org.owner.session })
    ).json();
    assertError(await importIcs('this is not a calendar'), 422, 'unprocessable', { field: 'ics' });
    const after = (
      await call(harness.app, 'GET', `/api/v1/calendars/${calendarId}`, { as: org.owner.session })
    ).json();
    assert.deepEqual(after.spec, before.spec);
  });
});
