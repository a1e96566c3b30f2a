import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentStaff, StaffActor, StaffOnly } from '@app/auth';
import { NotFoundError } from '@app/contracts';
import { uuidOr404 } from '@app/http';
import { CLAIM_RELEASERS, DECIDERS, QUEUE_READERS } from '../desk-roles';
import { AddNoteCommand, AddNoteUseCase } from './usecases/add-note/add-note.usecase';
import { ClaimItemCommand, ClaimItemUseCase } from './usecases/claim-item/claim-item.usecase';
import {
  ClaimNextItemCommand,
  ClaimNextItemUseCase,
} from './usecases/claim-next-item/claim-next-item.usecase';
import { CloseItemCommand, CloseItemUseCase } from './usecases/close-item/close-item.usecase';
import { ConfirmItemCommand, ConfirmItemUseCase } from './usecases/confirm-item/confirm-item.usecase';
import { OverrideItemCommand, OverrideItemUseCase } from './usecases/override-item/override-item.usecase';
import { ReleaseClaimCommand, ReleaseClaimUseCase } from './usecases/release-claim/release-claim.usecase';
import { ListQueueUseCase } from './list-queue.usecase';
import {
  AddNoteDocs,
  ClaimDocs,
  ClaimNextBody,
  ClaimNextDocs,
  CloseBody,
  ConfirmBody,
  DecisionDocs,
  ListQueueDocs,
  NoteBody,
  OverrideBody,
  overridesSomething,
  QueueFilter,
  ReadQueueItemDocs,
} from './queue.openapi';
import { ValidBody, ValidQuery } from '../request-input/validate-input';
import { ReadItemUseCase } from './read-item.usecase';

const uuid = uuidOr404('No such item on the desk');

@ApiTags('queue')
@ApiBearerAuth()
@Controller('v1/queue')
export class QueueController {
  constructor(
    private readonly list: ListQueueUseCase,
    private readonly read: ReadItemUseCase,
    private readonly claimItem: ClaimItemUseCase,
    private readonly claimNextItem: ClaimNextItemUseCase,
    private readonly releaseClaim: ReleaseClaimUseCase,
    private readonly confirmItem: ConfirmItemUseCase,
    private readonly overrideItem: OverrideItemUseCase,
    private readonly addNote: AddNoteUseCase,
    private readonly closeItem: CloseItemUseCase,
  ) {}

  @Get()
  @StaffOnly(...QUEUE_READERS)
  @ApiOperation({
    operationId: 'listQueue',
    summary:
      'The queue in due-time order, then priority (duty_worker, duty_manager, manager, head_of_service, admin)',
  })
  @ListQueueDocs()
  queue(@ValidQuery(QueueFilter) q: QueueFilter, @CurrentStaff() actor: StaffActor) {
    return this.list.execute(q, actor.username);
  }

  @Post('claim-next')
  @HttpCode(200)
  @StaffOnly(...DECIDERS)
  @ApiOperation({
    operationId: 'claimNextItem',
    summary: 'Claim the first unheld item in queue order (duty_worker, duty_manager)',
  })
  @ClaimNextDocs()
  async claimNext(
    @ValidBody(ClaimNextBody, { optional: true }) body: ClaimNextBody,
    @CurrentStaff() actor: StaffActor,
  ) {
    const item = await this.claimNextItem.execute(
      ClaimNextItemCommand.create({ actor, team: body.team, locality: body.locality }),
    );
    if (!item) throw new NotFoundError('Nothing in the queue to claim');
    return item;
  }

  @Get(':contactId')
  @StaffOnly(...QUEUE_READERS)
  @ApiOperation({
    operationId: 'readQueueItem',
    summary: 'One item with its recommendation, duty decisions and notes (audited; queue readers)',
  })
  @ReadQueueItemDocs()
  item(@Param('contactId', uuid) id: string, @CurrentStaff() actor: StaffActor) {
    return this.read.execute(id, actor);
  }

  @Post(':contactId/claim')
  @HttpCode(200)
  @StaffOnly(...DECIDERS)
  @ApiOperation({
    operationId: 'claimItem',
    summary: 'Claim an item: one holder at a time (duty_worker, duty_manager)',
  })
  @ClaimDocs()
  claim(@Param('contactId', uuid) id: string, @CurrentStaff() actor: StaffActor) {
    return this.claimItem.execute(ClaimItemCommand.create({ contactId: id, actor }));
  }

  @Post(':contactId/release')
  @HttpCode(200)
  @StaffOnly(...DECIDERS)
  @ApiOperation({
    operationId: 'releaseItem',
    summary: 'Release a claim (the holder; a duty_manager may release anyone’s)',
  })
  @ClaimDocs()
  release(@Param('contactId', uuid) id: string, @CurrentStaff() actor: StaffActor) {
    return this.releaseClaim.execute(
      ReleaseClaimCommand.create({
        contactId: id,
        actor,
        anyHolder: CLAIM_RELEASERS.includes(actor.role as never),
      }),
    );
  }

  @Post(':contactId/confirm')
  @HttpCode(200)
  @StaffOnly(...DECIDERS)
  @ApiOperation({
    operationId: 'confirmDecision',
    summary: 'Confirm the recommendation of an item you hold (duty_worker, duty_manager)',
  })
  @DecisionDocs(ConfirmBody)
  confirm(
    @Param('contactId', uuid) id: string,
    @ValidBody(ConfirmBody, { optional: true }) body: ConfirmBody,
    @CurrentStaff() actor: StaffActor,
  ) {
    return this.confirmItem.execute(ConfirmItemCommand.create({ contactId: id, actor, note: body.note }));
  }

  @Post(':contactId/override')
  @HttpCode(200)
  @StaffOnly(...DECIDERS)
  @ApiOperation({
    operationId: 'overrideDecision',
    summary: 'Override level, route or team with a mandatory reason (duty_worker, duty_manager)',
  })
  @DecisionDocs(OverrideBody)
  override(
    @Param('contactId', uuid) id: string,
    @ValidBody(OverrideBody, { rules: [overridesSomething] }) body: OverrideBody,
    @CurrentStaff() actor: StaffActor,
  ) {
    return this.overrideItem.execute(OverrideItemCommand.create({ contactId: id, actor, ...body }));
  }

  @Post(':contactId/notes')
  @HttpCode(201)
  @StaffOnly(...DECIDERS)
  @ApiOperation({ operationId: 'addNote', summary: 'Add a note to an item (duty_worker, duty_manager)' })
  @AddNoteDocs()
  note(
    @Param('contactId', uuid) id: string,
    @ValidBody(NoteBody) body: NoteBody,
    @CurrentStaff() actor: StaffActor,
  ) {
    return this.addNote.execute(AddNoteCommand.create({ contactId: id, actor, text: body.text }));
  }

  @Post(':contactId/close')
  @HttpCode(200)
  @StaffOnly(...DECIDERS)
  @ApiOperation({
    operationId: 'closeItem',
    summary:
      'Close a decided item you hold with an outcome and the CIN "no further action" flag (duty_worker, duty_manager)',
  })
  @DecisionDocs(CloseBody)
  close(
    @Param('contactId', uuid) id: string,
    @ValidBody(CloseBody) body: CloseBody,
    @CurrentStaff() actor: StaffActor,
  ) {
    return this.closeItem.execute(CloseItemCommand.create({ contactId: id, actor, ...body }));
  }
}
