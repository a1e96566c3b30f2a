import { countQuantile } from './count-quantile';
import { weekdayOfDay } from './days';
import { anscombeResidual, fitPoissonGlm, linearPredictor, quadraticForm, SparseDesign } from './glm';
import type { SeriesContext } from './school-year-method';
import type { DayAssessment, SpikeMethodParams } from './spike-method';

/** The improved Farrington method's settings (Noufaily et al. 2013; surveillance::farringtonFlexible). */
export interface FarringtonParams {
  /** Years back (b): reference windows around the same date 1..b years (52 weeks) before. */
  years: number;
  /** Half-width of each reference window, in days (w: 3 weeks, as the weekly default of 3). */
  halfWindowDays: number;
  /** Seasonal factor levels (noPeriods): the reference windows, and the rest of each year in 9 blocks. */
  periods: number;
  /** Recent days left out of the fit (pastWeeksNotIncluded: 26 weeks), so an emerging outbreak is not learned. */
  pastDaysNotIncluded: number;
  /** Standardised Anscombe residual above which a day is down-weighted (weightsThreshold 2.58). */
  weightsThreshold: number;
  /** Refit every this many days (R refits for every time point; weekly keeps a year of 12 series fast). */
  refitDays: number;
}

export const DEFAULT_FARRINGTON: Readonly<FarringtonParams> = {
  years: 3,
  halfWindowDays: 21,
  periods: 10,
  pastDaysNotIncluded: 182,
  weightsThreshold: 2.58,
  refitDays: 7,
};

const YEAR = 364;

/**
 * The improved Farrington method on daily counts: a quasi-Poisson GLM per time point, log link, with a
 * seasonal factor of `periods` levels (the windows of +/- w around the same date in each of the b earlier
 * years are the reference level; the rest of each year is split into periods - 1 blocks), a weekday factor
 * (the daily adaptation), and a linear trend kept only with at least three years of history, when
 * significant at 5% and when it does not predict above every observed count. Fitted once, then refitted with
 * Anscombe-residual weights (s^-2 above 2.58, scaled to sum to n); dispersion phi = max(1, Pearson / (n - p)).
 * Threshold: the negative binomial plug-in (mean mu0, variance phi mu0; Poisson when phi = 1) at `quantile`.
 * Until a year plus w of history exists, b = 0: a fit over all history but the last week with a weekday
 * factor only (R's method would give nothing there).
 */
export function assessFarringtonSeries(
  counts: ArrayLike<number>,
  params: SpikeMethodParams,
  context: SeriesContext = {},
  f: FarringtonParams = DEFAULT_FARRINGTON,
): DayAssessment[] {
  const n = counts.length;
  const startDay = context.startDay ?? 0;
  const requested = Math.max(0, context.from ?? 0);
  const out: DayAssessment[] = new Array(n);
  let model: {
    beta: Float64Array;
    cov: Float64Array;
    phi: number;
    rowFor: (t: number) => [number[], number[]];
    p: number;
  } | null = null;
  let fitDay = -Infinity;
  for (let t = 0; t < n; t++) {
    const y = counts[t];
    if (t < Math.max(requested, params.minHistoryDays)) {
      out[t] = { index: t, count: y, expected: null, upper: null, variance: null, spike: false };
      continue;
    }
    if (t - fitDay >= f.refitDays || !model) {
      fitDay = t;
      model = fitFarrington(counts, startDay, t, f);
    }
    if (!model) {
      out[t] = { index: t, count: y, expected: null, upper: null, variance: null, spike: false };
      continue;
    }
    const [c, v] = model.rowFor(t);
    const eta = linearPredictor(model.beta, c, v);
    const mu0 = Math.exp(eta);
    const variance = model.phi * mu0;
    const upper = countQuantile(mu0, variance, params.quantile);
    out[t] = {
      index: t,
      count: y,
      expected: Math.round(mu0 * 10) / 10,
      upper,
      variance: variance + mu0 * mu0 * model.phi * quadraticForm(model.cov, model.p, c, v),
      spike: y > upper && y >= params.minCount,
    };
  }
  return out;
}

