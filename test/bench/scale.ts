/**
 * `npm run bench -- --scale[=100k,1m,10m]`: the service on a database of realistic age (issue 21).
 *
 * Loads history into the real tables in SQL (generate_series, server-side: no rows cross the wire) in the
 * shape historyPlan gives (most children contacted once, a long tail contacted again and again across the
 * years, one child with 200 contacts; every source agency; 30% of children without an NHS number), each
 * contact with its decision and desk item as the live service would have left them, a quarter of them
 * referrals, and the dashboard's daily counts and referral figures. Sizes are loaded one on top of the other (100k, then 900k
 * more, ...). At each size it measures, beside a bare indexed lookup on the same tables: triage p50/p99 at
 * 200/s offered (from the scheduled send, failures counted) and triage throughput (a backlog through intake,
 * drained), the person-matching lookup, the duty queue's first page and a filtered page, the child view of
 * the child with 200 contacts, the dashboard over ten years, the import of a year (the CLI, its peak RSS),
 * and a year's CIN census and Annex A (the desk's peak RSS). Prints a table with the ratio of the largest
 * size to the smallest, and writes the figures under "scale" in the benchmark's JSON file.
 *
 * Options: --scale-triage-seconds=N (30), --scale-backlog=N (10000), --import-lines=N (a year of a large
 * county: 50000), --scale-keep (leave the database for EXPLAIN).
 */
import { randomUUID } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { spawn } from 'node:child_process';
import { Queue } from 'bullmq';
import Redis from 'ioredis';
import { Kafka, logLevel } from 'kafkajs';
import { Pool, PoolClient } from 'pg';
import { StaffRole, StaffTokens } from '@app/auth';
import { loadConfig } from '@app/config';
import { cinCodeOf, QueueName, SOURCE_AGENCIES, sourceGroupOf, Topic } from '@app/contracts';
import { bundledCriteriaRegistry, localityOf } from '@app/criteria';
import { CONTACT_COLUMNS, ContactRow } from '@app/decisions';
import { createDataSource, migrateDatabase } from '@app/persistence';
import {
  BENCH_INDICATORS,
  historyPlan,
  latencyStats,
  parseSizes,
  RealisticMix,
  requirePostgresAndRedis,
  showMs,
  startKafka,
} from '@app/testing';
import { findCandidates } from '../../apps/triage/src/triage/match-child';
import { PartnerAdmin } from '@app/intake';
import { AppProcess, spawnApp } from '../support/processes';
import { HttpLoad } from './load';
import {
  cleanUp,
  endToEnd,
  log,
  round,
  rssMb,
  settle,
  stopApp,
  stripE2e,
  TriagedWatcher,
  waitUntil,
} from './pipeline';

const ROOT = path.resolve(__dirname, '../..');
const arg = (name: string) =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? undefined;
const num = (v: string | undefined, d: number) => (v && Number.isFinite(Number(v)) ? Number(v) : d);

/** The history spans four years up to now (10,000,000 contacts is about four years of all England). */
const YEARS = 4;
/** Children's first names and a pool of family names: a few very common, most rare (as in England). */
const FIRST = ['Maya', 'Oliver', 'Amelia', 'Noah', 'Isla', 'Leo', 'Ava', 'Arthur', 'Mia', 'Muhammad', 'Ivy'];
const COMMON_LAST = ['Smith', 'Jones', 'Taylor', 'Brown', 'Williams', 'Wilson', 'Johnson', 'Davies', 'Patel'];
const SYLLABLES = ['ash', 'bar', 'cot', 'dun', 'ell', 'fen', 'gar', 'hol', 'ing', 'kel', 'lan', 'mor'];
const POSTCODES = ['OX1 1AA', 'OX2 6HT', 'OX4 2JY', 'OX5 1PB', 'OX16 1AA', 'OX26 6HL', 'OX7 5SZ', 'OX14 3JA'];

export interface ScaleFigure {
  name: string;
  value: number | string | null;
  unit: string;
  bare?: number | null;
  bareName?: string;
}

export interface ScaleSize {
  contacts: number;
  children: number;
  loadSeconds: number;
  loadRowsPerSec: number;
  figures: ScaleFigure[];
  details: Record<string, unknown>;
}

