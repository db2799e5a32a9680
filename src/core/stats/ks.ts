/**
 * Kolmogorov–Smirnov distance between a sample and a law: D = sup_x |F_n(x) - F(x)|.
 *
 * - `ksDistance` is exact: it sorts a copy of the sample (or trusts `sorted: true`) and evaluates
 *   D+ = max(i/n - F(x_(i))) and D- = max(F(x_(i)) - (i-1)/n), as scipy.stats.kstest does, including
 *   its `statistic_location` and `statistic_sign`. Sorting costs O(n log n): 0.1 to 0.2 s for 10⁶ values.
 * - `ksDistanceFromHistogram` is the fast one for 10⁶ samples: it reuses the panel's histogram and
 *   evaluates F_n and F at the bin edges only. It returns that value (a lower bound of D, never above
 *   it) and an upper bound; within a bin both functions are non-decreasing, so the true D lies
 *   between, and the gap is at most the bin's sample mass plus its law mass. For 10⁶ normal samples
 *   (where D itself is about 0.9/√n ≈ 9e-4), 65536 bins over mean ± 5σ bracket D within ≈ 1.2e-4;
 *   4096 bins only within ≈ 2e-3. The law must be continuous (not a point mass).
 */
import { CoreError } from '../errors';
import type { Law } from './laws';
import { lawCdfInto, pointMassOf, validateLaw } from './laws';
import type { Histogram } from './histogram';

/** A distribution function to compare with: a law, or any monotone cdf. */
export type CdfSource = Law | ((x: number) => number);

export interface KsResult {
  /** the KS distance D (NaN when the sample holds a NaN, as scipy) */
  readonly statistic: number;
  /** sample size used */
  readonly n: number;
  /** sample value where D is reached (scipy's statistic_location); NaN when not known */
  readonly location: number;
  /** +1 when the empirical cdf is above the law's there (D+ wins), -1 otherwise (scipy's statistic_sign) */
  readonly sign: 1 | -1;
  /** asymptotic p-value, Kolmogorov's Q(√n·D) (scipy `kstest(..., method='asymp')`) */
  readonly pValue: number;
}

export interface KsOptions {
  /** the sample is already sorted ascending: no copy, no sort */
  readonly sorted?: boolean;
}

function fail(message: string): never {
  throw new CoreError('INVALID_ARGUMENT', message);
}

function toCdf(source: CdfSource): (xs: Float64Array, out: Float64Array) => void {
  if (typeof source === 'function') {
    return (xs, out) => {
      for (let i = 0; i < xs.length; i++) out[i] = source(xs[i]);
    };
  }
  validateLaw(source);
  if (source.kind === 'empirical') {
    fail(
      "KS distance needs a law with a distribution function; 'empirical' has none (accepted: normal, truncated_normal, uniform, constant).",
    );
  }
  return (xs, out) => lawCdfInto(source, xs, out);
}

/**
 * Kolmogorov's limiting survival function Q(t) = P(K > t) = 2 Σ_{k>=1} (-1)^(k-1) e^(-2k²t²), with
 * the Jacobi theta form 1 - √(2π)/t Σ e^(-(2k-1)²π²/(8t²)) for small t where the first series
 * converges slowly (both as in scipy.special.kolmogorov, which is Q).
 */
export function kolmogorovSf(t: number): number {
  if (Number.isNaN(t)) return NaN;
  if (t <= 0) return 1;
  if (t < 1) {
    const w = Math.sqrt(2 * Math.PI) / t;
    const v = (Math.PI * Math.PI) / (8 * t * t);
    let sum = 0;
    for (let k = 1; k <= 16; k++) {
      const term = Math.exp(-(2 * k - 1) * (2 * k - 1) * v);
      sum += term;
      if (term < 1e-300) break;
    }
    return Math.max(0, Math.min(1, 1 - w * sum));
  }
  let sum = 0;
  let sign = 1;
  for (let k = 1; k <= 100; k++) {
    const term = Math.exp(-2 * k * k * t * t);
    sum += sign * term;
    if (term < 1e-300) break;
    sign = -sign;
  }
  return Math.max(0, Math.min(1, 2 * sum));
}

/** Exact KS distance against a point mass at c: F jumps at c, so D = max(#(x < c), #(x > c))/n. */
function pointMassKs(sorted: Float64Array, c: number): KsResult {
  const n = sorted.length;
  let below = 0;
  let above = 0;
  for (let i = 0; i < n; i++) {
    if (sorted[i] < c) below++;
    else if (sorted[i] > c) above++;
  }
  // F_n(c-) - F(c-) = below/n (empirical ahead: +1); F(c) - F_n(c) = above/n (empirical behind: -1)
  const plus = below >= above && below > 0;
  const statistic = Math.max(below, above) / n;
  return {
    statistic,
    n,
    location: plus ? sorted[below - 1] : above > 0 ? sorted[n - above] : c,
    sign: plus ? 1 : -1,
    pValue: kolmogorovSf(Math.sqrt(n) * statistic),
  };
}

