import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { JobsOptions, Queue } from 'bullmq';
import Redis from 'ioredis';
import { AlertChannel, escalationJobId, QueueJobs, QueueName } from '@app/contracts';
import { REDIS } from '@app/messaging';
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
export class AlertQueues implements OnApplicationShutdown {
  readonly delivery: Record<AlertChannel, Queue<QueueJobs[DeliveryQueue]>>;
  readonly escalation: Queue<QueueJobs[typeof QueueName.AlertEscalation]>;

  constructor(
    @Inject(REDIS) redis: Redis,
    private readonly settings: AlertSettings,
  ) {
    const prefix = settings.redisPrefix;
    this.delivery = {
      [AlertChannel.InApp]: new Queue(QueueName.AlertInApp, { connection: redis, prefix }),
      [AlertChannel.Webhook]: new Queue(QueueName.AlertWebhook, { connection: redis, prefix }),
      [AlertChannel.Email]: new Queue(QueueName.AlertEmail, { connection: redis, prefix }),
    };
    this.escalation = new Queue(QueueName.AlertEscalation, { connection: redis, prefix });
    // Redis errors surface on the commands that fail; an unheard 'error' event would end the process.
    for (const q of [...Object.values(this.delivery), this.escalation]) q.on('error', () => undefined);
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

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([...Object.values(this.delivery), this.escalation].map((q) => q.close()));
  }
}
