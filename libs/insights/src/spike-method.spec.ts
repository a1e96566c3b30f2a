import { countQuantile } from './count-quantile';
import { assessSeries, DEFAULT_SPIKE_PARAMS, partialDayLimit } from './spike-method';

describe('countQuantile', () => {
  it('matches known Poisson quantiles', () => {
    // P(X <= 8 | 3) = 0.9962, P(X <= 7 | 3) = 0.9881
    expect(countQuantile(3, 3, 0.99)).toBe(8);
    expect(countQuantile(3, 3, 0.98)).toBe(7);
    expect(countQuantile(100, 100, 0.5)).toBe(100);
  });

  it('widens with overdispersion (negative binomial) and handles means in the hundreds', () => {
    expect(countQuantile(30, 90, 0.999)).toBeGreaterThan(countQuantile(30, 30, 0.999));
    const q = countQuantile(800, 800, 0.999);
    expect(q).toBeGreaterThan(800 + 3 * Math.sqrt(800));
    expect(q).toBeLessThan(800 + 3.3 * Math.sqrt(800));
  });

  it('is zero for a zero mean', () => {
    expect(countQuantile(0, 0, 0.999)).toBe(0);
  });
});

describe('assessSeries', () => {
  const weekly = (weeks: number, pattern: number[]) =>
    Array.from({ length: weeks * 7 }, (_, i) => pattern[i % 7]);

  it('has no limits until the baseline holds minBaseline same weekdays', () => {
    const a = assessSeries(weekly(10, [20, 30, 30, 30, 30, 30, 10]));
    expect(a.slice(0, 28).every((d) => d.expected === null && d.upper === null)).toBe(true);
    expect(a[28].expected).toBe(20);
  });

  it('expects each weekday from the same weekdays', () => {
    const a = assessSeries(weekly(12, [10, 50, 40, 40, 40, 40, 12]));
    expect(a[80].expected).toBe([10, 50, 40, 40, 40, 40, 12][80 % 7]);
    expect(a.some((d) => d.spike)).toBe(false);
  });

  it('flags a doubled day, not a quiet series under the minimum count', () => {
    const counts = weekly(12, [30, 30, 30, 30, 30, 30, 30]);
    counts[70] = 60;
    expect(assessSeries(counts)[70].spike).toBe(true);
    const quiet = weekly(12, [2, 2, 2, 2, 2, 2, 2]);
    quiet[70] = 8; // four times the usual, but under the minimum of 10
    const q = assessSeries(quiet)[70];
    expect(q.count).toBeGreaterThan(q.upper!);
    expect(q.spike).toBe(false);
  });

  it('caps a flagged day in later baselines, so one spike does not hide the next', () => {
    const counts = weekly(14, [30, 30, 30, 30, 30, 30, 30]);
    counts[70] = 300;
    counts[77] = 60;
    const a = assessSeries(counts);
    expect(a[70].spike).toBe(true);
    expect(a[77].spike).toBe(true);
  });

  it("carries last year's seasonal movement into this year's expectation", () => {
    // A year at 20 a day with a jump to 40 on day 300 onwards; the next year the same shape, a little higher.
    const year = (level: number) => Array.from({ length: 364 }, (_, i) => (i >= 300 ? 2 * level : level));
    const counts = [...year(20), ...year(22)];
    const a = assessSeries(counts, DEFAULT_SPIKE_PARAMS);
    const day = 364 + 302;
    expect(a[day].expected).toBeGreaterThan(35);
    expect(a[day].spike).toBe(false);
  });

  it('scales the limit to the part of a day gone by', () => {
    const a = assessSeries(weekly(12, [40, 40, 40, 40, 40, 40, 40]));
    const half = partialDayLimit(a[80], 0.5)!;
    expect(half.expected).toBe(20);
    expect(half.upper).toBeLessThan(a[80].upper!);
    expect(half.upper).toBeGreaterThan(20);
    expect(partialDayLimit({ expected: null, variance: null }, 0.5)).toBeNull();
  });
});
