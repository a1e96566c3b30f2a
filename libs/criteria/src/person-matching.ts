/**
 * Person matching (section 6 of the criteria): whether two contacts are about the same child.
 * Identifiers are compared as given: callers normalise them first (NHS number without spaces, postcode
 * as "OX16 1AA").
 */
export interface PersonIdentity {
  firstName?: string;
  lastName: string;
  dateOfBirth?: string;
  expectedDateOfBirth?: string;
  nhsNumber?: string;
  upn?: string;
  postcode?: string;
}

export type MatchResult = 'same' | 'near_miss' | 'different';

/** Why two identities matched, nearly matched, or did not. */
export type MatchReason =
  | 'nhs_number'
  | 'upn'
  | 'name_and_birth_date'
  | 'initial_and_postcode_sector'
  | 'first_name_one_edit'
  | 'birth_day_month_swapped'
  | 'identifier_conflict'
  | 'no_match';

export interface MatchExplanation {
  result: MatchResult;
  reason: MatchReason;
}

/** Lower case, accents removed, everything but letters removed ("Hall-Davies" -> "halldavies"). */
export function normaliseName(name: string | undefined): string {
  if (name === undefined) return '';
  // NFD splits "é" into "e" and a combining accent, which the letter filter then drops. Letters of any
  // script are kept, so names written in other alphabets do not all collapse to "".
  return name.normalize('NFD').toLowerCase().replace(/\P{L}/gu, '');
}

/** Outward code plus the first digit of the inward code: "OX16 1AA" -> "OX16 1". */
export function postcodeSector(postcode: string | undefined): string | undefined {
  if (postcode === undefined) return undefined;
  const space = postcode.indexOf(' ');
  if (space <= 0 || space + 1 >= postcode.length) return undefined;
  return postcode.slice(0, space + 2);
}

const DIFFERENT: MatchExplanation = { result: 'different', reason: 'no_match' };

export function matchPersons(a: PersonIdentity, b: PersonIdentity): MatchResult {
  return explainMatch(a, b).result;
}

export function explainMatch(a: PersonIdentity, b: PersonIdentity): MatchExplanation {
  if (bothPresent(a.nhsNumber, b.nhsNumber) && a.nhsNumber === b.nhsNumber) return same('nhs_number');
  if (bothPresent(a.upn, b.upn) && a.upn === b.upn) return same('upn');
  // Two different NHS numbers (or UPNs) are two children, however alike the rest looks.
  if (bothPresent(a.nhsNumber, b.nhsNumber) || bothPresent(a.upn, b.upn)) {
    return { result: 'different', reason: 'identifier_conflict' };
  }

  const lastName = normaliseName(a.lastName);
  if (lastName === '' || lastName !== normaliseName(b.lastName)) return DIFFERENT;
  const birthA = birthDateOf(a);
  const birthB = birthDateOf(b);
  if (birthA === undefined || birthB === undefined) return DIFFERENT;
  const firstA = normaliseName(a.firstName);
  const firstB = normaliseName(b.firstName);

  if (birthA === birthB) {
    const firstNames = compareFirstNames(firstA, firstB, a.postcode, b.postcode);
    if (firstNames === 'equal') return same('name_and_birth_date');
    if (firstNames === 'initial') return same('initial_and_postcode_sector');
    if (firstA !== '' && firstB !== '' && isOneEditApart(firstA, firstB)) {
      return { result: 'near_miss', reason: 'first_name_one_edit' };
    }
    return DIFFERENT;
  }
  if (isDayMonthSwap(birthA, birthB) && compareFirstNames(firstA, firstB, a.postcode, b.postcode) !== 'no') {
    return { result: 'near_miss', reason: 'birth_day_month_swapped' };
  }
  return DIFFERENT;
}

function same(reason: MatchReason): MatchExplanation {
  return { result: 'same', reason };
}

function bothPresent(x: string | undefined, y: string | undefined): boolean {
  return x !== undefined && x !== '' && y !== undefined && y !== '';
}

/** The date of birth, or for an unborn child the expected one: the spec compares whichever each has. */
function birthDateOf(person: PersonIdentity): string | undefined {
  return person.dateOfBirth || person.expectedDateOfBirth || undefined;
}

/**
 * Normalised first names agree when equal (two absent names are equal; one absent is not), or when one
 * is the single-letter initial of the other and the two postcode sectors are present and equal.
 */
function compareFirstNames(
  a: string,
  b: string,
  postcodeA: string | undefined,
  postcodeB: string | undefined,
): 'equal' | 'initial' | 'no' {
  if (a === b) return 'equal';
  if (a === '' || b === '') return 'no';
  if (!isInitialOf(a, b) && !isInitialOf(b, a)) return 'no';
  const sectorA = postcodeSector(postcodeA);
  return sectorA !== undefined && sectorA === postcodeSector(postcodeB) ? 'initial' : 'no';
}

function isInitialOf(initial: string, name: string): boolean {
  const letters = Array.from(initial);
  return letters.length === 1 && Array.from(name)[0] === letters[0];
}

/** Same year, day and month exchanged (2016-03-04 vs 2016-04-03). */
function isDayMonthSwap(a: string, b: string): boolean {
  const [yearA, monthA, dayA] = a.split('-');
  const [yearB, monthB, dayB] = b.split('-');
  return yearA === yearB && monthA === dayB && dayA === monthB && monthA !== dayA;
}

/** Levenshtein distance exactly 1: one letter inserted, deleted or substituted. */
export function isOneEditApart(a: string, b: string): boolean {
  const x = Array.from(a);
  const y = Array.from(b);
  if (Math.abs(x.length - y.length) > 1) return false;
  const [shorter, longer] = x.length <= y.length ? [x, y] : [y, x];
  let i = 0;
  while (i < shorter.length && shorter[i] === longer[i]) i += 1;
  if (shorter.length === longer.length) {
    if (i === shorter.length) return false; // equal
    return shorter.slice(i + 1).join('') === longer.slice(i + 1).join('');
  }
  return shorter.slice(i).join('') === longer.slice(i + 1).join('');
}
