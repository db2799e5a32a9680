/**
 * Layer variable specs against Keras 3.16's layer sources (keras/src/layers/...: names, shapes,
 * order, default initializers, the LSTM unit-forget bias, Keras's argument errors), the seed rule,
 * and the layer files' values against the Keras reference vectors.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  CoreError,
  LAYER_CLASSES,
  LAYER_SEED_RULE,
  layerBuildCode,
  layerWeights,
  planLayerFile,
  sample,
  type LayerWeights,
} from '../../src/core';
import { readWithNumpy, referenceCase, sha256, tempDir } from './cliSupport';
import { requirePython } from './pythonRequirement';

/** name, shape, trainable, initializer class and config (seed left out) of each variable. */
function summary(w: LayerWeights): [string, number[], boolean, string, Record<string, unknown>][] {
  return w.variables.map((v) => {
    const { seed: _seed, ...config } = v.initializer.getConfig();
    return [v.name, [...v.shape], v.trainable, v.initializer.className, config];
  });
}

const GLOROT = ['GlorotUniform', { input_axes: null, output_axes: null }] as const;
const ZEROS = ['Zeros', {}] as const;
const ONES = ['Ones', {}] as const;
const ORTHOGONAL = ['Orthogonal', { gain: 1.0 }] as const;

function bytesOf(data: Float32Array | Float64Array | Uint16Array | Int32Array): Uint8Array {
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

suite('layer variables as Keras 3 builds them', () => {
  test('Dense(256) on 784 inputs: kernel (784, 256) glorot_uniform, bias (256,) zeros', () => {
    assert.deepEqual(summary(layerWeights('Dense', { units: 256, input_dim: 784 }, { seed: 1 })), [
      ['kernel', [784, 256], true, ...GLOROT],
      ['bias', [256], true, ...ZEROS],
    ]);
    assert.deepEqual(
      summary(layerWeights('Dense', { units: 4, input_dim: 3, use_bias: false }, { seed: 1 })).map((v) => v[0]),
      ['kernel'],
    );
  });

  test('Conv1D/2D/3D: kernel kernel_size + (input_channels // groups, filters), bias (filters,)', () => {
    assert.deepEqual(summary(layerWeights('Conv2D', { filters: 16, kernel_size: 3, input_channels: 3 }, { seed: 1 })), [
      ['kernel', [3, 3, 3, 16], true, ...GLOROT],
      ['bias', [16], true, ...ZEROS],
    ]);
    assert.deepEqual(layerWeights('Conv1D', { filters: 8, kernel_size: 5, input_channels: 4 }, { seed: 1 }).variables[0].shape, [5, 4, 8]);
    assert.deepEqual(
      layerWeights('Conv3D', { filters: 2, kernel_size: [1, 2, 3], input_channels: 4 }, { seed: 1 }).variables[0].shape,
      [1, 2, 3, 4, 2],
    );
    assert.deepEqual(
      layerWeights('Conv2D', { filters: 6, kernel_size: [3, 1], input_channels: 4, groups: 2 }, { seed: 1 }).variables[0].shape,
      [3, 1, 2, 6],
    );
  });

  test('DepthwiseConv2D: kernel kernel_size + (input_channels, depth_multiplier), bias (depth_multiplier * input_channels,)', () => {
    assert.deepEqual(summary(layerWeights('DepthwiseConv2D', { kernel_size: 3, input_channels: 8, depth_multiplier: 2 }, { seed: 1 })), [
      ['kernel', [3, 3, 8, 2], true, ...GLOROT],
      ['bias', [16], true, ...ZEROS],
    ]);
    assert.equal(layerWeights('DepthwiseConv2D', { kernel_size: 3, input_channels: 8 }).args.depth_multiplier, 1);
  });

  test('Embedding: embeddings (input_dim, output_dim) with "uniform" = RandomUniform(-0.05, 0.05)', () => {
    assert.deepEqual(summary(layerWeights('Embedding', { input_dim: 1000, output_dim: 64 }, { seed: 1 })), [
      ['embeddings', [1000, 64], true, 'RandomUniform', { minval: -0.05, maxval: 0.05 }],
    ]);
  });

  test('LSTM: kernel (input_dim, 4u) glorot_uniform, recurrent_kernel (u, 4u) orthogonal, bias (4u,) with unit_forget_bias', () => {
    const w = layerWeights('LSTM', { units: 64, input_dim: 32 }, { seed: 1 });
    assert.deepEqual(summary(w), [
      ['kernel', [32, 256], true, ...GLOROT],
      ['recurrent_kernel', [64, 256], true, ...ORTHOGONAL],
      ['bias', [256], true, ...ZEROS],
    ]);
    // concat(bias_initializer((units,)), ones((units,)), bias_initializer((units * 2,)))
    assert.deepEqual(
      w.variables[2].parts.map((p) => [p.initializer.className, [...p.shape], p.callIndex]),
      [
        ['Zeros', [64], 0],
        ['Ones', [64], 0],
        ['Zeros', [128], 1],
      ],
    );
    assert.equal(layerWeights('LSTM', { units: 4, input_dim: 3, unit_forget_bias: false }).variables[2].parts.length, 1);
  });

  test('GRU: kernel (input_dim, 3u), recurrent_kernel (u, 3u), bias (2, 3u) with reset_after=True, (3u,) without', () => {
    assert.deepEqual(summary(layerWeights('GRU', { units: 10, input_dim: 5 }, { seed: 1 })), [
      ['kernel', [5, 30], true, ...GLOROT],
      ['recurrent_kernel', [10, 30], true, ...ORTHOGONAL],
      ['bias', [2, 30], true, ...ZEROS],
    ]);
    assert.deepEqual(layerWeights('GRU', { units: 10, input_dim: 5, reset_after: false }).variables[2].shape, [30]);
  });

  test('BatchNormalization: gamma ones, beta zeros (trainable), moving_mean zeros, moving_variance ones (not trainable)', () => {
    assert.deepEqual(summary(layerWeights('BatchNormalization', { input_dim: 12 })), [
      ['gamma', [12], true, ...ONES],
      ['beta', [12], true, ...ZEROS],
      ['moving_mean', [12], false, ...ZEROS],
      ['moving_variance', [12], false, ...ONES],
    ]);
    const names = layerWeights('BatchNormalization', { input_dim: 12, center: false, scale: false }).variables.map((v) => v.name);
    assert.deepEqual(names, ['moving_mean', 'moving_variance']);
  });

  test('layer names are matched case-insensitively; unknown layers list the supported ones', () => {
    assert.equal(layerWeights('conv2d', { filters: 1, kernel_size: 1, input_channels: 1 }, { seed: 1 }).className, 'Conv2D');
    assert.equal(layerWeights('batch_normalization', { input_dim: 2 }).className, 'BatchNormalization');
    assert.throws(
      () => layerWeights('Attention', {}),
      (e: CoreError) => e.message === `Unknown layer 'Attention'; supported: ${LAYER_CLASSES.join(', ')}.`,
    );
  });
});

suite("layer arguments: Keras's own errors", () => {
  const cases: [string, Record<string, unknown>, string][] = [
    ['Dense', { units: 0, input_dim: 3 }, 'Received an invalid value for `units`, expected a positive integer. Received: units=0'],
    ['LSTM', { units: -1, input_dim: 3 }, 'Received an invalid value for argument `units`, expected a positive integer, got -1.'],
    [
      'Conv2D',
      { filters: 0, kernel_size: 3, input_channels: 3 },
      'Invalid value for argument `filters`. Expected a strictly positive value. Received filters=0.',
    ],
    [
      'Conv2D',
      { filters: 4, kernel_size: 0, input_channels: 3 },
      'The `kernel_size` argument must be a tuple of 2 integers. Received kernel_size=0, including values {0} that do not satisfy `value > 0`',
    ],
    [
      'Conv2D',
      { filters: 4, kernel_size: [3, 3, 3], input_channels: 3 },
      'The `kernel_size` argument must be a tuple of 2 integers. Received kernel_size=(3, 3, 3)',
    ],
    [
      'Conv2D',
      { filters: 5, kernel_size: 3, input_channels: 4, groups: 2 },
      'The number of filters must be evenly divisible by the number of groups. Received: groups=2, filters=5.',
    ],
    // Keras 3 BaseConv.build ends the message with the input shape: "... {input_channel} channels
    // (full input shape is {input_shape})." (as the real-Keras layer fixtures record it).
    [
      'Conv2D',
      { filters: 4, kernel_size: 3, input_channels: 3, groups: 2 },
      'The number of input channels must be evenly divisible by the number of groups. Received groups=2, but the input has 3 channels (full input shape is (None, None, None, 3)).',
    ],
    [
      'DepthwiseConv2D',
      { kernel_size: 3, input_channels: 3, depth_multiplier: 0 },
      'Invalid value for argument `depth_multiplier`. Expected a strictly positive value. Received depth_multiplier=0.',
    ],
    ['Embedding', { input_dim: 0, output_dim: 3 }, '`input_dim` must be a positive integer. Received: input_dim=0 (of type int).'],
    ['Dense', { units: 3 }, 'Dense needs `input_dim`: Features of the input (its last axis).'],
    [
      'Dense',
      { units: 3, input_dim: 2, filters: 4 },
      "Dense() got an unexpected keyword argument 'filters' (Dense takes units, input_dim, use_bias, kernel_initializer, bias_initializer)",
    ],
    ['Dense', { units: 2.5, input_dim: 2 }, '`units` must be an integer. Received: units=2.5 (of type float)'],
    ['Dense', { units: 2, input_dim: 2, use_bias: 'yes' }, "`use_bias` must be True or False. Received: use_bias='yes' (of type str)"],
  ];
  for (const [layer, args, message] of cases) {
    test(`${layer}(${JSON.stringify(args)})`, () => {
      assert.throws(
        () => layerWeights(layer, args, { seed: 1 }),
        (e: CoreError) => {
          assert.equal(e.message, message);
          return true;
        },
      );
    });
  }

  test('an initializer that does not fit the variable fails when the file is planned, naming the variable', () => {
    const w = layerWeights('Conv2D', { filters: 2, kernel_size: 3, input_channels: 3, kernel_initializer: 'identity' }, { seed: 1 });
    assert.throws(
      () => planLayerFile({ layer: w, format: 'npz' }),
      (e: CoreError) =>
        e.message ===
        'kernel (shape (3, 3, 3, 2)): Identity matrix initializer can only be used for 2D matrices. Received: shape=(3, 3, 3, 2) of rank 4.',
    );
    const bad = () => layerWeights('Dense', { units: 2, input_dim: 2, bias_initializer: 'glorot' });
    assert.throws(bad, (e: CoreError) => e.message === '`bias_initializer`: Could not interpret initializer identifier: glorot');
  });
});

suite('layer seeds: variable i gets base + i unless its initializer has its own', () => {
  test('random variables get base + index; non-random ones keep no seed; the rule is recorded', () => {
    const w = layerWeights('LSTM', { units: 3, input_dim: 2 }, { seed: 100 });
    assert.deepEqual(
      w.variables.map((v) => v.initializer.resolvedSeed ?? null),
      [100, 101, null],
    );
    assert.deepEqual(
      w.variables.map((v) => v.seedAssigned),
      [true, true, false],
    );
    assert.equal(w.seed, 100);
    assert.equal(w.seedDrawn, false);
    const plan = planLayerFile({ layer: w, format: 'safetensors' });
    assert.equal(plan.metadata.extra?.seed_rule, LAYER_SEED_RULE);
    assert.deepEqual(
      plan.tensors.map((t) => t.seed),
      [100, 101, null],
    );
  });

  test('an initializer given with its own seed keeps it, and indices count every variable', () => {
    const w = layerWeights(
      'LSTM',
      { units: 3, input_dim: 2, kernel_initializer: 'HeNormal(seed=7)', bias_initializer: 'random_normal' },
      { seed: 50 },
    );
    assert.deepEqual(
      w.variables.map((v) => v.initializer.resolvedSeed),
      [7, 51, 52],
    );
    assert.deepEqual(
      w.variables.map((v) => v.seedAssigned),
      [false, true, true],
    );
  });

  test('without a seed a base seed is drawn (and reported as drawn)', () => {
    const w = layerWeights('Dense', { units: 2, input_dim: 2 });
    assert.equal(w.seedDrawn, true);
    assert.ok(Number.isInteger(w.seed) && (w.seed as number) >= 1 && (w.seed as number) <= 1e9);
    assert.equal(w.variables[0].initializer.resolvedSeed, w.seed);
    assert.equal(layerWeights('BatchNormalization', { input_dim: 3 }).seed, undefined);
  });

  test('a base seed that would push a variable past uint32 is refused', () => {
    assert.throws(() => layerWeights('LSTM', { units: 2, input_dim: 2 }, { seed: 2 ** 32 - 1 }), /exceeds 4294967295/);
    assert.throws(
      () => layerWeights('Dense', { units: 2, input_dim: 2 }, { seed: -1 }),
      /The layer seed must be an integer in \[0, 4294967295\]/,
    );
  });
});

/** The values of a planned layer file, per variable, by decoding nothing: sampling each part directly. */
function variableBytes(w: LayerWeights, name: string): Uint8Array {
  const v = w.variables.find((x) => x.name === name);
  if (!v) throw new Error(name);
  const parts = v.parts.map((p) => bytesOf(sample(p.initializer, p.shape, { callIndex: p.callIndex }).data));
  // A copy of its own: Buffer.concat may hand out a view of a shared pool.
  return new Uint8Array(Buffer.concat(parts));
}

suite('layer values equal Keras reference tensors', () => {
  test('Dense(256) on 784 inputs, seed 0: the kernel is GlorotUniform(seed=0)((784, 256))', () => {
    const ref = referenceCase('GlorotUniform.json', { seed: 0 }, [784, 256], 'float32');
    assert.equal(sha256(variableBytes(layerWeights('Dense', { units: 256, input_dim: 784 }, { seed: 0 }), 'kernel')), ref.sha256_le);
  });

  test('Conv2D(32, 3) on 16 channels, seed 0: the kernel is GlorotUniform(seed=0)((3, 3, 16, 32))', () => {
    const ref = referenceCase('GlorotUniform.json', { seed: 0 }, [3, 3, 16, 32], 'float32');
    const w = layerWeights('Conv2D', { filters: 32, kernel_size: 3, input_channels: 16 }, { seed: 0 });
    assert.equal(sha256(variableBytes(w, 'kernel')), ref.sha256_le);
  });

  test('Embedding(784, 256), seed 0: the embeddings are RandomUniform(seed=0)((784, 256))', () => {
    const ref = referenceCase('RandomUniform.json', { seed: 0 }, [784, 256], 'float32');
    assert.equal(
      sha256(variableBytes(layerWeights('Embedding', { input_dim: 784, output_dim: 256 }, { seed: 0 }), 'embeddings')),
      ref.sha256_le,
    );
  });

  test('LSTM bias with unit_forget_bias: zeros, then ones for the forget gate, then zeros', () => {
    const w = layerWeights('LSTM', { units: 5, input_dim: 2 }, { seed: 3 });
    const bias = new Float32Array(variableBytes(w, 'bias').buffer);
    assert.deepEqual([...bias], [...Array(5).fill(0), ...Array(5).fill(1), ...Array(10).fill(0)]);
  });

  test('LSTM bias with a seeded random bias_initializer: both calls start the same stream, as an int seed does in Keras', () => {
    const ref = referenceCase('RandomNormal.json', { seed: 1 }, [5], 'float32');
    const w = layerWeights('LSTM', { units: 5, input_dim: 2, bias_initializer: 'RandomNormal(seed=1)' }, { seed: 3 });
    const bias = variableBytes(w, 'bias');
    assert.equal(sha256(bias.subarray(0, 20)), ref.sha256_le);
    assert.deepEqual([...new Float32Array(bias.slice(20, 40).buffer)], Array(5).fill(1));
    assert.deepEqual(bias.subarray(40, 60), bias.subarray(0, 20));
  });

  test('LSTM recurrent kernel (u, 4u) from Orthogonal has orthonormal rows (W·Wᵀ = I within float32 rounding)', () => {
    const u = 6;
    const w = layerWeights('LSTM', { units: u, input_dim: 2 }, { seed: 11 });
    const k = new Float32Array(variableBytes(w, 'recurrent_kernel').buffer);
    for (let i = 0; i < u; i++) {
      for (let j = 0; j < u; j++) {
        let dot = 0;
        for (let c = 0; c < 4 * u; c++) dot += k[i * 4 * u + c] * k[j * 4 * u + c];
        assert.ok(Math.abs(dot - (i === j ? 1 : 0)) < 1e-6, `row ${i}·row ${j} = ${dot}`);
      }
    }
  });

  test("a float64 layer holds Orthogonal values cast from Keras's float32 result", () => {
    const w = layerWeights('GRU', { units: 3, input_dim: 2 }, { seed: 4 });
    const plan = planLayerFile({ layer: w, format: 'npz', dtype: 'float64' });
    assert.ok(
      plan.notes.some((n) => /recurrent_kernel: Orthogonal returns float32 for float64/.test(n)),
      plan.notes.join('\n'),
    );
    assert.deepEqual(
      plan.tensors.map((t) => t.dtype),
      ['float64', 'float64', 'float64'],
    );
  });
});

suite('layer files read by numpy', () => {
  let dir: string;
  setup(() => {
    dir = tempDir('layers');
  });
  teardown(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('.npz and .safetensors hold the variables in layer.weights order with Keras names, per-variable seeds and the rule', async function () {
    requirePython(this, 'numpy');
    const w = layerWeights('LSTM', { units: 4, input_dim: 3 }, { seed: 20 });
    const files: string[] = [];
    for (const format of ['npz', 'safetensors'] as const) {
      const plan = planLayerFile({ layer: w, format });
      const file = path.join(dir, `lstm.${format}`);
      fs.writeFileSync(file, Buffer.concat([...plan.pieces(3)]));
      files.push(file);
    }
    const read = readWithNumpy(files);
    const kernel = sha256(variableBytes(w, 'kernel'));
    for (const f of files) {
      const r = read[f];
      assert.deepEqual(r.names, ['kernel', 'recurrent_kernel', 'bias'], f);
      assert.deepEqual(
        Object.values(r.tensors).map((t) => t.shape),
        [[3, 16], [4, 16], [16]],
        f,
      );
      assert.equal(r.tensors.kernel.sha256_le, kernel, f);
      const meta = r.metadata as Record<string, string>;
      assert.equal(meta.layer, 'LSTM');
      assert.equal(meta.seed, '20');
      assert.equal(meta['kernel.seed'], '20');
      assert.equal(meta['recurrent_kernel.seed'], '21');
      assert.equal(meta['bias.seed'], 'null');
      assert.equal(meta.seed_rule, LAYER_SEED_RULE);
      assert.equal(JSON.parse(meta['recurrent_kernel.initializer']).class_name, 'Orthogonal');
    }
  });

  test('layerBuildCode writes the Python that builds the same layer for set_weights', () => {
    assert.equal(
      layerBuildCode(layerWeights('Dense', { units: 8, input_dim: 5, use_bias: false }, { seed: 1 })),
      'layer = keras.layers.Dense(8, use_bias=False)\nlayer.build((None, 5))',
    );
    assert.equal(
      layerBuildCode(layerWeights('Conv2D', { filters: 4, kernel_size: [3, 1], input_channels: 2 }, { seed: 1 })),
      'layer = keras.layers.Conv2D(4, (3, 1))\nlayer.build((None, None, None, 2))',
    );
    assert.equal(
      layerBuildCode(layerWeights('GRU', { units: 3, input_dim: 2, reset_after: false }, { seed: 1 })),
      'layer = keras.layers.GRU(3, reset_after=False)\nlayer.build((None, None, 2))',
    );
    assert.equal(
      layerBuildCode(layerWeights('Embedding', { input_dim: 10, output_dim: 4 }, { seed: 1 })),
      'layer = keras.layers.Embedding(10, 4)\nlayer.build()',
    );
  });
});