export async function runScale(): Promise<void> {
  const spec = arg('scale') ?? '100k,1m,10m';
  const sizes = parseSizes(spec).sort((a, b) => a - b);
  const quick = process.argv.includes('--quick');
  const S = {
    triageSeconds: num(arg('scale-triage-seconds'), quick ? 5 : 30),
    backlog: num(arg('scale-backlog'), quick ? 1000 : 10000),
    importLines: num(arg('import-lines'), quick ? 1000 : 50000),
    reads: quick ? 5 : 20,
  };
  process.env.TZ = 'UTC';
  const base = loadConfig({ ...process.env, NODE_ENV: 'test' });
  await requirePostgresAndRedis(base.DATABASE_URL, base.REDIS_URL);
  startKafka();
  const ts = `${Date.now().toString(36)}_${randomUUID().slice(0, 4)}`;
  const dbUrl = new URL(base.DATABASE_URL);
  dbUrl.pathname = `/front_door_scale_${ts}`;
  const prefix = `bench.${ts}.`;
  Object.assign(process.env, {
    DATABASE_URL: dbUrl.toString(),
    KAFKA_TOPIC_PREFIX: prefix,
    REDIS_PREFIX: `bench.${ts}`,
    LOG_LEVEL: 'warn',
    NODE_ENV: 'test',
    KAFKAJS_NO_PARTITIONER_WARNING: '1',
  });
  log(`data-scale run at ${sizes.join(', ')} contacts; database front_door_scale_${ts}`);
  await migrateDatabase(dbUrl.toString());
  const config = loadConfig(process.env);
  const pool = new Pool({ connectionString: dbUrl.toString(), max: 4 });
  const redis = new Redis(base.REDIS_URL, { maxRetriesPerRequest: null });
  const sla = new Queue(QueueName.Sla, { connection: redis, prefix: `bench.${ts}` });
  const kafka = new Kafka({
    clientId: 'scale',
    brokers: base.KAFKA_BROKERS.split(','),
    logLevel: logLevel.NOTHING,
  });
  const tokens = new StaffTokens(config.STAFF_TOKEN_SECRET, 3600, redis, config.REDIS_PREFIX);
  const token = (role: StaffRole) => tokens.issue({ id: `scale-${role}`, username: `scale-${role}`, role });
  const procs: Record<'intake' | 'triage' | 'desk', AppProcess | null> = {
    intake: null,
    triage: null,
    desk: null,
  };
  const watcher = new TriagedWatcher(kafka, `${prefix}${Topic.ContactTriaged}`);
  const results: ScaleSize[] = [];
  const ds = createDataSource(dbUrl.toString());
  let load: HttpLoad | null = null;
  try {
    await ds.initialize();
    const { partnerId, key } = await new PartnerAdmin(ds).create(
      'Scale partner',
      ['school', 'health_gp', 'police'],
      'Scale School',
    );
    await pool.query('UPDATE partners SET rate_limit_per_minute = 100000000 WHERE id = $1', [partnerId]);
    await prepareLoader(pool);
    // The apps create their topics as they start; the watcher subscribes to one of them.
    procs.intake = await spawnApp('intake-api');
    procs.triage = await spawnApp('triage');
    await watcher.start();

    let loaded = 0;
    let kidBase = 0;
    let step = 0;
    for (const size of sizes) {
      // --- load ------------------------------------------------------------------------------------------
      const add = size - loaded;
      const plan = historyPlan(add);
      const t0 = performance.now();
      const showcase = await loadHistory(pool, plan.tiers, kidBase, (s) => log(`  load ${size}: ${s}`));
      await pool.query('ANALYZE');
      const loadSeconds = (performance.now() - t0) / 1000;
      const rows = Number(
        (
          await pool.query(
            `SELECT (SELECT count(*) FROM contacts) + (SELECT count(*) FROM decisions) + (SELECT count(*) FROM desk_items)
                  + (SELECT count(*) FROM referrals) AS n`,
          )
        ).rows[0].n,
      );
      kidBase += plan.children;
      loaded = size;
      const shape = (
        await pool.query(
          `SELECT count(*)::int AS contacts, count(DISTINCT child_id)::int AS children,
                  count(*) FILTER (WHERE nhs_number IS NULL)::int AS without_nhs, count(DISTINCT agency)::int AS agencies,
                  to_char(min(received_at), 'YYYY-MM-DD') AS first, to_char(max(received_at), 'YYYY-MM-DD') AS last
             FROM contacts`,
        )
      ).rows[0];
      log(
        `loaded ${add} contacts (${plan.children} children) in ${round(loadSeconds)} s, ${round(add / loadSeconds, 0)} contacts/s; now ${JSON.stringify(shape)}`,
      );
      const figures: ScaleFigure[] = [];
      const details: Record<string, unknown> = { shape, plan };
      const f = (x: ScaleFigure) =>
        figures.push({ ...x, value: typeof x.value === 'number' ? round(x.value, 2) : x.value });

      // --- the bare lookups on the same tables ------------------------------------------------------------
      const sample = (
        await pool.query<ContactRow & { birth_date: string }>(
          `SELECT ${CONTACT_COLUMNS} FROM contacts TABLESAMPLE SYSTEM (${Math.min(100, (200_000 / size) * 5)})
            WHERE birth_date > now() - interval '17 years' AND child_id IS NOT NULL LIMIT 500`,
        )
      ).rows;
      const bare = await timeEach(sample.slice(0, 200), (c) =>
        pool.query('SELECT id, child_id, received_at FROM contacts WHERE id = $1', [c.id]),
      );
      f({ name: 'bare indexed lookup (contacts by primary key) p99', value: bare.p99, unit: 'ms' });
      // The last census year ended (1 April to 31 March), all within the history.
      const y = new Date().getUTCFullYear();
      const census = new Date() >= new Date(`${y}-04-01T00:00:00Z`) ? y : y - 1;
      const bareYear = await timed(() =>
        pool.query(
          `SELECT count(*) FROM contacts WHERE received_at >= $1::date AND received_at < $2::date + 1`,
          [`${census - 1}-04-01`, `${census}-03-31`],
        ),
      );
      f({ name: "bare index range count of a year's contacts", value: bareYear, unit: 'ms' });

      // --- person matching --------------------------------------------------------------------------------
      const match = await timeEach(sample.slice(0, 300), (c) => findCandidates(ds.manager, [c]));
      f({
        name: 'person-matching lookup p50',
        value: match.p50,
        unit: 'ms',
        bare: bare.p50,
        bareName: 'bare p50',
      });
      f({
        name: 'person-matching lookup p99',
        value: match.p99,
        unit: 'ms',
        bare: bare.p99,
        bareName: 'bare p99',
      });

      // --- triage at 200/s and throughput ---------------------------------------------------------------
      const known = sample.map((c) => c.body.child);
      procs.intake ??= await spawnApp('intake-api');
      procs.triage ??= await spawnApp('triage');
      load?.close();
      load = new HttpLoad(`http://127.0.0.1:${procs.intake.port}`, 256);
      const req = (phase: string, mix: { next(i: number): object }) => (i: number) => ({
        path: '/v1/contacts',
        headers: { authorization: `Bearer ${key}`, 'idempotency-key': `${phase}-${i}` },
        body: JSON.stringify(mix.next(i)),
      });
      const mixOf = (seed: number) =>
        new KnownHistoryMix(60_000_000 + step * 1_000_000 + seed * 100_000, seed, known);
      await endToEnd(load, watcher, sla, pool, 50, 3, req(`warm${step}`, mixOf(1))); // warm
      await settle(pool);
      const e2e = await endToEnd(load, watcher, sla, pool, 200, S.triageSeconds, req(`e2e${step}`, mixOf(2)));
      log(
        `  triage at 200/s: p50 ${showMs(e2e.p50)} p99 ${showMs(e2e.p99)} ms from scheduled send (failed ${e2e.failed} of ${e2e.offered}); 202 -> triage start p99 ${round(e2e.toTriage.p99)} ms`,
      );
      f({ name: 'triage at 200/s: scheduled send -> triaged p50', value: showMs(e2e.p50), unit: 'ms' });
      f({
        name: 'triage at 200/s: scheduled send -> triaged p99 (failures counted)',
        value: showMs(e2e.p99),
        unit: 'ms',
      });
      f({ name: 'triage at 200/s: failed or timed out', value: e2e.failed, unit: `of ${e2e.offered}` });
      details.e2e = stripE2e(e2e);

      await settle(pool);
      await stopApp(procs.triage);
      procs.triage = null;
      const backlog = await load.closedLoad({
        concurrency: 64,
        seconds: 3600,
        total: S.backlog,
        make: req(`backlog${step}`, mixOf(3)),
      });
      await waitUntil(
        async () => Number((await pool.query('SELECT count(*) AS n FROM outbox')).rows[0].n) === 0,
        600_000,
      );
      const tDrain = performance.now();
      const drainFrom = new Date();
      procs.triage = await spawnApp('triage');
      await settle(pool, 3_600_000);
      const drainSec = (performance.now() - tDrain) / 1000;
      const span = (
        await pool.query(
          `SELECT count(*) AS n, extract(epoch FROM max(created_at) - min(created_at)) AS s FROM decisions
            WHERE triggered_by = contact_id AND created_at >= $1`,
          [drainFrom],
        )
      ).rows[0];
      const throughput = Number(span.n) / Math.max(0.001, Number(span.s));
      log(
        `  triage throughput: ${backlog.ok} through intake, drained in ${round(drainSec)} s, ${round(throughput)} contacts/s`,
      );
      f({ name: `triage throughput (backlog of ${backlog.ok} drained)`, value: throughput, unit: '/s' });

      // --- the desk's reads -------------------------------------------------------------------------------
      if (procs.desk && procs.desk.child.exitCode !== null) procs.desk = null; // died (out of memory?)
      procs.desk ??= await spawnApp('desk');
      const desk = `http://127.0.0.1:${procs.desk.port}`;
      // A read that does not answer 200 is a failure, counted as slower than any answer (and its cause,
      // the desk's last log lines, printed once).
      let toldFailure = false;
      const get = async (p: string, role: StaffRole) => {
        const t = performance.now();
        const res = await fetch(`${desk}${p}`, { headers: { authorization: `Bearer ${token(role)}` } }).catch(
          (e: Error) => e,
        );
        const body = res instanceof Error ? res.message : Buffer.from(await res.arrayBuffer()).toString();
        if (!(res instanceof Error) && res.status === 200) return performance.now() - t;
        if (!toldFailure)
          log(
            `  ${p.split('?')[0]} answered ${res instanceof Error ? 'nothing' : res.status}: ${body.slice(0, 300)}; desk log: ${procs.desk!.output().slice(-1500)}`,
          );
        toldFailure = true;
        return Infinity;
      };
      const reads = async (p: string, role: StaffRole) => {
        await get(p, role);
        const ms: number[] = [];
        for (let i = 0; i < S.reads; i++) ms.push(await get(p, role));
        return latencyStats(ms.filter(Number.isFinite), ms.filter((x) => !Number.isFinite(x)).length);
      };
      const q1 = await reads('/v1/queue', 'duty_manager');
      f({
        name: "duty queue's first page p99",
        value: showMs(q1.p99),
        unit: 'ms',
        bare: bare.p99,
        bareName: 'bare p99',
      });
      const q2 = await reads('/v1/queue?status=all&locality=NORTH&level=3', 'duty_manager');
      f({
        name: 'duty queue filtered page (all states, a locality, level 3) p99',
        value: showMs(q2.p99),
        unit: 'ms',
        bare: bare.p99,
        bareName: 'bare p99',
      });
      const child = await reads(`/v1/children/${showcase}`, 'duty_manager');
      f({
        name: 'child view of a child with 200 contacts p99',
        value: showMs(child.p99),
        unit: 'ms',
        bare: bare.p99,
        bareName: 'bare p99',
      });
      const today = new Date().toISOString().slice(0, 10);
      const tenYears = `from=${new Date().getUTCFullYear() - 10}${today.slice(4)}&to=${today}`;
      await get(`/v1/insights/summary?${tenYears}`, 'head_of_service');
      const pages: number[] = [];
      for (let i = 0; i < Math.min(5, S.reads); i++) {
        const t = performance.now();
        const each = await Promise.all(
          ['daily', 'spikes', 'summary'].map((r) => get(`/v1/insights/${r}?${tenYears}`, 'head_of_service')),
        );
        pages.push(each.every(Number.isFinite) ? performance.now() - t : Infinity);
      }
      f({
        name: 'dashboard over ten years (its three reads at once), worst of 5',
        value: showMs(Math.max(...pages)),
        unit: 'ms',
        bare: bareYear,
        bareName: 'bare year count',
      });

      // --- the returns, with the desk's peak memory ----------------------------------------------------
      const ret = async (p: string) => {
        toldFailure = false;
        const rss = new RssPeak(procs.desk!.child.pid);
        const ms = await get(p, 'head_of_service');
        return { ms, peakMb: rss.stop() };
      };
      const cin = await ret(`/v1/returns/cin-census?year=${census}`);
      const annex = await ret(`/v1/returns/annex-a?from=${census - 1}-04-01&to=${census}-03-31`);
      const yearCounts = (
        await pool.query(
          `SELECT (SELECT count(*) FROM contacts WHERE received_at >= $1::date AND received_at < $2::date + 1)::int AS contacts,
                  (SELECT count(*) FROM referrals WHERE referral_date BETWEEN $1::date AND $2::date)::int AS referrals`,
          [`${census - 1}-04-01`, `${census}-03-31`],
        )
      ).rows[0];
      log(
        `  returns for ${census - 1}-04-01..${census}-03-31 (${yearCounts.contacts} contacts, ${yearCounts.referrals} referrals): CIN census ${round(cin.ms)} ms (desk peak RSS ${round(cin.peakMb)} MB), Annex A ${round(annex.ms)} ms (${round(annex.peakMb)} MB)`,
      );
      f({
        name: `CIN census for a year (${yearCounts.referrals} referrals)`,
        value: showMs(cin.ms),
        unit: 'ms',
        bare: bareYear,
        bareName: 'bare year count',
      });
      f({
        name: `Annex A for a year (${yearCounts.contacts} contacts)`,
        value: showMs(annex.ms),
        unit: 'ms',
        bare: bareYear,
        bareName: 'bare year count',
      });
      f({
        name: 'desk peak RSS during CIN census / Annex A',
        value: `${round(cin.peakMb)} / ${round(annex.peakMb)}`,
        unit: 'MB',
      });
      details.returnsYear = yearCounts;

      // --- the import of a year, through the CLI ----------------------------------------------------------
      const file = await writeImportFile(S.importLines, known, step);
      const imp = await runImport(file);
      log(
        `  import of ${S.importLines} lines: ${round(imp.seconds)} s, ${round(S.importLines / imp.seconds)} lines/s, peak RSS ${round(imp.peakMb)} MB`,
      );
      f({ name: `import of a year (${S.importLines} lines, the CLI)`, value: imp.seconds, unit: 's' });
      f({ name: 'import rate', value: S.importLines / imp.seconds, unit: 'lines/s' });
      f({ name: 'import peak RSS', value: imp.peakMb, unit: 'MB' });
      await settle(pool, 3_600_000);

      results.push({
        contacts: size,
        children: Number(shape.children),
        loadSeconds,
        loadRowsPerSec: rows / loadSeconds,
        figures,
        details,
      });
      step++;
    }
  } finally {
    load?.close();
    await watcher.stop().catch(() => undefined);
    for (const p of Object.values(procs)) await stopApp(p).catch(() => undefined);
    await sla.close().catch(() => undefined);
    await ds.destroy().catch(() => undefined);
    await pool.end().catch(() => undefined);
    if (process.argv.includes('--scale-keep')) log(`kept the database front_door_scale_${ts}`);
    else
      await cleanUp(kafka, redis, prefix, `bench.${ts}`, dbUrl).catch((e) =>
        log(`clean-up: ${(e as Error).message}`),
      );
    redis.disconnect();
  }
  report(results);
}

