import * as assert from 'node:assert/strict';
import {
  MAX_SUMMARY_LAYERS,
  SUMMARY_HOST_TO_WEBVIEW_GUARDS,
  SUMMARY_WEBVIEW_TO_HOST_GUARDS,
  isSummaryHostToWebview,
  isSummaryState,
  isSummaryView,
  isSummaryWebviewToHost,
  parseSummaryBootData,
  parseSummaryState,
  type SummaryHostToWebview,
  type SummaryLayerRow,
  type SummaryView,
  type SummaryWebviewToHost,
} from '../../src/protocol/summaryMessages';

function overTheWire(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value)) as unknown;
}

const dense: SummaryLayerRow = {
  name: 'dense',
  className: 'Dense',
  outputShape: '(None, 256)',
  params: 200960,
  unknown: null,
  where: 'line 8',
  range: { start: 120, end: 185 },
  weights: [
    {
      name: 'kernel',
      shape: '(784, 256)',
      dtype: 'float32',
      params: 200704,
      trainable: true,
      initializer: "'he_normal'",
      law: 'truncated normal, stddev 0.0574 (values: std 0.0505)',
      std: 0.0574,
      limit: null,
      lawUnknown: null,
    },
  ],
};

const view: SummaryView = {
  version: 3,
  fileName: 'classifier.py',
  models: [{ label: 'classifier (sequential, "sequential")', where: 'line 5', params: 235658 }],
  selected: 0,
  modelName: 'sequential',
  variable: 'classifier',
  kind: 'sequential',
  where: 'line 5',
  layers: [dense, { ...dense, name: 'custom', className: 'Custom', outputShape: null, params: null, unknown: 'not known', weights: [] }],
  totals: {
    total: 235658,
    trainable: 235402,
    nonTrainable: 256,
    totalBytes: '920.54 KB',
    trainableBytes: '919.54 KB',
    nonTrainableBytes: '1.00 KB',
  },
  unknown: null,
  problems: [{ message: 'ValueError: bad', where: 'line 9', range: { start: 200, end: 210 } }],
  message: null,
  state: { uri: 'file:///w/classifier.py', model: 'classifier' },
};

const webviewMessages: SummaryWebviewToHost[] = [
  { type: 'ready' },
  { type: 'reveal', version: 3, row: 0, range: { start: 120, end: 185 } },
  { type: 'selectModel', version: 3, index: 0 },
  { type: 'modelCommand', version: 3, command: 'generateWeights' },
  { type: 'rendered', version: 3, renderMs: 12.5, rows: 2 },
  { type: 'pong', requestId: 1 },
  { type: 'pressed', requestId: 2, ok: true },
];

const hostMessages: SummaryHostToWebview[] = [
  { type: 'show', view },
  { type: 'ping', requestId: 4 },
  { type: 'pressRow', requestId: 5, row: 1 },
];

