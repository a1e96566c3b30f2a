import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the duty desk records beside the triage's recommendation: each confirmation, override and close
 * (the recommendation it was made against is kept in the same row, so both survive), notes, and the
 * worker's verdict on possible matches.
 */
export class DutyDesk1763800001100 implements MigrationInterface {
  name = 'DutyDesk1763800001100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE duty_decisions (
        id uuid PRIMARY KEY,
        contact_id uuid NOT NULL REFERENCES contacts(id),
        child_id uuid NOT NULL REFERENCES children(id),
        kind text NOT NULL CHECK (kind IN ('confirm','override','close')),
        actor text NOT NULL,
        actor_role text NOT NULL,
        recommendation_id uuid REFERENCES decisions(id),
        recommended jsonb NOT NULL,
        need_level smallint CHECK (need_level BETWEEN 1 AND 4),
        route text,
        team text,
        reason text,
        outcome text,
        cin_no_further_action boolean,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK (kind <> 'override' OR (reason IS NOT NULL AND length(trim(reason)) > 0)),
        CHECK (kind <> 'close' OR (outcome IS NOT NULL AND cin_no_further_action IS NOT NULL))
      );
      CREATE INDEX duty_decisions_contact ON duty_decisions(contact_id, created_at);
      CREATE INDEX duty_decisions_child ON duty_decisions(child_id);

      CREATE TABLE desk_notes (
        id uuid PRIMARY KEY,
        contact_id uuid NOT NULL REFERENCES contacts(id),
        author text NOT NULL,
        body text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX desk_notes_contact ON desk_notes(contact_id, created_at);

      CREATE TABLE match_reviews (
        id uuid PRIMARY KEY,
        child_id uuid NOT NULL REFERENCES children(id),
        other_contact_id uuid NOT NULL REFERENCES contacts(id),
        verdict text NOT NULL CHECK (verdict IN ('confirmed','rejected')),
        actor text NOT NULL,
        reason text,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX match_reviews_child ON match_reviews(child_id);

      CREATE INDEX desk_items_claimed ON desk_items(claimed_at) WHERE claimed_by IS NOT NULL;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS match_reviews, desk_notes, duty_decisions');
    await q.query('DROP INDEX IF EXISTS desk_items_claimed');
  }
}
