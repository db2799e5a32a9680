import * as assert from 'node:assert/strict';
import { erf, erfc, normalCdf, normalPdf, normalSf } from '../../src/core/stats/erf';
import {
  EMPIRICAL_LAW,
  KERAS_TRUNCATED_STD_FACTOR,
  constantLaw,
  lawCdf,
  lawHasDensity,
  lawMean,
  lawPdf,
  lawPdfCurve,
  lawStd,
  lawSupport,
  normalLaw,
  truncatedNormalLaw,
  uniformLaw,
} from '../../src/core/stats/laws';
import type { Law } from '../../src/core/stats/laws';
import { isCoreError } from '../../src/core/errors';
import { close, loadStatsFixture } from '../fixtures/stats/loadFixture';

const EPS = 2 ** -52;

interface Table {
  columns: string[];
  rows: number[][];
}

const special = loadStatsFixture<{ erf: Table; normal: Table }>('special.json');

interface LawCase {
  law: Law;
  mean: number;
  std: number;
  x: number[];
  pdf: number[];
  cdf: number[];
}

const laws = loadStatsFixture<{ cases: LawCase[] }>('laws.json');

function describe(law: Law): string {
  return JSON.stringify(law, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v));
}

suite('stats: erf, erfc and the standard normal (60-digit mpmath values)', () => {
  test('erf is within 2 ulp everywhere and erfc within 4 ulp down to 1e-300', () => {
    for (const [x, e, c] of special.erf.rows) {
      assert.ok(close(erf(x), e, 2 * EPS, Number.MIN_VALUE), `erf(${x}) = ${erf(x)}, expected ${e}`);
      // below 1e-300 the double is subnormal and carries fewer bits
      if (c > 1e-300) assert.ok(close(erfc(x), c, 4 * EPS), `erfc(${x}) = ${erfc(x)}, expected ${c}`);
    }
  });

  test('erfc keeps relative precision deep in the upper tail where 1 - erf would give 0', () => {
    const row = special.erf.rows.find(([x]) => x === 20)!;
    assert.ok(row[2] < 1e-170);
    assert.equal(1 - erf(20), 0);
    assert.ok(close(erfc(20), row[2], 4 * EPS));
  });

  test('special values', () => {
    assert.equal(erf(Infinity), 1);
    assert.equal(erf(-Infinity), -1);
    assert.equal(erfc(Infinity), 0);
    assert.equal(erfc(-Infinity), 2);
    assert.ok(Number.isNaN(erf(NaN)) && Number.isNaN(erfc(NaN)));
    assert.ok(Object.is(erf(-0), -0));
  });

  test('normal pdf, cdf and sf, with relative accuracy in both tails', () => {
    for (const [z, pdf, cdf, sf] of special.normal.rows) {
      // exp(-z²/2) turns the rounding of z² into a relative error of about z²/2 ulp; so does z/√2 for the cdf
      const tol = (4 + z * z) * EPS;
      assert.ok(close(normalPdf(z), pdf, tol), `pdf(${z}) = ${normalPdf(z)}, expected ${pdf}`);
      assert.ok(close(normalCdf(z), cdf, tol), `cdf(${z}) = ${normalCdf(z)}, expected ${cdf}`);
      assert.ok(close(normalSf(z), sf, tol), `sf(${z}) = ${normalSf(z)}, expected ${sf}`);
    }
  });
});

