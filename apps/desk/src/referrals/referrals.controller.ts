import { Controller, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentStaff, StaffActor, StaffOnly } from '@app/auth';
import { uuidOr404 } from '@app/http';
import { CHARACTERISTICS_RECORDERS, QUEUE_READERS } from '../desk-roles';
import { ChildReferralsUseCase } from './child-referrals.usecase';
import { ReferralPreviewUseCase } from './referral-preview.usecase';
import { ValidBody } from '../request-input/validate-input';
import {
  ChildCharacteristicsDto,
  ChildCharacteristicsView,
  ChildReferralsView,
  ClosedReferralView,
  CloseReferralDto,
  ReferralPreviewView,
} from './referrals.dto';

const uuid = uuidOr404('No such child');
const referralUuid = uuidOr404('No such referral');
const itemUuid = uuidOr404('No such item on the desk');

@ApiTags('referrals')
@ApiBearerAuth()
@Controller('v1')
export class ReferralsController {
  constructor(
    private readonly children: ChildReferralsUseCase,
    private readonly preview: ReferralPreviewUseCase,
  ) {}

  @Get('queue/:contactId/referral-preview')
  @StaffOnly(...QUEUE_READERS)
  @ApiOperation({
    operationId: 'previewReferral',
    summary:
      'What closing this item would do for the returns: referral outcomes, suggested primary need, the referral it would join (audited; queue readers)',
  })
  @ApiOkResponse({ type: ReferralPreviewView })
  referralPreview(@Param('contactId', itemUuid) id: string, @CurrentStaff() actor: StaffActor) {
    return this.preview.execute(id, actor);
  }

  @Get('children/:childId/referrals')
  @StaffOnly(...QUEUE_READERS)
  @ApiOperation({
    operationId: 'listChildReferrals',
    summary: "A child's referrals and recorded characteristics (audited; queue readers)",
  })
  @ApiOkResponse({ type: ChildReferralsView })
  referrals(@Param('childId', uuid) id: string, @CurrentStaff() actor: StaffActor) {
    return this.children.read(id, actor);
  }

  @Post('referrals/:referralId/close')
  @HttpCode(200)
  @StaffOnly(...CHARACTERISTICS_RECORDERS)
  @ApiOperation({
    operationId: 'closeReferral',
    summary:
      'Close a referral that went on to further action, with the CIN closure date and reason (audited; duty_worker, duty_manager)',
  })
  @ApiBody({ type: CloseReferralDto })
  @ApiOkResponse({ type: ClosedReferralView })
  closeReferral(
    @Param('referralId', referralUuid) id: string,
    @ValidBody(CloseReferralDto) body: CloseReferralDto,
    @CurrentStaff() actor: StaffActor,
  ) {
    return this.children.close(id, actor, body);
  }

  @Put('children/:childId/characteristics')
  @StaffOnly(...CHARACTERISTICS_RECORDERS)
  @ApiOperation({
    operationId: 'recordChildCharacteristics',
    summary:
      'Record sex, ethnicity, disability or UPN on a child for the returns (audited; duty_worker, duty_manager)',
  })
  @ApiBody({ type: ChildCharacteristicsDto })
  @ApiOkResponse({ type: ChildCharacteristicsView })
  record(
    @Param('childId', uuid) id: string,
    @ValidBody(ChildCharacteristicsDto) body: ChildCharacteristicsDto,
    @CurrentStaff() actor: StaffActor,
  ) {
    return this.children.record(id, actor, body);
  }
}
