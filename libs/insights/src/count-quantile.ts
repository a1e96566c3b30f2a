/**
 * Upper quantiles of count distributions: Poisson when there is no extra variation, negative binomial
 * (mean m, variance v > m) when there is. Summed from the probability mass function in log space, so means
 * in the hundreds neither underflow nor lose precision.
 */
export function countQuantile(mean: number, variance: number, q: number): number {
  if (!(mean > 0)) return 0;
  const poissonLike = !(variance > mean * (1 + 1e-9));
  let logPmf: number;
  let next: (k: number) => number;
  if (poissonLike) {
    logPmf = -mean;
    const logMean = Math.log(mean);
    next = (k) => logMean - Math.log(k + 1);
  } else {
    const size = (mean * mean) / (variance - mean);
    const p = size / (size + mean);
    logPmf = size * Math.log(p);
    const log1p = Math.log(1 - p);
    next = (k) => Math.log(k + size) - Math.log(k + 1) + log1p;
  }
  let cdf = Math.exp(logPmf);
  let k = 0;
  // The bound stops a degenerate input from looping: far beyond any quantile asked for.
  const bound = mean + 60 * Math.sqrt(Math.max(variance, mean)) + 100;
  while (cdf < q && k < bound) {
    logPmf += next(k);
    k++;
    cdf += Math.exp(logPmf);
  }
  return k;
}
