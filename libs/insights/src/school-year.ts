import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dayOf, weekdayOfDay } from './days';

/**
 * The county's school year as data (libs/insights/src/data/school-year-<version>.json): term dates, half terms
 * and bank holidays. Holidays are the days between terms. Validated whole when loaded (at start-up of the
 * apps that detect spikes): one SchoolYearFileError names every fault.
 */
export interface SchoolTerm {
  name: 'autumn' | 'spring' | 'summer';
  start: string;
  end: string;
  halfTerm: { start: string; end: string };
}

export interface SchoolYearFile {
  version: string;
  area?: string;
  note?: string;
  bankHolidays: string[];
  years: { schoolYear: string; terms: SchoolTerm[] }[];
}

export class SchoolYearFileError extends Error {
  constructor(
    readonly version: string,
    readonly faults: string[],
  ) {
    super(`school year ${version}: ${faults.join('; ')}`);
    this.name = 'SchoolYearFileError';
  }
}

/** The known covariates a day carries (indices into a day's feature list). */
export const CALENDAR_FEATURES = [
  'summer_holiday',
  'christmas_holiday',
  'easter_holiday',
  'half_term',
  'return_to_school', // first 21 days of the autumn term
  'return_first_week', // first 7 days of the autumn term (on top of return_to_school)
  'new_year_term', // first 28 days of the spring term
  'bank_holiday',
  'after_bank_holiday', // the next weekday after a bank holiday
] as const;
export type CalendarFeature = (typeof CALENDAR_FEATURES)[number];

export const RETURN_DAYS = 21;
const RETURN_FIRST_WEEK = 7;
const NEW_YEAR_DAYS = 28;
const TERM_ORDER = ['autumn', 'spring', 'summer'] as const;

export type SchoolPeriod = 'term' | 'half_term' | 'christmas' | 'easter' | 'summer' | 'unknown';

export class SchoolCalendar {
  readonly version: string;
  /** First and last day (day numbers) the file describes: 1 September of its first year to 31 August of its last. */
  readonly firstDay: number;
  readonly lastDay: number;
  private readonly period: Uint8Array;
  private readonly features: Uint8Array; // bit set per day
  private static readonly PERIODS: SchoolPeriod[] = [
    'unknown',
    'term',
    'half_term',
    'christmas',
    'easter',
    'summer',
  ];

  constructor(file: SchoolYearFile) {
    this.version = file.version;
    const years = file.years;
    this.firstDay = dayOf(`${years[0].schoolYear.slice(0, 4)}-09-01`)!;
    this.lastDay = dayOf(`${Number(years[years.length - 1].schoolYear.slice(0, 4)) + 1}-08-31`)!;
    const n = this.lastDay - this.firstDay + 1;
    this.period = new Uint8Array(n);
    this.features = new Uint8Array(n * 2);
    const set = (day: number, f: CalendarFeature) => {
      const i = day - this.firstDay;
      if (i < 0 || i >= n) return;
      const bit = CALENDAR_FEATURES.indexOf(f);
      this.features[2 * i + (bit >> 3)] |= 1 << (bit & 7);
    };
    const mark = (from: number, to: number, p: SchoolPeriod) => {
      for (let d = Math.max(from, this.firstDay); d <= Math.min(to, this.lastDay); d++)
        this.period[d - this.firstDay] = SchoolCalendar.PERIODS.indexOf(p);
    };
    // Before the first autumn term of the file: summer holiday from 1 September.
    let previousEnd = this.firstDay - 1;
    let previousTerm: SchoolTerm['name'] = 'summer';
    for (const y of years) {
      for (const t of y.terms) {
        const start = dayOf(t.start)!;
        const end = dayOf(t.end)!;
        const holiday: SchoolPeriod =
          previousTerm === 'summer' ? 'summer' : previousTerm === 'autumn' ? 'christmas' : 'easter';
        mark(previousEnd + 1, start - 1, holiday);
        mark(start, end, 'term');
        mark(dayOf(t.halfTerm.start)!, dayOf(t.halfTerm.end)!, 'half_term');
        if (t.name === 'autumn') {
          for (let d = start; d < start + RETURN_DAYS; d++) set(d, 'return_to_school');
          for (let d = start; d < start + RETURN_FIRST_WEEK; d++) set(d, 'return_first_week');
        }
        if (t.name === 'spring') for (let d = start; d < start + NEW_YEAR_DAYS; d++) set(d, 'new_year_term');
        previousEnd = end;
        previousTerm = t.name;
      }
    }
    mark(previousEnd + 1, this.lastDay, 'summer');
    for (let i = 0; i < n; i++) {
      const p = SchoolCalendar.PERIODS[this.period[i]];
      if (p === 'summer') set(this.firstDay + i, 'summer_holiday');
      if (p === 'christmas') set(this.firstDay + i, 'christmas_holiday');
      if (p === 'easter') set(this.firstDay + i, 'easter_holiday');
      if (p === 'half_term') set(this.firstDay + i, 'half_term');
    }
    const holidays = new Set(file.bankHolidays.map((d) => dayOf(d)!));
    for (const h of holidays) {
      set(h, 'bank_holiday');
      let next = h + 1;
      while (holidays.has(next) || [0, 6].includes(weekdayOfDay(next))) next++;
      set(next, 'after_bank_holiday');
    }
  }

