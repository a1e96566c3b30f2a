import { applyDecorators } from '@nestjs/common';
import { ApiBody, ApiHeader, ApiParam, ApiResponse } from '@nestjs/swagger';
import { CONSENTS, ETHNICITIES, GENDERS, SOURCE_AGENCIES } from '@app/contracts';

/**
 * The partner contract (contact-api.md) as OpenAPI: the canonical contact schema, an example of the body
 * and of every answer, so that an integrator can build a client from /docs-json alone.
 */
const text = (maxLength: number, example?: string) => ({
  type: 'string',
  maxLength,
  ...(example ? { example } : {}),
});

export const CONTACT_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['source', 'child', 'concerns', 'consent'],
  properties: {
    source: {
      type: 'object',
      additionalProperties: false,
      required: ['agency'],
      properties: {
        agency: {
          type: 'string',
          enum: [...SOURCE_AGENCIES],
          description: 'Stored with its CIN census code',
        },
        organisation: {
          ...text(200),
          description: 'Required unless family_member, acquaintance, self, individual or anonymous',
        },
        referrer: {
          type: 'object',
          additionalProperties: false,
          description: 'Required unless the agency is anonymous; phone or email (at least one)',
          required: ['name', 'role'],
          properties: {
            name: text(100),
            role: text(100),
            phone: text(40),
            email: { type: 'string', format: 'email' },
          },
        },
      },
    },
    child: {
      type: 'object',
      additionalProperties: false,
      required: ['lastName'],
      properties: {
        firstName: { ...text(100), description: 'Absent only for an unborn child' },
        lastName: text(100),
        dateOfBirth: {
          type: 'string',
          format: 'date',
          description: 'A past date; the child under 18. Or expectedDateOfBirth',
        },
        expectedDateOfBirth: {
          type: 'string',
          format: 'date',
          description: 'An unborn child, due within 10 months',
        },
        gender: { type: 'string', enum: [...GENDERS] },
        ethnicity: {
          type: 'string',
          enum: [...ETHNICITIES],
          description: "The DfE's ethnicity code (CIN census)",
        },
        nhsNumber: {
          type: 'string',
          description: '10 digits with a valid Modulus 11 check digit; spaces removed',
        },
        upn: { type: 'string', description: 'DfE unique pupil number: check letter then 12 characters' },
        address: {
          type: 'object',
          additionalProperties: false,
          required: ['postcode'],
          properties: {
            line1: text(200),
            town: text(200),
            postcode: { type: 'string', description: 'UK postcode, any case and spacing; stored normalised' },
          },
        },
      },
    },
    concerns: {
      type: 'object',
      additionalProperties: false,
      required: ['summary'],
      properties: {
        indicators: {
          type: 'array',
          uniqueItems: true,
          items: { type: 'string' },
          description: 'Indicator codes of the county duty criteria, no duplicates',
        },
        summary: text(10000),
        immediateRisk: { type: 'boolean', default: false },
        allegedPerpetratorHasAccess: { type: 'boolean', default: false },
      },
    },
    consent: { type: 'string', enum: [...CONSENTS] },
    occurredAt: { type: 'string', format: 'date-time', description: 'Not in the future' },
    householdRef: { ...text(100), description: 'Links the contacts of one household notification' },
  },
};

export const CONTACT_EXAMPLE = {
  source: {
    agency: 'school',
    organisation: 'Cherwell Valley Primary School',
    referrer: {
      name: 'A. Patel',
      role: 'Designated Safeguarding Lead',
      phone: '01865 000000',
      email: 'dsl@example.org',
    },
  },
  child: {
    firstName: 'Maya',
    lastName: 'Okafor',
    dateOfBirth: '2016-03-14',
    gender: 'female',
    nhsNumber: '9434765919',
    address: { line1: '1 Example Road', town: 'Banbury', postcode: 'OX16 1AA' },
  },
  concerns: {
    indicators: ['attendance_persistent_absence', 'neglect_emerging'],
    summary: 'Attendance has fallen to 84% this term and Maya often arrives hungry.',
    immediateRisk: false,
    allegedPerpetratorHasAccess: false,
  },
  consent: 'given',
  occurredAt: '2026-01-20T15:10:00Z',
};