// --- loading -----------------------------------------------------------------------------------------------

/** The loader's helpers in the bench database: a valid NHS number for a seed, the agencies and localities. */
async function prepareLoader(pool: Pool): Promise<void> {
  const criteria = bundledCriteriaRegistry().current();
  // nhsNumberFor (libs/testing) in SQL: Modulus 11 over an even nine-digit base, or the odd one after it.
  await pool.query(`
    CREATE FUNCTION bench_nhs(seed bigint) RETURNS text LANGUAGE sql IMMUTABLE AS $$
      SELECT nine || CASE WHEN chk = 11 THEN '0' ELSE chk::text END
        FROM (SELECT b.nine, 11 - (sum(substr(b.nine, i, 1)::int * (11 - i)) % 11) AS chk
                FROM (SELECT (100000000 + (seed * 2) % 800000000 + o)::text AS nine FROM (VALUES (0), (1)) v(o)) b,
                     generate_series(1, 9) i GROUP BY b.nine) x
       WHERE chk <> 10 ORDER BY nine LIMIT 1 $$;
    CREATE UNLOGGED TABLE bench_agencies (lo int, hi int, agency text, cin text, grp text, partner uuid);
    CREATE UNLOGGED TABLE bench_postcodes (i int, postcode text, locality text);
  `);
  // Every agency, weighted roughly as English contacts come in: police, schools and health the most.
  const weight = (a: string) =>
    a === 'police' ? 280 : a === 'school' ? 160 : a.startsWith('health') ? 40 : a === 'anonymous' ? 10 : 18;
  let lo = 0;
  for (const a of SOURCE_AGENCIES) {
    const id = randomUUID();
    await pool.query(`INSERT INTO partners (id, name, agency) VALUES ($1, $2, $3)`, [id, `History ${a}`, a]);
    await pool.query('INSERT INTO bench_agencies VALUES ($1, $2, $3, $4, $5, $6)', [
      lo,
      lo + weight(a),
      a,
      cinCodeOf(a),
      sourceGroupOf(a),
      id,
    ]);
    lo += weight(a);
  }
  await pool.query('UPDATE bench_agencies SET lo = lo * 1000 / $1, hi = hi * 1000 / $1', [lo]);
  for (const [i, p] of POSTCODES.entries())
    await pool.query('INSERT INTO bench_postcodes VALUES ($1, $2, $3)', [i, p, localityOf(p, criteria)]);
}

