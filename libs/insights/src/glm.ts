/**
 * A Poisson log-link GLM fitted by iteratively reweighted least squares, for the spike methods' daily
 * models. Design rows are sparse (an intercept, perhaps a trend, a weekday level and a few calendar
 * indicators), so each iteration costs a few multiply-adds per row plus one small dense solve. Prior weights
 * (Farrington's reweighting, time decay) multiply the working weights; a ridge term per coefficient keeps a
 * covariate the window never saw (a return to school in the first year) at zero effect instead of
 * unidentifiable. Quasi-Poisson: the dispersion is estimated apart from the fit.
 */
export interface SparseDesign {
  /** Number of coefficients. */
  p: number;
  /** Rows: `cols[i]` and `vals[i]` list the non-zero entries of row i. */
  cols: number[][];
  vals: number[][];
}

export interface GlmFit {
  beta: Float64Array;
  /** (X'WX + R)^-1, row-major p x p: the covariance of beta for a dispersion of 1. */
  cov: Float64Array;
  mu: Float64Array;
  converged: boolean;
}

export function fitPoissonGlm(
  X: SparseDesign,
  y: ArrayLike<number>,
  weights: ArrayLike<number>,
  ridge: ArrayLike<number>,
  start?: Float64Array,
): GlmFit | null {
  const n = y.length;
  const p = X.p;
  const beta = new Float64Array(p);
  if (start) beta.set(start);
  else {
    let sw = 0;
    let sy = 0;
    for (let i = 0; i < n; i++) {
      sw += weights[i];
      sy += weights[i] * y[i];
    }
    if (!(sw > 0)) return null;
    beta[0] = Math.log(Math.max(sy / sw, 0.1));
  }
  const A = new Float64Array(p * p);
  const b = new Float64Array(p);
  const mu = new Float64Array(n);
  let converged = false;
  let lastDev = Infinity;
  for (let iter = 0; iter < 30; iter++) {
    A.fill(0);
    b.fill(0);
    let dev = 0;
    for (let i = 0; i < n; i++) {
      const c = X.cols[i];
      const v = X.vals[i];
      let eta = 0;
      for (let k = 0; k < c.length; k++) eta += beta[c[k]] * v[k];
      eta = Math.max(-20, Math.min(20, eta));
      const m = Math.exp(eta);
      mu[i] = m;
      const w = weights[i] * m;
      if (w === 0) continue;
      const z = eta + (y[i] - m) / m;
      for (let k = 0; k < c.length; k++) {
        const ck = c[k] * p;
        const wv = w * v[k];
        b[c[k]] += wv * z;
        for (let l = 0; l < c.length; l++) A[ck + c[l]] += wv * v[l];
      }
      dev += weights[i] * (y[i] > 0 ? y[i] * Math.log(y[i] / m) - (y[i] - m) : m);
    }
    // The ridge pulls towards zero (no effect).
    for (let j = 0; j < p; j++) A[j * p + j] += ridge[j] + 1e-9;
    const next = choleskySolve(A, b, p);
    if (!next) return null;
    beta.set(next);
    if (Math.abs(lastDev - dev) < 1e-6 * (Math.abs(dev) + 1)) {
      converged = true;
      break;
    }
    lastDev = dev;
  }
  // Final fitted values and (X'WX + R)^-1 at the solution.
  A.fill(0);
  for (let i = 0; i < n; i++) {
    const c = X.cols[i];
    const v = X.vals[i];
    let eta = 0;
    for (let k = 0; k < c.length; k++) eta += beta[c[k]] * v[k];
    const m = Math.exp(Math.max(-20, Math.min(20, eta)));
    mu[i] = m;
    const w = weights[i] * m;
    for (let k = 0; k < c.length; k++)
      for (let l = 0; l < c.length; l++) A[c[k] * p + c[l]] += w * v[k] * v[l];
  }
  for (let j = 0; j < p; j++) A[j * p + j] += ridge[j] + 1e-9;
  const cov = choleskyInverse(A, p);
  if (!cov) return null;
  return { beta, cov, mu, converged };
}

/** x' C x for a sparse row x. */
export function quadraticForm(cov: Float64Array, p: number, cols: number[], vals: number[]): number {
  let s = 0;
  for (let k = 0; k < cols.length; k++)
    for (let l = 0; l < cols.length; l++) s += vals[k] * vals[l] * cov[cols[k] * p + cols[l]];
  return s;
}

export function linearPredictor(beta: Float64Array, cols: number[], vals: number[]): number {
  let s = 0;
  for (let k = 0; k < cols.length; k++) s += beta[cols[k]] * vals[k];
  return s;
}

/** Standardised Anscombe residual of a Poisson count (McCullagh and Nelder), as Farrington reweights by. */
export function anscombeResidual(y: number, mu: number, phi: number, hat: number): number {
  const a = 1.5 * (Math.pow(y, 2 / 3) * Math.pow(mu, -1 / 6) - Math.sqrt(mu));
  return a / Math.sqrt(phi * Math.max(1e-6, 1 - hat));
}

function cholesky(A: Float64Array, p: number): Float64Array | null {
  const L = new Float64Array(p * p);
  for (let i = 0; i < p; i++) {
    for (let j = 0; j <= i; j++) {
      let s = A[i * p + j];
      for (let k = 0; k < j; k++) s -= L[i * p + k] * L[j * p + k];
      if (i === j) {
        if (!(s > 0)) return null;
        L[i * p + i] = Math.sqrt(s);
      } else L[i * p + j] = s / L[j * p + j];
    }
  }
  return L;
}

function choleskySolve(A: Float64Array, b: Float64Array, p: number): Float64Array | null {
  const L = cholesky(A, p);
  if (!L) return null;
  const z = new Float64Array(p);
  for (let i = 0; i < p; i++) {
    let s = b[i];
    for (let k = 0; k < i; k++) s -= L[i * p + k] * z[k];
    z[i] = s / L[i * p + i];
  }
  const x = new Float64Array(p);
  for (let i = p - 1; i >= 0; i--) {
    let s = z[i];
    for (let k = i + 1; k < p; k++) s -= L[k * p + i] * x[k];
    x[i] = s / L[i * p + i];
  }
  return x;
}

function choleskyInverse(A: Float64Array, p: number): Float64Array | null {
  const inv = new Float64Array(p * p);
  const e = new Float64Array(p);
  const L = cholesky(A, p);
  if (!L) return null;
  for (let j = 0; j < p; j++) {
    e.fill(0);
    e[j] = 1;
    const z = new Float64Array(p);
    for (let i = 0; i < p; i++) {
      let s = e[i];
      for (let k = 0; k < i; k++) s -= L[i * p + k] * z[k];
      z[i] = s / L[i * p + i];
    }
    for (let i = p - 1; i >= 0; i--) {
      let s = z[i];
      for (let k = i + 1; k < p; k++) s -= L[k * p + i] * inv[k * p + j];
      inv[i * p + j] = s / L[i * p + i];
    }
  }
  return inv;
}
