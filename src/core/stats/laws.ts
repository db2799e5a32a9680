/**
 * The theoretical law an initializer samples from: its mean, standard deviation, density, distribution
 * function and support, as plain functions over a plain-data `Law`.
 */
import { assertNever } from '../assertNever';
import { CoreError } from '../errors';
import { normalCdf, normalPdf, normalSf } from './erf';

/**
 * The law of one weight, as plain data.
 * - `normal`: N(mean, std²) (RandomNormal, untruncated VarianceScaling).
 * - `truncated_normal`: N(mean, std²) conditioned on [lower, upper]; `std` is the std of the UNDERLYING
 *   normal and the bounds are absolute (Keras draws until the value falls in mean ± 2·std).
 * - `uniform`: U[low, high) (numpy's `uniform`; the upper end is never drawn, which no statistic sees).
 * - `constant`: every weight equals `value` (Zeros, Ones, Constant).
 * - `empirical`: no closed form is drawn (Orthogonal, Identity, STFT); every theoretical quantity is NaN.
 */
export type Law =
  | { readonly kind: 'normal'; readonly mean: number; readonly std: number }
  | {
      readonly kind: 'truncated_normal';
      readonly mean: number;
      readonly std: number;
      readonly lower: number;
      readonly upper: number;
    }
  | { readonly kind: 'uniform'; readonly low: number; readonly high: number }
  | { readonly kind: 'constant'; readonly value: number }
  | { readonly kind: 'empirical' };

export type LawKind = Law['kind'];

/** Closed interval holding all the probability mass of a law (infinite ends for the normal). */
export interface Support {
  readonly lower: number;
  readonly upper: number;
}

/** Keras's truncation half-width in units of the underlying std (random_initializers.py: mean ± 2·stddev). */
export const KERAS_TRUNCATION_STDS = 2;

/**
 * Std of a standard normal truncated to [-2, 2], the constant Keras divides by in VarianceScaling
 * (`stddev = sqrt(scale) / 0.87962566103423978`).
 */
export const KERAS_TRUNCATED_STD_FACTOR = 0.87962566103423978;

function fail(message: string): never {
  throw new CoreError('INVALID_ARGUMENT', message);
}

function requireFinite(value: number, what: string): void {
  if (!Number.isFinite(value)) fail(`${what} must be a finite number; received ${value}.`);
}

/**
 * Checks a law's fields and throws a CoreError (INVALID_ARGUMENT) naming the faulty one: means and
 * bounds finite (a truncated normal's bounds may be infinite), std >= 0, lower <= upper with the mean's
 * mass inside when std > 0, low <= high.
 */
export function validateLaw(law: Law): void {
  switch (law.kind) {
    case 'normal':
      requireFinite(law.mean, 'normal law: mean');
      requireFinite(law.std, 'normal law: std');
      if (law.std < 0) fail(`normal law: std must be >= 0; received ${law.std}.`);
      return;
    case 'truncated_normal':
      requireFinite(law.mean, 'truncated normal law: mean');
      requireFinite(law.std, 'truncated normal law: std');
      if (law.std < 0) fail(`truncated normal law: std must be >= 0; received ${law.std}.`);
      if (Number.isNaN(law.lower) || Number.isNaN(law.upper) || !(law.lower <= law.upper)) {
        fail(`truncated normal law: needs lower <= upper; received lower=${law.lower}, upper=${law.upper}.`);
      }
      if (law.std === 0 ? !(law.lower <= law.mean && law.mean <= law.upper) : law.lower === law.upper) {
        fail(`truncated normal law: [${law.lower}, ${law.upper}] holds no mass of N(${law.mean}, ${law.std}²).`);
      }
      return;
    case 'uniform':
      requireFinite(law.low, 'uniform law: low');
      requireFinite(law.high, 'uniform law: high');
      if (law.high < law.low) fail(`uniform law: needs low <= high; received low=${law.low}, high=${law.high}.`);
      return;
    case 'constant':
      requireFinite(law.value, 'constant law: value');
      return;
    case 'empirical':
      return;
    default:
      fail(
        `unknown law kind ${JSON.stringify((law as { kind: unknown }).kind)}; accepted: normal, truncated_normal, uniform, constant, empirical.`,
      );
  }
}

/** N(mean, std²). */
export function normalLaw(mean: number, std: number): Law {
  const law: Law = { kind: 'normal', mean, std };
  validateLaw(law);
  return law;
}

/**
 * N(mean, std²) truncated to [lower, upper]; the bounds default to Keras's mean ± 2·std
 * (TruncatedNormal and the truncated VarianceScaling family).
 */
