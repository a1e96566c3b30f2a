import type { Criteria } from '@app/criteria';

/** CIN census primary need codes. */
export const PRIMARY_NEEDS = ['N1', 'N2', 'N3', 'N4', 'N5', 'N6', 'N7', 'N8', 'N9'] as const;
/** CIN census sex codes (2025 to 2026): male, female, unknown. */
export const SEXES = ['M', 'F', 'U'] as const;
/** CIN census disability codes; NONE when the child has none. */
export const DISABILITIES = [
  'NONE',
  'MOB',
  'HAND',
  'PC',
  'INC',
  'COMM',
  'LD',
  'HEAR',
  'VIS',
  'BEH',
  'CON',
  'AUT',
  'DDA',
] as const;
/** CIN census reasons for closure. */
export const CLOSURE_REASONS = ['RC1', 'RC2', 'RC3', 'RC4', 'RC5', 'RC6', 'RC7', 'RC8', 'RC9'] as const;
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
