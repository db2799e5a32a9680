/**
 * Behaviour of the initializer API beyond the reference vectors: streaming equals one pass,
 * seeds as Keras has them, Keras's validation order and messages, fans, describe() against the
 * moments of real samples, identifiers and configs.
 */
import * as assert from 'node:assert/strict';
import {
  CoreError,
  MAX_SAMPLE_ELEMENTS,
  SeedGenerator,
  allocateTensorData,
  computeFans,
  createInitializer,
  createSampleStream,
  describe,
  deserialize,
  getInitializer,
  sample,
  serialize,
  type KerasInitializer,
  type TensorData,
} from '../../src/core';

function throwsCore(fn: () => unknown, code: string, kerasType: string | undefined, message: string | RegExp): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof CoreError, `not a CoreError: ${String(e)}`);
    assert.equal(e.code, code);
    assert.equal(e.kerasType, kerasType);
    if (typeof message === 'string') assert.equal(e.message, message);
    else assert.match(e.message, message);
    return true;
  });
}

function bytesOf(d: TensorData): Buffer {
  return Buffer.from(d.buffer, d.byteOffset, d.byteLength);
}

/** Float values of a float32/float64 tensor. */
function floats(d: TensorData): number[] {
  return Array.from(d as Float32Array);
}

suite('initializers: streaming', () => {
  const cases: [string, () => KerasInitializer, number[], string | undefined][] = [
    ['RandomNormal float16', () => createInitializer('RandomNormal', { seed: 5 }), [37, 29], 'float16'],
    ['TruncatedNormal float32', () => createInitializer('TruncatedNormal', { mean: 1, stddev: 2, seed: 6 }), [1001], undefined],
    ['HeUniform int32', () => createInitializer('HeUniform', { seed: 7 }), [3, 3, 4, 8], 'int32'],
    ['GlorotNormal float64', () => createInitializer('GlorotNormal', { seed: 8 }), [64, 32], 'float64'],
    ['Orthogonal', () => createInitializer('Orthogonal', { seed: 9, gain: 2 }), [30, 70], undefined],
    ['Identity float16', () => createInitializer('Identity', { gain: -3 }), [40, 25], 'float16'],
    ['STFT', () => createInitializer('STFT', { side: 'imag' }), [32, 1, 17], undefined],
    ['Constant int32', () => createInitializer('Constant', { value: -7.9 }), [100], 'int32'],
  ];
  for (const [name, make, shape, dtype] of cases) {
    test(`${name}: chunks of 1, 7, 1000 and uneven sizes give the bytes of sample()`, () => {
      const whole = sample(make(), shape, { dtype });
      for (const sizes of [[1], [7], [1000], [3, 250, 1, 64]]) {
        const stream = createSampleStream(make(), shape, { dtype });
        assert.equal(stream.dtype, whole.dtype);
        assert.deepEqual(stream.shape, whole.shape);
        assert.equal(stream.length, whole.data.length);
        const out = allocateTensorData(stream.dtype, stream.length);
        let k = 0;
        while (stream.position < stream.length) {
          const size = sizes[k++ % sizes.length];
          const chunk = allocateTensorData(stream.dtype, size);
          const n = stream.fill(chunk);
          assert.ok(n > 0 && n <= size);
          (out as Float32Array).set(chunk.subarray(0, n) as Float32Array, stream.position - n);
        }
        assert.equal(stream.fill(allocateTensorData(stream.dtype, 4)), 0, 'a finished stream writes nothing');
        assert.ok(bytesOf(out).equals(bytesOf(whole.data)), `${name} with chunk sizes ${sizes.join(',')}`);
      }
    });
  }

  test('fill honours offset and count, and refuses storage of another dtype', () => {
    const stream = createSampleStream(createInitializer('RandomUniform', { seed: 1 }), [10]);
    const whole = sample(createInitializer('RandomUniform', { seed: 1 }), [10]).data;
    const target = new Float32Array(8).fill(99);
    assert.equal(stream.fill(target, 2, 3), 3);
    assert.deepEqual(floats(target.subarray(0, 2)), [99, 99]);
    assert.deepEqual(floats(target.subarray(2, 5)), floats(whole.subarray(0, 3)));
    assert.equal(target[5], 99);
    throwsCore(
      () => stream.fill(new Float64Array(4)),
      'INVALID_ARGUMENT',
      undefined,
      /float32 stream writes into a Float32Array, not a Float64Array/,
    );
    throwsCore(() => stream.fill(target, 9), 'INVALID_ARGUMENT', undefined, /offset must be an integer in \[0, 8\]/);
    throwsCore(() => stream.fill(target, 2, 7), 'INVALID_ARGUMENT', undefined, /count must be an integer in \[0, 6\]/);
  });

  test('sample() refuses tensors beyond MAX_SAMPLE_ELEMENTS; a stream of the same size starts fine', () => {
    throwsCore(() => sample(getInitializer('Zeros'), [65536, 65536]), 'TOO_LARGE', undefined, /use createSampleStream/);
    const stream = createSampleStream(createInitializer('HeNormal', { seed: 1 }), [65536, 65536]);
    assert.equal(stream.length, 2 ** 32);
    assert.ok(stream.length > MAX_SAMPLE_ELEMENTS);
    const chunk = new Float32Array(1000);
    assert.equal(stream.fill(chunk), 1000);
    // HeNormal on (65536, 65536): truncated at 2·sqrt(2/65536)/0.8796.
    const bound = (2 * Math.sqrt(2 / 65536)) / 0.87962566103423978;
    assert.ok(chunk.every((v) => Math.abs(v) <= Math.fround(bound)));
  });
});

