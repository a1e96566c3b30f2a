import { countQuantile } from './count-quantile';
import { assessFarringtonSeries } from './farrington';
import { assessSchoolYearSeries, SeriesContext } from './school-year-method';

/**
 * Spike detection for daily count series. `assessSeries` runs the method the parameters name: by default the
 * school-year method (school-year-method.ts); the improved Farrington method (farrington.ts) and the
 * same-weekday method below run beside it in the evaluation (npm run evaluate:spikes).
 *
 * The same-weekday method: a negative-binomial control limit on a same-weekday baseline, seasonally adjusted
 * from earlier years when there are any.
 *
 * For day t of a series:
 *  1. Baseline: the counts of the `baselineWeeks` same weekdays before t, skipping the `guardWeeks` most
 *     recent ones (a guard band, so that a rise building up does not hide itself). Days the method itself
 *     flagged enter the baseline capped at their alarm limit (as Farrington's reweighting of outliers does),
 *     so one spike does not blunt detection for weeks after it. Fewer than `minBaseline` days of history:
 *     no expected value, no limit.
 *  2. Seasonal adjustment (Stroup's historical limits idea, as a ratio): with a year or more of history, the
 *     ratio of the mean daily count in the week centred on t's date one (up to `seasonalYears`) year(s) ago
 *     to the mean daily count in that year's baseline window. It carries last year's August dip, September
 *     return and January rise into this year's expectation, while the baseline supplies the current level.
 *  3. Expected m = ratio x baseline mean. Predictive variance, negative-binomial form: v = m + alpha m^2,
 *     with alpha estimated by moments from the method's own one-step-ahead errors over the last
 *     `dispersionDays` days: alpha = max(0, sum((x - m)^2 - m) / sum(m^2)), each squared error capped at 9 m (three standard deviations)
 *     so one outlier cannot dominate. Until 14 such days exist, from the baseline's own spread. Errors of
 *     predictions rather than the spread of the baseline, so a baseline spanning a holiday does not widen the
 *     limit when the seasonal ratio explains it; and the m^2 term lets quiet weekends have tighter limits
 *     than busy Mondays.
 *  4. Upper limit: the `quantile` of the negative binomial with mean m and variance v (Poisson when phi = 1).
 *     A spike: count > upper and count >= `minCount`, so quiet series never alarm on a handful.
 */
export type SpikeMethodName = 'school-year' | 'farrington' | 'same-weekday';

export interface SpikeMethodParams {
  /** Which method assesses days: the school-year method (the service's), improved Farrington, or the old one. */
  method: SpikeMethodName;
  quantile: number;
  minCount: number;
  dispersionDays: number;
  /** School-year and Farrington methods: days of history fitted, fewest to fit, refit cadence. */
  historyDays: number;
  minHistoryDays: number;
  refitDays: number;
  /** School-year method: recent days that set the level; Anscombe threshold; ridge on unseen calendar effects. */
  levelDays: number;
  /** School-year method: a level shift is 6 of 7 of the last `shiftDays` above expectation (0: never). */
  shiftDays: number;
  reweightThreshold: number;
  /** School-year method: Huber's c for the recent level (0: reweighting only). */
  levelHuber: number;
  /**
   * School-year method: the alarm's tail probability (1 - quantile) times these for quiet (under 10 expected
   * a day over the level window), medium (10-40) and busy (40 or more) series.
   */
  sizeTailFactors: readonly [number, number, number];
  calendarRidge: number;
  /** School-year method: the ridge on the return to school's two effects (tuned on the tuning seeds). */
  returnRidge: number;
  /** Same-weekday method only. */
  baselineWeeks: number;
  guardWeeks: number;
  minBaseline: number;
  seasonalYears: number;
}

export const DEFAULT_SPIKE_PARAMS: Readonly<SpikeMethodParams> = {
  method: 'school-year',
  quantile: 0.99,
  minCount: 10,
  dispersionDays: 112,
  historyDays: 546,
  minHistoryDays: 28,
  refitDays: 2,
  levelDays: 56,
  shiftDays: 14,
  reweightThreshold: 2.58,
  levelHuber: 1,
  sizeTailFactors: [1, 0.7, 0.3],
  calendarRidge: 1,
  returnRidge: 200,
  baselineWeeks: 8,
  guardWeeks: 0,
  minBaseline: 4,
  seasonalYears: 2,
};

/** The same-weekday method's settings as they were before the school-year method (for comparison). */
export const SAME_WEEKDAY_PARAMS: Readonly<SpikeMethodParams> = {
  ...DEFAULT_SPIKE_PARAMS,
  method: 'same-weekday',
  dispersionDays: 56,
};

export interface DayAssessment {
  /** Index of the day in the series (0 = the first day of history). */
  index: number;
  count: number;
  /** Baseline expectation for the whole day; null where history is too short. */
  expected: number | null;
  /** Alarm limit for the whole day (an integer count); null where history is too short. */
  upper: number | null;
  /** Predictive variance behind `upper` (used to scale limits for part of a day). */
  variance: number | null;
  /** The quantile `upper` is at, where the method sets it per day (the school-year method, by size). */
  quantile?: number;
  spike: boolean;
}

const YEAR_DAYS = 364; // 52 weeks: the same weekday a year before.
const SEASON_HALF_WINDOW = 3;
const SEASON_MIN_COUNT = 20;

