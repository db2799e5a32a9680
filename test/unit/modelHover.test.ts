/**
 * The initializer lookup, hover, diagnostics, preview patch and generator suggestion with the weight
 * shapes the file's model gives (analyzeModels): the Input, the layer before, a function building a
 * layer called twice, notebook cells read as one program, and what Keras raises at build time.
 * Expected numbers come from Keras's formulas, not from the code's output.
 */
import * as assert from 'node:assert/strict';
import {
  commandUriArgs,
  findInitializerAt,
  hoverAt,
  lintInitializers,
  notebookCellAt,
  notebookProgram,
  type HoverContent,
  type InitializerExpression,
  type LintProblem,
} from '../../src/core/index';
import { initializerExpressionAt } from '../../src/core/python/findInitializerAt';
import { patchFromCommandArgument } from '../../src/extension/patchFromCommandArgument';
import { patchFromInitializer } from '../../src/extension/patchFromInitializer';
import { parseGenerateArgument, suggestionAt } from '../../src/extension/generateArgs';
import { defaultState, isConfigPatch, isPreviewConfig, type ConfigPatch } from '../../src/protocol/previewConfig';
import { reduce } from '../../src/webview/state';

/** Keras: the std of a standard normal truncated to [-2, 2]. */
const TRUNC = 0.87962566103423978;

/** The model of the issue, on three lines. */
const ISSUE = [
  'import keras',
  'from keras import layers, initializers',
  'model = keras.Sequential([keras.Input(shape=(784,)), layers.Dense(256, activation="relu", kernel_initializer="he_normal"), layers.Dense(10, kernel_initializer=initializers.GlorotUniform(seed=42))])',
].join('\n');

function offsetOf(text: string, needle: string, at = 1, after?: string): number {
  const from = after !== undefined ? text.indexOf(after) : 0;
  assert.ok(from >= 0, `the text contains ${after}`);
  const i = text.indexOf(needle, from);
  assert.ok(i >= 0, `the text contains ${needle}`);
  return i + at;
}

function findIn(text: string, needle: string, at = 1, after?: string): InitializerExpression {
  const e = findInitializerAt(text, offsetOf(text, needle, at, after));
  assert.ok(e, `an initializer at ${needle}`);
  return e;
}

function hoverIn(text: string, needle: string, at = 1, after?: string): HoverContent {
  const h = hoverAt(text, offsetOf(text, needle, at, after));
  assert.ok(h, `a hover at ${needle}`);
  return h;
}

/** The number printed after `label` in the hover. */
function numberAfter(markdown: string, pattern: RegExp): number {
  const m = pattern.exec(markdown);
  assert.ok(m, `${String(pattern)} in\n${markdown}`);
  return Number(m[1]);
}

function assertClose(actual: number, expected: number, what: string): void {
  assert.ok(Math.abs(actual - expected) <= 5e-6 * Math.abs(expected), `${what}: ${actual} vs ${expected}`);
}

function only(problems: readonly LintProblem[], rule: LintProblem['rule']): LintProblem[] {
  return problems.filter((p) => p.rule === rule);
}

