/**
 * PCG64 on 32-bit limbs against an independent BigInt model of the same recurrence
 * (state = state * M + inc mod 2^128, XSL-RR output), from arbitrary states, including the
 * carry-heavy ones; plus the state round trip and the validation of `pcg64FromState`.
 */
import * as assert from 'node:assert/strict';
import { CoreError, createPcg64, createSeedSequence, pcg64FromState, type Pcg64State } from '../../src/core/index';

const M128 = (1n << 128n) - 1n;
const M64 = (1n << 64n) - 1n;
const MULT = (2549297995355413924n << 64n) + 4865540595714422341n;

function toBig(words: readonly number[]): bigint {
  return words.reduceRight((acc, w) => (acc << 32n) | BigInt(w), 0n);
}

function toWords(v: bigint): number[] {
  return [0, 1, 2, 3].map((i) => Number((v >> BigInt(32 * i)) & 0xffffffffn));
}

/** The reference: numpy's pcg64 with Python-style big integers. */
class BigPcg64 {
  constructor(
    public state: bigint,
    public readonly inc: bigint,
  ) {}

  next64(): { value: bigint; rot: number } {
    this.state = (this.state * MULT + this.inc) & M128;
    const x = ((this.state >> 64n) ^ this.state) & M64;
    const rot = Number(this.state >> 122n);
    return { value: ((x >> BigInt(rot)) | (x << BigInt((64 - rot) & 63))) & M64, rot };
  }
}

/** Deterministic uint32 words from a small multiplicative hash, independent of the engine. */
function words(seed: number, n: number): number[] {
  const out: number[] = [];
  let h = seed >>> 0;
  for (let i = 0; i < n; i++) {
    h = (Math.imul(h ^ (h >>> 15), 0x2c1b3c6d) + 0x297a2d39) >>> 0;
    out.push(h);
  }
  return out;
}

function compare(state: Pcg64State, draws: number): Set<number> {
  const fast = pcg64FromState(state);
  const ref = new BigPcg64(toBig(state.state), toBig(state.inc));
  const rotations = new Set<number>();
  for (let i = 0; i < draws; i++) {
    fast.nextUint64();
    const { value, rot } = ref.next64();
    rotations.add(rot);
    const got = (BigInt(fast.hi) << 32n) | BigInt(fast.lo);
    assert.equal(got, value, `draw ${i}`);
  }
  assert.equal(toBig(fast.getState().state), ref.state, 'state after the draws');
  return rotations;
}

suite('random engine: PCG64 against a BigInt model', () => {
  test('arbitrary states: 2000 draws each, every rotation 0..63 exercised', () => {
    const rotations = new Set<number>();
    for (let k = 0; k < 8; k++) {
      const w = words(k + 1, 8);
      const inc = [w[4] | 1, w[5], w[6], w[7]].map((x) => x >>> 0);
      for (const r of compare({ state: w.slice(0, 4), inc }, 2000)) rotations.add(r);
    }
    assert.equal(rotations.size, 64);
  });

  test('carry-heavy states: all-ones limbs, zero state, largest increment', () => {
    const ones = [0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff];
    compare({ state: ones, inc: ones }, 500);
    compare({ state: [0, 0, 0, 0], inc: [1, 0, 0, 0] }, 500);
    compare({ state: [0xffffffff, 0, 0xffffffff, 0], inc: [0xffffffff, 0xffffffff, 0, 0x80000000] }, 500);
  });

  test('seeding follows numpy: initstate = s0:s1, initseq = s2:s3, inc = initseq << 1 | 1', () => {
    for (const entropy of [[0], [42, 0], [1, 2, 3, 4, 5]]) {
      const w = createSeedSequence(entropy).generateState(8);
      const u64 = (j: number): bigint => (BigInt(w[2 * j + 1]) << 32n) | BigInt(w[2 * j]);
      const initState = (u64(0) << 64n) | u64(1);
      const initSeq = (u64(2) << 64n) | u64(3);
      const inc = ((initSeq << 1n) | 1n) & M128;
      const ref = new BigPcg64(0n, inc);
      ref.next64();
      ref.state = (ref.state + initState) & M128;
      ref.next64();
      const st = createPcg64(createSeedSequence(entropy)).getState();
      assert.equal(toBig(st.state), ref.state);
      assert.equal(toBig(st.inc), inc);
    }
  });

  test('nextDouble is (next64 >> 11) * 2^-53', () => {
    const a = createPcg64(createSeedSequence([9]));
    const b = createPcg64(createSeedSequence([9]));
    for (let i = 0; i < 1000; i++) {
      b.nextUint64();
      const expected = Number(((BigInt(b.hi) << 32n) | BigInt(b.lo)) >> 11n) / 2 ** 53;
      assert.equal(a.nextDouble(), expected);
    }
  });

  test('getState / pcg64FromState round trip continues the stream', () => {
    const a = createPcg64(createSeedSequence([77]));
    for (let i = 0; i < 10; i++) a.nextUint64();
    const b = pcg64FromState(a.getState());
    for (let i = 0; i < 100; i++) {
      a.nextUint64();
      b.nextUint64();
      assert.deepEqual([b.hi, b.lo], [a.hi, a.lo]);
    }
    assert.deepEqual(toWords(toBig(a.getState().state)), a.getState().state);
  });

  test('pcg64FromState refuses malformed states', () => {
    const good = [1, 2, 3, 4];
    const bad: unknown[] = [
      null,
      { state: [1, 2, 3], inc: [1, 0, 0, 0] },
      { state: [1, 2, 3, -1], inc: [1, 0, 0, 0] },
      { state: [1, 2, 3, 2 ** 32], inc: [1, 0, 0, 0] },
      { state: [1, 2, 3, 0.5], inc: [1, 0, 0, 0] },
      { state: good, inc: [2, 0, 0, 0] },
      { state: good },
    ];
    for (const s of bad) {
      assert.throws(
        () => pcg64FromState(s as Pcg64State),
        (e: unknown) => e instanceof CoreError && e.code === 'INVALID_ARGUMENT',
        JSON.stringify(s),
      );
    }
    assert.throws(() => pcg64FromState({ state: good, inc: [2, 0, 0, 0] }), /PCG64 inc must be odd/);
  });
});
