import { ValidateBy, type ValidationOptions } from 'class-validator';

/** The contract removes spaces (only spaces) before checking: "943 476 5919" is the same number. */
export function normaliseNhsNumber(value: string): string {
  return value.replace(/ /g, '');
}

/**
 * NHS Modulus 11: weights 10 down to 2 on the first nine digits; 11 minus the sum modulo 11 is the tenth
 * digit, where 11 reads 0 and 10 means no valid number has those nine digits.
 */
export function isValidNhsNumber(value: string): boolean {
  const digits = normaliseNhsNumber(value);
  if (!/^[0-9]{10}$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(digits[i]) * (10 - i);
  const check = 11 - (sum % 11);
  if (check === 10) return false;
  return (check === 11 ? 0 : check) === Number(digits[9]);
}

export function IsNhsNumber(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isNhsNumber',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && isValidNhsNumber(value),
        defaultMessage: () => 'must be a 10-digit NHS number with a valid Modulus 11 check digit',
      },
    },
    options,
  );
}
