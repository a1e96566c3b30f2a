import { dayOf, weekdayOfDay } from './days';
import { DEFAULT_SPIKE_PARAMS } from './spike-method';
import { generateDemand, measureSpikeQuality } from './synthetic-demand';

describe('synthetic demand', () => {
  const year = generateDemand({ start: '2025-01-06', days: 364, seed: 11 });
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const month = (m: string) => year.filter((d) => d.date.slice(5, 7) === m);

  it('is deterministic for a seed', () => {
    const again = generateDemand({ start: '2025-01-06', days: 364, seed: 11 });
    expect(again.map((d) => d.total)).toEqual(year.map((d) => d.total));
    expect(generateDemand({ start: '2025-01-06', days: 30, seed: 12 }).map((d) => d.total)).not.toEqual(
      year.slice(0, 30).map((d) => d.total),
    );
  });

  it("holds about a county's year of contacts, with quiet weekends", () => {
    const total = year.reduce((s, d) => s + d.total, 0);
    expect(total).toBeGreaterThan(29_000);
    expect(total).toBeLessThan(37_000);
    const weekend = year.filter((d) => [0, 6].includes(weekdayOfDay(d.day)));
    const weekdays = year.filter((d) => ![0, 6].includes(weekdayOfDay(d.day)));
    expect(mean(weekend.map((d) => d.total))).toBeLessThan(0.6 * mean(weekdays.map((d) => d.total)));
  });

  it('has the August dip, the September return and the January rise, led by schools', () => {
    const schools = (ds: typeof year) => mean(ds.map((d) => d.counts.schools));
    expect(schools(month('08'))).toBeLessThan(0.2 * schools(month('06')));
    expect(schools(month('09'))).toBeGreaterThan(schools(month('06')));
    expect(mean(month('08').map((d) => d.total))).toBeLessThan(0.85 * mean(month('06').map((d) => d.total)));
    expect(mean(month('01').map((d) => d.total))).toBeGreaterThan(mean(month('11').map((d) => d.total)));
  });

  it('follows the census source mix, police largest', () => {
    const sums = Object.fromEntries(
      (['police', 'council_other', 'schools', 'health', 'individuals'] as const).map((g) => [
        g,
        year.reduce((s, d) => s + d.counts[g], 0),
      ]),
    );
    const total = year.reduce((s, d) => s + d.total, 0);
    expect(sums.police / total).toBeGreaterThan(0.25);
    expect(sums.police).toBeGreaterThan(sums.schools);
    expect(sums.individuals / total).toBeLessThan(0.12);
    const locs = year.reduce((s, d) => s + d.localities.CITY + d.localities.NORTH, 0);
    expect(locs / total).toBeGreaterThan(0.5);
  });

  it('injects spikes where asked', () => {
    const spiked = generateDemand({
      start: '2025-01-06',
      days: 364,
      seed: 11,
      spikes: [{ date: '2025-03-04', factor: 3, sourceGroup: 'police' }],
    });
    const i = dayOf('2025-03-04')! - dayOf('2025-01-06')!;
    expect(spiked[i].expected.police).toBeCloseTo(3 * year[i].expected.police, 6);
    expect(spiked[i].counts.police).toBeGreaterThan(2 * year[i].expected.police);
  });
});

describe('spike detection quality on synthetic demand (measured, fixed seeds)', () => {
  const quality = measureSpikeQuality({
    seeds: [101, 202, 303],
    years: 3,
    params: DEFAULT_SPIKE_PARAMS,
  });

  it('detects at least 95% of days at twice the expected count', () => {
    expect(quality.days).toBeGreaterThan(2000);
    expect(quality.detectionRate).toBeGreaterThanOrEqual(0.95);
  });

  it('raises false alarms on at most 1% of clean series-days outside the return to school', () => {
    const outside = quality.series.reduce(
      (a, s) => [a[0] + s.falseAlarmsOutsideReturn, a[1] + s.daysOutsideReturn],
      [0, 0],
    );
    expect(outside[0] / outside[1]).toBeLessThanOrEqual(0.01);
    // Every series, the busy total among them (its alarm quantile is its size's), holds 1%.
    for (const s of quality.series) expect(s.falseAlarmRateOutsideReturn).toBeLessThanOrEqual(0.01);
  });
});