export function truncatedNormalLaw(mean: number, std: number, lower?: number, upper?: number): Law {
  const law: Law = {
    kind: 'truncated_normal',
    mean,
    std,
    lower: lower ?? mean - KERAS_TRUNCATION_STDS * std,
    upper: upper ?? mean + KERAS_TRUNCATION_STDS * std,
  };
  validateLaw(law);
  return law;
}

/** U[low, high). */
export function uniformLaw(low: number, high: number): Law {
  const law: Law = { kind: 'uniform', low, high };
  validateLaw(law);
  return law;
}

/** Every weight equal to `value`. */
export function constantLaw(value: number): Law {
  const law: Law = { kind: 'constant', value };
  validateLaw(law);
  return law;
}

/** The law of initializers without a closed-form density (Orthogonal, Identity, STFT). */
export const EMPIRICAL_LAW: Law = Object.freeze({ kind: 'empirical' });

/** A law whose mass sits on one point: constant, or a (truncated) normal with std 0, or U[a, a]. */
export function pointMassOf(law: Law): number | undefined {
  switch (law.kind) {
    case 'constant':
      return law.value;
    case 'normal':
    case 'truncated_normal':
      return law.std === 0 ? law.mean : undefined;
    case 'uniform':
      return law.low === law.high ? law.low : undefined;
    case 'empirical':
      return undefined;
    default:
      return assertNever(law);
  }
}

/** True when the law has a density to draw (not empirical, not a point mass). */
export function lawHasDensity(law: Law): boolean {
  return law.kind !== 'empirical' && pointMassOf(law) === undefined;
}

// Gauss–Legendre rule with 20 nodes on [-1, 1] (exact for polynomials of degree 39), computed once by
// Newton's iteration on the three-term Legendre recurrence (the method of Numerical Recipes' gauleg).
const GL_NODES = new Float64Array(20);
const GL_WEIGHTS = new Float64Array(20);
(function legendreRule(): void {
  const n = GL_NODES.length;
  for (let i = 0; i < n; i++) {
    let z = Math.cos((Math.PI * (i + 0.75)) / (n + 0.5));
    let derivative = 0;
    for (let iter = 0; iter < 100; iter++) {
      let p1 = 1;
      let p2 = 0;
      for (let j = 1; j <= n; j++) {
        const p3 = p2;
        p2 = p1;
        p1 = ((2 * j - 1) * z * p2 - (j - 1) * p3) / j; // (j)P_j = (2j-1)zP_{j-1} - (j-1)P_{j-2}
      }
      derivative = (n * (z * p1 - p2)) / (z * z - 1);
      const previous = z;
      z = previous - p1 / derivative;
      if (Math.abs(z - previous) <= 1e-16) break;
    }
    GL_NODES[i] = z;
    GL_WEIGHTS[i] = 2 / ((1 - z * z) * derivative * derivative);
  }
})();

/**
 * How far past the densest point c (the point of [α, β] nearest 0) the mass matters: beyond u with
 * c·u + u²/2 = 84, i.e. u = √(c² + 168) - |c|, the density is below e^-84 of its value at c
 * (13 standard units at c = 0, 2 at c = 40).
 */
function reach(c: number): number {
  return Math.sqrt(c * c + 168) - Math.abs(c);
}

/**
 * Integrals of g(t)·e^{-(t² - c²)/2} over [a, b] by 20-point Gauss–Legendre, scaled by the density at
 * c so that far tails neither underflow nor cancel. Away from 0 the integrand decays like e^{-d·|t - d|}
 * from the point d of [a, b] nearest 0, so pieces are 1/(1 + |d|/4) wide: each spans a decay of about
 * e^-4 at most, where the rule is exact to rounding.
 */
function scaledIntegral(a: number, b: number, c: number, g: (t: number) => number): number {
  if (!(b > a)) return 0;
  const nearest = a > 0 ? a : b < 0 ? -b : 0;
  const pieces = Math.max(1, Math.ceil((b - a) * (1 + nearest / 4)));
  const width = (b - a) / pieces;
  let total = 0;
  for (let p = 0; p < pieces; p++) {
    const mid = a + (p + 0.5) * width;
    const half = width / 2;
    let sum = 0;
    for (let i = 0; i < GL_NODES.length; i++) {
      const t = mid + half * GL_NODES[i];
      sum += GL_WEIGHTS[i] * g(t) * Math.exp(-((t - c) * (t + c)) / 2);
    }
    total += sum * half;
  }
  return total;
}

