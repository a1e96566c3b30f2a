import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { Topic } from '@app/contracts';
import { enqueueEvents } from '@app/messaging';

export type AlertKind =
  | 'ALTERNATIVES_NOT_EXHAUSTED'
  | 'RETROSPECTIVE_REVIEW_REQUIRED'
  | 'ESCALATED'
  | 'DUTY_DECISION_OVERDUE'
  | 'REFERRAL_SPIKE'
  | 'PANEL_ACTION_OVERDUE'
  | 'RETROSPECTIVE_REVIEW_OVERDUE';

export interface RaiseAlert {
  kind: AlertKind;
  /** One alert per dedupe key, ever: raising again returns the first. */
  dedupeKey: string;
  title: string;
  /** Plain words for the person who reads it. Ids and codes only: never a child's name or identifiers. */
  body: string;
  recipientRoles: string[];
  subjectType?: string;
  subjectId?: string;
  childId?: string | null;
  relatedAlertId?: string | null;
  details?: Record<string, unknown>;
}

/**
 * Raises an alert inside the caller's transaction and announces it as `alert.raised.v1` (through the
 * outbox), which the alerts app delivers on every configured channel. Idempotent by `dedupeKey`.
 */
export async function raiseAlert(
  m: EntityManager,
  alert: RaiseAlert,
  now = new Date(),
): Promise<{ id: string; created: boolean }> {
  const id = randomUUID();
  const inserted: { id: string }[] = await m.query(
    `INSERT INTO alerts (id, kind, dedupe_key, title, body, recipient_roles, subject_type, subject_id, child_id,
                         related_alert_id, details, raised_at)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12)
     ON CONFLICT (dedupe_key) DO NOTHING RETURNING id`,
    [
      id,
      alert.kind,
      alert.dedupeKey,
      alert.title,
      alert.body,
      alert.recipientRoles,
      alert.subjectType ?? null,
      alert.subjectId ?? null,
      alert.childId ?? null,
      alert.relatedAlertId ?? null,
      JSON.stringify(alert.details ?? {}),
      now,
    ],
  );
  if (!inserted.length) {
    const [existing] = await m.query('SELECT id FROM alerts WHERE dedupe_key = $1', [alert.dedupeKey]);
    return { id: existing.id, created: false };
  }
  await enqueueEvents(
    m,
    [
      {
        topic: Topic.AlertRaised,
        key: id,
        payload: { alertId: id, kind: alert.kind, raisedAt: now.toISOString() },
      },
    ],
    now,
  );
  return { id, created: true };
}
