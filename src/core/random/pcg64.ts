/**
 * numpy's PCG64 bit generator (numpy/random/src/pcg64/pcg64.h): a 128-bit LCG with the
 * XSL-RR 128/64 output function, seeded from a SeedSequence exactly as `np.random.PCG64(ss)`.
 *
 * 128-bit values live in four uint32 limbs (least significant first); the multiply runs on
 * 16-bit digits with Math.imul, entirely in int32 arithmetic. No BigInt, no allocation per draw.
 */
import { CoreError } from '../errors';
import type { BitGenerator } from './bitGenerator';
import type { SeedSequence } from './seedSequence';

// PCG_DEFAULT_MULTIPLIER_128 = 2549297995355413924 * 2^64 + 4865540595714422341, as 16-bit digits (least significant first).
const M0 = 0xf645;
const M1 = 0x9fcc;
const M2 = 0xdf64;
const M3 = 0x4385;
const M4 = 0x5da4;
const M5 = 0x1fc6;
const M6 = 0xed05;
const M7 = 0x2360;

const TWO_POW_21 = 2097152;
const TWO_POW_MINUS_53 = 1 / 9007199254740992;
const UINT32_LIMIT = 0x1_0000_0000;

/** A PCG64 state as numpy's `bit_generator.state['state']`, split into uint32 words. */
export interface Pcg64State {
  /** The 128-bit LCG state: four uint32 words, least significant first. */
  readonly state: readonly number[];
  /** The 128-bit increment (always odd): four uint32 words, least significant first. */
  readonly inc: readonly number[];
}

/** numpy's PCG64 engine. Create it with `createPcg64` (from a SeedSequence) or `pcg64FromState`. */
export interface Pcg64 extends BitGenerator {
  /** A copy of the current state, accepted back by `pcg64FromState`. */
  getState(): Pcg64State;
}

/**
 * @internal Word access for the WebAssembly fast path, which advances the same state natively:
 * state s0..s3 and increment i0..i3 go out as uint32 words 0-7, and the state comes back in
 * words 0-3 with the last 64-bit output (lo, hi) in words 8-9.
 */
export interface Pcg64Words {
  saveWords(words: Uint32Array): void;
  loadWords(words: Uint32Array): void;
}

/** The engine behind the `Pcg64` interface; only this module's factories build one. */
class Pcg64Engine implements Pcg64, Pcg64Words {
  hi = 0;
  lo = 0;
  // state = s3:s2:s1:s0 and increment = i3:i2:i1:i0, uint32 limbs.
  private s0 = 0;
  private s1 = 0;
  private s2 = 0;
  private s3 = 0;
  private i0 = 0;
  private i1 = 0;
  private i2 = 0;
  private i3 = 0;

  /** From validated limbs (the factories check them). */
  constructor(state: readonly number[], inc: readonly number[]) {
    this.s0 = state[0];
    this.s1 = state[1];
    this.s2 = state[2];
    this.s3 = state[3];
    this.i0 = inc[0];
    this.i1 = inc[1];
    this.i2 = inc[2];
    this.i3 = inc[3];
  }

