import { Module } from '@nestjs/common';
import { AuditTrail } from '@app/audit';
import { SlaTimersModule } from '@app/decisions';
import { QueueModule } from '../queue/queue.module';
import { ReferralsModule } from '../referrals/referrals.module';
import { ChildRecordRepository } from './child-record.repository';
import { ChildrenController } from './children.controller';
import { ReadChildUseCase } from './read-child.usecase';
import { MatchReviewsRepository } from './match-reviews.repository';
import { ConfirmMatchUseCase } from './usecases/confirm-match/confirm-match.usecase';
import { RejectMatchUseCase } from './usecases/reject-match/reject-match.usecase';

@Module({
  imports: [SlaTimersModule, QueueModule, ReferralsModule],
  controllers: [ChildrenController],
  providers: [
    ChildRecordRepository,
    AuditTrail,
    ReadChildUseCase,
    MatchReviewsRepository,
    ConfirmMatchUseCase,
    RejectMatchUseCase,
  ],
})
export class ChildViewModule {}
