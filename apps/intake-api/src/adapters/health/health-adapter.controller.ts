import { Body, Controller, Headers, HttpCode, Post, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentPrincipal, PartnerPrincipal, PartnersOnly } from '@app/auth';
import { AdapterAccepted } from '../common/adapter-response';
import { AdapterEndpointDocs } from '../common/adapter-docs';
import { validateNative } from '../common/native-validation';
import { RecordAdapterContacts } from '../common/record-adapter-contacts';
import { healthContact, healthNativePath, healthRules } from './health-mapping';
import { HealthReferralDto } from './health-referral.dto';
import { healthReferralSample } from './health-referral.example';

const AGENCIES = [
  'health_gp',
  'health_visitor',
  'school_nurse',
  'health_other_primary',
  'health_ae',
  'health_other',
] as const;

@ApiTags('adapters: health')
@Controller('v1/adapters/health')
export class HealthAdapterController {
  constructor(private readonly record: RecordAdapterContacts) {}

  @Post('referrals')
  @HttpCode(202)
  @PartnersOnly()
  @ApiOperation({
    operationId: 'submitHealthReferral',
    summary: 'Submit a safeguarding referral from health (GP, health visitor, school nurse, ED ...)',
    description:
      'Recorded as one canonical contact whose agency (and CIN code, 3A-3F) follows `setting`. Derived ' +
      'indicators: an injury to a child under 6 months or not yet mobile gives injury_non_mobile_infant; an ' +
      'injury the explanation does not fit physical_abuse_injury; three or more missed appointments in 12 ' +
      'months missed_health_appointments; coded safeguarding concerns their codes.',
  })
  @AdapterEndpointDocs(
    HealthReferralDto,
    { injuredInfant: { summary: 'A 3-month-old with unexplained bruising', value: healthReferralSample() } },
    {
      path: 'patient.nhsNumber',
      message: 'must be a 10-digit NHS number with a valid Modulus 11 check digit',
    },
  )
  async referral(
    @Body() body: unknown,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @CurrentPrincipal() principal: PartnerPrincipal,
    @Res({ passthrough: true }) res: Response,
  ): Promise<AdapterAccepted> {
    RecordAdapterContacts.admit({ adapter: 'health', principal, agencies: AGENCIES, idempotencyKey });
    const receivedAt = new Date();
    const referral = validateNative(HealthReferralDto, body, [
      healthRules,
      (n) => this.record.check([healthContact(n, receivedAt)], healthNativePath, receivedAt),
    ]);
    const result = await this.record.execute({
      adapter: 'health',
      principal,
      agencies: AGENCIES,
      idempotencyKey,
      nativeBody: body,
      contacts: [healthContact(referral, receivedAt)],
      nativePath: healthNativePath,
      receivedAt,
    });
    res.setHeader('Location', result.contacts[0].location);
    return result;
  }
}
