import { IsDefined, ValidateBy, type ValidationOptions } from 'class-validator';

/** JSON null counts as absent throughout the contract, as class-validator's @IsOptional treats it. */
export function isPresent(value: unknown): boolean {
  return value !== undefined && value !== null;
}

export function Required(message = 'is required'): PropertyDecorator {
  return IsDefined({ message });
}

/** A required text must say something: "" and "   " are refused. */
export function IsNotBlank(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isNotBlank',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && value.trim().length > 0,
        defaultMessage: () => 'must not be blank',
      },
    },
    options,
  );
}

/** For "exactly one of" pairs: fails when the sibling property is present too. */
export function IsNotGivenWith(sibling: string, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isNotGivenWith',
      constraints: [sibling],
      validator: {
        validate: (_value: unknown, args) => !isPresent((args?.object as Record<string, unknown>)[sibling]),
        defaultMessage: () => `must not be given together with ${sibling}`,
      },
    },
    options,
  );
}
