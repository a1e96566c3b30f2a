import { applyDecorators } from '@nestjs/common';
import { ClassConstructor, plainToInstance } from 'class-transformer';
import { IsIn, IsNumber, Max, MaxLength, Min, ValidateBy, validateSync } from 'class-validator';
import { ContactIssue, finaliseIssues, flattenValidationErrors, withoutReservedKeys } from '@app/contracts';
import { ApiProblem, Problem } from '@app/http';

/** A fault found by a body's cross-field rules, beyond what its DTO's decorators say. */
export type BodyRule<T> = (body: T) => { path: string; message: string }[];

const NOT_A_NUMBER = 'must be a number';

/**
 * Validates a staff request body against its DTO class (the same class documents it in OpenAPI), as the
 * contact contract is validated: unknown fields and wrong JSON types make a 400, broken rules a 422, and the
 * problem names every field at fault without echoing a value. Cross-field rules run only on a sound shape.
 */
export function validateBody<T extends object>(
  dto: ClassConstructor<T>,
  body: unknown,
  rules: BodyRule<T>[] = [],
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
  const issues: ContactIssue[] = [...reserved.issues, ...flattenValidationErrors(structural)].map((i) => ({
    ...i,
    path: i.path.replace(/\["(\d+)"\]/g, '[$1]'),
    message: i.message === 'is not a field of the contract' ? 'is not a field of this request' : i.message,
    kind: i.message === NOT_A_NUMBER ? 'shape' : i.kind,
  }));
  if (!issues.some((i) => i.kind === 'shape')) {
    for (const rule of rules) issues.push(...rule(instance).map((r) => ({ ...r, kind: 'rule' as const })));
  }
  const final = finaliseIssues(issues);
  if (final.length) {
    throw Problem.validation(
      final.some((i) => i.kind === 'shape') ? 400 : 422,
      final.map(({ path, message }) => ({ path, message })),
    );
  }
  return instance;
}

/** One of the listed codes, with a message that lists them. */
export const OneOf = (values: readonly string[]) =>
  IsIn(values, { message: `must be one of: ${values.join(', ')}` });

export const MaxChars = (max: number) => MaxLength(max, { message: `must be at most ${max} characters` });

/** A JSON number from min to max with at most two decimal places (money). */
export function Money(min: number, max: number): PropertyDecorator {
  return (target: object, key: string | symbol) => {
    IsNumber({ allowNaN: false, allowInfinity: false }, { message: NOT_A_NUMBER })(target, key);
    ValidateBy({
      name: 'isMoney',
      validator: {
        validate: (v: unknown) => typeof v === 'number' && Math.abs(v * 100 - Math.round(v * 100)) < 1e-6,
        defaultMessage: () => 'must have at most 2 decimal places',
      },
    })(target, key);
    Min(min, { message: `must be at least ${min}` })(target, key);
    Max(max, { message: `must be at most ${max}` })(target, key);
  };
}

const PROBLEM_TEXT: Record<number, string> = {
  400: 'Malformed: not a JSON object, a wrong JSON type or an unknown field (each named in errors)',
  401: 'Missing or invalid credentials',
  403: 'Your role may not do this',
  404: 'No such placement request (or not one of yours)',
  409: 'The request is not in a state that allows this (the detail says why)',
  422: 'Well formed but breaks a rule (each field at fault named in errors)',
};

/** The problem answers a route gives, documented with the one problem-details schema (libs/http). */
export function ProblemResponses(...statuses: (400 | 401 | 403 | 404 | 409 | 422)[]) {
  return applyDecorators(
    ...[401, 403, ...statuses]
      .filter((s, i, all) => all.indexOf(s) === i)
      .map((status) => ApiProblem(status, PROBLEM_TEXT[status])),
  );
}
