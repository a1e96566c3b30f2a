import { UnauthenticatedError } from '@app/contracts';
import { Injectable, Logger } from '@nestjs/common';
import { appendAudit, AuditTrail } from '@app/audit';
import { StaffRole, StaffTokens } from '@app/auth';
import { decoyHash, verifyPassword } from './password-hash';
import { StaffUsersRepository } from './staff-users.repository';

export const MAX_FAILED_ATTEMPTS = 5;
export const LOCK_MINUTES = 15;

export interface LoginCommand {
  username: string;
  password: string;
  ip?: string;
}

/**
 * Staff login: checks the password (scrypt), locks the account for 15 minutes after 5 failures in a row,
 * audits every success and failure, and issues a short-lived access token.
 */
@Injectable()
export class LoginUseCase {
  private readonly logger = new Logger('Login');

  constructor(
    private readonly users: StaffUsersRepository,
    private readonly audit: AuditTrail,
    private readonly tokens: StaffTokens,
  ) {}

  async execute(cmd: LoginCommand): Promise<{ accessToken: string; role: StaffRole; expiresIn: number }> {
    const username = String(cmd.username ?? '')
      .trim()
      .toLowerCase();
    const user = await this.users.byUsername(username);
    if (!user || user.disabledAt) {
      await verifyPassword(cmd.password ?? '', await decoyHash());
      await this.fail(username || '(none)', null, 'unknown_or_disabled', cmd.ip);
      throw new UnauthenticatedError('Wrong username or password');
    }
    // A locked account answers as a wrong password does (the password is still checked, for the same
    // timing): nobody learns which usernames exist, nor that one is locked. The audit says which it was.
    if (user.lockedUntil && new Date(user.lockedUntil).getTime() > Date.now()) {
      await verifyPassword(cmd.password ?? '', user.passwordHash);
      await this.fail(username, user.role, 'locked', cmd.ip);
      throw new UnauthenticatedError('Wrong username or password');
    }
    if (!(await verifyPassword(cmd.password ?? '', user.passwordHash))) {
      const lockedUntil = await this.users.recordFailure(user.id, MAX_FAILED_ATTEMPTS, LOCK_MINUTES);
      const lockedNow = !!lockedUntil && new Date(lockedUntil).getTime() > Date.now();
      await this.fail(username, user.role, lockedNow ? 'wrong_password_locked' : 'wrong_password', cmd.ip);
      throw new UnauthenticatedError('Wrong username or password');
    }
    await this.users.transaction(async (m) => {
      await this.users.recordLogin(m, user.id);
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
    await this.audit.record({
      actor: username.slice(0, 64),
      actorRole: role,
      action: 'login_failed',
      subjectType: 'staff_user',
      details: { why, ip: ip ?? null },
    });
  }
}
