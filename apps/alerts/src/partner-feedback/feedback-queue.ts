import { Injectable } from '@nestjs/common';
import { Queue } from 'bullmq';
import { AppConfig } from '@app/config';
import { QueueJobs, QueueName } from '@app/contracts';
import { InjectQueue } from '@app/messaging';

/**
 * The BullMQ queue of feedback webhooks to referrers: one job per partner_feedback row, its id the row's, so
 * adding twice (a redelivered event, the start-up recovery) adds once. Retries with exponential back-off.
 */
@Injectable()
export class FeedbackQueue {
  constructor(
    @InjectQueue(QueueName.PartnerFeedback)
    readonly queue: Queue<QueueJobs[typeof QueueName.PartnerFeedback]>,
    private readonly config: AppConfig,
  ) {}

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
}