  /** pcg_setseq_128_step_r: state = state * M + inc (mod 2^128). */
  private step(): void {
    const s0 = this.s0,
      s1 = this.s1,
      s2 = this.s2,
      s3 = this.s3;
    const i0 = this.i0,
      i1 = this.i1,
      i2 = this.i2,
      i3 = this.i3;
    // Schoolbook on 16-bit digits a_i (state) and M_j, all in int32 arithmetic: each product
    // a_i*M_j < 2^32 is Math.imul(...) >>> 0; its low half goes to digit column i+j, its high
    // half (h_(i+j+1)) to the next column. Column sums stay below 2^21, so nothing overflows.
    const a0 = s0 & 0xffff,
      a1 = s0 >>> 16,
      a2 = s1 & 0xffff,
      a3 = s1 >>> 16;
    const a4 = s2 & 0xffff,
      a5 = s2 >>> 16,
      a6 = s3 & 0xffff,
      a7 = s3 >>> 16;
    let p: number;
    // digit 0: a0*M0 + inc digit 0
    p = Math.imul(a0, M0) >>> 0;
    let c = (p & 0xffff) + (i0 & 0xffff);
    let h = p >>> 16;
    const d0 = c & 0xffff;
    // digit 1: carry + h + a0*M1 + a1*M0 + inc digit 1
    c = (c >>> 16) + h + (i0 >>> 16);
    p = Math.imul(a0, M1) >>> 0;
    c += p & 0xffff;
    h = p >>> 16;
    p = Math.imul(a1, M0) >>> 0;
    c += p & 0xffff;
    h += p >>> 16;
    const d1 = c & 0xffff;
    // digit 2: a0*M2 + a1*M1 + a2*M0
    c = (c >>> 16) + h + (i1 & 0xffff);
    p = Math.imul(a0, M2) >>> 0;
    c += p & 0xffff;
    h = p >>> 16;
    p = Math.imul(a1, M1) >>> 0;
    c += p & 0xffff;
    h += p >>> 16;
    p = Math.imul(a2, M0) >>> 0;
    c += p & 0xffff;
    h += p >>> 16;
    const d2 = c & 0xffff;
    // digit 3: a0*M3 + a1*M2 + a2*M1 + a3*M0
    c = (c >>> 16) + h + (i1 >>> 16);
    p = Math.imul(a0, M3) >>> 0;
    c += p & 0xffff;
    h = p >>> 16;
    p = Math.imul(a1, M2) >>> 0;
    c += p & 0xffff;
    h += p >>> 16;
    p = Math.imul(a2, M1) >>> 0;
    c += p & 0xffff;
    h += p >>> 16;
    p = Math.imul(a3, M0) >>> 0;
    c += p & 0xffff;
    h += p >>> 16;
    const d3 = c & 0xffff;
    // digit 4: a0*M4 + ... + a4*M0
    c = (c >>> 16) + h + (i2 & 0xffff);
    p = Math.imul(a0, M4) >>> 0;
    c += p & 0xffff;
    h = p >>> 16;
    p = Math.imul(a1, M3) >>> 0;
    c += p & 0xffff;
    h += p >>> 16;
    p = Math.imul(a2, M2) >>> 0;
    c += p & 0xffff;
    h += p >>> 16;
    p = Math.imul(a3, M1) >>> 0;
    c += p & 0xffff;
    h += p >>> 16;
    p = Math.imul(a4, M0) >>> 0;
    c += p & 0xffff;
    h += p >>> 16;
    const d4 = c & 0xffff;
    // digit 5: a0*M5 + ... + a5*M0
    c = (c >>> 16) + h + (i2 >>> 16);
    p = Math.imul(a0, M5) >>> 0;
    c += p & 0xffff;
    h = p >>> 16;
    p = Math.imul(a1, M4) >>> 0;
    c += p & 0xffff;
    h += p >>> 16;
    p = Math.imul(a2, M3) >>> 0;
    c += p & 0xffff;
    h += p >>> 16;
    p = Math.imul(a3, M2) >>> 0;
    c += p & 0xffff;
    h += p >>> 16;
    p = Math.imul(a4, M1) >>> 0;
    c += p & 0xffff;
    h += p >>> 16;
    p = Math.imul(a5, M0) >>> 0;
    c += p & 0xffff;
    h += p >>> 16;
    const d5 = c & 0xffff;
    // digit 6: a0*M6 + ... + a6*M0
    c = (c >>> 16) + h + (i3 & 0xffff);
    p = Math.imul(a0, M6) >>> 0;
    c += p & 0xffff;
    h = p >>> 16;
    p = Math.imul(a1, M5) >>> 0;
    c += p & 0xffff;
    h += p >>> 16;
    p = Math.imul(a2, M4) >>> 0;
    c += p & 0xffff;
    h += p >>> 16;
    p = Math.imul(a3, M3) >>> 0;
    c += p & 0xffff;
    h += p >>> 16;
    p = Math.imul(a4, M2) >>> 0;
    c += p & 0xffff;
    h += p >>> 16;
    p = Math.imul(a5, M1) >>> 0;
    c += p & 0xffff;
    h += p >>> 16;
    p = Math.imul(a6, M0) >>> 0;
    c += p & 0xffff;
    h += p >>> 16;
    const d6 = c & 0xffff;
    // digit 7, the last one kept (mod 2^128): only the low 16 bits of each product count, and
    // Math.imul's low bits are right whatever its sign.
    c =
      (c >>> 16) +
      h +
      (i3 >>> 16) +
      ((Math.imul(a0, M7) +
        Math.imul(a1, M6) +
        Math.imul(a2, M5) +
        Math.imul(a3, M4) +
        Math.imul(a4, M3) +
        Math.imul(a5, M2) +
        Math.imul(a6, M1) +
        Math.imul(a7, M0)) &
        0xffff);
    const d7 = c & 0xffff;
    this.s0 = (d0 | (d1 << 16)) >>> 0;
    this.s1 = (d2 | (d3 << 16)) >>> 0;
    this.s2 = (d4 | (d5 << 16)) >>> 0;
    this.s3 = (d6 | (d7 << 16)) >>> 0;
  }

  /** pcg64_next64: step, then XSL-RR: rotr64(hi64(state) ^ lo64(state), state >> 122). */
  nextUint64(): void {
    this.step();
    let h = this.s3 ^ this.s1;
    let l = this.s2 ^ this.s0;
    const rot = this.s3 >>> 26;
    // rotr64 by rot = 32*(rot >> 5) + (rot & 31): a word swap, then a rotation below 32 bits
    // (JS shift counts are mod 32, so r = 0 needs its own branch).
    if (rot & 32) {
      const t = h;
      h = l;
      l = t;
    }
    const r = rot & 31;
    if (r !== 0) {
      const nh = (h >>> r) | (l << (32 - r));
      l = (l >>> r) | (h << (32 - r));
      h = nh;
    }
    this.hi = h >>> 0;
    this.lo = l >>> 0;
  }

