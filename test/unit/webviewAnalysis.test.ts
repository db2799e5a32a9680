import * as assert from 'node:assert/strict';
import {
  SeedGenerator,
  createInitializer,
  fillInputBatch,
  float16BitsToNumber,
  sample,
  type ClassName,
  type TensorData,
} from '../../src/core/index';
import {
  defaultArgs,
  defaultConfig,
  initializerKwargs,
  type PreviewConfig,
  type PropagationSettings,
} from '../../src/protocol/previewConfig';
import {
  DISPLAY_BINS,
  FINE_BINS,
  KOLMOGOROV_95,
  mergeBins,
  runAnalysis,
  type AnalysisResult,
  type DetailsResult,
  type DistributionResult,
} from '../../src/webview/compute/analysis';
import { extractHeatmap, planHeatmap } from '../../src/webview/compute/heatmap';
import { orthogonalityError } from '../../src/webview/compute/orthogonality';
import { runPropagation, type PropagationResult } from '../../src/webview/compute/propagationRun';
import { requirePython } from './pythonRequirement';
import { runPanelPython } from './webviewSupport';

function config(className: ClassName, overrides: Partial<PreviewConfig> = {}): PreviewConfig {
  return { ...defaultConfig(), className, args: defaultArgs(className), ...overrides };
}

/** Runs an analysis to the end and returns what it emitted. */
async function analyze(c: PreviewConfig): Promise<AnalysisResult[]> {
  const results: AnalysisResult[] = [];
  await runAnalysis(
    { jobId: 1, config: c },
    { now: () => 0, pause: () => Promise.resolve(), isCurrent: () => true, emit: (r) => results.push(r) },
  );
  return results;
}

function distributionOf(results: AnalysisResult[]): DistributionResult {
  const d = results.find((r): r is DistributionResult => r.kind === 'distribution');
  assert.ok(d, `no distribution result: ${JSON.stringify(results.map((r) => (r.kind === 'failure' ? r.message : r.kind)))}`);
  return d;
}

function detailsOf(results: AnalysisResult[]): DetailsResult {
  const d = results.find((r): r is DetailsResult => r.kind === 'details');
  assert.ok(d, 'no details result');
  return d;
}

/** The values the configuration's initializer call returns, as numbers (float16 bits widened). */
function valuesOf(c: PreviewConfig): number[] {
  const t = sample(createInitializer(c.className, initializerKwargs(c)), c.shape, {
    dtype: c.dtype,
    callIndex: c.seed.kind === 'generator' ? c.seed.callIndex : 0,
  });
  const data: TensorData = t.data;
  return data instanceof Uint16Array ? Array.from(data, float16BitsToNumber) : Array.from(data);
}

function close(actual: number, expected: number, relative: number, what: string): void {
  assert.ok(Math.abs(actual - expected) <= relative * Math.max(Math.abs(expected), 1e-300), `${what}: ${actual} vs ${expected}`);
}

interface StatsAnswer {
  mean: number;
  std: number;
  min: number;
  max: number;
  counts?: number[];
  ks?: number;
  lawMean?: number;
  lawStd?: number;
  maxAbs?: number;
  frobenius?: number;
  stds?: number[];
}

