import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { WorkingCalendar, addClockHours, addWorkingDays } from './working-time';

const BANK_HOLIDAYS: string[] = JSON.parse(
  readFileSync(join(__dirname, 'data', 'bank-holidays.json'), 'utf8'),
).dates;
const calendar = new WorkingCalendar(BANK_HOLIDAYS);

function due(receivedAt: string, days: number): string {
  return addWorkingDays(new Date(receivedAt), days, calendar).toISOString();
}

describe('addWorkingDays', () => {
  it('keeps the clock time on the next working day', () => {
    expect(due('2026-11-18T12:00:00Z', 1)).toBe('2026-11-19T12:00:00.000Z');
    expect(due('2026-11-16T11:00:00Z', 5)).toBe('2026-11-23T11:00:00.000Z');
  });

  it('skips the weekend for a Friday 4pm contact', () => {
    expect(due('2026-11-20T16:00:00Z', 1)).toBe('2026-11-23T16:00:00.000Z');
    expect(due('2026-11-20T16:00:00Z', 3)).toBe('2026-11-25T16:00:00.000Z');
    expect(due('2026-11-20T16:00:00Z', 5)).toBe('2026-11-27T16:00:00.000Z');
  });

  it('counts a Saturday or Sunday contact as 09:00 on the Monday', () => {
    expect(due('2026-11-21T11:00:00Z', 3)).toBe('2026-11-26T09:00:00.000Z');
    expect(due('2026-11-22T23:59:00Z', 1)).toBe('2026-11-24T09:00:00.000Z');
    expect(due('2026-11-21T11:00:00Z', 0)).toBe('2026-11-23T09:00:00.000Z');
  });

  it('gives back the instant itself for no days on a working day', () => {
    expect(due('2026-11-18T12:34:56.789Z', 0)).toBe('2026-11-18T12:34:56.789Z');
  });

  it('skips Christmas and the substitute bank holiday', () => {
    // Christmas Eve 2026 is a Thursday; the 25th and the 28th (for Boxing Day) are bank holidays.
    expect(due('2026-12-24T16:00:00Z', 1)).toBe('2026-12-29T16:00:00.000Z');
    expect(due('2026-12-25T10:00:00Z', 1)).toBe('2026-12-30T09:00:00.000Z');
    expect(due('2026-12-31T10:00:00Z', 1)).toBe('2027-01-04T10:00:00.000Z');
  });

  it('skips Easter', () => {
    expect(due('2026-04-02T09:00:00Z', 1)).toBe('2026-04-07T09:00:00.000Z');
  });

  it('keeps the wall-clock time when summer time starts over the weekend (late March)', () => {
    // Friday 16:00 GMT; the clocks go forward on Sunday 29 March; Monday 16:00 BST is 15:00 UTC.
    expect(due('2026-03-27T16:00:00Z', 1)).toBe('2026-03-30T15:00:00.000Z');
    // A Saturday contact that weekend counts from 09:00 BST on the Monday.
    expect(due('2026-03-28T12:00:00Z', 1)).toBe('2026-03-31T08:00:00.000Z');
  });

  it('keeps the wall-clock time when summer time ends over the weekend (late October)', () => {
    // Friday 16:00 BST (15:00 UTC); the clocks go back on Sunday 25 October; Monday 16:00 GMT.
    expect(due('2026-10-23T15:00:00Z', 1)).toBe('2026-10-26T16:00:00.000Z');
    expect(due('2026-10-24T12:00:00Z', 3)).toBe('2026-10-29T09:00:00.000Z');
  });

  it('takes the day in London, not in UTC', () => {
    // 23:30 UTC on Friday 3 July is 00:30 on Saturday in London: counted from Monday 09:00 BST.
    expect(due('2026-07-03T23:30:00Z', 1)).toBe('2026-07-07T08:00:00.000Z');
    // 23:30 UTC on Sunday 1 November is still Sunday in London (GMT).
    expect(due('2026-11-01T23:30:00Z', 1)).toBe('2026-11-03T09:00:00.000Z');
  });

  it('takes the bank holidays as a plain list too', () => {
    expect(addWorkingDays(new Date('2026-12-24T16:00:00Z'), 1, BANK_HOLIDAYS).toISOString()).toBe(
      '2026-12-29T16:00:00.000Z',
    );
    expect(addWorkingDays(new Date('2026-12-24T16:00:00Z'), 1, []).toISOString()).toBe(
      '2026-12-25T16:00:00.000Z',
    );
  });

  it('takes another start of the day for non-working days', () => {
    expect(addWorkingDays(new Date('2026-11-21T11:00:00Z'), 0, calendar, 8.5 * 3_600_000).toISOString()).toBe(
      '2026-11-23T08:30:00.000Z',
    );
  });

  it('refuses a negative or fractional number of days', () => {
    expect(() => due('2026-11-18T12:00:00Z', -1)).toThrow(RangeError);
    expect(() => due('2026-11-18T12:00:00Z', 1.5)).toThrow(RangeError);
  });
});

describe('WorkingCalendar', () => {
  it('refuses a bank holiday that is not a date', () => {
    expect(() => new WorkingCalendar(['2026-02-30'])).toThrow(/2026-02-30/);
  });
});

describe('addClockHours', () => {
  it('adds elapsed hours, whatever the clocks do', () => {
    expect(addClockHours(new Date('2026-03-29T00:30:00Z'), 1).toISOString()).toBe('2026-03-29T01:30:00.000Z');
    expect(addClockHours(new Date('2026-11-21T22:00:00Z'), 4).toISOString()).toBe('2026-11-22T02:00:00.000Z');
  });
});
