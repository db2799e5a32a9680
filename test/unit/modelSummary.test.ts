/**
 * modelSummary / formatModelSummary: rows, weights and laws checked against values computed here
 * from Keras's formulas, totals against real Keras's count_params for every reference model, and
 * notebook programs.
 */
import * as assert from 'node:assert/strict';
import {
  analyzeModels,
  formatModelSummary,
  modelSummary,
  notebookCellAt,
  notebookCodeCells,
  notebookProgram,
  readableMemorySize,
  type ModelSummary,
} from '../../src/core/index';
import { loadModelReference, modelSource } from './modelReferenceSupport';

/** Std of the standard normal truncated to ±2 (Keras divides the stddev by it). */
const TRUNC = 0.87962566103423978;

function close(actual: number | null, expected: number, label: string): void {
  assert.ok(actual !== null, `${label}: null`);
  assert.ok(Math.abs(actual - expected) <= 1e-12 * Math.max(1, Math.abs(expected)), `${label}: ${actual} != ${expected}`);
}

function summaryOf(lines: readonly string[], variable?: string): ModelSummary {
  const analysis = analyzeModels(lines.join('\n'));
  const model = variable === undefined ? analysis.models[analysis.models.length - 1] : analysis.models.find((m) => m.variable === variable);
  assert.ok(model !== undefined, `no model ${variable ?? ''}`);
  return modelSummary(analysis, model);
}

const MLP = [
  'import keras',
  'from keras import layers',
  '',
  'model = keras.Sequential([',
  '    keras.Input(shape=(784,)),',
  '    layers.Dense(256, activation="relu", kernel_initializer="he_normal"),',
  '    layers.Dense(128, kernel_initializer=keras.initializers.HeUniform(seed=1)),',
  '    layers.BatchNormalization(),',
  '    layers.Dense(10, activation="softmax"),',
  '])',
];

