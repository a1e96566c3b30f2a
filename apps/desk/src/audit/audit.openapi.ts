import { applyDecorators } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiQuery } from '@nestjs/swagger';
import { ApiProblem } from '@app/http';

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
    ...['actor', 'action', 'subjectId'].map((name) =>
      ApiQuery({ name, required: false, schema: { type: 'string' } }),
    ),
    ApiQuery({ name: 'childId', required: false, schema: { type: 'string', format: 'uuid' } }),
    ApiQuery({ name: 'afterSeq', required: false, schema: { type: 'string' } }),
    ApiQuery({ name: 'limit', required: false, schema: { type: 'integer', minimum: 1, maximum: 1000 } }),
    ApiOkResponse({ type: AuditPage }),
    ApiProblem(400, 'A filter out of range', { title: 'Malformed request' }),
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
