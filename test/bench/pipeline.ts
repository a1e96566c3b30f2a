/**
 * What the benchmark (run.ts) and the data-scale run (scale.ts) share: the end-to-end measurement (open-model
 * load on intake, each contact's decision seen on contact.triaged.v1), settling the pipeline, app processes'
 * CPU and memory, and clean-up of the run's database, topics and Redis keys.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { Queue } from 'bullmq';
import Redis from 'ioredis';
import { Kafka } from 'kafkajs';
import { Client, Pool } from 'pg';
import { slaJobId } from '@app/contracts';
import { latencyStats, LatencyStats } from '@app/testing';
import { AppProcess } from '../support/processes';
import { HttpLoad, LoadResult } from './load';

export const log = (s: string) => console.log(`[bench] ${s}`);
export const round = (n: number | null | undefined, d = 1) =>
  n === null || n === undefined || !Number.isFinite(n) ? null : Math.round(n * 10 ** d) / 10 ** d;
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** CPU seconds a process has used so far (user + system). */
export function cpuSec(pid: number | undefined): number {
  if (!pid) return NaN;
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(f[11]) + Number(f[12])) / 100;
  } catch {
    return NaN;
  }
}

export function rssMb(pid: number | undefined): number | null {
  if (!pid) return null;
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : null;
  } catch {
    return null;
  }
}

export async function stopApp(p: AppProcess | null) {
  if (!p || p.child.exitCode !== null || p.child.signalCode !== null) return;
  p.child.kill('SIGTERM');
  const t = setTimeout(() => p.child.kill('SIGKILL'), 20000);
  await p.exited;
  clearTimeout(t);
}

// --- end to end --------------------------------------------------------------------------------------

/** Consumes contact.triaged.v1 from the start and notes when each contact's own decision arrived. */
export class TriagedWatcher {
  readonly arrivals = new Map<string, number>();
  private waiters: { id: string; resolve: () => void }[] = [];
  private consumer: ReturnType<Kafka['consumer']> | null = null;
  onArrival: ((contactId: string) => void) | null = null;

  constructor(
    private readonly kafka: Kafka,
    private readonly topic: string,
  ) {}

  async start() {
    this.consumer = this.kafka.consumer({ groupId: `bench-watcher-${randomUUID()}`, maxWaitTimeInMs: 50 });
    await this.consumer.connect();
    await this.consumer.subscribe({ topic: this.topic, fromBeginning: true });
    await this.consumer.run({
      partitionsConsumedConcurrently: 6,
      eachMessage: async ({ message }) => {
        const at = performance.now();
        const e = JSON.parse(message.value!.toString()) as {
          payload: { contactId: string; triggeredBy: string };
        };
        if (e.payload.contactId !== e.payload.triggeredBy || this.arrivals.has(e.payload.contactId)) return;
        this.arrivals.set(e.payload.contactId, at);
        this.onArrival?.(e.payload.contactId);
      },
    });
  }

  async stop() {
    await this.consumer?.disconnect();
    this.waiters = [];
  }
}

export function stats(values: number[], failed = 0): LatencyStats {
  return latencyStats(values, failed);
}

/** Top-level percentiles: scheduled send -> decision seen, every failure and time-out counted (the goal's). */
export interface E2eResult extends LatencyStats {
  rate: number;
  /** Offered, and the answers other than 202. */
  offered: number;
  errors: number;
  /** Accepted but not decided within the time-out. */
  missing: number;
  /** 202 -> decision seen, failures counted the same way (the figure earlier READMEs gave). */
  from202: LatencyStats;
  /** scheduled send -> decision seen of each decided contact, in send order (for the held-rate rule). */
  lags: number[];
  deskItems: number;
  sampled: number;
  timersAtArrival: number;
  timersAfter: number;
  /** How long after the last 202 the last decision arrived. */
  drainAfterMs: number;
  intake: LoadResult;
  /** 202 -> the triage transaction began; that -> the triaged event seen by the watcher. */
  toTriage: LatencyStats;
  fromTriage: LatencyStats;
  /** 202 -> decision, desk item and SLA timer all in place, for the sampled contacts. */
  withTimer: LatencyStats;
}

