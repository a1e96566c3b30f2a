import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `front_door_app`: the database role for the apps (least privilege). It reads and writes the service's
 * tables but may only SELECT and INSERT on `audit_log`: UPDATE, DELETE and TRUNCATE are not granted, so the
 * refusal does not rest on a trigger that the table's owner can disable. The role cannot log in: the apps'
 * login is a member of it (`npm run migrate` keeps that login: provisionAppLogin). Roles are cluster-wide,
 * so an existing one is reused.
 */
export class AuditAppRole1763800007600 implements MigrationInterface {
  name = 'AuditAppRole1763800007600';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      DO $$ BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'front_door_app') THEN
          CREATE ROLE front_door_app NOLOGIN;
        END IF;
      EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
      END $$;
      GRANT USAGE ON SCHEMA public TO front_door_app;
      GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO front_door_app;
      GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO front_door_app;
      ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO front_door_app;
      ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO front_door_app;
      REVOKE ALL ON audit_log FROM front_door_app;
      GRANT SELECT, INSERT ON audit_log TO front_door_app;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON TABLES FROM front_door_app;
      ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON SEQUENCES FROM front_door_app;
      REVOKE ALL ON ALL TABLES IN SCHEMA public FROM front_door_app;
      REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM front_door_app;
      REVOKE USAGE ON SCHEMA public FROM front_door_app;
    `);
  }
}