/**
 * A non-degenerate truncated normal in standard units: α, β, the densest point c, the mass scaled
 * by the density at c (Z = φ(c)·scaledMass), and the standardized mean and variance. The moments
 * are the integrals ∫tφ/Z and ∫(t - m)²φ/Z rather than the closed form
 * 1 + (αφ(α) - βφ(β))/Z - ((φ(α) - φ(β))/Z)², which cancels to a few digits for narrow or far-tail
 * intervals (the two agree to 1e-16 for Keras's ±2σ).
 */
interface Standardized {
  readonly alpha: number;
  readonly beta: number;
  readonly c: number;
  readonly scaledMass: number;
  readonly mean: number;
  readonly variance: number;
}

function standardize(law: Extract<Law, { kind: 'truncated_normal' }>): Standardized {
  const alpha = (law.lower - law.mean) / law.std;
  const beta = (law.upper - law.mean) / law.std;
  const c = Math.min(Math.max(0, alpha), beta);
  const a = Math.max(alpha, c - reach(c));
  const b = Math.min(beta, c + reach(c));
  const scaledMass = scaledIntegral(a, b, c, () => 1);
  if (!(scaledMass > 0) || !Number.isFinite(scaledMass)) {
    fail(`truncated normal law: [${law.lower}, ${law.upper}] leaves no representable mass of N(${law.mean}, ${law.std}²).`);
  }
  const mean = c + scaledIntegral(a, b, c, (t) => t - c) / scaledMass;
  const variance = scaledIntegral(a, b, c, (t) => (t - mean) * (t - mean)) / scaledMass;
  return { alpha, beta, c, scaledMass, mean, variance };
}

/**
 * (Φ(ξ) - Φ(α))/Z. The closed form (a difference of tails taken on the side where it does not cancel)
 * when ξ is at least 1/2 from α and φ(c) is a normal double; otherwise the same quadrature as Z.
 */
function truncatedCdf(s: Standardized, xi: number): number {
  if (xi - s.alpha >= 0.5 && Math.abs(s.c) < 30) {
    const between = s.alpha >= 0 ? normalSf(s.alpha) - normalSf(xi) : normalCdf(xi) - normalCdf(s.alpha);
    return between / (normalPdf(s.c) * s.scaledMass);
  }
  // the mass of [α, ξ] sits near its point nearest 0, not necessarily near c
  const dense = Math.min(Math.max(0, s.alpha), xi);
  const a = Math.max(s.alpha, dense - reach(dense));
  return scaledIntegral(a, xi, s.c, () => 1) / s.scaledMass;
}

/** Expected value of the law (NaN for `empirical`). Truncated normal: μ + σ·(φ(α) - φ(β))/Z, Z = Φ(β) - Φ(α). */
export function lawMean(law: Law): number {
  validateLaw(law);
  switch (law.kind) {
    case 'normal':
      return law.mean;
    case 'truncated_normal': {
      if (law.std === 0) return law.mean;
      return law.mean + law.std * standardize(law).mean;
    }
    case 'uniform':
      return law.low + (law.high - law.low) / 2;
    case 'constant':
      return law.value;
    case 'empirical':
      return NaN;
    default:
      return assertNever(law);
  }
}

/**
 * Standard deviation of the law (NaN for `empirical`).
 * Truncated normal: σ·√(1 + (αφ(α) - βφ(β))/Z - ((φ(α) - φ(β))/Z)²) (evaluated by quadrature, see
 * `standardize`), which for Keras's ±2σ is 0.87962566103423978·σ. Uniform: (high - low)/√12.
 */
export function lawStd(law: Law): number {
  validateLaw(law);
  switch (law.kind) {
    case 'normal':
      return law.std;
    case 'truncated_normal': {
      if (law.std === 0) return 0;
      return law.std * Math.sqrt(standardize(law).variance);
    }
    case 'uniform':
      return (law.high - law.low) / Math.sqrt(12);
    case 'constant':
      return 0;
    case 'empirical':
      return NaN;
    default:
      return assertNever(law);
  }
}

/** Smallest closed interval holding the law's mass, or undefined for `empirical`. */
export function lawSupport(law: Law): Support | undefined {
  validateLaw(law);
  const point = pointMassOf(law);
  if (point !== undefined) return { lower: point, upper: point };
  switch (law.kind) {
    case 'normal':
      return { lower: -Infinity, upper: Infinity };
    case 'truncated_normal':
      return { lower: law.lower, upper: law.upper };
    case 'uniform':
      return { lower: law.low, upper: law.high };
    case 'constant': // a point mass, answered above
    case 'empirical':
      return undefined;
    default:
      return assertNever(law);
  }
}