  covers(day: number): boolean {
    return day >= this.firstDay && day <= this.lastDay;
  }

  periodOf(day: number): SchoolPeriod {
    return this.covers(day) ? SchoolCalendar.PERIODS[this.period[day - this.firstDay]] : 'unknown';
  }

  has(day: number, feature: CalendarFeature): boolean {
    if (!this.covers(day)) return false;
    const bit = CALENDAR_FEATURES.indexOf(feature);
    return (this.features[2 * (day - this.firstDay) + (bit >> 3)] & (1 << (bit & 7))) !== 0;
  }

  /** Indices (into CALENDAR_FEATURES) of the features a day carries. */
  featuresOf(day: number, into: number[] = []): number[] {
    into.length = 0;
    if (!this.covers(day)) return into;
    const i = 2 * (day - this.firstDay);
    for (let b = 0; b < CALENDAR_FEATURES.length; b++)
      if (this.features[i + (b >> 3)] & (1 << (b & 7))) into.push(b);
    return into;
  }

  /** The first three weeks of the autumn term (where false alarms are expected and reported apart). */
  isReturnToSchool(day: number): boolean {
    return this.has(day, 'return_to_school');
  }
}

/** Checks the whole file and throws one SchoolYearFileError naming every fault, or returns it typed. */
export function validateSchoolYearFile(raw: unknown): SchoolYearFile {
  const faults: string[] = [];
  const obj = (x: unknown): x is Record<string, unknown> =>
    typeof x === 'object' && x !== null && !Array.isArray(x);
  if (!obj(raw)) throw new SchoolYearFileError('(unknown version)', ['the file must hold a JSON object']);
  const version = typeof raw.version === 'string' && raw.version ? raw.version : '(unknown version)';
  if (version === '(unknown version)') faults.push('version: must be a non-empty string');
  const date = (path: string, v: unknown): number | undefined => {
    const d = typeof v === 'string' ? dayOf(v) : undefined;
    if (d === undefined) faults.push(`${path}: must be a date YYYY-MM-DD`);
    return d;
  };
  if (!Array.isArray(raw.bankHolidays)) faults.push('bankHolidays: must be a list of dates');
  else raw.bankHolidays.forEach((d, i) => date(`bankHolidays[${i}]`, d));
  if (!Array.isArray(raw.years) || raw.years.length === 0) {
    faults.push('years: must be a non-empty list of school years');
  } else {
    let previousEnd: number | undefined;
    let previousYear: number | undefined;
    raw.years.forEach((y: unknown, i: number) => {
      const at = `years[${i}]`;
      if (!obj(y)) return faults.push(`${at}: must be an object`);
      const sy = typeof y.schoolYear === 'string' ? /^(\d{4})-(\d{2})$/.exec(y.schoolYear) : null;
      const startYear = sy ? Number(sy[1]) : undefined;
      if (!sy || (Number(sy[1]) + 1) % 100 !== Number(sy[2]))
        faults.push(`${at}.schoolYear: must be "YYYY-YY" (consecutive years)`);
      else if (previousYear !== undefined && startYear !== previousYear + 1)
        faults.push(`${at}.schoolYear: must follow the year before it (no gaps, in order)`);
      previousYear = startYear ?? (previousYear !== undefined ? previousYear + 1 : undefined);
      if (!Array.isArray(y.terms) || y.terms.length !== 3)
        return faults.push(`${at}.terms: must list the autumn, spring and summer terms`);
      y.terms.forEach((t: unknown, j: number) => {
        const tp = `${at}.terms[${j}]`;
        if (!obj(t)) return faults.push(`${tp}: must be an object`);
        if (t.name !== TERM_ORDER[j]) faults.push(`${tp}.name: must be "${TERM_ORDER[j]}"`);
        const s = date(`${tp}.start`, t.start);
        const e = date(`${tp}.end`, t.end);
        if (s !== undefined && e !== undefined) {
          if (e < s + 28) faults.push(`${tp}.end: must be at least four weeks after start`);
          if (previousEnd !== undefined && s <= previousEnd)
            faults.push(`${tp}.start: must be after the previous term's end`);
          if (startYear !== undefined) {
            const from = dayOf(`${startYear}-08-15`)!;
            const to = dayOf(`${startYear + 1}-08-15`)!;
            if (s < from || e > to) faults.push(`${tp}: must lie within school year ${String(y.schoolYear)}`);
          }
        }
        if (!obj(t.halfTerm)) faults.push(`${tp}.halfTerm: must be { start, end }`);
        else {
          const hs = date(`${tp}.halfTerm.start`, t.halfTerm.start);
          const he = date(`${tp}.halfTerm.end`, t.halfTerm.end);
          if (hs !== undefined && he !== undefined && (he < hs || he - hs > 13))
            faults.push(`${tp}.halfTerm.end: must be on or after its start and within two weeks`);
          if (
            hs !== undefined &&
            he !== undefined &&
            s !== undefined &&
            e !== undefined &&
            (hs <= s || he >= e)
          )
            faults.push(`${tp}.halfTerm: must lie inside the term`);
        }
        previousEnd = e ?? previousEnd;
      });
    });
  }
  if (faults.length) throw new SchoolYearFileError(version, faults);
  return raw as unknown as SchoolYearFile;
}

