import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Job, Queue, Worker } from 'bullmq';
import type Redis from 'ioredis';
import { AppConfig } from '@app/config';
import { QueueJobs, QueueName } from '@app/contracts';
import { REDIS } from '@app/messaging';
import { SpikeCheckUseCase } from './spike-check.usecase';

type SpikeCheckJob = QueueJobs[typeof QueueName.SpikeCheck];

/**
 * Repeatable spike checks on BullMQ: every INSIGHTS_CHECK_EVERY_MINUTES (today so far, and yesterday
 * complete) and at 00:05 London time (yesterday's full day at once). Job schedulers are upserted by id, so
 * every instance may start them without adding duplicates; a job runs on one instance.
 */
@Injectable()
export class SpikeCheckProcessor implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(SpikeCheckProcessor.name);
  private queue: Queue<SpikeCheckJob> | null = null;
  private worker: Worker<SpikeCheckJob> | null = null;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    private readonly config: AppConfig,
    private readonly check: SpikeCheckUseCase,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const prefix = this.config.REDIS_PREFIX;
    this.queue = new Queue<SpikeCheckJob>(QueueName.SpikeCheck, { connection: this.redis, prefix });
    this.queue.on('error', (e) => this.logger.warn(`spike-check queue: ${e.message}`));
    const opts = {
      removeOnComplete: 100,
      removeOnFail: 100,
      attempts: 3,
      backoff: { type: 'exponential', delay: 5000 },
    };
    await this.queue.upsertJobScheduler(
      'spike-check-intra-day',
      { every: this.config.INSIGHTS_CHECK_EVERY_MINUTES * 60_000 },
      { name: 'check', data: {}, opts },
    );
    await this.queue.upsertJobScheduler(
      'spike-check-daily',
      { pattern: '5 0 * * *', tz: 'Europe/London' },
      { name: 'check', data: {}, opts },
    );
    this.worker = new Worker<SpikeCheckJob>(
      QueueName.SpikeCheck,
      async (job: Job<SpikeCheckJob>) => {
        const found = await this.check.execute({ day: job.data.day });
        return { spikes: found.length };
      },
      { connection: this.redis, prefix, concurrency: 1 },
    );
    this.worker.on('failed', (job, e) => this.logger.warn(`spike check ${job?.id} failed: ${e.message}`));
    // Without a listener, a Redis connection error would be an unhandled 'error' event and end the process.
    this.worker.on('error', (e) => this.logger.warn(`spike-check worker: ${e.message}`));
  }

  async onApplicationShutdown(): Promise<void> {
    // A worker closed while its blocking connection is still connecting emits an error after close.
    await this.worker?.waitUntilReady().catch(() => undefined);
    await this.worker?.close();
    await this.queue?.close();
  }
}
