import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The relay polls the outbox instead of being woken by NOTIFY: a NOTIFY in every contact's transaction took
 * Postgres's notification lock at each commit and serialised all of them.
 */
export class OutboxPolled1763800005000 implements MigrationInterface {
  name = 'OutboxPolled1763800005000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER IF EXISTS outbox_notify ON outbox; DROP FUNCTION IF EXISTS outbox_notify();`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN PERFORM pg_notify('outbox', ''); RETURN NULL; END $$;
      CREATE TRIGGER outbox_notify AFTER INSERT ON outbox FOR EACH STATEMENT EXECUTE FUNCTION outbox_notify();
    `);
  }
}