suite('initializers: seeds', () => {
  test('seed=None draws one seed in [1, 1e9] at construction, reported as resolvedSeed; config keeps null', () => {
    const a = createInitializer('GlorotUniform');
    const b = createInitializer('GlorotUniform');
    for (const init of [a, b]) {
      assert.ok(Number.isInteger(init.resolvedSeed) && (init.resolvedSeed as number) >= 1 && (init.resolvedSeed as number) <= 1e9);
      assert.equal(init.getConfig().seed, null);
      assert.equal(init.seed?.kind, 'none');
    }
    assert.notEqual(a.resolvedSeed, b.resolvedSeed);
    // Same values on every call of one instance, and reproducible from the drawn seed.
    const first = sample(a, [8, 4]);
    assert.ok(bytesOf(sample(a, [8, 4], { callIndex: 3 }).data).equals(bytesOf(first.data)));
    const again = createInitializer('GlorotUniform', { seed: a.resolvedSeed });
    assert.ok(bytesOf(sample(again, [8, 4]).data).equals(bytesOf(first.data)));
  });

  test('an int seed repeats on every call; a SeedGenerator changes per call and its call 0 equals the int seed', () => {
    const int = createInitializer('RandomNormal', { seed: 12 });
    const gen = createInitializer('RandomNormal', { seed: new SeedGenerator({ seed: 12 }) });
    const calls = [0, 1, 2, 7].map((k) => bytesOf(sample(gen, [16], { callIndex: k }).data));
    assert.ok(calls[0].equals(bytesOf(sample(int, [16]).data)));
    assert.ok(bytesOf(sample(int, [16], { callIndex: 7 }).data).equals(calls[0]));
    assert.equal(new Set(calls.map((c) => c.toString('hex'))).size, 4);
    assert.ok(bytesOf(sample(gen, [16], { callIndex: 7 }).data).equals(calls[3]), 'a call index is reproducible');
  });

  test('seed=True is seed 1 (a bool is an int) and stays True in the config', () => {
    const t = createInitializer('HeNormal', { seed: true });
    assert.equal(t.getConfig().seed, true);
    assert.equal(t.resolvedSeed, 1);
    assert.ok(bytesOf(sample(t, [5, 5]).data).equals(bytesOf(sample(createInitializer('HeNormal', { seed: 1 }), [5, 5]).data)));
  });

  test("invalid seeds: Keras's ValueError at construction, numpy's OverflowError at call", () => {
    const msg = (s: string) =>
      `\`seed\` argument should be an instance of \`keras.random.SeedGenerator()\` or an integer. Received: seed=${s}`;
    throwsCore(() => createInitializer('Orthogonal', { seed: [1, 2] as unknown as number }), 'INVALID_SEED', 'ValueError', msg('[1, 2]'));
    throwsCore(() => createInitializer('RandomUniform', { seed: 0.5 }), 'INVALID_SEED', 'ValueError', msg('0.5'));
    const late = createInitializer('TruncatedNormal', { seed: 2 ** 40 });
    throwsCore(() => sample(late, [3]), 'INVALID_SEED', 'OverflowError', 'Python integer 1099511627776 out of bounds for uint32');
    // A SeedGenerator's state is created at construction, so its range is checked then.
    throwsCore(() => new SeedGenerator({ seed: -3 }), 'INVALID_SEED', 'OverflowError', 'Python integer -3 out of bounds for uint32');
    throwsCore(
      () => new SeedGenerator({ seed: 'x' }),
      'INVALID_SEED',
      'ValueError',
      'Argument `seed` must be an integer. Received: seed=x',
    );
  });

  test('a serialized SeedGenerator dict is deserialized and kept verbatim in the config', () => {
    const dict = { module: 'keras.random', class_name: 'SeedGenerator', config: { seed: 5, name: 'sg' }, registered_name: null } as const;
    const init = createInitializer('RandomUniform', { seed: dict });
    assert.deepEqual(init.getConfig().seed, dict);
    assert.equal(init.seed?.kind, 'generator');
    const viaObject = createInitializer('RandomUniform', { seed: new SeedGenerator({ seed: 5, name: 'sg' }) });
    assert.ok(bytesOf(sample(init, [9], { callIndex: 2 }).data).equals(bytesOf(sample(viaObject, [9], { callIndex: 2 }).data)));
    const noSeed = new SeedGenerator();
    assert.equal(noSeed.getConfig().seed, null);
    assert.ok(noSeed.seed >= 1 && noSeed.seed <= 1e9);
  });
});

