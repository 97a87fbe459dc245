import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { businessMinutesBetween } from './business-time.ts';
import { holidaysFromIcs } from './holidays-from-ics.ts';

const ICS = readFileSync(
  path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'holidays.ics'),
  'utf8',
);

describe('holidaysFromIcs', () => {
  test('turns all-day events into holidays: ranges, yearly dates, finite rules written out', () => {
    const imported = holidaysFromIcs(ICS);
    assert.deepEqual(imported.holidays, [
      { date: '2025-01-01', name: "New Year's Day", yearly: true },
      { date: '2025-12-24', until: '2025-12-26', name: 'Christmas', yearly: true },
      { date: '2025-04-21', name: 'Easter Monday' },
      { date: '2025-06-06', name: "Founders' Day" },
      { date: '2026-06-06', name: "Founders' Day" },
      { date: '2027-06-06', name: "Founders' Day" },
    ]);
  });

  test('counts the timed events and the rules it cannot express instead of importing them', () => {
    const imported = holidaysFromIcs(ICS);
    assert.equal(imported.ignoredTimedEvents, 1, 'the office party');
    assert.equal(imported.ignoredRecurringEvents, 1, 'Thanksgiving, the fourth Thursday of November');
  });

  test('the imported holidays close a calendar in later years too', () => {
    const spec = {
      timeZone: 'Europe/Berlin',
      hours: Object.fromEntries(
        ['mon', 'tue', 'wed', 'thu', 'fri'].map((day) => [day, [['09:00', '17:00']]]),
      ),
      holidays: holidaysFromIcs(ICS).holidays,
      specialHours: [],
    };
    // Week of 21–27 December 2026: Mon to Wed open; Thu 24 and Fri 25 closed by the yearly range.
    const week = businessMinutesBetween(
      spec,
      new Date('2026-12-21T00:00+01:00'),
      new Date('2026-12-28T00:00+01:00'),
    );
    assert.equal(week, 3 * 480);
  });

  test('text that is not iCalendar is an error', () => {
    assert.throws(() => holidaysFromIcs('Christmas: 24 December'));
  });
});
