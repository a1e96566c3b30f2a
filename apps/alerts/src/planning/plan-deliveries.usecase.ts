import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { alertDeliveryId } from '@app/contracts';
import { claimEvent } from '@app/messaging';
import { AlertSettings } from '../alert-settings';
import { AlertDeliveriesRepository } from '../delivery/alert-deliveries.repository';
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
    private readonly deliveries: AlertDeliveriesRepository,
  ) {}

  async execute(cmd: PlanDeliveriesCommand): Promise<{ planned: number; found: boolean }> {
    const planned = await this.dataSource.transaction(async (m) => {
      const alert = await this.deliveries.recipientsOf(m, cmd.alertId);
      if (!alert) return null;
      await claimEvent(m, PLAN_CONSUMER, cmd.eventId);
      const rows = this.settings.recipients(alert.recipientRoles);
      if (!rows.length) return 0;
      return this.deliveries.addDeliveries(
        m,
        rows.map((r) => ({
          id: alertDeliveryId(alert.id, r.channel, r.recipient),
          alertId: alert.id,
          channel: r.channel,
          recipient: r.recipient,
        })),
      );
    });
    if (planned === null) return { planned: 0, found: false };
    await this.enqueueOpen(cmd.alertId);
    return { planned, found: true };
  }

  /** Jobs for the alert's open deliveries, and its escalation timer unless acknowledged or escalated. */
  async enqueueOpen(alertId: string): Promise<void> {
    await this.queues.enqueueDeliveries(await this.deliveries.openDeliveriesOf(alertId));
    const raisedAt = await this.deliveries.escalationDueFrom(alertId);
    if (raisedAt) await this.queues.scheduleEscalation(alertId, raisedAt);
  }
}
