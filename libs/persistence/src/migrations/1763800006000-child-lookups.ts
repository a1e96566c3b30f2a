import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Triage reads a child's desk items on every repeat contact, and a merge moves a child's decisions and desk
 * items: without these indexes each was a scan of the whole table (measured: about 10 ms a repeat contact
 * at 20,000 desk items, and growing with the queue).
 */
export class ChildLookups1763800006000 implements MigrationInterface {
  name = 'ChildLookups1763800006000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE INDEX IF NOT EXISTS desk_items_child ON desk_items(child_id);
      CREATE INDEX IF NOT EXISTS decisions_child ON decisions(child_id);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX IF EXISTS desk_items_child; DROP INDEX IF EXISTS decisions_child;');
  }
}
