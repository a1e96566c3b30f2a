import { EntityManager } from 'typeorm';
import { AlertChannel } from '@app/contracts';

/** An alert as the channels send it: ids, codes and plain words (never a child's name or identifiers). */
export interface AlertRecord {
  id: string;
  kind: string;
  title: string;
  body: string;
  recipientRoles: string[];
  subjectType: string | null;
  subjectId: string | null;
  relatedAlertId: string | null;
  details: Record<string, unknown>;
  raisedAt: string;
  acknowledgedAt: string | null;
}

export interface DeliveryRecord {
  id: string;
  alertId: string;
  channel: AlertChannel;
  recipient: string;
  status: 'pending' | 'retrying' | 'delivered' | 'failed';
  attempts: number;
}

export async function readAlert(m: EntityManager, id: string): Promise<AlertRecord | null> {
  const [r] = await m.query(
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

/** A channel sends one delivery. It throws to be retried, or a PermanentDeliveryError to fail for good. */
export interface AlertChannelSender {
  readonly channel: AlertChannel;
  send(delivery: DeliveryRecord, alert: AlertRecord, attempt: number): Promise<void>;
}

/** A failure that retrying cannot fix (the receiver refused the message itself). */
export class PermanentDeliveryError extends Error {}