function fitFarrington(counts: ArrayLike<number>, startDay: number, t: number, f: FarringtonParams) {
  const b = Math.min(f.years, Math.floor((t - f.halfWindowDays - 1) / YEAR));
  // Rows: [day index, seasonal level (0 = reference)].
  const rows: [number, number][] = [];
  let periodsUsed = 1;
  if (b >= 1) {
    const level = new Int16Array(t).fill(-1);
    for (let y = 1; y <= b; y++) {
      const ref = t - YEAR * y;
      for (let d = ref - f.halfWindowDays; d <= ref + f.halfWindowDays; d++)
        if (d >= 0 && d < t) level[d] = 0;
      // Between this reference window and the next later one (or t's own window): periods - 1 blocks.
      const from = ref + f.halfWindowDays + 1;
      const to = (y === 1 ? t : t - YEAR * (y - 1)) - f.halfWindowDays - 1;
      const len = to - from + 1;
      for (let d = from; d <= to; d++) {
        const block = 1 + Math.min(f.periods - 2, Math.floor(((d - from) * (f.periods - 1)) / len));
        if (d >= 0 && d < t) level[d] = block;
      }
    }
    for (let d = 0; d < t - f.pastDaysNotIncluded; d++) if (level[d] >= 0) rows.push([d, level[d]]);
    periodsUsed = f.periods;
  } else {
    for (let d = 0; d < t - 7; d++) rows.push([d, 0]);
  }
  if (rows.length < 28) return null;
  const first = rows[0][0];
  const build = (trend: boolean) => {
    const p = 1 + (trend ? 1 : 0) + 6 + (periodsUsed - 1);
    const rowOf = (d: number, level: number): [number[], number[]] => {
      const c = [0];
      const v = [1];
      let k = 1;
      if (trend) {
        c.push(k++);
        v.push((d - first) / YEAR);
      }
      const wd = weekdayOfDay(startDay + d);
      if (wd !== 3) {
        c.push(k + (wd < 3 ? wd : wd - 1));
        v.push(1);
      }
      k += 6;
      if (level > 0) {
        c.push(k + level - 1);
        v.push(1);
      }
      return [c, v];
    };
    const X: SparseDesign = { p, cols: [], vals: [] };
    const y: number[] = [];
    for (const [d, level] of rows) {
      const [c, v] = rowOf(d, level);
      X.cols.push(c);
      X.vals.push(v);
      y.push(counts[d]);
    }
    return { X, y, p, rowFor: (d: number) => rowOf(d, 0) };
  };
  const fitWith = (trend: boolean) => {
    const { X, y, p, rowFor } = build(trend);
    const n = y.length;
    const ridge = new Float64Array(p).fill(1e-6);
    const ones = new Float64Array(n).fill(1);
    const m1 = fitPoissonGlm(X, y, ones, ridge);
    if (!m1) return null;
    const phi1 = Math.max(1, pearson(y, m1.mu, ones) / Math.max(1, n - p));
    // Farrington's weights: s^-2 above the threshold, 1 below, scaled by gamma so they sum to n.
    const s = y.map((yi, k) =>
      anscombeResidual(yi, m1.mu[k], phi1, m1.mu[k] * quadraticForm(m1.cov, p, X.cols[k], X.vals[k])),
    );
    const raw = s.map((si) => (si > f.weightsThreshold ? si ** -2 : 1));
    const gamma = n / raw.reduce((a, b) => a + b, 0);
    const w = Float64Array.from(raw, (r) => gamma * r);
    const m2 = fitPoissonGlm(X, y, w, ridge, m1.beta);
    if (!m2) return null;
    const phi = Math.max(1, pearson(y, m2.mu, w) / Math.max(1, n - p));
    return { beta: m2.beta, cov: m2.cov, phi, rowFor, p, y };
  };
  const useTrend = b >= 3;
  let model = fitWith(useTrend);
  if (model && useTrend) {
    const se = Math.sqrt(model.phi * model.cov[1 * model.p + 1]);
    const significant = Math.abs(model.beta[1] / se) > 1.96;
    const [c, v] = model.rowFor(t);
    const pred = Math.exp(linearPredictor(model.beta, c, v));
    const noExtrapolation = pred <= Math.max(...model.y);
    if (!(significant && noExtrapolation)) model = fitWith(false);
  }
  return model;
}

function pearson(y: number[], mu: Float64Array, w: ArrayLike<number>): number {
  let s = 0;
  for (let k = 0; k < y.length; k++) if (mu[k] > 0) s += (w[k] * (y[k] - mu[k]) ** 2) / mu[k];
  return s;
}
