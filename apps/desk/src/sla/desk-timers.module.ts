import { Inject, Injectable, Module, OnModuleDestroy } from '@nestjs/common';
import Redis from 'ioredis';
import { AppConfig } from '@app/config';
import { REDIS, SlaTimers } from '@app/messaging';

@Injectable()
class SlaTimersCloser implements OnModuleDestroy {
  constructor(@Inject(SlaTimers) private readonly timers: SlaTimers) {}
  async onModuleDestroy(): Promise<void> {
    await this.timers.close();
  }
}

/** The SLA timers queue (one delayed BullMQ job per contact), shared by the desk's features. */
@Module({
  providers: [
    {
      provide: SlaTimers,
      inject: [REDIS, AppConfig],
      useFactory: (r: Redis, c: AppConfig) => new SlaTimers(r, c.REDIS_PREFIX),
    },
    SlaTimersCloser,
  ],
  exports: [SlaTimers],
})
export class DeskTimersModule {}
