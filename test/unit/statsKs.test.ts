import * as assert from 'node:assert/strict';
import { kolmogorovSf, ksDistance, ksDistanceFromHistogram } from '../../src/core/stats/ks';
import { accumulateHistogram, chooseHistogramRange, createHistogram } from '../../src/core/stats/histogram';
import { computeMoments } from '../../src/core/stats/moments';
import { EMPIRICAL_LAW, constantLaw, lawCdf, normalLaw, truncatedNormalLaw } from '../../src/core/stats/laws';
import type { Law } from '../../src/core/stats/laws';
import { isCoreError } from '../../src/core/errors';
import { close, loadStatsFixture } from '../fixtures/stats/loadFixture';
import { testNormals } from './statsSupport';

interface KsCase {
  name: string;
  law: Law;
  sample: number[];
  statistic: number;
  location: number;
  sign: 1 | -1;
  pvalue_asymp: number;
}

const fixture = loadStatsFixture<{ cases: KsCase[]; kolmogorov: { t: number[]; sf: number[] } }>('ks.json');

suite('stats: Kolmogorov–Smirnov distance against scipy.stats.kstest', () => {
  test('statistic, location, sign and asymptotic p-value on every fixture', () => {
    for (const c of fixture.cases) {
      const r = ksDistance(Float64Array.from(c.sample), c.law);
      // D is a difference of cdf values in [0, 1]: our cdf and scipy's agree to ~1e-15 absolute
      assert.ok(close(r.statistic, c.statistic, 0, 1e-14), `${c.name}: D ${r.statistic} vs ${c.statistic}`);
      assert.equal(r.location, c.location, `${c.name}: location`);
      assert.equal(r.sign, c.sign, `${c.name}: sign`);
      assert.equal(r.n, c.sample.length);
      assert.ok(close(r.pValue, c.pvalue_asymp, 1e-10, 1e-15), `${c.name}: p ${r.pValue} vs ${c.pvalue_asymp}`);
    }
  });

  test('Kolmogorov survival function against scipy.special.kolmogorov (both series branches)', () => {
    fixture.kolmogorov.t.forEach((t, i) => {
      assert.ok(
        close(kolmogorovSf(t), fixture.kolmogorov.sf[i], 1e-13, 1e-16),
        `Q(${t}) = ${kolmogorovSf(t)} vs ${fixture.kolmogorov.sf[i]}`,
      );
    });
    assert.equal(kolmogorovSf(0), 1);
  });

  test('a shifted sample is told apart from the law and the p-value says so', () => {
    const shifted = fixture.cases.find((c) => c.name.startsWith('N(0.15,1)'))!;
    const same = fixture.cases.find((c) => c.name.startsWith('N(0,1) sample'))!;
    assert.ok(ksDistance(shifted.sample, shifted.law).pValue < 0.01);
    assert.ok(ksDistance(same.sample, same.law).pValue > 0.05);
  });

  test('a cdf function works like the law it computes; sorted input is taken as is', () => {
    const c = fixture.cases[0];
    const law = c.law;
    const viaFunction = ksDistance(c.sample, (x) => lawCdf(law, x));
    const sorted = Float64Array.from(c.sample).sort();
    const viaSorted = ksDistance(sorted, law, { sorted: true });
    const viaLaw = ksDistance(c.sample, law);
    assert.equal(viaFunction.statistic, viaLaw.statistic);
    assert.equal(viaFunction.location, viaLaw.location);
    assert.equal(viaSorted.statistic, viaLaw.statistic);
  });

  test('point masses: D counts the values off the point; NaN in the sample gives NaN', () => {
    const r = ksDistance([0, 0, 0, 0.5], constantLaw(0));
    assert.equal(r.statistic, 0.25);
    assert.equal(r.sign, -1);
    assert.equal(ksDistance([0, 0, 0], constantLaw(0)).statistic, 0);
    const below = ksDistance([-1, 0, 0, 0], constantLaw(0));
    assert.deepEqual([below.statistic, below.sign, below.location], [0.25, 1, -1]);
    assert.ok(Number.isNaN(ksDistance([0.1, NaN, 0.3], normalLaw(0, 1)).statistic));
  });

  test('the histogram estimate brackets the exact D, with a gap within the bound of the module notes', () => {
    // 200 000 N(0, 1) draws: exact D from sorting, estimate from a 65 536-bin histogram
    const n = 200_000;
    const sample = testNormals(n, 12345);
    const law = normalLaw(0, 1);
    const exact = ksDistance(sample, law).statistic;
    const m = computeMoments(sample);
    const range = chooseHistogramRange({ law, data: m, normalSpan: 5 });
    const bins = 65_536;
    const h = createHistogram({ ...range, bins });
    accumulateHistogram(h, sample);
    const approx = ksDistanceFromHistogram(h, law);
    assert.equal(approx.n, n);
    assert.ok(
      approx.statistic <= exact + 1e-15 && exact <= approx.upperBound + 1e-15,
      `${approx.statistic} <= ${exact} <= ${approx.upperBound}`,
    );
    // gap <= largest bin mass of the sample plus of the law: width·φ(0) for the law, and the sample's
    // busiest bin (Poisson around n·width·φ(0), so within 5 of its sd)
    const width = (range.hi - range.lo) / bins;
    const lawMass = width * 0.3989422804014327;
    const sampleMass = (n * lawMass + 5 * Math.sqrt(n * lawMass)) / n;
    assert.ok(approx.upperBound - approx.statistic <= lawMass + sampleMass, `gap ${approx.upperBound - approx.statistic}`);
  });

  test('the histogram estimate detects a wrong law as clearly as the exact one', () => {
    const sample = testNormals(100_000, 777);
    const wrong = truncatedNormalLaw(0, 1); // the sample is not truncated: 4.55% lies beyond ±2
    const exact = ksDistance(sample, wrong).statistic;
    const h = createHistogram({ ...chooseHistogramRange({ law: normalLaw(0, 1), data: computeMoments(sample) }), bins: 4096 });
    accumulateHistogram(h, sample);
    const approx = ksDistanceFromHistogram(h, wrong);
    assert.ok(exact > 0.02, `exact D ${exact}`);
    assert.ok(approx.statistic <= exact + 1e-15 && exact <= approx.upperBound + 1e-15);
    assert.ok(approx.statistic > 0.02);
  });

  test('errors name what is wrong', () => {
    assert.throws(
      () => ksDistance([], normalLaw(0, 1)),
      (e: unknown) => isCoreError(e) && /sample is empty/.test(e.message),
    );
    assert.throws(
      () => ksDistance([1], EMPIRICAL_LAW),
      (e: unknown) => isCoreError(e) && /'empirical' has none \(accepted: normal, truncated_normal, uniform, constant\)/.test(e.message),
    );
    const h = createHistogram({ lo: 0, hi: 1, bins: 4 });
    assert.throws(
      () => ksDistanceFromHistogram(h, normalLaw(0, 1)),
      (e: unknown) => isCoreError(e) && /histogram is empty/.test(e.message),
    );
    accumulateHistogram(h, [0.5]);
    assert.throws(
      () => ksDistanceFromHistogram(h, constantLaw(0.5)),
      (e: unknown) => isCoreError(e) && /needs a continuous law/.test(e.message),
    );
  });
});
