import { Module } from '@nestjs/common';
import { SlaTimersModule } from '@app/decisions';
import { DeskItemsRepository } from '../queue/desk-items.repository';
import { MarkOverdueUseCase } from './mark-overdue.usecase';
import { RebuildSlaTimersUseCase } from './rebuild-sla-timers.usecase';
import { SlaProcessor } from './sla.processor';

@Module({
  imports: [SlaTimersModule],
  providers: [DeskItemsRepository, MarkOverdueUseCase, SlaProcessor, RebuildSlaTimersUseCase],
})
export class SlaModule {}