suite('stats: theoretical laws (60-digit mpmath closed forms, checked against scipy.stats)', () => {
  test('mean and std of every law in the fixture', () => {
    for (const c of laws.cases) {
      // the truncated normal's moments come from quadrature, so narrow and far-tail intervals (where the
      // closed form cancels) keep the same few-ulp accuracy as Keras's ±2σ
      const tol = 64 * EPS;
      assert.ok(close(lawMean(c.law), c.mean, tol, 1e-15 * Math.abs(c.std)), `mean of ${describe(c.law)}: ${lawMean(c.law)} vs ${c.mean}`);
      assert.ok(close(lawStd(c.law), c.std, tol), `std of ${describe(c.law)}: ${lawStd(c.law)} vs ${c.std}`);
    }
  });

  test('pdf and cdf at points inside, outside and on the bounds', () => {
    for (const c of laws.cases) {
      c.x.forEach((x, i) => {
        const pdf = lawPdf(c.law, x);
        const cdf = lawCdf(c.law, x);
        // conditioning, not method: exp(-ξ²/2) turns the rounding of ξ = (x - mean)/std into ~ξ² ulp, |ξ| up to 45
        assert.ok(close(pdf, c.pdf[i], 1e-12, 1e-300), `pdf of ${describe(c.law)} at ${x}: ${pdf} vs ${c.pdf[i]}`);
        assert.ok(close(cdf, c.cdf[i], 1e-12, 1e-15), `cdf of ${describe(c.law)} at ${x}: ${cdf} vs ${c.cdf[i]}`);
      });
    }
  });

  test("Keras's truncation: ±2σ std is 0.87962566103423978·σ and the bounds default to mean ± 2σ", () => {
    for (const sigma of [1, 0.05, 3.7]) {
      const law = truncatedNormalLaw(0.25, sigma);
      assert.deepEqual(lawSupport(law), { lower: 0.25 - 2 * sigma, upper: 0.25 + 2 * sigma });
      assert.ok(close(lawStd(law), KERAS_TRUNCATED_STD_FACTOR * sigma, 2 * EPS), `σ=${sigma}: ${lawStd(law) / sigma}`);
      assert.ok(close(lawMean(law), 0.25, 2 * EPS));
    }
    // VarianceScaling divides by the factor, so the truncated weights get exactly the target std
    const target = Math.sqrt(2 / 256);
    assert.ok(close(lawStd(truncatedNormalLaw(0, target / KERAS_TRUNCATED_STD_FACTOR)), target, 4 * EPS));
  });

  test('uniform: mean (low+high)/2, std (high-low)/√12; the Glorot limit √(6/(in+out)) gives std √(2/(in+out))', () => {
    const limit = Math.sqrt(6 / (300 + 100));
    const law = uniformLaw(-limit, limit);
    assert.equal(lawMean(law), 0);
    assert.ok(close(lawStd(law), Math.sqrt(2 / 400), 2 * EPS));
    assert.equal(lawPdf(law, 0), 1 / (2 * limit));
    assert.equal(lawCdf(law, -limit), 0);
    assert.equal(lawCdf(law, 0), 0.5);
    assert.equal(lawPdf(law, limit * 1.01), 0);
  });

  test('point masses and the empirical law', () => {
    const c = constantLaw(0);
    assert.equal(lawMean(c), 0);
    assert.equal(lawStd(c), 0);
    assert.equal(lawCdf(c, -1e-300), 0);
    assert.equal(lawCdf(c, 0), 1);
    assert.equal(lawHasDensity(c), false);
    assert.deepEqual(lawSupport(c), { lower: 0, upper: 0 });
    assert.equal(lawStd(normalLaw(3, 0)), 0);
    assert.equal(lawMean(truncatedNormalLaw(3, 0)), 3);
    assert.equal(lawHasDensity(normalLaw(0, 1)), true);
    assert.ok(Number.isNaN(lawMean(EMPIRICAL_LAW)));
    assert.ok(Number.isNaN(lawStd(EMPIRICAL_LAW)));
    assert.ok(Number.isNaN(lawPdf(EMPIRICAL_LAW, 0)));
    assert.equal(lawSupport(EMPIRICAL_LAW), undefined);
    assert.equal(lawHasDensity(EMPIRICAL_LAW), false);
  });

  test('the pdf curve integrates to 1 (trapezoid on 2001 points) and ends exactly at hi', () => {
    for (const law of [normalLaw(0.1, 0.3), truncatedNormalLaw(0, 0.05)]) {
      const s = lawSupport(law)!;
      const lo = Number.isFinite(s.lower) ? s.lower : -3;
      const hi = Number.isFinite(s.upper) ? s.upper : 3;
      const { x, y } = lawPdfCurve(law, lo, hi, 2001);
      assert.equal(x[2000], hi);
      let area = 0;
      for (let i = 1; i < x.length; i++) area += ((y[i] + y[i - 1]) / 2) * (x[i] - x[i - 1]);
      // trapezoid error is O(h²·f''): below 1e-5 here; the normal's mass beyond ±10σ is 1.5e-23
      assert.ok(Math.abs(area - 1) < 1e-5, `${describe(law)} integrates to ${area}`);
    }
  });

  test('invalid laws are rejected with the field named', () => {
    const cases: [() => unknown, RegExp][] = [
      [() => normalLaw(0, -1), /std must be >= 0; received -1/],
      [() => normalLaw(NaN, 1), /mean must be a finite number/],
      [() => uniformLaw(1, 0), /needs low <= high; received low=1, high=0/],
      [() => truncatedNormalLaw(0, 1, 2, 1), /needs lower <= upper/],
      [() => truncatedNormalLaw(0, 1, 1, 1), /holds no mass/],
      [() => lawMean({ kind: 'gaussian' } as unknown as Law), /unknown law kind "gaussian"; accepted: normal, truncated_normal/],
      [() => lawPdfCurve(normalLaw(0, 1), 1, 0, 10), /needs finite lo < hi/],
    ];
    for (const [fn, message] of cases) {
      assert.throws(fn, (e: unknown) => isCoreError(e) && e.code === 'INVALID_ARGUMENT' && message.test(e.message));
    }
  });
});
