import * as assert from 'node:assert/strict';
import { ACTIVATIONS, SELU_ALPHA, SELU_SCALE, activationFunction } from '../../src/core/stats/activations';
import type { Activation } from '../../src/core/stats/activations';
import { ProbeRandom, fillInputBatch } from '../../src/core/stats/inputBatch';
import { comparePropagation, propagateActivations, propagationSteps } from '../../src/core/stats/propagation';
import type { LayerStatistics, WeightSource } from '../../src/core/stats/propagation';
import { computeMoments } from '../../src/core/stats/moments';
import { ksDistance } from '../../src/core/stats/ks';
import { normalLaw, uniformLaw } from '../../src/core/stats/laws';
import { isCoreError } from '../../src/core/errors';
import { close, loadStatsFixture } from '../fixtures/stats/loadFixture';
import { testNormals } from './statsSupport';

const EPS = 2 ** -52;

interface LayerReference {
  pre_mean: number;
  pre_std: number;
  histogram_5: number[];
  mean: number;
  std: number;
  min: number;
  max: number;
  zero_fraction: number;
  dead_unit_fraction: number;
}

const propagation = loadStatsFixture<{
  batch: number;
  width: number;
  layers: number;
  input: number[];
  weights: number[][];
  runs: Record<Activation, { float32: LayerReference[]; float64: LayerReference[] }>;
}>('propagation.json');

const activationValues = loadStatsFixture<{ x: number[]; values: Record<Activation, number[]> }>('activations.json');
const probe = loadStatsFixture<{ streams: { seed: number; uint32: number[] }[] }>('probe_random.json');

/** Untruncated normal kernels with the given std, a fresh seed per layer. */
function normalWeights(std: number, seed: number): WeightSource {
  return (layer, fanIn, fanOut) => Float32Array.from(testNormals(fanIn * fanOut, seed + 7919 * layer, std));
}

/** A random orthogonal n × n matrix: modified Gram–Schmidt on Gaussian columns. */
function orthogonalWeights(seed: number): WeightSource {
  return (layer, n) => {
    const a = testNormals(n * n, seed + 104729 * layer, 1);
    for (let j = 0; j < n; j++) {
      for (let k = 0; k < j; k++) {
        let dot = 0;
        for (let i = 0; i < n; i++) dot += a[i * n + j] * a[i * n + k];
        for (let i = 0; i < n; i++) a[i * n + j] -= dot * a[i * n + k];
      }
      let norm = 0;
      for (let i = 0; i < n; i++) norm += a[i * n + j] * a[i * n + j];
      norm = Math.sqrt(norm);
      for (let i = 0; i < n; i++) a[i * n + j] /= norm;
    }
    return a;
  };
}

/** Mean square of a layer's outputs, E[x²] = std² + mean². */
function meanSquare(s: LayerStatistics): number {
  return s.std * s.std + s.mean * s.mean;
}

suite('stats: activations as Keras 3 computes them', () => {
  test('every activation against the numpy-backend formulas (scipy erf for gelu)', () => {
    for (const name of ACTIVATIONS) {
      const f = activationFunction(name);
      activationValues.x.forEach((x, i) => {
        const expected = activationValues.values[name][i];
        // V8's tanh/exp/expm1 and our erf against glibc's and scipy's: a few ulp apart. Keras's gelu
        // x·(erf(x/√2) + 1)/2 cancels for x < 0, turning an ulp of erf into |x|·ulp/2 absolute.
        const abs = name === 'gelu' ? 2 * EPS * Math.abs(x) : 1e-300;
        assert.ok(close(f(x), expected, 8 * EPS, abs), `${name}(${x}) = ${f(x)}, numpy ${expected}`);
      });
    }
  });

  test("Keras's constants: leaky_relu slope 0.2, SELU alpha/scale, exact (erf) gelu", () => {
    assert.equal(activationFunction('leaky_relu')(-1), -0.2);
    assert.equal(SELU_ALPHA, 1.6732632423543772);
    assert.equal(SELU_SCALE, 1.0507009873554805);
    // gelu(1) = Φ(1) exactly; the tanh approximation would give 0.8411919906082768
    assert.ok(close(activationFunction('gelu')(1), 0.8413447460685429, 2 * EPS));
    assert.throws(
      () => activationFunction('swish' as Activation),
      (e: unknown) => isCoreError(e) && /unknown activation "swish"; accepted: linear, tanh, relu/.test(e.message),
    );
  });
});

