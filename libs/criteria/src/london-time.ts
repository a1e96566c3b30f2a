import { DateTime } from 'luxon';

/**
 * Europe/London wall-clock arithmetic on plain numbers, for the hot path of triage.
 *
 * luxon is the source of truth for the zone's offsets, but asking it on every decision is slow, so the
 * offset of each UTC day is asked once and kept. Local dates are "day numbers" (days since 1970-01-01),
 * which make weekday and working-day arithmetic integer sums.
 */
export const LONDON = 'Europe/London';
export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

/** The offsets in force during one UTC day: `before` until `changeAt`, `after` from it. */
interface DayOffsets {
  before: number;
  after: number;
  changeAt: number;
}

// Grows by one small entry per UTC day ever asked about: a few hundred a year.
const offsetsByUtcDay = new Map<number, DayOffsets>();

function luxonOffsetMs(utcMs: number): number {
  return DateTime.fromMillis(utcMs, { zone: LONDON }).offset * MINUTE_MS;
}

function offsetsOfUtcDay(day: number): DayOffsets {
  const start = day * DAY_MS;
  const end = start + DAY_MS - 1;
  const before = luxonOffsetMs(start);
  const after = luxonOffsetMs(end);
  if (before === after) return { before, after, changeAt: start };
  // London changes at most once a day: find the first millisecond of the new offset.
  let lo = start;
  let hi = end;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (luxonOffsetMs(mid) === before) lo = mid;
    else hi = mid;
  }
  return { before, after, changeAt: hi };
}

/** The London offset from UTC (in ms, 0 or 3,600,000) at an instant. */
export function londonOffsetMs(utcMs: number): number {
  const day = Math.floor(utcMs / DAY_MS);
  let offsets = offsetsByUtcDay.get(day);
  if (offsets === undefined) {
    offsets = offsetsOfUtcDay(day);
    offsetsByUtcDay.set(day, offsets);
  }
  return utcMs < offsets.changeAt ? offsets.before : offsets.after;
}

export interface LondonWallClock {
  /** The local date as days since 1970-01-01. */
  day: number;
  /** Milliseconds since local midnight. */
  timeOfDayMs: number;
}

export function toLondon(utcMs: number): LondonWallClock {
  const localMs = utcMs + londonOffsetMs(utcMs);
  const day = Math.floor(localMs / DAY_MS);
  return { day, timeOfDayMs: localMs - day * DAY_MS };
}

/**
 * The instant at which London's clocks show `timeOfDayMs` on local `day`. The clocks change on Sundays,
 * never working days; in the hour they skip (March) a time reads as the hour after, and in the hour they
 * repeat (October) as its second, GMT, reading.
 */
export function fromLondon(day: number, timeOfDayMs: number): number {
  const localMs = day * DAY_MS + timeOfDayMs;
  // Guess with the offset at the same reading taken as UTC, then correct with the offset at the guess.
  const guess = localMs - londonOffsetMs(localMs);
  return localMs - londonOffsetMs(guess);
}

/** 0 = Sunday ... 6 = Saturday. 1970-01-01 was a Thursday. */
export function weekdayOf(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Day number of a calendar date "YYYY-MM-DD", or undefined when it is not a real date. */
export function dayOfIsoDate(isoDate: string): number | undefined {
  const parts = ISO_DATE.exec(isoDate);
  if (!parts) return undefined;
  const [year, month, date] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
  const ms = Date.UTC(year, month - 1, date);
  const check = new Date(ms);
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== date) {
    return undefined;
  }
  return ms / DAY_MS;
}
