import { applyDecorators } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiHeader, ApiResponse } from '@nestjs/swagger';
import { AdapterAccepted } from './adapter-response';

const problem = (status: number, title: string, extra: Record<string, unknown> = {}) => ({
  description: title,
  content: {
    'application/problem+json': {
      example: { type: 'about:blank', title, status, instance: '/v1/adapters/…', ...extra },
    },
  },
});

/** The answers every adapter endpoint gives, with an example of each (for a partner's integrator). */
export function AdapterEndpointDocs(
  bodyType: new () => unknown,
  examples: Record<string, { summary: string; value: unknown }>,
  validationExample: { path: string; message: string },
) {
  return applyDecorators(
    ApiBearerAuth(),
    ApiHeader({
      name: 'Idempotency-Key',
      required: true,
      description:
        '1 to 128 printable ASCII characters. The same key and body again answers the first answer again; ' +
        "the same key with a different body is 409. Each child's contact is keyed `<key>:<index>`.",
    }),
    ApiBody({ type: bodyType, examples }),
    ApiResponse({
      status: 202,
      description: 'Recorded durably, one contact per child',
      type: AdapterAccepted,
    }),
    ApiResponse({
      status: 400,
      ...problem(400, 'Malformed request', {
        type: '/problems/validation',
        detail: '1 field(s) at fault',
        errors: [{ path: 'unexpectedField', message: 'is not a field of the contract' }],
      }),
    }),
    ApiResponse({
      status: 401,
      ...problem(401, 'Unauthorized', { detail: 'Missing or invalid credentials' }),
    }),
    ApiResponse({
      status: 403,
      ...problem(403, 'Forbidden', { detail: 'This endpoint is for another kind of partner' }),
    }),
    ApiResponse({
      status: 409,
      ...problem(409, 'Conflict', { detail: 'This Idempotency-Key was already used with a different body' }),
    }),
    ApiResponse({
      status: 422,
      ...problem(422, 'The request breaks a rule', {
        type: '/problems/validation',
        detail: '1 field(s) at fault',
        errors: [validationExample],
      }),
    }),
    ApiResponse({
      status: 429,
      headers: { 'Retry-After': { description: 'Seconds to wait', schema: { type: 'integer' } } },
      ...problem(429, 'Too many requests', { detail: 'Rate limit exceeded' }),
    }),
    ApiResponse({
      status: 503,
      headers: { 'Retry-After': { description: 'Seconds to wait', schema: { type: 'integer' } } },
      ...problem(503, 'Service unavailable', {
        detail: 'The database cannot be reached; nothing was recorded. Retry shortly.',
      }),
    }),
  );
}
