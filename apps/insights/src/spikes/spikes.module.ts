import { Module } from '@nestjs/common';
import { SpikeCheckProcessor } from './spike-check.processor';
import { SpikeCheckUseCase } from './spike-check.usecase';

@Module({
  providers: [SpikeCheckUseCase, SpikeCheckProcessor],
  exports: [SpikeCheckUseCase],
})
export class SpikesModule {}
