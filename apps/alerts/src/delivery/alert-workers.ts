import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Job, UnrecoverableError, Worker } from 'bullmq';
import Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { AlertChannel, QueueJobs, QueueName } from '@app/contracts';
import { REDIS } from '@app/messaging';
import { AlertSettings } from '../alert-settings';
import { EscalateAlertUseCase } from '../escalation/escalate-alert.usecase';
import { PermanentDeliveryError } from './alert-record';
import { AlertQueues } from './alert-queues';
import { DeliverAlertUseCase } from './deliver-alert.usecase';

type Handlers = {
  [
    Q in
      | typeof QueueName.AlertInApp
      | typeof QueueName.AlertWebhook
      | typeof QueueName.AlertEmail
      | typeof QueueName.AlertEscalation
  ]: (job: Job<QueueJobs[Q]>) => Promise<unknown>;
};

/**
 * The BullMQ processors: one worker per channel queue and one for escalations. Thin: each parses the job and
 * calls its use case. At start-up it also puts back the jobs for any delivery still open and any escalation
 * still due (idempotent by job id), so nothing planned before a restart is lost even if Redis was.
 */
@Injectable()
export class AlertWorkers implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('AlertWorkers');
  private workers: Worker[] = [];

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    private readonly settings: AlertSettings,
    private readonly deliver: DeliverAlertUseCase,
    private readonly escalate: EscalateAlertUseCase,
    private readonly queues: AlertQueues,
    private readonly dataSource: DataSource,
  ) {}

  private handlers(): Handlers {
    const delivery = (job: Job<{ deliveryId: string }>) => this.runDelivery(job);
    return {
      [QueueName.AlertInApp]: delivery,
      [QueueName.AlertWebhook]: delivery,
      [QueueName.AlertEmail]: delivery,
      [QueueName.AlertEscalation]: async (job) => {
        if (typeof job.data?.alertId !== 'string')
          throw new UnrecoverableError('escalation job without alertId');
        const outcome = await this.escalate.execute(job.data.alertId);
        if (outcome === 'escalated') this.logger.log({ alertId: job.data.alertId }, 'Alert escalated');
        return outcome;
      },
    };
  }

  private async runDelivery(job: Job<{ deliveryId: string }>): Promise<unknown> {
    if (typeof job.data?.deliveryId !== 'string')
      throw new UnrecoverableError('delivery job without deliveryId');
    const attempt = job.attemptsMade + 1;
    try {
      return await this.deliver.execute({
        deliveryId: job.data.deliveryId,
        attempt,
        lastAttempt: attempt >= (job.opts.attempts ?? 1),
      });
    } catch (e) {
      if (e instanceof PermanentDeliveryError) throw new UnrecoverableError(e.message);
      throw e;
    }
  }

  async onApplicationBootstrap(): Promise<void> {
    const handlers = this.handlers();
    const concurrency: Record<keyof Handlers, number> = {
      [QueueName.AlertInApp]: this.settings.concurrency,
      [QueueName.AlertWebhook]: this.settings.concurrency,
      [QueueName.AlertEmail]: Math.min(this.settings.concurrency, 5),
      [QueueName.AlertEscalation]: 2,
    };
    for (const [queue, handler] of Object.entries(handlers) as [
      keyof Handlers,
      (job: Job) => Promise<unknown>,
    ][]) {
      const worker = new Worker(queue, handler, {
        connection: this.redis,
        prefix: this.settings.redisPrefix,
        concurrency: concurrency[queue],
        // Retries are the job's own (attempts, exponential back-off); a stalled job is picked up again.
        maxStalledCount: 3,
      });
      worker.on('error', (e) => this.logger.warn(`worker ${queue}: ${e.message}`));
      this.workers.push(worker);
    }
    await Promise.all(this.workers.map((w) => w.waitUntilReady()));
    await this.recover();
  }

  /**
   * Puts back the jobs of open deliveries and due escalations (after a restart, or if Redis lost its data).
   * Only deliveries this instance is configured for: a webhook or mailbox no longer configured is left as it is.
   */
  private async recover(): Promise<void> {
    const open: { id: string; channel: AlertChannel; recipient: string }[] = await this.dataSource.query(
      `SELECT id, channel, recipient FROM alert_deliveries WHERE status IN ('pending','retrying')`,
    );
    const configured = (d: { channel: AlertChannel; recipient: string }) =>
      d.channel === AlertChannel.InApp ||
      (d.channel === AlertChannel.Webhook && this.settings.webhookUrls.includes(d.recipient)) ||
      (d.channel === AlertChannel.Email && !!this.settings.smtpUrl);
    await this.queues.enqueueDeliveries(open.filter(configured));
    const due: { id: string; raised_at: Date }[] = await this.dataSource.query(
      `SELECT a.id, a.raised_at FROM alerts a
        WHERE a.acknowledged_at IS NULL AND a.kind <> 'ESCALATED'
          AND EXISTS (SELECT 1 FROM alert_deliveries d WHERE d.alert_id = a.id)
          AND NOT EXISTS (SELECT 1 FROM alerts e WHERE e.dedupe_key = 'escalated:' || a.id::text)`,
    );
    for (const a of due) await this.queues.scheduleEscalation(a.id, new Date(a.raised_at));
    if (open.length || due.length)
      this.logger.log(`Recovered ${open.length} open deliveries and ${due.length} escalation timer(s)`);
  }

  async onApplicationShutdown(): Promise<void> {
    // A worker closed while its blocking connection is still connecting emits an error after close.
    await Promise.all(this.workers.map((w) => w.waitUntilReady().catch(() => undefined)));
    await Promise.all(this.workers.map((w) => w.close()));
  }
}
