import { assessFarringtonSeries } from './farrington';
import { poisson, seededRng } from './random';
import { DEFAULT_SPIKE_PARAMS } from './spike-method';

describe('the improved Farrington method (daily)', () => {
  const params = { ...DEFAULT_SPIKE_PARAMS, method: 'farrington' as const, quantile: 0.998 };
  // Two and a half years with a weekly pattern and a yearly wave.
  const series = (seed: number) => {
    const rng = seededRng(seed);
    return Array.from({ length: 900 }, (_, d) => {
      const weekly = d % 7 === 3 || d % 7 === 4 ? 0.4 : 1.15; // day 0 is a Thursday: 3, 4 the weekend
      const season = 1 + 0.3 * Math.sin((2 * Math.PI * d) / 364);
      return poisson(40 * weekly * season, rng);
    });
  };

  it('expects each weekday and the season, and flags a doubled day', () => {
    const counts = series(1);
    const t = 800;
    const a = assessFarringtonSeries(counts, params);
    const truth =
      40 * (t % 7 === 3 || t % 7 === 4 ? 0.4 : 1.15) * (1 + 0.3 * Math.sin((2 * Math.PI * t) / 364));
    expect(Math.abs(a[t].expected! - truth) / truth).toBeLessThan(0.12);
    counts[t] = Math.round(2 * truth);
    expect(assessFarringtonSeries(counts, params)[t].spike).toBe(true);
    expect(a.slice(400).filter((d) => d.spike).length).toBeLessThan(5);
  });

  it("down-weights last year's outbreak, so it does not hide this year's", () => {
    const counts = series(2);
    for (let d = 430; d < 445; d++) counts[d] *= 3; // an outbreak a year before day 800's window
    const t = 430 + 364 + 2;
    const truth =
      40 * (t % 7 === 3 || t % 7 === 4 ? 0.4 : 1.15) * (1 + 0.3 * Math.sin((2 * Math.PI * t) / 364));
    counts[t] = Math.round(2 * truth);
    const a = assessFarringtonSeries(counts, params);
    expect(a[t].spike).toBe(true);
    expect(a[t].expected!).toBeLessThan(1.25 * truth);
  });
});
