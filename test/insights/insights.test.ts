import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { DataSource } from 'typeorm';
import { StaffTokens } from '@app/auth';
import { Topic } from '@app/contracts';
import { isoDateOf, londonDayOf, SPIKE_SERIES } from '@app/insights';
import { createKafka, TopicNames } from '@app/messaging';
import { loadConfig } from '@app/config';
import { contactBody, isolateTestFile, nhsNumberFor, TopicWatcher, waitFor } from '@app/testing';
import { PartnerAdmin } from '@app/intake';
import { RecordCountsUseCase } from '../../apps/insights/src/counts/record-counts.usecase';
import { SpikeCheckUseCase } from '../../apps/insights/src/spikes/spike-check.usecase';
import {
  isolateDatabase,
  RunningApp,
  startDesk,
  startInsights,
  startIntake,
  startTriage,
} from '../support/apps';

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '../..');

describe('insights: counts from events, the daily and spikes reads, historical import', () => {
  let intake: RunningApp;
  let triage: RunningApp;
  let insights: RunningApp;
  let desk: RunningApp;
  let db: Awaited<ReturnType<typeof isolateDatabase>>;
  let ds: DataSource;
  let key: string;
  let manager: string;
  let receivedWatcher: TopicWatcher;

  beforeAll(async () => {
    isolateTestFile();
    db = await isolateDatabase();
    intake = await startIntake();
    triage = await startTriage();
    insights = await startInsights();
    desk = await startDesk();
    ds = intake.app.get(DataSource);
    // Registered for both agencies its contacts are sent as (a partner sends only as its own agencies).
    ({ key } = await new PartnerAdmin(ds).create(
      'insights-school',
      ['school', 'police'],
      'Cherwell Valley Primary School',
    ));
    manager = desk.app.get(StaffTokens).issue({ id: 'm1', username: 'manager1', role: 'manager' });
    const config = loadConfig();
    receivedWatcher = await new TopicWatcher(
      createKafka(config, 'insights-test'),
      TopicNames.from(config).topic(Topic.ContactReceived),
    ).start();
  });

  afterAll(async () => {
    await receivedWatcher?.stop();
    await desk?.close();
    await insights?.close();
    await triage?.close();
    await intake?.close();
    await db?.drop();
  });

  const get = (p: string, token: string | null = manager) =>
    fetch(`${desk.url}${p}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  const count = async (series: string, day?: string): Promise<number> => {
    const [r] = await ds.query(
      `SELECT coalesce(sum(count), 0)::int AS n FROM insight_daily WHERE series = $1 AND ($2::date IS NULL OR day = $2::date)`,
      [series, day ?? null],
    );
    return r.n;
  };
  const post = (body: unknown, idem: string) =>
    fetch(`${intake.url}/v1/contacts`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${key}`,
        'content-type': 'application/json',
        'idempotency-key': idem,
      },
      body: JSON.stringify(body),
    });
  const today = () => isoDateOf(londonDayOf(Date.now()).day);

  it('counts received and triaged contacts by source, locality, level and route, once each', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await post(
        contactBody({
          child: { nhsNumber: nhsNumberFor(7000 + i), firstName: `Child${i}`, lastName: 'Insight' },
          ...(i === 2 ? { source: { agency: 'police', organisation: 'Thames Valley Police' } } : {}),
        }),
        `ins-${i}`,
      );
      expect(res.status).toBe(202);
      ids.push(((await res.json()) as { id: string }).id);
    }
    await waitFor('three triaged contacts counted', async () => (await count('triaged')) === 3);
    const day = today();
    expect(await count('total', day)).toBe(3);
    expect(await count('agency:school', day)).toBe(2);
    expect(await count('source_group:schools', day)).toBe(2);
    expect(await count('source_group:police', day)).toBe(1);
    expect(await count('locality:NORTH', day)).toBe(3);
    expect(
      (await count('level:1')) +
        (await count('level:2')) +
        (await count('level:3')) +
        (await count('level:4')),
    ).toBe(3);
    const [hourly] = await ds.query(`SELECT sum(count)::int AS n FROM insight_hourly WHERE series = 'total'`);
    expect(hourly.n).toBe(3);

    // A replayed event counts nothing, and neither does another event about an already counted contact.
    const event = await receivedWatcher.next((e) => e.payload.contactId === ids[0]);
    const counts = insights.app.get(RecordCountsUseCase);
    expect(await counts.execute({ eventId: event.eventId, kind: 'received', contactId: ids[0] })).toEqual({
      counted: false,
    });
    await counts.execute({ eventId: `${event.eventId}-again`, kind: 'received', contactId: ids[0] });
    expect(await count('total', day)).toBe(3);
    expect(await count('triaged')).toBe(3);

    // A second contact about the same child is a re-contact.
    const again = await post(
      contactBody({ child: { nhsNumber: nhsNumberFor(7000), firstName: 'Child0', lastName: 'Insight' } }),
      'ins-again',
    );
    expect(again.status).toBe(202);
    await waitFor('the re-contact counted', async () => (await count('recontact')) === 1);
    expect(await count('total', day)).toBe(4);
  });

  it('GET /v1/insights/daily answers one entry per day, zero days included, for the series asked', async () => {
    const day = londonDayOf(Date.now()).day;
    const from = isoDateOf(day - 2);
    const to = isoDateOf(day);
    const res = await get(`/v1/insights/daily?from=${from}&to=${to}&series=total&series=source_group:police`);
    expect(res.status).toBe(200);
    const body: any = await res.json();
    expect(Object.keys(body)).toEqual(['series']);
    expect(Object.keys(body.series).sort()).toEqual(['source_group:police', 'total']);
    expect(body.series.total).toEqual([
      { date: isoDateOf(day - 2), count: 0, expected: null, upper: null },
      { date: isoDateOf(day - 1), count: 0, expected: null, upper: null },
      { date: to, count: 4, expected: null, upper: null },
    ]);
    expect(body.series['source_group:police'].map((p: any) => p.count)).toEqual([0, 0, 1]);

    const all: any = await (await get(`/v1/insights/daily?from=${to}&to=${to}`)).json();
    expect(Object.keys(all.series).sort()).toEqual([...SPIKE_SERIES].sort());

    // Each fault a 400 naming its parameter (DailyQuery), the value never echoed.
    const refused = async (query: string) => {
      const r = await get(`/v1/insights/daily?${query}`);
      const text = await r.text();
      return { status: r.status, paths: (JSON.parse(text).errors ?? []).map((e: any) => e.path), text };
    };
    expect(await refused(`from=${to}&to=${from}`)).toMatchObject({ status: 400, paths: ['query:to'] });
    const badDay = await refused(`from=2026-02-30&to=${to}`);
    expect(badDay).toMatchObject({ status: 400, paths: ['query:from'] });
    expect(badDay.text).not.toContain('2026-02-30');
    const badSeries = await refused(`from=${from}&to=${to}&series=total,nonsense_zq`);
    expect(badSeries).toMatchObject({ status: 400, paths: ['query:series'] });
    expect(badSeries.text).not.toContain('nonsense_zq');
    expect(await refused(`from=${from}&to=${to}&colour=red`)).toMatchObject({
      status: 400,
      paths: ['query:colour'],
    });
    const csv = await get(`/v1/insights/daily.csv?from=${from}&to=${to}&series=total`);
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    expect((await csv.text()).trim().split('\n')).toEqual([
      'date,series,count,expected,upper,spike',
      `${isoDateOf(day - 2)},total,0,,,0`,
      `${isoDateOf(day - 1)},total,0,,,0`,
      `${to},total,4,,,0`,
    ]);
  });

  it('refuses anyone but managers and above', async () => {
    const tokens = desk.app.get(StaffTokens);
    const as = (role: any) => tokens.issue({ id: role, username: role, role });
    const q = `/v1/insights/spikes?from=2026-01-01&to=2026-01-31`;
    expect((await get(q, null)).status).toBe(401);
    expect((await get(q, 'not-a-token')).status).toBe(401);
    expect((await get(q, as('duty_worker'))).status).toBe(403);
    expect((await get(q, as('social_worker'))).status).toBe(403);
    for (const role of ['duty_manager', 'manager', 'head_of_service', 'admin']) {
      expect((await get(q, as(role))).status).toBe(200);
    }
    const partner = await fetch(`${desk.url}${q}`, { headers: { authorization: `Bearer ${key}` } });
    expect(partner.status).toBe(403);
  });

  it('explains a day by source, locality and level; lists its contacts to duty managers and above, audited', async () => {
    const tokens = desk.app.get(StaffTokens);
    const as = (role: any) => tokens.issue({ id: role, username: role, role });
    const day = today();
    const res = await get(`/v1/insights/spikes/${day}/explanation?series=total`);
    expect(res.status).toBe(200);
    const x: any = await res.json();
    expect(x).toMatchObject({ date: day, series: 'total', count: 4, spike: expect.any(Boolean) });
    expect(typeof x.schoolPeriod).toBe('string');
    const by = (list: any[]) => Object.fromEntries(list.map((d) => [d.key, d.count]));
    expect(by(x.bySource)).toEqual({ schools: 3, police: 1 });
    expect(by(x.byLocality)).toEqual({ NORTH: 4 });
    expect(Object.values(by(x.byLevel)).reduce((a: number, b: any) => a + b, 0)).toBeGreaterThanOrEqual(3);

    // The contacts, one click away: duty managers and above, not administrators; every read audited.
    const list = await get(`/v1/insights/spikes/${day}/contacts?series=total`, as('duty_manager'));
    expect(list.status).toBe(200);
    const text = await list.text();
    const body = JSON.parse(text);
    expect(body.contacts).toHaveLength(4);
    expect(Object.keys(body.contacts[0]).sort()).toEqual([
      'agency',
      'contactId',
      'imported',
      'locality',
      'needLevel',
      'receivedAt',
      'route',
      'sourceGroup',
      'status',
    ]);
    expect(text).not.toMatch(/Child0|Insight|nhs/i);
    const police = await (await get(`/v1/insights/spikes/${day}/contacts?series=source_group:police`)).json();
    expect((police as any).contacts.map((c: any) => c.agency)).toEqual(['police']);
    const audit = await ds.query(
      `SELECT actor, action, subject_id, details FROM audit_log WHERE action = 'insights.spike_contacts.read' ORDER BY seq`,
    );
    expect(audit.map((a: any) => [a.actor, a.subject_id, a.details.date])).toEqual([
      ['duty_manager', 'total', day],
      ['manager1', 'source_group:police', day],
    ]);
    expect((await get(`/v1/insights/spikes/${day}/contacts`, as('admin'))).status).toBe(403);
    expect((await get(`/v1/insights/spikes/${day}/explanation`, as('admin'))).status).toBe(200);
    for (const role of ['duty_worker', 'social_worker']) {
      expect((await get(`/v1/insights/spikes/${day}/explanation`, as(role))).status).toBe(403);
      expect((await get(`/v1/insights/spikes/${day}/contacts`, as(role))).status).toBe(403);
    }
    const bad = await get(`/v1/insights/spikes/2026-02-30/explanation?series=agency:x`);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as any).errors.map((e: any) => e.path).sort()).toEqual([
      'path:date',
      'query:series',
    ]);
  });

  it('GET /v1/insights/spikes lists flagged series-days; the check raises one alert per series and day', async () => {
    // Ten weeks of 20 a day in 2024 for the total and police, then a day of 60 police contacts.
    const start = Date.UTC(2024, 0, 1) / 86_400_000;
    for (let d = 0; d < 70; d++) {
      const n = d === 66 ? 60 : 20;
      await ds.query(
        `INSERT INTO insight_daily (day, series, count) VALUES ($1, 'total', $2), ($1, 'source_group:police', $2)`,
        [isoDateOf(start + d), n],
      );
    }
    const spikeDate = isoDateOf(start + 66);
    const res = await get(`/v1/insights/spikes?from=2024-01-01&to=2024-03-10`);
    expect(res.status).toBe(200);
    const body: any = await res.json();
    expect(body).toEqual({
      spikes: [
        {
          date: spikeDate,
          series: 'source_group:police',
          count: 60,
          expected: 20,
          upper: expect.any(Number),
        },
        { date: spikeDate, series: 'total', count: 60, expected: 20, upper: expect.any(Number) },
      ],
    });
    expect(body.spikes[0].upper).toBeGreaterThanOrEqual(28);
    expect(body.spikes[0].upper).toBeLessThan(60);

    const daily: any = await (
      await get(`/v1/insights/daily?from=${spikeDate}&to=${spikeDate}&series=total`)
    ).json();
    expect(daily.series.total).toEqual([
      { date: spikeDate, count: 60, expected: 20, upper: body.spikes[1].upper },
    ]);

    const check = insights.app.get(SpikeCheckUseCase);
    const now = new Date(`${isoDateOf(start + 67)}T23:30:00Z`); // a whole ordinary day by then
    const found = await check.execute({ day: spikeDate, now });
    expect(
      found
        .filter((f) => f.date === spikeDate)
        .map((f) => f.series)
        .sort(),
    ).toEqual(['source_group:police', 'total']);
    await check.execute({ day: spikeDate, now });
    const alerts = await ds.query(
      `SELECT dedupe_key, kind, body, recipient_roles FROM alerts WHERE kind = 'REFERRAL_SPIKE' ORDER BY dedupe_key`,
    );
    expect(alerts.map((a: any) => a.dedupe_key)).toEqual([
      `spike:source_group:police:${spikeDate}`,
      `spike:total:${spikeDate}`,
    ]);
    expect(alerts[1].body).toContain('60 contacts in series total');
    expect(alerts[1].body).toMatch(/expected range \d+ to \d+/);
    expect(alerts[1].recipient_roles).toEqual(['duty_manager', 'manager', 'head_of_service', 'admin']);
  });

  it('imports history: good lines as closed contacts counted in insights, bad lines reported, twice = nothing new', async () => {
    const line = (i: number, extra: object = {}) =>
      JSON.stringify({
        partner: 'Old System Police',
        receivedAt: `2025-06-0${i}T10:15:00Z`,
        ...contactBody({
          source: { agency: 'police', organisation: 'Thames Valley Police' },
          child: { nhsNumber: nhsNumberFor(9100 + i), firstName: `Hist${i}`, lastName: 'Imported' },
        }),
        ...extra,
      });
    const file = path.join(tmpdir(), `import-${Date.now()}.ndjson`);
    writeFileSync(
      file,
      [
        line(2),
        line(3, { child: { lastName: 'Bad', dateOfBirth: '2016-03-14', nhsNumber: '1234567890' } }),
        line(4),
        '{ not json',
        line(5, { partner: undefined }),
        line(6),
        '',
      ].join('\n'),
    );
    const env = { ...process.env, DATABASE_URL: db.url, LOG_LEVEL: 'warn' };
    const first = await run(
      process.execPath,
      ['-r', '@swc-node/register', 'apps/insights/src/cli/import.cli.ts', file],
      {
        cwd: ROOT,
        env,
      },
    );
    expect(first.stdout).toMatch(/Imported 3 contact\(s\), 0 already present, 3 line\(s\) rejected, of 6/);
    const reported = first.stderr.split('\n').filter((l) => l.startsWith('line '));
    expect(reported.map((l) => l.split(':')[0])).toEqual(['line 2', 'line 4', 'line 5']);
    expect(reported[0]).toContain('child.nhsNumber');
    expect(first.stderr).not.toContain('Hist');

    const second = await run(
      process.execPath,
      ['-r', '@swc-node/register', 'apps/insights/src/cli/import.cli.ts', file],
      {
        cwd: ROOT,
        env,
      },
    );
    expect(second.stdout).toMatch(/Imported 0 contact\(s\), 3 already present, 3 line\(s\) rejected/);

    const rows = await ds.query(
      `SELECT id, status, imported, to_char(received_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI') AS at
         FROM contacts WHERE imported ORDER BY received_at`,
    );
    expect(rows.map((r: any) => [r.status, r.at])).toEqual([
      ['closed', '2025-06-02T10:15'],
      ['closed', '2025-06-04T10:15'],
      ['closed', '2025-06-06T10:15'],
    ]);
    const [{ n: bad }] = await ds.query(
      `SELECT count(*)::int AS n FROM contacts WHERE last_name_norm LIKE 'bad%'`,
    );
    expect(bad).toBe(0);
    expect(await count('imported')).toBe(3);
    expect(await count('total', '2025-06-04')).toBe(1);
    expect(await count('source_group:police', '2025-06-06')).toBe(1);

    // Triage gives imported contacts their child, but no decision, desk item or timer.
    const ids = rows.map((r: any) => r.id);
    await waitFor('imported contacts matched to children', async () => {
      const [r] = await ds.query(
        'SELECT count(*)::int AS n FROM contacts WHERE id = ANY($1::uuid[]) AND child_id IS NOT NULL',
        [ids],
      );
      return r.n === 3;
    });
    const [desk] = await ds.query(
      'SELECT count(*)::int AS n FROM desk_items WHERE contact_id = ANY($1::uuid[])',
      [ids],
    );
    expect(desk.n).toBe(0);
    const [decisions] = await ds.query(
      'SELECT count(*)::int AS n FROM decisions WHERE contact_id = ANY($1::uuid[])',
      [ids],
    );
    expect(decisions.n).toBe(0);
    // Their events reached the insights consumer too, and counted nothing more.
    await waitFor('import events consumed', async () => {
      const [r] = await ds.query(
        `SELECT count(*)::int AS n FROM inbox WHERE consumer = 'front-door.insights'`,
      );
      return r.n >= 4 + 3 + 4; // live received + triaged events, and the three imports
    });
    expect(await count('total', '2025-06-04')).toBe(1);
    expect(await count('imported')).toBe(3);

    const summary: any = await (await get('/v1/insights/summary?from=2025-06-01&to=2025-06-30')).json();
    expect(summary).toMatchObject({ total: 3, imported: 3, bySourceGroup: { police: 3 } });
    expect(summary.queue).toEqual({
      depth: expect.any(Number),
      overdue: expect.any(Number),
      oldestAgeSeconds: expect.any(Number),
    });
    expect(summary.deadLetters['contact.received.v1.dlq']).toBe(0);
  });
});
