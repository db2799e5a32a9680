/**
 * The hover text built by the core (src/core/language/hover.ts). Expected numbers are computed here from
 * Keras's formulas (keras/src/initializers/random_initializers.py), not read from the code's output.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { commandUriArgs, hoverAt, shapeText, signature, type HoverContent, type Translate } from '../../src/core/index';

/** Keras: the std of a standard normal truncated to [-2, 2] (VarianceScaling's correction). */
const TRUNC = 0.87962566103423978;
/** fan_in values the hover tabulates when the layer does not give fan_in. */
const TYPICAL_FAN_INS = [64, 128, 256, 512, 784, 1024, 4096];

const MODEL = fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'language', 'model.py'), 'utf8');

/** A document written as lines with one `|` marking the cursor. */
function withCursor(lines: readonly string[]): { text: string; offset: number } {
  const joined = lines.join('\n');
  const offset = joined.indexOf('|');
  assert.ok(offset >= 0 && joined.indexOf('|', offset + 1) < 0, 'exactly one | cursor');
  return { text: joined.slice(0, offset) + joined.slice(offset + 1), offset };
}

function hoverOn(lines: readonly string[]): HoverContent | undefined {
  const { text, offset } = withCursor(lines);
  return hoverAt(text, offset);
}

/** The hover at the first occurrence of `needle` in model.py (`at` characters into it). */
function hoverInModel(needle: string, at = 1): HoverContent {
  const i = MODEL.indexOf(needle);
  assert.ok(i >= 0, `model.py contains ${needle}`);
  const h = hoverAt(MODEL, i + at);
  assert.ok(h, `a hover on ${needle}`);
  return h;
}

/** Relative agreement to the 6 significant digits the hover prints. */
function assertClose(actual: number, expected: number, what: string): void {
  assert.ok(Number.isFinite(actual), `${what}: ${actual} is a number`);
  assert.ok(Math.abs(actual - expected) <= 5e-6 * Math.abs(expected), `${what}: ${actual} vs ${expected}`);
}

const NUM = '(-?[0-9.]+(?:e[-+]?[0-9]+)?)';

function match(markdown: string, re: RegExp, what: string): RegExpExecArray {
  const m = re.exec(markdown);
  assert.ok(m, `${what} in:\n${markdown}`);
  return m;
}

/** The table rows `| fan | a | b | ... |` as numbers (a leading ± is dropped). */
function tableRows(markdown: string): number[][] {
  return markdown
    .split('\n')
    .filter((l) => /^\| [0-9]/.test(l))
    .map((l) =>
      l
        .split('|')
        .slice(1, -1)
        .map((c) => Number(c.trim().replace(/^±/, ''))),
    );
}

function commandArgs(markdown: string, command: string): unknown {
  const m = match(markdown, new RegExp(`\\((command:${command.replace(/\./g, '\\.')}\\?[^ )]+)`), `a ${command} link`);
  const args = commandUriArgs(m[1], command);
  assert.ok(args && args.length === 1, 'one argument');
  return args[0];
}

