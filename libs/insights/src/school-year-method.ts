import { countQuantile } from './count-quantile';
import { weekdayOfDay } from './days';
import { anscombeResidual, fitPoissonGlm, GlmFit, linearPredictor, quadraticForm, SparseDesign } from './glm';
import { CALENDAR_FEATURES, SchoolCalendar } from './school-year';
import type { DayAssessment, SpikeMethodParams } from './spike-method';

export interface SeriesContext {
  /** Day number of counts[0] (days since 1970-01-01); weekdays and the school calendar follow from it. */
  startDay?: number;
  /** The county's school year; without one, no calendar covariates (weekdays only). */
  calendar?: SchoolCalendar | null;
  /** Assess days from this index on (earlier ones come back without limits); 0 when absent. */
  from?: number;
}

// Columns: intercept (Wednesday in term), trend (years), six weekdays against Wednesday, calendar features.
const TREND = 1;
const WEEKDAY0 = 2;
const CALENDAR0 = 8;
const P = CALENDAR0 + CALENDAR_FEATURES.length;
const REFERENCE_WEEKDAY = 3;
const RETURN_FEATURES = ['return_to_school', 'return_first_week'] as const;

/**
 * The school-year method: for each day t of a series,
 *  1. Shape (refitted every `refitDays`): a Poisson log-linear model over up to `historyDays` of history with
 *     a weekday level, a gentle trend and the school calendar's known covariates (summer, Christmas and
 *     Easter holidays, half terms, the first three weeks and the first week of the autumn term, the first
 *     four weeks of the spring term, bank holidays and the day after). A covariate the history never saw is
 *     held at no effect by a ridge term (`calendarRidge`) until it has been seen once; after that it is
 *     expected, not a surprise. Fitted twice, Farrington style: days whose standardised Anscombe residual
 *     exceeds `reweightThreshold` in either direction are down-weighted by (threshold / residual)^2, on top of
 *     the down-weighting their own one-step assessment gave them (see 4).
 *  2. Level: the model's shape times the ratio of observed to fitted counts over the last `levelDays`, with
 *     the same robust weights and then as a Huber M-estimate (`levelHuber`), so the expectation follows the current level while surges stay out of it.
 *     A level shift (12 of the last `shiftDays` (14) above expectation, their sum over two standard
 *     deviations above) is taken as the new normal: the level is then the days since it began, unweighted,
 *     until the robust window holds only those days, so a lasting shift stops alarming within about three
 *     weeks (tested).
 *  3. Spread: negative binomial, variance m + alpha m^2 + m^2 var(log m), alpha by weighted moments from the
 *     method's own one-step errors over the last `dispersionDays` (the fit's residuals until 28 exist),
 *     each day weighted by its robust weight squared (a surge's squared error is s^2 v, so its contribution
 *     falls below one ordinary day's), so a surge widens neither the baseline nor the limit.
 *  4. Alarm: count > that distribution's quantile for the series' size (tail (1 - `quantile`) x
 *     `sizeTailFactors`) and count >= `minCount`. The day's robust weight
 *     (1, or (threshold / standardised error)^2 beyond the threshold) is kept for later fits.
 */