/**
 * Evaluates the density of a law at many points, sharing the normalization: the function a chart
 * calls. A point mass has no density: it gives +∞ at its point and 0 elsewhere (check
 * `lawHasDensity` before drawing); `empirical` gives NaN.
 */
export function lawPdfInto(law: Law, xs: ArrayLike<number>, out: Float64Array | number[]): void {
  fillAt(pdfOf(law), xs, out);
}

/** Density of the law at x (see `lawPdfInto` for point masses and `empirical`). */
export function lawPdf(law: Law, x: number): number {
  return pdfOf(law)(x);
}

/**
 * Distribution function P(X <= x) of the law at many points. Point masses give the right-continuous
 * step; `empirical` gives NaN. Normal tails keep relative accuracy (no 1 - tiny cancellation below
 * the mean).
 */
export function lawCdfInto(law: Law, xs: ArrayLike<number>, out: Float64Array | number[]): void {
  fillAt(cdfOf(law), xs, out);
}

/** Distribution function P(X <= x) of the law at x (see `lawCdfInto`). */
export function lawCdf(law: Law, x: number): number {
  return cdfOf(law)(x);
}

/** `out[i] = f(xs[i])`, NaN in, NaN out. */
function fillAt(f: (x: number) => number, xs: ArrayLike<number>, out: Float64Array | number[]): void {
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i];
    out[i] = Number.isNaN(x) ? NaN : f(x);
  }
}

/** The density as a function, with the law's normalization computed once. */
function pdfOf(law: Law): (x: number) => number {
  validateLaw(law);
  if (law.kind === 'empirical') return () => NaN;
  const point = pointMassOf(law);
  if (point !== undefined) return (x) => (x === point ? Infinity : 0);
  switch (law.kind) {
    case 'normal': {
      const scale = 1 / law.std;
      return (x) => normalPdf((x - law.mean) * scale) * scale;
    }
    case 'truncated_normal': {
      const { c, scaledMass } = standardize(law);
      const scale = 1 / law.std;
      // φ(ξ)/(σZ) = e^{-(ξ² - c²)/2}/(σ·scaledMass): no underflow in far tails
      const norm = scale / scaledMass;
      return (x) => {
        if (x < law.lower || x > law.upper) return 0;
        const xi = (x - law.mean) * scale;
        return Math.exp(-((xi - c) * (xi + c)) / 2) * norm;
      };
    }
    case 'uniform': {
      const height = 1 / (law.high - law.low);
      // numpy draws low + (high - low)·u with u in [0, 1): the density covers [low, high); the closed
      // upper end is a convention for plotting only, it carries no mass.
      return (x) => (x < law.low || x > law.high ? 0 : height);
    }
    case 'constant': // a point mass, answered above
      return () => NaN;
    default:
      return assertNever(law);
  }
}

/** The distribution function as a function, with the law's constants computed once. */
function cdfOf(law: Law): (x: number) => number {
  validateLaw(law);
  if (law.kind === 'empirical') return () => NaN;
  const point = pointMassOf(law);
  if (point !== undefined) return (x) => (x >= point ? 1 : 0);
  switch (law.kind) {
    case 'normal': {
      const scale = 1 / law.std;
      return (x) => normalCdf((x - law.mean) * scale);
    }
    case 'truncated_normal': {
      const standardized = standardize(law);
      const scale = 1 / law.std;
      return (x) => (x < law.lower ? 0 : x >= law.upper ? 1 : Math.min(1, truncatedCdf(standardized, (x - law.mean) * scale)));
    }
    case 'uniform': {
      const width = law.high - law.low;
      return (x) => (x <= law.low ? 0 : x >= law.high ? 1 : (x - law.low) / width);
    }
    case 'constant': // a point mass, answered above
      return () => NaN;
    default:
      return assertNever(law);
  }
}

/** `points` evenly spaced abscissae over [lo, hi] and the law's density there, ready for a chart. */
export function lawPdfCurve(law: Law, lo: number, hi: number, points: number): { x: Float64Array; y: Float64Array } {
  if (!Number.isInteger(points) || points < 2) fail(`pdf curve: points must be an integer >= 2; received ${points}.`);
  if (!Number.isFinite(lo) || !Number.isFinite(hi) || !(lo < hi)) {
    fail(`pdf curve: needs finite lo < hi; received lo=${lo}, hi=${hi}.`);
  }
  const x = new Float64Array(points);
  const step = (hi - lo) / (points - 1);
  for (let i = 0; i < points; i++) x[i] = lo + i * step;
  x[points - 1] = hi;
  const y = new Float64Array(points);
  lawPdfInto(law, x, y);
  return { x, y };
}
