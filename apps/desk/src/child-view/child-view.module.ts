import { Module } from '@nestjs/common';
import { DeskTimersModule } from '../sla/desk-timers.module';
import { ChildrenController } from './children.controller';
import { ReadChildUseCase } from './read-child.usecase';
import { ReviewMatchUseCase } from './review-match.usecase';

@Module({
  imports: [DeskTimersModule],
  controllers: [ChildrenController],
  providers: [ReadChildUseCase, ReviewMatchUseCase],
})
export class ChildViewModule {}
