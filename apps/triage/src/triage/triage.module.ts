import { Module } from '@nestjs/common';
import { SlaTimersModule } from '@app/decisions';
import { TriageConsumer } from './triage.consumer';
import { TriageContactUseCase } from './triage-contact.usecase';

@Module({
  imports: [SlaTimersModule],
  controllers: [TriageConsumer],
  providers: [TriageContactUseCase],
  exports: [TriageContactUseCase],
})
export class TriageFeatureModule {}
