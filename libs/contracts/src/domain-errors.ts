/**
 * What a use case may refuse, in its own words. Use cases know no transport: the HTTP filter
 * (libs/http ProblemDetailsFilter) turns these into RFC 9457 problem details, and the Kafka consumer
 * dead-letters a message whose handling raised one (none of them gets better by retrying).
 */
export interface FieldFault {
  /** The field at fault, as the caller names it (`child.dateOfBirth`, `query:from`); never its value. */
  path: string;
  message: string;
}

export abstract class DomainError extends Error {
  /** Marks every domain error across module copies (jest may load a lib twice). */
  readonly domainError = true;
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** The thing asked about does not exist (or the caller may not know it exists). */
export class NotFoundError extends DomainError {
  constructor(message = 'Not found') {
    super(message);
  }
}

/** The request cannot be done in the thing's present state (held by someone else, already decided). */
export class ConflictError extends DomainError {}

/** The caller's role may not do this; `field` names the one value they may not send, if that is why. */
export class ForbiddenError extends DomainError {
  constructor(
    message = 'Your role may not do this',
    readonly field?: FieldFault,
  ) {
    super(message);
  }
}

/** No valid credentials (a failed sign-in says no more than this). */
export class UnauthenticatedError extends DomainError {
  constructor(message = 'Missing or invalid credentials') {
    super(message);
  }
}

/** Input that cannot be read as what it claims to be: a wrong type, an unknown field, a bad date. */
export class MalformedInputError extends DomainError {
  constructor(readonly faults: FieldFault[]) {
    super(`${faults.length} field(s) at fault`);
  }
}

/** Well-formed input that breaks one of the county's rules. */
export class RuleBrokenError extends DomainError {
  constructor(readonly faults: FieldFault[]) {
    super(`${faults.length} field(s) at fault`);
  }
}

/**
 * The validators of the partner contract report a fault's kind as the contract's status (400 for
 * shape, 422 for rules); this names it as the domain error it is.
 */
export function invalidInput(status: 400 | 422, faults: FieldFault[]): MalformedInputError | RuleBrokenError {
  return status === 400 ? new MalformedInputError(faults) : new RuleBrokenError(faults);
}

export function isDomainError(e: unknown): e is DomainError {
  return !!e && typeof e === 'object' && (e as { domainError?: unknown }).domainError === true;
}
