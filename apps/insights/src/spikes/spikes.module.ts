import { Module, OnModuleInit } from '@nestjs/common';
import { schoolCalendar } from '@app/insights';
import { ScheduleSpikeChecksUseCase, SpikeCheckProcessor } from './spike-check.processor';
import { CountsRepository } from '../counts/counts.repository';
import { SpikeCheckUseCase } from './spike-check.usecase';

@Module({
  providers: [CountsRepository, SpikeCheckUseCase, SpikeCheckProcessor, ScheduleSpikeChecksUseCase],
  exports: [SpikeCheckUseCase],
})
export class SpikesModule implements OnModuleInit {
  /** The school-year file is validated at start-up: a bad file stops the app, naming every fault. */
  onModuleInit(): void {
    schoolCalendar();
  }
}
