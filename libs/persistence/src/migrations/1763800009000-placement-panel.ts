import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The placement panel (placement-gatekeeping.md, "The placement panel"): every decision with its reason and
 * actions, evidence updated after the request (with the checks' result before and after), what finally
 * happened, and the gatekeeping result at receipt kept beside the current one (sufficiency counts requests
 * as they arrived). An alert can be resolved (a held request cleared by new evidence): it then says so and
 * is not escalated.
 */
export class PlacementPanel1763800009000 implements MigrationInterface {
  name = 'PlacementPanel1763800009000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE placement_requests
        ADD COLUMN first_outcome text,
        ADD COLUMN first_failed_checks text[],
        ADD COLUMN panel_decision text
          CHECK (panel_decision IN ('approved','approved_with_conditions','declined','deferred')),
        ADD COLUMN panel_decided_at timestamptz,
        ADD COLUMN returned_to_panel_at timestamptz;
      UPDATE placement_requests SET first_outcome = outcome, first_failed_checks = failed_checks;
      ALTER TABLE placement_requests
        ALTER COLUMN first_outcome SET NOT NULL,
        ALTER COLUMN first_failed_checks SET NOT NULL;
      ALTER TABLE placement_requests DROP CONSTRAINT IF EXISTS placement_requests_status_check;
      ALTER TABLE placement_requests ADD CONSTRAINT placement_requests_status_check
        CHECK (status IN ('held','cleared','under_review','linked','approved','declined'));
      CREATE INDEX placement_requests_awaiting_panel ON placement_requests(received_at)
        WHERE status IN ('held','under_review');
      CREATE INDEX placement_requests_submitted_by ON placement_requests(submitted_by, received_at DESC);
      CREATE INDEX placement_requests_child ON placement_requests(child_id, received_at);

      CREATE TABLE placement_panel_decisions (
        id uuid PRIMARY KEY,
        request_id uuid NOT NULL REFERENCES placement_requests(id),
        decision text NOT NULL
          CHECK (decision IN ('approved','approved_with_conditions','declined','deferred')),
        reason text NOT NULL,
        decided_by text NOT NULL,
        decided_by_role text NOT NULL,
        decided_at timestamptz NOT NULL
      );
      CREATE INDEX placement_panel_decisions_request ON placement_panel_decisions(request_id, decided_at);

      CREATE TABLE placement_panel_actions (
        id uuid PRIMARY KEY,
        decision_id uuid NOT NULL REFERENCES placement_panel_decisions(id),
        request_id uuid NOT NULL REFERENCES placement_requests(id),
        position integer NOT NULL,
        action text NOT NULL
          CHECK (action IN ('convene_fgc','kinship_assessment','family_support','in_house_search','other')),
        owner text NOT NULL,
        owner_role text,
        due_by date NOT NULL,
        -- The end of the due day (Europe/London): the action is overdue from then.
        overdue_at timestamptz NOT NULL,
        done_at timestamptz,
        done_by text,
        done_note text
      );
      CREATE INDEX placement_panel_actions_request ON placement_panel_actions(request_id);
      CREATE INDEX placement_panel_actions_open ON placement_panel_actions(overdue_at) WHERE done_at IS NULL;

      CREATE TABLE placement_evidence_updates (
        id uuid PRIMARY KEY,
        request_id uuid NOT NULL REFERENCES placement_requests(id),
        evidence jsonb NOT NULL,
        outcome_before text NOT NULL,
        failed_before text[] NOT NULL,
        outcome_after text NOT NULL,
        failed_after text[] NOT NULL,
        updated_by text NOT NULL,
        updated_by_role text NOT NULL,
        updated_at timestamptz NOT NULL
      );
      CREATE INDEX placement_evidence_updates_request ON placement_evidence_updates(request_id, updated_at);

      CREATE TABLE placement_outcomes (
        request_id uuid PRIMARY KEY REFERENCES placement_requests(id),
        outcome text NOT NULL CHECK (outcome IN ('placed','diverted','withdrawn')),
        placement_type text,
        provider text CHECK (provider IN ('in_house','independent','council_residential','unregistered')),
        out_of_county boolean,
        start_date date,
        weekly_cost numeric(12,2),
        how text CHECK (how IN ('family_group_conference_plan','kinship_arrangement','special_guardianship',
                                'family_support','returned_home')),
        reason text,
        recorded_by text NOT NULL,
        recorded_by_role text NOT NULL,
        recorded_at timestamptz NOT NULL,
        CHECK ((outcome = 'placed') = (provider IS NOT NULL AND weekly_cost IS NOT NULL)),
        CHECK ((outcome = 'diverted') = (how IS NOT NULL))
      );

      ALTER TABLE alerts ADD COLUMN resolved_at timestamptz, ADD COLUMN resolution text;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE alerts DROP COLUMN IF EXISTS resolved_at, DROP COLUMN IF EXISTS resolution;
      DROP TABLE IF EXISTS placement_outcomes, placement_evidence_updates, placement_panel_actions,
        placement_panel_decisions;
      DROP INDEX IF EXISTS placement_requests_awaiting_panel;
      DROP INDEX IF EXISTS placement_requests_submitted_by;
      DROP INDEX IF EXISTS placement_requests_child;
      ALTER TABLE placement_requests DROP CONSTRAINT IF EXISTS placement_requests_status_check;
      ALTER TABLE placement_requests ADD CONSTRAINT placement_requests_status_check
        CHECK (status IN ('held','cleared','under_review','linked'));
      ALTER TABLE placement_requests DROP COLUMN first_outcome, DROP COLUMN first_failed_checks,
        DROP COLUMN panel_decision, DROP COLUMN panel_decided_at, DROP COLUMN returned_to_panel_at;
    `);
  }
}
