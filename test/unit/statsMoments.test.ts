import * as assert from 'node:assert/strict';
import { accumulateMoments, computeMoments, createMoments, finalizeMoments, mergeMoments } from '../../src/core/stats/moments';
import { close, loadStatsFixture } from '../fixtures/stats/loadFixture';

interface MomentsCase {
  name: string;
  dtype: 'float32' | 'float64';
  data: number[];
  n: number;
  mean: number;
  std: number;
  min: number;
  max: number;
  zeros: number;
  nans: number;
  infs: number;
}

const EPS = 2 ** -52;

const fixture = loadStatsFixture<{ cases: MomentsCase[] }>('moments.json');

function typed(c: MomentsCase): Float32Array | Float64Array {
  return c.dtype === 'float32' ? Float32Array.from(c.data) : Float64Array.from(c.data);
}

suite('stats: one-pass moments against numpy', () => {
  test('mean, std (ddof=0), min, max, zeros, NaN and infinity counts on every fixture', () => {
    for (const c of fixture.cases) {
      const m = computeMoments(typed(c));
      assert.equal(m.n, c.n, c.name);
      // numpy's pairwise sum and our blocked, shifted sums round differently: a few ulp of |mean| + std
      const scale = Math.abs(c.mean) + c.std;
      assert.ok(close(m.mean, c.mean, 0, 16 * EPS * scale), `${c.name}: mean ${m.mean} vs ${c.mean}`);
      // the offset set (1e8 + N(0,1)): a naive Σx² - n·mean² would lose every digit of std here, and an
      // unshifted block merge 7 of them
      assert.ok(close(m.std, c.std, 64 * EPS), `${c.name}: std ${m.std} vs ${c.std}`);
      assert.ok(close(m.min, c.min, 0), `${c.name}: min`);
      assert.ok(close(m.max, c.max, 0), `${c.name}: max`);
      assert.equal(m.zeroCount, c.zeros, c.name);
      assert.equal(m.nanCount, c.nans, c.name);
      assert.equal(m.infCount, c.infs, c.name);
    }
  });

  test('chunked accumulation and merged states give the result of one pass', () => {
    const c = fixture.cases.find((x) => x.name.startsWith('normal float64'))!;
    const data = typed(c);
    const whole = computeMoments(data);
    // uneven chunks across block boundaries, fed into one state
    const chunked = createMoments();
    const cuts = [0, 1, 17, 1024, 1025, 2500, data.length];
    for (let i = 1; i < cuts.length; i++) accumulateMoments(chunked, data, cuts[i - 1], cuts[i]);
    // two workers' states merged
    const left = createMoments();
    const right = createMoments();
    accumulateMoments(left, data, 0, 1234);
    accumulateMoments(right, data, 1234);
    mergeMoments(left, right);
    for (const m of [finalizeMoments(chunked), finalizeMoments(left)]) {
      assert.equal(m.n, whole.n);
      assert.ok(close(m.mean, whole.mean, 1e-15, 1e-16));
      assert.ok(close(m.std, whole.std, 1e-14));
      assert.equal(m.min, whole.min);
      assert.equal(m.max, whole.max);
    }
    // and both agree with numpy
    assert.ok(close(whole.std, c.std, 1e-13));
  });

  test('merging an empty state changes nothing; an empty sample has NaN statistics and n = 0', () => {
    const a = createMoments();
    accumulateMoments(a, [1, 2, 3, 4]);
    mergeMoments(a, createMoments());
    const m = finalizeMoments(a);
    assert.equal(m.mean, 2.5);
    assert.equal(m.variance, 1.25); // ((1.5² + 0.5²)·2)/4
    const empty = finalizeMoments(createMoments());
    assert.equal(empty.n, 0);
    assert.ok([empty.mean, empty.std, empty.min, empty.max].every(Number.isNaN));
  });

  test('plain arrays and float32 arrays read the same values', () => {
    const values = [0.1, 0.2, 0.7];
    const f32 = Float32Array.from(values);
    const fromF32 = computeMoments(f32);
    const fromWidened = computeMoments(Array.from(f32));
    assert.equal(fromF32.mean, fromWidened.mean);
    assert.equal(fromF32.std, fromWidened.std);
    assert.notEqual(fromF32.mean, computeMoments(values).mean); // float32(0.1) is not 0.1
  });
});
