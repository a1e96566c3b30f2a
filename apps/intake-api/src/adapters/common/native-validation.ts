import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { ClassConstructor, plainToInstance, Type } from 'class-transformer';
import {
  IsEmail,
  IsIn,
  IsInt,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  ValidateNested,
  validateSync,
} from 'class-validator';
import {
  ContactIssue,
  finaliseIssues,
  flattenValidationErrors,
  IsPhoneNumber,
  Required,
  withoutReservedKeys,
} from '@app/contracts';
import { Problem } from '@app/http';

/** A fault found by an adapter's own cross-field rules, beyond what its DTO decorators say. */
export type NativeRule<T> = (body: T) => { path: string; message: string }[];

/**
 * Validates a partner's native body against its adapter DTO exactly as the canonical contract is
 * validated: unknown fields and wrong JSON types make a 400, broken rules a 422, and the problem names
 * every field at fault (paths in the partner's own format). Returns the typed body.
 */
export function validateNative<T extends object>(
  dto: ClassConstructor<T>,
  body: unknown,
  rules: NativeRule<T>[] = [],
): T {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw Problem.validation(400, [{ path: '', message: 'the body must be a JSON object' }]);
  }
  const reserved = withoutReservedKeys(body);
  const instance = plainToInstance(dto, reserved.value);
  const structural = validateSync(instance, {
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    validationError: { target: false, value: false },
  });
  const issues: ContactIssue[] = [...reserved.issues, ...flattenValidationErrors(structural)].map(
    arrayIndexes,
  );
  // Cross-field rules (and the contract's own rules on the mapped contacts) only run on a body whose
  // shape is sound, so that every rule fault is named in one answer. A body missing a required part may
  // not map at all: then the faults already found are the answer.
  if (!issues.some((i) => i.kind === 'shape')) {
    const sound = issues.length === 0;
    for (const rule of rules) {
      try {
        issues.push(...rule(instance).map((r) => ({ ...r, kind: 'rule' as const })));
      } catch (e) {
        if (sound) throw e;
      }
    }
  }
  const final = finaliseIssues(issues.map(numberTypeAsShape));
  if (final.length) {
    throw Problem.validation(
      final.some((i) => i.kind === 'shape') ? 400 : 422,
      final.map(({ path, message }) => ({ path, message })),
    );
  }
  return instance;
}

/** class-validator names an array element by a string key ("0"): written as an index, `children[0]`. */
function arrayIndexes(issue: ContactIssue): ContactIssue {
  return { ...issue, path: issue.path.replace(/\["(\d+)"\]/g, '[$1]') };
}

/** "must be a number" is a JSON type fault (400), as "must be a string" is for the canonical contract. */
function numberTypeAsShape(issue: ContactIssue): ContactIssue {
  return issue.message === NOT_A_NUMBER ? { ...issue, kind: 'shape' } : issue;
}

const NOT_A_NUMBER = 'must be a number';

/** A JSON number that is a whole number from min to max (a string or a fraction is refused). */
export function WholeNumber(min: number, max: number): PropertyDecorator {
  return (target: object, key: string | symbol) => {
    // Registered type first: the first failing constraint is the one reported.
    IsNumber({ allowNaN: false, allowInfinity: false }, { message: NOT_A_NUMBER })(target, key);
    IsInt({ message: 'must be a whole number' })(target, key);
    Min(min, { message: `must be at least ${min}` })(target, key);
    Max(max, { message: `must be at most ${max}` })(target, key);
  };
}

/** A JSON number from min to max. */
export function NumberBetween(min: number, max: number): PropertyDecorator {
  return (target: object, key: string | symbol) => {
    IsNumber({ allowNaN: false, allowInfinity: false }, { message: NOT_A_NUMBER })(target, key);
    Min(min, { message: `must be at least ${min}` })(target, key);
    Max(max, { message: `must be at most ${max}` })(target, key);
  };
}

/** One of the listed codes, with a message that lists them. */
export function OneOf(values: readonly string[], options: { each?: boolean } = {}): PropertyDecorator {
  return IsIn(values, { ...options, message: `must be one of: ${values.join(', ')}` });
}

export const MaxChars = (max: number) => MaxLength(max, { message: `must be at most ${max} characters` });

/** Text longer than the contract allows is cut with a marker rather than refused (summaries). */
export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 12)} [truncated]`;
}

/** A nested object of the partner's format, validated as its own DTO (and documented in OpenAPI). */
export function NestedObject(
  type: ClassConstructor<object>,
  options: { optional?: boolean; description?: string } = {},
): PropertyDecorator {
  return applyDecorators(
    ApiProperty({
      type,
      required: !options.optional,
      ...(options.description ? { description: options.description } : {}),
    }),
    options.optional ? IsOptional() : Required(),
    IsObject(),
    ValidateNested(),
    Type(() => type),
  );
}

/** A professional's optional telephone number, checked as the canonical contract checks a referrer's. */
export function OptionalPhone(example: string): PropertyDecorator {
  return applyDecorators(
    ApiProperty({ required: false, example }),
    IsOptional(),
    IsString(),
    MaxChars(40),
    IsPhoneNumber(),
  );
}

/** A professional's optional e-mail address, checked as the canonical contract checks a referrer's. */
export function OptionalEmail(example: string): PropertyDecorator {
  return applyDecorators(
    ApiProperty({ required: false, example }),
    IsOptional(),
    IsString(),
    MaxChars(254),
    IsEmail({}, { message: 'must be an email address' }),
  );
}
