import { readFileSync } from 'node:fs';
import { CriteriaFileError } from './errors';
import { Criteria, CriteriaFile } from './criteria-types';
import { DAY_MS, HOUR_MS, MINUTE_MS } from './london-time';
import { isOutwardCode } from './postcode';
import { REASON_PLACEHOLDERS, REASON_TEXT_KEYS, fillReasonText, placeholdersIn } from './reason-texts';
import {
  COUNTY_LOCALITIES,
  CountyLocality,
  IMMEDIACIES,
  NEED_LEVELS,
  NeedLevel,
  PRIORITIES,
  ROUTES,
} from './vocabulary';
import { WorkingCalendar } from './working-time';

/**
 * Reading a criteria file: validate it (every fault named by its path in the file), then build the lookups
 * the engine uses. A file that fails is refused whole: a half-understood criteria version must never triage.
 */
export function loadCriteriaFile(filePath: string, calendar: WorkingCalendar): Criteria {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(filePath, 'utf8'));
  } catch (error) {
    throw new Error(`criteria file ${filePath}: ${(error as Error).message}`);
  }
  return compileCriteria(raw, calendar);
}

export function compileCriteria(raw: unknown, calendar: WorkingCalendar): Criteria {
  const file = validateCriteriaFile(raw);
  const families = file.families;
  const indicators = new Map(file.indicators.map((indicator) => [indicator.code, indicator]));
  const districts = new Map<string, CountyLocality>();
  for (const locality of file.localities) {
    for (const district of locality.districts) districts.set(district, locality.name);
  }
  const indicatorReasons = new Map(
    file.indicators.map((indicator) => [
      indicator.code,
      {
        code: `indicator:${indicator.code}` as const,
        text: fillReasonText(file.reasonTexts.indicator, {
          indicator: indicator.code,
          domain: indicator.domain,
          level: indicator.level,
        }),
      },
    ]),
  );
  const [hours, minutes] = file.workingDayStart.split(':').map(Number);
  return {
    version: file.version,
    file,
    indicators,
    indicatorCodes: new Set(indicators.keys()),
    toxicTrioTerms: file.toxicTrio.allOf.map(
      (term) => new Set('indicator' in term ? [term.indicator] : families[term.family]),
    ),
    strategyIndicators: new Set(file.strategyDiscussion.indicators),
    levels: new Map(file.levels.map((level) => [level.level, level])),
    districts,
    indicatorReasons,
    pictureWindowMs: file.windows.pictureDays * DAY_MS,
    historyWindowMs: file.windows.historyDays * DAY_MS,
    workingDayStartMs: hours * HOUR_MS + minutes * MINUTE_MS,
    calendar,
  };
}

type Json = Record<string, unknown>;

const TOP_LEVEL_FIELDS = [
  'version',
  'domains',
  'indicators',
  'families',
  'toxicTrio',
  'immediateRiskFlag',
  'multipleAdditionalNeeds',
  'cumulativeConcerns',
  'windows',
  'workingDayStart',
  'priorities',
  'underOne',
  'strategyDiscussion',
  'levels',
  'routing',
  'localities',
  'reasonTexts',
];

/** Checks the whole file and throws one CriteriaFileError naming every fault, or returns it typed. */
export function validateCriteriaFile(raw: unknown): CriteriaFile {
  if (!isObject(raw)) throw new CriteriaFileError('(unknown version)', ['the file must hold a JSON object']);
  const check = new Checker();
  const version =
    typeof raw.version === 'string' && raw.version.trim() !== '' ? raw.version : '(unknown version)';
  check.fields(raw, '', TOP_LEVEL_FIELDS, ['title', 'primaryNeeds']);
  check.text(raw.version, 'version');

  const domains = new Set(check.list(raw.domains, 'domains', (value, path) => check.text(value, path)));
  const codes = checkIndicators(check, raw.indicators, domains);
  const families = checkFamilies(check, raw.families, codes);
  checkToxicTrio(check, raw.toxicTrio, codes, families);
  checkRules(check, raw);
  const priorities = checkPriorities(check, raw.priorities);
  if (check.object(raw.underOne, 'underOne', ['level', 'priority'])) {
    check.level(raw.underOne.level, 'underOne.level');
    check.defined(raw.underOne.priority, 'underOne.priority', priorities, 'a priority of this file');
  }
  if (check.object(raw.strategyDiscussion, 'strategyDiscussion', ['level', 'indicators'])) {
    check.level(raw.strategyDiscussion.level, 'strategyDiscussion.level');
    check.list(raw.strategyDiscussion.indicators, 'strategyDiscussion.indicators', (value, path) =>
      check.defined(value, path, codes, 'an indicator'),
    );
  }
  checkLevels(check, raw.levels, priorities);
  checkRouting(check, raw.routing);
  checkLocalities(check, raw.localities);
  checkReasonTexts(check, raw.reasonTexts);
  if (raw.primaryNeeds !== undefined) checkPrimaryNeeds(check, raw.primaryNeeds, codes);

  if (check.faults.length > 0) throw new CriteriaFileError(version, check.faults);
  return raw as unknown as CriteriaFile;
}