suite('stats: the probe batch', () => {
  test('splitmix32 + xoshiro128** match an independent implementation', () => {
    for (const { seed, uint32 } of probe.streams) {
      const rng = new ProbeRandom(seed);
      assert.deepEqual(
        uint32.map(() => rng.nextUint32()),
        uint32,
        `seed ${seed}`,
      );
    }
  });

  test('N(0, 1) and U(-1, 1) batches have their laws (fixed seed; tolerances from n)', () => {
    const n = 100_000;
    const normal = new Float64Array(n);
    fillInputBatch(normal, 'normal', 3);
    const m = computeMoments(normal);
    // 5 standard errors: sd(mean) = 1/√n, sd(std) ≈ 1/√(2n)
    assert.ok(Math.abs(m.mean) < 5 / Math.sqrt(n), `mean ${m.mean}`);
    assert.ok(Math.abs(m.std - 1) < 5 / Math.sqrt(2 * n), `std ${m.std}`);
    // KS critical value at p = 0.001 is 1.95/√n
    assert.ok(ksDistance(normal, normalLaw(0, 1)).statistic < 1.95 / Math.sqrt(n));
    const uniform = new Float64Array(n);
    fillInputBatch(uniform, 'uniform', 3);
    const u = computeMoments(uniform);
    assert.ok(u.min >= -1 && u.max < 1);
    assert.ok(Math.abs(u.mean) < 5 / Math.sqrt(3 * n));
    assert.ok(ksDistance(uniform, uniformLaw(-1, 1)).statistic < 1.95 / Math.sqrt(n));
    // same seed, same batch; another seed, another batch
    const again = new Float64Array(8);
    const other = new Float64Array(8);
    fillInputBatch(again, 'normal', 3);
    fillInputBatch(other, 'normal', 4);
    assert.deepEqual(Array.from(again), Array.from(normal.subarray(0, 8)));
    assert.notDeepEqual(Array.from(other), Array.from(again));
  });
});

