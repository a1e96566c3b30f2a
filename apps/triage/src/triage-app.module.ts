import { Module } from '@nestjs/common';
import { ConfigModule } from '@app/config';
import { CriteriaModule } from '@app/criteria';
import { QueueName } from '@app/contracts';
import { JobsModule, MessagingModule } from '@app/messaging';
import { HealthController, loggingModule, MetricsModule } from '@app/observability';
import { PersistenceModule } from '@app/persistence';
import { TriageFeatureModule } from './triage/triage.module';

/** Triage: consumes contact.received.v1, decides, emits contact.triaged.v1. Also a standby outbox relay. */
@Module({
  imports: [
    ConfigModule,
    loggingModule('triage'),
    MetricsModule,
    PersistenceModule,
    MessagingModule.forApp('triage', { outboxRelay: true }),
    CriteriaModule,
    // Triage places each decision's first SLA timer; the desk works them.
    JobsModule.forRoot({ queues: [QueueName.Sla] }),
    TriageFeatureModule,
  ],
  controllers: [HealthController],
})
export class TriageAppModule {}