/**
 * Writes the tiers' children and contacts, with decisions, desk items, referrals and the dashboard's daily
 * counts, in a handful of INSERT ... SELECT statements. Returns the id of the child with 200 contacts.
 */
async function loadHistory(
  pool: Pool,
  tiers: { contactsEach: number; children: number }[],
  kidBase: number,
  say: (s: string) => void,
): Promise<string> {
  const client = await pool.connect();
  try {
    return await loadOn(client, tiers, kidBase, say);
  } finally {
    client.release();
  }
}

async function loadOn(
  pool: PoolClient,
  tiers: { contactsEach: number; children: number }[],
  kidBase: number,
  say: (s: string) => void,
): Promise<string> {
  const t = performance.now();
  const lap = (what: string) => say(`${what} (${round((performance.now() - t) / 1000)} s)`);
  // A bulk load's usual tricks: the secondary indexes of the big tables dropped and built again after
  // (one sort each instead of millions of inserts into B-trees), commits not waited on.
  await pool.query(`SET maintenance_work_mem = '1GB'; SET synchronous_commit = off`);
  const indexes: { indexname: string; indexdef: string }[] = (
    await pool.query(
      `SELECT indexname, indexdef FROM pg_indexes i
        WHERE schemaname = 'public' AND tablename IN ('contacts', 'decisions', 'desk_items', 'referrals')
          AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)`,
    )
  ).rows;
  for (const i of indexes) await pool.query(`DROP INDEX ${i.indexname}`);
  await pool.query(`
    CREATE UNLOGGED TABLE bench_kids (n bigint PRIMARY KEY, child_id uuid NOT NULL, contacts int NOT NULL,
      first_name text, last_name text, birth date, nhs text, postcode int, first_at timestamptz, span_days int)`);
  let n = kidBase;
  const syl = `(ARRAY[${SYLLABLES.map((s) => `'${s}'`).join(',')}])`;
  for (const tier of tiers) {
    if (!tier.children) continue;
    // Each child: a first contact somewhere in the four years, aged 0 to 16 then; its contacts spread
    // over up to three years after. 30% have no NHS number; 30% one of a few common family names.
    await pool.query(
      `INSERT INTO bench_kids
       SELECT k, gen_random_uuid(), $3::int,
              (ARRAY[${FIRST.map((s) => `'${s}'`).join(',')}])[1 + abs(hashint8(k * 3)) % ${FIRST.length}],
              CASE WHEN abs(hashint8(k * 5)) % 10 < 3
                   THEN (ARRAY[${COMMON_LAST.map((s) => `'${s}'`).join(',')}])[1 + abs(hashint8(k * 7)) % ${COMMON_LAST.length}]
                   ELSE initcap(${syl}[1 + abs(hashint8(k * 11)) % 12] || ${syl}[1 + abs(hashint8(k * 13)) % 12]
                                || ${syl}[1 + abs(hashint8(k * 17)) % 12] || ${syl}[1 + abs(hashint8(k * 19)) % 12]) END,
              (f.at - (abs(hashint8(k * 23)) % (16 * 365)) * interval '1 day')::date,
              CASE WHEN abs(hashint8(k * 29)) % 10 < 3 THEN NULL ELSE bench_nhs(300000000 + k) END,
              abs(hashint8(k * 31)) % ${POSTCODES.length},
              f.at,
              CASE WHEN $3::int = 1 THEN 0 ELSE least(3 * 365, greatest(1, extract(day FROM now() - f.at)::int)) END
         FROM generate_series($1::bigint, $2::bigint) k
        CROSS JOIN LATERAL (SELECT now() - (abs(hashint8(k * 37)) % (${YEARS} * 365 * 86400)) * interval '1 second'
                                   - interval '1 hour' AS at) f`,
      [n, n + tier.children - 1, tier.contactsEach],
    );
    n += tier.children;
  }
  lap('children planned');
  await pool.query(`INSERT INTO children (id, created_at) SELECT child_id, first_at FROM bench_kids`);
  lap('children');
  // Contacts: body as intake stores it (the canonical contact), identity columns, closed.
  await pool.query(`
    CREATE UNLOGGED TABLE bench_contacts AS
    SELECT gen_random_uuid() AS id, k.n, j, k.child_id,
           least(now() - interval '10 minutes',
                 k.first_at + ((j - 1) * k.span_days / k.contacts) * interval '1 day'
                 + (abs(hashint8(k.n * 1000 + j)) % 86400) * interval '1 second') AS at,
           abs(hashint8(k.n * 977 + j)) % 1000 AS h
      FROM bench_kids k CROSS JOIN LATERAL generate_series(1, k.contacts) j`);
  lap('contacts planned');
  await pool.query(`
    INSERT INTO contacts (id, partner_id, idempotency_key, request_hash, received_at, agency, cin_code, source_group,
                          locality, body, nhs_number, upn, last_name_norm, first_name_norm, birth_date, postcode,
                          child_id, status, imported, created_at)
    SELECT c.id, a.partner, 'history-' || c.n || '-' || c.j, 'history', c.at, a.agency, a.cin, a.grp, p.locality,
           jsonb_build_object(
             'source', jsonb_build_object('agency', a.agency, 'cinCode', a.cin, 'organisation', 'History'),
             'child', jsonb_strip_nulls(jsonb_build_object(
                'firstName', k.first_name, 'lastName', k.last_name, 'dateOfBirth', to_char(k.birth, 'YYYY-MM-DD'),
                'nhsNumber', CASE WHEN c.h % 7 = 0 THEN NULL ELSE k.nhs END,
                'address', jsonb_build_object('line1', (1 + k.n % 200) || ' Example Road', 'town', 'Oxford',
                                              'postcode', p.postcode))),
             'concerns', jsonb_build_object('indicators', jsonb_build_array('neglect_emerging'),
                                            'summary', 'History.', 'immediateRisk', false,
                                            'allegedPerpetratorHasAccess', false),
             'consent', 'given'),
           CASE WHEN c.h % 7 = 0 THEN NULL ELSE k.nhs END, NULL, lower(k.last_name), lower(k.first_name), k.birth,
           p.postcode, c.child_id, 'closed', false, c.at
      FROM bench_contacts c JOIN bench_kids k ON k.n = c.n
      JOIN bench_agencies a ON c.h >= a.lo AND c.h < a.hi
      JOIN bench_postcodes p ON p.i = k.postcode`);
  lap('contacts');
  // Each contact's decision (lean: the load is about rows and indexes, not their prose) and desk item;
  // those of the last twelve hours still awaiting the desk.
  await pool.query(`
    INSERT INTO decisions (id, contact_id, child_id, triggered_by, triaged_at, criteria_version, need_level, route,
                           team, priority, due_at, strategy_discussion, consent_required, reasons, picture, history,
                           linked_contact_ids, possible_matches, created_at)
    SELECT gen_random_uuid(), c.id, c.child_id, c.id, c.at, 'history', lv, r.route, r.team, 'STANDARD',
           c.at + interval '1 day', lv = 4, false, '[]', '{}', c.j - 1, '[]', '[]', c.at
      FROM bench_contacts c
     CROSS JOIN LATERAL (SELECT CASE WHEN c.h < 350 THEN 1 WHEN c.h < 700 THEN 2 WHEN c.h < 900 THEN 3 ELSE 4 END AS lv) l
     CROSS JOIN LATERAL (SELECT (ARRAY['LOCALITY_ADVICE','LOCALITY_EARLY_HELP','STATUTORY_ASSESSMENT','STATUTORY_ASSESSMENT'])[lv] AS route,
                                (ARRAY[NULL,'EARLY_HELP','ASSESSMENT','ASSESSMENT'])[lv] AS team) r`);
  lap('decisions');
  await pool.query(`
    INSERT INTO desk_items (contact_id, child_id, need_level, route, team, locality, priority, priority_rank, due_at,
                            state, created_at, updated_at)
    SELECT d.contact_id, d.child_id, d.need_level, d.route, d.team, ct.locality, 'STANDARD', 3, d.due_at,
           CASE WHEN d.triaged_at > now() - interval '12 hours' THEN 'awaiting' ELSE 'closed' END, d.triaged_at, d.triaged_at
      FROM decisions d JOIN bench_contacts c ON c.id = d.contact_id JOIN contacts ct ON ct.id = c.id`);
  lap('desk items');
  // Levels 3 and 4 become referrals (about a quarter of contacts, as in England), a fifth of them NFA.
  await pool.query(`
    INSERT INTO referrals (id, contact_id, referral_date, source, outcome, no_further_action, primary_need, decided_at,
                           closed_on, closure_reason, team, imported, created_at)
    SELECT gen_random_uuid(), c.id, (c.at AT TIME ZONE 'Europe/London')::date, ct.cin_code,
           CASE WHEN c.h % 5 = 0 THEN 'NO_FURTHER_ACTION' ELSE 'STATUTORY_ASSESSMENT' END, c.h % 5 = 0,
           'N' || (1 + c.h % 9), c.at + interval '1 day',
           CASE WHEN c.at < now() - interval '120 days' THEN (c.at AT TIME ZONE 'Europe/London')::date + 60 END,
           CASE WHEN c.at < now() - interval '120 days' THEN 'RC' || (1 + c.h % 8) END, 'ASSESSMENT', false, c.at
      FROM bench_contacts c JOIN contacts ct ON ct.id = c.id WHERE c.h >= 750`);
  lap('referrals');
  // Some children found to be one: 1% of the multi-contact children have a duplicate merged into them.
  await pool.query(`
    INSERT INTO children (id, created_at, merged_into)
    SELECT gen_random_uuid(), first_at, child_id FROM bench_kids WHERE contacts > 1 AND abs(hashint8(n * 41)) % 100 = 0`);
  // The dashboard's daily counts, as the insights consumer keeps them (recomputed over all contacts).
  await pool.query(`
    TRUNCATE insight_daily;
    INSERT INTO insight_daily (day, series, count)
    SELECT day, series, count(*) FROM (
      SELECT (c.received_at AT TIME ZONE 'Europe/London')::date AS day,
             unnest(ARRAY['total', 'agency:' || c.agency, 'source_group:' || c.source_group, 'locality:' || c.locality,
                          'triaged', 'level:' || d.need_level, 'route:' || d.route]) AS series
        FROM contacts c JOIN decisions d ON d.contact_id = c.id AND d.is_current) x
     GROUP BY day, series`);
  lap('daily counts');
  for (const i of indexes) await pool.query(i.indexdef);
  lap(`${indexes.length} indexes built again`);
  // The dashboard's referral figures per day, as the desk keeps them: the load's days were marked by the
  // referrals' trigger; counted here (with the indexes back) rather than by the first dashboard read.
  await pool.query(`ANALYZE referrals; ANALYZE contacts`);
  const [{ days }] = (
    await pool.query(`SELECT referral_daily_refresh('-infinity'::date, 'infinity'::date) AS days`)
  ).rows;
  lap(`referral figures of ${days} days`);
  const [{ child_id }] = (
    await pool.query(`SELECT child_id FROM bench_kids WHERE contacts = 200 ORDER BY n DESC LIMIT 1`)
  ).rows;
  await pool.query('DROP TABLE bench_contacts; DROP TABLE bench_kids');
  return child_id as string;
}

