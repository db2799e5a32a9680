/**
 * Distributions as free functions over a BitGenerator, after numpy's
 * numpy/random/src/distributions/distributions.c. Like numpy's C layer they do not validate
 * parameters (the Generator façade does). Each has a `fill` variant that writes `count` values
 * into a caller-owned array from `offset`, allocating nothing per element. The fills hand PCG64
 * streams to the WebAssembly kernels of fastFill.ts when they can; the loops below are the
 * reference those kernels reproduce bit for bit.
 */
import type { BitGenerator, FloatArray } from './bitGenerator';
import { fastFillNormal, fastFillStandardNormal, fastFillTruncatedNormal, fastFillUniform } from './fastFill';
import { log1p } from './log1p';
import { FI_DOUBLE, KI_DOUBLE, WI_DOUBLE, ZIGGURAT_NOR_INV_R, ZIGGURAT_NOR_R } from './zigguratTables';

/** random_standard_uniform: a double in [0, 1). */
export function standardUniform(bg: BitGenerator): number {
  return bg.nextDouble();
}

/** random_standard_uniform_fill. */
export function fillStandardUniform(bg: BitGenerator, out: FloatArray, offset: number, count: number): void {
  // 0 + 1 * u === u exactly, so the uniform kernel serves next_double too.
  if (fastFillUniform(bg, 0, 1, out, offset, count)) return;
  const end = offset + count;
  for (let i = offset; i < end; i++) out[i] = bg.nextDouble();
}

/** random_uniform: `low + range * next_double` (numpy passes range = high - low, computed once). */
export function uniform(bg: BitGenerator, low: number, range: number): number {
  return low + range * bg.nextDouble();
}

/** Fill variant of `uniform`. */
export function fillUniform(bg: BitGenerator, low: number, range: number, out: FloatArray, offset: number, count: number): void {
  if (fastFillUniform(bg, low, range, out, offset, count)) return;
  const end = offset + count;
  for (let i = offset; i < end; i++) out[i] = low + range * bg.nextDouble();
}

/**
 * random_standard_normal: numpy's 256-layer ziggurat on one 64-bit draw (keras-spec.md §4.3).
 * Bits 0-7 pick the layer, bit 8 the sign, bits 9-60 the 52-bit magnitude.
 *
 * @remarks The wedge test compares against `Math.exp`, which may differ from glibc's exp by
 * 1 ulp; that can only flip the comparison when the uniform side lands within 1 ulp of exp's
 * value (about 1e-13 per wedge event), so outputs match numpy in practice. The tail uses a port
 * of glibc's log1p because its result is returned directly.
 */
export function standardNormal(bg: BitGenerator): number {
  for (;;) {
    bg.nextUint64();
    const lo = bg.lo;
    const idx = lo & 0xff;
    // rabs = (r >> 9) & (2^52 - 1): 29 bits from hi, 23 from lo; below 2^52, exact.
    const rabs = (bg.hi & 0x1fffffff) * 8388608 + (lo >>> 9);
    let x = rabs * WI_DOUBLE[idx];
    if (lo & 0x100) x = -x;
    if (rabs < KI_DOUBLE[idx]) return x; // inside the layer's rectangle: ~99.3 % of draws
    if (idx === 0) {
      // Tail beyond r (Marsaglia's exponential method); the sign is bit 8 of rabs, i.e. bit 17
      // of the draw, not the bit used above.
      for (;;) {
        const xx = -ZIGGURAT_NOR_INV_R * log1p(-bg.nextDouble());
        const yy = -log1p(-bg.nextDouble());
        if (yy + yy > xx * xx) {
          return (lo >>> 17) & 1 ? -(ZIGGURAT_NOR_R + xx) : ZIGGURAT_NOR_R + xx;
        }
      }
    }
    // Wedge: accept when a uniform point under the layer lies below the density.
    if ((FI_DOUBLE[idx - 1] - FI_DOUBLE[idx]) * bg.nextDouble() + FI_DOUBLE[idx] < Math.exp(-0.5 * x * x)) {
      return x;
    }
  }
}

/** random_standard_normal_fill. */
export function fillStandardNormal(bg: BitGenerator, out: FloatArray, offset: number, count: number): void {
  if (fastFillStandardNormal(bg, out, offset, count)) return;
  const end = offset + count;
  for (let i = offset; i < end; i++) out[i] = standardNormal(bg);
}

/** random_normal: `loc + scale * z` in double (plain multiply then add, no FMA). */
export function normal(bg: BitGenerator, loc: number, scale: number): number {
  return loc + scale * standardNormal(bg);
}

/** Fill variant of `normal`. */
export function fillNormal(bg: BitGenerator, loc: number, scale: number, out: FloatArray, offset: number, count: number): void {
  if (fastFillNormal(bg, loc, scale, out, offset, count)) return;
  const end = offset + count;
  for (let i = offset; i < end; i++) out[i] = loc + scale * standardNormal(bg);
}

/**
 * Keras 3's numpy-backend truncated normal, one value: the next `mean + stddev * z` of the
 * stream lying in the closed interval [lower, upper] (Keras: lower = mean - 2*stddev,
 * upper = mean + 2*stddev). Keras draws batches of N and keeps the in-range values until it has
 * N; since its generator is never reused afterwards, that equals filtering the stream.
 * Loops forever if no value can land in the interval (NaN bounds): the façade rejects those.
 */
export function kerasTruncatedNormal(bg: BitGenerator, mean: number, stddev: number, lower: number, upper: number): number {
  for (;;) {
    const v = mean + stddev * standardNormal(bg);
    if (v >= lower && v <= upper) return v;
  }
}

/** Fill variant of `kerasTruncatedNormal`; the bounds are Keras's mean ± 2*stddev. */
export function fillKerasTruncatedNormal(
  bg: BitGenerator,
  mean: number,
  stddev: number,
  out: FloatArray,
  offset: number,
  count: number,
): void {
  const lower = mean - 2 * stddev;
  const upper = mean + 2 * stddev;
  if (fastFillTruncatedNormal(bg, mean, stddev, lower, upper, out, offset, count)) return;
  const end = offset + count;
  for (let i = offset; i < end; i++) out[i] = kerasTruncatedNormal(bg, mean, stddev, lower, upper);
}
