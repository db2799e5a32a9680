import * as assert from 'node:assert/strict';
import { REGISTRY } from '../../src/core/index';
import { defaultArgs, defaultState, isPreviewState, parsePreviewState, type PreviewState } from '../../src/protocol/previewConfig';
import {
  SHAPE_PRESETS,
  mergeShape,
  parseAxesText,
  parseFloatText,
  parseIntegerText,
  parseShapeText,
  presetOf,
  codeSpans,
  reduce,
  withoutShapeSource,
  type Action,
} from '../../src/webview/state';

const start = defaultState();

function run(state: PreviewState, ...actions: Action[]): PreviewState {
  return actions.reduce(reduce, state);
}

suite('panel state reducer', () => {
  test('the default state is valid, and every state the reducer makes stays valid', () => {
    assert.equal(isPreviewState(start), true);
    const actions: Action[] = [
      { type: 'setInitializer', className: 'VarianceScaling' },
      { type: 'setArg', name: 'scale', value: 2 },
      { type: 'setArg', name: 'mode', value: 'fan_out' },
      { type: 'setArg', name: 'input_axes', value: [0, 1] },
      { type: 'setShape', shape: [3, 3, 64, 128] },
      { type: 'setDtype', dtype: 'float64' },
      { type: 'setSeedKind', kind: 'generator' },
      { type: 'setCallIndex', callIndex: 3 },
      { type: 'setSeed', value: 7 },
      { type: 'setSampleSize', sampleSize: 5000 },
      { type: 'setFollowCursor', enabled: true },
      { type: 'setLogScale', enabled: true },
      { type: 'setCodeStyle', style: 'tf.keras' },
      { type: 'setPropagation', settings: { open: true, depth: 20, activation: 'tanh', compareWith: 'GlorotNormal' } },
      { type: 'applyPatch', patch: { className: 'HeUniform', args: {}, shape: [null, 10] } },
    ];
    let state = start;
    for (const action of actions) {
      state = reduce(state, action);
      assert.equal(isPreviewState(JSON.parse(JSON.stringify(state))), true, `after ${action.type}`);
    }
    assert.equal(state.config.className, 'HeUniform');
    // (None, 10) has another rank than the (3, 3, 64, 128) shown: the shape stays.
    assert.deepEqual(state.config.shape, [3, 3, 64, 128]);
    assert.deepEqual(state.config.seed, { kind: 'generator', value: 7, callIndex: 3 });
    assert.equal(state.view.propagation.depth, 20);
  });

  test('choosing an initializer resets its arguments to the registry defaults', () => {
    const s = run(
      start,
      { type: 'setInitializer', className: 'VarianceScaling' },
      { type: 'setArg', name: 'scale', value: 3 },
      { type: 'setInitializer', className: 'RandomUniform' },
    );
    assert.deepEqual(s.config.args, { minval: -0.05, maxval: 0.05 });
    for (const entry of REGISTRY) {
      const args = run(start, { type: 'setInitializer', className: entry.className }).config.args;
      assert.deepEqual(
        Object.keys(args),
        entry.args.filter((a) => a.type !== 'seed').map((a) => a.name),
        entry.className,
      );
    }
  });

  test('an initializer that needs another rank gets a shape it accepts', () => {
    const conv = run(start, { type: 'setShape', shape: [3, 3, 64, 128] });
    assert.deepEqual(run(conv, { type: 'setInitializer', className: 'Identity' }).config.shape, [256, 256]);
    assert.deepEqual(run(conv, { type: 'setInitializer', className: 'STFT' }).config.shape, [256, 1, 129]);
    assert.deepEqual(
      run(conv, { type: 'setInitializer', className: 'Orthogonal' }).config.shape,
      [3, 3, 64, 128],
      'rank 4 is fine for Orthogonal',
    );
    const bias = run(start, { type: 'setShape', shape: [64] });
    assert.deepEqual(run(bias, { type: 'setInitializer', className: 'Orthogonal' }).config.shape, [256, 256]);
    assert.deepEqual(run(bias, { type: 'setInitializer', className: 'Zeros' }).config.shape, [64]);
  });

  test('where the shape came from: kept while the shape stays, dropped when the user or a patch changes it', () => {
    const source = 'kernel of `Dense(256)` on line 5, input from `Dense(512)`';
    const fromModel: PreviewState = { ...start, config: { ...start.config, shape: [512, 256], shapeSource: source } };
    assert.equal(isPreviewState(fromModel), true);
    // Other changes keep it, and so does an initializer that takes the same shape.
    for (const action of [
      { type: 'setDtype', dtype: 'float64' },
      { type: 'setSeed', value: 3 },
      { type: 'setArg', name: 'seed', value: 1 },
      { type: 'setInitializer', className: 'HeNormal' },
      { type: 'setLogScale', enabled: true },
    ] as Action[]) {
      assert.equal(reduce(fromModel, action).config.shapeSource, source, action.type);
    }
    // A shape the user types or picks, even the same one, is theirs.
    for (const shape of [
      [784, 256],
      [512, 256],
    ]) {
      const s = reduce(fromModel, { type: 'setShape', shape });
      assert.equal(Object.prototype.hasOwnProperty.call(s.config, 'shapeSource'), false, String(shape));
      assert.equal(isPreviewState(s), true);
    }
    // An invalid shape is refused: the state, source included, stays.
    assert.equal(reduce(fromModel, { type: 'setShape', shape: [-1] }), fromModel);
    // An initializer that needs another rank changes the shape, and so drops its source.
    const bias = { ...fromModel, config: { ...fromModel.config, shape: [256] } };
    assert.equal(reduce(bias, { type: 'setInitializer', className: 'Orthogonal' }).config.shapeSource, undefined);
    // A patch is another configuration: the old source does not describe it.
    assert.equal(reduce(fromModel, { type: 'applyPatch', patch: { className: 'HeNormal', args: {} } }).config.shapeSource, undefined);
    assert.equal(withoutShapeSource(start.config), start.config);
  });

  test('arguments of the wrong type or of another class are refused (the state is unchanged)', () => {
    const vs = run(start, { type: 'setInitializer', className: 'VarianceScaling' });
    assert.equal(reduce(vs, { type: 'setArg', name: 'scale', value: 'big' }), vs);
    assert.equal(reduce(vs, { type: 'setArg', name: 'scale', value: NaN }), vs);
    assert.equal(reduce(vs, { type: 'setArg', name: 'gain', value: 2 }), vs);
    assert.equal(reduce(vs, { type: 'setArg', name: 'seed', value: 3 }), vs);
    // Keras-invalid but well-typed values are kept: the core reports Keras's message for them.
    assert.equal(reduce(vs, { type: 'setArg', name: 'scale', value: -1 }).config.args.scale, -1);
    assert.equal(reduce(vs, { type: 'setArg', name: 'mode', value: 'fan_sum' }).config.args.mode, 'fan_sum');
  });

  test('seed: int ↔ SeedGenerator keeps the value; the call index applies only to a SeedGenerator and is clamped', () => {
    const g = run(start, { type: 'setSeed', value: 5 }, { type: 'setSeedKind', kind: 'generator' });
    assert.deepEqual(g.config.seed, { kind: 'generator', value: 5, callIndex: 0 });
    assert.deepEqual(run(g, { type: 'setCallIndex', callIndex: 2 ** 40 }).config.seed, {
      kind: 'generator',
      value: 5,
      callIndex: 2 ** 32 - 1,
    });
    assert.deepEqual(run(g, { type: 'setCallIndex', callIndex: -3 }).config.seed, { kind: 'generator', value: 5, callIndex: 0 });
    const i = run(g, { type: 'setCallIndex', callIndex: 4 }, { type: 'setSeedKind', kind: 'int' });
    assert.deepEqual(i.config.seed, { kind: 'int', value: 5 });
    assert.equal(reduce(i, { type: 'setCallIndex', callIndex: 9 }), i);
  });

  test('the sample size is clamped to [1000, 1000000]', () => {
    assert.equal(run(start, { type: 'setSampleSize', sampleSize: 12 }).config.sampleSize, 1000);
    assert.equal(run(start, { type: 'setSampleSize', sampleSize: 5e9 }).config.sampleSize, 1_000_000);
    assert.equal(run(start, { type: 'setSampleSize', sampleSize: 2500.4 }).config.sampleSize, 2500);
  });

  test('propagation settings are clamped to their limits', () => {
    const s = run(start, { type: 'setPropagation', settings: { depth: 500, width: 2, batch: 99_999 } });
    assert.deepEqual([s.view.propagation.depth, s.view.propagation.width, s.view.propagation.batch], [50, 8, 1024]);
  });

  test('a patch: its class and arguments over the defaults, a known shape, dtype and seed; the rest kept', () => {
    const base = run(start, { type: 'setDtype', dtype: 'float64' }, { type: 'setSeed', value: 9 });
    const s = reduce(base, { type: 'applyPatch', patch: { className: 'VarianceScaling', args: { scale: 2, distribution: 'uniform' } } });
    assert.deepEqual(s.config.args, { ...defaultArgs('VarianceScaling'), scale: 2, distribution: 'uniform' });
    assert.deepEqual([s.config.shape, s.config.dtype, s.config.seed], [base.config.shape, 'float64', { kind: 'int', value: 9 }]);
    const t = reduce(base, {
      type: 'applyPatch',
      patch: { className: 'HeNormal', args: {}, shape: [3, 3, 16, 32], dtype: 'float16', seed: { kind: 'int', value: 1 } },
    });
    assert.deepEqual([t.config.shape, t.config.dtype, t.config.seed], [[3, 3, 16, 32], 'float16', { kind: 'int', value: 1 }]);
    // An argument of another class in a patch is dropped, not carried.
    assert.deepEqual(
      reduce(base, { type: 'applyPatch', patch: { className: 'HeNormal', args: { scale: 3 } } }).config.args,
      defaultArgs('HeNormal'),
    );
  });

  test('shapes with unknown dimensions merge into the current shape of the same rank, else leave it', () => {
    assert.deepEqual(mergeShape([784, 256], [null, 10]), [784, 10]);
    assert.deepEqual(mergeShape([784, 256], [64, 10]), [64, 10]);
    assert.deepEqual(mergeShape([784, 256], [3, 3, null, 64]), [784, 256]);
    assert.deepEqual(mergeShape([3, 3, 8, 8], [3, 3, null, 64]), [3, 3, 8, 64]);
    assert.deepEqual(mergeShape([], []), []);
  });

  test('restored state: valid state comes back as is; anything else is refused', () => {
    const s = run(start, { type: 'setInitializer', className: 'Orthogonal' });
    assert.deepEqual(parsePreviewState(JSON.parse(JSON.stringify(s))), s);
    for (const bad of [
      undefined,
      null,
      42,
      'state',
      { ...s, version: 2 },
      { ...s, config: { ...s.config, shape: [-1] } },
      { ...s, followCursor: 'yes' },
    ]) {
      assert.equal(parsePreviewState(bad), undefined, JSON.stringify(bad));
    }
  });
});

