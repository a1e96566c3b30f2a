import { applyDecorators } from '@nestjs/common';
import { ApiBody, ApiProperty, ApiQuery } from '@nestjs/swagger';
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

/** The body of a new request, as documented since v1 (validated by validatePlacementRequest). */
export const PlacementRequestBodyDocs = () => ApiBody({ type: PlacementRequestBody });

/** The list's filters, as documented since v1. */
export const ListPlacementRequestsQueryDocs = () =>
  applyDecorators(
    ApiQuery({ name: 'childId', required: false, schema: { type: 'string', format: 'uuid' } }),
    ApiQuery({
      name: 'outcome',
      required: false,
      schema: { type: 'string', enum: [...GATEKEEPING_OUTCOMES] },
    }),
    ApiQuery({ name: 'limit', required: false, schema: { type: 'integer', minimum: 1, maximum: 500 } }),
  );