suite('panel analysis (sampling and statistics)', () => {
  test('HeNormal 784 × 256: moments, numpy.histogram counts, the truncated law, and KS bracketing scipy’s exact D', async function () {
    const c = config('HeNormal', { shape: [784, 256], seed: { kind: 'int', value: 42 } });
    const results = await analyze(c);
    assert.deepEqual(
      results.map((r) => r.kind),
      ['distribution', 'details'],
    );
    const d = distributionOf(results);
    const details = detailsOf(results);
    assert.equal(d.n, 784 * 256);
    assert.equal(d.total, 784 * 256);
    assert.deepEqual([d.expected.fanIn, d.expected.fanOut], [784, 256]);
    // The number: sqrt(2 / 784) = 0.0505 is the truncated law's std.
    close(d.expected.std ?? NaN, Math.sqrt(2 / 784), 1e-12, 'expected std');
    assert.equal(d.law?.kind, 'truncated_normal');
    assert.deepEqual(
      d.markers.map((m) => m.label),
      ['−2σ', '+2σ'],
    );
    assert.ok(d.histogram);
    assert.equal(d.histogram.counts.length, DISPLAY_BINS);
    assert.equal(
      d.histogram.counts.reduce((a, b) => a + b, 0),
      d.n,
    );
    assert.ok(details.ks);
    close(details.ks.critical95, KOLMOGOROV_95 / Math.sqrt(d.n), 1e-15, 'critical value');
    requirePython(this, 'numpy', 'scipy');
    const law = d.law;
    const [answer] = runPanelPython<StatsAnswer[]>('stats_oracle.py', [
      { values: valuesOf(c), histogram: { lo: d.histogram.lo, hi: d.histogram.hi, bins: FINE_BINS }, law },
    ]);
    close(d.moments.mean, answer.mean, 1e-9, 'mean');
    close(d.moments.std, answer.std, 1e-12, 'std');
    assert.equal(d.moments.min, answer.min);
    assert.equal(d.moments.max, answer.max);
    assert.deepEqual(
      Array.from(d.histogram.counts),
      Array.from(mergeBins(answer.counts ?? [], DISPLAY_BINS)),
      'numpy.histogram counts, merged by 128',
    );
    close(d.expected.std ?? NaN, answer.lawStd ?? NaN, 1e-9, 'law std against scipy.stats.truncnorm');
    assert.equal(d.expected.mean, 0);
    assert.ok(Math.abs(answer.lawMean ?? NaN) < 1e-12, `scipy's law mean ${answer.lawMean}`);
    const exact = answer.ks ?? NaN;
    assert.ok(
      details.ks.statistic <= exact + 1e-12 && exact <= details.ks.upperBound + 1e-12,
      `KS ${details.ks.statistic} ≤ ${exact} ≤ ${details.ks.upperBound}`,
    );
    // 65,536 bins bracket D tightly enough to read.
    assert.ok(details.ks.upperBound - details.ks.statistic < 5e-4, `bracket ${details.ks.upperBound - details.ks.statistic}`);
  });

  test('the sample is the tensor’s first values, capped by the sample size; float16 values are widened before statistics', async function () {
    const capped = config('RandomUniform', { shape: [10000, 128], sampleSize: 5000 });
    const d = distributionOf(await analyze(capped));
    assert.deepEqual([d.n, d.total], [5000, 1_280_000]);
    const values = valuesOf(capped).slice(0, 5000);
    assert.equal(d.moments.min, Math.min(...values));
    assert.equal(d.moments.max, Math.max(...values));
    assert.deepEqual([d.expected.min, d.expected.max], [-0.05, 0.05]);
    assert.deepEqual(
      d.markers.map((m) => [m.label, m.x]),
      [
        ['low', -0.05],
        ['high', 0.05],
      ],
    );

    const half = config('TruncatedNormal', { shape: [3000], dtype: 'float16', args: { mean: 1, stddev: 0.5 } });
    const h = distributionOf(await analyze(half));
    assert.equal(h.dtype, 'float16');
    const widened = valuesOf(half);
    assert.ok(
      widened.every((v) => Math.abs(v - 1) <= 1.0005),
      'float16 values of a ±2σ law',
    );
    requirePython(this, 'numpy', 'scipy');
    const [answer] = runPanelPython<StatsAnswer[]>('stats_oracle.py', [{ values: widened }]);
    close(h.moments.mean, answer.mean, 1e-12, 'float16 mean');
    close(h.moments.std, answer.std, 1e-12, 'float16 std');
  });

  test('Orthogonal: ‖QᵀQ − I‖ (tall) and ‖QQᵀ − I‖ (wide) against numpy, with Q = values / gain', async function () {
    const cases = [
      config('Orthogonal', { shape: [300, 40], args: { gain: 1 } }),
      config('Orthogonal', { shape: [40, 300], args: { gain: 2.5 }, seed: { kind: 'int', value: 7 } }),
      config('Orthogonal', { shape: [2, 3, 4, 10] }),
    ];
    const found = [];
    for (const c of cases) {
      const details = detailsOf(await analyze(c));
      assert.ok(details.orthogonality, `${c.shape}`);
      // float32 values: orthonormal to a few float32 roundoffs.
      assert.ok(details.orthogonality.maxAbs < 1e-5, String(details.orthogonality.maxAbs));
      found.push(details.orthogonality);
    }
    // (2, 3, 4, 10) is a 24 × 10 matrix for Orthogonal: tall.
    assert.deepEqual(
      found.map((o) => o.gram),
      ['QᵀQ', 'QQᵀ', 'QᵀQ'],
    );
    requirePython(this, 'numpy', 'scipy');
    const answers = runPanelPython<StatsAnswer[]>(
      'stats_oracle.py',
      cases.map((c) => {
        const cols = c.shape[c.shape.length - 1];
        const size = c.shape.reduce((a, b) => a * b, 1);
        return { values: valuesOf(c), orthogonal: { rows: size / cols, cols, gain: Math.fround(Number(c.args.gain)) } };
      }),
    );
    found.forEach((o, i) => {
      close(o.maxAbs, answers[i].maxAbs ?? NaN, 1e-6, `max |E| ${i}`);
      close(o.frobenius, answers[i].frobenius ?? NaN, 1e-6, `‖E‖_F ${i}`);
    });
    // Against a matrix whose error is known: Q = I + δ·e₀e₁ᵀ has QᵀQ − I with entries δ (twice) and δ² .
    const delta = 1e-3;
    const q = [1, delta, 0, 1];
    const e = orthogonalityError(q, 2, 2, 1);
    assert.ok(e);
    close(e.maxAbs, delta, 1e-12, 'max |E|');
    close(e.frobenius, Math.sqrt(2 * delta * delta + delta ** 4), 1e-12, '‖E‖_F');
    assert.equal(orthogonalityError(q, 2, 2, 0), undefined, 'gain 0 has no Q');
  });

  test('Identity: the exact mean, std and bounds of gain · I', async () => {
    const c = config('Identity', { shape: [3, 5], args: { gain: 0.5 } });
    const d = distributionOf(await analyze(c));
    // k = 3 cells of 0.5 among 15: mean 0.1, variance 0.25·3/15 − 0.01 = 0.04.
    close(d.expected.mean ?? NaN, 0.1, 1e-15, 'mean');
    close(d.expected.std ?? NaN, 0.2, 1e-15, 'std');
    assert.deepEqual([d.expected.min, d.expected.max], [0, 0.5]);
    close(d.moments.mean, 0.1, 1e-15, 'sampled mean');
    close(d.moments.std, 0.2, 1e-12, 'sampled std');
    assert.equal(detailsOf(await analyze(c)).ks, null, 'no KS for an empirical law');
  });

  test('Keras’s errors come back as failures with its exception type and message', async () => {
    const cases: [PreviewConfig, RegExp][] = [
      [
        config('VarianceScaling', { args: { ...defaultArgs('VarianceScaling'), scale: -1 } }),
        /^ValueError: Argument `scale` must be positive float\. Received: scale=-1\.0$/,
      ],
      [
        config('VarianceScaling', { args: { ...defaultArgs('VarianceScaling'), mode: 'fan_sum' } }),
        /^ValueError: Invalid `mode` argument: fan_sum/,
      ],
      [config('Identity', { shape: [3, 3, 3] }), /^ValueError: Identity matrix initializer can only be used for 2D matrices/],
      [config('Orthogonal', { shape: [8, 8], dtype: 'float16' }), /^TypeError: array type float16 is unsupported in linalg$/],
      [config('Orthogonal', { shape: [100_000, 4096] }), /needs a QR too large to preview here; the generate command writes it/],
    ];
    for (const [c, message] of cases) {
      const results = await analyze(c);
      assert.equal(results.length, 1, c.className);
      const r = results[0];
      assert.equal(r.kind, 'failure');
      assert.match(r.kind === 'failure' ? r.message : '', message);
    }
  });

  test('a superseded analysis stops at its next pause without emitting', async () => {
    const results: AnalysisResult[] = [];
    let current = true;
    await runAnalysis(
      { jobId: 1, config: config('HeNormal', { shape: [1000, 1000] }) },
      {
        now: () => 0,
        pause: () => {
          current = false;
          return Promise.resolve();
        },
        isCurrent: () => current,
        emit: (r) => results.push(r),
      },
    );
    assert.deepEqual(results, []);
  });

  test('mergeBins sums equal groups and refuses a count that does not divide', () => {
    assert.deepEqual(Array.from(mergeBins([1, 2, 3, 4, 5, 6], 3)), [3, 7, 11]);
    assert.deepEqual(Array.from(mergeBins([1, 2, 3, 4], 1)), [10]);
    assert.throws(() => mergeBins([1, 2, 3], 2), /cannot merge 3 bins into 2/);
  });
});

