import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { StaffRole } from '@app/auth';
import { DataSourceRepository } from '@app/persistence';

/** A staff account as sign-in reads it. */
export interface StaffUserRecord {
  id: string;
  username: string;
  role: StaffRole;
  passwordHash: string;
  lockedUntil: Date | null;
  disabledAt: Date | null;
}

/** A staff account as the users CLI lists it. */
export interface StaffUserSummary {
  username: string;
  role: string;
  locked: boolean;
  disabled: boolean;
}

/**
 * Staff accounts (`staff_users`): the one way sign-in and the users CLI reach the table. Usernames are
 * stored and looked up in lower case.
 */
@Injectable()
export class StaffUsersRepository extends DataSourceRepository {
  /** False when the username is taken. */
  async insert(id: string, username: string, role: string, passwordHash: string): Promise<boolean> {
    const inserted: { id: string }[] = await this.ds.query(
      `INSERT INTO staff_users (id, username, role, password_hash) VALUES ($1, lower($2), $3, $4)
       ON CONFLICT (username) DO NOTHING RETURNING id`,
      [id, username, role, passwordHash],
    );
    return inserted.length > 0;
  }

  /** A new password, which also unlocks the account; the account's id, or null when there is none. */
  async setPassword(username: string, passwordHash: string): Promise<string | null> {
    const [rows, n]: [{ id: string }[], number] = await this.ds.query(
      `UPDATE staff_users SET password_hash = $2, failed_attempts = 0, locked_until = NULL WHERE username = lower($1)
       RETURNING id`,
      [username, passwordHash],
    );
    return n ? rows[0].id : null;
  }

  /** False when there is no such account. */
  async unlock(username: string): Promise<boolean> {
    const [, n]: [unknown, number] = await this.ds.query(
      'UPDATE staff_users SET failed_attempts = 0, locked_until = NULL WHERE username = lower($1)',
      [username],
    );
    return n > 0;
  }

  /** The disabled account's id, or null when there is no active account of that name. */
  async disable(username: string): Promise<string | null> {
    const [rows, n]: [{ id: string }[], number] = await this.ds.query(
      'UPDATE staff_users SET disabled_at = now() WHERE username = lower($1) AND disabled_at IS NULL RETURNING id',
      [username],
    );
    return n ? rows[0].id : null;
  }

  list(): Promise<StaffUserSummary[]> {
    return this.ds.query(
      `SELECT username, role, coalesce(locked_until > now(), false) AS locked, disabled_at IS NOT NULL AS disabled
         FROM staff_users ORDER BY username`,
    );
  }

  /** The account of a (lower-case) username, or null. */
  async byUsername(username: string): Promise<StaffUserRecord | null> {
    const [user]: {
      id: string;
      username: string;
      role: StaffRole;
      password_hash: string;
      locked_until: Date | null;
      disabled_at: Date | null;
    }[] = await this.ds.query(
      `SELECT id, username, role, password_hash, locked_until, disabled_at FROM staff_users WHERE username = $1`,
      [username],
    );
    return user
      ? {
          id: user.id,
          username: user.username,
          role: user.role,
          passwordHash: user.password_hash,
          lockedUntil: user.locked_until,
          disabledAt: user.disabled_at,
        }
      : null;
  }

  /**
   * One more failed sign-in: at `maxAttempts` in a row the account locks for `lockMinutes` (and the count
   * starts again). Returns when the account is now locked until.
   */
  async recordFailure(id: string, maxAttempts: number, lockMinutes: number): Promise<Date | null> {
    const [[row]]: [{ failed_attempts: number; locked_until: Date | null }[], number] = await this.ds.query(
      `UPDATE staff_users
              SET failed_attempts = CASE WHEN failed_attempts + 1 >= $2 THEN 0 ELSE failed_attempts + 1 END,
                  locked_until = CASE WHEN failed_attempts + 1 >= $2 THEN now() + make_interval(mins => $3)
                                      ELSE locked_until END
            WHERE id = $1 RETURNING failed_attempts, locked_until`,
      [id, maxAttempts, lockMinutes],
    );
    return row.locked_until;
  }

  /** A successful sign-in: the failures forgotten, the time kept. */
  async recordLogin(m: EntityManager, id: string): Promise<void> {
    await m.query(
      'UPDATE staff_users SET failed_attempts = 0, locked_until = NULL, last_login_at = now() WHERE id = $1',
      [id],
    );
  }
}
