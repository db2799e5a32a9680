import * as assert from 'node:assert/strict';
import { REGISTRY, type ClassName } from '../../src/core/index';
import type { EditorContext } from '../../src/protocol/messages';
import { defaultArgs, defaultConfig, type PreviewConfig } from '../../src/protocol/previewConfig';
import { codeTarget, initializerExpression, pyFloat, pyTuple, pythonSnippet } from '../../src/webview/pythonCode';
import { requirePython } from './pythonRequirement';
import { runPanelPython } from './webviewSupport';

interface OracleOutput {
  reprs: string[];
  expressions: { func: string; kwargs: Record<string, { literal?: unknown; source?: string }> }[];
  snippets: {
    ok: boolean;
    error: string;
    constructed: { name: string; kwargs: Record<string, string> }[];
    calls: { shape: number[]; dtype: string }[];
  }[];
}

function config(className: ClassName, overrides: Partial<PreviewConfig> = {}): PreviewConfig {
  return { ...defaultConfig(), className, args: defaultArgs(className), ...overrides };
}

/** Configurations covering every class, every argument type, and both seed kinds. */
const CONFIGS: PreviewConfig[] = [
  ...REGISTRY.map((e) => config(e.className)),
  config('VarianceScaling', {
    args: { ...defaultArgs('VarianceScaling'), scale: 2, mode: 'fan_out', distribution: 'uniform', input_axes: [0, 1], output_axes: [-1] },
  }),
  config('RandomNormal', { args: { mean: -0.5, stddev: 1e-7 }, seed: { kind: 'generator', value: 3, callIndex: 2 } }),
  config('RandomUniform', { args: { minval: -1e20, maxval: 12345678901234567890 } }),
  config('TruncatedNormal', { args: { mean: 0, stddev: 0.02 }, dtype: 'float16', shape: [10] }),
  config('Constant', { args: { value: 0.1 }, shape: [] }),
  config('Identity', { args: { gain: 0.5 }, dtype: 'float64' }),
  config('Orthogonal', { args: { gain: 2 }, seed: { kind: 'generator', value: 0, callIndex: 0 } }),
  config('STFT', { args: { side: 'imag', window: null, scaling: null, periodic: true }, shape: [64, 1, 33] }),
  config('HeNormal', { seed: { kind: 'int', value: 4294967295 } }),
];

const KERAS = codeTarget('keras', null);
const TF = codeTarget('tf.keras', null);