suite('panel heatmap view', () => {
  test('the 2-D view: last two dimensions of the first slice; rank 1 is one row; rank 0 one cell', () => {
    assert.deepEqual(planHeatmap([784, 256], 784 * 256, 512), {
      rows: 784,
      cols: 256,
      availableRows: 784,
      rowStride: 2,
      colStride: 1,
      shownRows: 392,
      shownCols: 256,
      slice: '[:, :]',
    });
    assert.deepEqual(planHeatmap([3, 3, 64, 128], 73728, 512), {
      rows: 64,
      cols: 128,
      availableRows: 64,
      rowStride: 1,
      colStride: 1,
      shownRows: 64,
      shownCols: 128,
      slice: '[0, 0, :, :]',
    });
    assert.deepEqual(planHeatmap([10], 10, 512), {
      rows: 1,
      cols: 10,
      availableRows: 1,
      rowStride: 1,
      colStride: 1,
      shownRows: 1,
      shownCols: 10,
      slice: '[:]',
    });
    assert.deepEqual(planHeatmap([], 1, 512), {
      rows: 1,
      cols: 1,
      availableRows: 1,
      rowStride: 1,
      colStride: 1,
      shownRows: 1,
      shownCols: 1,
      slice: '[]',
    });
    // A capped sample of an Embedding: only its first 7812 rows were drawn; every 16th is shown.
    assert.deepEqual(planHeatmap([10000, 128], 1_000_000, 512), {
      rows: 10000,
      cols: 128,
      availableRows: 7812,
      rowStride: 16,
      colStride: 1,
      shownRows: 489,
      shownCols: 128,
      slice: '[:, :]',
    });
    assert.deepEqual(planHeatmap([5, 0], 0, 512).shownCols, 0);
  });

  test('cells are taken by stride (never averaged) and the colour limit is the largest |value|', () => {
    const values = Array.from({ length: 6 * 4 }, (_, i) => (i % 5 === 0 ? -i : i / 10));
    const plan = planHeatmap([6, 4], values.length, 3);
    assert.deepEqual([plan.rowStride, plan.colStride, plan.shownRows, plan.shownCols], [2, 2, 3, 2]);
    const h = extractHeatmap(plan, values);
    // Rows 0, 2, 4 and columns 0, 2 of the 6 × 4 matrix.
    assert.deepEqual(Array.from(h.values), [values[0], values[2], values[8], values[10], values[16], values[18]].map(Math.fround));
    const shown = Array.from(h.values);
    assert.equal(h.maxAbs, Math.max(...shown.map(Math.abs)));
    // The colour limit: max |v|, or 3 × rms when smaller (normal tails saturate instead of fading the rest).
    const rms = Math.sqrt(shown.reduce((a, v) => a + v * v, 0) / shown.length);
    assert.equal(h.limit, Math.min(h.maxAbs, 3 * rms));
    // gain · I keeps its full scale: its largest value is within 3 rms only on tiny matrices, and saturates otherwise.
    const identity = Array.from({ length: 100 * 100 }, (_, i) => (i % 101 === 0 ? 2 : 0));
    const hi = extractHeatmap(planHeatmap([100, 100], identity.length, 512), identity);
    assert.equal(hi.maxAbs, 2);
    assert.ok(Math.abs(hi.limit - 3 * Math.sqrt((100 * 4) / 10000)) < 1e-12, String(hi.limit));
  });
});

