import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The apps' login (a member of `front_door_app`) cannot change the schema: nobody but the owner may create
 * objects in `public` (Postgres before 15 let every role), and the role no longer writes the migrations
 * table, which 1763800007600 granted with every other table. Tables later migrations add reach the role
 * through the default privileges 1763800007600 set for the owner.
 */
export class AppLoginGrants1763800014600 implements MigrationInterface {
  name = 'AppLoginGrants1763800014600';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      REVOKE CREATE ON SCHEMA public FROM PUBLIC;
      REVOKE ALL ON migrations FROM front_door_app;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON migrations TO front_door_app;`);
  }
}
