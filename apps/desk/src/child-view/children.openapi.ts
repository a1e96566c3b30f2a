import { applyDecorators } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ApiProblem } from '@app/http';
import { IsOptional, IsString } from 'class-validator';
import { MaxChars } from '../request-input/validate-input';

export class ChildContact {
  @ApiProperty({ format: 'uuid' })
  id: string;
  @ApiProperty({ format: 'date-time' })
  receivedAt: string;
  @ApiProperty()
  status: string;
  @ApiProperty({ example: 'school' })
  agency: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'The canonical contact body as received: the child (name, dates, identifiers), concerns…',
  })
  child: Record<string, unknown>;
  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true } })
  decisions: Record<string, unknown>[];
}

export class ChildView {
  @ApiProperty({ format: 'uuid' })
  childId: string;
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'The id asked for, when it was merged into this child',
  })
  requestedChildId?: string;
  @ApiPropertyOptional({ example: 'merged into this child' })
  note?: string;
  @ApiProperty({ format: 'date-time' })
  createdAt: string;
  @ApiProperty({ type: [String], description: 'Children merged into this one' })
  mergedFrom: string[];
  @ApiProperty({ type: [ChildContact], description: 'Every contact about the child, newest first' })
  contacts: ChildContact[];
  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true } })
  possibleMatches: Record<string, unknown>[];
}

export class MatchReviewBody {
  @ApiPropertyOptional({ maxLength: 4000, example: 'Same school, date of birth and address' })
  @IsOptional()
  @IsString()
  @MaxChars(4000)
  reason?: string;
}

export class MatchReviewed {
  @ApiProperty({ format: 'uuid', description: 'The child kept' })
  childId: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'Confirmed: the child merged into childId' })
  mergedChildId?: string;
  @ApiProperty({ enum: ['confirmed', 'rejected'] })
  verdict: string;
  @ApiPropertyOptional({ type: 'integer', description: 'Confirmed: contacts re-triaged' })
  retriaged?: number;
}

const notFound = ApiProblem(404, 'No such child (or contact)', { title: 'Not found', detail: 'Not found' });

export const ReadChildDocs = () => applyDecorators(ApiOkResponse({ type: ChildView }), notFound);
export const ReviewMatchDocs = () =>
  applyDecorators(
    ApiBody({ type: MatchReviewBody, required: false }),
    ApiOkResponse({ type: MatchReviewed }),
    ApiProblem(422, 'The reason breaks a rule', { title: 'The request breaks a rule' }),
    notFound,
    ApiProblem(409, 'Not a possible match offered for this child', { title: 'Conflict' }),
  );
