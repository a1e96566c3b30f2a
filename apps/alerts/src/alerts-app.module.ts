import { Module } from '@nestjs/common';
import { ConfigModule } from '@app/config';
import { QueueName } from '@app/contracts';
import { JobsModule, MessagingModule } from '@app/messaging';
import { HealthController, loggingModule } from '@app/observability';
import { PersistenceModule } from '@app/persistence';
import { AlertDeliveryModule } from './alert-delivery.module';
import { ResumeDeliveriesUseCase } from './delivery/resume-deliveries.usecase';
import { ResumeFeedbackUseCase } from './partner-feedback/feedback-worker';
import { PartnerFeedbackModule } from './partner-feedback/partner-feedback.module';

const DELIVERY_QUEUES = [
  QueueName.AlertInApp,
  QueueName.AlertWebhook,
  QueueName.AlertEmail,
  QueueName.AlertEscalation,
  QueueName.PartnerFeedback,
];

/**
 * Alerts: consumes alert.raised.v1 (raised by placement gatekeeping, the desk's SLA and insights' spikes),
 * delivers each alert on every configured channel through BullMQ, and escalates what is not acknowledged.
 * Also delivers feedback webhooks to referrers (partner.feedback.v1).
 * Also a standby outbox relay (escalations are raised through the outbox).
 */
@Module({
  imports: [
    ConfigModule,
    loggingModule('alerts'),
    PersistenceModule,
    MessagingModule.forApp('alerts', { outboxRelay: true }),
    JobsModule.forRoot({
      queues: DELIVERY_QUEUES,
      processes: DELIVERY_QUEUES,
      atStartup: [ResumeDeliveriesUseCase, ResumeFeedbackUseCase],
    }),
    AlertDeliveryModule,
    PartnerFeedbackModule,
  ],
  controllers: [HealthController],
})
export class AlertsAppModule {}