/** `primaryNeeds`: CIN primary need codes N1 to N9, each once, naming indicators of this file. */
function checkPrimaryNeeds(check: Checker, value: unknown, codes: ReadonlySet<string>): void {
  const seen = new Set<string>();
  check.list(value, 'primaryNeeds', (entry, path) => {
    if (!check.object(entry, path, ['code', 'indicators'])) return;
    if (typeof entry.code !== 'string' || !/^N[1-9]$/.test(entry.code))
      check.fault(`${path}.code`, 'must be a CIN primary need code, N1 to N9');
    else if (seen.has(entry.code)) check.fault(`${path}.code`, `"${entry.code}" is given twice`);
    else seen.add(entry.code);
    check.list(entry.indicators, `${path}.indicators`, (code, p) =>
      check.defined(code, p, codes, 'an indicator'),
    );
  });
}

function checkIndicators(check: Checker, value: unknown, domains: ReadonlySet<unknown>): Set<string> {
  const codes = new Set<string>();
  check.list(value, 'indicators', (indicator, path) => {
    if (!check.object(indicator, path, ['code', 'domain', 'level', 'immediate'])) return;
    if (check.text(indicator.code, `${path}.code`)) {
      if (!/^[a-z][a-z0-9_]*$/.test(indicator.code)) check.fault(`${path}.code`, 'must be snake_case');
      if (codes.has(indicator.code)) check.fault(`${path}.code`, `"${indicator.code}" is given twice`);
      codes.add(indicator.code);
    }
    check.defined(indicator.domain, `${path}.domain`, domains, 'a domain of this file');
    check.level(indicator.level, `${path}.level`);
    check.oneOf(indicator.immediate, `${path}.immediate`, IMMEDIACIES);
  });
  if (codes.size === 0) check.fault('indicators', 'must list at least one indicator');
  return codes;
}

function checkFamilies(check: Checker, value: unknown, codes: ReadonlySet<string>): Set<string> {
  const names = new Set<string>();
  if (!check.object(value, 'families')) return names;
  for (const [name, members] of Object.entries(value)) {
    names.add(name);
    const listed = check.list(members, `families.${name}`, (code, path) =>
      check.defined(code, path, codes, 'an indicator'),
    );
    if (listed.length === 0) check.fault(`families.${name}`, 'must list at least one indicator');
  }
  return names;
}

function checkToxicTrio(
  check: Checker,
  value: unknown,
  codes: ReadonlySet<string>,
  families: ReadonlySet<string>,
): void {
  if (!check.object(value, 'toxicTrio', ['level', 'allOf'])) return;
  check.level(value.level, 'toxicTrio.level');
  const terms = check.list(value.allOf, 'toxicTrio.allOf', (term, path) => {
    if (!check.object(term, path)) return;
    if ('indicator' in term && !('family' in term)) {
      check.fields(term, path, ['indicator']);
      check.defined(term.indicator, `${path}.indicator`, codes, 'an indicator');
    } else if ('family' in term && !('indicator' in term)) {
      check.fields(term, path, ['family']);
      check.defined(term.family, `${path}.family`, families, 'a family of this file');
    } else {
      check.fault(path, 'must name exactly one of "indicator" or "family"');
    }
  });
  if (terms.length === 0) check.fault('toxicTrio.allOf', 'must list at least one term');
}