// --- the live contacts about history's children --------------------------------------------------------------

/**
 * RealisticMix's shares, with its "already known" children taken from the history (a sample of its
 * contacts' children, under 17): 40% about them, 30% without an NHS number, some merges.
 */
class KnownHistoryMix {
  private readonly mix: RealisticMix;
  private i = 0;
  constructor(
    base: number,
    seed: number,
    private readonly known: object[],
  ) {
    // Known children come from `known`, so the mix itself is asked for none.
    this.mix = new RealisticMix(base, seed, undefined, { known: 0, withoutNhs: 0.3, merge: 0.02 });
  }

  next(i: number): object {
    const body = this.mix.next(i) as { child: object };
    if (this.known.length && (this.i++ * 0.61803398875) % 1 < 0.4) {
      const child = { ...(this.known[i % this.known.length] as Record<string, unknown>) };
      if ((i * 0.7548776662) % 1 < 0.3) delete child.nhsNumber;
      return { ...body, child };
    }
    return body;
  }
}

async function writeImportFile(lines: number, known: object[], step: number): Promise<string> {
  const dir = path.join(ROOT, '.cache');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `scale-import-${process.pid}-${step}.ndjson`);
  const out = createWriteStream(file);
  const mix = new KnownHistoryMix(80_000_000 + step * 1_000_000, 9, known);
  const yearMs = 365 * 86400_000;
  const end = Date.now() - 86400_000;
  for (let i = 0; i < lines; i++) {
    const body = mix.next(i) as Record<string, unknown>;
    const receivedAt = new Date(end - yearMs + Math.floor((i / lines) * yearMs)).toISOString();
    const concern = BENCH_INDICATORS[i % BENCH_INDICATORS.length];
    const line = {
      ...body,
      source: { ...(body.source as object), agency: concern.agency },
      partner: `Imported ${concern.agency}`,
      receivedAt,
      ...(i % 4 === 0
        ? {
            outcome: {
              decidedAt: new Date(Date.parse(receivedAt) + 3600_000).toISOString(),
              outcome: 'STATUTORY_ASSESSMENT',
              noFurtherAction: false,
              primaryNeed: 'N2',
            },
          }
        : {}),
    };
    if (!out.write(`${JSON.stringify(line)}\n`)) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  await new Promise<void>((r) => out.end(() => r()));
  return file;
}

