import { applyDecorators } from '@nestjs/common';
import { ApiBody, ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsObject, IsOptional, IsString, IsUUID, ValidateNested } from 'class-validator';
import { IsCalendarDate, IsNhsNumber, IsNotBlank, IsUkPostcode, IsUpn, Required } from '@app/contracts';
import { ApiProblem } from '@app/http';
import { MaxChars, OneOf, QueryUuid, QueryWholeNumber } from '../request-input/validate-input';
import { EvidenceBody, RequestedByDto } from './panel.dto';
import { GATEKEEPING_OUTCOMES, LEGAL_BASES, PLACEMENT_TYPES } from './placement-vocabulary';

const CHILD_GENDERS = ['female', 'male', 'other', 'unknown'] as const;

const CHILD_ID_EXAMPLE = '5d1e7a52-7a0e-4a3b-9c55-0f3c1f6b2a10';

export class PlacementAddressDto {
  @ApiPropertyOptional({ maxLength: 200 })
  @IsOptional()
  @IsString()
  @MaxChars(200)
  line1?: string;
  @ApiPropertyOptional({ maxLength: 200 })
  @IsOptional()
  @IsString()
  @MaxChars(200)
  town?: string;
  @ApiProperty({ example: 'OX4 1AA' })
  @Required()
  @IsString()
  @IsNotBlank()
  @MaxChars(20)
  @IsUkPostcode({ message: 'must be a UK postcode' })
  postcode: string;
}

/**
 * The child: `id` of a child the service knows, or identifiers as in a contact (matched as there), never
 * both. Identifiers need a last name and an NHS number, a UPN or a date of birth.
 */
export class PlacementChildDto {
  @ApiPropertyOptional({ format: 'uuid', example: CHILD_ID_EXAMPLE })
  @IsOptional()
  @IsString()
  @IsUUID('all', { message: 'must be the id of a child the service knows' })
  id?: string;
  @ApiPropertyOptional({ maxLength: 100 })
  @IsOptional()
  @IsString()
  @IsNotBlank()
  @MaxChars(100)
  firstName?: string;
  @ApiPropertyOptional({ maxLength: 100, description: 'Required with identifiers' })
  @IsOptional()
  @IsString()
  @IsNotBlank()
  @MaxChars(100)
  lastName?: string;
  @ApiPropertyOptional({ format: 'date', description: 'Not after the day received' })
  @IsOptional()
  @IsString()
  @IsCalendarDate({ message: 'must be a date (YYYY-MM-DD)' })
  dateOfBirth?: string;
  @ApiPropertyOptional({ format: 'date', description: 'An unborn child: instead of dateOfBirth' })
  @IsOptional()
  @IsString()
  @IsCalendarDate({ message: 'must be a date (YYYY-MM-DD)' })
  expectedDateOfBirth?: string;
  @ApiPropertyOptional({ enum: CHILD_GENDERS })
  @IsOptional()
  @IsString()
  @OneOf(CHILD_GENDERS)
  gender?: string;
  @ApiPropertyOptional({ example: '943 476 5919', description: 'Spaces are ignored' })
  @IsOptional()
  @IsString()
  @IsNhsNumber({ message: 'must be a valid 10-digit NHS number' })
  nhsNumber?: string;
  @ApiPropertyOptional({ description: 'Unique pupil number' })
  @IsOptional()
  @IsString()
  @IsUpn({ message: 'must be a valid unique pupil number' })
  upn?: string;
  @ApiPropertyOptional({ type: () => PlacementAddressDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => PlacementAddressDto)
  address?: PlacementAddressDto;
}

/** The request body as placement-gatekeeping.md fixes it; `null` reads as absent everywhere. */
export class PlacementRequestBody {
  @ApiProperty({
    type: () => PlacementChildDto,
    description: 'The child: `{ "id": "<uuid>" }` of a child the service knows, or their identifiers',
    example: { id: CHILD_ID_EXAMPLE },
  })
  @Required("is required: the child's id, or identifiers as in a contact")
  @IsObject()
  @ValidateNested()
  @Type(() => PlacementChildDto)
  child: PlacementChildDto;
  @ApiPropertyOptional({ type: () => RequestedByDto, nullable: true })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => RequestedByDto)
  requestedBy?: RequestedByDto | null;
  @ApiProperty({ enum: PLACEMENT_TYPES })
  @Required(`is required: one of ${PLACEMENT_TYPES.join(', ')}`)
  @IsString()
  @OneOf(PLACEMENT_TYPES)
  placementType: string;
  @ApiProperty({ enum: LEGAL_BASES })
  @Required(`is required: one of ${LEGAL_BASES.join(', ')}`)
  @IsString()
  @OneOf(LEGAL_BASES)
  legalBasis: string;
  @ApiPropertyOptional({ description: 'Absent: false' })
  @IsOptional()
  @IsBoolean()
  emergency?: boolean;
  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 10000 })
  @IsOptional()
  @IsString()
  @MaxChars(10000)
  reason?: string | null;
  @ApiPropertyOptional({
    type: () => EvidenceBody,
    description:
      'Family group conference, kinship assessment, family support and in-house foster search (an item left out: not done)',
  })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => EvidenceBody)
  evidence?: EvidenceBody;
}

/** The body of a new request (PlacementRequestBody validates it: validatePlacementRequest). */
export const PlacementRequestBodyDocs = () => ApiBody({ type: PlacementRequestBody });

/** The list's filters (GET /v1/placement-requests), as documented since v1: each fault a 400 naming it. */
export class PlacementRequestListQuery {
  @ApiPropertyOptional({ format: 'uuid', example: CHILD_ID_EXAMPLE })
  @IsOptional()
  @QueryUuid()
  childId?: string;
  @ApiPropertyOptional({ enum: GATEKEEPING_OUTCOMES })
  @IsOptional()
  @OneOf(GATEKEEPING_OUTCOMES)
  outcome?: string;
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 500, default: 50 })
  @IsOptional()
  @QueryWholeNumber(1, 500)
  limit?: string;
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