/**
 * Assesses every day of a series, oldest first. `counts[i]` is the count of day i; day 0 is the first day
 * of history (days before it are unknown, not zero). The last day may be a partial (today's) count: its
 * limits are the whole day's.
 */
export function assessSeries(
  counts: ArrayLike<number>,
  params: SpikeMethodParams = DEFAULT_SPIKE_PARAMS,
  context: SeriesContext = {},
): DayAssessment[] {
  if (params.method === 'farrington') return assessFarringtonSeries(counts, params, context);
  if (params.method === 'same-weekday') return assessSameWeekdaySeries(counts, params);
  return assessSchoolYearSeries(counts, params, context);
}

/** The method before the school-year method (kept as a comparison in the evaluation). */
export function assessSameWeekdaySeries(
  counts: ArrayLike<number>,
  params: SpikeMethodParams = SAME_WEEKDAY_PARAMS,
): DayAssessment[] {
  const n = counts.length;
  const adjusted = new Float64Array(n);
  // Prefix sums of the raw counts, for window means in the seasonal ratio: last year's level shifts (the
  // September return) must carry over whole, and a one-day spike barely moves a week's mean.
  const prefix = new Float64Array(n + 1);
  const out: DayAssessment[] = new Array(n);
  const window = 7 * params.baselineWeeks;
  // Each day's (capped squared error - m) and m^2 (NaN where there was no prediction).
  const residual = new Float64Array(n).fill(NaN);
  const meanSq = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const count = counts[i];
    const limits = limitsFor(i, adjusted, prefix, residual, meanSq, params, window);
    const spike = limits !== null && count > limits.upper && count >= params.minCount;
    out[i] = {
      index: i,
      count,
      expected: limits ? round1(limits.mean) : null,
      upper: limits ? limits.upper : null,
      variance: limits ? limits.variance : null,
      spike,
    };
    adjusted[i] = spike ? Math.min(count, limits!.upper) : count;
    if (limits && limits.mean > 0) {
      residual[i] = Math.min(9 * limits.mean, (adjusted[i] - limits.mean) ** 2) - limits.mean;
      meanSq[i] = limits.mean * limits.mean;
    }
    prefix[i + 1] = prefix[i] + count;
  }
  return out;
}

function limitsFor(
  i: number,
  adjusted: Float64Array,
  prefix: Float64Array,
  residual: Float64Array,
  meanSq: Float64Array,
  p: SpikeMethodParams,
  window: number,
): { mean: number; variance: number; upper: number } | null {
  let sum = 0;
  let sumSq = 0;
  let k = 0;
  for (let w = 0; w < p.baselineWeeks; w++) {
    const j = i - 7 * (p.guardWeeks + 1 + w);
    if (j < 0) break;
    sum += adjusted[j];
    sumSq += adjusted[j] * adjusted[j];
    k++;
  }
  if (k < Math.max(2, p.minBaseline)) return null;
  const baseMean = sum / k;
  const baseVar = (sumSq - k * baseMean * baseMean) / (k - 1);
  const ratio = seasonalRatio(i, prefix, p, window);
  const mean = ratio * baseMean;
  let excess = 0;
  let squares = 0;
  let days = 0;
  for (let j = Math.max(0, i - p.dispersionDays); j < i; j++) {
    if (!Number.isNaN(residual[j])) {
      excess += residual[j];
      squares += meanSq[j];
      days++;
    }
  }
  const alpha =
    days >= 14 && squares > 0
      ? Math.max(0, excess / squares)
      : baseMean > 0
        ? Math.max(0, (baseVar - baseMean) / (baseMean * baseMean))
        : 0;
  const variance = mean + alpha * mean * mean;
  return { mean, variance, upper: countQuantile(mean, variance, p.quantile) };
}

/** Last years' movement from their baseline window to this date; 1 without a full earlier year. */
function seasonalRatio(i: number, prefix: Float64Array, p: SpikeMethodParams, window: number): number {
  let now = 0;
  let base = 0;
  for (let y = 1; y <= p.seasonalYears; y++) {
    const c = i - YEAR_DAYS * y;
    const baseEnd = c - 7 * p.guardWeeks; // exclusive
    const baseStart = baseEnd - window;
    if (baseStart < 0) break;
    now +=
      (prefix[c + SEASON_HALF_WINDOW + 1] - prefix[c - SEASON_HALF_WINDOW]) / (2 * SEASON_HALF_WINDOW + 1);
    base += (prefix[baseEnd] - prefix[baseStart]) / window;
  }
  if (base * window < SEASON_MIN_COUNT || now <= 0) return 1;
  return Math.min(5, Math.max(0.2, now / base));
}

/**
 * The limit for part of a day: `fraction` of the day's contacts usually arrive by now. The day's negative
 * binomial thinned to that fraction has mean m f and variance m f + (v - m) f^2.
 */
export function partialDayLimit(
  day: Pick<DayAssessment, 'expected' | 'variance' | 'quantile'>,
  fraction: number,
  params: SpikeMethodParams = DEFAULT_SPIKE_PARAMS,
): { expected: number; upper: number } | null {
  if (day.expected === null || day.variance === null || !(fraction > 0)) return null;
  const f = Math.min(1, fraction);
  const mean = day.expected * f;
  const variance = mean + Math.max(0, day.variance - day.expected) * f * f;
  return { expected: round1(mean), upper: countQuantile(mean, variance, day.quantile ?? params.quantile) };
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}
