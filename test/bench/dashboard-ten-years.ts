/**
 * The dashboard over ten years with three readers at once (issue 21), before and after the dashboard's reads
 * kept their assessed series (SeriesAssessmentCache): ten years of daily counts for every spike series go
 * straight into insight_daily of a database of its own, the desk is started on it, and each reader issues
 * the page's three reads (daily, spikes, summary) at once, the three readers together. Measured with the
 * cache off (every read assesses every series, as before), cold (the first page after a start), warm, and
 * after one count changed (a contact today: its series are assessed again, the rest reused). Prints JSON;
 * a measurement, not a pass or fail. Not part of `npm run bench`.
 *
 *   node -r @swc-node/register test/bench/dashboard-ten-years.ts [--rounds=3]
 *
 * (On a 2-core machine shared by other work an uncached round takes minutes: --rounds=1.)
 */
import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { StaffTokens } from '@app/auth';
import { loadConfig, managedAppLogin } from '@app/config';
import { isoDateOf, londonDayOf, SeriesAssessmentCache, SPIKE_SERIES } from '@app/insights';
import { createDataSource, migrateDatabase } from '@app/persistence';
import { InsightsReadUseCase } from '../../apps/desk/src/insights/insights-read.usecase';
import { startDesk } from '../support/apps';

const rounds = Number(process.argv.find((a) => a.startsWith('--rounds='))?.slice(9) ?? 3);
const READERS = 3;

async function main() {
  const base = loadConfig();
  const url = new URL(base.DATABASE_URL);
  const name = `front_door_bench_dash10_${randomBytes(3).toString('hex')}`;
  url.pathname = `/${name}`;
  process.env.DATABASE_URL = url.toString();
  process.env.KAFKA_TOPIC_PREFIX = `bench.${name}.`;
  process.env.REDIS_PREFIX = `bench.${name}`;
  process.env.LOG_LEVEL = process.env.LOG_LEVEL ?? 'warn';
  await migrateDatabase(url.toString(), managedAppLogin(loadConfig()));
  const ds = createDataSource(url.toString());
  await ds.initialize();
  let desk: Awaited<ReturnType<typeof startDesk>> | null = null;
  try {
    const today = londonDayOf(Date.now()).day;
    const from = isoDateOf(today - 3652);
    const to = isoDateOf(today);
    // A large county's shape: about 60 contacts a weekday, a sixth of that at weekends, split over the
    // source groups and localities (their counts only matter to the method's cost, not their realism).
    await ds.query(
      `INSERT INTO insight_daily (day, series, count)
       SELECT d::date, s.name,
              greatest(0, round((CASE WHEN extract(dow FROM d) IN (0, 6) THEN 10 ELSE 60 END) * s.share
                                * (0.8 + 0.4 * random())))::int
         FROM generate_series($1::date, $2::date, interval '1 day') AS d,
              unnest($3::text[], $4::float8[]) AS s(name, share)`,
      [
        from,
        to,
        SPIKE_SERIES,
        SPIKE_SERIES.map((s) => (s === 'total' ? 1 : s.startsWith('source_group:') ? 1 / 6 : 1 / 5)),
      ],
    );
    desk = await startDesk();
    const token = desk.app
      .get(StaffTokens)
      .issue({ id: 'bench', username: 'bench', role: 'head_of_service' });
    const range = `from=${from}&to=${to}`;
    const paths = ['daily', 'spikes', 'summary'].map((r) => `/v1/insights/${r}?${range}`);
    let failed = 0;
    const read = async (p: string) => {
      const res = await fetch(`${desk!.url}${p}`, { headers: { authorization: `Bearer ${token}` } });
      await res.arrayBuffer();
      if (res.status !== 200) failed++;
    };
    /** Three readers each loading the page at once: the wall time until every reader has its page. */
    const round = async () => {
      const t = performance.now();
      await Promise.all(Array.from({ length: READERS }, () => Promise.all(paths.map(read))));
      return Math.round(performance.now() - t);
    };
    await read(paths[2]); // warm-up: connections, Kafka admin
    const reads = desk.app.get(InsightsReadUseCase);

    // With the cache first (the slow uncached rounds last, each figure on stderr as it is measured).
    const note = (what: string, ms: number | number[]) => console.error(`${what}: ${JSON.stringify(ms)} ms`);
    const cache = new SeriesAssessmentCache();
    reads.assessments = cache;
    const cold = await round();
    note('after, cold', cold);
    const warm: number[] = [];
    for (let i = 0; i < rounds; i++) warm.push(await round());
    note('after, warm', warm);
    // A contact today: its total, source group and locality change; the other series are reused.
    await ds.query(
      `UPDATE insight_daily SET count = count + 1
        WHERE day = $1::date AND series IN ('total', $2, $3)`,
      [
        to,
        SPIKE_SERIES.find((s) => s.startsWith('source_group:')),
        SPIKE_SERIES.find((s) => s.startsWith('locality:')),
      ],
    );
    const afterOneContact = await round();
    note('after, one contact', afterOneContact);

    reads.assessments = null;
    const before: number[] = [];
    for (let i = 0; i < rounds; i++) before.push(await round());
    note('before (no cache)', before);
    console.log(
      JSON.stringify(
        {
          what: `dashboard over ten years (${from} to ${to}), ${READERS} readers at once, each the page's three reads at once; wall ms until all have their page`,
          series: SPIKE_SERIES.length,
          loadAverage1m: Math.round(loadavg()[0] * 10) / 10,
          cores: (await import('node:os')).cpus().length,
          beforeNoCacheMs: before,
          afterColdMs: cold,
          afterWarmMs: warm,
          afterOneContactMs: afterOneContact,
          cache: cache.stats,
          failedReads: failed,
        },
        null,
        2,
      ),
    );
  } finally {
    await desk?.close();
    await ds.destroy();
    const admin = new URL(url.toString());
    admin.pathname = '/postgres';
    const client = new Client({ connectionString: admin.toString() });
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).catch(() => undefined);
    await client.end();
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
