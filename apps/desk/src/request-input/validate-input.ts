import { Body, Injectable, PipeTransform, Query } from '@nestjs/common';
import { ClassConstructor, plainToInstance } from 'class-transformer';
import { IsIn, IsNumber, Max, MaxLength, Min, ValidateBy, validateSync } from 'class-validator';
import {
  ContactIssue,
  finaliseIssues,
  flattenValidationErrors,
  isCalendarDate,
  isUuid,
  withoutReservedKeys,
} from '@app/contracts';
import { Problem } from '@app/http';

/** A fault found by a body's cross-field rules, beyond what its DTO's decorators say. */
export type BodyRule<T> = (body: T) => { path: string; message: string }[];

const NOT_A_NUMBER = 'must be a number';

export type BodyCheck<T> =
  { ok: true; value: T } | { ok: false; status: 400 | 422; errors: { path: string; message: string }[] };

/**
 * Checks a staff request body against its DTO class (the same class documents it in OpenAPI), as the
 * contact contract is checked: unknown fields and wrong JSON types make a 400, broken rules a 422, and every
 * field at fault is named without echoing a value. Cross-field rules run only on a sound shape.
 */
export function checkBody<T extends object>(
  dto: ClassConstructor<T>,
  body: unknown,
  rules: BodyRule<T>[] = [],
): BodyCheck<T> {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    return { ok: false, status: 400, errors: [{ path: '', message: 'the body must be a JSON object' }] };
  }
  const reserved = withoutReservedKeys(body);
  const instance = plainToInstance(dto, reserved.value);
  const issues: ContactIssue[] = [...reserved.issues, ...structuralIssues(instance)];
  if (!issues.some((i) => i.kind === 'shape')) {
    for (const rule of rules) issues.push(...rule(instance).map((r) => ({ ...r, kind: 'rule' as const })));
  }
  const final = finaliseIssues(issues);
  if (!final.length) return { ok: true, value: instance };
  return {
    ok: false,
    status: final.some((i) => i.kind === 'shape') ? 400 : 422,
    errors: final.map(({ path, message }) => ({ path, message })),
  };
}

/** checkBody, answering a fault with its RFC 9457 problem. */
export function validateBody<T extends object>(
  dto: ClassConstructor<T>,
  body: unknown,
  rules: BodyRule<T>[] = [],
): T {
  const checked = checkBody(dto, body, rules);
  if (!checked.ok) throw Problem.validation(checked.status, checked.errors);
  return checked.value;
}

/**
 * Checks a query string against its DTO class (which also documents the parameters). Every value arrives
 * as text, so every fault makes a 400, each named `query:<name>`; a parameter given twice is refused
 * unless its DTO marks it @Repeatable. Cross-parameter rules run only when each parameter is sound.
 */
export function checkQuery<T extends object>(
  dto: ClassConstructor<T>,
  query: unknown,
  rules: BodyRule<T>[] = [],
): { ok: true; value: T } | { ok: false; errors: FieldFault[] } {
  const plain = (query && typeof query === 'object' ? query : {}) as Record<string, unknown>;
  const repeatable = repeatableOf(dto);
  const repeated = Object.keys(plain).filter(
    (k) => typeof plain[k] !== 'string' && !(repeatable.has(k) && isTextList(plain[k])),
  );
  const instance = plainToInstance(dto, plain);
  const issues: ContactIssue[] = [
    ...repeated.map((k) => ({ path: k, message: 'must be given once', kind: 'shape' as const })),
    ...structuralIssues(instance).map((i) =>
      i.message === UNKNOWN_FIELD_HERE ? { ...i, message: 'is not a parameter of this request' } : i,
    ),
  ];
  if (!issues.length) {
    for (const rule of rules) issues.push(...rule(instance).map((r) => ({ ...r, kind: 'rule' as const })));
  }
  const final = finaliseIssues(issues);
  if (!final.length) return { ok: true, value: instance };
  return { ok: false, errors: final.map(({ path, message }) => ({ path: `query:${path}`, message })) };
}

export type FieldFault = { path: string; message: string };

const isTextList = (v: unknown) => Array.isArray(v) && v.every((x) => typeof x === 'string');

const REPEATABLE = Symbol('repeatable query parameters');

/** A query parameter that may be given more than once (`series=a&series=b`): its rules see a string[]. */
export function Repeatable(): PropertyDecorator {
  return (target: object, key: string | symbol) => {
    const own = new Set<string | symbol>(Reflect.getMetadata(REPEATABLE, target) ?? []);
    Reflect.defineMetadata(REPEATABLE, [...own, key], target);
  };
}

function repeatableOf(dto: ClassConstructor<object>): Set<string> {
  return new Set(Reflect.getMetadata(REPEATABLE, dto.prototype) ?? []);
}

const UNKNOWN_FIELD_HERE = 'is not a field of this request';

