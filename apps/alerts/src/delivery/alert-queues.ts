import { Injectable } from '@nestjs/common';
import { JobsOptions, Queue } from 'bullmq';
import { AlertChannel, escalationJobId, QueueJobs, QueueName } from '@app/contracts';
import { InjectQueue } from '@app/messaging';
import { AlertSettings } from '../alert-settings';

export const QUEUE_BY_CHANNEL = {
  [AlertChannel.InApp]: QueueName.AlertInApp,
  [AlertChannel.Webhook]: QueueName.AlertWebhook,
  [AlertChannel.Email]: QueueName.AlertEmail,
} as const;

type DeliveryQueue = (typeof QUEUE_BY_CHANNEL)[AlertChannel];

/**
 * The BullMQ queues: one per channel (a slow e-mail server never delays the in-app feed) and the
 * escalation timers. Job ids are derived from the delivery or the alert, so adding twice adds once.
 */
@Injectable()
export class AlertQueues {
  readonly delivery: Record<AlertChannel, Queue<QueueJobs[DeliveryQueue]>>;

  constructor(
    @InjectQueue(QueueName.AlertInApp) inApp: Queue<QueueJobs[DeliveryQueue]>,
    @InjectQueue(QueueName.AlertWebhook) webhook: Queue<QueueJobs[DeliveryQueue]>,
    @InjectQueue(QueueName.AlertEmail) email: Queue<QueueJobs[DeliveryQueue]>,
    @InjectQueue(QueueName.AlertEscalation)
    readonly escalation: Queue<QueueJobs[typeof QueueName.AlertEscalation]>,
    private readonly settings: AlertSettings,
  ) {
    this.delivery = {
      [AlertChannel.InApp]: inApp,
      [AlertChannel.Webhook]: webhook,
      [AlertChannel.Email]: email,
    };
  }

  /** Retries with exponential back-off; a job that fails for good is kept in Redis too (and in Postgres). */
  private deliveryOptions(jobId: string): JobsOptions {
    return {
      jobId,
      attempts: this.settings.attempts,
      backoff: { type: 'exponential', delay: this.settings.retryBaseMs },
      removeOnComplete: 1000,
      removeOnFail: 5000,
    };
  }

  async enqueueDeliveries(deliveries: { id: string; channel: AlertChannel }[]): Promise<void> {
    for (const d of deliveries) {
      await this.delivery[d.channel].add('deliver', { deliveryId: d.id }, this.deliveryOptions(d.id));
    }
  }

  /** The escalation timer at raisedAt + the escalation delay; one per alert, surviving restarts (Redis). */
  async scheduleEscalation(alertId: string, raisedAt: Date, now = Date.now()): Promise<void> {
    await this.escalation.add(
      'escalate',
      { alertId },
      {
        jobId: escalationJobId(alertId),
        delay: Math.max(0, raisedAt.getTime() + this.settings.escalationDelayMs - now),
        attempts: 10,
        backoff: { type: 'exponential', delay: 1000 },
        removeOnComplete: 1000,
        removeOnFail: 5000,
      },
    );
  }
}