/** Runs the import CLI on `file` as its own process and samples its memory. */
async function runImport(file: string): Promise<{ seconds: number; peakMb: number; out: string }> {
  const t = performance.now();
  const child = spawn(
    process.execPath,
    ['-r', '@swc-node/register', 'apps/insights/src/cli/import.cli.ts', file],
    {
      cwd: ROOT,
      env: { ...process.env, LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const rss = new RssPeak(child.pid);
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const code = await new Promise<number | null>((r) => child.once('exit', r));
  const peakMb = rss.stop();
  if (code !== 0) throw new Error(`import exited ${code}: ${out.slice(-500)}`);
  return { seconds: (performance.now() - t) / 1000, peakMb, out };
}

/** Samples a process's resident memory every 100 ms until stopped; the peak. */
class RssPeak {
  private peak = 0;
  private readonly timer: NodeJS.Timeout;
  constructor(private readonly pid: number | undefined) {
    this.sample();
    this.timer = setInterval(() => this.sample(), 100);
  }
  private sample() {
    this.peak = Math.max(this.peak, rssMb(this.pid) ?? 0);
  }
  stop(): number {
    clearInterval(this.timer);
    this.sample();
    return this.peak;
  }
}

async function timed(f: () => Promise<unknown>): Promise<number> {
  await f(); // warm
  const t = performance.now();
  await f();
  return performance.now() - t;
}

async function timeEach<T>(items: T[], f: (x: T) => Promise<unknown>) {
  if (items.length) await f(items[0]);
  const ms: number[] = [];
  for (const x of items) {
    const t = performance.now();
    await f(x);
    ms.push(performance.now() - t);
  }
  return latencyStats(ms);
}

// --- output ------------------------------------------------------------------------------------------------

function report(results: ScaleSize[]) {
  if (!results.length) return;
  const first = results[0];
  const last = results[results.length - 1];
  const names = first.figures.map((x) =>
    x.name.replace(/\(\d+ (referrals|contacts|lines)[^)]*\)/, '').trim(),
  );
  const valueOf = (r: ScaleSize, i: number) => r.figures[i]?.value;
  const header = [
    'figure',
    ...results.map((r) => `${fmtSize(r.contacts)}`),
    `ratio ${fmtSize(last.contacts)}/${fmtSize(first.contacts)}`,
    'unit',
    'bare (largest)',
  ];
  const rows = names.map((name, i) => {
    const a = valueOf(first, i);
    const b = valueOf(last, i);
    const ratio = typeof a === 'number' && typeof b === 'number' && a > 0 ? String(round(b / a, 2)) : '';
    const bare = last.figures[i]?.bare;
    return [
      name,
      ...results.map((r) => String(valueOf(r, i) ?? '-')),
      ratio,
      first.figures[i].unit,
      bare === undefined || bare === null ? '' : `${round(bare, 2)} (${last.figures[i].bareName})`,
    ];
  });
  rows.unshift(['load time', ...results.map((r) => String(round(r.loadSeconds))), '', 's', '']);
  rows.unshift([
    'load rate (rows of contacts, decisions, desk items, referrals a second)',
    ...results.map((r) => String(round(r.loadRowsPerSec, 0))),
    '',
    '/s',
    '',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i])).join(' | ');
  console.log(`\nData-scale run, ${os.cpus().length} cores ${os.cpus()[0]?.model}, node ${process.version}`);
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('-|-'));
  for (const r of rows) console.log(line(r));
  const file = path.resolve(ROOT, process.env.BENCH_RESULTS ?? 'bench-results.json');
  const existing = existsSync(file)
    ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>)
    : {};
  writeFileSync(
    file,
    JSON.stringify(
      {
        ...existing,
        scale: {
          at: new Date().toISOString(),
          machine: {
            cpus: os.cpus().length,
            cpuModel: os.cpus()[0]?.model,
            memGb: round(os.totalmem() / 2 ** 30),
            node: process.version,
          },
          sizes: results,
        },
      },
      null,
      2,
    ),
  );
  console.log(`\nFigures written to ${path.relative(ROOT, file)} (under "scale")`);
}

const fmtSize = (n: number) => (n >= 1e6 ? `${n / 1e6}M` : n >= 1e3 ? `${n / 1e3}k` : String(n));
