/**
 * The engine interface shared by every bit generator, after numpy's `bitgen_t`
 * (numpy/_core/include/numpy/random/bitgen.h): a source of raw 64-bit words and of doubles.
 * Distributions are free functions over this interface; they never see the engine's state.
 *
 * Stability promise (as numpy's): for a given state an engine's raw stream never changes;
 * what distributions make of it is pinned by known-answer tests against numpy.
 */
export interface BitGenerator {
  /** High 32 bits (unsigned) of the word produced by the last `nextUint64()` call. */
  readonly hi: number;
  /** Low 32 bits (unsigned) of the word produced by the last `nextUint64()` call. */
  readonly lo: number;
  /**
   * Advances the engine by one 64-bit output and stores it in `hi`/`lo`, so that hot loops
   * allocate nothing and never need BigInt.
   */
  nextUint64(): void;
  /** numpy's `next_double`: `(next_uint64 >> 11) * 2^-53`, exact, in [0, 1). */
  nextDouble(): number;
}

/** The typed arrays a distribution `fill` writes into (a float32 element is the double rounded to nearest even). */
export type FloatArray = Float64Array | Float32Array;
