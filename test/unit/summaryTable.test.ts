import * as assert from 'node:assert/strict';
import { analyzeModels } from '../../src/core/index';
import { contentSecurityPolicy, panelHtml } from '../../src/extension/previewHtml';
import {
  buildSummaryView,
  codeLensTitle,
  findModel,
  modelUnderCursor,
  programLines,
  type SummaryViewInput,
} from '../../src/extension/summaryTable';
import { isSummaryView } from '../../src/protocol/summaryMessages';
import {
  countText,
  expandedByDefault,
  headingText,
  layerTrainable,
  rowsByLayer,
  stdOrLimit,
  summaryRows,
  totalsLines,
} from '../../src/webview/summary/summaryRows';

const CLASSIFIER = `import keras
from keras import layers

classifier = keras.Sequential(
    [
        keras.Input(shape=(784,)),
        layers.Dense(256, activation="relu", kernel_initializer="he_normal"),
        layers.Dense(128, activation="relu"),
        layers.BatchNormalization(),
        layers.Dense(10, activation="softmax", kernel_initializer=keras.initializers.GlorotUniform(seed=42)),
    ]
)

inputs = keras.Input(shape=(32,))
hidden = layers.Dense(64, kernel_initializer=keras.initializers.Orthogonal())(inputs)
outputs = layers.Dense(1)(hidden)
functional = keras.Model(inputs, outputs)

unbuilt = keras.Sequential([layers.Dense(8), layers.Dense(2)])
`;

function input(text: string, index: number, cellStarts?: number[]): SummaryViewInput {
  return {
    analysis: analyzeModels(text),
    index,
    version: 1,
    fileName: 'classifier.py',
    uri: 'file:///w/classifier.py',
    lines: programLines(text, cellStarts),
  };
}

