import * as assert from 'node:assert/strict';
import {
  accumulateHistogram,
  chooseHistogramRange,
  createHistogram,
  histogramCenters,
  histogramDensity,
  histogramTotal,
  logScaleValues,
  resetHistogram,
} from '../../src/core/stats/histogram';
import { computeMoments } from '../../src/core/stats/moments';
import { EMPIRICAL_LAW, constantLaw, normalLaw, truncatedNormalLaw, uniformLaw } from '../../src/core/stats/laws';
import { isCoreError } from '../../src/core/errors';
import { close, loadStatsFixture } from '../fixtures/stats/loadFixture';

interface HistogramCase {
  name: string;
  dtype: 'float32' | 'float64';
  data: number[];
  bins: number;
  range: [number, number] | null;
  counts: number[];
  edges: number[];
  density: number[];
  below: number;
  above: number;
}

const fixture = loadStatsFixture<{ cases: HistogramCase[] }>('histogram.json');

function build(c: HistogramCase) {
  const data = c.dtype === 'float32' ? Float32Array.from(c.data) : Float64Array.from(c.data);
  const range =
    c.range ??
    (() => {
      // numpy's automatic range is [min, max] of the data
      const m = computeMoments(data);
      return [m.min, m.max] as [number, number];
    })();
  const h = createHistogram({ lo: range[0], hi: range[1], bins: c.bins, edgeDType: c.dtype });
  return { h, data };
}

suite('stats: histogram against numpy.histogram', () => {
  test('edges, counts, out-of-range counts and density=True on every fixture', () => {
    for (const c of fixture.cases) {
      const { h, data } = build(c);
      accumulateHistogram(h, data);
      assert.deepEqual(Array.from(h.edges), c.edges, `${c.name}: edges`);
      assert.deepEqual(Array.from(h.counts), c.counts, `${c.name}: counts`);
      assert.equal(h.below, c.below, `${c.name}: below`);
      assert.equal(h.above, c.above, `${c.name}: above`);
      const density = histogramDensity(h);
      // numpy divides by float64 bin widths then by the total, as we do: equal to rounding
      c.density.forEach((d, i) => assert.ok(close(density[i], d, 4 * 2 ** -52), `${c.name}: density[${i}] ${density[i]} vs ${d}`));
    }
  });

  test('the last bin is closed and every other bin half-open', () => {
    const h = createHistogram({ lo: 0, hi: 1, bins: 4 });
    accumulateHistogram(h, [0, 0.25, 0.5, 0.75, 1, 1.0000000000000002, -0]);
    assert.deepEqual(Array.from(h.counts), [2, 1, 1, 2]);
    assert.equal(h.above, 1);
    assert.equal(h.below, 0);
  });

  test('chunked accumulation equals one pass; reset empties; NaN and ±∞ are counted aside', () => {
    const c = fixture.cases[0];
    const { h, data } = build(c);
    for (let i = 0; i < data.length; i += 777) accumulateHistogram(h, data, i, Math.min(data.length, i + 777));
    assert.deepEqual(Array.from(h.counts), c.counts);
    resetHistogram(h);
    assert.equal(histogramTotal(h), 0);
    accumulateHistogram(h, [NaN, Infinity, -Infinity, 0]);
    assert.deepEqual([h.nan, h.above, h.below, histogramTotal(h)], [1, 1, 1, 1]);
  });

  test('counts go into a caller-owned Uint32Array', () => {
    const counts = new Uint32Array(5);
    const h = createHistogram({ lo: -1, hi: 1, bins: 5, counts });
    accumulateHistogram(h, new Float32Array([-1, -0.5, 0, 0.5, 0.99]));
    assert.equal(h.counts, counts);
    assert.deepEqual(Array.from(counts), [1, 1, 1, 1, 1]);
  });

  test('log-scale values: zero counts become gaps (NaN) and the axis floor is the smallest positive count', () => {
    const { values, minPositive } = logScaleValues([0, 3, 1, 0, 12]);
    assert.deepEqual(
      Array.from(values).map((v) => (Number.isNaN(v) ? 'gap' : v)),
      ['gap', 3, 1, 'gap', 12],
    );
    assert.equal(minPositive, 1);
    assert.ok(Number.isNaN(logScaleValues([0, 0]).minPositive));
  });

  test('bin centres are the midpoints of the numpy edges', () => {
    const h = createHistogram({ lo: -0.3, hi: 0.7, bins: 10 });
    const centres = histogramCenters(h);
    for (let i = 0; i < 10; i++) assert.ok(close(centres[i], (h.edges[i] + h.edges[i + 1]) / 2, 2 ** -52, 1e-17));
  });

  test('range choice: bounded laws use their support, normals mean ± 4σ, both widened to the data', () => {
    assert.deepEqual(chooseHistogramRange({ law: truncatedNormalLaw(0, 0.05) }), { lo: -0.1, hi: 0.1 });
    assert.deepEqual(chooseHistogramRange({ law: uniformLaw(-0.2, 0.3) }), { lo: -0.2, hi: 0.3 });
    assert.deepEqual(chooseHistogramRange({ law: normalLaw(1, 0.5) }), { lo: -1, hi: 3 });
    assert.deepEqual(chooseHistogramRange({ law: normalLaw(1, 0.5), normalSpan: 2 }), { lo: 0, hi: 2 });
    // a float32 sample rounded just past the truncation bound still lands in a bin
    const f32Bound = Math.fround(0.1);
    assert.ok(f32Bound > 0.1);
    assert.deepEqual(chooseHistogramRange({ law: truncatedNormalLaw(0, 0.05), data: { min: -0.09, max: f32Bound } }), {
      lo: -0.1,
      hi: f32Bound,
    });
    assert.deepEqual(chooseHistogramRange({ law: EMPIRICAL_LAW, data: { min: -2, max: 5 } }), { lo: -2, hi: 5 });
    assert.deepEqual(chooseHistogramRange({ law: constantLaw(1) }), { lo: 0.5, hi: 1.5 });
    assert.deepEqual(chooseHistogramRange({ data: { min: 3, max: 3 } }), { lo: 2.5, hi: 3.5 });
  });

  test('invalid specs are rejected with what is wrong and what is accepted', () => {
    const cases: [() => unknown, RegExp][] = [
      [() => createHistogram({ lo: 0, hi: 1, bins: 0 }), /bins must be an integer >= 1; received 0/],
      [() => createHistogram({ lo: 0, hi: 1, bins: 2.5 }), /bins must be an integer >= 1; received 2.5/],
      [() => createHistogram({ lo: 1, hi: 0, bins: 3 }), /needs lo <= hi; received lo=1, hi=0/],
      [() => createHistogram({ lo: 0, hi: Infinity, bins: 3 }), /range \[0, Infinity\] is not finite/],
      [() => createHistogram({ lo: 0, hi: 1, bins: 3, counts: new Float64Array(4) }), /counts buffer has length 4; expected bins = 3/],
      [() => createHistogram({ lo: 1, hi: 1 + 2 ** -52, bins: 8 }), /too many bins/],
      [() => chooseHistogramRange({ law: EMPIRICAL_LAW }), /empirical law needs observed min and max/],
    ];
    for (const [fn, message] of cases) {
      assert.throws(fn, (e: unknown) => isCoreError(e) && e.code === 'INVALID_ARGUMENT' && message.test(e.message));
    }
  });
});
