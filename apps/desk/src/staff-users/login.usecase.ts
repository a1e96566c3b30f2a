import { UnauthenticatedError } from '@app/contracts';
import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { appendAudit } from '@app/audit';
import { StaffRole, StaffTokens } from '@app/auth';
import { decoyHash, verifyPassword } from './password-hash';

export const MAX_FAILED_ATTEMPTS = 5;
export const LOCK_MINUTES = 15;

export interface LoginCommand {
  username: string;
  password: string;
  ip?: string;
}

interface UserRow {
  id: string;
  username: string;
  role: StaffRole;
  password_hash: string;
  locked_until: Date | null;
  disabled_at: Date | null;
}

/**
 * Staff login: checks the password (scrypt), locks the account for 15 minutes after 5 failures in a row,
 * audits every success and failure, and issues a short-lived access token.
 */
@Injectable()
export class LoginUseCase {
  private readonly logger = new Logger('Login');

  constructor(
    private readonly ds: DataSource,
    private readonly tokens: StaffTokens,
  ) {}

  async execute(cmd: LoginCommand): Promise<{ accessToken: string; role: StaffRole; expiresIn: number }> {
    const username = String(cmd.username ?? '')
      .trim()
      .toLowerCase();
    const [user]: UserRow[] = await this.ds.query(
      `SELECT id, username, role, password_hash, locked_until, disabled_at FROM staff_users WHERE username = $1`,
      [username],
    );
    if (!user || user.disabled_at) {
      await verifyPassword(cmd.password ?? '', await decoyHash());
      await this.fail(username || '(none)', null, 'unknown_or_disabled', cmd.ip);
      throw new UnauthenticatedError('Wrong username or password');
    }
    // A locked account answers as a wrong password does (the password is still checked, for the same
    // timing): nobody learns which usernames exist, nor that one is locked. The audit says which it was.
    if (user.locked_until && new Date(user.locked_until).getTime() > Date.now()) {
      await verifyPassword(cmd.password ?? '', user.password_hash);
      await this.fail(username, user.role, 'locked', cmd.ip);
      throw new UnauthenticatedError('Wrong username or password');
    }
    if (!(await verifyPassword(cmd.password ?? '', user.password_hash))) {
      const [[row]]: [{ failed_attempts: number; locked_until: Date | null }[], number] = await this.ds.query(
        `UPDATE staff_users
              SET failed_attempts = CASE WHEN failed_attempts + 1 >= $2 THEN 0 ELSE failed_attempts + 1 END,
                  locked_until = CASE WHEN failed_attempts + 1 >= $2 THEN now() + make_interval(mins => $3)
                                      ELSE locked_until END
            WHERE id = $1 RETURNING failed_attempts, locked_until`,
        [user.id, MAX_FAILED_ATTEMPTS, LOCK_MINUTES],
      );
      const lockedNow = !!row.locked_until && new Date(row.locked_until).getTime() > Date.now();
      await this.fail(username, user.role, lockedNow ? 'wrong_password_locked' : 'wrong_password', cmd.ip);
      throw new UnauthenticatedError('Wrong username or password');
    }
    await this.ds.transaction(async (m) => {
      await m.query(
        'UPDATE staff_users SET failed_attempts = 0, locked_until = NULL, last_login_at = now() WHERE id = $1',
        [user.id],
      );
      await appendAudit(m, {
        actor: user.username,
        actorRole: user.role,
        action: 'login',
        subjectType: 'staff_user',
        subjectId: user.id,
        details: { ip: cmd.ip ?? null },
      });
    });
    const accessToken = this.tokens.issue({ id: user.id, username: user.username, role: user.role });
    const { expiresAt } = (await this.tokens.verify(accessToken))!;
    return { accessToken, role: user.role, expiresIn: Math.round((expiresAt - Date.now()) / 1000) };
  }

  private async fail(username: string, role: string | null, why: string, ip?: string): Promise<void> {
    this.logger.warn({ why, ip }, 'Staff login refused');
    await appendAudit(this.ds, {
      actor: username.slice(0, 64),
      actorRole: role,
      action: 'login_failed',
      subjectType: 'staff_user',
      details: { why, ip: ip ?? null },
    });
  }
}
