import { applyDecorators } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import { ApiProblem } from '@app/http';
import { MaxChars, QueryUuid, QueryWholeNumber } from '../request-input/validate-input';
import type { AuditFilter } from './read-audit.usecase';

/** The audit list's filters (GET /v1/audit), as documented since v1: each fault a 400 naming it. */
export class AuditQuery implements AuditFilter {
  @ApiPropertyOptional({ description: 'A username, or `system`' })
  @IsOptional()
  @MaxChars(200)
  actor?: string;
  @ApiPropertyOptional({ example: 'login' })
  @IsOptional()
  @MaxChars(200)
  action?: string;
  @ApiPropertyOptional()
  @IsOptional()
  @MaxChars(200)
  subjectId?: string;
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @QueryUuid()
  childId?: string;
  @ApiPropertyOptional({ description: 'Entries after this sequence number (nextAfterSeq)', example: '1042' })
  @IsOptional()
  @Matches(/^\d{1,18}$/, { message: 'must be a whole number' })
  afterSeq?: string;
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 1000, default: 200 })
  @IsOptional()
  @QueryWholeNumber(1, 1000)
  limit?: string;
}

export class AuditEntry {
  @ApiProperty({ description: 'Sequence number (a string: it may exceed 2^53)', example: '1042' })
  seq: string;
  @ApiProperty({ format: 'date-time' })
  at: string;
  @ApiProperty({ example: 'dw.example', description: 'A username, or `system`' })
  actor: string;
  @ApiProperty({ type: String, nullable: true })
  actorRole: string | null;
  @ApiProperty({ example: 'decision.confirm' })
  action: string;
  @ApiProperty({ type: String, nullable: true, example: 'contact' })
  subjectType: string | null;
  @ApiProperty({ type: String, nullable: true })
  subjectId: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' })
  childId: string | null;
  @ApiProperty({
    type: 'object',
    nullable: true,
    additionalProperties: true,
    description: "The action's own facts (ids, codes, counts; never a child's name or identifiers)",
  })
  details: Record<string, unknown> | null;
  @ApiProperty({ type: String, nullable: true, description: 'HMAC of the entry before' })
  prevHash: string | null;
  @ApiProperty({ description: 'HMAC-SHA256 over this entry and prevHash' })
  hash: string;
}

export class AuditPage {
  @ApiProperty({ type: [AuditEntry] })
  entries: AuditEntry[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as afterSeq for the next page' })
  nextAfterSeq: string | null;
}

export const ListAuditDocs = () =>
  applyDecorators(
    ApiOkResponse({ type: AuditPage }),
    ApiProblem(400, 'A filter out of range', {
      title: 'Malformed request',
      type: '/problems/validation',
      detail: '1 field(s) at fault',
      errors: [{ path: 'query:limit', message: 'must be a whole number from 1 to 1000' }],
    }),
  );
export const VerifyAuditDocs = () =>
  ApiOkResponse({
    description: 'Whether the HMAC chain is intact up to the newest signed checkpoint, and where it breaks',
    schema: {
      type: 'object',
      required: ['ok', 'checked'],
      properties: {
        ok: { type: 'boolean' },
        checked: { type: 'integer', description: 'Entries checked' },
        brokenAt: { type: 'string', description: 'Sequence number of the first entry at fault' },
        reason: { type: 'string' },
      },
    },
  });
