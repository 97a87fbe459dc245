import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { AppError } from '../../lib/errors.ts';
import { addBusinessMinutes, businessMinutesBetween } from './business-time.ts';
import type { CalendarSpec } from './calendar-spec.ts';

const at = (instant: string) => new Date(instant);
const weekdays9to17 = Object.fromEntries(
  ['mon', 'tue', 'wed', 'thu', 'fri'].map((day) => [day, [['09:00', '17:00']]]),
) as CalendarSpec['hours'];

function calendar(changes: Partial<CalendarSpec>): CalendarSpec {
  return { timeZone: 'UTC', hours: weekdays9to17, holidays: [], specialHours: [], ...changes };
}

describe('business time', () => {
  test('a skipped hour shortens an interval; a repeated hour counts twice, also when the interval ends inside it', () => {
    const berlinSundays = (hours: [string, string][]) =>
      calendar({ timeZone: 'Europe/Berlin', hours: { sun: hours } });
    // 30 March 2025: 02:00 CET jumps to 03:00 CEST, so 01:00–02:30 local is one real hour.
    const spring = berlinSundays([['01:00', '02:30']]);
    assert.equal(businessMinutesBetween(spring, at('2025-03-29T12:00Z'), at('2025-03-30T12:00Z')), 60);
    // 26 October 2025: 03:00 CEST falls back to 02:00 CET; 01:00–02:30 local is 01:00–02:30 CEST
    // and again 02:00–02:30 CET.
    const autumn = berlinSundays([['01:00', '02:30']]);
    assert.equal(businessMinutesBetween(autumn, at('2025-10-25T12:00Z'), at('2025-10-26T12:00Z')), 120);
    assert.equal(
      addBusinessMinutes(autumn, at('2025-10-25T12:00Z'), 100).toISOString(),
      '2025-10-26T01:10:00.000Z',
    );
  });

  test('an overnight shift continues on the next date, where that date’s holiday closes it', () => {
    const nights = calendar({ timeZone: 'Europe/Berlin', hours: { fri: [['22:00', '06:00']] } });
    const friday = at('2025-01-10T21:00:00+01:00');
    assert.equal(addBusinessMinutes(nights, friday, 480).toISOString(), '2025-01-11T05:00:00.000Z');
    const saturdayOff = { ...nights, holidays: [{ date: '2025-01-11' }] };
    assert.equal(addBusinessMinutes(saturdayOff, friday, 480).toISOString(), '2025-01-18T03:00:00.000Z');
  });

  test('a yearly holiday range spans the year end in every later year, and 29 February only in leap years', () => {
    const christmas = calendar({ holidays: [{ date: '2020-12-24', until: '2021-01-01', yearly: true }] });
    assert.equal(
      addBusinessMinutes(christmas, at('2030-12-23T16:00Z'), 120).toISOString(),
      '2031-01-02T10:00:00.000Z',
    );
    assert.equal(
      addBusinessMinutes(christmas, at('2019-12-23T16:00Z'), 120).toISOString(),
      '2019-12-24T10:00:00.000Z',
    );
    const leapDay = calendar({ holidays: [{ date: '2024-02-29', yearly: true }] });
    assert.equal(businessMinutesBetween(leapDay, at('2027-02-26T00:00Z'), at('2027-03-02T00:00Z')), 960);
    assert.equal(businessMinutesBetween(leapDay, at('2028-02-28T00:00Z'), at('2028-03-02T00:00Z')), 960);
  });

  test('special hours replace a date’s hours, win over a holiday, and may run past midnight', () => {
    const december = calendar({
      holidays: [{ date: '2025-12-24' }, { date: '2025-12-25' }],
      specialHours: [
        { date: '2025-12-22', hours: [['20:00', '02:00']] },
        { date: '2025-12-24', hours: [['09:00', '13:00']] },
      ],
    });
    // Mon 22nd 20:00–24:00; Tue 23rd 00:00–02:00 and its weekly 09:00–17:00; Wed 24th 09:00–13:00
    // despite the holiday; Thu 25th a holiday.
    assert.equal(businessMinutesBetween(december, at('2025-12-22T00:00Z'), at('2025-12-26T00:00Z')), 1080);
  });

  test('pauses stop the clock, overlapping or not', () => {
    const pauses: [Date, Date][] = [
      [at('2025-03-03T10:00Z'), at('2025-03-03T11:00Z')],
      [at('2025-03-03T10:30Z'), at('2025-03-03T12:00Z')],
      [at('2025-03-01T00:00Z'), at('2025-03-03T09:30Z')],
    ];
    assert.equal(
      addBusinessMinutes(calendar({}), at('2025-03-03T08:00Z'), 60, pauses).toISOString(),
      '2025-03-03T12:30:00.000Z',
    );
    assert.equal(
      businessMinutesBetween(calendar({}), at('2025-03-03T08:00Z'), at('2025-03-03T17:00Z'), pauses),
      330,
    );
  });

  test('targets of months are fast; no business time within 5 years is an error', () => {
    const started = performance.now();
    assert.equal(
      addBusinessMinutes(
        calendar({ timeZone: 'America/New_York' }),
        at('2025-01-06T14:00Z'),
        480 * 250,
      ).toISOString(),
      '2025-12-19T22:00:00.000Z', // the 250th weekday, at 17:00 EST
    );
    assert.ok(performance.now() - started < 1000);
    const closed = calendar({ holidays: [{ date: '2025-01-01', until: '2031-01-01' }] });
    assert.throws(
      () => addBusinessMinutes(closed, at('2025-01-06T14:00Z'), 1),
      (error: unknown) =>
        error instanceof AppError && error.code === 'unprocessable' && /5 years/.test(error.message),
    );
    assert.equal(
      addBusinessMinutes(closed, at('2025-01-06T14:00Z'), 0).toISOString(),
      '2025-01-06T14:00:00.000Z',
    );
  });

  test('an invalid calendar or a negative target is a validation error with the field paths', () => {
    assert.throws(
      () => addBusinessMinutes(calendar({ timeZone: 'Nowhere' }), at('2025-01-06T14:00Z'), 1),
      (error: unknown) =>
        error instanceof AppError &&
        error.code === 'validation_failed' &&
        JSON.stringify(error.details).includes('"path":"timeZone"'),
    );
    assert.throws(() => addBusinessMinutes(calendar({}), at('2025-01-06T14:00Z'), -1), /minutes must be/);
    assert.throws(
      () => businessMinutesBetween(calendar({}), at('2025-01-06T14:00Z'), at('2025-01-05T14:00Z')),
      /end is before start/,
    );
  });
});
