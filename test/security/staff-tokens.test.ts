import { execFile } from 'node:child_process';
import { createHmac, randomUUID } from 'node:crypto';

import { DataSource } from 'typeorm';
import { StaffTokens } from '@app/auth';
import { isolateTestFile } from '@app/testing';
import { StaffUserAdmin } from '../../apps/desk/src/staff-users/staff-user-admin';
import { call, login, staffUser } from '../desk/desk-harness';
import { RunningApp, startDesk } from '../support/apps';

const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');

/** A token signed with the installation's real secret, with the header and claims given. */
function forge(header: object, claims: object, secret = process.env.STAFF_TOKEN_SECRET!): string {
  const data = `${b64(header)}.${b64(claims)}`;
  return `${data}.${createHmac('sha256', secret).update(data).digest('base64url')}`;
}

describe('staff tokens: signed with the installation secret, complete claims, revoked with the user', () => {
  let desk: RunningApp;
  let ds: DataSource;
  let admin: StaffUserAdmin;

  beforeAll(async () => {
    isolateTestFile();
    desk = await startDesk();
    ds = desk.app.get(DataSource);
    admin = new StaffUserAdmin(ds, desk.app.get(StaffTokens));
  });
  afterAll(async () => {
    await desk?.close();
  });

  const me = (token: string) => call(desk, token, 'GET', '/v1/auth/me');

  it('refuses a token without exp, jti or iat, with another alg, or signed with the old public default', async () => {
    const now = Date.now() / 1000;
    const full = {
      sub: randomUUID(),
      name: 'forger',
      role: 'admin',
      jti: randomUUID(),
      iat: now,
      exp: now + 600,
    };
    const hs = { alg: 'HS256', typ: 'JWT' };
    expect((await me(forge(hs, full))).status).toBe(200); // the forge is right: only what is missing fails
    const { exp: _e, ...noExp } = full;
    const { jti: _j, ...noJti } = full;
    const { iat: _i, ...noIat } = full;
    for (const token of [
      forge(hs, noExp),
      forge(hs, noJti),
      forge(hs, noIat),
      forge({ typ: 'JWT' }, full),
      forge({ alg: 'none', typ: 'JWT' }, full),
      forge(hs, { ...full, exp: String(now + 600) }),
      forge(hs, { ...full, role: 'superuser' }),
      forge(hs, full, 'development-only-secret-change-me'),
    ]) {
      expect((await me(token)).status).toBe(401);
    }
    expect(process.env.STAFF_TOKEN_SECRET!.length).toBeGreaterThanOrEqual(32);
  });

  it('disabling a user ends their tokens at once', async () => {
    const { username, token } = await staffUser(desk, 'duty_worker');
    expect((await me(token)).status).toBe(200);
    await admin.disable(username);
    expect((await me(token)).status).toBe(401);
  });

  it('changing a password ends the tokens issued before it; a login after it works', async () => {
    const { username, token } = await staffUser(desk, 'duty_manager');
    const other = await staffUser(desk, 'duty_manager');
    expect((await me(token)).status).toBe(200);
    await admin.setPassword(username, 'a-brand-new-password');
    expect((await me(token)).status).toBe(401);
    expect((await me(other.token)).status).toBe(200); // only that user's tokens
    const fresh = await login(desk, username, 'a-brand-new-password');
    expect((await me(fresh)).status).toBe(200);
  });

  it('verify is one cheap check: StaffTokens.verify refuses the revoked token directly too', async () => {
    const tokens = desk.app.get(StaffTokens);
    const { username, token } = await staffUser(desk, 'duty_worker');
    expect(await tokens.verify(token)).toMatchObject({ username });
    await admin.disable(username);
    expect(await tokens.verify(token)).toBeNull();
  });

  it('npm run users reads the password from standard input and ends old tokens on set-password', async () => {
    const username = `stdin-user-${Date.now()}`;
    const users = (args: string[], input: string) =>
      new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
        const child = execFile(
          'npm',
          ['run', '--silent', 'users', '--', ...args],
          { env: process.env },
          (e, stdout, stderr) =>
            resolve({ code: e ? ((e as { code?: number }).code ?? 1) : 0, stdout, stderr }),
        );
        child.stdin!.end(input);
      });
    const created = await users(
      ['create', '--username', username, '--role', 'duty_worker', '--password-stdin'],
      'from-stdin-password\n',
    );
    expect(created.code).toBe(0);
    const token = await login(desk, username, 'from-stdin-password');
    const changed = await users(
      ['set-password', '--username', username, '--password-stdin'],
      'second-stdin-password\n',
    );
    expect(changed.code).toBe(0);
    expect((await me(token)).status).toBe(401);
    expect(await login(desk, username, 'second-stdin-password')).toEqual(expect.any(String));
  });
});