suite('model summary: rows and laws', () => {
  test('MLP: rows, params, weights with the law of each shape', () => {
    const s = summaryOf(MLP);
    assert.equal(s.name, 'sequential');
    assert.equal(s.variable, 'model');
    assert.equal(s.kind, 'sequential');
    assert.equal(s.line, 4);
    assert.deepEqual(
      s.layers.map((r) => [r.name, r.className, r.outputShape, r.params, r.unknown]),
      [
        ['dense', 'Dense', [null, 256], 784 * 256 + 256, null],
        ['dense_1', 'Dense', [null, 128], 256 * 128 + 128, null],
        ['batch_normalization', 'BatchNormalization', [null, 128], 4 * 128, null],
        ['dense_2', 'Dense', [null, 10], 128 * 10 + 10, null],
      ],
    );
    const [kernel, bias] = s.layers[0].weights;
    assert.equal(kernel.path, 'sequential/dense/kernel');
    assert.deepEqual(kernel.shape, [784, 256]);
    assert.equal(kernel.initializerClass, 'HeNormal');
    assert.equal(kernel.law?.kind, 'truncated_normal');
    close(kernel.std, Math.sqrt(2 / 784) / TRUNC, 'he_normal stddev');
    close(kernel.valuesStd, Math.sqrt(2 / 784), 'he_normal values std');
    assert.equal(kernel.fanIn, 784);
    assert.equal(kernel.fanOut, 256);
    assert.equal(kernel.limit, null);
    assert.equal(kernel.lawText, 'truncated normal, stddev 0.0574 (values: std 0.0505)');
    assert.equal(kernel.trainable, true);
    assert.equal(bias.initializer, 'zeros (default)');
    assert.deepEqual(bias.law, { kind: 'constant', value: 0 });

    const heUniform = s.layers[1].weights[0];
    assert.equal(heUniform.initializer, 'HeUniform(seed=1)');
    assert.equal(heUniform.law?.kind, 'uniform');
    close(heUniform.limit, Math.sqrt(6 / 256), 'he_uniform limit');
    close(heUniform.valuesStd, Math.sqrt(6 / 256) / Math.sqrt(3), 'he_uniform values std');

    const bn = s.layers[2].weights;
    assert.deepEqual(
      bn.map((w) => [w.name, w.trainable, w.law]),
      [
        ['gamma', true, { kind: 'constant', value: 1 }],
        ['beta', true, { kind: 'constant', value: 0 }],
        ['moving_mean', false, { kind: 'constant', value: 0 }],
        ['moving_variance', false, { kind: 'constant', value: 1 }],
      ],
    );
    const glorot = s.layers[3].weights[0];
    assert.equal(glorot.initializer, 'glorot_uniform (default)');
    close(glorot.limit, Math.sqrt(6 / (128 + 10)), 'glorot_uniform limit');

    assert.equal(s.totalParams, 235658);
    assert.equal(s.trainableParams, 235658 - 256);
    assert.equal(s.nonTrainableParams, 256);
    assert.equal(s.totalBytes, 235658 * 4);
    assert.equal(s.unknown, null);
  });

  test('conv, LSTM, embedding defaults and explicit VarianceScaling', () => {
    const s = summaryOf([
      'import keras',
      'from keras import layers',
      'inputs = keras.Input(shape=(28, 28, 1))',
      'x = layers.Conv2D(32, 3)(inputs)',
      "x = layers.Conv2D(8, 3, kernel_initializer=keras.initializers.VarianceScaling(scale=2.0, mode='fan_out', distribution='untruncated_normal'))(x)",
      'seq = keras.Input(shape=(12,))',
      'e = layers.Embedding(1000, 16)(seq)',
      'h = layers.LSTM(24)(e)',
      'model = keras.Model([inputs, seq], [x, h])',
    ]);
    const byName = new Map(s.layers.map((r) => [r.name, r]));
    const conv = byName.get('conv2d')?.weights[0];
    assert.deepEqual(conv?.shape, [3, 3, 1, 32]);
    close(conv?.limit ?? null, Math.sqrt(6 / (9 * 1 + 9 * 32)), 'conv glorot limit');
    const vs = byName.get('conv2d_1')?.weights[0];
    assert.equal(vs?.law?.kind, 'normal');
    close(vs?.std ?? null, Math.sqrt(2 / (9 * 8)), 'fan_out normal std');
    const emb = byName.get('embedding')?.weights[0];
    assert.deepEqual(emb?.law, { kind: 'uniform', low: -0.05, high: 0.05 });
    const lstm = byName.get('lstm')?.weights ?? [];
    assert.deepEqual(
      lstm.map((w) => [w.name, w.shape, w.initializerClass]),
      [
        ['kernel', [16, 96], 'GlorotUniform'],
        ['recurrent_kernel', [24, 96], 'Orthogonal'],
        ['bias', [96], 'Zeros'],
      ],
    );
    assert.equal(lstm[1].law?.kind, 'empirical');
    assert.equal(lstm[1].lawText, 'orthogonal, gain 1');
  });

  test('an initializer given by a function result: law unknown with a reason; unknown shapes: null totals', () => {
    const s = summaryOf([
      'import keras',
      'from keras import layers',
      'import numpy as np',
      'data = np.load("x.npy")',
      'model = keras.Sequential([',
      '    keras.Input(shape=(8,)),',
      '    layers.Dense(4, kernel_initializer=make_init()),',
      '    layers.Dense(data.shape[1]),',
      '])',
    ]);
    const w = s.layers[0].weights[0];
    assert.equal(w.law, null);
    assert.equal(w.lawText, null);
    assert.ok(w.lawUnknown !== null && w.lawUnknown.length > 0);
    assert.equal(s.layers[1].params, null);
    assert.ok(s.layers[1].unknown !== null);
    assert.equal(s.totalParams, null);
    assert.equal(s.trainableParams, null);
    assert.equal(s.totalBytes, null);
    assert.ok(s.unknown !== null);
    const text = formatModelSummary(s);
    assert.match(text, /Total params: \?/);
    assert.match(text, /law unknown: /);
  });

  test('formatModelSummary: Keras columns, weight lines, totals as Keras prints them', () => {
    const text = formatModelSummary(summaryOf(MLP));
    const lines = text.split('\n');
    assert.equal(lines[0], 'Model: "sequential" (model, line 4)');
    assert.match(lines[2], /^Layer \(type\) +Output Shape +Param #$/);
    assert.ok(lines.some((l) => /^dense \(Dense\) +\(None, 256\) +200,960$/.test(l)));
    assert.ok(
      lines.some((l) => /^ {4}kernel +\(784, 256\) +'he_normal' +— truncated normal, stddev 0\.0574 \(values: std 0\.0505\)$/.test(l)),
    );
    assert.ok(lines.some((l) => /moving_mean +\(128,\) +zeros \(default\) +— constant 0 \[non-trainable\]$/.test(l)));
    assert.ok(
      text.endsWith('Total params: 235,658 (920.54 KB)\nTrainable params: 235,402 (919.54 KB)\nNon-trainable params: 256 (1.00 KB)\n'),
    );
    const ascii = formatModelSummary(summaryOf(MLP), { ascii: true, weights: false });
    assert.ok(/^[\x20-\x7e\n]*$/.test(ascii), 'ASCII only');
    assert.ok(!ascii.includes('kernel'));
  });

  test("readableMemorySize is Keras's readable_memory_size (ties rounded half to even)", () => {
    const cases: [number, string][] = [
      [0, '0.00 B'],
      [1023, '1023.00 B'],
      [1024, '1.00 KB'],
      [814120, '795.04 KB'],
      [1152, '1.12 KB'],
      [1408, '1.38 KB'],
      [942632, '920.54 KB'],
      [1179648, '1.12 MB'],
      [3 * 1024 ** 3, '3.00 GB'],
    ];
    for (const [bytes, text] of cases) assert.equal(readableMemorySize(bytes), text, String(bytes));
  });

  test('a 300-layer model summary is cheap', () => {
    const lines = ['import keras', 'from keras import layers', 'model = keras.Sequential([keras.Input(shape=(64,))])'];
    for (let k = 0; k < 300; k++) {
      lines.push(`model.add(layers.Dense(64, kernel_initializer="${k % 2 === 0 ? 'he_normal' : 'glorot_uniform'}"))`);
    }
    const analysis = analyzeModels(lines.join('\n'));
    const model = analysis.models[0];
    assert.equal(model.layers.length, 300);
    const t0 = performance.now();
    const s = modelSummary(analysis, model);
    const text = formatModelSummary(s);
    const ms = performance.now() - t0;
    assert.equal(s.totalParams, 300 * (64 * 64 + 64));
    assert.ok(text.length > 0);
    assert.ok(ms < 250, `${ms.toFixed(1)} ms`);
  });
});

suite('model summary: totals equal real Keras', () => {
  test("total, trainable and non-trainable params equal Keras's count_params for every model with known params", () => {
    const reference = loadModelReference();
    let known = 0;
    let models = 0;
    const differences: string[] = [];
    for (const file of reference.files) {
      const analysis = analyzeModels(modelSource(file));
      for (const ref of file.models) {
        models++;
        const names = [ref.variable, ...ref.aliases];
        const model = analysis.models.find((m) => m.variable !== undefined && names.includes(m.variable));
        if (model === undefined || ref.count_params === null) continue;
        const s = modelSummary(analysis, model);
        if (s.totalParams === null) continue;
        known++;
        // The summary counts what the reader reports.
        assert.equal(s.totalParams, model.params, `${file.source} ${ref.variable}: summary total vs reader`);
        const got = [s.totalParams, s.trainableParams, s.nonTrainableParams];
        const want = [ref.count_params, ref.trainable_params, ref.non_trainable_params];
        if (JSON.stringify(got) !== JSON.stringify(want)) {
          differences.push(
            `${file.source} ${ref.variable}: [total, trainable, non-trainable] ${JSON.stringify(got)}, Keras ${JSON.stringify(want)}`,
          );
        }
      }
    }
    console.log(
      `      summary totals equal Keras's count_params for ${known - differences.length}/${known} models with known params (${models} models in the reference)`,
    );
    assert.ok(known >= 50, `only ${known} models with known params`);
    assert.deepEqual(differences, []);
  });
});

suite('notebook programs', () => {
  test('cells joined with newlines; offsets map back to cells; magics become comments of the same length', () => {
    const cells = ['%matplotlib inline\nimport keras', 'x = 1\n  !ls', '', 'y = 2'];
    const program = notebookProgram(cells);
    assert.equal(program.text, '#matplotlib inline\nimport keras\nx = 1\n  #ls\n\ny = 2');
    assert.deepEqual(program.cellStarts, [0, 32, 44, 45]);
    assert.equal(program.text.length, cells.join('\n').length);
    assert.deepEqual(notebookCellAt(program, program.text.indexOf('import')), { cell: 0, offset: 19 });
    assert.deepEqual(notebookCellAt(program, program.text.indexOf('x = 1')), { cell: 1, offset: 0 });
    assert.deepEqual(notebookCellAt(program, program.text.indexOf('y = 2') + 4), { cell: 3, offset: 4 });
  });

  test('notebookCodeCells: code cells only, sources as strings or lists of lines', () => {
    const json = JSON.stringify({
      cells: [
        { cell_type: 'markdown', source: ['# title'] },
        { cell_type: 'code', source: ['a = 1\n', 'b = 2'] },
        { cell_type: 'code', source: 'c = 3' },
      ],
    });
    assert.deepEqual(notebookCodeCells(json), ['a = 1\nb = 2', 'c = 3']);
    assert.throws(() => notebookCodeCells('{'), /not valid JSON/);
    assert.throws(() => notebookCodeCells('{"nbformat": 4}'), /no "cells" list/);
  });
});
