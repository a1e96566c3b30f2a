import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { STAFF_ROLES, StaffRole, StaffTokens } from '@app/auth';
import { hashPassword, MIN_PASSWORD_LENGTH } from './password-hash';
import { StaffUsersRepository, StaffUserSummary } from './staff-users.repository';

export class StaffUserError extends Error {}

const USERNAME = /^[a-z0-9][a-z0-9._-]{1,62}$/i;

/** Creating and managing staff accounts (the `npm run users` CLI and the development seed). */
export class StaffUserAdmin {
  /** With `tokens`, a password change or a disabled account ends the user's live tokens (and streams) at once. */
  private readonly users: StaffUsersRepository;

  constructor(
    ds: DataSource,
    private readonly tokens?: StaffTokens,
  ) {
    this.users = new StaffUsersRepository(ds);
  }

  async create(username: string, role: string, password: string): Promise<{ id: string }> {
    if (!USERNAME.test(username ?? ''))
      throw new StaffUserError('--username must be 2 to 63 letters, digits, ".", "_" or "-"');
    if (!STAFF_ROLES.includes(role as StaffRole))
      throw new StaffUserError(`--role must be one of: ${STAFF_ROLES.join(', ')}`);
    if ((password ?? '').length < MIN_PASSWORD_LENGTH)
      throw new StaffUserError(`--password must be at least ${MIN_PASSWORD_LENGTH} characters`);
    const id = randomUUID();
    if (!(await this.users.insert(id, username, role, await hashPassword(password))))
      throw new StaffUserError(`user "${username}" already exists`);
    return { id };
  }

  async setPassword(username: string, password: string): Promise<void> {
    if ((password ?? '').length < MIN_PASSWORD_LENGTH)
      throw new StaffUserError(`--password must be at least ${MIN_PASSWORD_LENGTH} characters`);
    const id = await this.users.setPassword(username, await hashPassword(password));
    if (!id) throw new StaffUserError(`no user "${username}"`);
    await this.tokens?.revokeUser(id);
  }

  async unlock(username: string): Promise<void> {
    if (!(await this.users.unlock(username))) throw new StaffUserError(`no user "${username}"`);
  }

  async disable(username: string): Promise<void> {
    const id = await this.users.disable(username);
    if (!id) throw new StaffUserError(`no active user "${username}"`);
    await this.tokens?.revokeUser(id);
  }

  list(): Promise<StaffUserSummary[]> {
    return this.users.list();
  }
}
