import { DateTime } from 'luxon';

/** Calendar days as day numbers (days since 1970-01-01), the unit of every count series. */
export const DAY_MS = 86_400_000;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Day number of "YYYY-MM-DD", or undefined when it is not a real calendar date. */
export function dayOf(isoDate: string): number | undefined {
  const m = ISO_DATE.exec(isoDate);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(y, mo - 1, d);
  const check = new Date(ms);
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d)
    return undefined;
  return ms / DAY_MS;
}

export function isoDateOf(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** 0 = Sunday ... 6 = Saturday. */
export function weekdayOfDay(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

/** The Europe/London calendar day of an instant and the time of day there (ms since local midnight). */
export function londonDayOf(utcMs: number): { day: number; timeOfDayMs: number } {
  const local = DateTime.fromMillis(utcMs, { zone: 'Europe/London' });
  const day = dayOf(local.toISODate()!)!;
  return { day, timeOfDayMs: local.toMillis() + local.offset * 60_000 - day * DAY_MS };
}