suite('panel activation propagation', () => {
  const settings: PropagationSettings = {
    open: true,
    depth: 3,
    width: 16,
    batch: 8,
    activation: 'relu',
    input: 'normal',
    compareWith: 'GlorotUniform',
  };

  async function propagate(c: PreviewConfig, s: PropagationSettings): Promise<PropagationResult[]> {
    const results: PropagationResult[] = [];
    await runPropagation(
      { jobId: 1, config: c, settings: s },
      { now: () => 0, pause: () => Promise.resolve(), isCurrent: () => true, emit: (r) => results.push(r) },
    );
    return results;
  }

  test('both stacks report layers 0..depth, then done; layer k uses call k of SeedGenerator(seed); std against numpy', async function () {
    const c = config('HeNormal', { seed: { kind: 'int', value: 42 } });
    const results = await propagate(c, settings);
    const layers = (side: 'a' | 'b') => results.flatMap((r) => (r.kind === 'layer' && r.side === side ? [r.summary] : []));
    assert.deepEqual(
      layers('a').map((l) => l.layer),
      [0, 1, 2, 3],
    );
    assert.deepEqual(
      layers('b').map((l) => l.layer),
      [0, 1, 2, 3],
    );
    assert.equal(results[results.length - 1].kind, 'done');
    // The two sides alternate, so both curves grow together.
    assert.deepEqual(
      results.slice(0, 4).map((r) => (r.kind === 'layer' ? r.side : r.kind)),
      ['a', 'b', 'a', 'b'],
    );
    assert.equal(layers('a')[0].std, layers('b')[0].std, 'the same probe batch');
    for (const l of layers('a')) {
      assert.equal(
        l.counts.reduce((x, y) => x + y, 0),
        settings.batch * settings.width,
      );
    }
    requirePython(this, 'numpy', 'scipy');
    const input = new Float32Array(settings.batch * settings.width);
    fillInputBatch(input, 'normal', 0);
    const kernels = (className: ClassName) => {
      const init = createInitializer(className, { seed: new SeedGenerator({ seed: 42 }) });
      return [0, 1, 2].map((k) => Array.from(sample(init, [16, 16], { dtype: 'float32', callIndex: k }).data));
    };
    const answers = runPanelPython<StatsAnswer[]>('stats_oracle.py', [
      { values: [0], propagation: { width: 16, input: Array.from(input), kernels: kernels('HeNormal'), activation: 'relu' } },
      { values: [0], propagation: { width: 16, input: Array.from(input), kernels: kernels('GlorotUniform'), activation: 'relu' } },
    ]);
    layers('a').forEach((l, i) => close(l.std, answers[0].stds?.[i] ?? NaN, 1e-9, `A layer ${i}`));
    layers('b').forEach((l, i) => close(l.std, answers[1].stds?.[i] ?? NaN, 1e-9, `B layer ${i}`));
  });

  test('an initializer that makes no Dense kernel fails on its side only, with the reason', async () => {
    const results = await propagate(config('HeNormal'), { ...settings, compareWith: 'STFT' });
    const failure = results.find((r) => r.kind === 'failure');
    assert.ok(failure && failure.kind === 'failure');
    assert.equal(failure.side, 'b');
    assert.match(failure.message, /^STFT: ValueError: not enough values to unpack \(expected 3, got 2\)$/);
    assert.equal(results.filter((r) => r.kind === 'layer' && r.side === 'a').length, 4);
    assert.equal(results[results.length - 1].kind, 'done');
  });
});

suite('panel statistics constants', () => {
  test('KOLMOGOROV_95 is scipy.special.kolmogi(0.05)', function () {
    requirePython(this, 'numpy', 'scipy');
    const { kolmogi } = runPanelPython<{ kolmogi: number }>('stats_oracle.py', { kolmogi: 0.05 });
    close(KOLMOGOROV_95, kolmogi, 1e-12, 'kolmogi(0.05)');
  });
});
