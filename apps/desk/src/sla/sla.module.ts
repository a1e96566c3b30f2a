import { Module } from '@nestjs/common';
import { DeskTimersModule } from './desk-timers.module';
import { MarkOverdueUseCase } from './mark-overdue.usecase';
import { SlaProcessor } from './sla.processor';

@Module({
  imports: [DeskTimersModule],
  providers: [MarkOverdueUseCase, SlaProcessor],
})
export class SlaModule {}
