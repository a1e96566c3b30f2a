import { DateTime } from 'luxon';
import {
  DAY_MS,
  HOUR_MS,
  LONDON,
  dayOfIsoDate,
  fromLondon,
  londonOffsetMs,
  toLondon,
  weekdayOf,
} from './london-time';

describe('London time', () => {
  it('agrees with luxon on the offset every hour from 2025 to 2028', () => {
    const disagreements: string[] = [];
    for (let ms = Date.UTC(2025, 0, 1); ms < Date.UTC(2029, 0, 1); ms += HOUR_MS) {
      if (londonOffsetMs(ms) / 60_000 !== DateTime.fromMillis(ms, { zone: LONDON }).offset) {
        disagreements.push(new Date(ms).toISOString());
      }
    }
    expect(disagreements).toEqual([]);
  });

  it('changes the offset at 01:00 UTC on the last Sundays of March and October', () => {
    expect(londonOffsetMs(Date.parse('2026-03-29T00:59:59.999Z'))).toBe(0);
    expect(londonOffsetMs(Date.parse('2026-03-29T01:00:00.000Z'))).toBe(HOUR_MS);
    expect(londonOffsetMs(Date.parse('2026-10-25T00:59:59.999Z'))).toBe(HOUR_MS);
    expect(londonOffsetMs(Date.parse('2026-10-25T01:00:00.000Z'))).toBe(0);
  });

  it('reads the local date and time of an instant', () => {
    // 23:30 UTC in summer is already the next day in London.
    const local = toLondon(Date.parse('2026-07-01T23:30:00Z'));
    expect(local.day).toBe(dayOfIsoDate('2026-07-02'));
    expect(local.timeOfDayMs).toBe(30 * 60_000);
  });

  it('turns a London wall-clock time back into the instant, in and out of summer time', () => {
    const day = (iso: string) => dayOfIsoDate(iso)!;
    expect(new Date(fromLondon(day('2026-07-01'), 9 * HOUR_MS)).toISOString()).toBe(
      '2026-07-01T08:00:00.000Z',
    );
    expect(new Date(fromLondon(day('2026-12-01'), 9 * HOUR_MS)).toISOString()).toBe(
      '2026-12-01T09:00:00.000Z',
    );
    // The hour the clocks skip reads as the hour after; the hour they repeat as its second (GMT) reading.
    expect(new Date(fromLondon(day('2026-03-29'), 1.5 * HOUR_MS)).toISOString()).toBe(
      '2026-03-29T01:30:00.000Z',
    );
    expect(new Date(fromLondon(day('2026-10-25'), 1.5 * HOUR_MS)).toISOString()).toBe(
      '2026-10-25T01:30:00.000Z',
    );
  });

  it('round-trips every working hour of 2026', () => {
    const failures: string[] = [];
    for (let day = dayOfIsoDate('2026-01-01')!; day < dayOfIsoDate('2027-01-01')!; day += 1) {
      for (let hour = 6; hour < 23; hour += 1) {
        const local = toLondon(fromLondon(day, hour * HOUR_MS));
        if (local.day !== day || local.timeOfDayMs !== hour * HOUR_MS) failures.push(`${day} ${hour}:00`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('knows the weekday of a day number', () => {
    expect(weekdayOf(0)).toBe(4); // 1970-01-01, a Thursday
    expect(weekdayOf(dayOfIsoDate('2026-11-21')!)).toBe(6); // a Saturday
    expect(weekdayOf(-1)).toBe(3);
  });

  it('reads calendar dates, refusing ones that do not exist', () => {
    expect(dayOfIsoDate('1970-01-02')).toBe(1);
    expect(dayOfIsoDate('2028-02-29')! * DAY_MS).toBe(Date.UTC(2028, 1, 29));
    expect(dayOfIsoDate('2027-02-29')).toBeUndefined();
    expect(dayOfIsoDate('2026-13-01')).toBeUndefined();
    expect(dayOfIsoDate('26-01-01')).toBeUndefined();
  });
});
