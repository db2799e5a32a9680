/**
 * One-pass, mergeable moments of a sample: count, mean, population std (numpy's default ddof=0), min,
 * max, plus counts of zeros, NaNs and infinities. Feed it in chunks of any size (a worker or a
 * time-sliced loop); the state is plain numbers, so it can cross `postMessage`.
 *
 * Method: the data is read in blocks of 1024; each block is reduced exactly like numpy (sum, then the
 * sum of squared deviations from the block mean, while the block is in cache) and blocks are merged
 * with Chan, Golub & LeVeque's pairwise update (M2 = M2a + M2b + δ²·na·nb/n), which is Welford's
 * update generalized to groups. Everything is computed on x - K, K the first finite value seen (the
 * "shifted data" algorithm): for data such as 1e8 + N(0, 1) the subtraction is exact (Sterbenz) and
 * the block means keep their digits, so the merge does not lose the std. No allocation or division
 * per element.
 *
 * NaN and ±∞ policy (defined so that a float16 overflow to ∞ or a stray NaN never poisons silently):
 * - NaNs are counted in `nanCount` and left out of every other statistic (numpy's nanmean/nanstd/nanmin);
 * - infinities are counted (`posInfCount`, `negInfCount`) and kept out of the running sums, then
 *   `finalizeMoments` gives what numpy gives for the non-NaN values: mean ±∞ (NaN when both signs
 *   occur), std NaN, and min/max include the infinities.
 */

const BLOCK = 1024;

/** Running state of the moments; create with `createMoments`, never edit by hand. */
export interface MomentsState {
  /** number of finite values */
  finiteCount: number;
  /** the shift K (first finite value seen; NaN while none) */
  shift: number;
  /** mean of the finite values minus K */
  mean: number;
  /** sum of squared deviations of the finite values from their mean */
  m2: number;
  /** smallest / largest non-NaN value (±∞ included), +∞/-∞ while empty */
  min: number;
  max: number;
  zeroCount: number;
  nanCount: number;
  posInfCount: number;
  negInfCount: number;
}

/** What a sample's moments are, over its non-NaN values. */
export interface Moments {
  /** number of non-NaN values (finite and infinite) */
  readonly n: number;
  readonly mean: number;
  /** population variance (ddof = 0) */
  readonly variance: number;
  /** population standard deviation (ddof = 0), as numpy's `std()` */
  readonly std: number;
  /** NaN when n = 0 */
  readonly min: number;
  readonly max: number;
  /** exact zeros (+0 and -0), e.g. dead ReLU outputs */
  readonly zeroCount: number;
  readonly nanCount: number;
  readonly infCount: number;
}

/** A fresh, empty moments state. */
export function createMoments(): MomentsState {
  return {
    finiteCount: 0,
    shift: NaN,
    mean: 0,
    m2: 0,
    min: Infinity,
    max: -Infinity,
    zeroCount: 0,
    nanCount: 0,
    posInfCount: 0,
    negInfCount: 0,
  };
}

/** Empties a state for reuse. */
export function resetMoments(state: MomentsState): void {
  Object.assign(state, createMoments());
}

/** Folds a group (count nb, mean, m2) into the running state: Chan et al.'s parallel update. */
function mergeGroup(state: MomentsState, nb: number, meanB: number, m2B: number): void {
  if (nb === 0) return;
  const na = state.finiteCount;
  if (na === 0) {
    state.finiteCount = nb;
    state.mean = meanB;
    state.m2 = m2B;
    return;
  }
  const n = na + nb;
  const delta = meanB - state.mean;
  state.mean += delta * (nb / n);
  state.m2 += m2B + delta * delta * ((na * nb) / n);
  state.finiteCount = n;
}

/**
 * Adds `data[start..end)` to the state. Values are read as doubles (float32 data is widened exactly).
 * Accepts plain arrays too, for tests and small inputs.
 */
export function accumulateMoments(state: MomentsState, data: ArrayLike<number>, start = 0, end: number = data.length): void {
  let min = state.min;
  let max = state.max;
  if (Number.isNaN(state.shift)) {
    for (let i = start; i < end; i++) {
      if (data[i] - data[i] === 0) {
        state.shift = data[i];
        break;
      }
    }
  }
  const shift = state.shift;
  let zeros = 0;
  let nans = 0;
  let posInf = 0;
  let negInf = 0;
  for (let b = start; b < end; b += BLOCK) {
    const stop = Math.min(end, b + BLOCK);
    // pass 1 over the block: finite count, sum, extremes, special values
    let count = 0;
    let sum = 0;
    for (let i = b; i < stop; i++) {
      const x = data[i];
      if (x - x === 0) {
        // finite (NaN - NaN and ∞ - ∞ are NaN)
        count++;
        sum += x - shift;
        if (x === 0) zeros++;
        if (x < min) min = x;
        if (x > max) max = x;
      } else if (x === Infinity) {
        posInf++;
        max = Infinity;
      } else if (x === -Infinity) {
        negInf++;
        min = -Infinity;
      } else {
        nans++;
      }
    }
    if (count === 0) continue;
    // pass 2 over the (cached) block: squared deviations from the block mean, numpy's two-pass variance
    const blockMean = sum / count;
    let m2 = 0;
    for (let i = b; i < stop; i++) {
      const x = data[i];
      if (x - x === 0) {
        const d = x - shift - blockMean;
        m2 += d * d;
      }
    }
    mergeGroup(state, count, blockMean, m2);
  }
  state.min = min;
  state.max = max;
  state.zeroCount += zeros;
  state.nanCount += nans;
  state.posInfCount += posInf;
  state.negInfCount += negInf;
}

/** Merges `other` into `into` (states from chunks fed separately, e.g. by several workers). */
export function mergeMoments(into: MomentsState, other: MomentsState): void {
  if (other.finiteCount > 0) {
    if (into.finiteCount === 0) into.shift = other.shift;
    mergeGroup(into, other.finiteCount, other.mean + (other.shift - into.shift), other.m2);
  }
  if (other.min < into.min) into.min = other.min;
  if (other.max > into.max) into.max = other.max;
  into.zeroCount += other.zeroCount;
  into.nanCount += other.nanCount;
  into.posInfCount += other.posInfCount;
  into.negInfCount += other.negInfCount;
}

/** The moments of everything accumulated so far (see the NaN/∞ policy above). */
export function finalizeMoments(state: MomentsState): Moments {
  const infCount = state.posInfCount + state.negInfCount;
  const n = state.finiteCount + infCount;
  let mean: number;
  let variance: number;
  if (n === 0) {
    mean = NaN;
    variance = NaN;
  } else if (infCount > 0) {
    // numpy: the sum is ±∞ (or ∞ - ∞ = NaN) and every deviation from an infinite mean is NaN
    mean = state.posInfCount > 0 && state.negInfCount > 0 ? NaN : state.posInfCount > 0 ? Infinity : -Infinity;
    variance = NaN;
  } else {
    mean = state.shift + state.mean;
    variance = state.m2 / n;
  }
  return {
    n,
    mean,
    variance,
    std: Math.sqrt(variance),
    min: n === 0 ? NaN : state.min,
    max: n === 0 ? NaN : state.max,
    zeroCount: state.zeroCount,
    nanCount: state.nanCount,
    infCount,
  };
}

/** Moments of a whole array in one call. */
export function computeMoments(data: ArrayLike<number>): Moments {
  const state = createMoments();
  accumulateMoments(state, data);
  return finalizeMoments(state);
}
