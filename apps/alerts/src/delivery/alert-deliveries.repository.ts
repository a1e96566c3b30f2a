import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AlertChannel } from '@app/contracts';
import { AlertRecord, DeliveryRecord } from './alert-record';

/** A delivery to plan: one channel and recipient of one alert (its id derived from the three). */
export interface PlannedDelivery {
  id: string;
  alertId: string;
  channel: AlertChannel;
  recipient: string;
}

/** An alert as its escalation reads it, locked for the escalation's transaction. */
export interface EscalatableAlert {
  id: string;
  kind: string;
  title: string;
  body: string;
  subjectType: string | null;
  subjectId: string | null;
  childId: string | null;
  raisedAt: Date;
  acknowledgedAt: Date | null;
  resolvedAt: Date | null;
}

interface AlertRow {
  id: string;
  kind: string;
  title: string;
  body: string;
  recipient_roles: string[];
  subject_type: string | null;
  subject_id: string | null;
  related_alert_id: string | null;
  details: Record<string, unknown> | null;
  raised_at: Date;
  acknowledged_at: Date | null;
}

interface DeliveryRow {
  id: string;
  alert_id: string;
  channel: AlertChannel;
  recipient: string;
  status: DeliveryRecord['status'];
  attempts: number;
}

/**
 * Alerts as the alerts app delivers and escalates them, and their deliveries (one row per channel and
 * recipient): the one way the planning, delivery and escalation use cases reach these tables. Methods
 * that take an EntityManager run in the caller's transaction.
 */
@Injectable()
export class AlertDeliveriesRepository {
  constructor(private readonly ds: DataSource) {}

  /** The alert's id as stored and the roles it is for, or null when there is no such alert. */
  async recipientsOf(
    m: EntityManager,
    alertId: string,
  ): Promise<{ id: string; recipientRoles: string[] } | null> {
    const [alert]: { id: string; recipient_roles: string[] }[] = await m.query(
      'SELECT id, recipient_roles FROM alerts WHERE id = $1',
      [alertId],
    );
    return alert ? { id: alert.id, recipientRoles: alert.recipient_roles } : null;
  }

  /** Adds the deliveries not there yet (ids are derived, so a second pass adds none); how many it added. */
  async addDeliveries(m: EntityManager, rows: PlannedDelivery[]): Promise<number> {
    const values: unknown[] = [];
    const tuples = rows.map((r, i) => {
      values.push(r.id, r.alertId, r.channel, r.recipient);
      return `($${i * 4 + 1}, $${i * 4 + 2}, $${i * 4 + 3}, $${i * 4 + 4})`;
    });
    const inserted: { id: string }[] = await m.query(
      `INSERT INTO alert_deliveries (id, alert_id, channel, recipient) VALUES ${tuples.join(', ')}
       ON CONFLICT (id) DO NOTHING RETURNING id`,
      values,
    );
    return inserted.length;
  }

  /** The alert's deliveries still to make. */
  async openDeliveriesOf(alertId: string): Promise<{ id: string; channel: AlertChannel }[]> {
    return this.ds.query(
      `SELECT id, channel FROM alert_deliveries WHERE alert_id = $1 AND status IN ('pending','retrying')`,
      [alertId],
    );
  }

  /** When the alert was raised, if it is still to escalate (not acknowledged, not escalated, not itself an escalation). */
  async escalationDueFrom(alertId: string): Promise<Date | null> {
    const [escalate]: { raised_at: Date }[] = await this.ds.query(
      `SELECT a.raised_at FROM alerts a
        WHERE a.id = $1 AND a.acknowledged_at IS NULL AND a.kind <> 'ESCALATED'
          AND NOT EXISTS (SELECT 1 FROM alerts e WHERE e.dedupe_key = 'escalated:' || a.id::text)`,
      [alertId],
    );
    return escalate ? new Date(escalate.raised_at) : null;
  }

  /** Every delivery still to make (to resume after a restart). */
  async allOpenDeliveries(): Promise<{ id: string; channel: AlertChannel; recipient: string }[]> {
    return this.ds.query(
      `SELECT id, channel, recipient FROM alert_deliveries WHERE status IN ('pending','retrying')`,
    );
  }

