/**
 * Chunked sampling: one stateful sampler per (distribution, parameters) over a generator, so
 * that successive `fill` calls produce exactly the values of one big fill. This is what the
 * streaming file writers use for tensors too large to hold at once.
 */
import type { TensorData } from '../types';
import type { BitGenerator, FloatArray } from './bitGenerator';
import {
  fillKerasTruncatedNormal,
  fillNormal,
  fillStandardNormal,
  fillStandardUniform,
  fillUniform,
  kerasTruncatedNormal,
  normal,
  standardNormal,
  uniform,
} from './distributions';
import { toFloat16Bits, toInt32 } from './casts';
import { checkScale, checkSpan, checkTruncatedNormal, checkUniform } from './params';

/** A distribution and its parameters, named as numpy's Generator methods. */
export type DistributionSpec =
  /** `rng.random()`: uniform on [0, 1). */
  | { readonly kind: 'random' }
  /** `rng.uniform(low, high)`: `low + (high - low) * u`. */
  | { readonly kind: 'uniform'; readonly low: number; readonly high: number }
  /** `rng.standard_normal()`. */
  | { readonly kind: 'standardNormal' }
  /** `rng.normal(loc, scale)`: `loc + scale * z`. */
  | { readonly kind: 'normal'; readonly loc: number; readonly scale: number }
  /** Keras 3 numpy-backend `truncated_normal`: values of `mean + stddev * z` in [mean - 2*stddev, mean + 2*stddev]. */
  | { readonly kind: 'truncatedNormal'; readonly mean: number; readonly stddev: number };

/** A stream of one distribution's values; each call continues where the previous one stopped. */
export interface Sampler {
  readonly spec: DistributionSpec;
  /** The next value, as a double. */
  next(): number;
  /**
   * Writes the next `count` values (default: to the end of `out`) into `out` from `offset`
   * (default 0). Float32Array elements are the doubles rounded to nearest even; Uint16Array
   * elements are float16 bit patterns rounded directly from the doubles; Int32Array elements
   * are truncated toward zero (numpy's astype, see `toInt32`).
   */
  fill(out: TensorData, offset?: number, count?: number): void;
}

/** Anything that owns a bit generator (a `Generator`). */
export interface HasBitGenerator {
  readonly bitGenerator: BitGenerator;
}

interface Kernel {
  one(bg: BitGenerator): number;
  fill(bg: BitGenerator, out: FloatArray, offset: number, count: number): void;
}

/** @internal Validates a spec (numpy's messages) and binds its parameters. */
export function kernelFor(spec: DistributionSpec): Kernel {
  switch (spec.kind) {
    case 'random':
      return { one: (bg) => bg.nextDouble(), fill: fillStandardUniform };
    case 'uniform': {
      const { low } = spec;
      const range = checkUniform(low, spec.high);
      return { one: (bg) => uniform(bg, low, range), fill: (bg, out, o, n) => fillUniform(bg, low, range, out, o, n) };
    }
    case 'standardNormal':
      return { one: standardNormal, fill: fillStandardNormal };
    case 'normal': {
      const { loc, scale } = spec;
      checkScale(scale);
      return { one: (bg) => normal(bg, loc, scale), fill: (bg, out, o, n) => fillNormal(bg, loc, scale, out, o, n) };
    }
    case 'truncatedNormal': {
      const { mean, stddev } = spec;
      const { lower, upper } = checkTruncatedNormal(mean, stddev);
      return {
        one: (bg) => kerasTruncatedNormal(bg, mean, stddev, lower, upper),
        fill: (bg, out, o, n) => fillKerasTruncatedNormal(bg, mean, stddev, out, o, n),
      };
    }
  }
}

const SCRATCH_LENGTH = 1024;

/**
 * @internal Writes `count` values into any TensorData. Float64/Float32 arrays are filled
 * directly; float16 bits and int32 go through a reused double buffer and numpy's casts.
 */
export function fillTensorData(
  kernel: Kernel,
  bg: BitGenerator,
  out: TensorData,
  offset: number,
  count: number,
  scratch: () => Float64Array,
): void {
  if (out instanceof Float64Array || out instanceof Float32Array) {
    kernel.fill(bg, out, offset, count);
    return;
  }
  const buf = scratch();
  for (let done = 0; done < count;) {
    const n = Math.min(buf.length, count - done);
    kernel.fill(bg, buf, 0, n);
    const base = offset + done;
    if (out instanceof Uint16Array) {
      for (let i = 0; i < n; i++) out[base + i] = toFloat16Bits(buf[i]);
    } else {
      for (let i = 0; i < n; i++) out[base + i] = toInt32(buf[i]);
    }
    done += n;
  }
}

/** @internal A lazily allocated scratch buffer for float16 and int32 output. */
export function scratchBuffer(): () => Float64Array {
  let buf: Float64Array | undefined;
  return () => (buf ??= new Float64Array(SCRATCH_LENGTH));
}

/**
 * A sampler drawing `spec` from `generator`'s stream. Parameters are checked now, with numpy's
 * messages (`scale < 0`, `high - low < 0`, `high - low range exceeds valid bounds`).
 *
 * @remarks Keras's truncated normal calls numpy only when it needs at least one value, so for
 * an empty shape Keras raises nothing even with stddev < 0: do not create a sampler then.
 * Samplers sharing a generator share its stream.
 */
export function createSampler(generator: HasBitGenerator, spec: DistributionSpec): Sampler {
  const kernel = kernelFor(spec);
  const bg = generator.bitGenerator;
  const scratch = scratchBuffer();
  return {
    spec,
    next: () => kernel.one(bg),
    fill(out: TensorData, offset?: number, count?: number): void {
      const span = checkSpan(out, offset, count);
      fillTensorData(kernel, bg, out, span.offset, span.count, scratch);
    },
  };
}
