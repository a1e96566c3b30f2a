import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A partner is registered for one or more agencies (operations.md: `--agency` repeated) and may send as those
 * only. `agency` stays as the partner's first agency (what reports and the adapters' checks read).
 */
export class PartnerAgencies1763800007000 implements MigrationInterface {
  name = 'PartnerAgencies1763800007000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE partners ADD COLUMN agencies text[];
      UPDATE partners SET agencies = ARRAY[agency];
      ALTER TABLE partners ALTER COLUMN agencies SET NOT NULL;
      ALTER TABLE partners ADD CONSTRAINT partners_agencies_include_agency CHECK (agency = ANY (agencies));
      -- A partner inserted with its one agency only (imports, tests) is registered for that agency.
      CREATE FUNCTION partners_default_agencies() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.agencies IS NULL THEN NEW.agencies := ARRAY[NEW.agency]; END IF; RETURN NEW; END $$;
      CREATE TRIGGER partners_default_agencies BEFORE INSERT ON partners
        FOR EACH ROW EXECUTE FUNCTION partners_default_agencies();
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER partners_default_agencies ON partners;
                   DROP FUNCTION partners_default_agencies();
                   ALTER TABLE partners DROP CONSTRAINT partners_agencies_include_agency;
                   ALTER TABLE partners DROP COLUMN agencies`);
  }
}
