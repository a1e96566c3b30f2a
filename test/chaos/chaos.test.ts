import { Queue } from 'bullmq';
import Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { QueueName, slaJobId } from '@app/contracts';
import { CriteriaRegistry, bundledCriteriaRegistry } from '@app/criteria';
import { loadConfig, managedAppLogin } from '@app/config';
import { createDataSource, migrateDatabase } from '@app/persistence';
import { contactBody, dateOfBirthAged, nhsNumberFor, waitFor } from '@app/testing';
import { PartnerAdmin } from '@app/intake';
import { StaffUserAdmin } from '../../apps/desk/src/staff-users/staff-user-admin';
import { placementBody } from '../placement/placement-support';
import { decisionsDifferingFromReplay } from '../support/arrival-order';
import { AppProcess, spawnApp } from '../support/processes';
import { ChaosEnvironment } from './environment';

const RATE = Number(process.env.CHAOS_RATE ?? 15); // contacts per second
const SECONDS = Number(process.env.CHAOS_SECONDS ?? 75);
const CHILDREN = Number(process.env.CHAOS_CHILDREN ?? 150);
// Level 4 (physical_abuse_injury) routes to statutory assessment and opens a case that the child's later
// contacts join: decisions that depend on the order of arrival, which the replay oracle checks.
const INDICATORS = [
  'physical_abuse_injury',
  'bereavement',
  'financial_hardship',
  'emotional_wellbeing_concern',
  'self_harm',
  'young_carer',
  'homelessness',
];

interface Sent {
  key: string;
  child: number;
  scheduledAt: number;
  acceptedAt?: number;
  id?: string;
  answers: { status: number; retryAfter: string | null }[];
  dropped: number;
}

/** Seeded random numbers, so a failing run can be repeated (CHAOS_SEED). */
function rng(seed: number) {
  return () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
}