export function assessSchoolYearSeries(
  counts: ArrayLike<number>,
  params: SpikeMethodParams,
  context: SeriesContext = {},
): DayAssessment[] {
  const n = counts.length;
  const startDay = context.startDay ?? 0;
  const calendar = context.calendar ?? null;
  const out: DayAssessment[] = new Array(n);
  const design = buildDesign(n, startDay, calendar);
  const oneStepW = new Float64Array(n).fill(NaN);
  const oneStepM = new Float64Array(n).fill(NaN);
  const oneStepEta = new Float64Array(n);
  const oneStepV = new Float64Array(n).fill(NaN);
  const ridge = new Float64Array(P);
  ridge[TREND] = 5;
  for (let c = WEEKDAY0; c < CALENDAR0; c++) ridge[c] = 0.01;
  for (let c = CALENDAR0; c < P; c++) ridge[c] = params.calendarRidge;
  // The return's surge is fitted from a handful of days a year, each return's own (and any surge inside it):
  // a stronger pull towards no effect stops one year's return, spikes and all, being expected of the next.
  for (const f of RETURN_FEATURES) ridge[CALENDAR0 + CALENDAR_FEATURES.indexOf(f)] = params.returnRidge;
  const requested = Math.max(0, context.from ?? 0);
  const begin = Math.max(params.minHistoryDays, requested - params.dispersionDays - params.levelDays);
  for (let i = 0; i < Math.min(n, begin); i++) out[i] = empty(i, counts[i]);
  let fit: (GlmFit & { phi: number; fitW: Float64Array; windowStart: number; alphaFit: number }) | null =
    null;
  let fitDay = -Infinity;
  let shiftStart = -1;
  const mu1 = new Float64Array(n);
  let lastBeta: Float64Array | undefined;
  for (let t = begin; t < n; t++) {
    if (t - fitDay >= params.refitDays || fit === null) {
      fitDay = t;
      fit = fitShape(design, counts, oneStepW, t, params, ridge, lastBeta);
      if (fit) {
        lastBeta = fit.beta;
        for (let j = Math.max(0, t - params.levelDays); j < Math.min(n, t + params.refitDays); j++)
          mu1[j] = Math.exp(linearPredictor(fit.beta, design.cols[j], design.vals[j]));
      }
    }
    const y = counts[t];
    if (!fit) {
      out[t] = empty(t, y);
      continue;
    }
    // 2. Level over the recent days, robust weights; a lasting shift is the new normal.
    let sy = 0;
    let sm = 0;
    for (let j = Math.max(0, t - params.levelDays); j < t; j++) {
      const w = weightOf(j, oneStepW, fit);
      sy += w * counts[j];
      sm += w * mu1[j];
    }
    // Huber's M-estimate of the ratio on top: a day more than `levelHuber` standard deviations off counts
    // as that many, so a week-long 1.5x rise (each day under the reweighting threshold) barely moves it.
    if (params.levelHuber > 0 && sm > 0) {
      for (let iter = 0; iter < 4; iter++) {
        const r = sy / sm;
        let hy = 0;
        let hm = 0;
        for (let j = Math.max(0, t - params.levelDays); j < t; j++) {
          const w = weightOf(j, oneStepW, fit);
          const mj = r * mu1[j];
          const vj = Number.isNaN(oneStepV[j]) ? mj : (oneStepV[j] * mj) / oneStepM[j];
          const z = Math.abs(counts[j] - mj) / Math.sqrt(Math.max(vj, 1e-9));
          const h = z > params.levelHuber ? params.levelHuber / z : 1;
          hy += h * w * counts[j];
          hm += h * w * mu1[j];
        }
        if (!(hm > 0)) break;
        sy = hy;
        sm = hm;
      }
    }
    let above = 0;
    let shiftSy = 0;
    let shiftSm = 0;
    let known = 0;
    for (let j = Math.max(0, t - params.shiftDays); j < t; j++) {
      if (Number.isNaN(oneStepM[j])) continue;
      known++;
      if (counts[j] > oneStepM[j]) above++;
      shiftSy += counts[j];
      shiftSm += mu1[j];
    }
    let ratio = sm > 0 ? sy / sm : 1;
    const shiftWindow = params.shiftDays;
    if (
      shiftWindow > 0 &&
      shiftStart < 0 &&
      known === shiftWindow &&
      above >= Math.ceil((6 * shiftWindow) / 7) &&
      shiftSm > 0 &&
      (shiftSy - shiftSm * ratio) / Math.sqrt(Math.max(1, shiftSm * ratio)) > 2
    ) {
      shiftStart = t - shiftWindow;
    }
    // After a shift: the level is the days since it began, unweighted, until the robust window holds only them.
    if (shiftStart >= 0 && t - shiftStart > params.levelDays) shiftStart = -1;
    if (shiftStart >= 0) {
      let y2 = 0;
      let m2 = 0;
      for (let j = shiftStart; j < t; j++) {
        y2 += counts[j];
        m2 += mu1[j];
      }
      if (m2 > 0) {
        ratio = y2 / m2;
        sm = m2;
      }
    }
    ratio = Math.min(5, Math.max(0.2, ratio));
    const m = ratio * mu1[t];
    // 3. Spread.
    let ex = 0;
    let sq = 0;
    let days = 0;
    for (let j = Math.max(0, t - params.dispersionDays); j < t; j++) {
      if (Number.isNaN(oneStepM[j])) continue;
      // The weight squared: an outlier's squared error is s^2 v, so (threshold / s)^4 brings it under v.
      const w = oneStepW[j] * oneStepW[j];
      const mj = oneStepM[j];
      // Less the part of the error that is the estimate's own (m^2 var(log m)), counted apart below.
      ex += w * ((counts[j] - mj) ** 2 - mj - mj * mj * oneStepEta[j]);
      sq += w * mj * mj;
      days++;
    }
    const alpha = days >= 28 && sq > 0 ? Math.max(0, ex / sq) : fit.alphaFit;
    const varEta =
      fit.phi * quadraticForm(fit.cov, P, design.cols[t], design.vals[t]) + (sm > 0 ? fit.phi / sm : 0);
    const variance = m + alpha * m * m + m * m * varEta;
    const quantile = quantileFor(ratio, mu1, t, params);
    const upper = countQuantile(m, variance, quantile);
    const spike = t >= requested && y > upper && y >= params.minCount;
    const s = variance > 0 ? (y - m) / Math.sqrt(variance) : 0;
    oneStepW[t] = robustWeight(s, params.reweightThreshold);
    oneStepM[t] = m;
    oneStepV[t] = variance;
    oneStepEta[t] = varEta;
    out[t] =
      t >= requested
        ? { index: t, count: y, expected: round1(m), upper, variance, quantile, spike }
        : empty(t, y);
  }
  return out;
}

