import type { Criteria } from '@app/criteria';

// The DfE code lists live in libs/contracts (the web app's forms read them too).
export { CLOSURE_REASONS, DISABILITIES, PRIMARY_NEEDS, SEXES } from '@app/contracts';
/**
 * A referral closed with no further action after initial consideration had no assessment: "services
 * ceased for any other reason, including child no longer in need" (RC8 and RC9 are for after an assessment).
 */
export const NFA_CLOSURE_REASON = 'RC7';

/** The Europe/London calendar date of an instant, YYYY-MM-DD. */
export function londonDate(at: Date): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Europe/London',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(at);
}

/** The primary need the criteria data suggest for these indicators (first matching entry), or null. */
export function suggestPrimaryNeed(criteria: Criteria, indicators: readonly string[]): string | null {
  const present = new Set(indicators);
  for (const entry of criteria.file.primaryNeeds ?? []) {
    if (entry.indicators.some((i) => present.has(i))) return entry.code;
  }
  return null;
}

/** The referral outcomes of the county's setting. */
export function referralOutcomes(setting: string): ReadonlySet<string> {
  return new Set(
    setting
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  );
}

/** The county's identifier for a child in every return: stable, 15 letters and digits, never NHS number or UPN. */
export function childUniqueId(childId: string): string {
  return `C${childId.replace(/-/g, '').slice(0, 14).toUpperCase()}`;
}

/** Whole years from a date of birth to a date (both YYYY-MM-DD); null for an unborn child. */
export function ageOn(dateOfBirth: string | null, on: string): number | null {
  if (!dateOfBirth) return null;
  const [by, bm, bd] = dateOfBirth.split('-').map(Number);
  const [y, mo, d] = on.split('-').map(Number);
  let age = y - by;
  if (mo < bm || (mo === bm && d < bd)) age--;
  return age;
}