/** Exact KS distance between a sample and a law (or cdf); see the module notes. */
export function ksDistance(sample: ArrayLike<number>, cdf: CdfSource, options: KsOptions = {}): KsResult {
  const n = sample.length;
  if (n === 0) fail('KS distance: the sample is empty.');
  const evaluate = toCdf(cdf);
  let sorted: Float64Array;
  if (options.sorted === true) {
    sorted = sample instanceof Float64Array ? sample : Float64Array.from(sample);
  } else {
    sorted = Float64Array.from(sample);
    sorted.sort(); // typed-array sort is numeric and puts NaN last
  }
  if (Number.isNaN(sorted[n - 1]) || Number.isNaN(sorted[0])) {
    return { statistic: NaN, n, location: NaN, sign: -1, pValue: NaN };
  }
  if (typeof cdf !== 'function') {
    const point = pointMassOf(cdf);
    if (point !== undefined) return pointMassKs(sorted, point);
  }
  const values = new Float64Array(n);
  evaluate(sorted, values);
  let dPlus = -Infinity;
  let dMinus = -Infinity;
  let plusAt = 0;
  let minusAt = 0;
  for (let i = 0; i < n; i++) {
    const f = values[i];
    const p = (i + 1) / n - f;
    const m = f - i / n;
    // strict '>' keeps the first maximum, as numpy's argmax in scipy's _compute_d
    if (p > dPlus) {
      dPlus = p;
      plusAt = i;
    }
    if (m > dMinus) {
      dMinus = m;
      minusAt = i;
    }
  }
  // scipy: D+ wins only when strictly larger
  const plusWins = dPlus > dMinus;
  const statistic = plusWins ? dPlus : dMinus;
  return {
    statistic,
    n,
    location: sorted[plusWins ? plusAt : minusAt],
    sign: plusWins ? 1 : -1,
    pValue: kolmogorovSf(Math.sqrt(n) * statistic),
  };
}

/** The histogram-based KS estimate with its bracket; `location` is the bin edge where it is reached. */
export interface KsHistogramResult extends KsResult {
  /** a value D can not exceed; `statistic` <= true D <= `upperBound` */
  readonly upperBound: number;
}

/**
 * Fast KS distance from a filled histogram (see the module notes): F_n is known exactly at every edge
 * (values below edge e_j are the counts of earlier bins plus `below`), so D is evaluated there;
 * NaNs make the result NaN as in `ksDistance`. The histogram should cover the data (`below` and
 * `above` zero, e.g. a range from `chooseHistogramRange` with the data extremes) for a tight bracket.
 */
export function ksDistanceFromHistogram(h: Histogram, cdf: CdfSource): KsHistogramResult {
  const evaluate = toCdf(cdf);
  if (typeof cdf !== 'function' && pointMassOf(cdf) !== undefined) {
    fail('KS distance from a histogram needs a continuous law; for a point mass use ksDistance on the sample.');
  }
  const n = h.below + h.above + h.nan + sumCounts(h);
  if (n === 0) fail('KS distance: the histogram is empty.');
  if (h.nan > 0) return { statistic: NaN, n, location: NaN, sign: -1, pValue: NaN, upperBound: NaN };
  const bins = h.bins;
  const f = new Float64Array(bins + 1);
  evaluate(h.edges, f);
  // Edge j: F_n(e_j-) = C_j/n counts the values strictly below e_j; at the closed last edge F_n(e_bins) = (n - above)/n.
  let cumulative = h.below;
  let best = -Infinity;
  let bestAt = 0;
  let bestSign: 1 | -1 = -1;
  let upper = Math.max(h.below / n, f[0]); // on (-∞, e_0) both rise from 0 to below/n and F(e_0)
  for (let j = 0; j <= bins; j++) {
    const empirical = (j === bins ? n - h.above : cumulative) / n;
    const diff = empirical - f[j];
    if (Math.abs(diff) > best) {
      best = Math.abs(diff);
      bestAt = j;
      bestSign = diff > 0 ? 1 : -1;
    }
    if (j < bins) {
      const next = cumulative + h.counts[j];
      // inside bin j both are non-decreasing: |F_n - F| <= max(F_n(e_{j+1}) - F(e_j), F(e_{j+1}) - F_n(e_j))
      const nextEmpirical = (j === bins - 1 ? n - h.above : next) / n;
      upper = Math.max(upper, nextEmpirical - f[j], f[j + 1] - empirical);
      cumulative = next;
    }
  }
  upper = Math.max(upper, h.above / n, 1 - f[bins]); // (e_bins, ∞)
  upper = Math.max(upper, best);
  return {
    statistic: best,
    n,
    location: h.edges[bestAt],
    sign: bestSign,
    pValue: kolmogorovSf(Math.sqrt(n) * best),
    upperBound: Math.min(1, upper),
  };
}

function sumCounts(h: Histogram): number {
  let total = 0;
  for (let i = 0; i < h.bins; i++) total += h.counts[i];
  return total;
}
