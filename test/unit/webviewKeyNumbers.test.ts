import * as assert from 'node:assert/strict';
import type { StatisticsSnapshot } from '../../src/protocol/messages';
import { defaultArgs, defaultConfig } from '../../src/protocol/previewConfig';
import { argumentsSummary } from '../../src/webview/pythonCode';
import { keyNumbers } from '../../src/webview/ui/keyNumbers';
import { EMPTY_ROW } from '../../src/webview/ui/statsTable';

function stats(expected: Partial<typeof EMPTY_ROW>, sampled: Partial<typeof EMPTY_ROW>): StatisticsSnapshot {
  return { expected: { ...EMPTY_ROW, ...expected }, sampled: { ...EMPTY_ROW, ...sampled }, ksUpperBound: null };
}

suite('key numbers above the histogram', () => {
  test('nothing computed: dashes', () => {
    assert.deepEqual(
      keyNumbers(null).map((k) => [k.key, k.text, k.value]),
      [
        ['std', '—', null],
        ['bounds', '—', null],
        ['ks', '—', null],
      ],
    );
  });

  test('a truncated normal: the law’s std and symmetric bounds, the sampled ones beside, KS under its threshold', () => {
    const [std, bounds, ks] = keyNumbers(
      stats({ std: 0.05051, min: -0.1142, max: 0.1142, ks: 0.003 }, { std: 0.0505, min: -0.1141, max: 0.1142, ks: 0.0011 }),
    );
    assert.deepEqual([std.label, std.text, std.note, std.value], ['std', '0.05051', 'sampled 0.0505', 0.05051]);
    assert.deepEqual([bounds.label, bounds.text, bounds.note], ['bounds', '±0.1142', 'sampled [−0.1141, 0.1142]']);
    assert.deepEqual([ks.text, ks.note, ks.warning, ks.value], ['0.0011', 'under 0.003 (95%)', false, 0.0011]);
  });

  test('an unbounded law shows the sampled range; a KS distance over its threshold is a warning', () => {
    const [, bounds, ks] = keyNumbers(stats({ std: 1, ks: 0.003 }, { std: 1, min: -4.5, max: 4.25, ks: 0.02 }));
    assert.deepEqual([bounds.label, bounds.text, bounds.value], ['range', '[−4.5, 4.25]', 4.25]);
    assert.deepEqual([ks.note, ks.warning], ['over 0.003 (95%)', true]);
  });

  test('KS: computing while the details are pending, else no law to test (constants, int32)', () => {
    const s = stats({ std: 0, min: 1, max: 1 }, { std: 0, min: 1, max: 1 });
    assert.equal(keyNumbers(s, true)[2].note, 'computing…');
    assert.equal(keyNumbers(s)[2].note, 'no continuous law to test');
    assert.equal(keyNumbers(s)[1].text, '[1, 1]');
  });
});

suite('arguments summary', () => {
  test('every argument but the seed, in Keras’s order, as Python', () => {
    assert.equal(
      argumentsSummary({ ...defaultConfig(), className: 'VarianceScaling', args: { ...defaultArgs('VarianceScaling'), scale: 2 } }),
      'scale=2.0, mode="fan_in", distribution="truncated_normal", input_axes=None, output_axes=None',
    );
    assert.equal(argumentsSummary({ ...defaultConfig(), className: 'Zeros', args: {} }), '');
  });
});