suite('initializers: validation in Keras order', () => {
  test('VarianceScaling checks scale, then mode, then distribution, then seed', () => {
    throwsCore(
      () => createInitializer('VarianceScaling', { scale: -2, mode: 'bad' as 'fan_in', seed: 'x' as unknown as number }),
      'INVALID_ARGUMENT',
      'ValueError',
      'Argument `scale` must be positive float. Received: scale=-2.0',
    );
    throwsCore(
      () => createInitializer('VarianceScaling', { mode: null as unknown as 'fan_in', distribution: 'bad' }),
      'INVALID_ARGUMENT',
      'ValueError',
      /^Invalid `mode` argument: None\. Please use one of \{/,
    );
    throwsCore(
      () => createInitializer('VarianceScaling', { distribution: null as unknown as string }),
      'INVALID_ARGUMENT',
      'AttributeError',
      "'NoneType' object has no attribute 'lower'",
    );
    throwsCore(
      () => createInitializer('VarianceScaling', { distribution: 'Uniform', seed: 'x' as unknown as number }),
      'INVALID_SEED',
      'ValueError',
      /Received: seed=x$/,
    );
    const normal = createInitializer('VarianceScaling', { distribution: 'NORMAL' });
    assert.equal(normal.getConfig().distribution, 'truncated_normal');
  });

  test('unexpected keyword arguments are Python TypeErrors naming the accepted ones', () => {
    throwsCore(
      () => createInitializer('HeNormal', { scale: 2 } as never),
      'INVALID_ARGUMENT',
      'TypeError',
      "HeNormal.__init__() got an unexpected keyword argument 'scale' (HeNormal takes seed, input_axes, output_axes)",
    );
    throwsCore(() => createInitializer('Zeros', { value: 1 } as never), 'INVALID_ARGUMENT', 'TypeError', /Zeros takes no arguments/);
    throwsCore(
      () => createInitializer('RandomNormal', { stddev: 'wide' as unknown as number }),
      'INVALID_ARGUMENT',
      'TypeError',
      /`stddev` must be a Python scalar/,
    );
  });

  test("a call checks the seed, then the parameters, then the shape, then the dtype (numpy's order)", () => {
    const bad = createInitializer('RandomNormal', { stddev: -1, seed: -1 });
    throwsCore(() => sample(bad, [-1], { dtype: 'nope' }), 'INVALID_SEED', 'OverflowError', 'Python integer -1 out of bounds for uint32');
    throwsCore(
      () => sample(createInitializer('RandomNormal', { stddev: -1, seed: 0 }), [-1], { dtype: 'nope' }),
      'INVALID_ARGUMENT',
      'ValueError',
      'scale < 0',
    );
    throwsCore(
      () => sample(createInitializer('RandomNormal', { seed: 0 }), [-1], { dtype: 'nope' }),
      'INVALID_SHAPE',
      'ValueError',
      'negative dimensions are not allowed',
    );
    throwsCore(
      () => sample(createInitializer('RandomNormal', { seed: 0 }), [2], { dtype: 'nope' }),
      'INVALID_DTYPE',
      'TypeError',
      "data type 'nope' not understood",
    );
    // A truncated normal of no elements never calls numpy, so a negative stddev passes.
    assert.equal(sample(createInitializer('TruncatedNormal', { stddev: -1, seed: 0 }), [0, 4]).data.length, 0);
  });

  test('dtypes: numpy names for the random initializers, Keras names for the others, unsupported ones named', () => {
    assert.equal(sample(createInitializer('RandomUniform', { seed: 0 }), [2], { dtype: 'double' }).dtype, 'float64');
    assert.equal(sample(getInitializer('Ones'), [2], { dtype: 'int' }).dtype, 'int32');
    throwsCore(() => sample(getInitializer('Ones'), [2], { dtype: 'double' }), 'INVALID_DTYPE', 'ValueError', 'Invalid dtype: double');
    throwsCore(
      () => sample(getInitializer('Zeros'), [2], { dtype: 'int64' }),
      'INVALID_DTYPE',
      undefined,
      /int64' is not supported: this library produces float16, float32, float64, int32/,
    );
    throwsCore(
      () => sample(createInitializer('Orthogonal', { seed: 0 }), [2, 2], { dtype: 'int32' }),
      'INVALID_DTYPE',
      undefined,
      /floating-point dtype/,
    );
    throwsCore(() => sample(getInitializer('STFT'), [4, 1, 3], { dtype: 'int32' }), 'INVALID_DTYPE', undefined, /floating-point kernels/);
    assert.equal(sample(createInitializer('Orthogonal', { seed: 0 }), [3, 2], { dtype: 'float64' }).dtype, 'float32');
    assert.equal(sample(createInitializer('STFT', { window: null }), [4, 1, 3], { dtype: 'float64' }).dtype, 'float64');
    assert.equal(sample(getInitializer('STFT'), [4, 1, 3], { dtype: 'float64' }).dtype, 'float32');
  });

  test('shapes: one negative dimension of a truncated normal is inferred as 0; non-integers refused', () => {
    assert.deepEqual(sample(createInitializer('TruncatedNormal', { seed: 0 }), [3, -2, 4]).shape, [3, 0, 4]);
    assert.deepEqual(sample(createInitializer('LecunNormal', { seed: 0 }), [-5]).shape, [0]);
    throwsCore(
      () => sample(createInitializer('TruncatedNormal', { seed: 0 }), [-2, -3]),
      'INVALID_SHAPE',
      'ValueError',
      'can only specify one unknown dimension',
    );
    throwsCore(
      () => sample(getInitializer('Zeros'), [2.5]),
      'INVALID_SHAPE',
      'TypeError',
      /'float' object cannot be interpreted as an integer/,
    );
    throwsCore(() => sample(getInitializer('STFT'), [4, 1, 3, 2]), 'INVALID_SHAPE', 'ValueError', 'too many values to unpack (expected 3)');
    const empty = sample(createInitializer('Orthogonal', { seed: 0 }), [0, 3]);
    assert.deepEqual([empty.shape, empty.data.length], [[0, 3], 0]);
  });

  test('Identity: gain on the diagonal of a non-square matrix, -0.0 elsewhere for a negative gain', () => {
    const t = sample(createInitializer('Identity', { gain: -2 }), [2, 3], { dtype: 'float64' });
    assert.deepEqual(floats(t.data), [-2, -0, -0, -0, -2, -0]);
    assert.ok(
      floats(t.data)
        .filter((v) => v === 0)
        .every((v) => Object.is(v, -0)),
    );
    throwsCore(() => sample(getInitializer('Identity'), [2, -1]), 'INVALID_SHAPE', 'ValueError', 'negative dimensions are not allowed');
  });

  test('Orthogonal is orthonormal along its short side and scaled by gain', () => {
    for (const shape of [
      [20, 6],
      [6, 20],
      [2, 3, 5],
    ]) {
      const t = sample(createInitializer('Orthogonal', { gain: 3, seed: 4 }), shape);
      const rows = shape.slice(0, -1).reduce((a, b) => a * b, 1);
      const cols = shape[shape.length - 1];
      const at = (r: number, c: number) => t.data[r * cols + c];
      const short = Math.min(rows, cols);
      for (let a = 0; a < short; a++) {
        for (let b = 0; b < short; b++) {
          let dot = 0;
          if (rows >= cols) for (let r = 0; r < rows; r++) dot += at(r, a) * at(r, b);
          else for (let c = 0; c < cols; c++) dot += at(a, c) * at(b, c);
          assert.ok(Math.abs(dot - (a === b ? 9 : 0)) < 1e-5, `${JSON.stringify(shape)} (${a}, ${b}): ${dot}`);
        }
      }
    }
  });
});

suite('initializers: compute_fans', () => {
  test("Keras's rules for every rank, and explicit axes", () => {
    assert.deepEqual(computeFans([]), { fanIn: 1, fanOut: 1 });
    assert.deepEqual(computeFans([7]), { fanIn: 7, fanOut: 7 });
    assert.deepEqual(computeFans([784, 256]), { fanIn: 784, fanOut: 256 });
    assert.deepEqual(computeFans([3, 3, 16, 32]), { fanIn: 3 * 3 * 16, fanOut: 3 * 3 * 32 });
    assert.deepEqual(computeFans([5, 4, 3]), { fanIn: 20, fanOut: 15 });
    assert.deepEqual(computeFans([2, 3, 4, 5], [0, 1], [3]), { fanIn: 6, fanOut: 5 });
    assert.deepEqual(computeFans([2, 3, 4, 5], [-2], [-1]), { fanIn: 4, fanOut: 5 });
    // One axis list alone is ignored.
    assert.deepEqual(computeFans([2, 3, 4, 5], [0], null), { fanIn: 2 * 3 * 4, fanOut: 2 * 3 * 5 });
    throwsCore(() => computeFans([2, 3], [2], [0]), 'INVALID_ARGUMENT', 'IndexError', 'tuple index out of range');
  });
});

suite('initializers: describe', () => {
  /** Sample mean and std in float64. */
  function moments(d: TensorData): { mean: number; std: number } {
    let s = 0;
    for (const v of d) s += v;
    const mean = s / d.length;
    let q = 0;
    for (const v of d) q += (v - mean) ** 2;
    return { mean, std: Math.sqrt(q / d.length) };
  }

  const shape = [784, 256];
  const n = 784 * 256;
  const cases: [string, KerasInitializer][] = [
    ['HeNormal', createInitializer('HeNormal', { seed: 1 })],
    ['GlorotUniform', createInitializer('GlorotUniform', { seed: 2 })],
    [
      'VarianceScaling untruncated fan_out',
      createInitializer('VarianceScaling', { scale: 3, mode: 'fan_out', distribution: 'untruncated_normal', seed: 3 }),
    ],
    ['TruncatedNormal', createInitializer('TruncatedNormal', { mean: 0.3, stddev: 0.1, seed: 4 })],
    ['RandomUniform', createInitializer('RandomUniform', { minval: -1, maxval: 3, seed: 5 })],
  ];
  for (const [name, init] of cases) {
    test(`${name}: the described mean and std are those of 200 704 real samples (5 standard errors)`, () => {
      const d = describe(init, shape);
      assert.ok(d.expectedMean !== undefined && d.expectedStd !== undefined);
      const m = moments(sample(init, shape, { dtype: 'float64' }).data);
      // SE(mean) = σ/√n; SE(std) ≤ σ·√(κ-1)/(2√n) with kurtosis κ ≤ 3 for these laws.
      assert.ok(Math.abs(m.mean - d.expectedMean) <= (5 * d.expectedStd) / Math.sqrt(n), `${name} mean ${m.mean} vs ${d.expectedMean}`);
      assert.ok(
        Math.abs(m.std - d.expectedStd) <= (5 * d.expectedStd * Math.sqrt(2)) / (2 * Math.sqrt(n)),
        `${name} std ${m.std} vs ${d.expectedStd}`,
      );
      if (d.law?.kind === 'truncated_normal' || d.law?.kind === 'uniform') {
        const [lo, hi] = d.law.kind === 'uniform' ? [d.law.low, d.law.high] : [d.law.lower, d.law.upper];
        const t = sample(init, shape, { dtype: 'float64' }).data;
        assert.ok(t.every((v) => v >= lo && v <= hi));
      }
    });
  }

  test("HeNormal (784, 256): fans, Keras's stddev and the substituted formula", () => {
    const d = describe(getInitializer('he_normal'), [784, 256]);
    assert.equal(d.fanIn, 784);
    assert.equal(d.fanOut, 256);
    const stddev = Math.sqrt(2 / 784) / 0.87962566103423978;
    assert.equal(d.std, stddev);
    assert.deepEqual(d.law, { kind: 'truncated_normal', mean: 0, std: stddev, lower: -2 * stddev, upper: 2 * stddev });
    assert.match(
      d.formula,
      /sqrt\(scale \/ max\(1, fan_in = 784\) = 0\.00255102\) \/ 0\.8796256610342398 = 0\.0574195; w ~ N\(0, 0\.0574195²\) truncated to ±0\.114839$/,
    );
  });

  test('without a shape a fan-based law is left open; constant and empirical laws are reported', () => {
    const open = describe(getInitializer('glorot_uniform'));
    assert.equal(open.law, undefined);
    assert.match(open.formula, /limit = sqrt\(3 · 1 \/ max\(1, \(fan_in \+ fan_out\) \/ 2\)\)/);
    assert.deepEqual(describe(createInitializer('Constant', { value: 0.25 })).law, { kind: 'constant', value: 0.25 });
    assert.deepEqual(describe(getInitializer('Orthogonal'), [3, 4]).law, { kind: 'empirical' });
    assert.match(describe(createInitializer('Identity', { gain: 2 }), [3, 5]).formula, /3 values 2, the rest 0/);
  });
});

suite('initializers: identifiers and configs', () => {
  test('get() accepts a config dict, the serialized form, an instance and null', () => {
    const a = getInitializer({ class_name: 'HeNormal', config: { seed: 3 } });
    assert.deepEqual(a.getConfig(), { seed: 3, input_axes: null, output_axes: null });
    const b = getInitializer(serialize(a));
    assert.deepEqual(b.getConfig(), a.getConfig());
    assert.ok(bytesOf(sample(a, [4, 4]).data).equals(bytesOf(sample(b, [4, 4]).data)));
    assert.equal(getInitializer(a), a);
    assert.equal(getInitializer(null), null);
    // No "config" key: Keras uses {}.
    assert.equal(getInitializer({ class_name: 'ones' }).className, 'Ones');
  });

  test('configs Keras rejects: missing class_name, module None, a non-dict config, Keras-2-only names', () => {
    throwsCore(() => deserialize({ config: {} }), 'INVALID_CONFIG', 'ValueError', "Unknown `config` as a `dict`, config={'config': {}}");
    throwsCore(
      () => getInitializer({ module: null, class_name: 'Zeros', config: {} }),
      'INVALID_CONFIG',
      'TypeError',
      /^Cannot deserialize object of type `Zeros`/,
    );
    throwsCore(
      () => getInitializer({ class_name: 'Zeros', config: 'x' as never }),
      'INVALID_CONFIG',
      'TypeError',
      /Expected 'config' to be a dict for Zeros/,
    );
    throwsCore(
      () => getInitializer('GlorotUniformV2'),
      'UNKNOWN_INITIALIZER',
      'ValueError',
      'Could not interpret initializer identifier: GlorotUniformV2',
    );
    throwsCore(
      () => getInitializer({ class_name: 'RandomNormal', config: { sd: 1 } }),
      'INVALID_ARGUMENT',
      'TypeError',
      /could not be deserialized properly.*unexpected keyword argument 'sd'/,
    );
  });

  test('Constant.from_config reads only "value"; the Identity gain is lost in a round trip', () => {
    const c = getInitializer({ class_name: 'Constant', config: { value: 2, other: 1 } });
    assert.deepEqual(c.getConfig(), { value: 2 });
    throwsCore(() => getInitializer({ class_name: 'Constant', config: {} }), 'INVALID_CONFIG', 'KeyError', "'value'");
    const identity = createInitializer('Identity', { gain: 4 });
    assert.deepEqual(serialize(identity), { module: 'keras.initializers', class_name: 'Identity', config: {}, registered_name: null });
    assert.deepEqual(floats(sample(getInitializer(serialize(identity)), [1, 1]).data), [1]);
  });

  test('the base Initializer serializes but cannot be called; a direct tensor cannot be serialized', () => {
    const base = getInitializer('initializer');
    assert.deepEqual(serialize(base), { module: 'keras.initializers', class_name: 'Initializer', config: {}, registered_name: null });
    throwsCore(
      () => sample(base, [2]),
      'UNSUPPORTED',
      'NotImplementedError',
      'Initializer subclasses must implement the `__call__()` method.',
    );
    const tensor = getInitializer({ data: [1.5, -2, 3, 0.1], shape: [2, 2] });
    assert.deepEqual(floats(sample(tensor, [2, 2], { dtype: 'float64' }).data), [1.5, -2, 3, 0.1]);
    assert.deepEqual(Array.from(sample(tensor, [2, 2], { dtype: 'int32' }).data), [1, -2, 3, 0]);
    throwsCore(() => serialize(tensor), 'UNSUPPORTED', undefined, /no Keras config/);
  });

  test('configs are copies: mutating one does not change the initializer', () => {
    const init = createInitializer('VarianceScaling', { input_axes: [0], output_axes: [1] });
    const cfg = init.getConfig();
    (cfg.input_axes as number[]).push(5);
    assert.deepEqual(init.getConfig().input_axes, [0]);
    assert.ok(Object.isFrozen(init.config));
  });
});
