import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The append-only audit trail: each entry carries the hash of the one before, and the database itself
 * refuses updates and deletes (a trigger), so an edit anywhere breaks the chain or fails outright.
 */
export class AuditTrail1763800000100 implements MigrationInterface {
  name = 'AuditTrail1763800000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE audit_log (
        seq bigint PRIMARY KEY,
        at timestamptz NOT NULL,
        actor text NOT NULL,
        actor_role text,
        action text NOT NULL,
        subject_type text NOT NULL,
        subject_id text,
        child_id uuid,
        details jsonb NOT NULL DEFAULT '{}',
        prev_hash text NOT NULL,
        hash text NOT NULL
      );
      CREATE INDEX audit_log_child ON audit_log(child_id) WHERE child_id IS NOT NULL;
      CREATE INDEX audit_log_actor ON audit_log(actor, at);
      CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$;
      CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
        FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
      CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
        FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS audit_log; DROP FUNCTION IF EXISTS audit_log_append_only();`);
  }
}
