import { Module } from '@nestjs/common';
import { ReferralsModule } from '../referrals/referrals.module';
import { QueueEventsModule } from '../live/queue-events';
import { SlaTimersModule } from '@app/decisions';
import { ClaimItemUseCase } from './claim-item.usecase';
import { ClaimSweeper } from './claim-sweeper';
import { DecideItemUseCase } from './decide-item.usecase';
import { ListQueueUseCase } from './list-queue.usecase';
import { QueueController } from './queue.controller';
import { ReadItemUseCase } from './read-item.usecase';

@Module({
  imports: [SlaTimersModule, ReferralsModule, QueueEventsModule],
  controllers: [QueueController],
  providers: [ListQueueUseCase, ReadItemUseCase, ClaimItemUseCase, DecideItemUseCase, ClaimSweeper],
})
export class QueueModule {}
