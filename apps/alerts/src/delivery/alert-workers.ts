import { Injectable, Logger } from '@nestjs/common';
import { Job, UnrecoverableError } from 'bullmq';
import { QueueJobs, QueueName } from '@app/contracts';
import { failForGoodOn, jobAttempt, ProcessJobs } from '@app/messaging';
import { AlertSettings } from '../alert-settings';
import { EscalateAlertUseCase } from '../escalation/escalate-alert.usecase';
import { PermanentDeliveryError } from './alert-record';
import { DeliverAlertUseCase } from './deliver-alert.usecase';

type DeliveryJob = Job<QueueJobs[typeof QueueName.AlertInApp]>;

/**
 * The BullMQ handlers: one per channel queue (a slow e-mail server never delays the in-app feed) and one for
 * escalations. Thin: each parses the job and calls its use case. Retries are the job's own (attempts,
 * exponential back-off); a stalled job is picked up again.
 */
@Injectable()
export class AlertWorkers {
  private readonly logger = new Logger('AlertWorkers');

  constructor(
    readonly settings: AlertSettings,
    private readonly deliver: DeliverAlertUseCase,
    private readonly escalate: EscalateAlertUseCase,
  ) {}

  @ProcessJobs(QueueName.AlertInApp, (self: AlertWorkers) => ({
    concurrency: self.settings.concurrency,
    maxStalledCount: 3,
  }))
  inApp(job: DeliveryJob): Promise<unknown> {
    return this.runDelivery(job);
  }

  @ProcessJobs(QueueName.AlertWebhook, (self: AlertWorkers) => ({
    concurrency: self.settings.concurrency,
    maxStalledCount: 3,
  }))
  webhook(job: DeliveryJob): Promise<unknown> {
    return this.runDelivery(job);
  }

  @ProcessJobs(QueueName.AlertEmail, (self: AlertWorkers) => ({
    concurrency: Math.min(self.settings.concurrency, 5),
    maxStalledCount: 3,
  }))
  email(job: DeliveryJob): Promise<unknown> {
    return this.runDelivery(job);
  }

  @ProcessJobs(QueueName.AlertEscalation, { concurrency: 2, maxStalledCount: 3 })
  async escalation(job: Job<QueueJobs[typeof QueueName.AlertEscalation]>): Promise<unknown> {
    if (typeof job.data?.alertId !== 'string') throw new UnrecoverableError('escalation job without alertId');
    const outcome = await this.escalate.execute(job.data.alertId);
    if (outcome === 'escalated') this.logger.log({ alertId: job.data.alertId }, 'Alert escalated');
    return outcome;
  }

  private async runDelivery(job: DeliveryJob): Promise<unknown> {
    if (typeof job.data?.deliveryId !== 'string')
      throw new UnrecoverableError('delivery job without deliveryId');
    const { deliveryId } = job.data;
    return failForGoodOn(PermanentDeliveryError, () =>
      this.deliver.execute({ deliveryId, ...jobAttempt(job) }),
    );
  }
}
