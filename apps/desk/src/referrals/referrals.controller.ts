import { Body, Controller, Get, Param, ParseUUIDPipe, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal, StaffOnly } from '@app/auth';
import { Problem } from '@app/http';
import { CHARACTERISTICS_RECORDERS, QUEUE_READERS } from '../desk-roles';
import type { Actor } from '../queue/claim-item.usecase';
import { ChildReferralsUseCase } from './child-referrals.usecase';
import {
  ChildCharacteristicsDto,
  ChildCharacteristicsView,
  ChildReferralsView,
  validated,
} from './referrals.dto';

const actorOf = (p: Principal): Actor => {
  if (p.kind !== 'staff') throw Problem.forbidden();
  return { username: p.username, role: p.role };
};
const uuid = new ParseUUIDPipe({ exceptionFactory: () => Problem.notFound('No such child') });

@ApiTags('referrals')
@ApiBearerAuth()
@Controller('v1/children')
export class ReferralsController {
  constructor(private readonly children: ChildReferralsUseCase) {}

  @Get(':childId/referrals')
  @StaffOnly(...QUEUE_READERS)
  @ApiOperation({
    operationId: 'listChildReferrals',
    summary: "A child's referrals and recorded characteristics (audited; queue readers)",
  })
  @ApiOkResponse({ type: ChildReferralsView })
  referrals(@Param('childId', uuid) id: string, @CurrentPrincipal() p: Principal) {
    return this.children.read(id, actorOf(p));
  }

  @Put(':childId/characteristics')
  @StaffOnly(...CHARACTERISTICS_RECORDERS)
  @ApiOperation({
    operationId: 'recordChildCharacteristics',
    summary:
      'Record sex, ethnicity, disability or UPN on a child for the returns (audited; duty_worker, duty_manager)',
  })
  @ApiBody({ type: ChildCharacteristicsDto })
  @ApiOkResponse({ type: ChildCharacteristicsView })
  record(@Param('childId', uuid) id: string, @Body() body: unknown, @CurrentPrincipal() p: Principal) {
    return this.children.record(id, actorOf(p), validated(ChildCharacteristicsDto, body));
  }
}
