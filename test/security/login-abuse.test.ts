import { isolateTestFile } from '@app/testing';
import { call, staffUser } from '../desk/desk-harness';
import { RunningApp, startDesk, startIntake } from '../support/apps';

/** Issue 14, point 6: one answer for every failed login, limits per address and username, partner-key lookups. */
describe('login and abuse', () => {
  let desk: RunningApp;
  let intake: RunningApp;

  beforeAll(async () => {
    isolateTestFile();
    process.env.PARTNER_KEY_LOOKUPS_PER_ADDRESS_PER_MINUTE = '5';
    desk = await startDesk();
    intake = await startIntake();
  });
  afterAll(async () => {
    delete process.env.PARTNER_KEY_LOOKUPS_PER_ADDRESS_PER_MINUTE;
    await desk?.close();
    await intake?.close();
  });

  const attempt = (username: string, password: string) =>
    call(desk, null, 'POST', '/v1/auth/login', { username, password });

  it('an unknown user, a wrong password and a locked account get the same answer', async () => {
    const { username, password } = await staffUser(desk, 'duty_worker');
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

  it('limits attempts per username (429 with Retry-After), whatever the password', async () => {
    const username = `target-${Date.now()}`;
    // A fixed one-minute window: 11 attempts within one window, so at most 21 across a window's edge.
    let res: Response | null = null;
    for (let i = 0; i < 21 && res?.status !== 429; i++) {
      res = await fetch(`${desk.url}/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password: `guess-${i}-password` }),
      });
    }
    expect(res!.status).toBe(429);
    expect(Number(res!.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('made-up partner keys from one address are throttled before the database (429)', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) {
      const res = await fetch(`${intake.url}/v1/contacts/00000000-0000-0000-0000-000000000000`, {
        headers: { authorization: `Bearer fdp_made-up-key-${i}` },
      });
      statuses.push(res.status);
    }
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.at(-1)).toBe(429);
  });
});
