import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { Topic } from '@app/contracts';
import { enqueueEvents } from '@app/messaging';
import { AlertsRepository } from './alerts.repository';

const alerts = new AlertsRepository();

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
  subjectType?: string | null;
  subjectId?: string | null;
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
  const created = await alerts.insertOnce(m, {
    id,
    kind: alert.kind,
    dedupeKey: alert.dedupeKey,
    title: alert.title,
    body: alert.body,
    recipientRoles: alert.recipientRoles,
    subjectType: alert.subjectType ?? null,
    subjectId: alert.subjectId ?? null,
    childId: alert.childId ?? null,
    relatedAlertId: alert.relatedAlertId ?? null,
    details: alert.details ?? {},
    raisedAt: now,
  });
  if (!created) return { id: await alerts.idByDedupeKey(m, alert.dedupeKey), created: false };
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