suite('model summary table', () => {
  const analysis = analyzeModels(CLASSIFIER);
  const lines = programLines(CLASSIFIER);

  test('the CodeLens title carries the grouped parameter count, or says it is unknown', () => {
    assert.equal(codeLensTitle(203530), '$(table) Model summary · 203,530 params');
    assert.equal(codeLensTitle(0), '$(table) Model summary · 0 params');
    assert.equal(codeLensTitle(null), '$(table) Model summary · params unknown');
  });

  test('models are found by variable and by cursor: in a layer call, on the model line, else none', () => {
    assert.deepEqual(
      analysis.models.map((m) => m.variable),
      ['classifier', 'functional', 'unbuilt'],
    );
    assert.equal(findModel(analysis, 'functional'), 1);
    assert.equal(findModel(analysis, 'sequential'), 0, 'by Keras name when no variable matches');
    assert.equal(findModel(analysis, 'nothing'), -1);
    const at = (needle: string, delta = 0): number => modelUnderCursor(analysis, CLASSIFIER.indexOf(needle) + delta, lines);
    assert.equal(at('classifier ='), 0, 'the variable line');
    assert.equal(at('BatchNormalization'), 0, 'a layer inside the list');
    assert.equal(at('Orthogonal'), 1, 'a layer of the functional model, on its own line');
    assert.equal(at('functional ='), 1);
    assert.equal(at('layers.Dense(2)'), 2);
    assert.equal(at('import keras'), -1);
  });

  test('the view of the classifier: rows in model.layers order with shapes, params, weights and Keras totals', () => {
    const view = buildSummaryView(input(CLASSIFIER, 0));
    assert.ok(isSummaryView(JSON.parse(JSON.stringify(view))), 'the view passes its own guard');
    assert.equal(view.modelName, 'sequential');
    assert.equal(view.variable, 'classifier');
    assert.equal(view.where, 'line 4');
    assert.equal(view.models.length, 3);
    assert.deepEqual(
      view.layers.map((l) => [l.name, l.className, l.outputShape, l.params]),
      [
        ['dense', 'Dense', '(None, 256)', 200960],
        ['dense_1', 'Dense', '(None, 128)', 32896],
        ['batch_normalization', 'BatchNormalization', '(None, 128)', 512],
        ['dense_2', 'Dense', '(None, 10)', 1290],
      ],
    );
    const dense = view.layers[0];
    assert.equal(
      CLASSIFIER.slice(dense.range.start, dense.range.end).startsWith('layers.Dense(256'),
      true,
      'the range is the constructor call',
    );
    assert.equal(dense.where, 'line 7');
    assert.deepEqual(dense.weights[0], {
      name: 'kernel',
      shape: '(784, 256)',
      dtype: 'float32',
      params: 200704,
      trainable: true,
      initializer: "'he_normal'",
      law: 'truncated normal, stddev 0.0574 (values: std 0.0505)',
      std: dense.weights[0].std,
      limit: null,
      lawUnknown: null,
    });
    assert.ok(
      Math.abs((dense.weights[0].std ?? 0) - Math.sqrt(2 / 784) / 0.8796256610342398) < 1e-12,
      'He normal stddev before truncation',
    );
    assert.equal(view.layers[1].weights[0].limit, Math.sqrt(6 / (256 + 128)));
    assert.deepEqual(
      view.layers[2].weights.map((w) => [w.name, w.trainable]),
      [
        ['gamma', true],
        ['beta', true],
        ['moving_mean', false],
        ['moving_variance', false],
      ],
    );
    assert.deepEqual(view.totals, {
      total: 235658,
      trainable: 235402,
      nonTrainable: 256,
      totalBytes: '920.54 KB',
      trainableBytes: '919.54 KB',
      nonTrainableBytes: '1.00 KB',
    });
    assert.deepEqual(view.state, { uri: 'file:///w/classifier.py', model: 'classifier' });
  });

  test('an unbuilt model: unknown shapes and params stay unknown, with the reason', () => {
    const view = buildSummaryView(input(CLASSIFIER, 2));
    assert.equal(view.totals.total, null);
    assert.ok(view.unknown !== null && view.unknown.length > 0);
    for (const layer of view.layers) {
      assert.equal(layer.params, null);
      assert.ok(layer.unknown !== null);
    }
    const rows = summaryRows(view);
    assert.deepEqual(
      rows.map((r) => r.kind),
      ['layer', 'unknown', 'layer', 'unknown'],
    );
    assert.equal(rows[0].cells[2].text, '?', 'never a guessed count');
    assert.match(rows[0].cells[2].className ?? '', /unknown/);
    assert.match(rows[1].cells[0].text, /^⚠ /);
    assert.deepEqual(totalsLines(view), ['Total params: ?', 'Trainable params: ?', 'Non-trainable params: ?']);
  });

  test('rows for the webview: a layer row, then its weights, with law, std or limit and the trainable flag', () => {
    const view = buildSummaryView(input(CLASSIFIER, 0));
    const rows = summaryRows(view);
    assert.equal(rows.filter((r) => r.kind === 'layer').length, 4);
    assert.equal(rows.length, 4 + 2 + 2 + 4 + 2);
    assert.deepEqual(
      rows[0].cells.map((c) => c.text),
      ['dense (Dense)', '(None, 256)', '200,960', '', 'yes'],
    );
    assert.equal(
      rows[0].cells.reduce((n, c) => n + (c.span ?? 1), 0),
      7,
      'a layer row fills the 7 columns',
    );
    assert.deepEqual(
      rows[1].cells.map((c) => c.text),
      ['kernel', '(784, 256)', '200,704', "'he_normal'", view.layers[0].weights[0].law, 'std 0.0574', 'yes'],
    );
    const bn = rows.filter((r) => r.layer === 2);
    assert.equal(bn[0].cells[4].text, 'partly');
    assert.deepEqual(
      bn.slice(1).map((r) => r.cells[6].text),
      ['yes', 'yes', 'no', 'no'],
    );
    assert.equal(rows.find((r) => r.layer === 1 && r.kind === 'weight')?.cells[5].text, 'limit 0.125');
    assert.deepEqual(totalsLines(view), [
      'Total params: 235,658 (920.54 KB)',
      'Trainable params: 235,402 (919.54 KB)',
      'Non-trainable params: 256 (1.00 KB)',
    ]);
    assert.deepEqual(headingText(view), { title: 'Model: "sequential"', source: 'classifier · sequential model in classifier.py, line 4' });
  });

  test('small formatters', () => {
    assert.equal(countText(null), '?');
    assert.equal(countText(1234567), '1,234,567');
    const w = { name: 'k', shape: '(1,)', dtype: 'float32', params: 1, trainable: true, initializer: null, law: null, lawUnknown: null };
    assert.equal(stdOrLimit({ ...w, std: 0.02, limit: null }), 'std 0.02');
    assert.equal(stdOrLimit({ ...w, std: null, limit: 0.0000123 }), 'limit 1.23e-5');
    assert.equal(stdOrLimit({ ...w, std: null, limit: null }), '—');
    const layer = buildSummaryView(input(CLASSIFIER, 0)).layers[0];
    assert.equal(layerTrainable({ ...layer, weights: [] }), '—');
  });

  test('a file without models says so; a notebook names cells', () => {
    const view = buildSummaryView(input('import keras\n', -1));
    assert.equal(view.message, 'No Keras model was found in this file.');
    assert.equal(view.selected, -1);
    assert.ok(isSummaryView(view));
    const cells = programLines('a = 1\nb = 2\nc = 3\nd = 4', [0, 12]);
    assert.equal(cells.where(1), 'cell 1, line 1');
    assert.equal(cells.where(3), 'cell 2, line 1');
    assert.equal(cells.where(4), 'cell 2, line 2');
    assert.equal(cells.lineOf(13), 3);
  });

  test('300 layers are summarized quickly', () => {
    const lines300 = ['import keras', 'from keras import layers', 'big = keras.Sequential([', '    keras.Input(shape=(64,)),'];
    for (let i = 0; i < 300; i++) {
      lines300.push(i % 3 === 2 ? '    layers.BatchNormalization(),' : `    layers.Dense(${64 + (i % 5) * 8}),`);
    }
    lines300.push('])');
    const text = lines300.join('\n');
    const started = performance.now();
    const view = buildSummaryView(input(text, 0));
    const rows = summaryRows(view);
    const ms = performance.now() - started;
    assert.equal(view.layers.length, 300);
    assert.ok(rows.length > 300);
    const groups = rowsByLayer(rows);
    assert.equal(groups.length, 300);
    assert.deepEqual(
      groups.slice(0, 3).map((g) => [g.head.length, g.weights.length]),
      [
        [1, 2],
        [1, 2],
        [1, 4],
      ],
    );
    assert.equal(expandedByDefault(view), false, 'a large model starts collapsed: only its 300 layer rows are built');
    assert.equal(expandedByDefault(buildSummaryView(input(CLASSIFIER, 0))), true);
    assert.ok(ms < 2000, `${ms} ms`);
  });

  test('the summary panel shell: one script by nonce, no workers, connections or WebAssembly', () => {
    const csp = contentSecurityPolicy('vscode-resource:', 'abc', { workers: false });
    assert.equal(
      csp,
      "default-src 'none'; style-src vscode-resource:; img-src vscode-resource:; font-src vscode-resource:; script-src 'nonce-abc'",
    );
    const html = panelHtml({
      cspSource: 'vscode-resource:',
      nonce: 'abc',
      language: 'en',
      title: '<b>',
      loadingText: '"x"',
      scriptUri: 'vscode-resource:/summary.js',
      styleUris: ['vscode-resource:/base.css', 'vscode-resource:/summary.css'],
      boot: { extensionVersion: '1', loadingText: '<script>' },
      csp: { workers: false },
    });
    assert.ok(html.includes(`content="${csp.replace(/'/g, '&#39;')}"`));
    assert.ok(!html.includes('<script>alert') && !html.includes('<b>'));
    assert.equal([...html.matchAll(/<script\b/g)].length, 1);
  });
});
