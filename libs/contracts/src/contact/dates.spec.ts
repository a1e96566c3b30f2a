import { DateTime } from 'luxon';
import { addMonths, isCalendarDate, isIsoInstant, isUnderAge, serviceDateOf } from './dates';

describe('dates', () => {
  it.each([
    ['2016-03-14', true],
    ['2024-02-29', true],
    ['2000-02-29', true],
    ['2023-02-29', false],
    ['2100-02-29', false],
    ['2026-04-31', false],
    ['2026-13-01', false],
    ['2026-00-10', false],
    ['2026-01-00', false],
    ['2026-1-01', false],
    ['14/03/2016', false],
    ['2016-03-14T00:00:00Z', false],
  ])('isCalendarDate(%s) is %s', (value, expected) => {
    expect(isCalendarDate(value)).toBe(expected);
  });

  it.each([
    ['2026-11-20T15:10:00Z', true],
    ['2026-11-20T15:10:00.120Z', true],
    ['2026-11-20T15:10Z', true],
    ['2026-11-20T15:10:00+01:00', true],
    ['2026-11-20T15:10:00-05:30', true],
    ['2026-11-20T15:10:00', false],
    ['2026-11-20 15:10:00Z', false],
    ['2026-11-20', false],
    ['2026-02-30T10:00:00Z', false],
    ['2026-11-20T24:00:00Z', false],
    ['yesterday', false],
  ])('isIsoInstant(%s) is %s', (value, expected) => {
    expect(isIsoInstant(value)).toBe(expected);
  });

  it('takes the service day in Europe/London', () => {
    expect(serviceDateOf(new Date('2026-07-13T23:30:00Z'))).toBe('2026-07-14'); // BST
    expect(serviceDateOf(new Date('2026-01-13T23:30:00Z'))).toBe('2026-01-13'); // GMT
  });

  it('agrees with a full time zone conversion at every minute around both clock changes of 2026', () => {
    // Spring forward 29 March 01:00 UTC, fall back 25 October 01:00 UTC: the offset is cached per UTC hour.
    for (const start of ['2026-03-28T22:00:00Z', '2026-10-24T22:00:00Z']) {
      for (let minute = 0; minute < 6 * 60; minute++) {
        const at = new Date(Date.parse(start) + minute * 60_000);
        expect(serviceDateOf(at)).toBe(DateTime.fromJSDate(at, { zone: 'Europe/London' }).toISODate());
      }
    }
  });

  it('adds calendar months, clamping to the end of the month', () => {
    expect(addMonths('2026-11-20', 10)).toBe('2027-09-20');
    expect(addMonths('2026-03-31', 1)).toBe('2026-04-30');
    expect(addMonths('2027-04-30', 10)).toBe('2028-02-29');
  });

  it('is under an age until the birthday itself', () => {
    expect(isUnderAge('2008-11-21', 18, '2026-11-20')).toBe(true);
    expect(isUnderAge('2008-11-20', 18, '2026-11-20')).toBe(false);
    // Born on 29 February: 18 on 1 March in a common year.
    expect(isUnderAge('2008-02-29', 18, '2026-02-28')).toBe(true);
    expect(isUnderAge('2008-02-29', 18, '2026-03-01')).toBe(false);
  });
});
