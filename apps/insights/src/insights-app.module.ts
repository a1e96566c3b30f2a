import { Module } from '@nestjs/common';
import { ConfigModule } from '@app/config';
import { CriteriaModule } from '@app/criteria';
import { QueueName } from '@app/contracts';
import { JobsModule, MessagingModule } from '@app/messaging';
import { HealthController, loggingModule } from '@app/observability';
import { PersistenceModule } from '@app/persistence';
import { CountsModule } from './counts/counts.module';
import { ScheduleSpikeChecksUseCase } from './spikes/spike-check.processor';
import { SpikesModule } from './spikes/spikes.module';

/**
 * Insights: keeps demand counts from contact events (contact.received.v1, contact.triaged.v1) and runs the
 * scheduled spike checks. The dashboards read the counts through the staff API (apps/desk).
 */
@Module({
  imports: [
    ConfigModule,
    loggingModule('insights'),
    PersistenceModule,
    MessagingModule.forApp('insights', { outboxRelay: true }),
    CriteriaModule,
    JobsModule.forRoot({
      queues: [QueueName.SpikeCheck],
      processes: [QueueName.SpikeCheck],
      atStartup: [ScheduleSpikeChecksUseCase],
    }),
    CountsModule,
    SpikesModule,
  ],
  controllers: [HealthController],
})
export class InsightsAppModule {}
