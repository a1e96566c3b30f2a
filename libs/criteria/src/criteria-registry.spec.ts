import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCriteriaFile } from './criteria-file';
import { BUNDLED_DATA_DIR, CriteriaRegistry, bundledCriteriaRegistry } from './criteria-registry';
import { CriteriaContact } from './decision';
import { evaluate } from './engine';
import { CriteriaFileError, UnknownCriteriaVersionError } from './errors';
import { loadBankHolidays } from './bank-holidays';

const FIXTURES = join(__dirname, '..', 'test-fixtures');
const calendar = loadBankHolidays(join(BUNDLED_DATA_DIR, 'bank-holidays.json'));

const bereaved: CriteriaContact = {
  receivedAt: '2026-11-18T12:00:00Z',
  child: { firstName: 'Maya', lastName: 'Okafor', dateOfBirth: '2016-03-14', postcode: 'OX16 1AA' },
  indicators: ['bereavement'],
  immediateRisk: false,
  allegedPerpetratorHasAccess: false,
  consent: 'given',
};

describe('CriteriaRegistry', () => {
  it('holds the bundled version, in force', () => {
    const registry = bundledCriteriaRegistry();
    expect(registry.versions()).toEqual(['2026-1']);
    expect(registry.current().version).toBe('2026-1');
    expect(registry.get('2026-1')).toBe(registry.current());
  });

  it('refuses an unknown version with a typed error', () => {
    expect(() => bundledCriteriaRegistry().get('1999-1')).toThrow(UnknownCriteriaVersionError);
    expect(bundledCriteriaRegistry().has('1999-1')).toBe(false);
  });

  it('holds a second version beside the first, each deciding by its own rules', () => {
    const registry = new CriteriaRegistry(
      [
        loadCriteriaFile(join(BUNDLED_DATA_DIR, 'criteria-2026-1.json'), calendar),
        loadCriteriaFile(join(FIXTURES, 'criteria-2026-2.json'), calendar),
      ],
      '2026-1',
    );
    expect(registry.versions()).toEqual(['2026-1', '2026-2']);
    expect(registry.current().version).toBe('2026-1');
    const input = { contact: bereaved, sameChildContacts: [], openCase: null, at: bereaved.receivedAt };
    expect(evaluate(input, registry.get('2026-1'))).toMatchObject({
      needLevel: 2,
      criteriaVersion: '2026-1',
    });
    expect(evaluate(input, registry.get('2026-2'))).toMatchObject({
      needLevel: 3,
      criteriaVersion: '2026-2',
    });
  });

  describe('from a folder', () => {
    let dir: string;
    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 'criteria-'));
      copyFileSync(join(BUNDLED_DATA_DIR, 'bank-holidays.json'), join(dir, 'bank-holidays.json'));
      copyFileSync(join(BUNDLED_DATA_DIR, 'criteria-2026-1.json'), join(dir, 'criteria-2026-1.json'));
      copyFileSync(join(FIXTURES, 'criteria-2026-2.json'), join(dir, 'criteria-2026-2.json'));
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it('loads every version and the one named in force', () => {
      writeFileSync(join(dir, 'in-force.json'), JSON.stringify({ version: '2026-2' }));
      const registry = CriteriaRegistry.fromDirectory(dir);
      expect(registry.versions()).toEqual(['2026-1', '2026-2']);
      expect(registry.current().version).toBe('2026-2');
    });

    it('refuses a version in force that it does not hold', () => {
      writeFileSync(join(dir, 'in-force.json'), JSON.stringify({ version: '2027-1' }));
      expect(() => CriteriaRegistry.fromDirectory(dir)).toThrow(
        'criteria in force "2027-1" is not among the versions',
      );
    });

    it('refuses the whole folder when one file is malformed', () => {
      writeFileSync(join(dir, 'in-force.json'), JSON.stringify({ version: '2026-1' }));
      const broken = JSON.parse(readFileSync(join(FIXTURES, 'criteria-2026-2.json'), 'utf8'));
      broken.version = '2026-3';
      broken.indicators[0].level = 7;
      writeFileSync(join(dir, 'criteria-2026-3.json'), JSON.stringify(broken));
      expect(() => CriteriaRegistry.fromDirectory(dir)).toThrow(CriteriaFileError);
      expect(() => CriteriaRegistry.fromDirectory(dir)).toThrow(
        'criteria 2026-3: indicators[0].level must be 1..4',
      );
    });

    it('refuses two files of one version', () => {
      writeFileSync(join(dir, 'in-force.json'), JSON.stringify({ version: '2026-1' }));
      copyFileSync(join(BUNDLED_DATA_DIR, 'criteria-2026-1.json'), join(dir, 'criteria-2026-1-copy.json'));
      expect(() => CriteriaRegistry.fromDirectory(dir)).toThrow('criteria 2026-1: version given twice');
    });
  });
});
