import { Body, Controller, Get, Headers, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { faultPoint } from '@app/config';
import { CurrentPrincipal, DUTY_STAFF, PartnersOnly, PartnersOrStaff, Principal } from '@app/auth';
import { Problem } from '@app/http';
import { ReadContactDocs, SubmitContactDocs } from './contact.openapi';
import { readContactView } from './contact-view';
import { RecordContactUseCase } from './record-contact.usecase';
import { StaffReadAudit } from './staff-read-audit';

@ApiTags('contacts')
@ApiBearerAuth()
@Controller('v1/contacts')
export class ContactsController {
  constructor(
    private readonly recordContact: RecordContactUseCase,
    private readonly dataSource: DataSource,
    private readonly audit: StaffReadAudit,
  ) {}

  @Post()
  @HttpCode(202)
  @PartnersOnly()
  @ApiOperation({ summary: 'Submit a contact about a child (partner contract v1)' })
  @SubmitContactDocs()
  async submit(
    @Body() body: unknown,
    @Headers('idempotency-key') idempotencyKey: string,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) res: Response,
  ) {
    if (principal.kind !== 'partner') throw Problem.forbidden();
    const { id } = await this.recordContact.execute({ partnerId: principal.partnerId, idempotencyKey, body });
    faultPoint('intake.after-commit-before-202');
    res.setHeader('Location', `/v1/contacts/${id}`);
    return { id, status: 'received' };
  }

  @Get(':id')
  @PartnersOrStaff(...DUTY_STAFF)
  @ApiOperation({ summary: 'Read a contact and its decision (partners: their own only)' })
  @ReadContactDocs()
  async read(@Param('id') id: string, @CurrentPrincipal() principal: Principal) {
    const view = await readContactView(
      this.dataSource,
      id,
      principal.kind === 'partner' ? principal.partnerId : null,
    );
    if (!view) throw Problem.notFound('No such contact');
    if (principal.kind === 'staff') await this.audit.recordRead(principal, view.id, view.childId ?? null);
    return view;
  }
}
