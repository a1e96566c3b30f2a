import { DAY_MS, HOUR_MS, dayOfIsoDate, fromLondon, toLondon, weekdayOf } from './london-time';

/**
 * Working days (section 4 of the criteria): Monday to Friday in Europe/London, less the bank holidays of
 * England and Wales. Built once from the bank holiday list; it remembers the answers it has worked out.
 */
export class WorkingCalendar {
  private readonly holidays: ReadonlySet<number>;
  // days to add -> (from local day -> resulting local day)
  private readonly sums = new Map<number, Map<number, number>>();

  constructor(bankHolidays: Iterable<string>) {
    const days = new Set<number>();
    for (const date of bankHolidays) {
      const day = dayOfIsoDate(date);
      if (day === undefined) throw new Error(`bank holiday "${date}" is not a date (YYYY-MM-DD)`);
      days.add(day);
    }
    this.holidays = days;
  }

  isWorkingDay(day: number): boolean {
    const weekday = weekdayOf(day);
    return weekday !== 0 && weekday !== 6 && !this.holidays.has(day);
  }

  /** The first working day on or after `day`. */
  firstWorkingDayFrom(day: number): number {
    let result = day;
    while (!this.isWorkingDay(result)) result += 1;
    return result;
  }

  /** The working day `count` working days after `day`. */
  workingDaysAfter(day: number, count: number): number {
    let byDay = this.sums.get(count);
    if (byDay === undefined) {
      byDay = new Map();
      this.sums.set(count, byDay);
    }
    let result = byDay.get(day);
    if (result === undefined) {
      result = day;
      for (let added = 0; added < count; added += 1) result = this.firstWorkingDayFrom(result + 1);
      byDay.set(day, result);
    }
    return result;
  }
}

export type BankHolidays = WorkingCalendar | readonly string[];

const calendarsByList = new WeakMap<readonly string[], WorkingCalendar>();

function calendarOf(bankHolidays: BankHolidays): WorkingCalendar {
  if (bankHolidays instanceof WorkingCalendar) return bankHolidays;
  let calendar = calendarsByList.get(bankHolidays);
  if (calendar === undefined) {
    calendar = new WorkingCalendar(bankHolidays);
    calendarsByList.set(bankHolidays, calendar);
  }
  return calendar;
}

export const DEFAULT_WORKING_DAY_START_MS = 9 * HOUR_MS;

/**
 * The instant `days` working days after `instant`, at the same Europe/London clock time (so a due time
 * keeps its wall-clock time across a change to or from summer time). An instant on a day that is not a
 * working day counts as `workingDayStartMs` (09:00) on the next working day.
 */
export function addWorkingDays(
  instant: Date,
  days: number,
  bankHolidays: BankHolidays,
  workingDayStartMs: number = DEFAULT_WORKING_DAY_START_MS,
): Date {
  if (!Number.isInteger(days) || days < 0)
    throw new RangeError(`working days must be a whole number >= 0: ${days}`);
  if (workingDayStartMs < 0 || workingDayStartMs >= DAY_MS)
    throw new RangeError('working day start must be in the day');
  const calendar = calendarOf(bankHolidays);
  let { day, timeOfDayMs } = toLondon(instant.getTime());
  if (!calendar.isWorkingDay(day)) {
    day = calendar.firstWorkingDayFrom(day);
    timeOfDayMs = workingDayStartMs;
  }
  return new Date(fromLondon(calendar.workingDaysAfter(day, days), timeOfDayMs));
}

/** Clock hours (IMMEDIATE, SAME_DAY) are elapsed time: added to the instant, whatever the calendar says. */
export function addClockHours(instant: Date, hours: number): Date {
  return new Date(instant.getTime() + hours * HOUR_MS);
}