export async function endToEnd(
  load: HttpLoad,
  watcher: TriagedWatcher,
  sla: Queue,
  pool: Pool,
  rate: number,
  seconds: number,
  make: (i: number) => { path: string; headers: Record<string, string>; body: string },
  opts: { pipeline?: boolean } = {},
): Promise<E2eResult> {
  // pipeline false: the bare pipeline, which has no decisions, desk items or timers to look at.
  const pipeline = opts.pipeline ?? true;
  const ids: (string | undefined)[] = [];
  const answeredAt: number[] = [];
  const scheduledAt: number[] = [];
  const sampleEvery = pipeline ? Math.max(1, Math.floor((rate * seconds) / 200)) : Number.POSITIVE_INFINITY;
  const sampled = new Set<string>();
  // For a sample of contacts, when the SLA timer is in place too (it is placed just after the decision's
  // commit): the first check at the event's arrival, then every 2 ms until it is there.
  const checks: Promise<boolean>[] = [];
  const timerAt = new Map<string, number>();
  watcher.onArrival = (id) => {
    if (!sampled.has(id)) return;
    checks.push(
      (async () => {
        for (let n = 0; n < 2500; n++) {
          const job = await sla.getJob(slaJobId(id)).catch(() => null);
          if (job) {
            timerAt.set(id, performance.now());
            return n === 0;
          }
          await sleep(2);
        }
        return false;
      })(),
    );
  };
  const intake = await load.openLoad({
    rate,
    seconds,
    make,
    keepBody: true,
    onAnswer: (i, s) => {
      if (s.status !== 202) return;
      const id = (JSON.parse(s.body!) as { id: string }).id;
      ids[i] = id;
      answeredAt[i] = s.doneAt;
      scheduledAt[i] = s.sentAt;
      if (pipeline && i % sampleEvery === 0 && !watcher.arrivals.has(id)) sampled.add(id);
    },
  });
  const lastAnswer = Math.max(...answeredAt.filter((x) => x !== undefined));
  const accepted = ids.map((id, i) => ({ id, i })).filter((x): x is { id: string; i: number } => !!x.id);
  await waitUntil(async () => accepted.every((x) => watcher.arrivals.has(x.id)), 30000, 20).catch(
    () => undefined,
  );
  watcher.onArrival = null;
  const lat: number[] = [];
  const fromSched: number[] = [];
  let lastArrival = 0;
  for (const { id, i } of accepted) {
    const at = watcher.arrivals.get(id);
    if (at === undefined) continue;
    lat.push(at - answeredAt[i]);
    fromSched.push(at - scheduledAt[i]);
    lastArrival = Math.max(lastArrival, at);
  }
  const timersAtArrival = (await Promise.all(checks)).filter(Boolean).length;
  const withTimer: number[] = [];
  for (const { id, i } of accepted) {
    const at = watcher.arrivals.get(id);
    const timer = timerAt.get(id);
    if (at !== undefined && timer !== undefined) withTimer.push(Math.max(at, timer) - answeredAt[i]);
  }
  const after = await Promise.all([...sampled].map((id) => sla.getJob(slaJobId(id)).then((j) => !!j)));
  const desk = pipeline
    ? await pool.query('SELECT count(*) AS n FROM desk_items WHERE contact_id = ANY($1::uuid[])', [
        accepted.map((x) => x.id),
      ])
    : { rows: [{ n: 0 }] };
  // Where the time goes: 202 -> the triage transaction's start (the relay's hop and the consumer's fetch),
  // and that start -> the triaged event seen (the transaction, the relay's second hop and Kafka).
  const started = pipeline
    ? await pool.query<{ id: string; at: number }>(
        `SELECT contact_id AS id, extract(epoch FROM created_at) * 1000 AS at FROM decisions
          WHERE contact_id = ANY($1::uuid[]) AND triggered_by = contact_id`,
        [accepted.map((x) => x.id)],
      )
    : { rows: [] as { id: string; at: number }[] };
  const triageStart = new Map(started.rows.map((r) => [r.id, Number(r.at) - performance.timeOrigin]));
  const toTriage: number[] = [];
  const fromTriage: number[] = [];
  for (const { id, i } of accepted) {
    const t = triageStart.get(id);
    const at = watcher.arrivals.get(id);
    if (t === undefined || at === undefined) continue;
    toTriage.push(t - answeredAt[i]);
    fromTriage.push(at - t);
  }
  log(
    `  at ${rate}/s: 202 -> triage start p50 ${round(stats(toTriage).p50)} p99 ${round(stats(toTriage).p99)} ms; triage start -> event seen p50 ${round(stats(fromTriage).p50)} p99 ${round(stats(fromTriage).p99)} ms`,
  );
  const failed = intake.sent - accepted.length + (accepted.length - lat.length);
  return {
    rate,
    ...stats(fromSched, failed),
    offered: intake.sent,
    from202: stats(lat, failed),
    lags: fromSched,
    toTriage: stats(toTriage),
    fromTriage: stats(fromTriage),
    withTimer: stats(withTimer),
    errors: intake.errors,
    missing: accepted.length - lat.length,
    deskItems: Number(desk.rows[0].n),
    sampled: sampled.size,
    timersAtArrival,
    timersAfter: after.filter(Boolean).length,
    drainAfterMs: lastArrival - lastAnswer,
    intake,
  };
}

/** Waits until every contact received was triaged and the outbox is empty: a settled service. */
export async function settle(pool: Pool, timeoutMs = 600_000): Promise<void> {
  await waitUntil(
    async () =>
      Number(
        (
          await pool.query(
            `SELECT (SELECT count(*) FROM contacts WHERE status = 'received') + (SELECT count(*) FROM outbox) AS n`,
          )
        ).rows[0].n,
      ) === 0,
    timeoutMs,
    200,
  );
}

export async function cleanUp(
  kafka: Kafka,
  redis: Redis,
  topicPrefix: string,
  redisPrefix: string,
  dbUrl: URL,
) {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const topics = (await admin.listTopics()).filter((t) => t.startsWith(topicPrefix));
    if (topics.length) await admin.deleteTopics({ topics });
    const groups = (await admin.listGroups()).groups
      .map((g) => g.groupId)
      .filter((g) => g.startsWith(topicPrefix) || g.startsWith('bench-'));
    if (groups.length) await admin.deleteGroups(groups).catch(() => undefined);
  } finally {
    await admin.disconnect();
  }
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${redisPrefix}*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length) await redis.unlink(...keys);
  } while (cursor !== '0');
  const admin2 = new URL(dbUrl.toString());
  admin2.pathname = '/postgres';
  const client = new Client({ connectionString: admin2.toString() });
  await client.connect();
  await client.query(`DROP DATABASE IF EXISTS "${dbUrl.pathname.slice(1)}" WITH (FORCE)`);
  await client.end();
  log('dropped the bench database, topics, groups and Redis keys');
}

export async function waitUntil(
  probe: () => Promise<boolean>,
  timeoutMs: number,
  everyMs = 100,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms`);
    await sleep(everyMs);
  }
}

export function strip(r: LoadResult) {
  const { samples: _samples, ...rest } = r;
  return rest;
}

export function stripE2e(r: E2eResult) {
  const { lags: _lags, ...rest } = r;
  return { ...rest, intake: strip(r.intake) };
}
