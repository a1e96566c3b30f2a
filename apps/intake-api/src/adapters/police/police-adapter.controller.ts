import { Body, Controller, Headers, HttpCode, Post, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentPrincipal, PartnerPrincipal, PartnersOnly } from '@app/auth';
import { AdapterAccepted } from '../common/adapter-response';
import { AdapterEndpointDocs } from '../common/adapter-docs';
import { validateNative } from '../common/native-validation';
import { RecordAdapterContacts } from '../common/record-adapter-contacts';
import { policeContacts, policeHouseholdRef, policeNativePath, policeRules } from './police-mapping';
import { PoliceNotificationDto } from './police-notification.dto';
import { policeMissingSample, policeNotificationSample } from './police-notification.example';

const AGENCIES = ['police'] as const;

@ApiTags('adapters: police')
@Controller('v1/adapters/police')
export class PoliceAdapterController {
  constructor(private readonly record: RecordAdapterContacts) {}

  @Post('notifications')
  @HttpCode(202)
  @PartnersOnly()
  @ApiOperation({
    operationId: 'submitPoliceNotification',
    summary: 'Submit a police notification about a household (a PPN / child coming to notice)',
    description:
      'One canonical contact is recorded per child in `household.children`, linked by `householdRef`. ' +
      'Derived indicators: the DASH grade of a domestic_abuse incident gives domestic_abuse_<grade>_risk to ' +
      'every child; a child still missing gives missing_child_current, one found on the third report in 90 ' +
      'days missing_episodes_repeat; police protection used gives immediateRisk; risk factors give their codes.',
  })
  @AdapterEndpointDocs(
    PoliceNotificationDto,
    {
      domesticAbuse: {
        summary: 'Domestic abuse, DASH medium, two children',
        value: policeNotificationSample(),
      },
      missingPerson: { summary: 'A child found after a third missing report', value: policeMissingSample() },
    },
    { path: 'incident.dash', message: 'is required for a domestic_abuse incident (the DASH risk grade)' },
  )
  async notify(
    @Body() body: unknown,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @CurrentPrincipal() principal: PartnerPrincipal,
    @Res({ passthrough: true }) res: Response,
  ): Promise<AdapterAccepted> {
    RecordAdapterContacts.admit({ adapter: 'police', principal, agencies: AGENCIES, idempotencyKey });
    const receivedAt = new Date();
    const notification = validateNative(PoliceNotificationDto, body, [
      policeRules,
      (n) => this.record.check(policeContacts(n), policeNativePath, receivedAt),
    ]);
    const result = await this.record.execute({
      adapter: 'police',
      principal,
      agencies: AGENCIES,
      idempotencyKey,
      nativeBody: body,
      contacts: policeContacts(notification),
      householdRef: policeHouseholdRef(notification),
      nativePath: policeNativePath,
      receivedAt,
    });
    res.setHeader('Location', result.contacts[0].location);
    return result;
  }
}
