import { Module } from '@nestjs/common';
import { SlaTimersModule } from '@app/decisions';
import { MarkOverdueUseCase } from './mark-overdue.usecase';
import { RebuildSlaTimersUseCase } from './rebuild-sla-timers.usecase';
import { SlaProcessor } from './sla.processor';

@Module({
  imports: [SlaTimersModule],
  providers: [MarkOverdueUseCase, SlaProcessor, RebuildSlaTimersUseCase],
})
export class SlaModule {}
