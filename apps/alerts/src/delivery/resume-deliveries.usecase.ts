import { Injectable } from '@nestjs/common';
import { AlertChannel } from '@app/contracts';
import { StartupJob } from '@app/messaging';
import { AlertSettings } from '../alert-settings';
import { AlertDeliveriesRepository } from './alert-deliveries.repository';
import { AlertQueues } from './alert-queues';

/**
 * At start-up: puts back the jobs of open deliveries and due escalations (idempotent by job id), so nothing
 * planned before a restart is lost even if Redis was. Only deliveries this instance is configured for: a
 * webhook or mailbox no longer configured is left as it is.
 */
@Injectable()
export class ResumeDeliveriesUseCase implements StartupJob {
  constructor(
    private readonly deliveries: AlertDeliveriesRepository,
    private readonly settings: AlertSettings,
    private readonly queues: AlertQueues,
  ) {}

  async execute(): Promise<number> {
    const open = await this.deliveries.allOpenDeliveries();
    const configured = (d: { channel: AlertChannel; recipient: string }) =>
      d.channel === AlertChannel.InApp ||
      (d.channel === AlertChannel.Webhook && this.settings.webhookUrls.includes(d.recipient)) ||
      (d.channel === AlertChannel.Email && !!this.settings.smtpUrl);
    await this.queues.enqueueDeliveries(open.filter(configured));
    const due = await this.deliveries.allEscalationsDue();
    for (const a of due) await this.queues.scheduleEscalation(a.id, a.raisedAt);
    return open.length + due.length;
  }
}
