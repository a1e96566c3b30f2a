import { DataSource } from 'typeorm';
import { isolateTestFile } from '@app/testing';
import { countUncounted } from '../../apps/insights/src/counts/count-contact';
import { InsightsReadUseCase } from '../../apps/desk/src/insights/insights-read.usecase';
import { RunningApp, startDesk } from '../support/apps';
import { call, seedItem, staffUser } from '../desk/desk-harness';

/**
 * The dashboard's reads reuse the spike method's assessment of a series while its counts are unchanged
 * (issue 21: ten years of every series is seconds of CPU per read), and assess it again as soon as a count
 * changes: a cached read answers what an uncached one does, and a new contact is in the very next read.
 */
describe('assessed series kept between reads', () => {
  let desk: RunningApp;
  let ds: DataSource;
  let manager: { username: string; token: string };

  // Eleven months of counts ending on a fixed term-time Tuesday: about 40 a weekday, 10 a weekend day.
  const first = '2021-01-01';
  const last = '2021-11-30';
  const range = `from=2021-11-01&to=${last}`;

  beforeAll(async () => {
    isolateTestFile();
    desk = await startDesk();
    ds = desk.app.get(DataSource);
    manager = await staffUser(desk, 'manager');
    await ds.query(
      `INSERT INTO insight_daily (day, series, count)
       SELECT d::date, s, CASE WHEN extract(dow FROM d) IN (0, 6) THEN 8 + (i % 5) ELSE 35 + (i * 7 % 11) END
                          * CASE WHEN s = 'total' THEN 2 ELSE 1 END
         FROM generate_series($1::date, $2::date, interval '1 day') WITH ORDINALITY AS g(d, i),
              unnest(ARRAY['total', 'source_group:education', 'locality:NORTH']) AS s`,
      [first, last],
    );
  });
  afterAll(async () => {
    await desk?.close();
  });

  const reads = () => desk.app.get(InsightsReadUseCase);
  // One read after the other: on a machine this shared, two reads assessing at once can starve each
  // other's pool connection, which is not what this test is about.
  const page = async () => {
    const daily = await call(desk, manager.token, 'GET', `/v1/insights/daily?${range}`);
    const spikes = await call(desk, manager.token, 'GET', `/v1/insights/spikes?${range}`);
    expect(daily.status).toBe(200);
    expect(spikes.status).toBe(200);
    return { daily: daily.body, spikes: spikes.body };
  };
  const uncached = async () => {
    const cache = reads().assessments;
    reads().assessments = null;
    try {
      return await page();
    } finally {
      reads().assessments = cache;
    }
  };
  const lastTotal = (p: { daily: any }): { count: number; upper: number } =>
    p.daily.series.total.find((x: { date: string }) => x.date === last);

  it('a cached read equals an uncached one; a changed count (a new contact) is assessed again in the next read', async () => {
    const cache = reads().assessments!;
    const cold = await page();
    const missed = cache.stats.misses;
    expect(missed).toBeGreaterThan(0);
    const warm = await page();
    // The second read assessed nothing: every series came from the first.
    expect(cache.stats.misses).toBe(missed);
    expect(cache.stats.hits).toBeGreaterThanOrEqual(missed);
    expect(warm).toEqual(cold);
    expect(await uncached()).toEqual(cold);

    // The last day's total set at its alarm limit: not a spike (each change is assessed again, so the limit
    // read back is the one for the counts as they now are).
    for (let i = 0; i < 3; i++) {
      const p = lastTotal(await page());
      if (p.count === p.upper) break;
      await ds.query(`UPDATE insight_daily SET count = $1 WHERE series = 'total' AND day = $2::date`, [
        p.upper,
        last,
      ]);
    }
    const atLimit = await page();
    const limit = lastTotal(atLimit);
    expect(limit.count).toBe(limit.upper);
    expect(atLimit.spikes.spikes).not.toContainEqual(
      expect.objectContaining({ date: last, series: 'total' }),
    );
    expect(await uncached()).toEqual(atLimit);

    // One contact more that day, counted as the insights app counts stored contacts: the next read has it,
    // over the limit, and raises the alarm a stale assessment would have missed.
    await seedItem(ds, { dueAt: new Date(`${last}T15:00:00Z`), receivedAt: new Date(`${last}T12:00:00Z`) });
    expect(await ds.transaction((m) => countUncounted(m))).toBe(1);
    const after = await page();
    expect(lastTotal(after).count).toBe(limit.count + 1);
    expect(after.spikes.spikes).toContainEqual(expect.objectContaining({ date: last, series: 'total' }));
    expect(await uncached()).toEqual(after);
  }, 300_000);
});
