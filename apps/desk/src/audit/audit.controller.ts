import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { StaffOnly } from '@app/auth';
import { AUDITORS } from '../desk-roles';
import { ValidQuery } from '../request-input/validate-input';
import { ReadAuditUseCase } from './read-audit.usecase';
import { AuditQuery, ListAuditDocs, VerifyAuditDocs } from './audit.openapi';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('v1/audit')
export class AuditController {
  constructor(private readonly audit: ReadAuditUseCase) {}

  @Get()
  @StaffOnly(...AUDITORS)
  @ApiOperation({
    operationId: 'listAudit',
    summary: 'The audit trail, filtered and paged by sequence (admin)',
  })
  @ListAuditDocs()
  list(@ValidQuery(AuditQuery) q: AuditQuery) {
    return this.audit.list(q);
  }

  @Get('verify')
  @StaffOnly(...AUDITORS)
  @ApiOperation({
    operationId: 'verifyAudit',
    summary: 'Recompute the HMAC chain in pages: { ok, checked, brokenAt?, reason? } (admin)',
  })
  @VerifyAuditDocs()
  verify() {
    return this.audit.verify();
  }
}
