import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Announces every change to partners and their keys, so that each intake instance's in-memory cache of
 * key lookups is dropped at once: a revoked key stops working at the next request, on every instance.
 */
export class PartnerKeyChanges1763800004000 implements MigrationInterface {
  name = 'PartnerKeyChanges1763800004000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION partner_keys_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN PERFORM pg_notify('partner_keys_changed', ''); RETURN NULL; END $$;
      CREATE TRIGGER partner_keys_changed AFTER INSERT OR UPDATE OR DELETE ON partner_keys
        FOR EACH STATEMENT EXECUTE FUNCTION partner_keys_changed();
      CREATE TRIGGER partners_changed AFTER INSERT OR UPDATE OR DELETE ON partners
        FOR EACH STATEMENT EXECUTE FUNCTION partner_keys_changed();
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TRIGGER IF EXISTS partner_keys_changed ON partner_keys;
      DROP TRIGGER IF EXISTS partners_changed ON partners;
      DROP FUNCTION IF EXISTS partner_keys_changed();
    `);
  }
}
