import { Module } from '@nestjs/common';
import { AppConfig } from '@app/config';
import { AlertSettings } from './alert-settings';
import { AlertDeliveriesRepository } from './delivery/alert-deliveries.repository';
import { AlertQueues } from './delivery/alert-queues';
import { AlertWorkers } from './delivery/alert-workers';
import { EmailChannel } from './delivery/channels/email.channel';
import { InAppChannel } from './delivery/channels/in-app.channel';
import { WebhookChannel } from './delivery/channels/webhook.channel';
import { DeliverAlertUseCase } from './delivery/deliver-alert.usecase';
import { ResumeDeliveriesUseCase } from './delivery/resume-deliveries.usecase';
import { EscalateAlertUseCase } from './escalation/escalate-alert.usecase';
import { AlertRaisedConsumer } from './planning/alert-raised.consumer';
import { PlanDeliveriesUseCase } from './planning/plan-deliveries.usecase';

/** alert.raised.v1 in; deliveries on every channel with retries; escalation of unacknowledged alerts. */
@Module({
  controllers: [AlertRaisedConsumer],
  providers: [
    { provide: AlertSettings, inject: [AppConfig], useFactory: (c: AppConfig) => new AlertSettings(c) },
    AlertQueues,
    AlertDeliveriesRepository,
    InAppChannel,
    WebhookChannel,
    EmailChannel,
    DeliverAlertUseCase,
    EscalateAlertUseCase,
    PlanDeliveriesUseCase,
    AlertWorkers,
    ResumeDeliveriesUseCase,
  ],
  exports: [PlanDeliveriesUseCase, EscalateAlertUseCase, DeliverAlertUseCase, AlertQueues, AlertSettings],
})
export class AlertDeliveryModule {}
