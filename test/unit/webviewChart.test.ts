import * as assert from 'node:assert/strict';
import {
  chooseBins,
  densities,
  divergingColor,
  flatten,
  formatNumber,
  histogramGeometry,
  linearScale,
  logScale,
  logTicks,
  niceStep,
  niceTicks,
  ordinal,
  parseColor,
  scaleValue,
} from '../../src/webview/chart/scale';
import { histogramLayers } from '../../src/webview/ui/propagationView';
import { formatStat, statistics } from '../../src/webview/ui/statsTable';
import type { DistributionResult } from '../../src/webview/compute/analysis';
import { requirePython } from './pythonRequirement';
import { runPanelPython } from './webviewSupport';

function near(actual: number, expected: number, what: string, tolerance = 1e-9): void {
  assert.ok(Math.abs(actual - expected) <= tolerance, `${what}: ${actual} vs ${expected}`);
}

suite('panel chart mapping', () => {
  test('linear and log scales map the domain onto the pixels (y flipped: larger values higher)', () => {
    const x = linearScale(-1, 1, 50, 250);
    assert.deepEqual([scaleValue(x, -1), scaleValue(x, 0), scaleValue(x, 1), scaleValue(x, 0.5)], [50, 150, 250, 200]);
    const y = linearScale(0, 2, 300, 100);
    assert.deepEqual([scaleValue(y, 0), scaleValue(y, 1), scaleValue(y, 2)], [300, 200, 100]);
    const log = logScale(0.01, 100, 400, 0);
    near(scaleValue(log, 1), 200, 'log 1 is the middle decade');
    near(scaleValue(log, 10), 100, 'log 10');
    assert.ok(Number.isNaN(scaleValue(log, 0)) && Number.isNaN(scaleValue(log, -1)), 'log of non-positive values is no position');
    assert.equal(scaleValue(linearScale(3, 3, 0, 10), 3), 5, 'a degenerate domain maps to the middle');
    assert.throws(() => logScale(0, 1, 0, 1), /positive domain/);
  });

  test('ticks: 1-2-5 steps, decades on a log axis', () => {
    assert.equal(niceStep(0, 1, 5), 0.2);
    assert.equal(niceStep(0, 100, 4), 50);
    // span 0.2296 / 4 = 0.0574 → the next 1-2-5 step is 0.1.
    assert.deepEqual(niceTicks(-0.1148, 0.1148, 4), [-0.1, 0, 0.1]);
    assert.deepEqual(niceTicks(-0.1148, 0.1148, 8), [-0.1, -0.05, 0, 0.05, 0.1]);
    assert.deepEqual(niceTicks(0, 1, 5), [0, 0.2, 0.4, 0.6, 0.8, 1]);
    assert.deepEqual(niceTicks(2, 2, 5), [2]);
    assert.deepEqual(logTicks(0.003, 20), [0.01, 0.1, 1, 10]);
    assert.deepEqual(logTicks(1, 1000), [1, 10, 100, 1000]);
    assert.deepEqual(logTicks(0, 10), []);
  });

  test('density bars are numpy.histogram(density=True), checked with numpy', function () {
    const d = densities([1, 3, 0, 4], 0, 2);
    assert.deepEqual(Array.from(d), [0.25, 0.75, 0, 1]);
    assert.deepEqual(Array.from(densities([0, 0], 0, 1)), [0, 0], 'an empty histogram has zero density, not NaN');
    requirePython(this, 'numpy');
    // Integer data on [0, 7] in 7 bins: numpy's own density for the same counts.
    const values = [0, 1, 1, 2, 2, 2, 5, 6, 6, 7];
    const counts = [1, 2, 3, 0, 0, 1, 3];
    const [answer] = runPanelPython<{ counts: number[]; density: number[] }[]>('stats_oracle.py', [
      { values, histogram: { lo: 0, hi: 7, bins: 7 } },
    ]);
    assert.deepEqual(answer.counts, counts);
    densities(counts, 0, 7).forEach((d, i) => near(d, answer.density[i], `density ${i}`, 1e-15));
  });

  test('histogram geometry: bars, curve and markers in pixels', () => {
    const plot = { x: 10, y: 0, w: 100, h: 100 };
    const g = histogramGeometry({
      counts: [1, 3],
      lo: 0,
      hi: 1,
      pdf: null,
      markers: [
        { x: 0.25, label: 'a' },
        { x: 2, label: 'outside' },
      ],
      plot,
      log: false,
    });
    // densities 0.5 and 1.5; the y axis ends 5% above the tallest.
    assert.equal(g.bars.length, 2);
    near(g.bars[0].x, 10, 'bar 0 x');
    near(g.bars[0].w, 50, 'bar 0 width');
    near(g.bars[0].y, 100 - (0.5 / 1.575) * 100, 'bar 0 top');
    near(g.bars[1].y, 100 - (1.5 / 1.575) * 100, 'bar 1 top');
    near(g.bars[1].y + g.bars[1].h, 100, 'bars stand on the x axis');
    assert.deepEqual(g.markers, [{ px: 35, label: 'a' }]);
    // A density curve above the bars raises the axis to it.
    const withCurve = histogramGeometry({
      counts: [1, 3],
      lo: 0,
      hi: 1,
      pdf: { x: [0, 0.5, 1], y: [0, 3, 0] },
      markers: [],
      plot,
      log: false,
    });
    near(withCurve.y.d1, 3 * 1.05, 'axis top');
    assert.equal(withCurve.curve.length, 1);
    assert.deepEqual(
      withCurve.curve[0].map((p) => p[0]),
      [10, 60, 110],
    );
    near(withCurve.curve[0][1][1], 100 - (3 / 3.15) * 100, 'curve peak');
  });

  test('log histogram: empty bins draw nothing, the curve breaks where the density is 0', () => {
    const plot = { x: 0, y: 0, w: 40, h: 100 };
    const g = histogramGeometry({
      counts: [10, 0, 1, 100],
      lo: 0,
      hi: 4,
      pdf: { x: [0, 1, 2, 3, 4], y: [0.1, 0, 0, 0.2, 0.3] },
      markers: [],
      plot,
      log: true,
    });
    assert.equal(g.bars.length, 3);
    assert.equal(g.y.kind, 'log');
    // The axis starts a decade below the smallest positive bar.
    near(g.y.d0, 1 / 111 / 10, 'log floor');
    assert.equal(g.curve.length, 2, 'two pieces around the zeros');
    for (const tick of g.yTicks) assert.ok(tick.px >= 0 && tick.px <= 100, `tick ${tick.label} at ${tick.px}`);
  });

  test('bin counts fit the width: bars at least 3 px', () => {
    assert.equal(chooseBins(400, [512, 256, 128, 64, 32]), 128);
    assert.equal(chooseBins(2000, [512, 256, 128, 64, 32]), 512);
    assert.equal(chooseBins(50, [512, 256, 128, 64, 32]), 32, 'the smallest when none fits');
  });

  test('colours: theme variables parse (#rgb … rgba()), alpha flattens on the background, the diverging scale', () => {
    assert.deepEqual(parseColor('#3794ff'), { r: 0x37, g: 0x94, b: 0xff, a: 1 });
    assert.deepEqual(parseColor('#fff'), { r: 255, g: 255, b: 255, a: 1 });
    assert.deepEqual(parseColor('#00000080'), { r: 0, g: 0, b: 0, a: 128 / 255 });
    assert.deepEqual(parseColor(' rgba(10, 20, 30, 0.5) '), { r: 10, g: 20, b: 30, a: 0.5 });
    assert.deepEqual(parseColor('rgb(1 2 3 / 50%)'), { r: 1, g: 2, b: 3, a: 0.5 });
    for (const bad of ['', 'blue', '#12', 'rgb(a, b, c)', 'var(--x)']) assert.equal(parseColor(bad), undefined, bad);
    assert.deepEqual(flatten({ r: 255, g: 0, b: 0, a: 0.5 }, { r: 0, g: 0, b: 255, a: 1 }), { r: 128, g: 0, b: 128, a: 1 });
    const neg = { r: 0, g: 0, b: 255, a: 1 };
    const mid = { r: 100, g: 100, b: 100, a: 1 };
    const pos = { r: 255, g: 0, b: 0, a: 1 };
    const out = new Uint8ClampedArray(4 * 6);
    [-2, -1, 0, 0.5, 1, NaN].forEach((v, i) => divergingColor(v, 1, neg, mid, pos, out, i * 4));
    assert.deepEqual(
      Array.from(out),
      [0, 0, 255, 255, 0, 0, 255, 255, 100, 100, 100, 255, 178, 50, 50, 255, 255, 0, 0, 255, 100, 100, 100, 255],
    );
    const zero = new Uint8ClampedArray(4);
    divergingColor(5, 0, neg, mid, pos, zero, 0);
    assert.deepEqual(Array.from(zero), [100, 100, 100, 255], 'a zero limit (all zeros) is the middle colour');
  });

  test('labels: 4 significant digits, true minus signs, exponents for tiny values; ordinals', () => {
    assert.equal(formatNumber(0.050507627), '0.05051');
    assert.equal(formatNumber(-0.1148), '−0.1148');
    assert.equal(formatNumber(-8.52e-6), '−8.52e−6');
    assert.equal(formatNumber(0), '0');
    assert.equal(formatNumber(200704), '2.007e5');
    assert.equal(formatNumber(1e-7), '1e−7');
    assert.equal(formatNumber(NaN), 'NaN');
    assert.deepEqual([1, 2, 3, 4, 11, 12, 13, 16, 21, 22, 101, 111].map(ordinal), [
      '1st',
      '2nd',
      '3rd',
      '4th',
      '11th',
      '12th',
      '13th',
      '16th',
      '21st',
      '22nd',
      '101st',
      '111th',
    ]);
  });

  test('the statistics table: counts grouped, null as a dash; expected KS is the 95% value', () => {
    assert.equal(formatStat('n', 200704), '200,704');
    assert.equal(formatStat('fanIn', 784), '784');
    assert.equal(formatStat('std', 0.05050762722761053), '0.05051');
    assert.equal(formatStat('max', null), '—');
    const distribution = {
      n: 100,
      total: 1000,
      moments: { mean: 0.01, std: 0.05, min: -0.1, max: NaN, nanCount: 0, infCount: 0 },
      expected: { mean: 0, std: 0.05, min: -0.1, max: 0.1, fanIn: 10, fanOut: 100 },
    } as unknown as DistributionResult;
    const s = statistics(distribution, {
      kind: 'details',
      jobId: 1,
      ks: { statistic: 0.02, upperBound: 0.03, critical95: 0.1358, bins: 65536 },
      heatmap: null,
      orthogonality: null,
      computeMs: 0,
    });
    assert.deepEqual(s.expected, { mean: 0, std: 0.05, min: -0.1, max: 0.1, fanIn: 10, fanOut: 100, n: 1000, ks: 0.1358 });
    assert.deepEqual(s.sampled, { mean: 0.01, std: 0.05, min: -0.1, max: null, fanIn: 10, fanOut: 100, n: 100, ks: 0.02 });
    assert.equal(s.ksUpperBound, 0.03);
  });

  test('propagation histograms: the input, the last layer and evenly spaced ones between', () => {
    assert.deepEqual(histogramLayers(3), [0, 1, 2, 3]);
    assert.deepEqual(histogramLayers(10), [0, 2, 4, 6, 8, 10]);
    assert.deepEqual(histogramLayers(50), [0, 10, 20, 30, 40, 50]);
    assert.deepEqual(histogramLayers(7), [0, 1, 3, 4, 6, 7]);
  });
});
