/**
 * The check's random numbers, each reproducible in Python with numpy:
 *
 * - model inputs, in `model.inputs` order, all from one generator `rng = np.random.default_rng(input_seed)`:
 *   floats `rng.standard_normal((batch, *shape)).astype("float32")`, ids for an Embedding
 *   `rng.integers(0, input_dim, size=(batch, *shape))`;
 * - the output gradient(s), in `model.outputs` order, from `np.random.default_rng([input_seed, 1])`:
 *   `standard_normal((batch, *shape)).astype("float32")`;
 * - a Dropout mask in training, for the layer at index i of `model.layers` (InputLayer aside), from
 *   `np.random.default_rng([input_seed, 2, i])`: `rng.random(noise_shape) < 1 - rate`, scaled by `1 / (1 - rate)`.
 */
import { createGenerator, type Generator } from '../../random/generator';

export function inputGenerator(inputSeed: number): Generator {
  return createGenerator([inputSeed]);
}

export function gradientGenerator(inputSeed: number): Generator {
  return createGenerator([inputSeed, 1]);
}

export function dropoutGenerator(inputSeed: number, layer: number): Generator {
  return createGenerator([inputSeed, 2, layer]);
}

/** `rng.standard_normal(n).astype("float32")`. */
export function standardNormal(rng: Generator, n: number): Float32Array {
  const wide = new Float64Array(n);
  rng.fillStandardNormal(wide);
  return Float32Array.from(wide);
}

/**
 * `rng.integers(0, high, size=n)` (int64): numpy's `random_bounded_uint64_fill` for a range below
 * 2**32, Lemire's method on 32-bit draws (`next_uint32` takes the low then the high half of a 64-bit word).
 */
export function integers(rng: Generator, high: number, n: number): Float32Array {
  const out = new Float32Array(n);
  const bg = rng.bitGenerator;
  let spare: number | undefined;
  const next32 = (): number => {
    if (spare !== undefined) {
      const v = spare;
      spare = undefined;
      return v;
    }
    bg.nextUint64();
    spare = bg.hi;
    return bg.lo;
  };
  const rngMax = high - 1; // numpy's inclusive range
  if (rngMax === 0) return out;
  const excl = rngMax + 1;
  const threshold = (0xffffffff - rngMax) % excl;
  for (let i = 0; i < n; i++) {
    if (rngMax === 0xffffffff) {
      out[i] = next32();
      continue;
    }
    // m = x * excl as a 64-bit product: high and low 32-bit halves.
    let x = next32();
    let lo = mulLo(x, excl);
    if (lo < excl) {
      while (lo < threshold) {
        x = next32();
        lo = mulLo(x, excl);
      }
    }
    out[i] = mulHi(x, excl);
  }
  return out;
}

/** The high 32 bits of x * y for 32-bit unsigned x, y (exact: the partial products stay below 2**53). */
function mulHi(x: number, y: number): number {
  const xh = x >>> 16;
  const xl = x & 0xffff;
  return Math.floor((xh * y + Math.floor((xl * y) / 65536)) / 65536);
}

/** The low 32 bits of x * y for 32-bit unsigned x, y. */
function mulLo(x: number, y: number): number {
  return Math.imul(x, y) >>> 0;
}
