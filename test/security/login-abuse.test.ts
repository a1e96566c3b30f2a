import { request } from 'node:http';
import { DataSource } from 'typeorm';
import { AppConfig } from '@app/config';
import { isolateTestFile } from '@app/testing';
import { StaffUserAdmin } from '../../apps/desk/src/staff-users/staff-user-admin';
import { call, staffUser } from '../desk/desk-harness';
import { tokenFor } from '../placement/placement-support';
import { RunningApp, startDesk, startIntake } from '../support/apps';

/**
 * Issue 14, point 6: one answer for every failed login; limits per address and per username (429 with
 * Retry-After); staff routes limited per user; made-up partner keys throttled before the database.
 * The limits count in fixed one-minute windows: each exact count starts early in a window.
 */
describe('login and abuse', () => {
  let desk: RunningApp;
  let intake: RunningApp;
  let config: AppConfig;

  beforeAll(async () => {
    isolateTestFile();
    process.env.PARTNER_KEY_LOOKUPS_PER_ADDRESS_PER_MINUTE = '5';
    process.env.LOGIN_LIMIT_PER_ADDRESS_PER_MINUTE = '6';
    process.env.STAFF_RATE_LIMIT_PER_MINUTE = '15';
    desk = await startDesk();
    intake = await startIntake();
    config = desk.app.get(AppConfig);
  }, 300_000);
  afterAll(async () => {
    delete process.env.PARTNER_KEY_LOOKUPS_PER_ADDRESS_PER_MINUTE;
    delete process.env.LOGIN_LIMIT_PER_ADDRESS_PER_MINUTE;
    delete process.env.STAFF_RATE_LIMIT_PER_MINUTE;
    await desk?.close();
    await intake?.close();
  });

  /**
   * A login from a given loopback address (the whole of 127.0.0.0/8 reaches a server on 127.0.0.1), so one
   * test can be several clients.
   */
  const loginFrom = (from: string, username: string, password: string) =>
    new Promise<{ status: number; retryAfter: string | undefined; body: any }>((resolve, reject) => {
      const url = new URL('/v1/auth/login', desk.url);
      const req = request(
        url,
        { method: 'POST', localAddress: from, headers: { 'content-type': 'application/json' } },
        (res) => {
          let text = '';
          res.on('data', (d) => (text += d));
          res.on('end', () =>
            resolve({
              status: res.statusCode!,
              retryAfter: res.headers['retry-after'] as string | undefined,
              body: text ? JSON.parse(text) : null,
            }),
          );
        },
      );
      req.on('error', reject);
      req.end(JSON.stringify({ username, password }));
    });

  /** Waits for the next one-minute window when fewer than `seconds` are left of this one. */
  const earlyInWindow = async (seconds = 25) => {
    const left = 60_000 - (Date.now() % 60_000);
    if (left < seconds * 1000) await new Promise((r) => setTimeout(r, left + 250));
  };
  const windowNow = () => Math.floor(Date.now() / 60_000);

  /**
   * Runs `sequence` (given its try number, for fresh usernames and addresses) until it runs within one
   * window: a login costs a full scrypt (seconds each on a loaded machine), and a sequence that crosses a
   * window's edge sees the count reset. Logins are sent at once: the limit is counted on arrival, before
   * any password is checked.
   */
  async function inOneWindow<T>(secondsLeft: number, sequence: (attempt: number) => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      await earlyInWindow(secondsLeft);
      const started = windowNow();
      const out = await sequence(attempt);
      if (windowNow() === started || attempt === 3) return out;
    }
  }

  it('an unknown user, a wrong password and a locked account get the same answer', async () => {
    const { username, password } = await staffUser(desk, 'duty_worker');
    // Each from an address of its own: seven attempts from one address would meet the address limit (six).
    let sent = 0;
    const attempt = (name: string, pass: string) => loginFrom(`127.0.3.${++sent}`, name, pass);
    const unknown = await attempt('no-such-user-at-all', 'whatever-password');
    const wrong = await attempt(username, 'not-the-password');
    for (let i = 0; i < 4; i++) await attempt(username, `wrong-${i}-password`);
    const locked = await attempt(username, password); // the right password, but the account is locked
    for (const res of [wrong, locked]) {
      expect(res.status).toBe(unknown.status);
      expect(res.body).toEqual(unknown.body);
    }
    expect(unknown.status).toBe(401);
  });

  it('limits attempts from one address across usernames: the next after LOGIN_LIMIT_PER_ADDRESS_PER_MINUTE is 429 with Retry-After', async () => {
    const limit = config.LOGIN_LIMIT_PER_ADDRESS_PER_MINUTE;
    expect(limit).toBe(6);
    // A real user, not logged in yet (every login here costs a full scrypt).
    const username = `spray-target-${Date.now()}`;
    const password = 'a-long-test-password';
    await new StaffUserAdmin(desk.app.get(DataSource)).create(username, 'duty_worker', password);
    const { from, statuses, over, rightPassword } = await inOneWindow(50, async (attempt) => {
      const from = `127.0.0.${21 + attempt}`;
      // A different username each time: no per-username limit is reached.
      const burst = await Promise.all(
        Array.from({ length: limit }, (_, i) =>
          loginFrom(from, `spray-${attempt}-${i}-${Date.now()}`, 'guess-password'),
        ),
      );
      const over = await loginFrom(from, `spray-over-${Date.now()}`, 'guess-password');
      // Refused before any password is checked: a real user's right password from that address too.
      const rightPassword = await loginFrom(from, username, password);
      return { from, statuses: burst.map((r) => r.status), over, rightPassword };
    });
    expect(statuses).toEqual(Array(limit).fill(401));
    expect(over.status).toBe(429);
    expect(over.body).toMatchObject({ status: 429 });
    const retryAfter = Number(over.retryAfter);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(rightPassword.status).toBe(429);
    expect(from).toMatch(/^127\.0\.0\./);
    // The same user from another address logs in.
    expect((await loginFrom('127.0.0.30', username, password)).status).toBe(200);
  }, 400_000);

  it('limits attempts for one username across addresses: the next after LOGIN_LIMIT_PER_USERNAME_PER_MINUTE is 429 with Retry-After', async () => {
    const limit = config.LOGIN_LIMIT_PER_USERNAME_PER_MINUTE;
    expect(limit).toBe(10);
    const { username, statuses, over } = await inOneWindow(50, async (attempt) => {
      const username = `target-${attempt}-${Date.now()}`;
      // Each attempt from an address of its own: no per-address limit is reached.
      const burst = await Promise.all(
        Array.from({ length: limit }, (_, i) =>
          loginFrom(`127.0.${attempt + 1}.${i + 1}`, username, `guess-${i}-password`),
        ),
      );
      // The same username in other letter case, from yet another address.
      const over = await loginFrom(`127.0.9.${attempt + 1}`, username.toUpperCase(), 'guess-over');
      return { username, statuses: burst.map((r) => r.status), over };
    });
    expect(statuses).toEqual(Array(limit).fill(401));
    expect(over.status).toBe(429);
    expect(Number(over.retryAfter)).toBeGreaterThan(0);
    // Another username from the same address is unaffected.
    expect((await loginFrom('127.0.9.99', `${username}-other`, 'guess-password')).status).toBe(401);
  }, 400_000);

  it('limits staff requests per user (STAFF_RATE_LIMIT_PER_MINUTE), not per route or address', async () => {
    const limit = config.STAFF_RATE_LIMIT_PER_MINUTE;
    expect(limit).toBe(15);
    // Tokens issued by the app's own StaffTokens (no login: logins are limited per address).
    const busy = { token: tokenFor(desk, 'duty_worker', `busy-${Date.now()}`) };
    const other = { token: tokenFor(desk, 'duty_worker', `other-${Date.now()}`) };
    const { statuses, over } = await inOneWindow(25, async (attempt) => {
      const user = attempt ? { token: tokenFor(desk, 'duty_worker', `busy-${attempt}`) } : busy;
      const statuses: number[] = [];
      // Different routes, one user.
      for (let i = 0; i < limit; i++)
        statuses.push((await call(desk, user.token, 'GET', i % 2 ? '/v1/auth/me' : '/v1/queue')).status);
      const over = await fetch(`${desk.url}/v1/auth/me`, {
        headers: { authorization: `Bearer ${user.token}` },
      });
      return { statuses, over };
    });
    expect(statuses).toEqual(Array(limit).fill(200));
    expect(over.status).toBe(429);
    expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await call(desk, other.token, 'GET', '/v1/auth/me')).status).toBe(200);
  }, 400_000);

  it('made-up partner keys from one address are throttled before the database: no query once over the limit (429)', async () => {
    const ds = intake.app.get(DataSource);
    const query = ds.query.bind(ds);
    let lookups = 0;
    const spy = jest.spyOn(ds, 'query').mockImplementation((async (sql: string, params?: unknown[]) => {
      if (/FROM partner_keys/.test(sql)) lookups++;
      return query(sql, params);
    }) as typeof ds.query);
    let statuses: number[] = [];
    try {
      statuses = await inOneWindow(25, async () => {
        lookups = 0;
        const statuses: number[] = [];
        for (let i = 0; i < 9; i++) {
          const res = await fetch(`${intake.url}/v1/contacts/00000000-0000-0000-0000-000000000000`, {
            headers: { authorization: `Bearer fdp_made-up-key-${i}-${Date.now()}` },
          });
          statuses.push(res.status);
        }
        return statuses;
      });
    } finally {
      spy.mockRestore();
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429, 429, 429]);
    // One lookup for each of the first five; the four refused cost no query.
    expect(lookups).toBe(5);
  }, 400_000);
});
