/**
 * The Generator façade, after numpy's `np.random.Generator`: validates parameters with numpy's
 * messages, then calls the distribution free functions on its bit generator.
 */
import type { TensorData } from '../types';
import type { BitGenerator } from './bitGenerator';
import { normal, standardNormal, uniform } from './distributions';
import { checkScale, checkSpan, checkUniform } from './params';
import { createPcg64 } from './pcg64';
import { fillTensorData, kernelFor, scratchBuffer, type DistributionSpec } from './sampler';
import { createSeedSequence } from './seedSequence';

/** numpy's `Generator` subset that Keras's numpy backend uses. */
export interface Generator {
  /** The engine (PCG64 for `createGenerator`). */
  readonly bitGenerator: BitGenerator;
  /** `rng.random()`: a double in [0, 1). */
  random(): number;
  /** `rng.standard_normal()`. */
  standardNormal(): number;
  /** `rng.uniform(low, high)`; throws numpy's errors for a negative or non-finite range. */
  uniform(low?: number, high?: number): number;
  /** `rng.normal(loc, scale)`; throws `scale < 0`. */
  normal(loc?: number, scale?: number): number;
  /** `rng.random(size)` into `out[offset, offset + count)` (defaults: the whole array). */
  fillRandom(out: TensorData, offset?: number, count?: number): void;
  /** `rng.standard_normal(size)` into `out`. */
  fillStandardNormal(out: TensorData, offset?: number, count?: number): void;
  /** `rng.uniform(low, high, size)` into `out`. */
  fillUniform(low: number, high: number, out: TensorData, offset?: number, count?: number): void;
  /** `rng.normal(loc, scale, size)` into `out`. */
  fillNormal(loc: number, scale: number, out: TensorData, offset?: number, count?: number): void;
  /**
   * Keras 3 numpy-backend `truncated_normal(mean, stddev)` into `out`: the first `count` values
   * of `mean + stddev * z` lying in [mean - 2*stddev, mean + 2*stddev]. Like Keras, checks
   * `scale < 0` only when at least one value is requested.
   */
  fillTruncatedNormal(mean: number, stddev: number, out: TensorData, offset?: number, count?: number): void;
}

/**
 * `np.random.default_rng(np.array(entropyWords, dtype=np.uint32))`: PCG64 seeded by a
 * SeedSequence of the given uint32 words. For a Keras seed use `kerasSeedEntropy(seed, k)`.
 * Throws `INVALID_SEED` if a word is not an integer in [0, 2^32).
 */
export function createGenerator(entropyWords: readonly number[]): Generator {
  return generatorFromBitGenerator(createPcg64(createSeedSequence(entropyWords)));
}

/** A Generator over an existing engine (e.g. one restored with `pcg64FromState`). */
export function generatorFromBitGenerator(bg: BitGenerator): Generator {
  const scratch = scratchBuffer();
  const fill = (spec: DistributionSpec, out: TensorData, offset: number | undefined, count: number | undefined): void => {
    const span = checkSpan(out, offset, count);
    fillTensorData(kernelFor(spec), bg, out, span.offset, span.count, scratch);
  };
  return {
    bitGenerator: bg,
    random: () => bg.nextDouble(),
    standardNormal: () => standardNormal(bg),
    uniform(low = 0, high = 1): number {
      return uniform(bg, low, checkUniform(low, high));
    },
    normal(loc = 0, scale = 1): number {
      checkScale(scale);
      return normal(bg, loc, scale);
    },
    fillRandom: (out, offset, count) => fill({ kind: 'random' }, out, offset, count),
    fillStandardNormal: (out, offset, count) => fill({ kind: 'standardNormal' }, out, offset, count),
    fillUniform: (low, high, out, offset, count) => fill({ kind: 'uniform', low, high }, out, offset, count),
    fillNormal: (loc, scale, out, offset, count) => fill({ kind: 'normal', loc, scale }, out, offset, count),
    fillTruncatedNormal(mean, stddev, out, offset, count): void {
      const span = checkSpan(out, offset, count);
      // Keras's `while len(out) < N` never calls numpy when N == 0, so nothing is checked then.
      if (span.count === 0) return;
      fillTensorData(kernelFor({ kind: 'truncatedNormal', mean, stddev }), bg, out, span.offset, span.count, scratch);
    },
  };
}
