/**
 * The desk's reads on a database the scale run kept (`npm run bench -- --scale=... --scale-keep`), with the
 * desk started from a source tree of your choice: to compare two versions on the same history, and to read
 * their plans. Not part of `npm run bench`.
 *
 *   node -r @swc-node/register test/bench/scale-reads.ts --db=front_door_scale_xxx [--root=/other/tree] [--reads=10]
 *
 * Prints, as JSON: the duty queue's first page and filtered pages (p50/p99), the dashboard over ten years
 * (its three reads at once, worst of 5), a year's Annex A and CIN census (time and the desk's peak RSS).
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import Redis from 'ioredis';
import { StaffRole, StaffTokens } from '@app/auth';
import { loadConfig } from '@app/config';
import { latencyStats } from '@app/testing';
import { freePort } from '../support/processes';
import { rssMb } from './pipeline';

const arg = (name: string) =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? undefined;

async function main() {
  const db = arg('db');
  if (!db) throw new Error('--db=<database the scale run kept> is required');
  const root = path.resolve(arg('root') ?? path.resolve(__dirname, '../..'));
  const reads = Number(arg('reads') ?? 10);
  const base = loadConfig({ ...process.env, NODE_ENV: 'test' });
  const url = new URL(base.DATABASE_URL);
  url.pathname = `/${db}`;
  const prefix = `scale-reads.${Date.now().toString(36)}`;
  const env = {
    ...process.env,
    NODE_ENV: 'test',
    DATABASE_URL: url.toString(),
    REDIS_PREFIX: prefix,
    KAFKA_TOPIC_PREFIX: `${prefix}.`,
    LOG_LEVEL: 'warn',
    KAFKAJS_NO_PARTITIONER_WARNING: '1',
  };
  const config = loadConfig(env);
  const redis = new Redis(base.REDIS_URL, { maxRetriesPerRequest: null });
  const tokens = new StaffTokens(config.STAFF_TOKEN_SECRET, 3600, redis, config.REDIS_PREFIX);
  const token = (role: StaffRole) => tokens.issue({ id: `r-${role}`, username: `reads-${role}`, role });
  const port = await freePort();
  const desk = spawn(process.execPath, ['-r', '@swc-node/register', 'apps/desk/src/main.ts'], {
    cwd: root,
    env: { ...env, DESK_PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  desk.stdout!.on('data', (d) => (out += d));
  desk.stderr!.on('data', (d) => (out += d));
  const at = `http://127.0.0.1:${port}`;
  try {
    for (let i = 0; ; i++) {
      if (desk.exitCode !== null) throw new Error(`desk exited: ${out.slice(-2000)}`);
      if ((await fetch(`${at}/health/ready`).catch(() => null))?.ok) break;
      if (i > 1200) throw new Error('desk not ready');
      await new Promise((r) => setTimeout(r, 200));
    }
    const get = async (p: string, role: StaffRole) => {
      const t = performance.now();
      const res = await fetch(`${at}${p}`, { headers: { authorization: `Bearer ${await token(role)}` } });
      const body = Buffer.from(await res.arrayBuffer());
      // A read that fails counts as slower than any answer (and says why on stderr).
      if (res.status !== 200) console.error(`${p}: ${res.status} ${body.toString().slice(0, 300)}`);
      return { ms: res.status === 200 ? performance.now() - t : Infinity, bytes: body.length, body };
    };
    const stats = async (p: string, role: StaffRole) => {
      await get(p, role);
      const ms: number[] = [];
      for (let i = 0; i < reads; i++) ms.push((await get(p, role)).ms);
      const s = latencyStats(ms.filter(Number.isFinite), ms.filter((x) => !Number.isFinite(x)).length);
      return { p50: round(s.p50), p99: round(s.p99), failed: s.failed };
    };
    const peak = async (p: string, role: StaffRole) => {
      let max = rssMb(desk.pid) ?? 0;
      const before = max;
      const timer = setInterval(() => (max = Math.max(max, rssMb(desk.pid) ?? 0)), 50);
      const r = await get(p, role).finally(() => clearInterval(timer));
      return { ms: round(r.ms), bytes: r.bytes, rssBeforeMb: round(before), peakRssMb: round(max) };
    };
    const today = new Date().toISOString().slice(0, 10);
    const tenYears = `from=${new Date().getUTCFullYear() - 10}${today.slice(4)}&to=${today}`;
    const y = new Date().getUTCFullYear();
    const census = new Date() >= new Date(`${y}-04-01T00:00:00Z`) ? y : y - 1;
    const result: Record<string, unknown> = { db, root };
    result.queueFirstPage = await stats('/v1/queue', 'duty_manager');
    result.queueAwaitingFiltered = await stats('/v1/queue?locality=NORTH&level=3', 'duty_manager');
    result.queueAllFiltered = await stats('/v1/queue?status=all&locality=NORTH&level=3', 'duty_manager');
    result.summaryTenYears = await stats(`/v1/insights/summary?${tenYears}`, 'head_of_service');
    const pages: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t = performance.now();
      await Promise.all(
        ['daily', 'spikes', 'summary'].map((r) => get(`/v1/insights/${r}?${tenYears}`, 'head_of_service')),
      );
      pages.push(performance.now() - t);
    }
    result.dashboardTenYearsWorstOf5 = round(Math.max(...pages));
    result.annexA = await peak(
      `/v1/returns/annex-a?from=${census - 1}-04-01&to=${census}-03-31`,
      'head_of_service',
    );
    result.cinCensus = await peak(`/v1/returns/cin-census?year=${census}`, 'head_of_service');
    console.log(JSON.stringify(result, null, 2));
  } finally {
    desk.kill('SIGTERM');
    redis.disconnect();
  }
}

const round = (x: number) => (Number.isFinite(x) ? Math.round(x * 10) / 10 : x);

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