function checkRules(check: Checker, raw: Json): void {
  if (check.object(raw.immediateRiskFlag, 'immediateRiskFlag', ['level'])) {
    check.level(raw.immediateRiskFlag.level, 'immediateRiskFlag.level');
  }
  const needs = raw.multipleAdditionalNeeds;
  if (
    check.object(needs, 'multipleAdditionalNeeds', ['indicatorLevel', 'minIndicators', 'minDomains', 'level'])
  ) {
    check.level(needs.indicatorLevel, 'multipleAdditionalNeeds.indicatorLevel');
    check.wholeNumber(needs.minIndicators, 'multipleAdditionalNeeds.minIndicators', 1);
    check.wholeNumber(needs.minDomains, 'multipleAdditionalNeeds.minDomains', 1);
    check.level(needs.level, 'multipleAdditionalNeeds.level');
  }
  const cumulative = raw.cumulativeConcerns;
  if (check.object(cumulative, 'cumulativeConcerns', ['minHistory', 'raisesLevels'])) {
    check.wholeNumber(cumulative.minHistory, 'cumulativeConcerns.minHistory', 1);
    // Raising is by one level, so level 4 has nowhere to go.
    check.list(cumulative.raisesLevels, 'cumulativeConcerns.raisesLevels', (level, path) => {
      if (!NEED_LEVELS.slice(0, 3).includes(level as NeedLevel)) check.fault(path, 'must be 1..3');
    });
  }
  if (check.object(raw.windows, 'windows', ['pictureDays', 'historyDays'])) {
    check.wholeNumber(raw.windows.pictureDays, 'windows.pictureDays', 1);
    check.wholeNumber(raw.windows.historyDays, 'windows.historyDays', 1);
  }
  if (typeof raw.workingDayStart !== 'string' || !/^([01]\d|2[0-3]):[0-5]\d$/.test(raw.workingDayStart)) {
    check.fault('workingDayStart', 'must be a time "HH:MM"');
  }
}

function checkPriorities(check: Checker, value: unknown): Set<string> {
  const defined = new Set<string>();
  if (!check.object(value, 'priorities')) return defined;
  for (const [priority, rule] of Object.entries(value)) {
    const path = `priorities.${priority}`;
    if (!(PRIORITIES as readonly string[]).includes(priority)) {
      check.fault(path, `is not a priority of the contract (${PRIORITIES.join(', ')})`);
      continue;
    }
    defined.add(priority);
    if (!check.object(rule, path)) continue;
    if ('clockHours' in rule && !('workingDays' in rule)) {
      check.fields(rule, path, ['clockHours']);
      if (typeof rule.clockHours !== 'number' || !(rule.clockHours > 0))
        check.fault(`${path}.clockHours`, 'must be > 0');
    } else if ('workingDays' in rule && !('clockHours' in rule)) {
      check.fields(rule, path, ['workingDays']);
      check.wholeNumber(rule.workingDays, `${path}.workingDays`, 0);
    } else {
      check.fault(path, 'must give exactly one of "clockHours" or "workingDays"');
    }
  }
  // IMMEDIATE is set by the engine itself (any `imm` indicator), not by a level.
  if (!defined.has('IMMEDIATE')) check.fault('priorities.IMMEDIATE', 'is missing');
  return defined;
}

function checkLevels(check: Checker, value: unknown, priorities: ReadonlySet<string>): void {
  const seen = new Set<unknown>();
  check.list(value, 'levels', (level, path) => {
    if (!check.object(level, path, ['level', 'route', 'priority', 'consentApplies'], ['team', 'teamPrefix']))
      return;
    if (check.level(level.level, `${path}.level`)) {
      if (seen.has(level.level)) check.fault(`${path}.level`, `${level.level} is given twice`);
      seen.add(level.level);
    }
    check.oneOf(level.route, `${path}.route`, ROUTES);
    check.defined(level.priority, `${path}.priority`, priorities, 'a priority of this file');
    if (typeof level.consentApplies !== 'boolean')
      check.fault(`${path}.consentApplies`, 'must be true or false');
    if ('team' in level === 'teamPrefix' in level) {
      check.fault(path, 'must give exactly one of "team" (a fixed team) or "teamPrefix" (a locality team)');
    } else {
      check.text(
        'team' in level ? level.team : level.teamPrefix,
        `${path}.${'team' in level ? 'team' : 'teamPrefix'}`,
      );
    }
  });
  for (const level of NEED_LEVELS) {
    if (!seen.has(level)) check.fault('levels', `has no entry (route, team, priority) for level ${level}`);
  }
}

function checkRouting(check: Checker, value: unknown): void {
  const fields = ['openCaseRoute', 'outOfAreaRoute', 'consentRefused', 'unknownLocalityTeam'];
  if (!check.object(value, 'routing', fields)) return;
  check.oneOf(value.openCaseRoute, 'routing.openCaseRoute', ROUTES);
  check.oneOf(value.outOfAreaRoute, 'routing.outOfAreaRoute', ROUTES);
  if (check.object(value.consentRefused, 'routing.consentRefused', ['route', 'team'])) {
    check.oneOf(value.consentRefused.route, 'routing.consentRefused.route', ROUTES);
    check.text(value.consentRefused.team, 'routing.consentRefused.team');
  }
  check.text(value.unknownLocalityTeam, 'routing.unknownLocalityTeam');
}