suite('hover: numbers of this call', () => {
  test('Dense(256, input_dim=784) with "he_normal": stddev = sqrt(2/784) / 0.8796..., values within ±2·stddev', () => {
    const h = hoverInModel('"he_normal"', 3);
    assert.equal(MODEL.slice(h.range.start, h.range.end), 'he_normal');
    assert.match(h.markdown, /\*\*HeNormal\*\*/);
    assert.match(h.markdown, /shape `\(784, 256\)`: fan_in = 784, fan_out = 256/);
    const stddev = Math.sqrt(2 / 784) / TRUNC;
    const m = match(
      h.markdown,
      new RegExp(`stddev ${NUM} before truncation · std of the values ${NUM} · values in \\[${NUM}, ${NUM}\\]`),
      'the law numbers',
    );
    assertClose(Number(m[1]), stddev, 'stddev');
    assertClose(Number(m[2]), Math.sqrt(2 / 784), 'std of the values');
    assertClose(Number(m[3]), -2 * stddev, 'lower bound');
    assertClose(Number(m[4]), 2 * stddev, 'upper bound');
  });

  test('fan_in unknown (Dense(256) without an input): a table over typical fan_in values', () => {
    const i = MODEL.indexOf('unknown_fan_in');
    const h = hoverAt(MODEL, MODEL.indexOf('he_normal', i) + 2);
    assert.ok(h);
    assert.match(h.markdown, /shape `\(\?, 256\)`: fan_in unknown/);
    assert.match(h.markdown, /\| fan_in \| stddev \| std of the values \| bounds \|/);
    const rows = tableRows(h.markdown);
    assert.deepEqual(
      rows.map((r) => r[0]),
      TYPICAL_FAN_INS,
    );
    for (const [fan, stddev, std, bound] of rows) {
      assertClose(stddev, Math.sqrt(2 / fan) / TRUNC, `stddev at fan_in ${fan}`);
      assertClose(std, Math.sqrt(2 / fan), `std at fan_in ${fan}`);
      assertClose(bound, (2 * Math.sqrt(2 / fan)) / TRUNC, `bound at fan_in ${fan}`);
    }
  });

  test('GlorotUniform on Dense(10, input_shape=(784,)): limit = sqrt(6 / (784 + 10))', () => {
    const h = hoverInModel('GlorotUniform(seed=42)');
    assert.match(h.markdown, /shape `\(784, 10\)`: fan_in = 784, fan_out = 10/);
    const m = match(h.markdown, new RegExp(`values in \\[${NUM}, ${NUM}\\) · std of the values ${NUM}`), 'the uniform numbers');
    const limit = Math.sqrt(6 / (784 + 10));
    assertClose(Number(m[1]), -limit, 'low');
    assertClose(Number(m[2]), limit, 'high');
    assertClose(Number(m[3]), limit / Math.sqrt(3), 'std of U(-limit, limit)');
  });

  test('GlorotUniform with fan_out known and fan_in unknown: the table holds fan_out fixed', () => {
    const h = hoverOn(['import keras', 'd = keras.layers.Dense(10, kernel_initializer="glorot_u|niform")']);
    assert.ok(h);
    assert.match(h.markdown, /fan_in is not known here \(fan_out = 10\)/);
    const rows = tableRows(h.markdown);
    assert.deepEqual(
      rows.map((r) => r[0]),
      TYPICAL_FAN_INS,
    );
    for (const [fan, limit, std] of rows) {
      assertClose(limit, Math.sqrt(6 / (fan + 10)), `limit at fan_in ${fan}`);
      assertClose(std, Math.sqrt(2 / (fan + 10)), `std at fan_in ${fan}`);
    }
  });

  test('VarianceScaling(scale=2.0, mode="fan_out", distribution="uniform") in Dense(64): limit = sqrt(3 · 2 / 64)', () => {
    const h = hoverInModel('VarianceScaling(scale=2.0');
    assert.match(h.markdown, /fan_out = 64/);
    const m = match(h.markdown, new RegExp(`values in \\[${NUM}, ${NUM}\\)`), 'the bounds');
    assertClose(Number(m[2]), Math.sqrt((3 * 2) / 64), 'limit');
    assert.doesNotMatch(h.markdown, /\| fan_in \|/, 'fan_in does not matter in fan_out mode: no table');
  });

  test('Conv2D(32, 3, input_shape=(28, 28, 1)) with "he_uniform": receptive field 9 → fan_in 9, fan_out 288', () => {
    const h = hoverInModel('"he_uniform"', 2);
    assert.match(h.markdown, /shape `\(3, 3, 1, 32\)`: fan_in = 9, fan_out = 288/);
    const m = match(h.markdown, new RegExp(`values in \\[${NUM}, ${NUM}\\)`), 'the bounds');
    assertClose(Number(m[2]), Math.sqrt(6 / 9), 'limit');
  });

  test('TruncatedNormal(stddev=0.02): the values have std 0.02 · 0.8796... and lie in [-0.04, 0.04]', () => {
    const h = hoverInModel('TruncatedNormal(mean');
    const m = match(
      h.markdown,
      new RegExp(`stddev ${NUM} before truncation · std of the values ${NUM} · values in \\[${NUM}, ${NUM}\\]`),
      'the law numbers',
    );
    assertClose(Number(m[1]), 0.02, 'stddev');
    assertClose(Number(m[2]), 0.02 * TRUNC, 'std of the values');
    assertClose(Number(m[3]), -0.04, 'lower');
    assertClose(Number(m[4]), 0.04, 'upper');
  });

  test('fan_avg with neither fan known: a table over square weights, limit = sqrt(6 / (2n))', () => {
    const h = hoverOn(['from keras import initializers', 'g = initializers.get("glorot_un|iform")']);
    assert.ok(h);
    assert.match(h.markdown, /\| fan_in = fan_out \| limit \| std of the values \|/);
    const rows = tableRows(h.markdown);
    assert.deepEqual(
      rows.map((r) => r[0]),
      TYPICAL_FAN_INS,
    );
    for (const [fan, limit] of rows) assertClose(limit, Math.sqrt(6 / (fan + fan)), `limit at ${fan}`);
  });

  test("Keras's constructor error replaces the numbers: VarianceScaling(scale=0.0)", () => {
    const h = hoverOn(['import keras', 'v = keras.initializers.Variance|Scaling(scale=0.0)']);
    assert.ok(h);
    assert.match(h.markdown, /ValueError: Argument `scale` must be positive float\. Received: scale=0\.0/);
    assert.doesNotMatch(h.markdown, /command:/, 'no links for a configuration Keras rejects');
  });

  test('Identity on a Conv2D kernel and Orthogonal on a bias: the hover quotes what Keras raises at build time', () => {
    const identity = hoverOn(['import keras', 'c = keras.layers.Conv2D(32, 3, input_shape=(28, 28, 3), kernel_initializer="iden|tity")']);
    assert.ok(identity);
    assert.match(
      identity.markdown,
      /Keras raises `ValueError: Identity matrix initializer can only be used for 2D matrices\. Received: shape=\(3, 3, 3, 32\) of rank 4\.` when the layer is built/,
    );
    const orthogonal = hoverOn(['import keras', 'd = keras.layers.Dense(64, bias_initializer="ortho|gonal")']);
    assert.ok(orthogonal);
    assert.match(orthogonal.markdown, /The tensor to initialize must be at least two-dimensional\. Received: shape=\(64,\) of rank 1\./);
  });

  test('a variable passed as the initializer shows what it holds, with the shape of the use site', () => {
    const h = hoverOn([
      'import keras',
      'init = keras.initializers.HeNormal(seed=3)',
      'd = keras.layers.Dense(100, input_dim=50, kernel_initializer=in|it)',
    ]);
    assert.ok(h);
    assert.match(h.markdown, /\(held by `init`\)/);
    assert.match(h.markdown, /fan_in = 50, fan_out = 100/);
    const m = match(h.markdown, new RegExp(`stddev ${NUM} before truncation`), 'stddev');
    assertClose(Number(m[1]), Math.sqrt(2 / 50) / TRUNC, 'stddev');
  });
});

