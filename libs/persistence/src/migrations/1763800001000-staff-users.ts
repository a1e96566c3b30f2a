import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Staff accounts for the duty desk and the staff API: a memory-hard password hash (scrypt, a salt per user)
 * and a failed-attempt counter for lock-out. No password is ever stored or logged.
 */
export class StaffUsers1763800001000 implements MigrationInterface {
  name = 'StaffUsers1763800001000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE staff_users (
        id uuid PRIMARY KEY,
        username text NOT NULL UNIQUE,
        role text NOT NULL CHECK (role IN ('duty_worker','duty_manager','social_worker','manager','head_of_service','admin')),
        password_hash text NOT NULL,
        failed_attempts integer NOT NULL DEFAULT 0,
        locked_until timestamptz,
        disabled_at timestamptz,
        last_login_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS staff_users');
  }
}
