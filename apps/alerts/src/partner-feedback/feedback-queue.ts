import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { Queue } from 'bullmq';
import Redis from 'ioredis';
import { AppConfig } from '@app/config';
import { QueueJobs, QueueName } from '@app/contracts';
import { REDIS } from '@app/messaging';

/**
 * The BullMQ queue of feedback webhooks to referrers: one job per partner_feedback row, its id the row's, so
 * adding twice (a redelivered event, the start-up recovery) adds once. Retries with exponential back-off.
 */
@Injectable()
export class FeedbackQueue implements OnApplicationShutdown {
  readonly queue: Queue<QueueJobs[typeof QueueName.PartnerFeedback]>;

  constructor(
    @Inject(REDIS) redis: Redis,
    private readonly config: AppConfig,
  ) {
    this.queue = new Queue(QueueName.PartnerFeedback, { connection: redis, prefix: config.REDIS_PREFIX });
    this.queue.on('error', () => undefined);
  }

  async enqueue(feedbackIds: readonly string[]): Promise<void> {
    for (const feedbackId of feedbackIds) {
      await this.queue.add(
        'deliver',
        { feedbackId },
        {
          jobId: feedbackId,
          attempts: this.config.FEEDBACK_DELIVERY_ATTEMPTS,
          backoff: { type: 'exponential', delay: this.config.FEEDBACK_RETRY_BASE_MS },
          removeOnComplete: 1000,
          removeOnFail: 5000,
        },
      );
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.queue.close();
  }
}