function empty(index: number, count: number): DayAssessment {
  return { index, count, expected: null, upper: null, variance: null, spike: false };
}

function weightOf(j: number, oneStepW: Float64Array, fit: { fitW: Float64Array; windowStart: number }) {
  const k = j - fit.windowStart;
  const f = k >= 0 && k < fit.fitW.length ? fit.fitW[k] : 1;
  return Number.isNaN(oneStepW[j]) ? f : Math.min(f, oneStepW[j]);
}

/**
 * The alarm quantile for the series' size (its mean expectation over the level window): a busy series'
 * limit rests on a dispersion estimated from large counts, where the robust weights trim more of the true
 * spread, so each size holds its own false-alarm rate (tuned on the tuning seeds to stay under 1%).
 */
function quantileFor(ratio: number, mu1: Float64Array, t: number, params: SpikeMethodParams): number {
  const f = params.sizeTailFactors;
  let s = 0;
  const from = Math.max(0, t - params.levelDays);
  for (let j = from; j < t; j++) s += mu1[j];
  const mean = (ratio * s) / Math.max(1, t - from);
  return 1 - (1 - params.quantile) * (mean < 10 ? f[0] : mean < 40 ? f[1] : f[2]);
}

export function robustWeight(s: number, threshold: number): number {
  const a = Math.abs(s);
  return a > threshold ? (threshold / a) ** 2 : 1;
}

function buildDesign(n: number, startDay: number, calendar: SchoolCalendar | null): SparseDesign {
  const cols: number[][] = new Array(n);
  const vals: number[][] = new Array(n);
  const features: number[] = [];
  for (let i = 0; i < n; i++) {
    const day = startDay + i;
    const c = [0, TREND];
    const v = [1, i / 365];
    const wd = weekdayOfDay(day);
    if (wd !== REFERENCE_WEEKDAY) {
      c.push(WEEKDAY0 + (wd < REFERENCE_WEEKDAY ? wd : wd - 1));
      v.push(1);
    }
    if (calendar) {
      for (const f of calendar.featuresOf(day, features)) {
        c.push(CALENDAR0 + f);
        v.push(1);
      }
    }
    cols[i] = c;
    vals[i] = v;
  }
  return { p: P, cols, vals };
}

/** Step 1: the shape model over the history before day t, fitted and refitted with Anscombe weights. */
function fitShape(
  design: SparseDesign,
  counts: ArrayLike<number>,
  oneStepW: Float64Array,
  t: number,
  params: SpikeMethodParams,
  ridge: Float64Array,
  start: Float64Array | undefined,
) {
  const windowStart = Math.max(0, t - params.historyDays);
  const len = t - windowStart;
  if (len < params.minHistoryDays) return null;
  const X: SparseDesign = {
    p: P,
    cols: design.cols.slice(windowStart, t),
    vals: design.vals.slice(windowStart, t),
  };
  const y = Array.prototype.slice.call(counts, windowStart, t) as number[];
  const prior = new Float64Array(len);
  for (let k = 0; k < len; k++) {
    const w = oneStepW[windowStart + k];
    prior[k] = Number.isNaN(w) ? 1 : w;
  }
  const first = fitPoissonGlm(X, y, prior, ridge, start);
  if (!first) return null;
  const phi1 = pearsonPhi(y, first.mu, prior, len);
  const fitW = new Float64Array(len);
  const weights = new Float64Array(len);
  for (let k = 0; k < len; k++) {
    const hat = prior[k] * first.mu[k] * quadraticForm(first.cov, P, X.cols[k], X.vals[k]);
    fitW[k] = robustWeight(anscombeResidual(y[k], first.mu[k], phi1, hat), params.reweightThreshold);
    weights[k] = prior[k] * fitW[k];
  }
  const second = fitPoissonGlm(X, y, weights, ridge, first.beta);
  if (!second) return null;
  const phi = pearsonPhi(y, second.mu, weights, len);
  let ex = 0;
  let sq = 0;
  for (let k = 0; k < len; k++) {
    const m = second.mu[k];
    ex += weights[k] * ((y[k] - m) ** 2 - m);
    sq += weights[k] * m * m;
  }
  return { ...second, phi, fitW, windowStart, alphaFit: sq > 0 ? Math.max(0, ex / sq) : 0 };
}

function pearsonPhi(y: ArrayLike<number>, mu: Float64Array, w: ArrayLike<number>, len: number): number {
  let s = 0;
  let sw = 0;
  for (let k = 0; k < len; k++) {
    if (mu[k] <= 0) continue;
    s += (w[k] * (y[k] - mu[k]) ** 2) / mu[k];
    sw += w[k];
  }
  const dof = sw - P;
  return dof > 0 ? Math.max(1, s / dof) : 1;
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}