export const SCHOOL_YEAR_DIR = join(__dirname, 'data');
const SCHOOL_YEAR_FILE = /^school-year-.+\.json$/;

/** Reads and validates a school-year file. */
export function loadSchoolYearFile(filePath: string): SchoolCalendar {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(filePath, 'utf8'));
  } catch (error) {
    throw new SchoolYearFileError(filePath, [`cannot be read as JSON: ${(error as Error).message}`]);
  }
  return new SchoolCalendar(validateSchoolYearFile(raw));
}

let cached: SchoolCalendar | null = null;

/**
 * The county's school calendar in force: the school-year file with the highest version in the data
 * directory (SCHOOL_YEAR_FILE overrides the path). Loaded once; a bad file throws at the first call, which the
 * apps make at start-up.
 */
export function schoolCalendar(): SchoolCalendar {
  if (cached) return cached;
  const override = process.env.SCHOOL_YEAR_FILE;
  let path = override;
  if (!path) {
    const files = readdirSync(SCHOOL_YEAR_DIR)
      .filter((f) => SCHOOL_YEAR_FILE.test(f))
      .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
    if (!files.length) throw new SchoolYearFileError(SCHOOL_YEAR_DIR, ['no school-year-<version>.json file']);
    path = join(SCHOOL_YEAR_DIR, files[files.length - 1]);
  }
  cached = loadSchoolYearFile(path);
  return cached;
}
