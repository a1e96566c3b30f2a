import { readFileSync } from 'node:fs';
import { WorkingCalendar } from './working-time';

/** Reads a bank holidays file ({ "dates": ["2026-12-25", ...] }) into a working calendar. */
export function loadBankHolidays(filePath: string): WorkingCalendar {
  const raw: unknown = JSON.parse(readFileSync(filePath, 'utf8'));
  const dates = (raw as { dates?: unknown })?.dates;
  if (!Array.isArray(dates) || !dates.every((date) => typeof date === 'string')) {
    throw new Error(`bank holidays ${filePath}: "dates" must be a list of dates (YYYY-MM-DD)`);
  }
  try {
    return new WorkingCalendar(dates);
  } catch (error) {
    throw new Error(`bank holidays ${filePath}: ${(error as Error).message}`);
  }
}