suite('model shapes: the lookup', () => {
  test('the issue\'s model: "he_normal" gets the kernel (784, 256) from keras.Input', () => {
    const before = initializerExpressionAt(ISSUE, offsetOf(ISSUE, 'he_normal'));
    assert.deepEqual(before?.layer?.shape, [undefined, 256], 'the literal arguments alone do not know fan_in');
    const layer = findIn(ISSUE, 'he_normal').layer;
    assert.ok(layer);
    assert.equal(layer.weight, 'kernel');
    assert.deepEqual(layer.shape, [784, 256]);
    assert.equal(layer.rank, 2);
    assert.equal(layer.fanIn, 784);
    assert.equal(layer.fanOut, 256);
    assert.equal(layer.shapeSource?.text, 'fan_in 784: `keras.Input(shape=(784,))` on line 3');
    assert.equal(layer.shapeSource?.line, 3);
    const range = layer.shapeSource?.range;
    assert.ok(range);
    assert.equal(ISSUE.slice(range.start, range.end), 'keras.Input(shape=(784,))');
  });

  test('the second Dense: fan_in 256 is the output of Dense(256)', () => {
    const layer = findIn(ISSUE, 'GlorotUniform').layer;
    assert.deepEqual(layer?.shape, [256, 10]);
    assert.equal(layer?.shapeSource?.text, 'fan_in 256: output of `Dense(256)` on line 3');
  });

  test('a functional model, and an initializer held in a variable and passed later', () => {
    const text = [
      'import keras',
      'from keras import layers, initializers',
      'init = initializers.HeUniform(seed=1)',
      'inputs = keras.Input(shape=(32,))',
      'x = layers.Dense(64, activation="relu")(inputs)',
      'x = layers.Dense(16, kernel_initializer=init)(x)',
      'outputs = layers.Dense(10, bias_initializer="ones")(x)',
      'model = keras.Model(inputs, outputs)',
    ].join('\n');
    const viaUse = findIn(text, 'init)', 1);
    assert.equal(viaUse.via?.variable, 'init');
    assert.deepEqual(viaUse.layer?.shape, [64, 16]);
    assert.equal(viaUse.layer?.shapeSource?.text, 'fan_in 64: output of `Dense(64)` on line 5');
    const bias = findIn(text, '"ones"').layer;
    assert.equal(bias?.weight, 'bias');
    // The bias shape is given by units alone: nothing to tell about where it comes from.
    assert.deepEqual(bias?.shape, [10]);
    assert.equal(bias?.shapeSource, undefined);
  });

  test('a conv model: the kernel gets its input channels from the layer before', () => {
    const text = [
      'import keras',
      'from keras import layers',
      'model = keras.Sequential([',
      '    keras.Input(shape=(28, 28, 1)),',
      '    layers.Conv2D(32, 3, activation="relu"),',
      '    layers.Conv2D(64, (3, 3), kernel_initializer="glorot_uniform"),',
      '])',
    ].join('\n');
    const layer = findIn(text, 'glorot_uniform').layer;
    assert.deepEqual(layer?.shape, [3, 3, 32, 64]);
    assert.equal(layer?.fanIn, 288);
    assert.equal(layer?.fanOut, 576);
    assert.equal(layer?.receptiveField, 9);
    assert.equal(layer?.shapeSource?.text, 'fan_in 288: output of `Conv2D(32, 3)` on line 5');
    const h = hoverIn(text, 'glorot_uniform');
    assert.match(h.markdown, /shape `\(3, 3, 32, 64\)`: fan_in = 288, fan_out = 576/);
    assertClose(numberAfter(h.markdown, /values in \[-([0-9.]+),/), Math.sqrt(6 / (288 + 576)), 'limit');
  });

  test('recurrent_initializer is the recurrent kernel, kernel_initializer the input kernel', () => {
    const text = [
      'import keras',
      'from keras import layers',
      'x = keras.Input(shape=(20, 12))',
      'y = layers.LSTM(8, kernel_initializer="glorot_uniform", recurrent_initializer="orthogonal")(x)',
    ].join('\n');
    const kernel = findIn(text, 'glorot_uniform').layer;
    assert.equal(kernel?.weight, 'kernel');
    assert.deepEqual(kernel?.shape, [12, 32]);
    const recurrent = findIn(text, 'orthogonal').layer;
    assert.equal(recurrent?.weight, 'recurrent_kernel');
    assert.deepEqual(recurrent?.shape, [8, 32]);
  });

  test('a function that builds a layer, called twice: both shapes, none picked', () => {
    const text = [
      'import keras',
      'from keras import layers',
      'def block(x, filters):',
      '    return layers.Conv2D(filters, 3, kernel_initializer="he_normal")(x)',
      'inputs = keras.Input(shape=(28, 28, 32))',
      'x = block(inputs, 64)',
      'x = block(x, 128)',
    ].join('\n');
    const layer = findIn(text, 'he_normal').layer;
    assert.ok(layer);
    assert.deepEqual(
      layer.instances?.map((i) => i.shape),
      [
        [3, 3, 32, 64],
        [3, 3, 64, 128],
      ],
    );
    assert.equal(layer.shapeSource?.text, 'called 2 times: (3, 3, 32, 64) and (3, 3, 64, 128)');
    assert.deepEqual(layer.shape, [3, 3, undefined, undefined]);
    const h = hoverIn(text, 'he_normal');
    assert.match(h.markdown, /called 2 times: \(3, 3, 32, 64\) and \(3, 3, 64, 128\)/);
    assert.match(h.markdown, /`\(3, 3, 32, 64\)`: fan_in = 288, fan_out = 576/);
    assert.match(h.markdown, /`\(3, 3, 64, 128\)`: fan_in = 576, fan_out = 1152/);
    assert.doesNotMatch(h.markdown, /is not known here/, 'no table of guesses');
    assert.equal(h.commandArgs?.shape, undefined, 'the links do not pick one of the shapes');
  });

  test('the same function called twice with the same shapes: the shape is known', () => {
    const text = [
      'import keras',
      'from keras import layers',
      'def block(x):',
      '    return layers.Dense(32, kernel_initializer="he_normal")(x)',
      'inputs = keras.Input(shape=(32,))',
      'x = block(inputs)',
      'x = block(x)',
    ].join('\n');
    const layer = findIn(text, 'he_normal').layer;
    assert.deepEqual(layer?.shape, [32, 32]);
    assert.equal(layer?.instances, undefined);
  });

  test('an input the model cannot size: why, and the table of guesses stays', () => {
    const text = ['import keras', 'x = keras.Input(shape=(None,))', 'y = keras.layers.Dense(64, kernel_initializer="he_normal")(x)'].join(
      '\n',
    );
    const h = hoverIn(text, 'he_normal');
    assert.match(h.markdown, /fan_in unknown \(Dense kernel: axis -1 of the input shape \(None, None\) is not known\)/);
    assert.match(h.markdown, /fan_in is not known here/);
  });
});

suite('model shapes: the hover of the issue', () => {
  test('"he_normal": fan_in 784 from the Input, stddev sqrt(2/784)/0.8796...', () => {
    const h = hoverIn(ISSUE, 'he_normal');
    assert.match(h.markdown, /\*\*Here\*\* `Dense` kernel, shape `\(784, 256\)`: fan_in = 784, fan_out = 256/);
    assert.match(h.markdown, /From the model: fan_in 784: `keras\.Input\(shape=\(784,\)\)` on line 3/);
    const expected = Math.sqrt(2 / 784) / TRUNC;
    assertClose(numberAfter(h.markdown, /stddev ([0-9.]+) before truncation/), expected, 'stddev');
    assertClose(numberAfter(h.markdown, /std of the values ([0-9.]+)/), Math.sqrt(2 / 784), 'std of the values');
    assert.doesNotMatch(h.markdown, /fan_in unknown|is not known here/);
    assert.deepEqual(h.commandArgs?.shape, [784, 256]);
    assert.equal(h.commandArgs?.shapeSource, 'fan_in 784: `keras.Input(shape=(784,))` on line 3');
  });

  test('GlorotUniform(seed=42): limit sqrt(6/(256+10)), fan_in 256 from Dense(256)', () => {
    const h = hoverIn(ISSUE, 'GlorotUniform');
    assert.match(h.markdown, /shape `\(256, 10\)`: fan_in = 256, fan_out = 10/);
    assert.match(h.markdown, /fan_in 256: output of `Dense\(256\)` on line 3/);
    assertClose(numberAfter(h.markdown, /values in \[-([0-9.]+),/), Math.sqrt(6 / (256 + 10)), 'limit');
    assert.deepEqual(h.commandArgs?.shape, [256, 10]);
  });
});

suite('model shapes: notebook cells read as one program', () => {
  const cells = [
    'import keras\nfrom keras import layers\n%matplotlib inline\ninputs = keras.Input(shape=(784,))',
    'x = layers.Dense(128, activation="relu")(inputs)',
    'outputs = layers.Dense(10, kernel_initializer="lecun_normal")(x)\nmodel = keras.Model(inputs, outputs)',
  ];

  test('the hover in cell 3 knows the Input of cell 1 and the Dense of cell 2', () => {
    const program = notebookProgram(cells);
    const inCell = cells[2].indexOf('lecun_normal') + 2;
    const offset = program.cellStarts[2] + inCell;
    assert.deepEqual(notebookCellAt(program, offset), { cell: 2, offset: inCell });
    const h = hoverAt(program.text, offset);
    assert.ok(h);
    assert.match(h.markdown, /shape `\(128, 10\)`: fan_in = 128, fan_out = 10/);
    assertClose(numberAfter(h.markdown, /std of the values ([0-9.]+)/), Math.sqrt(1 / 128), 'std of the values');
    const source = findInitializerAt(program.text, offset)?.layer?.shapeSource;
    assert.equal(source?.text, 'fan_in 128: output of `Dense(128)` on line 5');
    assert.ok(source?.range);
    assert.equal(notebookCellAt(program, source.range.start).cell, 1);
    // The hover's range maps back into the cell.
    assert.equal(notebookCellAt(program, h.range.start).cell, 2);
    // Alone, the cell knows only the units.
    assert.match(hoverAt(cells[2], inCell)?.markdown ?? '', /fan_in unknown/);
  });
});

suite('model shapes: what Keras raises at build time', () => {
  const text = [
    'import keras',
    'from keras import layers',
    'a = keras.Input(shape=(8,))',
    'b = keras.Input(shape=(9,))',
    'c = layers.Add()([a, b])',
    'd = layers.Concatenate()([keras.Input(shape=(4, 3)), keras.Input(shape=(5, 2))])',
    'e = layers.Conv2D(8, 3, kernel_initializer="he_normal")(a)',
  ].join('\n');

  test("Add, Concatenate and Conv2D on a rank-2 input: Keras's messages on the layer calls", () => {
    const problems = only(lintInitializers(text), 'modelBuild');
    assert.deepEqual(
      problems.map((p) => text.slice(p.range.start, p.range.end)),
      [
        'layers.Add()([a, b])',
        'layers.Concatenate()([keras.Input(shape=(4, 3)), keras.Input(shape=(5, 2))])',
        'layers.Conv2D(8, 3, kernel_initializer="he_normal")(a)',
      ],
    );
    for (const p of problems) assert.equal(p.severity, 'error');
    assert.match(problems[0].message, /^ValueError: Inputs have incompatible shapes\. Received shapes \(8,\) and \(9,\)/);
    assert.match(
      problems[1].message,
      /^ValueError: A `Concatenate` layer requires inputs with matching shapes except for the concatenation axis\. Received: input_shape=\[\(None, 4, 3\), \(None, 5, 2\)\]/,
    );
    assert.match(
      problems[2].message,
      /^ValueError: Input 0 with name 'None' of layer 'conv2d' is incompatible with the layer: expected min_ndim=4, found ndim=2\. Full shape received: \(None, 8\)/,
    );
  });

  test('the rule can be turned off', () => {
    assert.deepEqual(only(lintInitializers(text, { rules: { modelBuild: false } }), 'modelBuild'), []);
  });

  test('Identity on a kernel whose rank only the model knows (EinsumDense)', () => {
    const einsum = [
      'import keras',
      'from keras import layers',
      'x = keras.Input(shape=(10, 16))',
      'y = layers.EinsumDense("abc,cde->abde", output_shape=(10, 4, 8), kernel_initializer="identity")(x)',
    ].join('\n');
    const at = offsetOf(einsum, 'identity');
    assert.equal(initializerExpressionAt(einsum, at)?.layer?.shape, undefined, 'the arguments alone do not give the rank');
    assert.deepEqual(findInitializerAt(einsum, at)?.layer?.shape, [16, 4, 8]);
    const identity = only(lintInitializers(einsum), 'identityShape');
    assert.equal(identity.length, 1);
    assert.match(
      identity[0].message,
      /^ValueError: Identity matrix initializer can only be used for 2D matrices\. Received: shape=\(16, 4, 8\) of rank 3\./,
    );
    assert.equal(einsum.slice(identity[0].range.start, identity[0].range.end), '"identity"');
  });

  test('a well-built model has no build problem', () => {
    assert.deepEqual(only(lintInitializers(ISSUE), 'modelBuild'), []);
  });
});

suite('model shapes: preview and generator', () => {
  test('the cursor patch carries the model shape and where it comes from', () => {
    const result = patchFromInitializer(findIn(ISSUE, 'he_normal'));
    assert.ok(result);
    assert.deepEqual(result.patch.shape, [784, 256]);
    assert.equal(result.patch.shapeSource, 'fan_in 784: `keras.Input(shape=(784,))` on line 3');
    assert.ok(isConfigPatch(result.patch));
  });

  test("the hover link's argument opens the preview on that shape with its source", () => {
    const args = hoverIn(ISSUE, 'he_normal').commandArgs;
    const parsed = patchFromCommandArgument(JSON.parse(JSON.stringify(args)));
    assert.ok(parsed.ok && parsed.result);
    const patch: ConfigPatch = parsed.result.patch;
    assert.deepEqual(patch.shape, [784, 256]);
    const state = reduce(defaultState(), { type: 'applyPatch', patch });
    assert.deepEqual(state.config.shape, [784, 256]);
    assert.equal(state.config.shapeSource, 'fan_in 784: `keras.Input(shape=(784,))` on line 3');
    assert.ok(isPreviewConfig(state.config));
    // A shape changed in the panel is no longer the model's.
    const edited = reduce(state, { type: 'setShape', shape: [10, 10] });
    assert.equal(edited.config.shapeSource, undefined);
    assert.equal('shapeSource' in edited.config, false);
    // Another initializer without a source drops it too.
    const other = reduce(state, { type: 'applyPatch', patch: { className: 'Zeros', args: {} } });
    assert.equal(other.config.shapeSource, undefined);
  });

  test('the links stay one Markdown link although shapeSource quotes code with parentheses', () => {
    const h = hoverIn(ISSUE, 'GlorotUniform');
    const link = /\[Preview\]\((command:[^ )]+)/.exec(h.markdown);
    assert.ok(link, h.markdown);
    assert.deepEqual(commandUriArgs(link[1], 'kerasInitializers.openPreview'), [h.commandArgs]);
    assert.equal(h.commandArgs?.shapeSource, 'fan_in 256: output of `Dense(256)` on line 3');
  });

  test('the guards check shapeSource', () => {
    const config = defaultState().config;
    assert.ok(isPreviewConfig({ ...config, shapeSource: 'fan_in 784: the Input' }));
    assert.equal(isPreviewConfig({ ...config, shapeSource: 784 }), false);
    assert.equal(isPreviewConfig({ ...config, shapeSource: 'x'.repeat(10_000) }), false);
    assert.equal(isConfigPatch({ className: 'Zeros', args: {}, shapeSource: ['no'] }), false);
  });

  test('Generate Weight File: the editor suggestion has the model shape, and the link argument is accepted', () => {
    const suggestion = suggestionAt(ISSUE, offsetOf(ISSUE, 'GlorotUniform'));
    assert.deepEqual(suggestion?.shape, [256, 10]);
    assert.equal(suggestion?.shapeSource, 'fan_in 256: output of `Dense(256)` on line 3');
    const args = hoverIn(ISSUE, 'GlorotUniform').commandArgs;
    const request = parseGenerateArgument(JSON.parse(JSON.stringify(args)));
    assert.deepEqual(request.shape, [256, 10]);
    assert.equal(request.shapeSource, 'fan_in 256: output of `Dense(256)` on line 3');
  });
});
