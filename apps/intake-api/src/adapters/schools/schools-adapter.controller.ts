import { Body, Controller, Headers, HttpCode, Post, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentPrincipal, PartnerPrincipal, PartnersOnly } from '@app/auth';
import { AdapterAccepted } from '../common/adapter-response';
import { AdapterEndpointDocs } from '../common/adapter-docs';
import { validateNative } from '../common/native-validation';
import { RecordAdapterContacts } from '../common/record-adapter-contacts';
import { SchoolConcernDto } from './school-concern.dto';
import { schoolConcernSample } from './school-concern.example';
import { schoolContact, schoolNativePath, schoolRules } from './school-mapping';

const AGENCIES = ['school', 'education_service'] as const;

@ApiTags('adapters: schools')
@Controller('v1/adapters/schools')
export class SchoolsAdapterController {
  constructor(private readonly record: RecordAdapterContacts) {}

  @Post('concerns')
  @HttpCode(202)
  @PartnersOnly()
  @ApiOperation({
    operationId: 'submitSchoolConcern',
    summary: "Submit a school's safeguarding concern about a pupil (from the DSL)",
    description:
      'Recorded as one canonical contact. Derived indicators: attendance below 90% gives ' +
      'attendance_persistent_absence, below 50% attendance_severe_absence; a permanent exclusion ' +
      'exclusion_permanent; two or more suspensions this school year exclusion_suspension_repeat; and the ' +
      'safeguarding log categories their codes (neglect, self harm, exploitation ...).',
  })
  @AdapterEndpointDocs(
    SchoolConcernDto,
    {
      neglectAndAttendance: {
        summary: 'Neglect, attendance 84.5%, two suspensions',
        value: schoolConcernSample(),
      },
    },
    {
      path: 'pupil.upn',
      message:
        'must be a 13-character unique pupil number: a check letter, 11 digits, then a digit or letter, with a valid check letter',
    },
  )
  async concern(
    @Body() body: unknown,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @CurrentPrincipal() principal: PartnerPrincipal,
    @Res({ passthrough: true }) res: Response,
  ): Promise<AdapterAccepted> {
    RecordAdapterContacts.admit({ adapter: 'schools', principal, agencies: AGENCIES, idempotencyKey });
    const receivedAt = new Date();
    const agency = principal.agency as (typeof AGENCIES)[number];
    const concern = validateNative(SchoolConcernDto, body, [
      schoolRules,
      (n) => this.record.check([schoolContact(n, agency)], schoolNativePath, receivedAt),
    ]);
    const result = await this.record.execute({
      adapter: 'schools',
      principal,
      agencies: AGENCIES,
      idempotencyKey,
      nativeBody: body,
      contacts: [schoolContact(concern, agency)],
      nativePath: schoolNativePath,
      receivedAt,
    });
    res.setHeader('Location', result.contacts[0].location);
    return result;
  }
}
