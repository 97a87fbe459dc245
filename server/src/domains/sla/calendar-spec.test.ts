import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type CalendarSpec, validateCalendarSpec } from './calendar-spec.ts';

const valid: CalendarSpec = {
  timeZone: 'Europe/Berlin',
  hours: {
    mon: [
      ['09:00', '12:00'],
      ['13:00', '17:00'],
    ],
    fri: [['22:00', '06:00']],
    sat: [['06:00', '24:00']],
  },
  holidays: [
    { date: '2025-12-24', until: '2026-01-01', yearly: true, name: 'Christmas' },
    { date: '2028-02-29' },
  ],
  specialHours: [
    { date: '2025-12-23', hours: [['09:00', '13:00']] },
    { date: '2025-12-31', hours: [] },
  ],
};

const errorsOf = (changes: Partial<CalendarSpec>) => validateCalendarSpec({ ...valid, ...changes });

describe('validateCalendarSpec', () => {
  test('accepts split, overnight and 24:00 hours, yearly ranges across the year end, leap days', () => {
    assert.deepEqual(validateCalendarSpec(valid), []);
  });

  test('names a time zone that is not IANA', () => {
    assert.deepEqual(errorsOf({ timeZone: 'Europe/Atlantis' }), [
      { path: 'timeZone', message: 'not an IANA time zone: "Europe/Atlantis"' },
    ]);
    assert.equal(errorsOf({ timeZone: '+01:00' })[0]?.path, 'timeZone');
  });

  test('names malformed intervals by their path', () => {
    const errors = errorsOf({
      hours: {
        mon: [['9:00', '17:00']],
        tue: [['09:00', '24:30']],
        wed: [['24:00', '06:00']],
        thu: [['09:00', '09:00']],
        fri: [['09:00'] as unknown as [string, string]],
        funday: [['09:00', '17:00']],
      } as CalendarSpec['hours'],
    });
    assert.deepEqual(
      errors.map((error) => error.path),
      [
        'hours.funday',
        'hours.mon[0][0]',
        'hours.tue[0][1]',
        'hours.wed[0][0]',
        'hours.thu[0]',
        'hours.fri[0]',
      ],
    );
    assert.match(errors[4]?.message ?? '', /empty/);
  });

  test('finds overlapping intervals, including the part of an overnight shift after midnight', () => {
    assert.deepEqual(
      errorsOf({
        hours: {
          mon: [
            ['09:00', '13:00'],
            ['12:00', '17:00'],
          ],
        },
      }),
      [{ path: 'hours.mon[1]', message: 'overlaps hours.mon[0]' }],
    );
    assert.deepEqual(
      errorsOf({
        hours: {
          mon: [
            ['08:00', '18:00'],
            ['09:00', '10:00'],
            ['11:00', '12:00'],
          ],
        },
      }),
      [
        { path: 'hours.mon[1]', message: 'overlaps hours.mon[0]' },
        { path: 'hours.mon[2]', message: 'overlaps hours.mon[0]' },
      ],
    );
    assert.deepEqual(errorsOf({ hours: { sun: [['20:00', '07:00']], mon: [['06:00', '14:00']] } }), [
      { path: 'hours.mon[0]', message: 'overlaps hours.sun[0]' },
    ]);
    assert.deepEqual(
      errorsOf({
        hours: {
          mon: [
            ['09:00', '12:00'],
            ['12:00', '17:00'],
          ],
        },
      }),
      [],
      'touching is fine',
    );
  });

  test('finds bad dates in holidays and special hours', () => {
    const errors = errorsOf({
      holidays: [
        { date: '2025-02-29' },
        { date: '2025-12-24', until: '2025-12-01' },
        { date: '2025-01-01', until: '2026-01-01', yearly: true },
        { date: '24.12.2025' },
      ],
      specialHours: [
        { date: '2025-12-24', hours: [['09:00', '13:00']] },
        { date: '2025-12-24', hours: [] },
        { date: '2025-13-01', hours: [] },
        {
          date: '2025-12-30',
          hours: [
            ['09:00', '13:00'],
            ['10:00', '11:00'],
          ],
        },
      ],
    });
    assert.deepEqual(errors, [
      { path: 'holidays[0].date', message: 'not a date (YYYY-MM-DD)' },
      { path: 'holidays[1].until', message: 'is before date' },
      { path: 'holidays[2].until', message: 'a yearly range must be shorter than a year' },
      { path: 'holidays[3].date', message: 'not a date (YYYY-MM-DD)' },
      { path: 'specialHours[1].date', message: '2025-12-24 is listed twice' },
      { path: 'specialHours[2].date', message: 'not a date (YYYY-MM-DD)' },
      { path: 'specialHours[3].hours[1]', message: 'overlaps specialHours[3].hours[0]' },
    ]);
  });
});
