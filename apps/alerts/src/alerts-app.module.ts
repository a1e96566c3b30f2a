import { Module } from '@nestjs/common';
import { ConfigModule } from '@app/config';
import { MessagingModule } from '@app/messaging';
import { HealthController, loggingModule } from '@app/observability';
import { PersistenceModule } from '@app/persistence';
import { AlertDeliveryModule } from './alert-delivery.module';
import { PartnerFeedbackModule } from './partner-feedback/partner-feedback.module';

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
    AlertDeliveryModule,
    PartnerFeedbackModule,
  ],
  controllers: [HealthController],
})
export class AlertsAppModule {}
