/**
 * Parameter checks of numpy's Generator (numpy/random/_generator.pyx, _common.pyx
 * check_constraint), with numpy's messages and exception types, plus buffer-span checks.
 */
import { CoreError } from '../errors';
import type { TensorData } from '../types';

/** numpy CONS_NON_NEGATIVE: `not isnan(v) and signbit(v)` raises, so -0.0 fails and NaN passes. */
function isNegativeOrMinusZero(v: number): boolean {
  return v < 0 || Object.is(v, -0);
}

/** Generator.uniform: returns range = high - low, computed once as numpy does. */
export function checkUniform(low: number, high: number): number {
  const range = high - low;
  if (!Number.isFinite(range)) {
    throw new CoreError('INVALID_ARGUMENT', 'high - low range exceeds valid bounds', 'OverflowError');
  }
  if (isNegativeOrMinusZero(range)) {
    throw new CoreError('INVALID_ARGUMENT', 'high - low < 0', 'ValueError');
  }
  return range;
}

/** Generator.normal: `scale < 0` (also for -0.0); NaN is accepted and yields NaN values. */
export function checkScale(scale: number): void {
  if (isNegativeOrMinusZero(scale)) {
    throw new CoreError('INVALID_ARGUMENT', 'scale < 0', 'ValueError');
  }
}

/**
 * Keras's truncated normal: numpy's `scale < 0` check, then its bounds mean ± 2*stddev. NaN
 * bounds (a NaN argument, or inf - inf) would make Keras loop forever; they are refused here.
 */
export function checkTruncatedNormal(mean: number, stddev: number): { lower: number; upper: number } {
  checkScale(stddev);
  const lower = mean - 2 * stddev;
  const upper = mean + 2 * stddev;
  if (Number.isNaN(lower) || Number.isNaN(upper)) {
    throw new CoreError(
      'INVALID_ARGUMENT',
      `truncated normal bounds mean ± 2*stddev are NaN (mean=${mean}, stddev=${stddev}); no value can be accepted (Keras would never return)`,
    );
  }
  return { lower, upper };
}

/** Resolves `offset`/`count` against a buffer: integers, offset + count <= out.length. */
export function checkSpan(out: TensorData, offset: number | undefined, count: number | undefined): { offset: number; count: number } {
  const o = offset ?? 0;
  if (!Number.isInteger(o) || o < 0 || o > out.length) {
    throw new CoreError('INVALID_ARGUMENT', `offset must be an integer in [0, ${out.length}], received ${String(offset)}`);
  }
  const n = count ?? out.length - o;
  if (!Number.isInteger(n) || n < 0 || o + n > out.length) {
    throw new CoreError(
      'INVALID_ARGUMENT',
      `count must be an integer in [0, ${out.length - o}] (buffer length ${out.length}, offset ${o}), received ${String(count)}`,
    );
  }
  return { offset: o, count: n };
}
