/**
 * The seeded probe batch fed to the activation-propagation view. It only has to be reproducible for
 * a given seed inside this extension; it is NOT numpy's stream (weights come from the initializers,
 * which are bit-exact; this batch is not a Keras quantity).
 *
 * Engine: xoshiro128** (Blackman & Vigna, 2018) on 32-bit words, seeded through splitmix32;
 * doubles from 53 random bits; standard normals by Marsaglia's polar method.
 */
import { CoreError } from '../errors';

export type InputDistribution = 'normal' | 'uniform';

/** splitmix32 step (a 32-bit variant of Steele, Lea & Flood's SplitMix): spreads a seed over the state. */
function splitmix32(state: Uint32Array): number {
  state[0] = (state[0] + 0x9e3779b9) >>> 0;
  let z = state[0];
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
  return (z ^ (z >>> 16)) >>> 0;
}

/** A tiny seeded generator of doubles in [0, 1) and standard normals. */
export class ProbeRandom {
  private readonly s = new Uint32Array(4);
  private spare = NaN;

  constructor(seed: number) {
    if (!Number.isSafeInteger(seed) || seed < 0) {
      throw new CoreError('INVALID_SEED', `probe batch seed must be a non-negative integer; received ${seed}.`);
    }
    const mix = new Uint32Array([(seed >>> 0) ^ Math.floor(seed / 2 ** 32)]);
    for (let i = 0; i < 4; i++) this.s[i] = splitmix32(mix);
    if ((this.s[0] | this.s[1] | this.s[2] | this.s[3]) === 0) this.s[0] = 1; // the all-zero state is a fixed point
  }

  /** xoshiro128**: result = rotl(s1·5, 7)·9, then the xorshift/rotate state update. */
  nextUint32(): number {
    const s = this.s;
    const m = Math.imul(s[1], 5);
    const result = Math.imul((m << 7) | (m >>> 25), 9) >>> 0;
    const t = s[1] << 9;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = (s[3] << 11) | (s[3] >>> 21);
    return result;
  }

  /** Uniform double in [0, 1) from 53 bits: (hi27·2^26 + lo26)/2^53. */
  nextDouble(): number {
    const hi = this.nextUint32() >>> 5;
    const lo = this.nextUint32() >>> 6;
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** Standard normal by Marsaglia's polar method (two per accepted pair; the second is kept). */
  nextNormal(): number {
    if (!Number.isNaN(this.spare)) {
      const v = this.spare;
      this.spare = NaN;
      return v;
    }
    for (;;) {
      const u = 2 * this.nextDouble() - 1;
      const v = 2 * this.nextDouble() - 1;
      const r2 = u * u + v * v;
      if (r2 > 0 && r2 < 1) {
        const f = Math.sqrt((-2 * Math.log(r2)) / r2);
        this.spare = v * f;
        return u * f;
      }
    }
  }
}

/**
 * Fills `out` with i.i.d. draws: standard normal N(0, 1), or uniform U(-1, 1) as `2u - 1`.
 */
export function fillInputBatch(out: Float32Array | Float64Array, distribution: InputDistribution, seed: number): void {
  const rng = new ProbeRandom(seed);
  if (distribution === 'normal') {
    for (let i = 0; i < out.length; i++) out[i] = rng.nextNormal();
  } else if (distribution === 'uniform') {
    for (let i = 0; i < out.length; i++) out[i] = 2 * rng.nextDouble() - 1;
  } else {
    throw new CoreError(
      'INVALID_ARGUMENT',
      `probe batch distribution must be 'normal' or 'uniform'; received ${JSON.stringify(distribution)}.`,
    );
  }
}
