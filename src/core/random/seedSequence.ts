/**
 * numpy's `SeedSequence` (numpy/random/bit_generator.pyx, after Melissa O'Neill's seed_seq):
 * hashes entropy words into a 4-word pool and expands the pool into any number of state words.
 * All arithmetic is mod 2^32 (`Math.imul`, `>>> 0`), so it is exact in JavaScript numbers.
 */
import { CoreError } from '../errors';

const INIT_A = 0x43b0d7e5;
const MULT_A = 0x931e8875;
const INIT_B = 0x8b51f9dd;
const MULT_B = 0x58f38ded;
const MIX_MULT_L = 0xca01f9dd;
const MIX_MULT_R = 0x4973f715;
const XSHIFT = 16;
const POOL_SIZE = 4;
const UINT32_LIMIT = 0x1_0000_0000;

/** A numpy `SeedSequence` built from explicit entropy words (no spawn key, pool size 4). */
export interface SeedSequence {
  /** The uint32 entropy words, least significant word of each integer first. */
  readonly entropy: readonly number[];
  /** The mixed 4-word pool (`SeedSequence.pool` in numpy). */
  readonly pool: readonly number[];
  /** numpy `generate_state(nWords, np.uint32)`: expands the pool into `nWords` uint32 words. */
  generateState(nWords: number): Uint32Array;
}

function isUint32(w: number): boolean {
  return Number.isInteger(w) && w >= 0 && w < UINT32_LIMIT;
}

/**
 * Builds numpy's `SeedSequence(np.array(entropy, dtype=np.uint32))`. An empty list hashes like [0].
 * Throws `INVALID_SEED` when a word is not an integer in [0, 2^32).
 */
export function createSeedSequence(entropy: readonly number[]): SeedSequence {
  for (let i = 0; i < entropy.length; i++) {
    if (!isUint32(entropy[i])) {
      throw new CoreError('INVALID_SEED', `entropy word ${i} is ${String(entropy[i])}; each word must be an integer in [0, 2**32)`);
    }
  }
  const words = entropy.slice();
  const pool = mixEntropy(words);
  return {
    entropy: words,
    pool,
    generateState(nWords: number): Uint32Array {
      if (!Number.isInteger(nWords) || nWords < 0) {
        throw new CoreError('INVALID_ARGUMENT', `nWords must be a non-negative integer, received ${String(nWords)}`);
      }
      return generateState(pool, nWords);
    },
  };
}

/** SeedSequence.mix_entropy: hash each word with a running multiplier, then cross-mix the pool. */
function mixEntropy(entropy: readonly number[]): number[] {
  let hashConst = INIT_A;
  // hashmix(v): v ^= h; h *= MULT_A; v *= h; v ^= v >> 16 (h persists across calls).
  const hashmix = (value: number): number => {
    value = (value ^ hashConst) >>> 0;
    hashConst = Math.imul(hashConst, MULT_A) >>> 0;
    value = Math.imul(value, hashConst) >>> 0;
    return (value ^ (value >>> XSHIFT)) >>> 0;
  };
  // mix(x, y) = r ^ (r >> 16) with r = MIX_MULT_L*x - MIX_MULT_R*y mod 2^32.
  const mix = (x: number, y: number): number => {
    const r = (Math.imul(MIX_MULT_L, x) - Math.imul(MIX_MULT_R, y)) >>> 0;
    return (r ^ (r >>> XSHIFT)) >>> 0;
  };
  const pool = new Array<number>(POOL_SIZE);
  // Missing words hash as 0, which is why [s, 0] seeds exactly like the integer s.
  for (let i = 0; i < POOL_SIZE; i++) pool[i] = hashmix(i < entropy.length ? entropy[i] : 0);
  for (let src = 0; src < POOL_SIZE; src++) {
    for (let dst = 0; dst < POOL_SIZE; dst++) {
      if (src !== dst) pool[dst] = mix(pool[dst], hashmix(pool[src]));
    }
  }
  for (let src = POOL_SIZE; src < entropy.length; src++) {
    for (let dst = 0; dst < POOL_SIZE; dst++) pool[dst] = mix(pool[dst], hashmix(entropy[src]));
  }
  return pool;
}

/** SeedSequence.generate_state: v = pool[i % 4] ^ h; h *= MULT_B; v *= h; v ^= v >> 16. */
function generateState(pool: readonly number[], nWords: number): Uint32Array {
  const out = new Uint32Array(nWords);
  let hashConst = INIT_B;
  for (let i = 0; i < nWords; i++) {
    let v = (pool[i % POOL_SIZE] ^ hashConst) >>> 0;
    hashConst = Math.imul(hashConst, MULT_B) >>> 0;
    v = Math.imul(v, hashConst) >>> 0;
    out[i] = v ^ (v >>> XSHIFT);
  }
  return out;
}

/**
 * The entropy Keras 3's numpy backend seeds with: `draw_seed` turns an int seed `s` into
 * `np.array([s, k], dtype="uint32")` where k is the SeedGenerator call index (0 for int seeds).
 * Throws `INVALID_SEED` with numpy's OverflowError text when a value does not fit uint32.
 */
export function kerasSeedEntropy(seed: number, callIndex = 0): number[] {
  checkUint32Seed(seed, 'seed');
  checkUint32Seed(callIndex, 'callIndex');
  return [seed, callIndex];
}

function checkUint32Seed(value: number, name: string): void {
  if (!Number.isInteger(value)) {
    throw new CoreError('INVALID_SEED', `${name} must be an integer in [0, 2**32), received ${String(value)}`);
  }
  if (value < -(2 ** 63) || value >= 2 ** 64) {
    // numpy: np.array([s, 0], dtype="uint32") fails converting s to a C long (or unsigned long) first.
    throw new CoreError('INVALID_SEED', 'Python int too large to convert to C long', 'OverflowError');
  }
  if (value < 0 || value >= UINT32_LIMIT) {
    // numpy: np.array([s, 0], dtype="uint32") with s out of range.
    throw new CoreError('INVALID_SEED', `Python integer ${integerToDecimal(value)} out of bounds for uint32`, 'OverflowError');
  }
}

/**
 * Exact decimal digits of an integral double, as Python prints the int. String(n) is only exact
 * up to 2^53: beyond, it prints the shortest round-trip digits (2^63 → "9223372036854776000").
 */
function integerToDecimal(n: number): string {
  if (Math.abs(n) <= 2 ** 53) return String(n);
  let m = Math.abs(n);
  let twos = 0;
  // n = m * 2^twos with m < 2^53: halving is exact while m is an even integer this large.
  while (m >= 2 ** 53) {
    m /= 2;
    twos++;
  }
  const digits = Array.from(String(m), Number).reverse();
  for (; twos > 0; twos--) {
    let carry = 0;
    for (let i = 0; i < digits.length; i++) {
      const d = digits[i] * 2 + carry;
      digits[i] = d % 10;
      carry = d >= 10 ? 1 : 0;
    }
    if (carry) digits.push(carry);
  }
  return (n < 0 ? '-' : '') + digits.reverse().join('');
}
