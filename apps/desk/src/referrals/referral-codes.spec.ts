import { bundledCriteriaRegistry } from '@app/criteria';
import { ageOn, childUniqueId, londonDate, referralOutcomes, suggestPrimaryNeed } from './referral-codes';

describe('referral codes', () => {
  const criteria = bundledCriteriaRegistry().current();

  it('suggests the primary need from the indicators, abuse or neglect (N1) before any other', () => {
    expect(suggestPrimaryNeed(criteria, ['parental_mental_health'])).toBe('N3');
    expect(suggestPrimaryNeed(criteria, ['parental_mental_health', 'neglect_persistent'])).toBe('N1');
    expect(suggestPrimaryNeed(criteria, ['financial_hardship'])).toBe('N7');
    expect(suggestPrimaryNeed(criteria, ['attendance_persistent_absence'])).toBeNull();
  });

  it('the referral date is the London calendar date (BST and GMT)', () => {
    expect(londonDate(new Date('2026-06-30T23:30:00Z'))).toBe('2026-07-01');
    expect(londonDate(new Date('2026-12-31T23:30:00Z'))).toBe('2026-12-31');
  });

  it("reads the county's referral outcomes setting", () => {
    expect([...referralOutcomes('STATUTORY_ASSESSMENT, FAMILY_SUPPORT')]).toEqual([
      'STATUTORY_ASSESSMENT',
      'FAMILY_SUPPORT',
    ]);
  });

  it('a Child Unique ID is 15 letters and digits, the same for the same child', () => {
    const id = '3f2b8c1e-9a4d-4e6f-8b2a-1c3d5e7f9a0b';
    expect(childUniqueId(id)).toBe('C3F2B8C1E9A4D4E');
    expect(childUniqueId(id)).toMatch(/^[A-Z0-9]{15}$/);
  });

  it('age is whole years on the date; the day before the 18th birthday is 17; unborn has none', () => {
    expect(ageOn('2008-05-10', '2026-05-09')).toBe(17);
    expect(ageOn('2008-05-10', '2026-05-10')).toBe(18);
    expect(ageOn(null, '2026-05-10')).toBeNull();
  });
});
