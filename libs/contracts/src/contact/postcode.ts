import { ValidateBy, type ValidationOptions } from 'class-validator';

/**
 * A well-formed UK postcode: an outward code (A9, A99, A9A, AA9, AA99, AA9A) and an inward code (9AA),
 * in any case and with any spacing, or the special GIR 0AA. "Well-formed" is the shape only: whether the
 * postcode exists is not checked (and an out-of-county postcode is valid: it routes to TRANSFER_OUT).
 */
const COMPACT_POSTCODE = /^(?:([A-Z]{1,2}[0-9][A-Z0-9]?)([0-9][A-Z]{2})|(GIR)(0AA))$/;

function parts(value: string): { outward: string; inward: string } | null {
  const match = COMPACT_POSTCODE.exec(value.replace(/\s+/g, '').toUpperCase());
  if (!match) return null;
  return { outward: match[1] ?? match[3], inward: match[2] ?? match[4] };
}

export function isValidPostcode(value: string): boolean {
  return parts(value) !== null;
}

/** Upper case, one space before the inward code: "ox161aa" -> "OX16 1AA". Throws on a malformed postcode. */
export function normalisePostcode(value: string): string {
  const p = mustParse(value);
  return `${p.outward} ${p.inward}`;
}

/** The outward code (postcode district): "OX16 1AA" -> "OX16". */
export function outwardCode(value: string): string {
  return mustParse(value).outward;
}

/** The postcode sector (outward code plus the inward code's digit): "OX16 1AA" -> "OX16 1". */
export function postcodeSector(value: string): string {
  const p = mustParse(value);
  return `${p.outward} ${p.inward[0]}`;
}

function mustParse(value: string): { outward: string; inward: string } {
  const p = parts(value);
  if (!p) throw new Error(`malformed postcode: "${value}"`);
  return p;
}

export function IsUkPostcode(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isUkPostcode',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && isValidPostcode(value),
        defaultMessage: () => 'must be a well-formed UK postcode, such as OX16 1AA',
      },
    },
    options,
  );
}
