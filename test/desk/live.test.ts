import { createHash, randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { StaffTokens } from '@app/auth';
import { AppConfig } from '@app/config';
import { alertFeedChannel } from '@app/contracts';
import { ConsumedMessage, REDIS } from '@app/messaging';
import { isolateTestFile } from '@app/testing';
import { HeldItemNotifier } from '../../apps/desk/src/notifications/held-item-notifier';
import { TriagedConsumer } from '../../apps/desk/src/notifications/triaged.consumer';
import { StaffUserAdmin } from '../../apps/desk/src/staff-users/staff-user-admin';
import { RunningApp, startDesk } from '../support/apps';
import { call, minutesFromNow, seedItem, staffUser } from './desk-harness';

interface OpenStream {
  status: number;
  events: { event: string; data: any }[];
  /** Resolves with the time the server ended the stream. */
  ended: Promise<number>;
  close(): void;
}

describe('desk: one live stream per tab, opened with a single-use ticket', () => {
  let desk: RunningApp;
  let ds: DataSource;
  let redis: Redis;
  let prefix: string;
  const opened: OpenStream[] = [];

  beforeAll(async () => {
    isolateTestFile();
    desk = await startDesk();
    ds = desk.app.get(DataSource);
    redis = desk.app.get(REDIS);
    prefix = desk.app.get(AppConfig).REDIS_PREFIX;
  });
  afterAll(async () => {
    for (const s of opened) s.close();
    await desk?.close();
  });

  const ticketFor = async (token: string) => {
    const res = await call(desk, token, 'POST', '/v1/live/tickets');
    expect(res.status).toBe(201);
    expect(res.body.ticket).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Date.parse(res.body.expiresAt) - Date.now()).toBeGreaterThan(25000);
    return res.body.ticket as string;
  };

  async function open(ticket: string): Promise<OpenStream> {
    const controller = new AbortController();
    const res = await fetch(`${desk.url}/v1/live?ticket=${encodeURIComponent(ticket)}`, {
      signal: controller.signal,
    });
    const events: { event: string; data: any }[] = [];
    let ended: Promise<number> = Promise.resolve(Date.now());
    if (res.status === 200) {
      expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
      const reader = res.body!.getReader();
      ended = (async () => {
        let buffer = '';
        for (;;) {
          const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
          if (done) return Date.now();
          buffer += Buffer.from(value!).toString('utf8');
          let i;
          while ((i = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, i);
            buffer = buffer.slice(i + 2);
            const event = /^event: (.+)$/m.exec(block)?.[1];
            const data = /^data: (.+)$/m.exec(block)?.[1];
            if (event && data) events.push({ event, data: JSON.parse(data) });
          }
        }
      })();
    } else {
      await res.text();
    }
    const s = { status: res.status, events, ended, close: () => controller.abort() };
    opened.push(s);
    return s;
  }

  async function waitFor<T>(what: string, probe: () => T | undefined, ms = 10000): Promise<T> {
    const until = Date.now() + ms;
    for (;;) {
      const v = probe();
      if (v) return v;
      if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  it('a ticket opens one stream, once; a used, unknown or expired ticket is refused with a problem', async () => {
    const manager = await staffUser(desk, 'duty_manager');
    const ticket = await ticketFor(manager.token);
    const first = await open(ticket);
    expect(first.status).toBe(200);
    await waitFor('the greeting', () => first.events.find((e) => e.event === 'feed'));

    const again = await fetch(`${desk.url}/v1/live?ticket=${encodeURIComponent(ticket)}`);
    expect(again.status).toBe(401);
    expect(again.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(await again.json()).toMatchObject({ status: 401 });
    expect((await fetch(`${desk.url}/v1/live?ticket=${'A'.repeat(43)}`)).status).toBe(401);
    expect((await fetch(`${desk.url}/v1/live`)).status).toBe(401);

    const expiring = await ticketFor(manager.token);
    const key = `${prefix}:live-ticket:${createHash('sha256').update(expiring).digest('hex')}`;
    expect(await redis.ttl(key)).toBeGreaterThan(25);
    expect(await redis.ttl(key)).toBeLessThanOrEqual(30);
    await redis.pexpire(key, 1);
    await new Promise((r) => setTimeout(r, 20));
    expect((await fetch(`${desk.url}/v1/live?ticket=${encodeURIComponent(expiring)}`)).status).toBe(401);
    first.close();
  });

  it('carries alerts for the role and held-item notices for the holder', async () => {
    const manager = await staffUser(desk, 'duty_manager');
    const stream = await open(await ticketFor(manager.token));
    await waitFor('the greeting', () => stream.events.find((e) => e.event === 'feed'));

    const alertId = randomUUID();
    await ds.query(
      `INSERT INTO alerts (id, kind, dedupe_key, title, body, recipient_roles, details, raised_at)
       VALUES ($1, 'TEST_LIVE', $2, 'A live test alert', 'body', $3, '{}', now())`,
      [alertId, `live-test:${alertId}`, ['duty_manager']],
    );
    await redis.publish(
      alertFeedChannel(prefix),
      JSON.stringify({ type: 'alert.delivered', alertId, recipientRoles: ['duty_manager'] }),
    );
    const alert = await waitFor('the alert', () =>
      stream.events.find((e) => e.event === 'alert' && e.data.alert.id === alertId),
    );
    expect(alert.data).toMatchObject({ type: 'alert.delivered', alert: { kind: 'TEST_LIVE' } });

    const childId = randomUUID();
    await desk.app.get(HeldItemNotifier).publish({
      type: 'held-item-raised',
      username: manager.username,
      contactId: randomUUID(),
      childId,
      needLevel: 4,
      priority: 'IMMEDIATE',
      dueAt: new Date().toISOString(),
    });
    const held = await waitFor('the held-item notice', () =>
      stream.events.find((e) => e.event === 'held-raised' && e.data.childId === childId),
    );
    expect(held.data).toMatchObject({ username: manager.username, needLevel: 4 });
    stream.close();
  });

  it('tells queue readers when an item is claimed, released and decided (ids and usernames only)', async () => {
    const watcher = await staffUser(desk, 'duty_manager');
    const worker = await staffUser(desk, 'duty_worker');
    const stream = await open(await ticketFor(watcher.token));
    await waitFor('the greeting', () => stream.events.find((e) => e.event === 'feed'));
    const { contactId } = await seedItem(ds, { dueAt: minutesFromNow(60), team: `LIVE_${Date.now()}` });
    const queued = (type: string) => () =>
      stream.events.find(
        (e) => e.event === 'queue' && e.data.type === type && e.data.contactId === contactId,
      );

    expect((await call(desk, worker.token, 'POST', `/v1/queue/${contactId}/claim`)).status).toBe(200);
    expect((await waitFor('claimed', queued('claimed'))).data).toMatchObject({ by: worker.username });
    expect((await call(desk, worker.token, 'POST', `/v1/queue/${contactId}/release`)).status).toBe(200);
    await waitFor('released', queued('released'));
    expect((await call(desk, worker.token, 'POST', `/v1/queue/${contactId}/claim`)).status).toBe(200);
    expect((await call(desk, worker.token, 'POST', `/v1/queue/${contactId}/confirm`, {})).status).toBe(200);
    const decided = await waitFor('decided', queued('decided'));
    expect(Object.keys(decided.data).sort()).toEqual(['at', 'by', 'contactId', 'type']);
    stream.close();
  });

  it('tells queue readers when triage puts an item on the desk (contact.triaged read by the desk)', async () => {
    const watcher = await staffUser(desk, 'duty_worker');
    const stream = await open(await ticketFor(watcher.token));
    await waitFor('the greeting', () => stream.events.find((e) => e.event === 'feed'));
    const { contactId, childId } = await seedItem(ds, { dueAt: minutesFromNow(60) });
    await desk.app.get(TriagedConsumer).onTriaged({
      value: {
        eventId: randomUUID(),
        payload: {
          contactId,
          childId,
          needLevel: 2,
          route: 'LOCALITY_EARLY_HELP',
          triagedAt: new Date().toISOString(),
          raisedWhileHeld: false,
        },
      },
    } as unknown as ConsumedMessage);
    const triaged = await waitFor('triaged', () =>
      stream.events.find(
        (e) => e.event === 'queue' && e.data.type === 'triaged' && e.data.contactId === contactId,
      ),
    );
    expect(triaged.data).toMatchObject({ by: 'triage' });
    stream.close();
  });

  it('ends the stream within about 2 seconds of logout, and of the user being disabled', async () => {
    const worker = await staffUser(desk, 'duty_worker');
    const stream = await open(await ticketFor(worker.token));
    expect(stream.status).toBe(200);
    await new Promise((r) => setTimeout(r, 1200));
    const loggedOut = Date.now();
    expect((await call(desk, worker.token, 'POST', '/v1/auth/logout')).status).toBe(204);
    const ended = await Promise.race([
      stream.ended,
      new Promise<null>((r) => setTimeout(() => r(null), 5000)),
    ]);
    expect(ended).not.toBeNull();
    expect(ended! - loggedOut).toBeLessThan(2500);

    const other = await staffUser(desk, 'duty_worker');
    const second = await open(await ticketFor(other.token));
    expect(second.status).toBe(200);
    await new Promise((r) => setTimeout(r, 1200));
    const disabled = Date.now();
    await new StaffUserAdmin(ds, desk.app.get(StaffTokens)).disable(other.username);
    const ended2 = await Promise.race([
      second.ended,
      new Promise<null>((r) => setTimeout(() => r(null), 5000)),
    ]);
    expect(ended2).not.toBeNull();
    expect(ended2! - disabled).toBeLessThan(2500);
    // And the token no longer buys a ticket.
    expect((await call(desk, other.token, 'POST', '/v1/live/tickets')).status).toBe(401);
  });

  it('ends the stream within about a second of its token expiring', async () => {
    const worker = await staffUser(desk, 'duty_worker');
    const [{ id }] = await ds.query('SELECT id FROM staff_users WHERE username = $1', [worker.username]);
    // A token of the installation's, issued as if long ago: it expires 6 seconds from now.
    const tokens = desk.app.get(StaffTokens);
    const ttlMs = desk.app.get(AppConfig).STAFF_TOKEN_TTL_SECONDS * 1000;
    const short = tokens.issue(
      { id, username: worker.username, role: 'duty_worker' },
      Date.now() - ttlMs + 6000,
    );
    const expiresAt = JSON.parse(Buffer.from(short.split('.')[1], 'base64url').toString()).exp * 1000;
    const ticket = await call(desk, short, 'POST', '/v1/live/tickets');
    expect(ticket.status).toBe(201);
    const stream = await open(ticket.body.ticket);
    expect(stream.status).toBe(200);
    const ended = await Promise.race([
      stream.ended,
      new Promise<null>((r) => setTimeout(() => r(null), 12000)),
    ]);
    expect(ended).not.toBeNull();
    expect(ended!).toBeGreaterThanOrEqual(expiresAt - 50);
    expect(ended! - expiresAt).toBeLessThan(2500);
  });

  it('allows three open streams per user: the fourth ticket and the fourth stream answer 429 with Retry-After', async () => {
    const worker = await staffUser(desk, 'duty_worker');
    const spare = await ticketFor(worker.token);
    const streams = [];
    for (let i = 0; i < 3; i++) {
      const s = await open(await ticketFor(worker.token));
      expect(s.status).toBe(200);
      streams.push(s);
    }
    const ticket4 = await fetch(`${desk.url}/v1/live/tickets`, {
      method: 'POST',
      headers: { authorization: `Bearer ${worker.token}` },
    });
    expect(ticket4.status).toBe(429);
    expect(Number(ticket4.headers.get('retry-after'))).toBeGreaterThan(0);
    const stream4 = await fetch(`${desk.url}/v1/live?ticket=${encodeURIComponent(spare)}`);
    expect(stream4.status).toBe(429);
    expect(Number(stream4.headers.get('retry-after'))).toBeGreaterThan(0);

    // Another user is not held up, and closing a stream frees a slot.
    const other = await staffUser(desk, 'duty_worker');
    expect((await open(await ticketFor(other.token))).status).toBe(200);
    streams[0].close();
    let freed = false;
    for (let i = 0; i < 40 && !freed; i++) {
      await new Promise((r) => setTimeout(r, 50));
      freed = (await call(desk, worker.token, 'POST', '/v1/live/tickets')).status === 201;
    }
    expect(freed).toBe(true);
  });

  it('accepts no token in the query string', async () => {
    const manager = await staffUser(desk, 'duty_manager');
    const q = `access_token=${encodeURIComponent(manager.token)}`;
    expect((await fetch(`${desk.url}/v1/alerts/stream?${q}`)).status).toBe(401);
    expect((await fetch(`${desk.url}/v1/live?${q}`)).status).toBe(401);
    expect((await fetch(`${desk.url}/v1/live?ticket=${encodeURIComponent(manager.token)}`)).status).toBe(401);
    expect((await fetch(`${desk.url}/v1/live/tickets?${q}`, { method: 'POST' })).status).toBe(401);
    expect((await fetch(`${desk.url}/v1/alerts?${q}`)).status).toBe(401);
    expect((await fetch(`${desk.url}/v1/events?${q}`)).status).toBe(401);
  });
});
