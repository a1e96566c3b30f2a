import { applyDecorators } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiQuery } from '@nestjs/swagger';
import { ApiProblem } from '@app/http';

export class AuditPage {
  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true } })
  entries: Record<string, unknown>[];
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
