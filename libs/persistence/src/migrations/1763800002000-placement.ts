import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Placement requests with their gatekeeping result (placement-gatekeeping.md), and the delivery of every
 * alert on every channel. A delivery's id is derived from (alert, channel, recipient), so planning the same
 * alert twice plans nothing new and a retry is recognisable. A delivery that fails for good stays, `failed`.
 */
export class Placement1763800002000 implements MigrationInterface {
  name = 'Placement1763800002000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE placement_requests (
        id uuid PRIMARY KEY,
        child_id uuid NOT NULL REFERENCES children(id),
        received_at timestamptz NOT NULL,
        requested_by jsonb,
        submitted_by text NOT NULL,
        submitted_by_role text NOT NULL,
        placement_type text NOT NULL,
        legal_basis text NOT NULL,
        emergency boolean NOT NULL,
        reason text,
        evidence jsonb NOT NULL,
        outcome text NOT NULL CHECK (outcome IN ('CLEARED','HELD_FOR_PANEL','RETROSPECTIVE_REVIEW')),
        failed_checks text[] NOT NULL,
        review_due_at timestamptz,
        status text NOT NULL CHECK (status IN ('held','cleared','under_review','linked')),
        linked_to uuid REFERENCES placement_requests(id),
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX placement_requests_open ON placement_requests(child_id, placement_type, received_at)
        WHERE status = 'held';
      CREATE INDEX placement_requests_received ON placement_requests(received_at DESC);

      CREATE TABLE alert_deliveries (
        id text PRIMARY KEY,
        alert_id uuid NOT NULL REFERENCES alerts(id),
        channel text NOT NULL CHECK (channel IN ('in_app','webhook','email')),
        recipient text NOT NULL,
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','retrying','delivered','failed')),
        attempts integer NOT NULL DEFAULT 0,
        last_error text,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_attempt_at timestamptz,
        delivered_at timestamptz,
        failed_at timestamptz,
        UNIQUE (alert_id, channel, recipient)
      );
      CREATE INDEX alert_deliveries_alert ON alert_deliveries(alert_id);
      CREATE INDEX alert_deliveries_open ON alert_deliveries(created_at) WHERE status IN ('pending','retrying');
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS alert_deliveries, placement_requests');
  }
}