function structuralIssues(instance: object): ContactIssue[] {
  const structural = validateSync(instance, {
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    validationError: { target: false, value: false },
  });
  return flattenValidationErrors(structural).map((i) => ({
    ...i,
    path: i.path.replace(/\["(\d+)"\]/g, '[$1]'),
    message: i.message === 'is not a field of the contract' ? UNKNOWN_FIELD_HERE : i.message,
    kind: i.message === NOT_A_NUMBER ? 'shape' : i.kind,
  }));
}

/** Runs validateBody as a parameter pipe; an absent body reads as `{}` when the body is optional. */
@Injectable()
export class BodyPipe<T extends object> implements PipeTransform {
  constructor(
    private readonly dto: ClassConstructor<T>,
    private readonly rules: BodyRule<T>[],
    private readonly optional: boolean,
  ) {}
  transform(value: unknown): T {
    const absent = value === undefined || (this.optional && value === null);
    return validateBody(this.dto, absent && this.optional ? {} : value, this.rules);
  }
}

const DEFERRED = Symbol("query faults awaiting the path's");

/** Runs checkQuery as a parameter pipe; `dto` is public so that a test can hold the document to it. */
@Injectable()
export class QueryPipe<T extends object> implements PipeTransform {
  constructor(
    readonly dto: ClassConstructor<T>,
    private readonly rules: BodyRule<T>[],
    private readonly deferFaults = false,
  ) {}
  transform(value: unknown): T {
    const checked = checkQuery(this.dto, value, this.rules);
    if (checked.ok) return checked.value;
    if (!this.deferFaults) throw Problem.validation(400, checked.errors);
    return Object.assign(Object.create(this.dto.prototype) as T, { [DEFERRED]: checked.errors });
  }
}

/**
 * For a route whose path holds a parameter checked by hand too: the query from
 * `@ValidQuery(Dto, { withPathFaults: true })`, once the path's faults join its own, so that one 400 names
 * every parameter at fault (pipes each throw alone).
 */
export function queryWithPathFaults<T extends object>(query: T, pathFaults: FieldFault[]): T {
  const faults = [...pathFaults, ...((query as { [DEFERRED]?: FieldFault[] })[DEFERRED] ?? [])];
  if (faults.length) throw Problem.validation(400, faults);
  return query;
}

/**
 * `@ValidBody(Dto)`: the body, validated by the DTO class that documents it (type the parameter as that
 * class, so @nestjs/swagger describes the same class). Rules needing data stay in the use case.
 */
export const ValidBody = <T extends object>(
  dto: ClassConstructor<T>,
  options: { rules?: BodyRule<T>[]; optional?: boolean } = {},
) => Body(new BodyPipe(dto, options.rules ?? [], options.optional ?? false));

/** `@ValidQuery(Dto)`: the query string, validated by the DTO class that documents its parameters. */
export const ValidQuery = <T extends object>(
  dto: ClassConstructor<T>,
  options: { rules?: BodyRule<T>[]; withPathFaults?: boolean } = {},
) => Query(new QueryPipe(dto, options.rules ?? [], options.withPathFaults ?? false));

/** One of the listed codes, with a message that lists them. */
export const OneOf = (values: readonly (string | number)[]) =>
  IsIn(values as unknown[], { message: `must be one of: ${values.join(', ')}` });

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

/** A JSON whole number from min to max (a string or a fraction is refused). */
export function WholeNumber(min: number, max: number): PropertyDecorator {
  return (target: object, key: string | symbol) => {
    IsNumber({ allowNaN: false, allowInfinity: false }, { message: NOT_A_NUMBER })(target, key);
    ValidateBy({
      name: 'isWholeNumber',
      validator: {
        validate: (v: unknown) => Number.isInteger(v),
        defaultMessage: () => 'must be a whole number',
      },
    })(target, key);
    Min(min, { message: `must be at least ${min}` })(target, key);
    Max(max, { message: `must be at most ${max}` })(target, key);
  };
}

/** A query parameter holding a whole number from min to max (written in decimal digits). */
export function QueryWholeNumber(min: number, max: number): PropertyDecorator {
  return ValidateBy({
    name: 'isQueryWholeNumber',
    validator: {
      validate: (v: unknown) =>
        typeof v === 'string' && /^\d{1,9}$/.test(v) && Number(v) >= min && Number(v) <= max,
      defaultMessage: () => `must be a whole number from ${min} to ${max}`,
    },
  });
}

/** A query parameter holding a calendar date YYYY-MM-DD; required unless @IsOptional comes with it. */
export function QueryDate(message = 'is required: a date YYYY-MM-DD'): PropertyDecorator {
  return ValidateBy({
    name: 'isQueryDate',
    validator: {
      validate: (v: unknown) => typeof v === 'string' && isCalendarDate(v),
      defaultMessage: () => message,
    },
  });
}

/** A query parameter holding a uuid. */
export function QueryUuid(): PropertyDecorator {
  return ValidateBy({
    name: 'isQueryUuid',
    validator: { validate: (v: unknown) => isUuid(v), defaultMessage: () => 'must be a uuid' },
  });
}
