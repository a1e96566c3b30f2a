import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { STAFF_ROLES, StaffRole, StaffTokens } from '@app/auth';
import { hashPassword, MIN_PASSWORD_LENGTH } from './password-hash';

export class StaffUserError extends Error {}

const USERNAME = /^[a-z0-9][a-z0-9._-]{1,62}$/i;

/** Creating and managing staff accounts (the `npm run users` CLI and the development seed). */
export class StaffUserAdmin {
  /** With `tokens`, a password change or a disabled account ends the user's live tokens (and streams) at once. */
  constructor(
    private readonly ds: DataSource,
    private readonly tokens?: StaffTokens,
  ) {}

  async create(username: string, role: string, password: string): Promise<{ id: string }> {
    if (!USERNAME.test(username ?? ''))
      throw new StaffUserError('--username must be 2 to 63 letters, digits, ".", "_" or "-"');
    if (!STAFF_ROLES.includes(role as StaffRole))
      throw new StaffUserError(`--role must be one of: ${STAFF_ROLES.join(', ')}`);
    if ((password ?? '').length < MIN_PASSWORD_LENGTH)
      throw new StaffUserError(`--password must be at least ${MIN_PASSWORD_LENGTH} characters`);
    const id = randomUUID();
    const inserted = await this.ds.query(
      `INSERT INTO staff_users (id, username, role, password_hash) VALUES ($1, lower($2), $3, $4)
       ON CONFLICT (username) DO NOTHING RETURNING id`,
      [id, username, role, await hashPassword(password)],
    );
    if (!inserted.length) throw new StaffUserError(`user "${username}" already exists`);
    return { id };
  }

  async setPassword(username: string, password: string): Promise<void> {
    if ((password ?? '').length < MIN_PASSWORD_LENGTH)
      throw new StaffUserError(`--password must be at least ${MIN_PASSWORD_LENGTH} characters`);
    const [rows, n] = await this.ds.query(
      `UPDATE staff_users SET password_hash = $2, failed_attempts = 0, locked_until = NULL WHERE username = lower($1)
       RETURNING id`,
      [username, await hashPassword(password)],
    );
    if (!n) throw new StaffUserError(`no user "${username}"`);
    await this.tokens?.revokeUser(rows[0].id);
  }

  async unlock(username: string): Promise<void> {
    const [, n] = await this.ds.query(
      'UPDATE staff_users SET failed_attempts = 0, locked_until = NULL WHERE username = lower($1)',
      [username],
    );
    if (!n) throw new StaffUserError(`no user "${username}"`);
  }

  async disable(username: string): Promise<void> {
    const [rows, n] = await this.ds.query(
      'UPDATE staff_users SET disabled_at = now() WHERE username = lower($1) AND disabled_at IS NULL RETURNING id',
      [username],
    );
    if (!n) throw new StaffUserError(`no active user "${username}"`);
    await this.tokens?.revokeUser(rows[0].id);
  }

  async list(): Promise<{ username: string; role: string; locked: boolean; disabled: boolean }[]> {
    const rows = await this.ds.query(
      `SELECT username, role, coalesce(locked_until > now(), false) AS locked, disabled_at IS NOT NULL AS disabled
         FROM staff_users ORDER BY username`,
    );
    return rows;
  }
}
