import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { DelayedError, Job, Worker } from 'bullmq';
import Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { AppConfig } from '@app/config';
import { QueueName, SlaJob } from '@app/contracts';
import { REDIS, SlaTimers } from '@app/messaging';
import { MarkOverdueUseCase } from './mark-overdue.usecase';

/**
 * The SLA timers' worker, in the desk app. At start-up it first puts back, from Postgres, the timer of
 * every item still awaiting a decision (placing a timer that exists does nothing), so timers Redis lost are
 * rebuilt; then it works the queue. A timer that fires for a due time that has since moved later is put
 * back to sleep until the new due time.
 */
@Injectable()
export class SlaProcessor implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(SlaProcessor.name);
  private worker: Worker<SlaJob> | null = null;

  constructor(
    private readonly ds: DataSource,
    private readonly markOverdue: MarkOverdueUseCase,
    @Inject(SlaTimers) private readonly timers: SlaTimers,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const rebuilt = await this.rebuildTimers();
    if (rebuilt) this.logger.log(`checked ${rebuilt} SLA timer(s) against Postgres`);
    this.worker = new Worker<SlaJob>(QueueName.Sla, (job, token) => this.process(job, token), {
      connection: this.redis,
      prefix: this.config.REDIS_PREFIX,
      concurrency: 4,
    });
    this.worker.on('failed', (job, e) => this.logger.warn(`SLA timer ${job?.id} failed: ${e.message}`));
    // Without a listener, a Redis connection error would be an unhandled 'error' event and end the process.
    this.worker.on('error', (e) => this.logger.warn(`SLA worker: ${e.message}`));
  }

  /** Every awaiting item that is not yet marked overdue gets its timer (idempotent per contact). */
  async rebuildTimers(): Promise<number> {
    const rows: { contact_id: string; due_at: Date }[] = await this.ds.query(
      `SELECT contact_id, due_at FROM desk_items WHERE state = 'awaiting' AND NOT overdue ORDER BY due_at`,
    );
    const jobs = rows.map((r) => ({ contactId: r.contact_id, dueAt: new Date(r.due_at).toISOString() }));
    for (let i = 0; i < jobs.length; i += 200) {
      const chunk = jobs.slice(i, i + 200);
      await Promise.all(chunk.map((j) => this.timers.schedule([j])));
    }
    return jobs.length;
  }

  async process(job: Job<SlaJob>, token?: string): Promise<string> {
    const outcome = await this.markOverdue.execute(job.data);
    if (outcome.kind === 'not_due') {
      await job.updateData({ contactId: job.data.contactId, dueAt: outcome.dueAt.toISOString() });
      await job.moveToDelayed(outcome.dueAt.getTime(), token);
      throw new DelayedError();
    }
    return outcome.kind;
  }

  async onModuleDestroy(): Promise<void> {
    // A worker closed while its blocking connection is still connecting emits an error after close: let it
    // finish connecting first.
    await this.worker?.waitUntilReady().catch(() => undefined);
    await this.worker?.close();
  }
}
