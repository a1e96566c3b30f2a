import { applyDecorators } from '@nestjs/common';
import {
  ApiBody,
  ApiOkResponse,
  ApiProperty,
  ApiPropertyOptional,
  ApiQuery,
  ApiResponse,
} from '@nestjs/swagger';
import { ApiProblem } from '@app/http';
import type { PlacementAlertView, PlacementRequestView } from './placement-request-view';
import { GATEKEEPING_OUTCOMES, LEGAL_BASES, PLACEMENT_TYPES } from './placement-vocabulary';

/** The request body as placement-gatekeeping.md fixes it (validatePlacementRequest checks it). */
export class PlacementRequestBody {
  @ApiProperty({
    type: 'object',
    description: 'The child: `{ "id": "<uuid>" }` of a child the service knows, or `{ "identifiers": {…} }`',
    additionalProperties: true,
    example: { id: '5d1e7a52-7a0e-4a3b-9c55-0f3c1f6b2a10' },
  })
  child: Record<string, unknown>;
  @ApiProperty({
    type: 'object',
    nullable: true,
    properties: { name: { type: 'string' }, role: { type: 'string' }, team: { type: 'string' } },
    required: ['name', 'role'],
  })
  requestedBy: { name: string; role: string; team?: string } | null;
  @ApiProperty({ enum: PLACEMENT_TYPES })
  placementType: string;
  @ApiProperty({ enum: LEGAL_BASES })
  legalBasis: string;
  @ApiProperty()
  emergency: boolean;
  @ApiProperty({ type: String, nullable: true, maxLength: 10000 })
  reason: string | null;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'Family group conference, kinship assessment, family support and in-house foster search',
  })
  evidence: Record<string, unknown>;
}

export class Gatekeeping {
  @ApiProperty({ enum: GATEKEEPING_OUTCOMES })
  outcome: string;
  @ApiProperty({ type: [String] })
  failedChecks: string[];
  @ApiProperty({ type: String, nullable: true, format: 'date-time' })
  reviewDueAt: string | null;
}

export class PlacementAlert implements PlacementAlertView {
  @ApiProperty({ format: 'uuid' })
  id: string;
  @ApiProperty()
  kind: string;
  @ApiProperty({ format: 'date-time' })
  raisedAt: string;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' })
  acknowledgedAt: string | null;
}

export class PlacementRequest implements PlacementRequestView {
  @ApiProperty({ format: 'uuid' })
  id: string;
  @ApiProperty({ format: 'uuid' })
  childId: string;
  @ApiProperty({ format: 'date-time' })
  receivedAt: string;
  @ApiProperty({ type: Gatekeeping })
  gatekeeping: Gatekeeping;
  @ApiProperty({ type: [PlacementAlert] })
  alerts: PlacementAlert[];
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'A repeated request: the open request it was linked to',
  })
  linkedTo?: string;
}

export class PlacementRequestList {
  @ApiProperty({ type: [PlacementRequest] })
  items: PlacementRequest[];
}

const rule = ApiProblem(422, 'A field breaks a rule', {
  title: 'The request breaks a rule',
  type: '/problems/validation',
  detail: '1 field(s) at fault',
  errors: [
    { path: 'legalBasis', message: 'must be one of s20, police_protection, epo, ico, care_order, remand' },
  ],
});

export const CreatePlacementRequestDocs = () =>
  applyDecorators(
    ApiBody({ type: PlacementRequestBody }),
    ApiResponse({
      status: 201,
      type: PlacementRequest,
      description: 'Recorded and gatekept',
      headers: { Location: { description: '/v1/placement-requests/{id}', schema: { type: 'string' } } },
    }),
    ApiProblem(400, 'Malformed', { title: 'Malformed request' }),
    rule,
  );
export const ListPlacementRequestsDocs = () =>
  applyDecorators(
    ApiQuery({ name: 'childId', required: false, schema: { type: 'string', format: 'uuid' } }),
    ApiQuery({
      name: 'outcome',
      required: false,
      schema: { type: 'string', enum: [...GATEKEEPING_OUTCOMES] },
    }),
    ApiQuery({ name: 'limit', required: false, schema: { type: 'integer', minimum: 1, maximum: 500 } }),
    ApiOkResponse({ type: PlacementRequestList }),
    ApiProblem(400, 'A query parameter out of range', { title: 'Malformed request' }),
  );
export const ReadPlacementRequestDocs = () =>
  applyDecorators(
    ApiOkResponse({ type: PlacementRequest, description: 'With its details and evidence' }),
    ApiProblem(404, 'No such placement request', { title: 'Not found', detail: 'No such placement request' }),
  );
