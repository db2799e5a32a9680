/**
 * Partial builds through the layer catalogue: weights of a layer whose input or some arguments are
 * not known, with the dimensions every probe build agrees on.
 */
import * as assert from 'node:assert/strict';
import { layerDefinition, partialBuild, type PartialInput } from '../../src/core/model/layers';
import type { Value } from '../../src/core/model/types';

const UNKNOWN: Value = { kind: 'unknown', reason: 'a name the reader cannot see' };
const int = (value: number): Value => ({ kind: 'int', value });

/** [owner/name, shape, argument] of each weight. */
function weights(
  className: string,
  args: Record<string, Value>,
  input?: PartialInput,
): [string, unknown, string | undefined][] | undefined {
  const definition = layerDefinition(className);
  assert.ok(definition !== undefined, className);
  return partialBuild(definition, args, input)?.map((w) => [[...w.owner, w.name].join('/'), w.shape, w.initializer.argument]);
}

suite('partial layer builds', () => {
  test('Dense without its input: kernel (?, units), bias (units,)', () => {
    assert.deepEqual(weights('Dense', { units: int(256) }), [
      ['kernel', [undefined, 256], 'kernel_initializer'],
      ['bias', [256], 'bias_initializer'],
    ]);
    assert.deepEqual(weights('Dense', { units: int(8) }, { lastAxis: 4 })?.[0]?.[1], [4, 8]);
  });

  test('an argument the reader does not know still leaves the rank known', () => {
    assert.deepEqual(weights('Dense', { units: UNKNOWN })?.[0]?.[1], [undefined, undefined]);
    assert.deepEqual(weights('Conv2D', { filters: int(4), kernel_size: UNKNOWN, padding: UNKNOWN })?.[0]?.[1], [
      undefined,
      undefined,
      undefined,
      4,
    ]);
  });

  test('a weight whose rank hangs on an unknown argument has its rank unknown', () => {
    assert.deepEqual(weights('GRU', { units: int(32), reset_after: UNKNOWN })?.[2], ['cell/bias', undefined, 'bias_initializer']);
    assert.deepEqual(weights('GRU', { units: int(32) })?.[2], ['cell/bias', [2, 96], 'bias_initializer']);
  });

  test('channels_first on a known input, groups on an unknown one', () => {
    const args = { filters: int(8), kernel_size: int(3), data_format: { kind: 'str', value: 'channels_first' } } as const;
    assert.deepEqual(weights('Conv2D', args, { shape: [null, 3, 32, 32] })?.[0]?.[1], [3, 3, 3, 8]);
    assert.deepEqual(weights('Conv2D', { filters: int(8), kernel_size: int(3), groups: int(2) })?.[0]?.[1], [3, 3, undefined, 8]);
    assert.deepEqual(weights('GroupNormalization', {})?.[0], ['gamma', [undefined], 'gamma_initializer']);
  });

  test('layers whose weights depend on the input rank: PReLU alpha', () => {
    assert.deepEqual(weights('PReLU', {})?.[0], ['alpha', undefined, 'alpha_initializer']);
    assert.deepEqual(weights('PReLU', {}, { shape: [null, undefined, undefined, 3] })?.[0]?.[1], [undefined, undefined, 3]);
  });

  test('MultiHeadAttention: every projection kernel with its known head dims', () => {
    const all = weights('MultiHeadAttention', { num_heads: int(4), key_dim: int(16) });
    assert.deepEqual(all?.[0], ['query_dense/kernel', [undefined, 4, 16], 'kernel_initializer']);
    assert.deepEqual(all?.[6], ['output_dense/kernel', [4, 16, undefined], 'kernel_initializer']);
  });

  test('layers without weights build to an empty list; unbuildable ones to undefined', () => {
    assert.deepEqual(weights('Dropout', { rate: { kind: 'float', value: 0.5 } }), []);
    assert.equal(weights('Dense', { units: int(0) }), undefined);
  });
});