suite('stats: activation propagation', () => {
  test('a small fixed stack equals numpy for every activation (float32 within 1e-5, float64 within 1e-12)', () => {
    const { batch, width, layers } = propagation;
    const weights: WeightSource = (layer, fanIn, fanOut) => {
      assert.deepEqual([fanIn, fanOut], [width, width]);
      return Float64Array.from(propagation.weights[layer]);
    };
    for (const activation of ACTIVATIONS) {
      for (const dtype of ['float32', 'float64'] as const) {
        const rel = dtype === 'float32' ? 1e-5 : 1e-12;
        const stats = propagateActivations({
          layers,
          width,
          batch,
          activation,
          weights,
          dtype,
          input: Float64Array.from(propagation.input),
          bins: 5,
        });
        assert.equal(stats.length, layers + 1);
        const ref = propagation.runs[activation][dtype];
        for (let l = 1; l <= layers; l++) {
          const s = stats[l];
          const r = ref[l - 1];
          const where = `${activation}/${dtype} layer ${l}`;
          const scale = r.std + Math.abs(r.mean);
          for (const [got, want, what] of [
            [s.mean, r.mean, 'mean'],
            [s.std, r.std, 'std'],
            [s.min, r.min, 'min'],
            [s.max, r.max, 'max'],
            [s.preActivation!.mean, r.pre_mean, 'pre mean'],
            [s.preActivation!.std, r.pre_std, 'pre std'],
          ] as const) {
            assert.ok(close(got, want, rel, rel * scale), `${where}: ${what} ${got} vs numpy ${want}`);
          }
          assert.equal(s.zeroFraction, r.zero_fraction, `${where}: zero fraction`);
          assert.equal(s.deadUnitFraction, r.dead_unit_fraction, `${where}: dead units`);
          // 5 bins over the layer's [min, max], as numpy.histogram(values, bins=5)
          assert.deepEqual(Array.from(s.histogram.counts), r.histogram_5, `${where}: histogram`);
        }
      }
    }
  });

  const n = 256;
  const batch = 256;

  test('linear + orthogonal kernels keep the mean square exactly and the std within the batch-mean term', () => {
    const layers = 6;
    const stats = propagateActivations({
      layers,
      width: n,
      batch,
      activation: 'linear',
      weights: orthogonalWeights(1),
      dtype: 'float64',
      seed: 11,
    });
    const ms0 = meanSquare(stats[0]);
    for (const s of stats) {
      // orthogonal W preserves each row's norm: E[x²] changes only by rounding
      assert.ok(close(meanSquare(s), ms0, 1e-12), `layer ${s.layer}: E[x²] ${meanSquare(s)} vs ${ms0}`);
      // std² = E[x²] - mean², and a mean over batch·n ≈ N(0, 1) values stays within 5/√(batch·n)
      assert.ok(
        Math.abs(s.std * s.std - stats[0].std * stats[0].std) <= 2 * (5 / Math.sqrt(batch * n)) ** 2,
        `layer ${s.layer}: std ${s.std}`,
      );
    }
  });

  // Tolerances for Gaussian kernels with variance v/n: per layer the ratio of mean squares has a
  // relative sd of at most √(2/n) (a quadratic form w'Cw, any batch covariance C) for linear layers,
  // and √(5/n) once ReLU's halving is included (E[relu(z)⁴]/E[relu(z)²]² - 1 = 5). Over L layers the
  // log of the std ratio then has sd <= ½√(cL/n); the tests allow 4 of those. √(2/n) is the worst case
  // over batch covariances (rank one); a well-spread batch fluctuates far less, so these bounds are
  // loose but still separate He from Glorot (a factor √2 per layer) by several tolerances.
  const logStdTolerance = (c: number, layers: number): number => 2 * Math.sqrt((c * layers) / n);

  test('linear + LeCun normal (variance 1/n) keeps the std; He normal grows it by √2 per layer', () => {
    const layers = 8;
    const lecun = propagateActivations({
      layers,
      width: n,
      batch,
      activation: 'linear',
      weights: normalWeights(Math.sqrt(1 / n), 5),
      seed: 1,
    });
    const he = propagateActivations({
      layers,
      width: n,
      batch,
      activation: 'linear',
      weights: normalWeights(Math.sqrt(2 / n), 5),
      seed: 1,
    });
    const tol = logStdTolerance(2, layers);
    const lecunLog = Math.log(lecun[layers].std / lecun[0].std);
    const heLog = Math.log(he[layers].std / he[0].std);
    assert.ok(Math.abs(lecunLog) <= tol, `LeCun: log std ratio ${lecunLog}, tolerance ${tol}`);
    assert.ok(Math.abs(heLog - (layers / 2) * Math.LN2) <= tol, `He on linear: log std ratio ${heLog} vs ${(layers / 2) * Math.LN2}`);
  });

  test('relu: He keeps the std constant while Glorot shrinks it by ~1/√2 per layer (compared on one probe batch)', () => {
    const layers = 8;
    const { a: he, b: glorot } = comparePropagation(
      { layers, width: n, batch, activation: 'relu', seed: 2 },
      normalWeights(Math.sqrt(2 / n), 9), // He: 2/fan_in
      normalWeights(Math.sqrt(2 / (n + n)), 9), // Glorot: 2/(fan_in + fan_out) = 1/n for a square kernel
    );
    assert.deepEqual(he[0], glorot[0]); // the same probe batch
    const tol = logStdTolerance(5, layers - 1);
    const heLog = Math.log(he[layers].std / he[1].std);
    const glorotLog = Math.log(glorot[layers].std / glorot[1].std);
    assert.ok(Math.abs(heLog) <= tol, `He: log std ratio ${heLog}, tolerance ${tol}`);
    const expected = -((layers - 1) / 2) * Math.LN2;
    assert.ok(Math.abs(glorotLog - expected) <= tol, `Glorot: log std ratio ${glorotLog} vs ${expected}`);
    // ReLU zeroes about half the outputs (a binomial fraction over batch·n draws, shared weights aside)
    for (const s of he.slice(1)) assert.ok(Math.abs(s.zeroFraction - 0.5) < 0.1, `zero fraction ${s.zeroFraction}`);
  });

  test('tanh with a small std (RandomNormal 0.05, gain √n·0.05 = 0.8) vanishes geometrically', () => {
    const layers = 10;
    const gain = Math.sqrt(n) * 0.05;
    const stats = propagateActivations({ layers, width: n, batch, activation: 'tanh', weights: normalWeights(0.05, 21), seed: 3 });
    // |tanh z| <= |z| so each layer multiplies the std by at most the gain (up to the W fluctuation)
    const tol = logStdTolerance(2, layers);
    const totalLog = Math.log(stats[layers].std / stats[0].std);
    assert.ok(totalLog <= layers * Math.log(gain) + tol, `log std ratio ${totalLog} vs at most ${layers * Math.log(gain)}`);
    assert.ok(stats[layers].std < 0.15 * stats[0].std);
    // deep in the stack tanh is linear: the last layer's ratio is the gain within one layer's tolerance
    const last = stats[layers].std / stats[layers - 1].std;
    assert.ok(Math.abs(Math.log(last / gain)) <= logStdTolerance(2, 1), `last ratio ${last} vs ${gain}`);
  });

  test('selu with LeCun normal self-normalizes: std stays near 1 and the mean near 0', () => {
    const layers = 8;
    const stats = propagateActivations({
      layers,
      width: n,
      batch,
      activation: 'selu',
      weights: normalWeights(Math.sqrt(1 / n), 33),
      seed: 4,
    });
    const tol = logStdTolerance(5, layers);
    assert.ok(Math.abs(Math.log(stats[layers].std)) <= tol, `std ${stats[layers].std}`);
    assert.ok(Math.abs(stats[layers].mean) <= tol, `mean ${stats[layers].mean}`);
  });

  test('dead units: a kernel column that is negative on non-negative inputs kills its unit', () => {
    const base = normalWeights(Math.sqrt(2 / n), 40);
    const weights: WeightSource = (layer, fanIn, fanOut) => {
      const w = base(layer, fanIn, fanOut);
      if (layer === 1) for (let k = 0; k < fanIn; k++) w[k * fanOut] = -Math.abs(w[k * fanOut]);
      return w;
    };
    const stats = propagateActivations({ layers: 2, width: n, batch: 64, activation: 'relu', weights, seed: 5 });
    assert.equal(stats[1].deadUnitFraction * n, 0);
    assert.ok(stats[2].deadUnitFraction * n >= 1, `dead ${stats[2].deadUnitFraction * n}`);
  });

  test('steps come one layer at a time, input first; a fixed range makes histograms comparable', () => {
    const steps = propagationSteps({
      layers: 3,
      width: 16,
      batch: 8,
      activation: 'sigmoid',
      weights: normalWeights(0.25, 1),
      range: { lo: -1, hi: 1 },
      bins: 10,
    });
    const first = steps.next();
    assert.equal(first.done, false);
    assert.equal((first.value as LayerStatistics).layer, 0);
    assert.equal((first.value as LayerStatistics).preActivation, undefined);
    const rest = [...steps];
    assert.deepEqual(
      rest.map((s) => s.layer),
      [1, 2, 3],
    );
    for (const s of rest) {
      assert.deepEqual([s.histogram.lo, s.histogram.hi], [-1, 1]);
      assert.ok(s.min > 0 && s.max < 1); // sigmoid's range
      assert.equal(s.histogram.below + s.histogram.above + s.histogram.counts.reduce((a, v) => a + v, 0), 128);
    }
  });

  test('invalid options are rejected with what is wrong and what is accepted', () => {
    const ok = { layers: 1, width: 4, batch: 2, activation: 'relu' as Activation, weights: normalWeights(0.5, 1) };
    const cases: [object, RegExp, string?][] = [
      [{ layers: 0 }, /layers must be an integer >= 1; received 0/],
      [{ width: 2.5 }, /width must be an integer >= 1; received 2.5/],
      [{ activation: 'softmax' }, /unknown activation "softmax"; accepted: linear, tanh, relu, leaky_relu, sigmoid, selu, gelu/],
      [{ weights: () => new Float32Array(3) }, /returned 3 values; expected fanIn × fanOut = 16/],
      [{ input: new Float64Array(7) }, /input has 7 values; expected batch × width = 8/],
      [{ input: 'cauchy' }, /'normal' or 'uniform'; received "cauchy"/],
      [{ range: { lo: 1, hi: 0 } }, /range needs finite lo <= hi/],
      [{ width: 8192, batch: 4096 }, /exceeds/, 'TOO_LARGE'],
    ];
    for (const [patch, message, code] of cases) {
      assert.throws(
        () => propagateActivations({ ...ok, ...patch } as Parameters<typeof propagateActivations>[0]),
        (e: unknown) => isCoreError(e) && e.code === (code ?? 'INVALID_ARGUMENT') && message.test(e.message),
        JSON.stringify(patch),
      );
    }
  });
});
