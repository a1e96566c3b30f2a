import { Module } from '@nestjs/common';
import { AuditTrail } from '@app/audit';
import { SlaTimersModule } from '@app/decisions';
import { QueueEventsModule } from '../live/queue-events';
import { ReferralsModule } from '../referrals/referrals.module';
import { ClaimSweeper } from './claim-sweeper';
import { DeskItemsRepository } from './desk-items.repository';
import { ListQueueUseCase } from './list-queue.usecase';
import { QueueController } from './queue.controller';
import { ReadItemUseCase } from './read-item.usecase';
import { AddNoteUseCase } from './usecases/add-note/add-note.usecase';
import { ClaimItemUseCase } from './usecases/claim-item/claim-item.usecase';
import { ClaimNextItemUseCase } from './usecases/claim-next-item/claim-next-item.usecase';
import { CloseItemUseCase } from './usecases/close-item/close-item.usecase';
import { ConfirmItemUseCase } from './usecases/confirm-item/confirm-item.usecase';
import { OverrideItemUseCase } from './usecases/override-item/override-item.usecase';
import { ReleaseClaimUseCase } from './usecases/release-claim/release-claim.usecase';
import { ReleaseIdleClaimsUseCase } from './usecases/release-idle-claims/release-idle-claims.usecase';

@Module({
  imports: [SlaTimersModule, ReferralsModule, QueueEventsModule],
  controllers: [QueueController],
  providers: [
    DeskItemsRepository,
    AuditTrail,
    ListQueueUseCase,
    ReadItemUseCase,
    ClaimItemUseCase,
    ClaimNextItemUseCase,
    ReleaseClaimUseCase,
    ReleaseIdleClaimsUseCase,
    ConfirmItemUseCase,
    OverrideItemUseCase,
    AddNoteUseCase,
    CloseItemUseCase,
    ClaimSweeper,
  ],
  exports: [DeskItemsRepository],
})
export class QueueModule {}
