import { EntityManager } from 'typeorm';

/** An alert row to insert (ids and codes only: never a child's name or identifiers). */
export interface NewAlertRow {
  id: string;
  kind: string;
  dedupeKey: string;
  title: string;
  body: string;
  recipientRoles: string[];
  subjectType: string | null;
  subjectId: string | null;
  childId: string | null;
  relatedAlertId: string | null;
  details: Record<string, unknown>;
  raisedAt: Date;
}

/**
 * The alerts table as raising an alert writes it. Stateless: every method runs in the caller's
 * transaction, so an alert commits with what raised it.
 */
export class AlertsRepository {
  /** Inserts the alert unless one with its dedupe key exists; whether it did. */
  async insertOnce(m: EntityManager, a: NewAlertRow): Promise<boolean> {
    const inserted: { id: string }[] = await m.query(
      `INSERT INTO alerts (id, kind, dedupe_key, title, body, recipient_roles, subject_type, subject_id, child_id,
                           related_alert_id, details, raised_at)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12)
       ON CONFLICT (dedupe_key) DO NOTHING RETURNING id`,
      [
        a.id,
        a.kind,
        a.dedupeKey,
        a.title,
        a.body,
        a.recipientRoles,
        a.subjectType,
        a.subjectId,
        a.childId,
        a.relatedAlertId,
        JSON.stringify(a.details),
        a.raisedAt,
      ],
    );
    return inserted.length > 0;
  }

  async idByDedupeKey(m: EntityManager, dedupeKey: string): Promise<string> {
    const [existing]: { id: string }[] = await m.query('SELECT id FROM alerts WHERE dedupe_key = $1', [
      dedupeKey,
    ]);
    return existing.id;
  }
}
