import { ValidateBy, type ValidationOptions } from 'class-validator';

/** The DfE check-letter alphabet (no I, O, S: easily misread). */
export const UPN_CHECK_LETTERS = 'ABCDEFGHJKLMNPQRTUVWXYZ';

const UPN_SHAPE = new RegExp(`^[${UPN_CHECK_LETTERS}][0-9]{11}[0-9${UPN_CHECK_LETTERS}]$`);

/**
 * The check letter for the twelve characters after it (positions 2 to 13): each character's value times
 * its position, summed, modulo 23. A temporary UPN's final letter is worth its index in the alphabet.
 */
export function upnCheckLetter(body: string): string {
  if (!/^[0-9]{11}.$/.test(body)) {
    throw new Error('a UPN body is 11 digits then a digit or check-alphabet letter');
  }
  let sum = 0;
  for (let i = 0; i < 12; i++) {
    const char = body[i];
    const value = /[0-9]/.test(char) ? Number(char) : UPN_CHECK_LETTERS.indexOf(char);
    if (value < 0) throw new Error(`"${char}" is not a UPN character`);
    sum += value * (i + 2);
  }
  return UPN_CHECK_LETTERS[sum % 23];
}

/** A DfE unique pupil number: 13 characters, upper case, whose first is the check letter of the rest. */
export function isValidUpn(value: string): boolean {
  return UPN_SHAPE.test(value) && upnCheckLetter(value.slice(1)) === value[0];
}

export function IsUpn(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isUpn',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && isValidUpn(value),
        defaultMessage: () =>
          'must be a 13-character unique pupil number: a check letter, 11 digits, then a digit or letter, with a valid check letter',
      },
    },
    options,
  );
}