suite('model summary protocol', () => {
  test('every message type of both directions has an example here, and each passes its guard over the wire', () => {
    assert.deepEqual(webviewMessages.map((m) => m.type).sort(), Object.keys(SUMMARY_WEBVIEW_TO_HOST_GUARDS).sort());
    assert.deepEqual(hostMessages.map((m) => m.type).sort(), Object.keys(SUMMARY_HOST_TO_WEBVIEW_GUARDS).sort());
    for (const m of webviewMessages) assert.ok(isSummaryWebviewToHost(overTheWire(m)), JSON.stringify(m));
    for (const m of hostMessages) assert.ok(isSummaryHostToWebview(overTheWire(m)), m.type);
  });

  test('a message of one direction is not accepted in the other', () => {
    assert.equal(isSummaryHostToWebview({ type: 'ready' }), false);
    assert.equal(isSummaryWebviewToHost({ type: 'show', view }), false);
  });

  test('unknown types, extra fields, missing fields and non-records are rejected', () => {
    for (const bad of [
      null,
      undefined,
      'ready',
      [],
      { type: 'nope' },
      { type: 'ready', extra: 1 },
      { type: 'reveal', version: 3, row: 0 },
      { type: 'pong' },
      { type: 'modelCommand', version: 3 },
      { type: 'modelCommand', version: 3, command: 'deleteFile' },
      { type: 'modelCommand', version: 3, command: 'generateWeights', model: 'x' },
      { type: 'toString' },
      { type: '__proto__' },
    ]) {
      assert.equal(isSummaryWebviewToHost(bad), false, JSON.stringify(bad));
    }
    assert.equal(isSummaryWebviewToHost(JSON.parse('{"type":"ready","__proto__":{"x":1}}')), false);
    assert.equal(isSummaryWebviewToHost(Object.create({ type: 'ready' })), false, 'inherited fields are not read');
    const getter = {
      get type() {
        return 'ready';
      },
    };
    assert.equal(isSummaryWebviewToHost(getter), false, 'accessors are not run');
  });

  test('reveal: the row is an index and the range a forward pair of offsets', () => {
    const reveal = (row: unknown, range: unknown): boolean => isSummaryWebviewToHost({ type: 'reveal', version: 1, row, range });
    assert.ok(reveal(0, { start: 0, end: 0 }));
    assert.equal(reveal(-1, { start: 0, end: 1 }), false);
    assert.equal(reveal(1.5, { start: 0, end: 1 }), false);
    assert.equal(reveal(MAX_SUMMARY_LAYERS + 1, { start: 0, end: 1 }), false);
    assert.equal(reveal('0', { start: 0, end: 1 }), false);
    assert.equal(reveal(0, { start: 5, end: 4 }), false, 'end before start');
    assert.equal(reveal(0, { start: -1, end: 4 }), false);
    assert.equal(reveal(0, { start: Number.NaN, end: 4 }), false);
    assert.equal(reveal(0, { start: 0, end: 4, extra: true }), false);
    assert.equal(isSummaryWebviewToHost({ type: 'reveal', version: 0, row: 0, range: { start: 0, end: 1 } }), false, 'versions start at 1');
  });

  test('rendered: a finite, non-negative time', () => {
    const rendered = (renderMs: unknown): boolean => isSummaryWebviewToHost({ type: 'rendered', version: 1, renderMs, rows: 3 });
    assert.ok(rendered(0));
    for (const bad of [-1, Infinity, Number.NaN, '3', null]) assert.equal(rendered(bad), false, String(bad));
  });

  test('a view: nulls where unknown are fine; wrong types, oversized lists and a bad selection are not', () => {
    assert.ok(isSummaryView(overTheWire(view)));
    const noModel: SummaryView = {
      ...view,
      models: [],
      selected: -1,
      modelName: null,
      variable: null,
      kind: null,
      where: null,
      layers: [],
      totals: { total: null, trainable: null, nonTrainable: null, totalBytes: null, trainableBytes: null, nonTrainableBytes: null },
      problems: [],
      message: 'No Keras model was found in this file.',
      state: { uri: 'file:///w/x.py', model: null },
    };
    assert.ok(isSummaryView(noModel));
    assert.equal(isSummaryView({ ...view, selected: 1 }), false, 'selected past the models');
    assert.equal(isSummaryView({ ...view, layers: [{ ...dense, params: -1 }] }), false);
    assert.equal(isSummaryView({ ...view, layers: [{ ...dense, params: 1.5 }] }), false);
    assert.equal(isSummaryView({ ...view, layers: [{ ...dense, weights: [{ ...dense.weights[0], std: 'x' }] }] }), false);
    assert.equal(isSummaryView({ ...view, layers: [{ ...dense, weights: [{ ...dense.weights[0], trainable: 1 }] }] }), false);
    assert.equal(isSummaryView({ ...view, layers: new Array(MAX_SUMMARY_LAYERS + 1).fill(dense) }), false);
    assert.equal(isSummaryView({ ...view, fileName: 'x'.repeat(5000) }), false);
    assert.equal(isSummaryView({ ...view, totals: { ...view.totals, total: '235,658' } }), false);
  });

  test('state: a URI with a scheme and a model key, or nothing', () => {
    assert.ok(isSummaryState({ uri: 'file:///a/b.py', model: 'model' }));
    assert.ok(isSummaryState({ uri: 'vscode-remote://ssh/a.ipynb', model: null }));
    assert.deepEqual(parseSummaryState({ uri: 'file:///a/b.py', model: null }), { uri: 'file:///a/b.py', model: null });
    for (const bad of [
      null,
      {},
      { uri: '', model: null },
      { uri: '/no/scheme.py', model: null },
      { uri: 'file:///a.py', model: '' },
      { uri: 'file:///a.py', model: 3 },
      { uri: 'file:///a.py' },
      { uri: 'file:///a.py', model: null, extra: 1 },
      { uri: `file:///${'a'.repeat(5000)}`, model: null },
    ]) {
      assert.equal(parseSummaryState(bad), undefined, JSON.stringify(bad)?.slice(0, 80));
    }
  });

  test('boot data: parsed from the attribute text, anything else refused', () => {
    assert.deepEqual(parseSummaryBootData('{"extensionVersion":"0.1.0","loadingText":"Reading…"}'), {
      extensionVersion: '0.1.0',
      loadingText: 'Reading…',
    });
    for (const bad of [
      undefined,
      '',
      'not json',
      '{}',
      '{"extensionVersion":1,"loadingText":"x"}',
      '{"extensionVersion":"1","loadingText":"x","x":1}',
    ]) {
      assert.equal(parseSummaryBootData(bad), undefined, String(bad));
    }
  });
});
