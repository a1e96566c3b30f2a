import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { DataSource } from 'typeorm';
import { isolateTestFile } from '@app/testing';
import { RunningApp, startDesk } from '../support/apps';
import { call, login, staffUser } from './desk-harness';

const run = promisify(execFile);

describe('desk: staff login, lock-out and logout', () => {
  let desk: RunningApp;
  let ds: DataSource;

  beforeAll(async () => {
    isolateTestFile();
    // These tests log one user in more than the per-username limit (10 a minute) allows: that limit has its
    // own test (test/security/login-abuse.test.ts).
    process.env.LOGIN_LIMIT_PER_USERNAME_PER_MINUTE = '40';
    desk = await startDesk();
    ds = desk.app.get(DataSource);
  });
  afterAll(async () => {
    delete process.env.LOGIN_LIMIT_PER_USERNAME_PER_MINUTE;
    await desk?.close();
  });

  const attempt = (username: string, password: string) =>
    call(desk, null, 'POST', '/v1/auth/login', { username, password });

  it('logs in with the right password and answers { accessToken } usable as a bearer token', async () => {
    const { username, password } = await staffUser(desk, 'duty_worker');
    const res = await attempt(username, password);
    expect(res.status).toBe(200);
    expect(res.body.accessToken).toEqual(expect.any(String));
    const me = await call(desk, res.body.accessToken, 'GET', '/v1/auth/me');
    expect(me).toMatchObject({ status: 200, body: { username, role: 'duty_worker' } });
  });

  it('stores the password only as a salted scrypt hash', async () => {
    const { username, password } = await staffUser(desk, 'duty_manager');
    const [row] = await ds.query('SELECT password_hash FROM staff_users WHERE username = $1', [username]);
    expect(row.password_hash).toMatch(/^scrypt\$131072\$8\$1\$/);
    expect(row.password_hash).not.toContain(password);
  });

  it('refuses a wrong password and an unknown user with 401, a missing password with 422, a malformed body with 400', async () => {
    const { username } = await staffUser(desk, 'duty_worker');
    expect((await attempt(username, 'not-the-password')).status).toBe(401);
    expect((await attempt('nobody-at-all', 'whatever-password')).status).toBe(401);
    expect((await call(desk, null, 'POST', '/v1/auth/login', { username })).status).toBe(422);
    expect((await call(desk, null, 'POST', '/v1/auth/login', { username, password: 7 })).status).toBe(400);
  });

  it('locks the account for 15 minutes after 5 failures in a row, even for the right password', async () => {
    const { username, password } = await staffUser(desk, 'duty_worker');
    for (let i = 0; i < 4; i++) expect((await attempt(username, `wrong-${i}-password`)).status).toBe(401);
    // Locked answers as a wrong password does (test/security/login-abuse.test.ts): nothing to enumerate.
    const fifth = await attempt(username, 'wrong-5-password');
    expect(fifth.status).toBe(401);
    const locked = await attempt(username, password);
    expect(locked.status).toBe(401);
    const [row] = await ds.query(
      `SELECT extract(epoch from locked_until - now()) AS secs FROM staff_users WHERE username = $1`,
      [username],
    );
    expect(Number(row.secs)).toBeGreaterThan(14 * 60);
    expect(Number(row.secs)).toBeLessThanOrEqual(15 * 60);
    // When the 15 minutes are over, the right password works again.
    await ds.query(`UPDATE staff_users SET locked_until = now() - interval '1 second' WHERE username = $1`, [
      username,
    ]);
    expect((await attempt(username, password)).status).toBe(200);
  });

  it('a success resets the failure count', async () => {
    const { username, password } = await staffUser(desk, 'duty_worker');
    for (let i = 0; i < 4; i++) await attempt(username, `wrong-${i}-password`);
    expect((await attempt(username, password)).status).toBe(200);
    for (let i = 0; i < 4; i++) expect((await attempt(username, `wrong-${i}-password`)).status).toBe(401);
    expect((await attempt(username, password)).status).toBe(200);
  });

  it('logout ends the token at once', async () => {
    const { token } = await staffUser(desk, 'duty_worker');
    expect((await call(desk, token, 'GET', '/v1/auth/me')).status).toBe(200);
    expect((await call(desk, token, 'POST', '/v1/auth/logout')).status).toBe(204);
    expect((await call(desk, token, 'GET', '/v1/auth/me')).status).toBe(401);
    expect((await call(desk, null, 'POST', '/v1/auth/logout')).status).toBe(401);
  });

  it('audits every login and failed login, without the password', async () => {
    const { username, password } = await staffUser(desk, 'duty_worker');
    await attempt(username, 'a-wrong-password');
    await login(desk, username, password);
    const rows = await ds.query(`SELECT action, details FROM audit_log WHERE actor = $1 ORDER BY seq`, [
      username,
    ]);
    expect(rows.map((r: any) => r.action)).toEqual(['login', 'login_failed', 'login']);
    expect(JSON.stringify(rows)).not.toContain(password);
    expect(JSON.stringify(rows)).not.toContain('a-wrong-password');
  });

  it('npm run users creates a user, and refuses one that exists with a clear message and a non-zero exit', async () => {
    const env = { ...process.env };
    const username = `cli-user-${Date.now()}`;
    const args = [
      'run',
      '--silent',
      'users',
      '--',
      'create',
      '--username',
      username,
      '--role',
      'duty_manager',
    ];
    const created = await run('npm', [...args, '--password', 'cli-password-123'], {
      env,
      cwd: process.cwd(),
    });
    expect(created.stdout).toContain(`Created user "${username}"`);
    expect(await login(desk, username, 'cli-password-123')).toEqual(expect.any(String));
    const again = await run('npm', [...args, '--password', 'cli-password-123'], {
      env,
      cwd: process.cwd(),
    }).then(
      () => null,
      (e) => e,
    );
    expect(again?.code).not.toBe(0);
    expect(again.stderr).toContain('already exists');
    const badRole = await run(
      'npm',
      [
        'run',
        '--silent',
        'users',
        '--',
        'create',
        '--username',
        'x-y',
        '--role',
        'boss',
        '--password',
        'cli-password-123',
      ],
      { env },
    ).then(
      () => null,
      (e) => e,
    );
    expect(badRole?.code).not.toBe(0);
    expect(badRole.stderr).toContain('--role must be one of');
  });
});
