import { Module } from '@nestjs/common';
import { CountsConsumer } from './counts.consumer';
import { RecordCountsUseCase } from './record-counts.usecase';

@Module({
  controllers: [CountsConsumer],
  providers: [RecordCountsUseCase],
  exports: [RecordCountsUseCase],
})
export class CountsModule {}
