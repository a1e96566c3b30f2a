import { STAFF_ROLES, StaffRole } from '@app/auth';
import { isolateTestFile } from '@app/testing';
import { RunningApp, startDesk } from '../support/apps';
import { call, staffUser } from './desk-harness';

const ID = '00000000-0000-4000-8000-000000000000';
const READERS: StaffRole[] = ['duty_worker', 'duty_manager', 'manager', 'head_of_service', 'admin'];
const DECIDERS: StaffRole[] = ['duty_worker', 'duty_manager'];

/** Every desk endpoint and the roles that may call it. */
const ENDPOINTS: { method: string; path: string; roles: StaffRole[] }[] = [
  { method: 'GET', path: '/v1/auth/me', roles: [...STAFF_ROLES] },
  { method: 'POST', path: '/v1/auth/logout', roles: [...STAFF_ROLES] },
  { method: 'GET', path: '/v1/queue', roles: READERS },
  { method: 'GET', path: `/v1/queue/${ID}`, roles: READERS },
  { method: 'POST', path: '/v1/queue/claim-next', roles: DECIDERS },
  { method: 'POST', path: `/v1/queue/${ID}/claim`, roles: DECIDERS },
  { method: 'POST', path: `/v1/queue/${ID}/release`, roles: DECIDERS },
  { method: 'POST', path: `/v1/queue/${ID}/confirm`, roles: DECIDERS },
  { method: 'POST', path: `/v1/queue/${ID}/override`, roles: DECIDERS },
  { method: 'POST', path: `/v1/queue/${ID}/notes`, roles: DECIDERS },
  { method: 'POST', path: `/v1/queue/${ID}/close`, roles: DECIDERS },
  { method: 'GET', path: `/v1/children/${ID}`, roles: READERS },
  { method: 'POST', path: `/v1/children/${ID}/possible-matches/${ID}/confirm`, roles: DECIDERS },
  { method: 'POST', path: `/v1/children/${ID}/possible-matches/${ID}/reject`, roles: DECIDERS },
  { method: 'GET', path: '/v1/audit', roles: ['admin'] },
  { method: 'GET', path: '/v1/audit/verify', roles: ['admin'] },
  { method: 'POST', path: '/v1/criteria/evaluate', roles: ['duty_manager', 'admin'] },
  { method: 'GET', path: `/v1/children/${ID}/referrals`, roles: READERS },
  { method: 'GET', path: `/v1/queue/${ID}/referral-preview`, roles: READERS },
  { method: 'PUT', path: `/v1/children/${ID}/characteristics`, roles: DECIDERS },
  { method: 'POST', path: `/v1/referrals/${ID}/close`, roles: DECIDERS },
  { method: 'GET', path: '/v1/returns/annex-a', roles: ['manager', 'head_of_service'] },
  { method: 'GET', path: '/v1/returns/cin-census', roles: ['manager', 'head_of_service'] },
  { method: 'GET', path: '/v1/returns/cin-census/report', roles: ['manager', 'head_of_service'] },
];

describe('desk: every endpoint states its roles, and refuses the rest', () => {
  let desk: RunningApp;
  const tokens = {} as Record<StaffRole, string>;

  beforeAll(async () => {
    isolateTestFile();
    desk = await startDesk();
    for (const role of STAFF_ROLES) tokens[role] = (await staffUser(desk, role)).token;
  });
  afterAll(async () => {
    await desk?.close();
  });

  it.each(ENDPOINTS.map((e) => [`${e.method} ${e.path}`, e] as const))('%s', async (_name, e) => {
    expect((await call(desk, null, e.method, e.path, e.method !== 'GET' ? {} : undefined)).status).toBe(401);
    expect((await call(desk, 'not-a-token', e.method, e.path)).status).toBe(401);
    for (const role of STAFF_ROLES) {
      if (e.path.endsWith('/logout')) continue; // would end the shared token; refusals proved above
      const { status } = await call(
        desk,
        tokens[role],
        e.method,
        e.path,
        e.method !== 'GET' ? {} : undefined,
      );
      if (e.roles.includes(role)) expect([role, status]).not.toEqual([role, 403]);
      else expect([role, status]).toEqual([role, 403]);
      expect(status).not.toBe(401);
    }
  });

  it('the login endpoint and the web UI are public', async () => {
    expect((await call(desk, null, 'POST', '/v1/auth/login', { username: 'x', password: 'y' })).status).toBe(
      401,
    );
    const page = await fetch(`${desk.url}/login.html`);
    expect(page.status).toBe(200);
  });
});