suite('panel Python code', () => {
  test('pyFloat is Python’s repr(float), checked by python3', function () {
    const floats = [
      0,
      -0,
      1,
      -1,
      2,
      0.1,
      0.5,
      1.5,
      0.05,
      0.87962566103423978,
      1e-4,
      9.99e-5,
      1e-5,
      1e-7,
      123.456,
      1e15,
      1e16,
      9999999999999998,
      1.2345e16,
      12345678901234567890,
      1e22,
      1e300,
      5e-324,
      2.2250738585072014e-308,
      Number.MAX_VALUE,
      0.1 + 0.2,
      1 / 3,
      -2.5e-10,
      Math.PI,
    ];
    for (let i = 0; i < 200; i++) floats.push((i % 2 ? -1 : 1) * Math.exp((i - 100) * 0.37) * (1 + i / 7));
    assert.equal(pyFloat(0.05), '0.05');
    assert.equal(pyFloat(2), '2.0');
    assert.equal(pyFloat(1e-7), '1e-07');
    assert.equal(pyFloat(1e16), '1e+16');
    requirePython(this);
    const out = runPanelPython<OracleOutput>('python_oracle.py', { floats, expressions: [], snippets: [] });
    // JSON has no -0: Python reads it as 0.0, so compare -0 by hand.
    floats.forEach((x, i) => assert.equal(pyFloat(x), Object.is(x, -0) ? '-0.0' : out.reprs[i], `repr of ${x}`));
  });

  test('tuples are Python tuples: (), (10,), (784, 256)', () => {
    assert.equal(pyTuple([]), '()');
    assert.equal(pyTuple([10]), '(10,)');
    assert.equal(pyTuple([784, 256]), '(784, 256)');
  });

  test('expressions: one call of the class, only non-default arguments, the seed always; python3 reads back the values', function () {
    const expressions = CONFIGS.map((c) => initializerExpression(c, KERAS));
    assert.equal(initializerExpression(config('HeNormal'), KERAS), 'keras.initializers.HeNormal(seed=42)');
    assert.equal(initializerExpression(config('Zeros'), KERAS), 'keras.initializers.Zeros()');
    assert.equal(
      initializerExpression(CONFIGS[REGISTRY.length], KERAS),
      'keras.initializers.VarianceScaling(scale=2.0, mode="fan_out", distribution="uniform", seed=42, input_axes=[0, 1], output_axes=[-1])',
    );
    assert.equal(
      initializerExpression(CONFIGS[REGISTRY.length + 1], KERAS),
      'keras.initializers.RandomNormal(mean=-0.5, stddev=1e-07, seed=keras.random.SeedGenerator(3))',
    );
    requirePython(this);
    const out = runPanelPython<OracleOutput>('python_oracle.py', { floats: [], expressions, snippets: [] });
    CONFIGS.forEach((c, i) => {
      const read = out.expressions[i];
      assert.equal(read.func, `keras.initializers.${c.className}`, expressions[i]);
      const expected: Record<string, unknown> = {};
      for (const spec of REGISTRY.find((e) => e.className === c.className)?.args ?? []) {
        if (spec.type === 'seed') continue;
        const v = c.args[spec.name];
        if (JSON.stringify(v) !== JSON.stringify(spec.default)) expected[spec.name] = v;
      }
      const seeded = REGISTRY.find((e) => e.className === c.className)?.seeded;
      const got: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(read.kwargs)) if (k !== 'seed') got[k] = v.literal;
      assert.deepEqual(got, expected, expressions[i]);
      if (!seeded) assert.equal(read.kwargs.seed, undefined, expressions[i]);
      else if (c.seed.kind === 'int') assert.deepEqual(read.kwargs.seed, { literal: c.seed.value }, expressions[i]);
      else assert.deepEqual(read.kwargs.seed, { source: `keras.random.SeedGenerator(${c.seed.value})` }, expressions[i]);
    });
  });

  test('snippets run (against stand-in modules) and call the initializer with the preview’s shape, dtype and call index', function () {
    const snippets = CONFIGS.flatMap((c) => [pythonSnippet(c, KERAS), pythonSnippet(c, TF)]);
    requirePython(this);
    const out = runPanelPython<OracleOutput>('python_oracle.py', { floats: [], expressions: [], snippets });
    CONFIGS.forEach((c, i) => {
      for (const [k, target] of [
        [0, 'keras'],
        [1, 'tf.keras'],
      ] as const) {
        const run = out.snippets[2 * i + k];
        const code = snippets[2 * i + k];
        assert.equal(run.ok, true, `${code}\n${run.error}`);
        assert.deepEqual(
          run.constructed.map((x) => x.name),
          [c.className],
          code,
        );
        // tf.keras has no SeedGenerator: one call with the int seed (a comment says it is call 0's values).
        const calls =
          c.seed.kind === 'generator' && target === 'keras' && REGISTRY.find((e) => e.className === c.className)?.seeded
            ? c.seed.callIndex + 1
            : 1;
        assert.equal(run.calls.length, calls, code);
        for (const call of run.calls) assert.deepEqual(call, { shape: [...c.shape], dtype: c.dtype }, code);
      }
    });
    // The SeedGenerator is passed as an object, not as its seed.
    const generator = out.snippets[2 * (REGISTRY.length + 1)];
    assert.equal(generator.constructed[0].kwargs.seed, 'SeedGenerator(3)');
  });

  test('spellings: Keras 3, tf.keras, and as the editor’s file imports Keras (module alias, bare names)', () => {
    const c = config('HeNormal');
    assert.equal(initializerExpression(c, TF), 'tf.keras.initializers.HeNormal(seed=42)');
    const aliased: EditorContext = { fileName: 'a.py', qualifier: 'I.', bareNames: {} };
    assert.equal(initializerExpression(c, codeTarget('auto', aliased)), 'I.HeNormal(seed=42)');
    const bare: EditorContext = { fileName: 'a.py', qualifier: '', bareNames: { HeNormal: 'HeNormal', Ortho: 'Orthogonal' } };
    assert.equal(initializerExpression(c, codeTarget('auto', bare)), 'HeNormal(seed=42)');
    assert.equal(initializerExpression(config('Orthogonal'), codeTarget('auto', bare)), 'Ortho(seed=42)');
    // A class the file did not import by name falls back to the module path.
    assert.equal(initializerExpression(config('GlorotUniform'), codeTarget('auto', bare)), 'keras.initializers.GlorotUniform(seed=42)');
    // An explicit style wins over the file's.
    assert.equal(initializerExpression(c, codeTarget('tf.keras', aliased)), 'tf.keras.initializers.HeNormal(seed=42)');
    // Without an editor, 'auto' is Keras 3.
    assert.equal(initializerExpression(c, codeTarget('auto', null)), 'keras.initializers.HeNormal(seed=42)');
    const tfFile: EditorContext = { fileName: 'a.py', qualifier: 'tf.keras.initializers.', bareNames: {} };
    const g = config('HeNormal', { seed: { kind: 'generator', value: 5, callIndex: 0 } });
    assert.equal(initializerExpression(g, codeTarget('auto', tfFile)), 'tf.keras.initializers.HeNormal(seed=5)');
  });

  test('snippets say which random stream their numbers come from', () => {
    assert.match(pythonSnippet(config('HeNormal'), KERAS), /^import keras\n\n# Values as on Keras 3's numpy backend/);
    assert.match(pythonSnippet(config('HeNormal'), TF), /^import tensorflow as tf\n\n# tf\.keras draws with TensorFlow's random ops/);
    assert.doesNotMatch(pythonSnippet(config('Zeros'), KERAS), /#/, 'an unseeded class needs no note');
    const g = config('HeNormal', { seed: { kind: 'generator', value: 5, callIndex: 2 } });
    assert.match(pythonSnippet(g, TF), /# This API has no SeedGenerator: seed=5 gives the values of call 0, not call 2\./);
  });
});
