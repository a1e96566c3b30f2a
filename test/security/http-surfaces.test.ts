import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DataSource } from 'typeorm';
import { flushLogs, loadConfig } from '@app/config';
import { contactBody, isolateTestFile } from '@app/testing';
import { minutesFromNow, seedItem, staffUser } from '../desk/desk-harness';
import { isolateDatabase, RunningApp, startDesk, startIntake } from '../support/apps';
import { createTestPartner, postContact } from '../support/pipeline';

/** Issue 14, point 7: security headers, no-store, and what the partner port does not serve. */
describe('HTTP surfaces: headers, caching, operations endpoints', () => {
  let intake: RunningApp;
  let desk: RunningApp;
  let db: Awaited<ReturnType<typeof isolateDatabase>>;
  let partner: { key: string };
  const logFile = path.join(mkdtempSync(path.join(tmpdir(), 'front-door-logs-')), 'http.log');

  beforeAll(async () => {
    isolateTestFile();
    db = await isolateDatabase();
    // Request logs (info) into a file this test reads.
    process.env.LOG_FILE = logFile;
    process.env.LOG_LEVEL = 'info';
    intake = await startIntake();
    desk = await startDesk();
    partner = await createTestPartner(intake, 'school');
  }, 300_000);
  afterAll(async () => {
    delete process.env.LOG_FILE;
    await intake?.close();
    await desk?.close();
    await db?.drop();
  });

  const expectSecurityHeaders = (what: string, res: Response) => {
    const h = (name: string) => res.headers.get(name);
    expect({ what, csp: h('content-security-policy') }).toEqual({
      what,
      csp: expect.stringMatching(/script-src 'self'(;|$)/),
    });
    expect({ what, hsts: h('strict-transport-security') }).toEqual({
      what,
      hsts: expect.stringMatching(/max-age=\d{7,}/),
    });
    expect({ what, nosniff: h('x-content-type-options'), referrer: h('referrer-policy') }).toEqual({
      what,
      nosniff: 'nosniff',
      referrer: 'no-referrer',
    });
  };

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
    // ...and 400, 401 and 429 answers on the partner port.
    const refused = [
      await fetch(`${intake.url}/v1/contacts`, {
        method: 'POST',
        headers: { authorization: `Bearer ${partner.key}`, 'content-type': 'application/json' },
        body: '{}',
      }),
      await get('/v1/contacts', 'fdp_not-a-key'),
    ];
    for (const res of refused) {
      expect(res.status).toBeGreaterThanOrEqual(400);
      expectSecurityHeaders(`${res.status}`, res);
      expect(res.headers.get('cache-control')).toBe('no-store');
    }
  });

  it("every /v1 answer of the desk (children's records, the queue, sessions, errors) is no-store, with the same headers", async () => {
    const worker = await staffUser(desk, 'duty_worker');
    const { contactId, childId } = await seedItem(desk.app.get(DataSource), { dueAt: minutesFromNow(60) });
    const desk$ = (method: string, p: string, token: string | null, body?: unknown) =>
      fetch(`${desk.url}${p}`, {
        method,
        headers: {
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(body ? { 'content-type': 'application/json' } : {}),
        },
        body: body ? JSON.stringify(body) : undefined,
      });
    const answers: [string, Response][] = [
      ['child', await desk$('GET', `/v1/children/${childId}`, worker.token)],
      ['item', await desk$('GET', `/v1/queue/${contactId}`, worker.token)],
      ['queue', await desk$('GET', '/v1/queue', worker.token)],
      ['session', await desk$('GET', '/v1/auth/me', worker.token)],
      ['ticket', await desk$('POST', '/v1/live/tickets', worker.token)],
      [
        'login',
        await desk$('POST', '/v1/auth/login', null, { username: worker.username, password: worker.password }),
      ],
      [
        'failed login',
        await desk$('POST', '/v1/auth/login', null, { username: 'nobody', password: 'nothing-at-all' }),
      ],
      ['no token', await desk$('GET', `/v1/children/${childId}`, null)],
      ['unknown child', await desk$('GET', `/v1/children/${randomUUID()}`, worker.token)],
    ];
    expect(answers.map(([what, res]) => [what, res.status])).toEqual([
      ['child', 200],
      ['item', 200],
      ['queue', 200],
      ['session', 200],
      ['ticket', 201],
      ['login', 200],
      ['failed login', 401],
      ['no token', 401],
      ['unknown child', 404],
    ]);
    for (const [what, res] of answers) {
      expect({ what, cacheControl: res.headers.get('cache-control') }).toEqual({
        what,
        cacheControl: 'no-store',
      });
      expectSecurityHeaders(what, res);
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

  it('a client X-Request-Id reaches the request log only when short and safe; otherwise our own id does', async () => {
    const good = `req-${randomUUID().slice(0, 8)}`;
    const bad = `Maya Okafor 2016-03-14 ${randomUUID()}`;
    await fetch(`${intake.url}/v1/contacts/${randomUUID()}`, {
      headers: { authorization: `Bearer ${partner.key}`, 'x-request-id': good },
    });
    await fetch(`${intake.url}/v1/contacts/${randomUUID()}`, {
      headers: { authorization: `Bearer ${partner.key}`, 'x-request-id': bad },
    });
    flushLogs();
    const lines = readFileSync(logFile, 'utf8')
      .split('\n')
      .filter((l) => l.includes('"/v1/contacts/'))
      .map((l) => JSON.parse(l));
    const ids = lines.map((l) => l.req?.id);
    expect(ids).toContain(good);
    expect(readFileSync(logFile, 'utf8')).not.toContain('Maya Okafor');
    expect(ids.filter((id) => id !== good).every((id) => /^[0-9a-f-]{36}$/.test(id))).toBe(true);
  });

  it('safeRequestId: a short token of safe characters, or a fresh id', async () => {
    const { safeRequestId } = await import('@app/observability');
    expect(safeRequestId('abc-123.x')).toBe('abc-123.x');
    for (const bad of ['Maya Okafor 2016-03-14', 'x'.repeat(65), 'a\nb', undefined, ['a', 'b']])
      expect(safeRequestId(bad as never)).toMatch(/^[0-9a-f-]{36}$/);
  });
});
