/**
 * UK postcodes in their stored form: upper case, one space before the inward code ("OX16 1AA").
 * The shape check is the general one (area, district, sector, unit); it does not know which postcodes exist.
 */
const NORMALISED_POSTCODE = /^(?:[A-Z]{1,2}[0-9][A-Z0-9]?|GIR) [0-9][A-Z]{2}$/;
const OUTWARD_CODE = /^(?:[A-Z]{1,2}[0-9][A-Z0-9]?|GIR)$/;

/** Upper case, spaces removed, then one space before the last three characters. */
export function normalisePostcode(raw: string): string {
  const compact = raw.replace(/\s+/g, '').toUpperCase();
  return compact.length > 3 ? `${compact.slice(0, -3)} ${compact.slice(-3)}` : compact;
}

export function isWellFormedPostcode(normalised: string): boolean {
  return NORMALISED_POSTCODE.test(normalised);
}

export function isOutwardCode(code: string): boolean {
  return OUTWARD_CODE.test(code);
}

/** The district (outward code) of a normalised postcode: "OX16 1AA" -> "OX16". */
export function postcodeDistrict(normalised: string): string {
  const space = normalised.indexOf(' ');
  return space < 0 ? normalised : normalised.slice(0, space);
}
