import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadBankHolidays } from './bank-holidays';
import { loadCriteriaFile } from './criteria-file';
import { Criteria } from './criteria-types';
import { UnknownCriteriaVersionError } from './errors';

/**
 * The criteria data bundled with this library: one criteria-<version>.json per version, in-force.json naming
 * the version in force, and bank-holidays.json. A build must ship this folder beside the compiled code.
 */
export const BUNDLED_DATA_DIR = join(__dirname, 'data');

const CRITERIA_FILE = /^criteria-.+\.json$/;

/**
 * Every criteria version known to the service, side by side: decisions made under an older version stay
 * explainable, and managers can try a draft before it is adopted (by changing in-force.json).
 */
export class CriteriaRegistry {
  private readonly byVersion = new Map<string, Criteria>();

  constructor(
    all: readonly Criteria[],
    private readonly inForce: string,
  ) {
    for (const criteria of all) {
      if (this.byVersion.has(criteria.version))
        throw new Error(`criteria ${criteria.version}: version given twice`);
      this.byVersion.set(criteria.version, criteria);
    }
    if (!this.byVersion.has(inForce))
      throw new Error(`criteria in force "${inForce}" is not among the versions`);
  }

  /** Loads every criteria-*.json of a folder, with that folder's bank-holidays.json and in-force.json. */
  static fromDirectory(dir: string): CriteriaRegistry {
    const calendar = loadBankHolidays(join(dir, 'bank-holidays.json'));
    const files = readdirSync(dir).filter((name) => CRITERIA_FILE.test(name));
    const inForce = readInForce(join(dir, 'in-force.json'));
    return new CriteriaRegistry(
      files.map((name) => loadCriteriaFile(join(dir, name), calendar)),
      inForce,
    );
  }

  /** @throws UnknownCriteriaVersionError */
  get(version: string): Criteria {
    const criteria = this.byVersion.get(version);
    if (criteria === undefined) throw new UnknownCriteriaVersionError(version);
    return criteria;
  }

  has(version: string): boolean {
    return this.byVersion.has(version);
  }

  /** The version in force: the one new contacts are triaged under. */
  current(): Criteria {
    return this.get(this.inForce);
  }

  versions(): string[] {
    return [...this.byVersion.keys()].sort();
  }
}

function readInForce(filePath: string): string {
  const version = (JSON.parse(readFileSync(filePath, 'utf8')) as { version?: unknown })?.version;
  if (typeof version !== 'string' || version === '')
    throw new Error(`${filePath}: "version" must name a version`);
  return version;
}

let bundled: CriteriaRegistry | undefined;

/** The registry of the bundled data, read (synchronously) on first use and kept. */
export function bundledCriteriaRegistry(): CriteriaRegistry {
  bundled ??= CriteriaRegistry.fromDirectory(BUNDLED_DATA_DIR);
  return bundled;
}
