import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentStaff, StaffActor, StaffOnly } from '@app/auth';
import { uuidOr404 } from '@app/http';
import { DECIDERS, QUEUE_READERS } from '../desk-roles';
import { ReadChildUseCase } from './read-child.usecase';
import { ConfirmMatchCommand, ConfirmMatchUseCase } from './usecases/confirm-match/confirm-match.usecase';
import { RejectMatchCommand, RejectMatchUseCase } from './usecases/reject-match/reject-match.usecase';
import { MatchReviewBody, ReadChildDocs, ReviewMatchDocs } from './children.openapi';
import { ValidBody } from '../request-input/validate-input';

const uuid = uuidOr404('Not found');

@ApiTags('children')
@ApiBearerAuth()
@Controller('v1/children')
export class ChildrenController {
  constructor(
    private readonly readChild: ReadChildUseCase,
    private readonly confirmMatch: ConfirmMatchUseCase,
    private readonly rejectMatch: RejectMatchUseCase,
  ) {}

  @Get(':childId')
  @StaffOnly(...QUEUE_READERS)
  @ApiOperation({
    operationId: 'readChild',
    summary: "The child's view: every contact and decision (audited; queue readers)",
  })
  @ReadChildDocs()
  child(@Param('childId', uuid) id: string, @CurrentStaff() actor: StaffActor) {
    return this.readChild.execute(id, actor);
  }

  @Post(':childId/possible-matches/:contactId/confirm')
  @HttpCode(200)
  @StaffOnly(...DECIDERS)
  @ApiOperation({
    operationId: 'confirmPossibleMatch',
    summary: 'Confirm a possible match: merge the children and re-triage (duty_worker, duty_manager)',
  })
  @ReviewMatchDocs()
  confirm(
    @Param('childId', uuid) childId: string,
    @Param('contactId', uuid) contactId: string,
    @ValidBody(MatchReviewBody, { optional: true }) body: MatchReviewBody,
    @CurrentStaff() actor: StaffActor,
  ) {
    return this.confirmMatch.execute(
      ConfirmMatchCommand.create({ childId, otherContactId: contactId, actor, reason: body.reason }),
    );
  }

  @Post(':childId/possible-matches/:contactId/reject')
  @HttpCode(200)
  @StaffOnly(...DECIDERS)
  @ApiOperation({
    operationId: 'rejectPossibleMatch',
    summary: 'Reject a possible match: not the same child (duty_worker, duty_manager)',
  })
  @ReviewMatchDocs()
  reject(
    @Param('childId', uuid) childId: string,
    @Param('contactId', uuid) contactId: string,
    @ValidBody(MatchReviewBody, { optional: true }) body: MatchReviewBody,
    @CurrentStaff() actor: StaffActor,
  ) {
    return this.rejectMatch.execute(
      RejectMatchCommand.create({ childId, otherContactId: contactId, actor, reason: body.reason }),
    );
  }
}