  /** Every delivered-to alert still to escalate, with when it was raised (to resume after a restart). */
  async allEscalationsDue(): Promise<{ id: string; raisedAt: Date }[]> {
    const due: { id: string; raised_at: Date }[] = await this.ds.query(
      `SELECT a.id, a.raised_at FROM alerts a
        WHERE a.acknowledged_at IS NULL AND a.kind <> 'ESCALATED'
          AND EXISTS (SELECT 1 FROM alert_deliveries d WHERE d.alert_id = a.id)
          AND NOT EXISTS (SELECT 1 FROM alerts e WHERE e.dedupe_key = 'escalated:' || a.id::text)`,
    );
    return due.map((a) => ({ id: a.id, raisedAt: new Date(a.raised_at) }));
  }

  /** Counts an attempt and returns the delivery; null when it was delivered or failed already. */
  async beginAttempt(deliveryId: string): Promise<DeliveryRecord | null> {
    // TypeORM answers an UPDATE ... RETURNING on Postgres as [rows, affected].
    const [rows]: [DeliveryRow[], number] = await this.ds.query(
      `UPDATE alert_deliveries SET attempts = attempts + 1, last_attempt_at = now()
        WHERE id = $1 AND status IN ('pending','retrying')
        RETURNING id, alert_id, channel, recipient, status, attempts`,
      [deliveryId],
    );
    const row = rows[0];
    if (!row) return null;
    return {
      id: row.id,
      alertId: row.alert_id,
      channel: row.channel,
      recipient: row.recipient,
      status: row.status,
      attempts: row.attempts,
    };
  }

  /** A failed attempt: to retry, or failed for good. */
  async attemptFailed(deliveryId: string, outcome: 'retrying' | 'failed', error: string): Promise<void> {
    await this.ds.query(
      `UPDATE alert_deliveries SET status = $2, last_error = $3, failed_at = CASE WHEN $2 = 'failed' THEN now() END
        WHERE id = $1`,
      [deliveryId, outcome, error],
    );
  }

  async delivered(deliveryId: string): Promise<void> {
    await this.ds.query(
      `UPDATE alert_deliveries SET status = 'delivered', delivered_at = clock_timestamp(), last_error = NULL
        WHERE id = $1`,
      [deliveryId],
    );
  }

  /** The alert as the channels send it, or null when it no longer exists. */
  async alert(id: string): Promise<AlertRecord | null> {
    const [r]: AlertRow[] = await this.ds.query(
      `SELECT id, kind, title, body, recipient_roles, subject_type, subject_id, related_alert_id, details,
              raised_at, acknowledged_at FROM alerts WHERE id = $1`,
      [id],
    );
    if (!r) return null;
    return {
      id: r.id,
      kind: r.kind,
      title: r.title,
      body: r.body,
      recipientRoles: r.recipient_roles,
      subjectType: r.subject_type,
      subjectId: r.subject_id,
      relatedAlertId: r.related_alert_id,
      details: r.details ?? {},
      raisedAt: new Date(r.raised_at).toISOString(),
      acknowledgedAt: r.acknowledged_at ? new Date(r.acknowledged_at).toISOString() : null,
    };
  }

  /** The alert locked for its escalation, so an acknowledgement at the same moment lands before or after. */
  async lockForEscalation(m: EntityManager, alertId: string): Promise<EscalatableAlert | null> {
    const [a]: {
      id: string;
      kind: string;
      title: string;
      body: string;
      subject_type: string | null;
      subject_id: string | null;
      child_id: string | null;
      raised_at: Date;
      acknowledged_at: Date | null;
      resolved_at: Date | null;
    }[] = await m.query(
      `SELECT id, kind, title, body, subject_type, subject_id, child_id, raised_at, acknowledged_at, resolved_at
         FROM alerts WHERE id = $1 FOR UPDATE`,
      [alertId],
    );
    if (!a) return null;
    return {
      id: a.id,
      kind: a.kind,
      title: a.title,
      body: a.body,
      subjectType: a.subject_type,
      subjectId: a.subject_id,
      childId: a.child_id,
      raisedAt: new Date(a.raised_at),
      acknowledgedAt: a.acknowledged_at,
      resolvedAt: a.resolved_at,
    };
  }
}
