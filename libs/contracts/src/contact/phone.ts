import { ValidateBy, type ValidationOptions } from 'class-validator';

/**
 * A telephone number a duty worker can dial: digits with the usual punctuation, an optional leading +,
 * and an optional extension. Ours, not the contract's: it only keeps out text that is plainly not a number.
 */
const PHONE = /^\+?[0-9 ()\-.]+(?:\s*(?:ext\.?|x)\s*[0-9]+)?$/i;

export function isPhoneNumber(value: string): boolean {
  const digits = value.replace(/[^0-9]/g, '').length;
  return PHONE.test(value) && digits >= 6 && digits <= 20;
}

export function IsPhoneNumber(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isPhoneNumber',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && isPhoneNumber(value),
        defaultMessage: () => 'must be a telephone number, such as 01865 000000',
      },
    },
    options,
  );
}
