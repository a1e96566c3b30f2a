import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileCriteria, loadCriteriaFile, validateCriteriaFile } from './criteria-file';
import { CriteriaFileError } from './errors';
import { WorkingCalendar } from './working-time';

const BUNDLED = join(__dirname, 'data', 'criteria-2026-1.json');
const calendar = new WorkingCalendar([]);

/** The bundled criteria file, parsed afresh so that each test can spoil its own copy. */
function bundled(): any {
  return JSON.parse(readFileSync(BUNDLED, 'utf8'));
}

function faultOf(spoil: (file: any) => void): string {
  const file = bundled();
  spoil(file);
  try {
    validateCriteriaFile(file);
  } catch (error) {
    expect(error).toBeInstanceOf(CriteriaFileError);
    return (error as Error).message;
  }
  throw new Error('the spoilt file was accepted');
}

describe('criteria file', () => {
  it('loads the bundled 2026-1 criteria', () => {
    const criteria = loadCriteriaFile(BUNDLED, calendar);
    expect(criteria.version).toBe('2026-1');
    expect(criteria.indicators.size).toBe(51);
    expect(criteria.indicators.get('sexual_abuse_disclosure')).toEqual({
      code: 'sexual_abuse_disclosure',
      domain: 'safety',
      level: 4,
      immediate: 'when_perpetrator_has_access',
    });
    expect(criteria.districts.get('RG9')).toBe('SOUTH');
    expect(criteria.districts.size).toBe(28);
    expect(criteria.pictureWindowMs).toBe(30 * 86_400_000);
    expect(criteria.workingDayStartMs).toBe(9 * 3_600_000);
    expect(criteria.indicatorReasons.get('self_harm')).toEqual({
      code: 'indicator:self_harm',
      text: 'self_harm (development, level 3) is in the picture and sets the level.',
    });
  });

  it.each<[string, (file: any) => void, string]>([
    [
      'a level out of range',
      (f) => (f.indicators[3].level = 5),
      'criteria 2026-1: indicators[3].level must be 1..4',
    ],
    [
      'an unknown domain',
      (f) => (f.indicators[0].domain = 'wellbeing'),
      'indicators[0].domain is not a domain of this file: "wellbeing"',
    ],
    [
      'a duplicate code',
      (f) => (f.indicators[1].code = f.indicators[0].code),
      'indicators[1].code "sexual_abuse_disclosure" is given twice',
    ],
    [
      'an unknown immediacy',
      (f) => (f.indicators[2].immediate = 'yes'),
      'indicators[2].immediate must be one of always, never, when_perpetrator_has_access',
    ],
    [
      'a toxic trio code that is not an indicator',
      (f) => (f.toxicTrio.allOf[1].indicator = 'parental_drinking'),
      'toxicTrio.allOf[1].indicator is not an indicator: "parental_drinking"',
    ],
    [
      'a toxic trio family that does not exist',
      (f) => (f.toxicTrio.allOf[0].family = 'abuse'),
      'toxicTrio.allOf[0].family is not a family of this file: "abuse"',
    ],
    [
      'a family member that is not an indicator',
      (f) => f.families.domestic_abuse.push('domestic_abuse_unknown'),
      'families.domestic_abuse[3] is not an indicator: "domestic_abuse_unknown"',
    ],
    [
      'a strategy code that is not an indicator',
      (f) => f.strategyDiscussion.indicators.push('harm'),
      'strategyDiscussion.indicators[5] is not an indicator: "harm"',
    ],
    [
      'a district in two localities',
      (f) => f.localities[1].districts.push('OX4'),
      'localities[1].districts[7] OX4 is also in CITY',
    ],
    [
      'a district that is not an outward code',
      (f) => (f.localities[0].districts[0] = 'OX1 1'),
      'localities[0].districts[0] must be a postcode district',
    ],
    [
      'an unknown locality',
      (f) => (f.localities[0].name = 'EAST'),
      'localities[0].name must be one of CITY, NORTH, WEST, SOUTH',
    ],
    [
      'a missing level route',
      (f) => f.levels.splice(2, 1),
      'levels has no entry (route, team, priority) for level 3',
    ],
    [
      'an unknown route',
      (f) => (f.levels[0].route = 'ADVICE'),
      'levels[0].route must be one of LOCALITY_ADVICE',
    ],
    [
      'a level with both a team and a prefix',
      (f) => (f.levels[3].teamPrefix = 'X_'),
      'levels[3] must give exactly one of "team"',
    ],
    [
      'a level priority not defined',
      (f) => delete f.priorities.ONE_WORKING_DAY,
      'levels[2].priority is not a priority of this file: "ONE_WORKING_DAY"',
    ],
    [
      'a priority outside the contract',
      (f) => (f.priorities.NEXT_WEEK = { workingDays: 5 }),
      'priorities.NEXT_WEEK is not a priority of the contract',
    ],
    [
      'a due rule with both kinds',
      (f) => (f.priorities.SAME_DAY = { clockHours: 4, workingDays: 1 }),
      'priorities.SAME_DAY must give exactly one of "clockHours" or "workingDays"',
    ],
    [
      'cumulative concerns raising level 4',
      (f) => f.cumulativeConcerns.raisesLevels.push(4),
      'cumulativeConcerns.raisesLevels[2] must be 1..3',
    ],
    [
      'a window that is not a whole number of days',
      (f) => (f.windows.pictureDays = 0.5),
      'windows.pictureDays must be a whole number >= 1',
    ],
    [
      'a malformed start of the working day',
      (f) => (f.workingDayStart = '9am'),
      'workingDayStart must be a time "HH:MM"',
    ],
    ['a missing reason text', (f) => delete f.reasonTexts.under_one, 'reasonTexts.under_one is missing'],
    [
      'an unknown placeholder',
      (f) => (f.reasonTexts.open_case = 'Held by {owner}'),
      'reasonTexts.open_case uses {owner}; it may use {team}',
    ],
    ['an unknown field', (f) => (f.indicator = []), 'indicator is not a known field'],
    ['a missing section', (f) => delete f.routing, 'routing is missing'],
  ])('refuses %s, naming the fault', (_name, spoil, fault) => {
    expect(faultOf(spoil)).toContain(fault);
  });

  it('primary needs: CIN codes N1 to N9, each once, naming indicators of the file (abuse or neglect first)', () => {
    const file = bundled();
    expect(file.primaryNeeds[0].code).toBe('N1');
    expect(faultOf((f) => (f.primaryNeeds[1].code = 'N0'))).toContain(
      'primaryNeeds[1].code must be a CIN primary need code',
    );
    expect(faultOf((f) => (f.primaryNeeds[1].code = 'N1'))).toContain('"N1" is given twice');
    expect(faultOf((f) => f.primaryNeeds[0].indicators.push('no_such'))).toContain(
      'primaryNeeds[0].indicators',
    );
  });

  it('names every fault in one message', () => {
    const message = faultOf((f) => {
      f.indicators[3].level = 0;
      f.localities[2].districts.push('OX1');
    });
    expect(message).toMatch(/^criteria 2026-1: /);
    expect(message).toContain('indicators[3].level must be 1..4');
    expect(message).toContain('localities[2].districts[6] OX1 is also in CITY');
  });

  it('refuses a file without a version, or that is not an object', () => {
    expect(faultOf((f) => delete f.version)).toMatch(/^criteria \(unknown version\): .*version is missing/);
    expect(() => validateCriteriaFile([])).toThrow('the file must hold a JSON object');
  });

  it('refuses a file that is not JSON, naming the file', () => {
    expect(() => loadCriteriaFile(join(__dirname, 'criteria-file.ts'), calendar)).toThrow(
      /criteria file .*criteria-file\.ts/,
    );
  });

  it('builds the toxic trio from families and single indicators', () => {
    const criteria = compileCriteria(bundled(), calendar);
    expect(criteria.toxicTrioTerms.map((term) => [...term])).toEqual([
      ['domestic_abuse_standard_risk', 'domestic_abuse_medium_risk', 'domestic_abuse_high_risk'],
      ['parental_substance_misuse'],
      ['parental_mental_health'],
    ]);
  });
});
