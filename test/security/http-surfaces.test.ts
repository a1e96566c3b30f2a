import { randomUUID } from 'node:crypto';
import { loadConfig } from '@app/config';
import { contactBody, isolateTestFile } from '@app/testing';
import { isolateDatabase, RunningApp, startIntake } from '../support/apps';
import { createTestPartner, postContact } from '../support/pipeline';

/** Issue 14, point 7: security headers, no-store, and what the partner port does not serve. */
describe('HTTP surfaces: headers, caching, operations endpoints', () => {
  let intake: RunningApp;
  let db: Awaited<ReturnType<typeof isolateDatabase>>;
  let partner: { key: string };

  beforeAll(async () => {
    isolateTestFile();
    db = await isolateDatabase();
    intake = await startIntake();
    partner = await createTestPartner(intake, 'school');
  });
  afterAll(async () => {
    await intake?.close();
    await db?.drop();
  });

  const get = (path: string, token?: string) =>
    fetch(`${intake.url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });

  it('every answer carries CSP script-src self, HSTS, nosniff and a referrer policy; /v1 answers are no-store', async () => {
    const posted = await postContact(intake, partner.key, contactBody());
    const { id } = (await posted.json()) as { id: string };
    for (const res of [
      posted,
      await get(`/v1/contacts/${id}`, partner.key),
      await get(`/v1/contacts/${randomUUID()}`, partner.key),
    ]) {
      expect(res.headers.get('content-security-policy')).toMatch(/script-src 'self'(;|$)/);
      expect(res.headers.get('strict-transport-security')).toMatch(/max-age=\d{7,}/);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      expect(res.headers.get('cache-control')).toBe('no-store');
    }
  });

  it('/metrics and readiness details need the operations token; liveness and bare readiness stay open', async () => {
    const ops = loadConfig().OPS_TOKEN;
    expect((await get('/metrics')).status).toBe(401);
    expect((await get('/metrics', partner.key)).status).toBe(401);
    expect((await get('/metrics', ops)).status).toBe(200);
    expect(await (await get('/health/ready', partner.key)).json()).toEqual({ status: 'ok' });
    expect(await (await get('/health/ready', ops)).json()).toMatchObject({
      status: 'ok',
      checks: { postgres: 'up' },
    });
    expect((await get('/health/live')).status).toBe(200);
    expect((await get('/docs')).status).toBe(404);
  });

  it('a client X-Request-Id is kept only when short and safe', async () => {
    const { safeRequestId } = await import('@app/observability');
    expect(safeRequestId('abc-123.x')).toBe('abc-123.x');
    for (const bad of ['Maya Okafor 2016-03-14', 'x'.repeat(65), 'a\nb', undefined, ['a', 'b']])
      expect(safeRequestId(bad as never)).toMatch(/^[0-9a-f-]{36}$/);
  });
});