function checkLocalities(check: Checker, value: unknown): void {
  const localityOf = new Map<string, unknown>();
  const names = new Set<unknown>();
  check.list(value, 'localities', (locality, path) => {
    if (!check.object(locality, path, ['name', 'districts'])) return;
    if (check.oneOf(locality.name, `${path}.name`, COUNTY_LOCALITIES)) {
      if (names.has(locality.name)) check.fault(`${path}.name`, `${locality.name} is given twice`);
      names.add(locality.name);
    }
    check.list(locality.districts, `${path}.districts`, (district, districtPath) => {
      if (typeof district !== 'string' || !isOutwardCode(district)) {
        check.fault(districtPath, 'must be a postcode district (outward code) such as "OX16"');
      } else if (localityOf.has(district)) {
        check.fault(districtPath, `${district} is also in ${String(localityOf.get(district))}`);
      } else {
        localityOf.set(district, locality.name);
      }
    });
  });
}

function checkReasonTexts(check: Checker, value: unknown): void {
  if (!check.object(value, 'reasonTexts', [...REASON_TEXT_KEYS])) return;
  for (const key of REASON_TEXT_KEYS) {
    const text = value[key];
    if (!check.text(text, `reasonTexts.${key}`)) continue;
    for (const name of placeholdersIn(text)) {
      if (!REASON_PLACEHOLDERS[key].includes(name)) {
        check.fault(`reasonTexts.${key}`, `uses {${name}}; it may use ${placeholderList(key)}`);
      }
    }
  }
}

function placeholderList(key: keyof typeof REASON_PLACEHOLDERS): string {
  const names = REASON_PLACEHOLDERS[key];
  return names.length === 0 ? 'no placeholders' : names.map((name) => `{${name}}`).join(', ');
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Collects faults as "<path> <what is wrong>"; each check says whether the value passed. */
class Checker {
  readonly faults: string[] = [];

  fault(path: string, message: string): void {
    this.faults.push(`${path} ${message}`);
  }

  /**
   * An object; when `required` is given, with those fields present and none beyond them and `optional`.
   * Without it, any keys (a map such as `families`).
   */
  object(value: unknown, path: string, required?: string[], optional: string[] = []): value is Json {
    if (!isObject(value)) {
      this.fault(path, 'must be an object');
      return false;
    }
    return required === undefined || this.fields(value, path, required, optional);
  }

  fields(value: Json, path: string, required: string[], optional: string[] = []): boolean {
    const before = this.faults.length;
    const prefix = path === '' ? '' : `${path}.`;
    for (const name of required) if (!(name in value)) this.fault(`${prefix}${name}`, 'is missing');
    for (const name of Object.keys(value)) {
      if (!required.includes(name) && !optional.includes(name))
        this.fault(`${prefix}${name}`, 'is not a known field');
    }
    return this.faults.length === before;
  }

  /** Checks each item of a list; returns the items (none when it is not a list). */
  list(value: unknown, path: string, item: (value: unknown, path: string) => void): unknown[] {
    if (!Array.isArray(value)) {
      this.fault(path, 'must be a list');
      return [];
    }
    value.forEach((entry, index) => item(entry, `${path}[${index}]`));
    return value;
  }

  text(value: unknown, path: string): value is string {
    if (typeof value === 'string' && value.trim() !== '') return true;
    this.fault(path, 'must be a non-empty string');
    return false;
  }

  level(value: unknown, path: string): value is NeedLevel {
    if (NEED_LEVELS.includes(value as NeedLevel)) return true;
    this.fault(path, 'must be 1..4');
    return false;
  }

  wholeNumber(value: unknown, path: string, min: number): boolean {
    if (Number.isInteger(value) && (value as number) >= min) return true;
    this.fault(path, `must be a whole number >= ${min}`);
    return false;
  }

  oneOf(value: unknown, path: string, options: readonly string[]): boolean {
    if (options.includes(value as string)) return true;
    this.fault(path, `must be one of ${options.join(', ')}`);
    return false;
  }

  /** A reference to something defined elsewhere in the file ("is not an indicator: \"x\""). */
  defined(value: unknown, path: string, known: ReadonlySet<unknown>, what: string): boolean {
    if (known.has(value)) return true;
    this.fault(path, `is not ${what}: ${JSON.stringify(value)}`);
    return false;
  }
}