  /** next_double: (next64 >> 11) * 2^-53; hi * 2^21 + (lo >>> 11) < 2^53 is exact. */
  nextDouble(): number {
    this.nextUint64();
    return (this.hi * TWO_POW_21 + (this.lo >>> 11)) * TWO_POW_MINUS_53;
  }

  saveWords(words: Uint32Array): void {
    words[0] = this.s0;
    words[1] = this.s1;
    words[2] = this.s2;
    words[3] = this.s3;
    words[4] = this.i0;
    words[5] = this.i1;
    words[6] = this.i2;
    words[7] = this.i3;
  }

  loadWords(words: Uint32Array): void {
    this.s0 = words[0];
    this.s1 = words[1];
    this.s2 = words[2];
    this.s3 = words[3];
    this.lo = words[8];
    this.hi = words[9];
  }

  /** A copy of the current state, accepted back by `pcg64FromState`. */
  getState(): Pcg64State {
    return { state: [this.s0, this.s1, this.s2, this.s3], inc: [this.i0, this.i1, this.i2, this.i3] };
  }

  /** pcg_setseq_128_srandom_r: state = 0; step; state += initstate; step. */
  seed(initState: readonly number[], initSeq: readonly number[]): void {
    // inc = (initseq << 1) | 1, mod 2^128
    this.i0 = ((initSeq[0] << 1) | 1) >>> 0;
    this.i1 = ((initSeq[1] << 1) | (initSeq[0] >>> 31)) >>> 0;
    this.i2 = ((initSeq[2] << 1) | (initSeq[1] >>> 31)) >>> 0;
    this.i3 = ((initSeq[3] << 1) | (initSeq[2] >>> 31)) >>> 0;
    this.s0 = this.s1 = this.s2 = this.s3 = 0;
    this.step();
    // 128-bit add on uint32 limbs; each partial sum < 2^33 is exact, the final carry is dropped.
    let c = this.s0 + initState[0];
    this.s0 = c >>> 0;
    c = (c >= UINT32_LIMIT ? 1 : 0) + this.s1 + initState[1];
    this.s1 = c >>> 0;
    c = (c >= UINT32_LIMIT ? 1 : 0) + this.s2 + initState[2];
    this.s2 = c >>> 0;
    c = (c >= UINT32_LIMIT ? 1 : 0) + this.s3 + initState[3];
    this.s3 = c >>> 0;
    this.step();
  }
}

/** @internal The word access of `bg` if it is this module's PCG64 engine (the fast path's only engine). */
export function pcg64Words(bg: BitGenerator): Pcg64Words | undefined {
  return bg instanceof Pcg64Engine ? bg : undefined;
}

/**
 * `np.random.PCG64(seedSequence)`: draws 4 uint64 words s0..s3 from `generate_state` (uint32
 * words paired little-endian), then seeds with initstate = s0:s1 and initseq = s2:s3 (high:low).
 */
export function createPcg64(seedSequence: SeedSequence): Pcg64 {
  const w = seedSequence.generateState(8);
  // uint64 j = w[2j] | w[2j+1] << 32; initstate = s0 << 64 | s1 → limbs [w2, w3, w0, w1].
  const g = new Pcg64Engine([0, 0, 0, 0], [0, 0, 0, 0]);
  g.seed([w[2], w[3], w[0], w[1]], [w[6], w[7], w[4], w[5]]);
  return g;
}

/**
 * Rebuilds an engine from `getState()` output. Throws `INVALID_ARGUMENT` unless `state` and
 * `inc` are four uint32 words each and `inc` is odd (seeding always makes it odd; an even
 * increment would shorten the LCG's period).
 */
export function pcg64FromState(state: Pcg64State): Pcg64 {
  const check = (words: unknown, name: string): readonly number[] => {
    if (!Array.isArray(words) || words.length !== 4 || !words.every((w) => Number.isInteger(w) && w >= 0 && w < UINT32_LIMIT)) {
      throw new CoreError(
        'INVALID_ARGUMENT',
        `PCG64 ${name} must be four uint32 words (least significant first), received ${JSON.stringify(words)}`,
      );
    }
    return words as readonly number[];
  };
  if (typeof state !== 'object' || state === null) {
    throw new CoreError('INVALID_ARGUMENT', 'PCG64 state must be an object { state, inc }');
  }
  const s = check(state.state, 'state');
  const inc = check(state.inc, 'inc');
  if ((inc[0] & 1) === 0) {
    throw new CoreError('INVALID_ARGUMENT', 'PCG64 inc must be odd');
  }
  return new Pcg64Engine(s, inc);
}
