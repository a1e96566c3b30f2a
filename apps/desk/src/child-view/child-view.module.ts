import { Module } from '@nestjs/common';
import { AuditTrail } from '@app/audit';
import { SlaTimersModule } from '@app/decisions';
import { QueueModule } from '../queue/queue.module';
import { ChildRecordRepository } from './child-record.repository';
import { ChildrenController } from './children.controller';
import { ReadChildUseCase } from './read-child.usecase';
import { ReviewMatchUseCase } from './review-match.usecase';

@Module({
  imports: [SlaTimersModule, QueueModule],
  controllers: [ChildrenController],
  providers: [ChildRecordRepository, AuditTrail, ReadChildUseCase, ReviewMatchUseCase],
})
export class ChildViewModule {}
