import { applyDecorators } from '@nestjs/common';
import {
  ApiBody,
  ApiExtraModels,
  ApiHeader,
  ApiParam,
  ApiProperty,
  ApiPropertyOptional,
  ApiResponse,
} from '@nestjs/swagger';
import { ContactDto, PossibleMatchDto } from '@app/contracts';
import { ApiProblem, RETRY_AFTER } from '@app/http';
import type { ContactView } from './contact-views.repository';

/**
 * The partner contract (contact-api.md) as OpenAPI: the body's schema is the class-validator DTO that
 * validates it (ContactDto), and each answer has a schema and an example, so that an integrator can build
 * a client from /docs-json alone.
 */
const ID = '0b7c8f8e-3c55-4a59-9a43-3f0f6a2d1c11';

export class ContactReceived {
  @ApiProperty({ format: 'uuid', example: ID })
  id: string;

  @ApiProperty({ enum: ['received'], example: 'received' })
  status: 'received';
}

export class DecisionReason {
  @ApiProperty({ example: 'indicator:attendance_persistent_absence' })
  code: string;

  @ApiProperty({ example: 'Persistent absence (below 90% attendance)' })
  text: string;
}

export class ContactDecision implements NonNullable<ContactView['decision']> {
  @ApiProperty({ type: 'integer', minimum: 1, maximum: 4, example: 2, description: 'Level of need, 1 to 4' })
  needLevel: number;

  @ApiProperty({ example: 'LOCALITY_EARLY_HELP' })
  route: string;

  @ApiProperty({ type: String, nullable: true, example: 'LOCALITY_NORTH' })
  team: string | null;

  @ApiProperty({ example: 'THREE_WORKING_DAYS' })
  priority: string;

  @ApiProperty({ format: 'date-time' })
  dueAt: string;

  @ApiProperty()
  strategyDiscussion: boolean;

  @ApiProperty()
  consentRequired: boolean;

  @ApiProperty({ type: [DecisionReason] })
  reasons: DecisionReason[];

  @ApiProperty({ example: '2026-1' })
  criteriaVersion: string;

  @ApiProperty({ type: [String], format: 'uuid' })
  linkedContactIds: string[];

  @ApiProperty({ type: [PossibleMatchDto], description: 'Children this one may be' })
  possibleMatches: PossibleMatchDto[];
}

export class ContactReadView implements ContactView {
  @ApiProperty({ format: 'uuid', example: ID })
  id: string;

  @ApiProperty({ example: 'triaged', description: 'received, then triaged' })
  status: string;

  @ApiProperty({ format: 'date-time' })
  receivedAt: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Once the child is matched or recorded' })
  childId?: string;

  @ApiPropertyOptional({ type: ContactDecision, description: 'Once triaged' })
  decision?: ContactDecision;
}

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

export function SubmitContactDocs() {
  return applyDecorators(
    ApiExtraModels(ContactDto),
    ApiHeader({
      name: 'Idempotency-Key',
      required: true,
      schema: { type: 'string', minLength: 1, maxLength: 128, pattern: '^[\\x21-\\x7e]+$' },
      description:
        '1 to 128 printable ASCII characters, sent once. The same key and body from the same partner answers ' +
        'the first answer again (same id, nothing recorded twice); the same key with a different body is 409. ' +
        'Keys are kept as long as the contact itself (well over the 24 hours the contract promises).',
    }),
    ApiBody({
      type: ContactDto,
      examples: { schoolConcern: { summary: 'A school concern', value: CONTACT_EXAMPLE } },
    }),
    ApiResponse({
      status: 202,
      description: 'Durably recorded',
      headers: { Location: { description: '/v1/contacts/{id}', schema: { type: 'string' } } },
      type: ContactReceived,
    }),
    ApiProblem(400, 'Malformed: not JSON, unknown fields, wrong JSON types, a missing Idempotency-Key', {
      title: 'Malformed request',
      type: '/problems/validation',
      detail: '2 field(s) at fault',
      errors: [
        { path: 'child.favouriteColour', message: 'is not a field of the contract' },
        { path: 'concerns.immediateRisk', message: 'must be true or false' },
      ],
    }),
    ApiProblem(401, 'Missing or invalid partner key', {
      title: 'Unauthorized',
      detail: 'Missing or invalid credentials',
    }),
    ApiProblem(403, 'Not a partner', { title: 'Forbidden', detail: 'Your role may not do this' }),
    ApiProblem(409, 'This Idempotency-Key was already used with a different body', {
      title: 'Conflict',
      detail: 'This Idempotency-Key was already used with a different body',
    }),
    ApiProblem(422, 'Well-formed but breaks a rule of the contract', {
      title: 'The request breaks a rule',
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

export function ReadContactDocs() {
  return applyDecorators(
    ApiParam({ name: 'id', schema: { type: 'string', format: 'uuid' } }),
    ApiResponse({
      status: 200,
      description: 'The contact and, once triaged, its decision',
      type: ContactReadView,
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
    }),
    ApiProblem(401, 'Missing or invalid credentials', {
      title: 'Unauthorized',
      detail: 'Missing or invalid credentials',
    }),
    ApiProblem(403, 'A staff role that may not read contacts', {
      title: 'Forbidden',
      detail: 'Your role may not do this',
    }),
    ApiProblem(404, "No such contact (or another partner's)", {
      title: 'Not found',
      detail: 'No such contact',
    }),
    ApiProblem(503, 'Retry shortly', { title: 'Service unavailable', detail: 'Retry shortly.' }, RETRY_AFTER),
  );
}
