import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dayOf } from './days';
import { SCHOOL_YEAR_DIR, schoolCalendar, SchoolYearFileError, validateSchoolYearFile } from './school-year';

describe('the school year file', () => {
  const file = JSON.parse(readFileSync(join(SCHOOL_YEAR_DIR, 'school-year-2026.1.json'), 'utf8'));

  it('is valid and covers the synthetic years and the next few', () => {
    expect(() => validateSchoolYearFile(file)).not.toThrow();
    const calendar = schoolCalendar();
    expect(calendar.covers(dayOf('2022-01-10')!)).toBe(true);
    expect(calendar.covers(dayOf('2029-07-01')!)).toBe(true);
  });

  it('names the school periods and the known covariates of a day', () => {
    const c = schoolCalendar();
    const d = (s: string) => dayOf(s)!;
    expect(c.periodOf(d('2025-08-12'))).toBe('summer');
    expect(c.periodOf(d('2025-12-29'))).toBe('christmas');
    expect(c.periodOf(d('2026-04-01'))).toBe('easter');
    expect(c.periodOf(d('2026-02-17'))).toBe('half_term');
    expect(c.periodOf(d('2026-03-10'))).toBe('term');
    expect(c.has(d('2025-09-03'), 'return_first_week')).toBe(true);
    expect(c.isReturnToSchool(d('2025-09-20'))).toBe(true);
    expect(c.isReturnToSchool(d('2025-09-30'))).toBe(false);
    expect(c.has(d('2026-05-25'), 'bank_holiday')).toBe(true);
    expect(c.has(d('2026-05-26'), 'after_bank_holiday')).toBe(true);
    // Good Friday and Easter Monday: the day after is the Tuesday.
    expect(c.has(d('2026-04-07'), 'after_bank_holiday')).toBe(true);
    expect(c.has(d('2026-04-04'), 'after_bank_holiday')).toBe(false);
  });

  it('names every fault of a bad file', () => {
    const bad = structuredClone(file);
    bad.bankHolidays[0] = '2026-02-30';
    bad.years[1].terms[0].name = 'winter';
    bad.years[1].terms[1].start = '2022-12-01'; // before the autumn term ends
    bad.years[2].terms[2].halfTerm = { start: '2024-03-01', end: '2024-03-05' }; // outside its term
    bad.years[3].schoolYear = '2030-31';
    let error: SchoolYearFileError | undefined;
    try {
      validateSchoolYearFile(bad);
    } catch (e) {
      error = e as SchoolYearFileError;
    }
    expect(error).toBeInstanceOf(SchoolYearFileError);
    expect(error!.faults).toEqual(
      expect.arrayContaining([
        'bankHolidays[0]: must be a date YYYY-MM-DD',
        'years[1].terms[0].name: must be "autumn"',
        "years[1].terms[1].start: must be after the previous term's end",
        'years[2].terms[2].halfTerm: must lie inside the term',
        'years[3].schoolYear: must follow the year before it (no gaps, in order)',
      ]),
    );
    expect(() => validateSchoolYearFile({ version: 'x' })).toThrow(/years: must be a non-empty list/);
  });
});
