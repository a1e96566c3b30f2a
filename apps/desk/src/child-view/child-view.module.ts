import { Module } from '@nestjs/common';
import { SlaTimersModule } from '@app/decisions';
import { ChildrenController } from './children.controller';
import { ReadChildUseCase } from './read-child.usecase';
import { ReviewMatchUseCase } from './review-match.usecase';

@Module({
  imports: [SlaTimersModule],
  controllers: [ChildrenController],
  providers: [ReadChildUseCase, ReviewMatchUseCase],
})
export class ChildViewModule {}