suite('panel control parsing', () => {
  test('shapes: commas, spaces, ×, x and *, parentheses or brackets, a trailing comma, the scalar shape', () => {
    const ok: [string, number[]][] = [
      ['784, 256', [784, 256]],
      ['(784, 256)', [784, 256]],
      ['[3, 3, 64, 128]', [3, 3, 64, 128]],
      ['784x256', [784, 256]],
      ['784 × 256', [784, 256]],
      ['3*3*64*128', [3, 3, 64, 128]],
      ['784 256', [784, 256]],
      ['(10,)', [10]],
      ['()', []],
      ['', []],
      ['0, 5', [0, 5]],
    ];
    for (const [text, shape] of ok) assert.deepEqual(parseShapeText(text), { ok: true, value: shape }, text);
    for (const text of ['-1, 256', '784.5', 'abc', '784,,256', '1e3', '2147483648', '1,1,1,1,1,1,1,1,1', '(784, 256']) {
      const parsed = parseShapeText(text);
      assert.equal(parsed.ok, false, text);
    }
    assert.match((parseShapeText('784, -1') as { error: string }).error, /"-1" is not a dimension/);
  });

  test('floats as Python writes them; inf and nan are refused', () => {
    for (const [text, value] of [
      ['1', 1],
      ['2.0', 2],
      ['-0.5', -0.5],
      ['1e-3', 0.001],
      ['.5', 0.5],
      ['1_000.5', 1000.5],
      ['+3', 3],
    ] as const) {
      assert.deepEqual(parseFloatText(text), { ok: true, value }, text);
    }
    for (const text of ['inf', 'nan', '1e400', 'abc', '', '1.2.3', '0x10']) assert.equal(parseFloatText(text).ok, false, text);
  });

  test('integers within bounds', () => {
    assert.deepEqual(parseIntegerText(' 42 ', 0, 100), { ok: true, value: 42 });
    assert.deepEqual(parseIntegerText('-3', -5, 5), { ok: true, value: -3 });
    for (const text of ['1.5', '101', '-1', 'x', '', '9007199254740993']) assert.equal(parseIntegerText(text, 0, 100).ok, false, text);
  });

  test('axes: None, empty, or a list of integers', () => {
    assert.deepEqual(parseAxesText('None'), { ok: true, value: null });
    assert.deepEqual(parseAxesText(''), { ok: true, value: null });
    assert.deepEqual(parseAxesText('[0, 1]'), { ok: true, value: [0, 1] });
    assert.deepEqual(parseAxesText('(-1,)'), { ok: true, value: [-1] });
    assert.deepEqual(parseAxesText('-2, -1'), { ok: true, value: [-2, -1] });
    for (const text of ['0.5', 'a, b', '1,,2', '999', '[0, 1', '(0))']) assert.equal(parseAxesText(text).ok, false, text);
  });

  test('the presets are the weights the issue names, and a shape finds its preset', () => {
    assert.deepEqual(
      SHAPE_PRESETS.map((p) => p.shape),
      [
        [784, 256],
        [3, 3, 64, 128],
        [256, 1024],
        [10000, 128],
      ],
    );
    assert.equal(presetOf([3, 3, 64, 128]), 'conv2d');
    assert.equal(presetOf([3, 3, 64]), undefined);
  });
});

suite('panel text helpers', () => {
  test('a note is cut at its `code` spans; an unpaired backtick stays text', () => {
    assert.deepEqual(codeSpans('kernel of `Dense(256)` on line 5, input from `Dense(512)`'), [
      { code: false, text: 'kernel of ' },
      { code: true, text: 'Dense(256)' },
      { code: false, text: ' on line 5, input from ' },
      { code: true, text: 'Dense(512)' },
    ]);
    assert.deepEqual(codeSpans('plain'), [{ code: false, text: 'plain' }]);
    assert.deepEqual(codeSpans(''), []);
    assert.deepEqual(codeSpans('a `b` c `d'), [
      { code: false, text: 'a ' },
      { code: true, text: 'b' },
      { code: false, text: ' c `d' },
    ]);
  });
});
