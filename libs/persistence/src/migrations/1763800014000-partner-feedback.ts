import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Feedback to referrers: each partner's callback (URL and its signing secret, sealed; the previous secret
 * during a rotation) and one row per webhook owed to a partner, written in the duty decision's transaction.
 */
export class PartnerFeedback1763800014000 implements MigrationInterface {
  name = 'PartnerFeedback1763800014000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE partner_callbacks (
        partner_id uuid PRIMARY KEY REFERENCES partners(id),
        url text NOT NULL,
        secret_sealed text NOT NULL,
        secret_created_at timestamptz NOT NULL,
        previous_secret_sealed text,
        previous_valid_until timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );

      CREATE TABLE partner_feedback (
        id uuid PRIMARY KEY,
        partner_id uuid NOT NULL REFERENCES partners(id),
        contact_id uuid NOT NULL REFERENCES contacts(id),
        body jsonb NOT NULL,
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','retrying','delivered','failed')),
        attempts integer NOT NULL DEFAULT 0,
        last_error text,
        last_attempt_at timestamptz,
        delivered_at timestamptz,
        failed_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX partner_feedback_contact ON partner_feedback(contact_id, created_at);
      CREATE INDEX partner_feedback_partner ON partner_feedback(partner_id, created_at);
      CREATE INDEX partner_feedback_open ON partner_feedback(status) WHERE status IN ('pending','retrying');
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS partner_feedback, partner_callbacks');
  }
}
