import { Module } from '@nestjs/common';
import Redis from 'ioredis';
import { AppConfig } from '@app/config';
import { REDIS, SlaTimers } from '@app/messaging';
import { TriageConsumer } from './triage.consumer';
import { TriageContactUseCase } from './triage-contact.usecase';

@Module({
  controllers: [TriageConsumer],
  providers: [
    TriageContactUseCase,
    {
      provide: SlaTimers,
      inject: [REDIS, AppConfig],
      useFactory: (r: Redis, c: AppConfig) => new SlaTimers(r, c.REDIS_PREFIX),
    },
  ],
  exports: [TriageContactUseCase],
})
export class TriageFeatureModule {}
