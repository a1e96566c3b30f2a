import { ValidateBy, type ValidationOptions } from 'class-validator';
import { DateTime } from 'luxon';

/**
 * Dates and instants as the contract writes them. A calendar date is YYYY-MM-DD and must exist; ISO dates
 * of that form compare correctly as strings, which the age and due-date rules rely on.
 */
const CALENDAR_DATE = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/;

/** An instant needs a time and an explicit offset: a bare local time would be ambiguous. */
const ISO_INSTANT =
  /^([0-9]{4}-[0-9]{2}-[0-9]{2})T([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]{1,9})?)?(Z|[+-]([01][0-9]|2[0-3]):[0-5][0-9])$/;

/** Children's social care "days" are Europe/London days (duty-criteria.md section 4). */
export const SERVICE_TIME_ZONE = 'Europe/London';

export function isCalendarDate(value: string): boolean {
  const match = CALENDAR_DATE.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  return year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

export function isIsoInstant(value: string): boolean {
  const match = ISO_INSTANT.exec(value);
  return match !== null && isCalendarDate(match[1]) && !Number.isNaN(Date.parse(value));
}

/** The Europe/London calendar date of an instant, as YYYY-MM-DD. */
export function serviceDateOf(instant: Date): string {
  const ms = instant.getTime();
  return new Date(ms + serviceOffsetMs(ms)).toISOString().slice(0, 10);
}

const HOUR_MS = 3_600_000;
const offsetByHour = new Map<number, number>();

/**
 * The service time zone's offset from UTC at an instant. London's offset changes only on a whole UTC hour
 * (01:00), so it is worked out once per hour with luxon and reused: every contact's validation asks for
 * it, and a time zone conversion each time was a measurable share of the intake's CPU.
 */
function serviceOffsetMs(ms: number): number {
  const hour = Math.floor(ms / HOUR_MS);
  let offset = offsetByHour.get(hour);
  if (offset === undefined) {
    offset = DateTime.fromMillis(hour * HOUR_MS, { zone: SERVICE_TIME_ZONE }).offset * 60_000;
    if (offsetByHour.size > 1000) offsetByHour.clear();
    offsetByHour.set(hour, offset);
  }
  return offset;
}

/** Calendar days later (negative: earlier). */
export function addDays(date: string, days: number): string {
  return DateTime.fromISO(date, { zone: 'utc' }).plus({ days }).toISODate() as string;
}

/** Calendar months later, clamped to the month's end (31 March + 1 month = 30 April). */
export function addMonths(date: string, months: number): string {
  return DateTime.fromISO(date, { zone: 'utc' }).plus({ months }).toISODate() as string;
}

/**
 * Whether someone born on dateOfBirth is under `years` old on date `on`. Compared as strings, so a child
 * born on 29 February reaches an age on 1 March in a common year (as English law has it).
 */
export function isUnderAge(dateOfBirth: string, years: number, on: string): boolean {
  const year = Number(dateOfBirth.slice(0, 4)) + years;
  return on < `${String(year).padStart(4, '0')}${dateOfBirth.slice(4)}`;
}

export function IsCalendarDate(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isCalendarDate',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && isCalendarDate(value),
        defaultMessage: () => 'must be a real calendar date written YYYY-MM-DD',
      },
    },
    options,
  );
}

export function IsIsoInstant(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isIsoInstant',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && isIsoInstant(value),
        defaultMessage: () =>
          'must be an ISO 8601 date and time with an offset, such as 2026-11-20T15:10:00Z',
      },
    },
    options,
  );
}
