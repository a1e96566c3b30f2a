import { IdempotencyKey } from './idempotency-key.decorator';
import { Body, Controller, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { faultPoint } from '@app/config';
import { CurrentPrincipal, DUTY_STAFF, PartnersOnly, PartnersOrStaff, Principal } from '@app/auth';
import { Problem } from '@app/http';
import { assertAgencyAllowed } from './agency-check';
import { ReadContactDocs, SubmitContactDocs } from './contact.openapi';
import { ReadContactUseCase } from './read-contact.usecase';
import { RecordContactUseCase } from '@app/intake';

@ApiTags('contacts')
@ApiBearerAuth()
@Controller('v1/contacts')
export class ContactsController {
  constructor(
    private readonly recordContact: RecordContactUseCase,
    private readonly readContact: ReadContactUseCase,
  ) {}

  @Post()
  @HttpCode(202)
  @PartnersOnly()
  @ApiOperation({
    operationId: 'submitContact',
    summary: 'Submit a contact about a child (partner contract v1)',
  })
  @SubmitContactDocs()
  async submit(
    @Body() body: unknown,
    @IdempotencyKey() idempotencyKey: string,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) res: Response,
  ) {
    if (principal.kind !== 'partner') throw Problem.forbidden();
    assertAgencyAllowed(
      principal,
      [(body as { source?: { agency?: unknown } })?.source?.agency],
      () => 'source.agency',
    );
    const { id } = await this.recordContact.execute({ partnerId: principal.partnerId, idempotencyKey, body });
    faultPoint('intake.after-commit-before-202');
    res.setHeader('Location', `/v1/contacts/${id}`);
    return { id, status: 'received' };
  }

  @Get(':id')
  @PartnersOrStaff(...DUTY_STAFF)
  @ApiOperation({
    operationId: 'readContact',
    summary: 'Read a contact and its decision (partners: their own only)',
  })
  @ReadContactDocs()
  async read(@Param('id') id: string, @CurrentPrincipal() principal: Principal) {
    return this.readContact.execute(id, principal);
  }
}
