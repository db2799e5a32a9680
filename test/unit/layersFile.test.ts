/**
 * Weight-file plans: the chunked output equals the one-pass bytes (`encode` of `sample`) for every
 * format and chunk size; every check happens before a byte is produced; default names; and the
 * loading snippets, run by python3 with numpy, load the arrays that were written.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  CoreError,
  defaultLayerFileName,
  defaultTensorFileName,
  encode,
  getInitializer,
  initializerFromText,
  layerWeights,
  loadingSnippet,
  planLayerFile,
  planTensorFile,
  pythonPath,
  sample,
  serialize,
  type TensorInput,
  type WeightFormat,
} from '../../src/core';
import { sha256, tempDir } from './cliSupport';
import { runPython } from './ioSupport';
import { requirePython } from './pythonRequirement';

function concat(pieces: Iterable<Uint8Array>): Uint8Array {
  return new Uint8Array(Buffer.concat([...pieces]));
}

const FORMATS: readonly WeightFormat[] = ['npy', 'npz', 'safetensors', 'json', 'csv'];

suite('weight-file plans: chunked bytes equal the one-pass bytes', () => {
  const inits = [
    'HeNormal(seed=3)',
    'RandomUniform(minval=-2.0, maxval=1.0, seed=8)',
    'TruncatedNormal(seed=1)',
    'Orthogonal(seed=2)',
    'Identity(gain=3.0)',
  ];
  for (const text of inits) {
    test(`${text}, shape (37, 23): every format, chunks of 1, 5, 64 and 100000 values`, () => {
      const shape = [37, 23];
      for (const dtype of ['float32', 'float16', 'float64']) {
        if (text.startsWith('Orthogonal') && dtype === 'float16') continue; // numpy's linalg refuses float16 (tested below)
        const init = initializerFromText(text);
        const tensor = sample(init, shape, { dtype });
        const input: TensorInput = { name: 'arr_0', shape: tensor.shape, dtype: tensor.dtype as 'float32', data: tensor.data };
        const metadata = { initializer: serialize(init) as never, seed: init.resolvedSeed ?? null, extra: {} };
        for (const format of FORMATS) {
          const onePass = encode(format, [input], { metadata });
          for (const chunk of [1, 5, 64, 100000]) {
            const plan = planTensorFile({ initializer: initializerFromText(text), shape, dtype, format });
            const bytes = concat(plan.pieces(chunk));
            assert.equal(sha256(bytes), sha256(onePass), `${format} ${dtype} chunk ${chunk}`);
            assert.equal(plan.valuesDone, 37 * 23);
            if (plan.byteLength !== undefined) assert.equal(bytes.length, plan.byteLength);
          }
        }
      }
    });
  }

  test('compressed .npz: chunked equals one pass', () => {
    const init = getInitializer({ class_name: 'GlorotNormal', config: { seed: 4 } });
    const tensor = sample(init, [64, 33]);
    const onePass = encode('npz', [{ name: 'arr_0', shape: [64, 33], dtype: 'float32', data: tensor.data }], {
      compress: true,
      metadata: { initializer: serialize(init) as never, seed: 4, extra: {} },
    });
    for (const chunk of [3, 1000, 1 << 20]) {
      const plan = planTensorFile({
        initializer: getInitializer({ class_name: 'GlorotNormal', config: { seed: 4 } }),
        shape: [64, 33],
        format: 'npz',
        compress: true,
      });
      assert.deepEqual(concat(plan.pieces(chunk)), onePass, `chunk ${chunk}`);
    }
  });

  test('a layer file: chunked equals one pass of the sampled variables', () => {
    const args = { units: 7, input_dim: 5 };
    for (const format of ['npz', 'safetensors'] as const) {
      const onceLayer = layerWeights('LSTM', args, { seed: 9 });
      const once = planLayerFile({ layer: onceLayer, format });
      const oneChunk = concat(once.pieces(1 << 20));
      const chunked = concat(planLayerFile({ layer: layerWeights('LSTM', args, { seed: 9 }), format }).pieces(2));
      assert.deepEqual(chunked, oneChunk, format);
      // And the same bytes as encoding each variable's concatenated parts at once.
      const inputs: TensorInput[] = onceLayer.variables.map((v) => {
        const parts = v.parts.map((p) => sample(p.initializer, p.shape, { callIndex: p.callIndex }).data as Float32Array);
        const data = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
        let at = 0;
        for (const p of parts) {
          data.set(p, at);
          at += p.length;
        }
        return {
          name: v.name,
          shape: v.shape,
          dtype: 'float32',
          data,
          initializer: serialize(v.initializer) as never,
          seed: v.initializer.resolvedSeed ?? null,
        };
      });
      assert.deepEqual(encode(format, inputs, { metadata: once.metadata }), oneChunk, format);
    }
  });

  test('a plan is read once', () => {
    const plan = planTensorFile({ initializer: initializerFromText('zeros'), shape: [2], format: 'npy' });
    for (const piece of plan.pieces()) assert.ok(piece instanceof Uint8Array);
    assert.throws(() => [...plan.pieces()], /can be read once/);
  });
});

suite('weight-file plans: every check before the first byte', () => {
  const bad: [string, () => unknown, RegExp][] = [
    [
      'Identity on rank 3',
      () => planTensorFile({ initializer: initializerFromText('Identity'), shape: [2, 2, 2], format: 'npy' }),
      /Identity matrix initializer can only be used for 2D matrices/,
    ],
    [
      'Orthogonal in float16',
      () => planTensorFile({ initializer: initializerFromText('Orthogonal(seed=1)'), shape: [3, 3], dtype: 'float16', format: 'npy' }),
      /array type float16 is unsupported in linalg/,
    ],
    [
      'bad dtype',
      () => planTensorFile({ initializer: initializerFromText('zeros'), shape: [2], dtype: 'int8', format: 'npy' }),
      /Unsupported dtype 'int8'; weight files are written as float32, float16, float64/,
    ],
    [
      'bad format',
      () => planTensorFile({ initializer: initializerFromText('zeros'), shape: [2], format: 'h5' as WeightFormat }),
      /Unknown format 'h5'; supported: npy, npz, safetensors, json, csv/,
    ],
    [
      'compress outside npz',
      () => planTensorFile({ initializer: initializerFromText('zeros'), shape: [2], format: 'npy', compress: true }),
      /Compression applies to \.npz only/,
    ],
    [
      'text format too large',
      () => planTensorFile({ initializer: initializerFromText('zeros'), shape: [8000, 8000], format: 'json' }),
      /\.json holds at most 50000000 values/,
    ],
    [
      'layer into .npy',
      () => planLayerFile({ layer: layerWeights('Dense', { units: 2, input_dim: 2 }, { seed: 1 }), format: 'npy' }),
      /go into one \.npz or \.safetensors file/,
    ],
    [
      'too many values',
      () => planTensorFile({ initializer: initializerFromText('zeros'), shape: [2 ** 30, 2 ** 30, 2 ** 30], format: 'npy' }),
      /more than the 9007199254740991/,
    ],
  ];
  for (const [label, run, message] of bad) {
    test(label, () => assert.throws(run, (e: CoreError) => e instanceof CoreError && message.test(e.message)));
  }
});

suite('default names and loading snippets', () => {
  test('names say initializer, shape, seed, call and dtype', () => {
    const he = initializerFromText('HeNormal(seed=42)');
    assert.equal(defaultTensorFileName({ initializer: he, shape: [784, 256], format: 'npy' }), 'he_normal_784x256_seed42.npy');
    assert.equal(
      defaultTensorFileName({ initializer: he, shape: [3, 3, 64, 128], format: 'safetensors', dtype: 'float16' }),
      'he_normal_3x3x64x128_seed42_float16.safetensors',
    );
    assert.equal(defaultTensorFileName({ initializer: initializerFromText('zeros'), shape: [10], format: 'csv' }), 'zeros_10.csv');
    const gen = initializerFromText(
      '{"class_name": "RandomNormal", "config": {"seed": {"module": "keras.random", "class_name": "SeedGenerator", "config": {"seed": 5, "name": "g"}, "registered_name": null}}}',
    );
    assert.equal(defaultTensorFileName({ initializer: gen, shape: [4], format: 'npz', callIndex: 3 }), 'random_normal_4_seed5_call3.npz');
    assert.equal(defaultLayerFileName(layerWeights('BatchNormalization', { input_dim: 8 }), 'npz'), 'batch_normalization_8.npz');
    assert.equal(
      defaultLayerFileName(layerWeights('Conv2D', { filters: 16, kernel_size: 3, input_channels: 3 }, { seed: 7 }), 'safetensors'),
      'conv2d_3x3x3x16_seed7.safetensors',
    );
  });

  test('Windows paths become raw strings', () => {
    assert.equal(pythonPath('C:\\models\\w.npy'), 'r"C:\\models\\w.npy"');
    assert.equal(pythonPath('/tmp/w.npy'), '"/tmp/w.npy"');
  });

  test('python3 runs each snippet and loads exactly the written arrays', function () {
    requirePython(this, 'numpy');
    const dir = tempDir('snippets');
    try {
      const init = initializerFromText('GlorotUniform(seed=5)');
      const expected = sha256(new Uint8Array(sample(init, [6, 4]).data.buffer));
      for (const format of FORMATS) {
        const plan = planTensorFile({ initializer: init, shape: [6, 4], format });
        const file = path.join(dir, `w.${format}`);
        fs.writeFileSync(file, concat(plan.pieces()));
        if (format === 'safetensors') continue; // the safetensors package is not a test dependency; the layer case below reads the same header
        const code = `${loadingSnippet({ path: file, format, tensors: plan.tensors })}\nimport hashlib\nprint(weights.shape, weights.dtype, hashlib.sha256(weights.astype("<f4").tobytes()).hexdigest())\n`;
        assert.equal(runPython(['-c', code]).trim(), `(6, 4) float32 ${expected}`, format);
      }
      const layer = layerWeights('Dense', { units: 3, input_dim: 2 }, { seed: 1 });
      const plan = planLayerFile({ layer, format: 'npz' });
      const file = path.join(dir, 'dense.npz');
      fs.writeFileSync(file, concat(plan.pieces()));
      const snippet = loadingSnippet({ path: file, format: 'npz', tensors: plan.tensors, layer });
      assert.match(snippet, /^import keras\n/);
      assert.match(snippet, /layer = keras\.layers\.Dense\(3\)\nlayer\.build\(\(None, 2\)\)\nlayer\.set_weights\(arrays\)/);
      // Keras is not a test dependency: a stand-in module records what the snippet asks of the layer.
      fs.mkdirSync(path.join(dir, 'keras'));
      fs.writeFileSync(path.join(dir, 'keras', '__init__.py'), 'from . import layers\n');
      fs.writeFileSync(
        path.join(dir, 'keras', 'layers.py'),
        [
          'class Dense:',
          '    def __init__(self, *args, **kwargs): self.args = args',
          '    def build(self, input_shape=None): self.input_shape = input_shape',
          '    def set_weights(self, arrays): print(self.args, self.input_shape, [(a.shape, str(a.dtype)) for a in arrays])',
          '',
        ].join('\n'),
      );
      const out = runPython(['-c', `import sys; sys.path.insert(0, ${JSON.stringify(dir)})\n${snippet}`]).trim();
      assert.equal(out, "(3,) (None, 2) [((2, 3), 'float32'), ((3,), 'float32')]");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
