import { HttpException } from '@nestjs/common';
import {
  ConflictError,
  DomainError,
  ForbiddenError,
  MalformedInputError,
  NotFoundError,
  RuleBrokenError,
  UnauthenticatedError,
} from '@app/contracts';

export interface FieldError {
  path: string;
  message: string;
}

/**
 * An RFC 9457 problem. Throw it from a controller or use case; ProblemDetailsFilter writes it as
 * `application/problem+json`, with `errors` naming every field at fault.
 */
export class Problem extends HttpException {
  constructor(
    status: number,
    readonly title: string,
    readonly detail?: string,
    readonly errors?: FieldError[],
    readonly extraHeaders: Record<string, string> = {},
    readonly type: string = 'about:blank',
  ) {
    super({ title, detail, errors }, status);
  }

  static validation(status: 400 | 422, errors: FieldError[]): Problem {
    const title = status === 400 ? 'Malformed request' : 'The request breaks a rule';
    return new Problem(
      status,
      title,
      `${errors.length} field(s) at fault`,
      errors,
      {},
      `/problems/validation`,
    );
  }
  static unavailable(detail: string, retryAfterSeconds = 5): Problem {
    return new Problem(503, 'Service unavailable', detail, undefined, {
      'Retry-After': String(retryAfterSeconds),
    });
  }
  static notFound(detail = 'Not found'): Problem {
    return new Problem(404, 'Not found', detail);
  }
  static conflict(detail: string): Problem {
    return new Problem(409, 'Conflict', detail);
  }
  static unauthorized(detail = 'Missing or invalid credentials'): Problem {
    return new Problem(401, 'Unauthorized', detail, undefined, { 'WWW-Authenticate': 'Bearer' });
  }
  static forbidden(detail = 'Your role may not do this'): Problem {
    return new Problem(403, 'Forbidden', detail);
  }
  /** The caller may not send this value: names the field, never echoes the value. */
  static forbiddenField(path: string, message: string): Problem {
    return new Problem(403, 'Forbidden', `1 field(s) at fault`, [{ path, message }]);
  }
  static tooManyRequests(retryAfterSeconds: number): Problem {
    return new Problem(429, 'Too many requests', 'Rate limit exceeded', undefined, {
      'Retry-After': String(retryAfterSeconds),
    });
  }

  /** How HTTP says what a use case refused (use cases throw domain errors, never this type). */
  static fromDomain(e: DomainError): Problem {
    if (e instanceof MalformedInputError) return Problem.validation(400, e.faults);
    if (e instanceof RuleBrokenError) return Problem.validation(422, e.faults);
    if (e instanceof NotFoundError) return Problem.notFound(e.message);
    if (e instanceof ConflictError) return Problem.conflict(e.message);
    if (e instanceof UnauthenticatedError) return Problem.unauthorized(e.message);
    if (e instanceof ForbiddenError)
      return e.field ? Problem.forbiddenField(e.field.path, e.field.message) : Problem.forbidden(e.message);
    return new Problem(422, 'The request breaks a rule', e.message);
  }
}
