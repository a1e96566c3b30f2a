import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Alerts to staff, whatever raised them (placement gatekeeping, an overdue duty decision, a referral spike).
 * `dedupe_key` makes raising idempotent: one alert per event that deserves one.
 */
export class Alerts1763800000200 implements MigrationInterface {
  name = 'Alerts1763800000200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE alerts (
        id uuid PRIMARY KEY,
        kind text NOT NULL,
        dedupe_key text NOT NULL UNIQUE,
        title text NOT NULL,
        body text NOT NULL,
        recipient_roles text[] NOT NULL,
        subject_type text,
        subject_id text,
        child_id uuid,
        related_alert_id uuid REFERENCES alerts(id),
        details jsonb NOT NULL DEFAULT '{}',
        raised_at timestamptz NOT NULL DEFAULT now(),
        acknowledged_at timestamptz,
        acknowledged_by text,
        acknowledgement_note text
      );
      CREATE INDEX alerts_unacknowledged ON alerts(raised_at) WHERE acknowledged_at IS NULL;
      CREATE INDEX alerts_subject ON alerts(subject_type, subject_id);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS alerts');
  }
}
