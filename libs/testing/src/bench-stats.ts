/**
 * The benchmark's arithmetic, kept pure so it can be unit-tested (issue 21): percentiles that count every
 * failure, the rule for "a rate held", and the shape of the history the data-scale run loads.
 */

/** The value at percentile `p` of an ascending list (nearest rank). */
export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

export interface LatencyStats {
  /** Every request offered: answered ones plus failures. */
  n: number;
  /** Requests that failed or timed out: each counted as an infinitely slow answer in every percentile. */
  failed: number;
  p50: number;
  p99: number;
  p999: number;
  max: number;
}

/**
 * Latency percentiles over `values` plus `failed` requests (an answer other than the one expected, or none
 * within the time-out). A failure is slower than any answer, so a p99 with more than 1% failures is
 * Infinity: a figure cannot look good by dropping what did not arrive.
 */
export function latencyStats(values: number[], failed = 0): LatencyStats {
  const s = [...values].sort((a, b) => a - b);
  for (let k = 0; k < failed; k++) s.push(Infinity);
  return {
    n: s.length,
    failed,
    p50: percentile(s, 50),
    p99: percentile(s, 99),
    p999: percentile(s, 99.9),
    max: s.length ? s[s.length - 1] : NaN,
  };
}

/** A latency for a table or the JSON file: milliseconds, or `failed` for a percentile that fell on failures. */
export function showMs(v: number, digits = 1): number | string {
  if (v === Infinity) return 'failed';
  if (!Number.isFinite(v)) return 'n/a';
  return Math.round(v * 10 ** digits) / 10 ** digits;
}

export interface StepOutcome {
  offered: number;
  /** Answered 202. */
  accepted: number;
  seconds: number;
  /** Accepted contacts whose decision did not arrive within the time-out. */
  missing: number;
  /** Lag (decision seen - scheduled send, ms) of each accepted contact in send order. */
  lags: number[];
}

/** The least length of a step for its "held" to mean anything (issue 21). */
export const MIN_HELD_STEP_SECONDS = 30;
/** The most the median lag may grow from the first third of a step to the last and still be "no growth". */
export const LAG_GROWTH_TOLERANCE_MS = 250;

/**
 * Whether a step held its offered rate: at least 99% of what was offered accepted with 202, every accepted
 * contact decided, and the lag not growing over a step of at least 30 s (median of the last third of the
 * step against the first third, within 250 ms: a queue that grows for 30 s at these rates grows by far more).
 */
export function stepHeld(o: StepOutcome): {
  held: boolean;
  acceptedShare: number;
  lagGrowthMs: number;
  why: string[];
} {
  const acceptedShare = o.offered ? o.accepted / o.offered : 0;
  const third = Math.max(1, Math.floor(o.lags.length / 3));
  const med = (xs: number[]) =>
    percentile(
      [...xs].sort((a, b) => a - b),
      50,
    );
  const lagGrowthMs = o.lags.length ? med(o.lags.slice(-third)) - med(o.lags.slice(0, third)) : NaN;
  const why: string[] = [];
  if (o.seconds < MIN_HELD_STEP_SECONDS)
    why.push(`step of ${o.seconds} s is under ${MIN_HELD_STEP_SECONDS} s`);
  if (acceptedShare < 0.99) why.push(`${(acceptedShare * 100).toFixed(1)}% accepted`);
  if (o.missing > 0) why.push(`${o.missing} not decided within the time-out`);
  if (!(lagGrowthMs < LAG_GROWTH_TOLERANCE_MS)) why.push(`lag grew ${Math.round(lagGrowthMs)} ms`);
  return { held: why.length === 0, acceptedShare, lagGrowthMs, why };
}