describe('chaos: no contact lost or duplicated through crashes of triage, Kafka, Redis and Postgres', () => {
  const env = new ChaosEnvironment();
  const processes: Record<string, AppProcess> = {};
  let ds: DataSource;

  beforeAll(async () => {
    await env.start();
    await migrateDatabase(env.databaseUrl, managedAppLogin(loadConfig({ ...process.env, ...env.appEnv() })));
    ds = createDataSource(env.databaseUrl);
    await ds.initialize();
    processes.intake = await spawnApp('intake-api', env.appEnv());
    processes.triageA = await spawnApp('triage', env.appEnv());
    processes.triageB = await spawnApp('triage', env.appEnv());
    processes.desk = await spawnApp('desk', env.appEnv());
    processes.alerts = await spawnApp('alerts', env.appEnv());
  });

  afterAll(async () => {
    for (const p of Object.values(processes)) p.child.kill('SIGKILL');
    await ds?.destroy().catch(() => undefined);
    await env.stop();
  });

  it('every accepted contact is triaged once, in order per child; every refusal was 503 or 429 with Retry-After', async () => {
    const seed = Number(process.env.CHAOS_SEED ?? Date.now() % 100000);
    // Printed first, so a run that fails (or hangs) can be replayed: CHAOS_SEED=<seed> npm run test:chaos.
    process.stdout.write(`Chaos seed ${seed} (replay with CHAOS_SEED=${seed})\n`);
    const random = rng(seed);
    const admin = new PartnerAdmin(ds);
    const { key } = await admin.create(`chaos-${seed}`, 'police', 'Chaos Constabulary');
    const intakeUrl = `http://127.0.0.1:${processes.intake.port}`;

    const childBody = (c: number, i: number) =>
      contactBody({
        source: { agency: 'police', organisation: 'Chaos Constabulary' },
        child: {
          firstName: 'Kit',
          lastName: `Chaos${'abcdefghij'[c % 10]}${'abcdefghij'[Math.floor(c / 10) % 10]}${'abcdefghij'[Math.floor(c / 100) % 10]}`,
          dateOfBirth: dateOfBirthAged(12, '01-15'),
          nhsNumber: i % 2 ? nhsNumberFor(seed * 1000 + c) : undefined,
        },
        concerns: { indicators: [INDICATORS[i % INDICATORS.length]] },
      });

    /** The partner's client: retries with the same Idempotency-Key on 503, 429 or a dropped connection. */
    const send = async (s: Sent, body: unknown) => {
      const deadline = Date.now() + 120_000;
      while (Date.now() < deadline) {
        try {
          const res = await fetch(`${intakeUrl}/v1/contacts`, {
            method: 'POST',
            headers: {
              authorization: `Bearer ${key}`,
              'content-type': 'application/json',
              'idempotency-key': s.key,
            },
            body: JSON.stringify(body),
            signal: AbortSignal.timeout(15000),
          });
          const retryAfter = res.headers.get('retry-after');
          s.answers.push({ status: res.status, retryAfter });
          if (res.status === 202) {
            s.id = ((await res.json()) as { id: string }).id;
            s.acceptedAt = Date.now();
            return;
          }
          await res.arrayBuffer();
          if (res.status !== 503 && res.status !== 429) return;
          await new Promise((r) => setTimeout(r, Math.min(2000, Number(retryAfter ?? 1) * 1000)));
        } catch {
          s.dropped++;
          await new Promise((r) => setTimeout(r, 300));
        }
      }
    };

    // Faults at random moments of the load, one after another.
    const faults: { name: string; at: number }[] = [];
    const faultPlan: [string, () => Promise<void>][] = [
      [
        'SIGKILL triage A',
        async () => {
          processes.triageA.child.kill('SIGKILL');
          await processes.triageA.exited;
          processes.triageA = await spawnApp('triage', env.appEnv());
        },
      ],
      [
        'kill and restart Kafka',
        async () => {
          env.kafka('kill9');
          await new Promise((r) => setTimeout(r, 2000));
          env.kafka('start');
        },
      ],
      ['restart Redis', () => env.restartRedis()],
      ['Postgres down for 5 s (immediate shutdown)', () => env.restartPostgresImmediate(5000)],
      [
        'SIGKILL triage B',
        async () => {
          processes.triageB.child.kill('SIGKILL');
          await processes.triageB.exited;
          processes.triageB = await spawnApp('triage', env.appEnv());
        },
      ],
    ];
    const window = (SECONDS - 15) * 1000;
    const offsets = faultPlan.map(
      (_, i) => 5000 + (i * window) / faultPlan.length + random() * (window / faultPlan.length) * 0.8,
    );

    // Alert-worthy events during the faults: placement requests held for panel (each raises one alert; a
    // repeat for the same child and type, or a retry whose first answer was lost, is linked and raises none).
    await new StaffUserAdmin(ds).create(`chaos-sw-${seed}`, 'social_worker', 'chaos-password-1');
    const deskUrl = `http://127.0.0.1:${processes.desk.port}`;
    const login = await fetch(`${deskUrl}/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: `chaos-sw-${seed}`, password: 'chaos-password-1' }),
    });
    const { accessToken } = (await login.json()) as { accessToken: string };
    const placementChildren: string[] = [];
    const placementAnswers: { status: number; retryAfter: string | null }[] = [];
    const requestPlacement = async (childId: string) => {
      const deadline = Date.now() + 120_000;
      while (Date.now() < deadline) {
        try {
          const res = await fetch(`${deskUrl}/v1/placement-requests`, {
            method: 'POST',
            headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
            body: JSON.stringify(placementBody(childId, { evidence: {} })),
            signal: AbortSignal.timeout(15000),
          });
          placementAnswers.push({ status: res.status, retryAfter: res.headers.get('retry-after') });
          await res.arrayBuffer();
          if (res.status === 201) return;
          if (res.status !== 503 && res.status !== 429) return;
        } catch {
          // dropped connection: retry (a retry of a request that was recorded is linked, not alerted)
        }
        await new Promise((r) => setTimeout(r, 500));
      }
    };

    const start = Date.now();
    const sent: Sent[] = [];
    const inFlight: Promise<void>[] = [];
    const chaos = (async () => {
      for (let i = 0; i < faultPlan.length; i++) {
        const wait = start + offsets[i] - Date.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        faults.push({ name: faultPlan[i][0], at: Date.now() });
        await faultPlan[i][1]();
      }
    })();
    const total = RATE * SECONDS;
    for (let i = 0; i < total; i++) {
      const scheduledAt = start + (i * 1000) / RATE;
      const wait = scheduledAt - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const child = Math.floor(random() * CHILDREN);
      const s: Sent = { key: `chaos-${seed}-${i}`, child, scheduledAt, answers: [], dropped: 0 };
      sent.push(s);
      inFlight.push(send(s, childBody(child, i)));
      // Every 60th contact, once accepted and triaged, gets a placement request (some children twice).
      if (i % 60 === 30) {
        inFlight.push(
          (async () => {
            const childId = await waitFor(
              'a child id for a placement request',
              async () =>
                s.id &&
                (await ds.query('SELECT child_id FROM contacts WHERE id = $1', [s.id]).catch(() => []))[0]
                  ?.child_id,
              180_000,
              500,
            );
            placementChildren.push(childId);
            await requestPlacement(childId);
          })(),
        );
      }
    }
    await chaos;
    await Promise.all(inFlight);

    const accepted = sent.filter((s) => s.id);
    const acceptedIds = accepted.map((s) => s.id!);
    // Settle: every accepted contact triaged and the outbox drained.
    await waitFor(
      'the pipeline to settle',
      async () => {
        const [{ n }] = await ds.query(
          `SELECT count(*)::int AS n FROM contacts WHERE id = ANY($1) AND status = 'triaged'`,
          [acceptedIds],
        );
        const [{ o }] = await ds.query('SELECT count(*)::int AS o FROM outbox');
        return n === acceptedIds.length && o === 0;
      },
      240_000,
      500,
    );

    // Every accepted id is stored and decided; nothing else was.
    const decided: { contact_id: string }[] = await ds.query('SELECT DISTINCT contact_id FROM decisions');
    expect(new Set(decided.map((d) => d.contact_id))).toEqual(new Set(acceptedIds));
    // No duplicates.
    const [dups] = await ds.query(`
      SELECT
        (SELECT count(*)::int FROM (SELECT idempotency_key FROM contacts GROUP BY partner_id, idempotency_key HAVING count(*) > 1) x) AS keys,
        (SELECT count(*)::int FROM (SELECT contact_id FROM decisions GROUP BY contact_id, triaged_at HAVING count(*) > 1) x) AS decisions_per_time,
        (SELECT count(*)::int FROM (SELECT contact_id FROM decisions WHERE is_current GROUP BY contact_id HAVING count(*) > 1) x) AS current_decisions,
        (SELECT count(*)::int FROM contacts) AS contacts,
        (SELECT count(*)::int FROM desk_items) AS desk_items`);
    expect(dups).toEqual({
      keys: 0,
      decisions_per_time: 0,
      current_decisions: 0,
      contacts: acceptedIds.length,
      desk_items: acceptedIds.length,
    });
    // One SLA timer per contact (the job id is derived from the contact).
    const redis = new Redis(env.redisUrl, { maxRetriesPerRequest: null });
    const queue = new Queue(QueueName.Sla, { connection: redis, prefix: 'chaos' });
    const jobs = await queue.getJobs(['delayed', 'waiting', 'active', 'completed', 'failed']);
    const jobIds = jobs.map((j) => j.id);
    expect(new Set(jobIds).size).toBe(jobIds.length);
    expect(new Set(jobIds)).toEqual(new Set(acceptedIds.map(slaJobId)));
    await queue.close();
    await redis.quit();

    // The oracle: every contact decided again, single-threaded, in arrival order from the stored inputs
    // (open cases carried from round to round); every stored current decision must equal the replay.
    const criteria = (bundledCriteriaRegistry() as CriteriaRegistry).current();
    const replay = await decisionsDifferingFromReplay(ds, criteria);
    expect(replay.compared).toBe(acceptedIds.length);
    expect(replay.differing).toEqual([]);
    const rows: { child_id: string }[] = await ds.query('SELECT child_id FROM contacts');
    const byChild = new Set(rows.map((r) => r.child_id));
    // The children as the client knows them were matched into the same number of children.
    expect(byChild.size).toBe(new Set(accepted.map((s) => s.child)).size);

    // One alert per alert-worthy event: one ALTERNATIVES_NOT_EXHAUSTED alert per child with a held request
    // (repeats and retries are linked), each delivered in-app to every recipient role.
    const distinctChildren = new Set(placementChildren);
    expect(distinctChildren.size).toBeGreaterThan(0);
    const alertsPerChild: { child_id: string; alerts: number }[] = await ds.query(
      `SELECT p.child_id, count(DISTINCT a.id)::int AS alerts
         FROM placement_requests p JOIN alerts a ON a.subject_type = 'placement_request' AND a.subject_id = p.id::text
        WHERE a.kind = 'ALTERNATIVES_NOT_EXHAUSTED' GROUP BY p.child_id`,
    );
    expect(alertsPerChild.length).toBe(distinctChildren.size);
    expect(alertsPerChild.every((r) => r.alerts === 1)).toBe(true);
    await waitFor(
      'every alert delivered in-app',
      async () => {
        const [{ open }] = await ds.query(
          `SELECT count(*)::int AS open FROM alert_deliveries WHERE channel = 'in_app' AND status <> 'delivered'`,
        );
        const [{ planned }] = await ds.query(
          `SELECT count(DISTINCT alert_id)::int AS planned FROM alert_deliveries`,
        );
        return open === 0 && planned >= distinctChildren.size;
      },
      120_000,
      500,
    );
    const [{ dupDeliveries }] = await ds.query(
      `SELECT count(*)::int AS "dupDeliveries" FROM (SELECT 1 FROM alert_deliveries GROUP BY alert_id, channel, recipient HAVING count(*) > 1) x`,
    );
    expect(dupDeliveries).toBe(0);
    const placementRefusals = placementAnswers.filter((a) => a.status !== 201);
    expect(
      placementRefusals.filter((a) => !((a.status === 503 || a.status === 429) && a.retryAfter)),
    ).toEqual([]);

    // Every non-2xx answer was 503 or 429 with Retry-After.
    const refusals = sent.flatMap((s) => s.answers).filter((a) => a.status !== 202);
    expect(refusals.filter((a) => !((a.status === 503 || a.status === 429) && a.retryAfter))).toEqual([]);
    // The load kept coming through the faults: with Postgres down, intake refused (and the client retried).
    expect(refusals.filter((a) => a.status === 503).length).toBeGreaterThan(0);
    expect(accepted.length).toBe(sent.length);

    // Recovery: from each fault until every contact accepted before it was triaged and one accepted after it was.
    const decidedAt = new Map<string, number>(
      (await ds.query('SELECT contact_id, min(created_at) AS at FROM decisions GROUP BY contact_id')).map(
        (r: { contact_id: string; at: Date }) => [r.contact_id, new Date(r.at).getTime()],
      ),
    );
    const recoveries = faults.map((f) => {
      const before = accepted.filter((s) => s.acceptedAt! <= f.at).map((s) => decidedAt.get(s.id!)!);
      const after = accepted.filter((s) => s.scheduledAt > f.at).map((s) => decidedAt.get(s.id!)!);
      const recovered = Math.max(...before, Math.min(...after));
      return { fault: f.name, recoveryMs: recovered - f.at };
    });
    const report = {
      seed,
      sent: sent.length,
      accepted: accepted.length,
      triaged: decided.length,
      duplicates: dups.keys + dups.decisions_per_time + dups.current_decisions,
      placementRequests: placementAnswers.filter((a) => a.status === 201).length,
      placementAlerts: alertsPerChild.length,
      refusals: refusals.length,
      droppedConnections: sent.reduce((n, s) => n + s.dropped, 0),
      faults: recoveries,
      longestRecoveryMs: Math.max(...recoveries.map((r) => r.recoveryMs)),
    };
    console.log(`Chaos report:\n${JSON.stringify(report, null, 2)}`);
  });

  it('contacts accepted while Kafka is down are published when it returns, in order per child', async () => {
    const admin = new PartnerAdmin(ds);
    const { key } = await admin.create(`outage-${Date.now()}`, 'school', 'Outage Primary');
    const intakeUrl = `http://127.0.0.1:${processes.intake.port}`;
    env.kafka('stop');
    const ids: { id: string; child: number; i: number }[] = [];
    for (let i = 0; i < 60; i++) {
      const child = i % 6;
      const res = await fetch(`${intakeUrl}/v1/contacts`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${key}`,
          'content-type': 'application/json',
          'idempotency-key': `outage-${i}`,
        },
        body: JSON.stringify(
          contactBody({
            child: { lastName: `Outage${'abcdef'[child]}`, nhsNumber: nhsNumberFor(900000 + child) },
            concerns: { indicators: [INDICATORS[i % INDICATORS.length]] },
          }),
        ),
      });
      // A safeguarding referral is never refused because the broker is down.
      expect(res.status).toBe(202);
      ids.push({ id: ((await res.json()) as { id: string }).id, child, i });
    }
    const [{ n }] = await ds.query('SELECT count(*)::int AS n FROM outbox');
    expect(n).toBeGreaterThanOrEqual(60);
    env.kafka('start');
    await waitFor(
      'the contacts accepted during the outage to be triaged',
      async () =>
        (
          await ds.query(
            `SELECT count(*)::int AS n FROM contacts WHERE id = ANY($1) AND status = 'triaged'`,
            [ids.map((x) => x.id)],
          )
        )[0].n === 60,
      120_000,
      500,
    );
    // In order per child: each child's events sit on one partition in the order the contacts were accepted.
    const { createKafka, TopicNames } = await import('@app/messaging');
    const config = loadConfig({ ...process.env, ...env.appEnv() });
    const consumer = createKafka(config, 'outage-check').consumer({ groupId: `outage-check-${Date.now()}` });
    await consumer.connect();
    await consumer.subscribe({
      topic: TopicNames.from(config).topic('contact.received.v1'),
      fromBeginning: true,
    });
    const seen = new Map<string, { partition: number; offset: bigint }>();
    const wanted = new Set(ids.map((x) => x.id));
    await new Promise<void>((resolve) => {
      void consumer.run({
        eachMessage: async ({ message, partition }) => {
          const id = JSON.parse(message.value!.toString()).payload?.contactId;
          if (wanted.has(id) && !seen.has(id)) seen.set(id, { partition, offset: BigInt(message.offset) });
          if (seen.size === wanted.size) resolve();
        },
      });
    });
    await consumer.disconnect();
    for (let child = 0; child < 6; child++) {
      const mine = ids.filter((x) => x.child === child).map((x) => seen.get(x.id)!);
      expect(new Set(mine.map((m) => m.partition)).size).toBe(1);
      const offsets = mine.map((m) => m.offset);
      expect([...offsets].sort((a, b) => (a < b ? -1 : 1))).toEqual(offsets);
    }
  });
});
