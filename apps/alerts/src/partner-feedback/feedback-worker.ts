import { Injectable } from '@nestjs/common';
import { Job, UnrecoverableError } from 'bullmq';
import { AppConfig } from '@app/config';
import { QueueJobs, QueueName } from '@app/contracts';
import { failForGoodOn, jobAttempt, ProcessJobs, StartupJob } from '@app/messaging';
import { DeliverFeedbackUseCase, PermanentFeedbackError } from './deliver-feedback.usecase';
import { FeedbackQueue } from './feedback-queue';
import { PartnerFeedbackRepository } from './partner-feedback.repository';

/** The BullMQ handler of feedback webhooks (thin: parses the job, calls the use case). */
@Injectable()
export class FeedbackWorker {
  constructor(
    readonly config: AppConfig,
    private readonly deliver: DeliverFeedbackUseCase,
  ) {}

  @ProcessJobs(QueueName.PartnerFeedback, (self: FeedbackWorker) => ({
    concurrency: self.config.ALERT_DELIVERY_CONCURRENCY,
    maxStalledCount: 3,
  }))
  async process(job: Job<QueueJobs[typeof QueueName.PartnerFeedback]>): Promise<unknown> {
    if (typeof job.data?.feedbackId !== 'string') throw new UnrecoverableError('feedback job without id');
    const { feedbackId } = job.data;
    return failForGoodOn(PermanentFeedbackError, () =>
      this.deliver.execute({ feedbackId, ...jobAttempt(job) }),
    );
  }
}

/** At start-up: puts back the job of every feedback still open, so none is lost to a restart or to Redis. */
@Injectable()
export class ResumeFeedbackUseCase implements StartupJob {
  constructor(
    private readonly feedback: PartnerFeedbackRepository,
    private readonly queue: FeedbackQueue,
  ) {}

  async execute(): Promise<number> {
    const open = await this.feedback.undelivered();
    await this.queue.enqueue(open);
    return open.length;
  }
}
