import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AlertChannel, alertDeliveryId } from '@app/contracts';
import { claimEvent } from '@app/messaging';
import { AlertSettings } from '../alert-settings';
import { AlertQueues } from '../delivery/alert-queues';

export interface PlanDeliveriesCommand {
  eventId: string;
  alertId: string;
}

export const PLAN_CONSUMER = 'alerts.plan-deliveries';

/**
 * For a raised alert: one delivery row per channel and recipient (recorded with the event id in one
 * transaction), then a BullMQ job per delivery still open, and the escalation timer. Redelivery of the
 * event, or a crash between the commit and the jobs, is safe: rows and job ids are derived, so the second
 * pass adds only what is missing.
 */
@Injectable()
export class PlanDeliveriesUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly settings: AlertSettings,
    private readonly queues: AlertQueues,
  ) {}

  async execute(cmd: PlanDeliveriesCommand): Promise<{ planned: number; found: boolean }> {
    const planned = await this.dataSource.transaction(async (m) => {
      const [alert]: { id: string; recipient_roles: string[] }[] = await m.query(
        'SELECT id, recipient_roles FROM alerts WHERE id = $1',
        [cmd.alertId],
      );
      if (!alert) return null;
      await claimEvent(m, PLAN_CONSUMER, cmd.eventId);
      const rows = this.settings.recipients(alert.recipient_roles);
      if (!rows.length) return 0;
      const values: unknown[] = [];
      const tuples = rows.map((r, i) => {
        values.push(alertDeliveryId(alert.id, r.channel, r.recipient), alert.id, r.channel, r.recipient);
        return `($${i * 4 + 1}, $${i * 4 + 2}, $${i * 4 + 3}, $${i * 4 + 4})`;
      });
      const inserted: unknown[] = await m.query(
        `INSERT INTO alert_deliveries (id, alert_id, channel, recipient) VALUES ${tuples.join(', ')}
         ON CONFLICT (id) DO NOTHING RETURNING id`,
        values,
      );
      return inserted.length;
    });
    if (planned === null) return { planned: 0, found: false };
    await this.enqueueOpen(cmd.alertId);
    return { planned, found: true };
  }

  /** Jobs for the alert's open deliveries, and its escalation timer unless acknowledged or escalated. */
  async enqueueOpen(alertId: string): Promise<void> {
    const open: { id: string; channel: AlertChannel }[] = await this.dataSource.query(
      `SELECT id, channel FROM alert_deliveries WHERE alert_id = $1 AND status IN ('pending','retrying')`,
      [alertId],
    );
    await this.queues.enqueueDeliveries(open);
    const [escalate]: { raised_at: Date }[] = await this.dataSource.query(
      `SELECT a.raised_at FROM alerts a
        WHERE a.id = $1 AND a.acknowledged_at IS NULL AND a.kind <> 'ESCALATED'
          AND NOT EXISTS (SELECT 1 FROM alerts e WHERE e.dedupe_key = 'escalated:' || a.id::text)`,
      [alertId],
    );
    if (escalate) await this.queues.scheduleEscalation(alertId, new Date(escalate.raised_at));
  }
}