const ID = '0b7c8f8e-3c55-4a59-9a43-3f0f6a2d1c11';
const problem = (status: number, title: string, extra: Record<string, unknown> = {}) => ({
  status,
  description: title,
  content: {
    'application/problem+json': {
      example: { type: 'about:blank', title, status, instance: '/v1/contacts', ...extra },
    },
  },
});
const retryAfter = {
  'Retry-After': { description: 'Seconds to wait before retrying', schema: { type: 'integer' } },
};

export function SubmitContactDocs() {
  return applyDecorators(
    ApiHeader({
      name: 'Idempotency-Key',
      required: true,
      description:
        '1 to 128 printable ASCII characters. The same key and body from the same partner answers the first ' +
        'answer again (same id, nothing recorded twice); the same key with a different body is 409. Keys are ' +
        'kept as long as the contact itself (well over the 24 hours the contract promises).',
    }),
    ApiBody({
      schema: CONTACT_SCHEMA,
      examples: { schoolConcern: { summary: 'A school concern', value: CONTACT_EXAMPLE } },
    }),
    ApiResponse({
      status: 202,
      description: 'Durably recorded',
      headers: { Location: { description: '/v1/contacts/{id}', schema: { type: 'string' } } },
      content: { 'application/json': { example: { id: ID, status: 'received' } } },
    }),
    ApiResponse(
      problem(400, 'Malformed request', {
        type: '/problems/validation',
        detail: '2 field(s) at fault',
        errors: [
          { path: 'child.favouriteColour', message: 'is not a field of the contract' },
          { path: 'concerns.immediateRisk', message: 'must be true or false' },
        ],
      }),
    ),
    ApiResponse(problem(401, 'Unauthorized', { detail: 'Missing or invalid credentials' })),
    ApiResponse(
      problem(409, 'Conflict', { detail: 'This Idempotency-Key was already used with a different body' }),
    ),
    ApiResponse(
      problem(422, 'The request breaks a rule', {
        type: '/problems/validation',
        detail: '2 field(s) at fault',
        errors: [
          {
            path: 'child.nhsNumber',
            message: 'must be a 10-digit NHS number with a valid Modulus 11 check digit',
          },
          {
            path: 'concerns.indicators[1]',
            message: '"neglect_mild" is not an indicator code of the duty criteria',
          },
        ],
      }),
    ),
    ApiResponse({
      ...problem(429, 'Too many requests', { detail: 'Rate limit exceeded' }),
      headers: retryAfter,
    }),
    ApiResponse({
      ...problem(503, 'Service unavailable', {
        detail: 'The database cannot be reached; nothing was recorded. Retry shortly.',
      }),
      headers: retryAfter,
    }),
  );
}

export function ReadContactDocs() {
  return applyDecorators(
    ApiParam({ name: 'id', format: 'uuid' }),
    ApiResponse({
      status: 200,
      description: 'The contact and, once triaged, its decision',
      content: {
        'application/json': {
          example: {
            id: ID,
            status: 'triaged',
            receivedAt: '2026-01-20T15:12:03.120Z',
            childId: '5d1e7a52-7a0e-4a3b-9c55-0f3c1f6b2a10',
            decision: {
              needLevel: 2,
              route: 'LOCALITY_EARLY_HELP',
              team: 'LOCALITY_NORTH',
              priority: 'THREE_WORKING_DAYS',
              dueAt: '2026-01-23T15:12:03.120Z',
              strategyDiscussion: false,
              consentRequired: false,
              reasons: [{ code: 'indicator:attendance_persistent_absence', text: 'Persistent absence ...' }],
              criteriaVersion: '2026-1',
              linkedContactIds: [],
              possibleMatches: [],
            },
          },
        },
      },
    }),
    ApiResponse(problem(401, 'Unauthorized', { detail: 'Missing or invalid credentials' })),
    ApiResponse(problem(404, 'Not found', { detail: 'No such contact' })),
    ApiResponse({
      ...problem(503, 'Service unavailable', { detail: 'Retry shortly.' }),
      headers: retryAfter,
    }),
  );
}
