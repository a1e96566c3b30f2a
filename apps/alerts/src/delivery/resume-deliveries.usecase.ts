import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AlertChannel } from '@app/contracts';
import { StartupJob } from '@app/messaging';
import { AlertSettings } from '../alert-settings';
import { AlertQueues } from './alert-queues';

/**
 * At start-up: puts back the jobs of open deliveries and due escalations (idempotent by job id), so nothing
 * planned before a restart is lost even if Redis was. Only deliveries this instance is configured for: a
 * webhook or mailbox no longer configured is left as it is.
 */
@Injectable()
export class ResumeDeliveriesUseCase implements StartupJob {
  constructor(
    private readonly dataSource: DataSource,
    private readonly settings: AlertSettings,
    private readonly queues: AlertQueues,
  ) {}

  async execute(): Promise<number> {
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
    return open.length + due.length;
  }
}
