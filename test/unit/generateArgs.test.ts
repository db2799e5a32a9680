/**
 * The generate command's argument (what hover links, the preview panel and programs pass) and the
 * editor prefill, in plain Node: every field checked with a message naming it, the forms other
 * parts of the extension send accepted as they send them.
 */
import * as assert from 'node:assert/strict';
import { serialize, initializerFromText } from '../../src/core';
import { GenerateArgumentError, formatForTarget, parseGenerateArgument, suggestionAt } from '../../src/extension/generateArgs';

suite('generate command argument', () => {
  test('no argument: everything is asked', () => {
    assert.deepEqual(parseGenerateArgument(undefined), { compress: false, overwrite: false });
  });

  test('a full tensor request with a target', () => {
    const r = parseGenerateArgument({
      initializer: 'HeNormal(seed=0)',
      shape: [784, 256],
      dtype: 'float16',
      format: 'npz',
      compress: true,
      target: 'file:///tmp/w.npz',
      overwrite: true,
    });
    assert.equal(r.initializer?.className, 'HeNormal');
    assert.equal(r.initializer?.resolvedSeed, 0);
    assert.deepEqual(r.shape, [784, 256]);
    assert.deepEqual([r.dtype, r.format, r.compress, r.target, r.overwrite], ['float16', 'npz', true, 'file:///tmp/w.npz', true]);
  });

  test("a hover link's argument: the serialized initializer and the shape the layer makes known", () => {
    const initializer = serialize(initializerFromText('GlorotUniform'));
    const args = JSON.parse(JSON.stringify([{ initializer, shape: [784, 256] }])) as unknown[];
    const r = parseGenerateArgument(args[0]);
    assert.equal(r.initializer?.className, 'GlorotUniform');
    // Keras's config says seed None: the command asks for one (or draws it).
    assert.equal(r.initializer?.config.seed, null);
    assert.deepEqual(r.shape, [784, 256]);
  });

  test("the preview panel's argument: initializer, shape, seed, dtype", () => {
    const initializer = serialize(initializerFromText("VarianceScaling(scale=2.0, mode='fan_out', seed=7)"));
    const r = parseGenerateArgument({ initializer, shape: [3, 3, 64, 128], seed: 7, dtype: 'float32' });
    assert.equal(r.initializer?.className, 'VarianceScaling');
    assert.equal(r.seed, 7);
  });

  test('a layer request', () => {
    const r = parseGenerateArgument({ layer: { className: 'lstm', args: { units: 4, input_dim: 3 } }, seed: 5 });
    assert.deepEqual(r.layer, { className: 'LSTM', args: { units: 4, input_dim: 3 } });
    assert.equal(r.seed, 5);
  });

  const refused: [string, unknown, string][] = [
    ['not an object', 42, 'The argument must be an object such as { initializer, shape, seed, dtype, format }; received 42.'],
    [
      'unknown field',
      { initializer: 'zeros', shap: [3] },
      'Unknown field `shap`; the argument takes initializer, shape, shapeSource, seed, callIndex, dtype, format, compress, layer, target, overwrite.',
    ],
    ['unknown initializer', { initializer: 'glorot' }, '`initializer`: Could not interpret initializer identifier: glorot'],
    [
      'zero dimension',
      { shape: [3, 0] },
      "`shape`: dimension 2 ('0') is zero; every dimension must be a positive integer (a weight file needs at least one value per axis).",
    ],
    [
      'fractional dimension',
      { shape: '2.5x3' },
      "`shape`: dimension 1 ('2.5') is not an integer; every dimension must be a positive integer.",
    ],
    ['negative seed', { seed: -1 }, '`seed` must be an integer in [0, 4294967295]; received -1.'],
    ['seed of a constant', { initializer: 'zeros', seed: 3 }, '`seed`: Zeros is not random, so it takes no seed.'],
    ['bad dtype', { dtype: 'bfloat16' }, '`dtype` must be one of float32, float16, float64; received "bfloat16".'],
    ['bad format', { format: 'h5' }, '`format` must be one of npy, npz, safetensors, json, csv; received "h5".'],
    [
      'layer and initializer',
      { layer: { className: 'Dense' }, initializer: 'zeros' },
      'Give either `layer` or `initializer` and `shape`, not both.',
    ],
    [
      'unknown layer',
      { layer: { className: 'Attention' } },
      "`layer.className` 'Attention' is not one of Dense, Conv1D, Conv2D, Conv3D, DepthwiseConv2D, Embedding, LSTM, GRU, BatchNormalization.",
    ],
    ['overwrite not a boolean', { overwrite: 'yes' }, '`overwrite` must be true or false; received "yes".'],
  ];
  for (const [label, arg, message] of refused) {
    test(`refused: ${label}`, () => {
      assert.throws(
        () => parseGenerateArgument(arg),
        (e: Error) => e instanceof GenerateArgumentError && e.message === message,
      );
    });
  }

  test('the target name and the format must agree', () => {
    assert.equal(formatForTarget('w.safetensors', undefined, 'npy'), 'safetensors');
    assert.equal(formatForTarget('weights', undefined, 'npz'), 'npz');
    assert.equal(formatForTarget('weights.bin', 'npy', 'npz'), 'npy');
    assert.throws(() => formatForTarget('w.npy', 'csv', 'npy'), /The file name w\.npy ends in \.npy but the format is csv/);
  });
});

suite('prefill from the initializer under the cursor', () => {
  test('a seeded call in a Dense layer with a known input size: initializer and kernel shape', () => {
    const text = 'import keras\nlayer = keras.layers.Dense(256, input_dim=784, kernel_initializer=keras.initializers.HeNormal(seed=42))\n';
    const s = suggestionAt(text, text.indexOf('HeNormal') + 2);
    assert.ok(s);
    assert.equal(s.label, 'HeNormal(seed=42)');
    assert.equal(s.initializer.resolvedSeed, 42);
    assert.deepEqual(s.shape, [784, 256]);
    assert.equal(s.weight, 'Dense kernel');
  });

  test('a string id in a Conv2D call: the kernel shape from kernel_size, input_shape and filters; no seed yet', () => {
    const text = 'import keras\nlayer = keras.layers.Conv2D(64, (3, 3), kernel_initializer="he_uniform", input_shape=(28, 28, 1))\n';
    const s = suggestionAt(text, text.indexOf('he_uniform') + 3);
    assert.ok(s);
    assert.equal(s.label, 'HeUniform()');
    assert.equal(s.initializer.config.seed, null);
    assert.deepEqual(s.shape, [3, 3, 1, 64]);
  });

  test('a non-literal seed is left out; an unknown shape gives none; invalid or absent initializers give nothing', () => {
    const text =
      'import keras\nx = keras.initializers.Orthogonal(gain=2.0, seed=SEED)\ny = keras.initializers.VarianceScaling(scale=-1)\nz = 3\n';
    const s = suggestionAt(text, text.indexOf('Orthogonal'));
    assert.equal(s?.initializer.config.seed, null);
    assert.equal(s?.shape, undefined);
    assert.equal(suggestionAt(text, text.indexOf('VarianceScaling')), undefined);
    assert.equal(suggestionAt(text, text.indexOf('z = 3')), undefined);
  });
});
