/**
 * The DfE's Children in Need census code lists the desk records (statutory-returns.md): one place, read by the
 * desk's validation, the census rules and the web app's forms. Plain data only, so the browser bundle can take it.
 */

/** CIN census primary need codes. */
export const PRIMARY_NEEDS = ['N1', 'N2', 'N3', 'N4', 'N5', 'N6', 'N7', 'N8', 'N9'] as const;
export type PrimaryNeed = (typeof PRIMARY_NEEDS)[number];
/** CIN census sex codes (2025 to 2026): male, female, unknown. */
export const SEXES = ['M', 'F', 'U'] as const;
export type Sex = (typeof SEXES)[number];
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
export type Disability = (typeof DISABILITIES)[number];
/** CIN census reasons for closure. */
export const CLOSURE_REASONS = ['RC1', 'RC2', 'RC3', 'RC4', 'RC5', 'RC6', 'RC7', 'RC8', 'RC9'] as const;
export type ClosureReason = (typeof CLOSURE_REASONS)[number];
