import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Job, UnrecoverableError, Worker } from 'bullmq';
import Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { AppConfig } from '@app/config';
import { QueueJobs, QueueName } from '@app/contracts';
import { REDIS } from '@app/messaging';
import { DeliverFeedbackUseCase, PermanentFeedbackError } from './deliver-feedback.usecase';
import { FeedbackQueue } from './feedback-queue';

/**
 * The BullMQ processor of feedback webhooks (thin: parses the job, calls the use case). At start-up it puts
 * back the job of every feedback still open, so none is lost to a restart or to Redis losing its data.
 */
@Injectable()
export class FeedbackWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('PartnerFeedback');
  private worker: Worker | null = null;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    private readonly config: AppConfig,
    private readonly deliver: DeliverFeedbackUseCase,
    private readonly queue: FeedbackQueue,
    private readonly ds: DataSource,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.worker = new Worker(
      QueueName.PartnerFeedback,
      async (job: Job<QueueJobs[typeof QueueName.PartnerFeedback]>) => {
        if (typeof job.data?.feedbackId !== 'string') throw new UnrecoverableError('feedback job without id');
        const attempt = job.attemptsMade + 1;
        try {
          return await this.deliver.execute({
            feedbackId: job.data.feedbackId,
            attempt,
            lastAttempt: attempt >= (job.opts.attempts ?? 1),
          });
        } catch (e) {
          if (e instanceof PermanentFeedbackError) throw new UnrecoverableError(e.message);
          throw e;
        }
      },
      {
        connection: this.redis,
        prefix: this.config.REDIS_PREFIX,
        concurrency: this.config.ALERT_DELIVERY_CONCURRENCY,
        maxStalledCount: 3,
      },
    );
    this.worker.on('error', (e) => this.logger.warn(`worker ${QueueName.PartnerFeedback}: ${e.message}`));
    await this.worker.waitUntilReady();
    const open: { id: string }[] = await this.ds.query(
      `SELECT id FROM partner_feedback WHERE status IN ('pending','retrying') ORDER BY created_at`,
    );
    await this.queue.enqueue(open.map((o) => o.id));
    if (open.length) this.logger.log(`Recovered ${open.length} open feedback webhook(s)`);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.worker?.waitUntilReady().catch(() => undefined);
    await this.worker?.close();
  }
}
