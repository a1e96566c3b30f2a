import { Injectable } from '@nestjs/common';
import { Job, Queue } from 'bullmq';
import { AppConfig } from '@app/config';
import { QueueJobs, QueueName } from '@app/contracts';
import { InjectQueue, ProcessJobs, StartupJob } from '@app/messaging';
import { SpikeCheckUseCase } from './spike-check.usecase';

type SpikeCheckJob = QueueJobs[typeof QueueName.SpikeCheck];

/** The spike checks' handler (thin: the use case finds and raises spikes). */
@Injectable()
export class SpikeCheckProcessor {
  constructor(private readonly check: SpikeCheckUseCase) {}

  @ProcessJobs(QueueName.SpikeCheck, { concurrency: 1 })
  async process(job: Job<SpikeCheckJob>): Promise<{ spikes: number }> {
    const found = await this.check.execute({ day: job.data.day });
    return { spikes: found.length };
  }
}

/**
 * At start-up: the repeatable spike checks, every INSIGHTS_CHECK_EVERY_MINUTES (today so far, and yesterday
 * complete) and at 00:05 London time (yesterday's full day at once). Job schedulers are upserted by id, so
 * every instance may place them without adding duplicates; a job runs on one instance.
 */
@Injectable()
export class ScheduleSpikeChecksUseCase implements StartupJob {
  constructor(
    @InjectQueue(QueueName.SpikeCheck) private readonly queue: Queue<SpikeCheckJob>,
    private readonly config: AppConfig,
  ) {}

  async execute(): Promise<void> {
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
  }
}
