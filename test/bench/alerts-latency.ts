/**
 * Alert latency: from an alert being raised (a placement request held for panel, recorded at its receipt time)
 * to its delivery on the in-app feed and on a signed webhook, over the real Kafka, Postgres, Redis and BullMQ.
 * Goal (placement-gatekeeping.md, issue 6): p99 under 5 s on both channels.
 *
 * Runs the staff API and the alerts app in this process, with a local webhook receiver, in the database named
 * by DATABASE_URL (migrated if needed) and topic and Redis prefixes of its own. `node -r @swc-node/register
 * test/bench/alerts-latency.ts` runs it alone; BENCH_ALERTS (default 200) requests, BENCH_ALERTS_RATE per second.
 */
import { Client } from 'pg';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { loadConfig, managedAppLogin } from '@app/config';
import { migrateDatabase } from '@app/persistence';
import { waitFor } from '@app/testing';
import { placementBody, seedChild, tokenFor, WebhookReceiver } from '../placement/placement-support';
import { startAlerts, startDesk } from '../support/apps';

export interface LatencyFigure {
  channel: 'in_app' | 'webhook';
  p50: number;
  p99: number;
  n: number;
}

const percentile = (sorted: number[], p: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] : NaN;

export async function benchAlertLatency(
  opts: { n?: number; ratePerSecond?: number } = {},
): Promise<LatencyFigure[]> {
  const n = opts.n ?? Number(process.env.BENCH_ALERTS ?? 200);
  const rate = opts.ratePerSecond ?? Number(process.env.BENCH_ALERTS_RATE ?? 20);
  const saved = { ...process.env };
  const id = randomBytes(4).toString('hex');
  const secret = `bench-${id}-${randomBytes(32).toString('hex')}`;
  const hook = await new WebhookReceiver([secret]).start();
  // A database of its own: the outbox relay elects one leader per database, and another deployment's
  // relay there (the bench's own intake and triage) would publish these alerts under its topic prefix.
  const database = new URL(loadConfig().DATABASE_URL);
  database.pathname = `${database.pathname}_alerts_${id}`;
  Object.assign(process.env, {
    DATABASE_URL: database.toString(),
    KAFKA_TOPIC_PREFIX: `${process.env.KAFKA_TOPIC_PREFIX ?? ''}alerts-bench.${id}.`,
    REDIS_PREFIX: `${process.env.REDIS_PREFIX ?? 'front-door'}:alerts-bench:${id}`,
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'error',
    ALERT_WEBHOOK_URLS: hook.url,
    ALERT_WEBHOOK_SECRETS: secret,
    SMTP_URL: '',
  });
  await migrateDatabase(loadConfig().DATABASE_URL, managedAppLogin(loadConfig()));
  const desk = await startDesk();
  const alerts = await startAlerts();
  try {
    const ds = desk.app.get(DataSource);
    const token = tokenFor(desk, 'social_worker', 'bench-social-worker');
    const children = await Promise.all(Array.from({ length: n }, () => seedChild(ds)));
    // Warm-up (not measured): the first alert waits for the consumer group to be assigned its partitions.
    const warm = await seedChild(ds);
    const warmRes = await fetch(`${desk.url}/v1/placement-requests`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(placementBody(warm.childId, { evidence: {} })),
    });
    const warmAlert = ((await warmRes.json()) as { alerts: { id: string }[] }).alerts[0].id;
    await waitFor(
      'the warm-up alert delivered',
      async () => {
        const r = await ds.query(
          `SELECT 1 FROM alert_deliveries WHERE alert_id = $1 AND status = 'delivered'`,
          [warmAlert],
        );
        return r.length === 3;
      },
      60000,
    );
    const alertIds: string[] = [];
    const started = Date.now();
    await Promise.all(
      children.map(async ({ childId }, i) => {
        await new Promise((r) => setTimeout(r, started + (i * 1000) / rate - Date.now()));
        const res = await fetch(`${desk.url}/v1/placement-requests`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify(placementBody(childId, { evidence: {} })),
        });
        if (res.status !== 201) throw new Error(`placement request answered ${res.status}`);
        alertIds.push(((await res.json()) as { alerts: { id: string }[] }).alerts[0].id);
      }),
    );
    const rows: { channel: 'in_app' | 'webhook'; ms: number }[] = await waitFor(
      'every in-app and webhook delivery',
      async () => {
        const r = await ds.query(
          `SELECT d.channel, d.status, EXTRACT(EPOCH FROM (d.delivered_at - a.raised_at)) * 1000 AS ms
             FROM alert_deliveries d JOIN alerts a ON a.id = d.alert_id
            WHERE d.alert_id = ANY($1::uuid[]) AND d.channel IN ('in_app','webhook')`,
          [alertIds],
        );
        // Two roles in-app plus one webhook per alert.
        const done = r.filter((x: { status: string }) => x.status === 'delivered');
        return (
          done.length === alertIds.length * 3 &&
          done.map((x: { channel: 'in_app' | 'webhook'; ms: string }) => ({
            channel: x.channel,
            ms: Number(x.ms),
          }))
        );
      },
      120000,
      200,
    );
    return (['in_app', 'webhook'] as const).map((channel) => {
      const ms = rows
        .filter((r) => r.channel === channel)
        .map((r) => r.ms)
        .sort((a, b) => a - b);
      return {
        channel,
        p50: Math.round(percentile(ms, 50)),
        p99: Math.round(percentile(ms, 99)),
        n: ms.length,
      };
    });
  } finally {
    await alerts.close();
    await desk.close();
    await hook.stop();
    await dropDatabase(database.toString());
    for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
    Object.assign(process.env, saved);
  }
}

if (require.main === module) {
  benchAlertLatency()
    .then((figures) => {
      console.table(figures);
      const met = figures.every((f) => f.p99 < 5000);
      console.log(met ? 'p99 under 5 s on both channels' : 'GOAL MISSED: p99 of 5 s');
      process.exit(met ? 0 : 1);
    })
    .catch((e) => {
      console.error(e);
      process.exit(1);
    });
}

async function dropDatabase(url: string): Promise<void> {
  const admin = new URL(url);
  const name = admin.pathname.slice(1);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).catch(() => undefined);
  await client.end();
}