suite('hover: what it is, defaults, seeds, PyTorch, links', () => {
  test("the defaults are Keras 3's signature", () => {
    const h = hoverInModel('TruncatedNormal(mean');
    assert.match(h.markdown, /`TruncatedNormal\(mean=0\.0, stddev=0\.05, seed=None\)`/);
    assert.match(h.markdown, /given here: `mean=0\.0`, `stddev=0\.02`, `seed=1`/);
    assert.equal(
      signature('VarianceScaling', [
        { name: 'scale', type: 'float', default: 1, doc: '' },
        { name: 'mode', type: 'enum', default: 'fan_in', doc: '' },
        { name: 'seed', type: 'seed', default: null, doc: '' },
      ]),
      "VarianceScaling(scale=1.0, mode='fan_in', seed=None)",
    );
  });

  test('an int seed: identical values every call, the numpy stream default_rng([seed, 0]), SeedGenerator, other backends', () => {
    const h = hoverInModel('GlorotUniform(seed=42)');
    assert.match(h.markdown, /identical values on every call/);
    assert.match(h.markdown, /`numpy\.random\.default_rng\(\[42, 0\]\)`/);
    assert.match(h.markdown, /`keras\.random\.SeedGenerator\(42\)`/);
    assert.match(h.markdown, /TensorFlow, JAX and PyTorch backends the same seed draws different numbers/);
  });

  test('no seed: Keras draws one at construction, so calls repeat; a SeedGenerator seed draws fresh values', () => {
    const none = hoverInModel('"he_normal"', 2);
    assert.match(none.markdown, /No seed: Keras 3 draws one when the instance is created/);
    const gen = hoverOn(['import keras', 'i = keras.initializers.He|Normal(seed=keras.random.SeedGenerator(7))']);
    assert.ok(gen);
    assert.match(gen.markdown, /a SeedGenerator, so each call draws fresh values/);
  });

  test('the PyTorch equivalent and the documentation link', () => {
    const h = hoverInModel('"he_uniform"', 2);
    assert.match(h.markdown, /\*\*PyTorch\*\* `torch\.nn\.init\.kaiming_uniform_\(w, nonlinearity='relu'\)`/);
    assert.match(h.markdown, /\[Documentation\]\(https:\/\/keras\.io\/api\/layers\/initializers\/#heuniform-class\)/);
  });

  test('Preview and Generate links carry the serialized Keras config and the shape', () => {
    const h = hoverInModel('GlorotUniform(seed=42)');
    const expected = {
      // Keras 3 get_config of GlorotUniform: seed, input_axes, output_axes (keras-spec §1.3).
      initializer: {
        module: 'keras.initializers',
        class_name: 'GlorotUniform',
        config: { seed: 42, input_axes: null, output_axes: null },
        registered_name: null,
      },
      shape: [784, 10],
    };
    assert.deepEqual(commandArgs(h.markdown, 'kerasInitializers.openPreview'), expected);
    assert.deepEqual(commandArgs(h.markdown, 'kerasInitializers.generateWeights'), expected);
    assert.deepEqual(h.commandArgs, expected);
    assert.match(h.markdown, /\[Preview\]\(command:/);
    assert.match(h.markdown, /\[Generate weights…\]\(command:/);
  });

  test("without a known shape the links carry the config alone; keys follow Keras's get_config order", () => {
    const h = hoverInModel('TruncatedNormal(mean');
    const args = commandArgs(h.markdown, 'kerasInitializers.openPreview') as { initializer: { config: object }; shape?: unknown };
    assert.equal(args.shape, undefined);
    assert.deepEqual(Object.keys(args.initializer.config), ['seed', 'mean', 'stddev']);
    assert.deepEqual(args.initializer.config, { seed: 1, mean: 0, stddev: 0.02 });
  });

  test('the links may point at other command ids (the extension passes its own)', () => {
    const { text, offset } = withCursor(['import keras', 'i = keras.initializers.Or|thogonal()']);
    const h = hoverAt(text, offset, { commands: { preview: 'x.preview', generate: 'x.generate' } });
    assert.ok(h);
    assert.match(h.markdown, /\(command:x\.preview\?/);
    assert.match(h.markdown, /\(command:x\.generate\?/);
  });

  test('a tf.keras 2.x name: the Keras 3 class, the rename, and what tf.keras 2.x does differently', () => {
    const h = hoverOn(['import tensorflow as tf', 'i = tf.keras.initializers.HeNor|malV2()']);
    assert.ok(h);
    assert.match(h.markdown, /`HeNormalV2` is a tf\.keras 2\.x name: Keras 3 does not accept it; use `HeNormal`/);
    assert.match(h.markdown, /\*\*tf\.keras 2\.x\*\*/);
  });

  test("an unknown id: Keras's error and the closest accepted ids", () => {
    const h = hoverOn(['import keras', 'd = keras.layers.Dense(4, kernel_initializer="glo|rot")']);
    assert.ok(h);
    assert.match(h.markdown, /`ValueError: Could not interpret initializer identifier: glorot`/);
    assert.match(h.markdown, /Did you mean `glorot_normal`, `glorot_uniform`\?/);
  });

  test('every user-facing template goes through the translation function', () => {
    const seen: string[] = [];
    const t: Translate = (message, ...args) => {
      seen.push(message);
      return `«${message.replace(/\{(\d+)\}/g, (_m, i: string) => String(args[Number(i)]))}»`;
    };
    const i = MODEL.indexOf('"he_normal"');
    const h = hoverAt(MODEL, i + 2, { t });
    assert.ok(h);
    assert.match(h.markdown, /\*\*«Seed»\*\*/);
    assert.match(h.markdown, /\[«Preview»\]/);
    assert.ok(seen.includes('Generate weights…'));
  });
});

suite('hover: only on Keras initializers', () => {
  const NOT_INITIALIZERS: readonly (readonly string[])[] = [
    ['import numpy as np', 'w = np.random.nor|mal(0.0, 1.0, size=(3, 3))'],
    ['import torch', 'torch.nn.init.normal|_(w)'],
    ['import torch', 'torch.nn.init.kaiming_normal_(w, mode="fan|_in")'],
    ['label = "nor|mal"'],
    ['print("he_nor|mal")'],
    ['# kernel_initializer="he_nor|mal"'],
    ['import keras', 'model.compile(optimizer="ad|am")'],
    ['def normal(x):', '    return x', 'y = nor|mal(3)'],
  ];
  for (const lines of NOT_INITIALIZERS) {
    test(`no hover: ${lines[lines.length - 1].replace('|', '')}`, () => {
      assert.equal(hoverOn(lines), undefined);
    });
  }

  test('model.py: no hover on np.random.normal nor on the unrelated "normal" string', () => {
    assert.equal(hoverAt(MODEL, MODEL.indexOf('np.random.normal') + 12), undefined);
    assert.equal(hoverAt(MODEL, MODEL.indexOf('"normal"') + 2), undefined);
  });
});

suite('hover: shape text', () => {
  test('unknown dimensions show as ?, a rank-1 shape keeps its comma', () => {
    assert.equal(shapeText([undefined, 256]), '(?, 256)');
    assert.equal(shapeText([64]), '(64,)');
    assert.equal(shapeText([3, 3, 1, 32]), '(3, 3, 1, 32)');
  });
});
