import { applyDecorators } from '@nestjs/common';
import { ApiBody, ApiHeader, ApiResponse } from '@nestjs/swagger';
import { ApiProblem, RETRY_AFTER } from '@app/http';
import { AdapterAccepted } from './adapter-response';

/** The answers every adapter endpoint gives, with a schema and an example of each (for a partner's integrator). */
export function AdapterEndpointDocs(
  bodyType: new () => unknown,
  examples: Record<string, { summary: string; value: unknown }>,
  validationExample: { path: string; message: string },
) {
  return applyDecorators(
    ApiHeader({
      name: 'Idempotency-Key',
      required: true,
      schema: { type: 'string', minLength: 1, maxLength: 128, pattern: '^[\\x21-\\x7e]+$' },
      description:
        '1 to 128 printable ASCII characters, sent once. The same key and body again answers the first answer ' +
        "again; the same key with a different body is 409. Each child's contact is keyed `<key>:<index>`.",
    }),
    ApiBody({ type: bodyType, examples }),
    ApiResponse({
      status: 202,
      description: 'Recorded durably, one contact per child',
      type: AdapterAccepted,
    }),
    ApiProblem(400, 'Malformed: unknown fields, wrong JSON types, a missing Idempotency-Key', {
      title: 'Malformed request',
      type: '/problems/validation',
      detail: '1 field(s) at fault',
      errors: [{ path: 'unexpectedField', message: 'is not a field of the contract' }],
    }),
    ApiProblem(401, 'Missing or invalid partner key', {
      title: 'Unauthorized',
      detail: 'Missing or invalid credentials',
    }),
    ApiProblem(403, 'A partner of another agency', {
      title: 'Forbidden',
      detail: 'This endpoint is for another kind of partner',
    }),
    ApiProblem(409, 'This Idempotency-Key was already used with a different body', {
      title: 'Conflict',
      detail: 'This Idempotency-Key was already used with a different body',
    }),
    ApiProblem(422, 'Well-formed but breaks a rule', {
      title: 'The request breaks a rule',
      type: '/problems/validation',
      detail: '1 field(s) at fault',
      errors: [validationExample],
    }),
    ApiProblem(
      429,
      'Rate limit exceeded',
      { title: 'Too many requests', detail: 'Rate limit exceeded' },
      RETRY_AFTER,
    ),
    ApiProblem(
      503,
      'Nothing was recorded; retry shortly',
      {
        title: 'Service unavailable',
        detail: 'The database cannot be reached; nothing was recorded. Retry shortly.',
      },
      RETRY_AFTER,
    ),
  );
}
