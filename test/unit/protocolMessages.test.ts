import * as assert from 'node:assert/strict';
import type { VariantGuards } from '../../src/protocol/guards';
import {
  HOST_TO_WEBVIEW_GUARDS,
  WEBVIEW_TO_HOST_GUARDS,
  isHostToWebview,
  isPreviewSnapshot,
  isRequestId,
  isWebviewToHost,
  parsePreviewBootData,
  type HostToWebview,
  type PreviewSnapshot,
  type WebviewToHost,
} from '../../src/protocol/messages';
import { MAX_SHAPE_SOURCE, defaultConfig, defaultState } from '../../src/protocol/previewConfig';

/** What postMessage carries: a JSON round trip (it drops undefined and turns NaN into null). */
function overTheWire(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value)) as unknown;
}

const state = defaultState();
const config = defaultConfig();

const snapshot: PreviewSnapshot = {
  state,
  status: 'ready',
  error: null,
  engine: 'worker',
  statistics: {
    expected: { mean: 0, std: 0.0505, min: -0.1148, max: 0.1148, fanIn: 784, fanOut: 256, n: 200704, ks: 0.003 },
    sampled: { mean: 1e-4, std: 0.0505, min: -0.1148, max: 0.1148, fanIn: 784, fanOut: 256, n: 200704, ks: 0.002 },
    ksUpperBound: 0.0021,
  },
  orthogonality: null,
  heatmap: { rows: 784, cols: 256, shownRows: 392, shownCols: 256, limit: 0.11 },
  histogramDrawn: true,
  propagation: { layers: 3, stdA: [1, 0.8, null], stdB: [1, 1.1, 1.2], complete: true },
  render: { jobId: 3, totalMs: 80, computeMs: 70, drawMs: 5, longestTaskMs: 5, samples: 200704, engine: 'worker' },
  python: 'keras.initializers.GlorotUniform(seed=42)',
  origin: 'model.py:5',
};

/** Every valid message of both directions, one per type. */
const webviewMessages: unknown[] = [
  { type: 'ready' },
  { type: 'pong', requestId: 7 },
  { type: 'stateChanged', state },
  { type: 'copyPython', code: 'import keras' },
  { type: 'insertPython', code: 'keras.initializers.HeNormal(seed=1)' },
  { type: 'exportWeights', config },
  { type: 'rendered', timings: snapshot.render },
  { type: 'snapshot', requestId: 2, snapshot },
  { type: 'invoked', requestId: 4, error: null },
  { type: 'invoked', requestId: 5, error: 'Zeros takes no seed' },
];

const hostMessages: unknown[] = [
  { type: 'ping', requestId: 3 },
  { type: 'getSnapshot', requestId: 3 },
  { type: 'setConfig', version: 1, patch: { className: 'HeNormal', args: {} }, origin: null },
  {
    type: 'setConfig',
    version: 2,
    patch: {
      className: 'VarianceScaling',
      args: { scale: 2, mode: 'fan_out' },
      shape: [null, 64],
      dtype: 'float64',
      seed: { kind: 'generator', value: 3, callIndex: 0 },
    },
    origin: 'model.py:12',
  },
  { type: 'editorContext', context: null },
  { type: 'editorContext', context: { fileName: 'model.py', qualifier: 'keras.initializers.', bareNames: { HeNormal: 'HeNormal' } } },
  { type: 'invoke', requestId: 9, action: 'copyPython' },
  { type: 'notice', kind: 'info', text: 'Copied.' },
];

/** One valid sample of every member of a message union: a member without its sample does not compile. */
type Samples<M extends { readonly type: string }> = { readonly [T in M['type']]: Extract<M, { readonly type: T }> };

const webviewSamples: Samples<WebviewToHost> = {
  ready: { type: 'ready' },
  pong: { type: 'pong', requestId: 7 },
  stateChanged: { type: 'stateChanged', state },
  copyPython: { type: 'copyPython', code: 'import keras' },
  insertPython: { type: 'insertPython', code: 'keras.initializers.HeNormal(seed=1)' },
  exportWeights: { type: 'exportWeights', config },
  rendered: {
    type: 'rendered',
    timings: { jobId: 3, totalMs: 80, computeMs: 70, drawMs: 5, longestTaskMs: 5, samples: 200704, engine: 'worker' },
  },
  snapshot: { type: 'snapshot', requestId: 2, snapshot },
  invoked: { type: 'invoked', requestId: 4, error: null },
};

const hostSamples: Samples<HostToWebview> = {
  ping: { type: 'ping', requestId: 3 },
  getSnapshot: { type: 'getSnapshot', requestId: 3 },
  setConfig: { type: 'setConfig', version: 1, patch: { className: 'HeNormal', args: {} }, origin: null },
  editorContext: { type: 'editorContext', context: null },
  invoke: { type: 'invoke', requestId: 9, action: 'copyPython' },
  notice: { type: 'notice', kind: 'info', text: 'Copied.' },
};

// @ts-expect-error a guard table without an entry for every member does not compile
const _incomplete: VariantGuards<HostToWebview> = { ping: () => true };
void _incomplete;

/** `type` values no message has: near misses, prototype keys, other JSON types. */
const WRONG_TYPES: readonly unknown[] = [
  '',
  'Ready',
  'unknown',
  'toString',
  'hasOwnProperty',
  'constructor',
  '__proto__',
  42,
  null,
  true,
  ['ready'],
];

/** The first valid message with one field replaced. */
function withField(message: unknown, key: string, value: unknown): unknown {
  return { ...(message as Record<string, unknown>), [key]: value };
}

suite('protocol guards', () => {
  test('request ids are positive safe integers', () => {
    for (const ok of [1, 2, 123456, Number.MAX_SAFE_INTEGER]) assert.equal(isRequestId(ok), true, String(ok));
    for (const bad of [0, -1, 1.5, NaN, Infinity, 2 ** 53, '1', null, undefined]) assert.equal(isRequestId(bad), false, String(bad));
  });

  test('every message of the contract is accepted in its own direction, after a JSON round trip', () => {
    for (const m of webviewMessages) assert.equal(isWebviewToHost(overTheWire(m)), true, JSON.stringify(m).slice(0, 200));
    for (const m of hostMessages) assert.equal(isHostToWebview(overTheWire(m)), true, JSON.stringify(m).slice(0, 200));
  });

  test('every message type has a guard that accepts a valid sample and rejects it under a wrong type', () => {
    const directions = [
      { guards: WEBVIEW_TO_HOST_GUARDS, samples: webviewSamples as Readonly<Record<string, object>>, check: isWebviewToHost },
      { guards: HOST_TO_WEBVIEW_GUARDS, samples: hostSamples as Readonly<Record<string, object>>, check: isHostToWebview },
    ];
    for (const { guards, samples, check } of directions) {
      assert.deepEqual(Object.keys(guards).sort(), Object.keys(samples).sort());
      for (const [type, guard] of Object.entries(guards) as [string, (value: Record<string, unknown>) => boolean][]) {
        const sample = samples[type] as Record<string, unknown>;
        assert.equal(guard(sample), true, type);
        assert.equal(check(overTheWire(sample)), true, type);
        for (const wrong of WRONG_TYPES) assert.equal(check({ ...sample, type: wrong }), false, `${type} as ${String(wrong)}`);
        const { type: _type, ...untyped } = sample;
        assert.equal(check(untyped), false, `${type} without its type`);
      }
    }
  });

  test('no message is accepted in the other direction', () => {
    for (const m of webviewMessages) assert.equal(isHostToWebview(m), false, JSON.stringify(m).slice(0, 120));
    for (const m of hostMessages) assert.equal(isWebviewToHost(m), false, JSON.stringify(m).slice(0, 120));
  });

  test('non-objects and unknown types are rejected', () => {
    for (const bad of [
      null,
      undefined,
      'ready',
      42,
      true,
      [],
      [{ type: 'ready' }],
      {},
      { type: 'Ready' },
      { type: 'unknown' },
      { type: 7 },
      new Date(0),
    ]) {
      assert.equal(isWebviewToHost(bad), false, String(bad));
      assert.equal(isHostToWebview(bad), false, String(bad));
    }
  });

  test('extra fields are rejected, at the top and nested', () => {
    assert.equal(isWebviewToHost({ type: 'ready', extra: 1 }), false);
    assert.equal(isHostToWebview({ type: 'ping', requestId: 1, command: 'rm -rf' }), false);
    assert.equal(isWebviewToHost({ type: 'exportWeights', config: { ...config, path: '/etc/passwd' } }), false);
    assert.equal(
      isHostToWebview({ type: 'setConfig', version: 1, patch: { className: 'HeNormal', args: {}, code: 'x' }, origin: null }),
      false,
    );
    assert.equal(isWebviewToHost({ type: 'stateChanged', state: { ...state, extra: true } }), false);
    assert.equal(isWebviewToHost({ type: 'stateChanged', state: { ...state, view: { ...state.view, theme: 'x' } } }), false);
  });

  test('wrong types where numbers, strings or booleans belong are rejected', () => {
    const bad: [unknown, string, unknown][] = [
      [hostMessages[0], 'requestId', '3'],
      [hostMessages[2], 'version', 1.5],
      [hostMessages[2], 'version', 0],
      [hostMessages[2], 'origin', 42],
      [hostMessages[6], 'action', 'deleteFile'],
      [hostMessages[7], 'kind', 'warning'],
      [webviewMessages[3], 'code', 42],
      [webviewMessages[3], 'code', ''],
      [webviewMessages[8], 'error', 0],
    ];
    for (const [message, key, value] of bad) {
      const m = withField(message, key, value);
      assert.equal(isHostToWebview(m) || isWebviewToHost(m), false, JSON.stringify(m).slice(0, 160));
    }
  });

  test('configurations: NaN shapes, strings for numbers, negative or fractional dimensions, unknown classes', () => {
    const configs: unknown[] = [
      { ...config, shape: [NaN, 256] },
      { ...config, shape: ['784', 256] },
      { ...config, shape: [784.5, 256] },
      { ...config, shape: [-1, 256] },
      { ...config, shape: [Infinity] },
      { ...config, shape: '784, 256' },
      { ...config, shape: [2 ** 31, 1] },
      { ...config, shape: [2 ** 30, 2 ** 30, 2 ** 30] }, // more elements than count exactly
      { ...config, shape: [1, 1, 1, 1, 1, 1, 1, 1, 1] }, // rank 9
      { ...config, className: 'Initializer' },
      { ...config, className: 'he_normal' },
      { ...config, dtype: 'bfloat16' },
      { ...config, sampleSize: 10 },
      { ...config, sampleSize: 10_000_000 },
      { ...config, sampleSize: '1000' },
      { ...config, seed: { kind: 'int', value: 1.5 } },
      { ...config, seed: { kind: 'int', value: '42' } },
      { ...config, seed: { kind: 'generator', value: 1 } },
      { ...config, seed: { kind: 'generator', value: 1, callIndex: -1 } },
      { ...config, seed: 42 },
      // An argument GlorotUniform does not take, the seed among args, a wrong type.
      { ...config, args: { scale: 2 } },
      { ...config, args: { seed: 1 } },
      { ...config, args: { input_axes: 'None' } },
      { ...config, args: { input_axes: [0.5] } },
      { ...config, className: 'VarianceScaling', args: { scale: 'big' } },
      { ...config, className: 'VarianceScaling', args: { scale: NaN } },
      { ...config, className: 'VarianceScaling', args: { mode: 'x'.repeat(65) } },
      { ...config, className: 'STFT', args: { periodic: 'yes' } },
    ];
    for (const c of configs) {
      assert.equal(
        isWebviewToHost({ type: 'exportWeights', config: c }),
        false,
        JSON.stringify(c, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v)).slice(0, 200),
      );
    }
    // Values Keras itself will reject are well-typed: the panel shows Keras's message for them.
    assert.equal(
      isWebviewToHost({ type: 'exportWeights', config: { ...config, className: 'VarianceScaling', args: { scale: -1, mode: 'fan_sum' } } }),
      true,
    );
  });

  test('a configuration may say where its shape came from, in one bounded string', () => {
    const source = 'kernel of `Dense(256)` on line 5, input from `Dense(512)`';
    const ok = (c: unknown): boolean => isWebviewToHost({ type: 'exportWeights', config: c });
    assert.equal(ok(overTheWire({ ...config, shapeSource: source })), true);
    assert.equal(ok({ ...config, shapeSource: '' }), true);
    assert.equal(ok({ ...config, shapeSource: 'x'.repeat(MAX_SHAPE_SOURCE) }), true);
    assert.equal(ok({ ...config, shapeSource: 'x'.repeat(MAX_SHAPE_SOURCE + 1) }), false);
    assert.equal(ok({ ...config, shapeSource: 5 }), false);
    assert.equal(ok({ ...config, shapeSource: null }), false);
    assert.equal(ok({ ...config, shapeSource: ['line 5'] }), false);
    assert.equal(isWebviewToHost({ type: 'stateChanged', state: { ...state, config: { ...config, shapeSource: source } } }), true);
  });

  test('prototype-pollution keys and non-plain objects are rejected', () => {
    const hostile: unknown[] = [
      JSON.parse('{"type":"ready","__proto__":{"polluted":true}}'),
      JSON.parse('{"type":"ping","requestId":1,"constructor":{"prototype":{"x":1}}}'),
      { type: 'exportWeights', config: { ...config, args: JSON.parse('{"__proto__":{"isAdmin":true}}') as unknown } },
      { type: 'stateChanged', state: JSON.parse(JSON.stringify({ ...state, view: { ...state.view, prototype: {} } })) as unknown },
      Object.assign(Object.create({ inherited: true }) as object, { type: 'ready' }),
      Object.defineProperty({ type: 'pong' }, 'requestId', { get: () => 1, enumerable: true }),
    ];
    for (const m of hostile) {
      assert.equal(isWebviewToHost(m), false);
      assert.equal(isHostToWebview(m), false);
    }
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.equal(({} as Record<string, unknown>).isAdmin, undefined);
  });

  test('huge arrays and strings are rejected before they are walked', () => {
    const longShape = new Array(1_000_000).fill(1);
    assert.equal(isWebviewToHost({ type: 'exportWeights', config: { ...config, shape: longShape } }), false);
    assert.equal(isWebviewToHost({ type: 'copyPython', code: 'x'.repeat(20_001) }), false);
    assert.equal(isHostToWebview({ type: 'notice', kind: 'info', text: 'x'.repeat(2_001) }), false);
    const longSeries = { ...snapshot, propagation: { layers: 3, stdA: new Array(10_000).fill(1), stdB: [], complete: false } };
    assert.equal(isWebviewToHost({ type: 'snapshot', requestId: 1, snapshot: longSeries }), false);
    const manyNames = Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`N${i}`, 'HeNormal']));
    assert.equal(isHostToWebview({ type: 'editorContext', context: { fileName: 'a.py', qualifier: '', bareNames: manyNames } }), false);
    // Sparse arrays (holes) are not arrays of numbers.
    const holes: unknown[] = [784];
    holes[2] = 256;
    assert.equal(isWebviewToHost({ type: 'exportWeights', config: { ...config, shape: holes } }), false);
  });

  test('snapshots: NaN statistics travel as null; a NaN that stays a number is rejected', () => {
    assert.equal(isPreviewSnapshot(overTheWire(snapshot)), true);
    const nan = { ...snapshot, statistics: { ...snapshot.statistics, ksUpperBound: NaN } };
    assert.equal(isPreviewSnapshot(nan), false);
    assert.equal(isPreviewSnapshot(overTheWire(nan)), true, 'JSON turns NaN into null');
    assert.equal(isPreviewSnapshot({ ...snapshot, status: 'done' }), false);
    assert.equal(isPreviewSnapshot({ ...snapshot, render: { ...snapshot.render, engine: 'gpu' } }), false);
    assert.equal(isPreviewSnapshot({ ...snapshot, render: { ...snapshot.render, totalMs: -1 } }), false);
  });

  test('boot data is parsed from the attribute text, and rejected when malformed', () => {
    const boot = {
      extensionVersion: '0.1.0',
      readyText: 'ready',
      workerUri: 'https://x/worker.js',
      state: null,
      defaults: { sampleSize: 1000, followCursor: false },
    };
    assert.deepEqual(parsePreviewBootData(JSON.stringify(boot)), boot);
    assert.deepEqual(parsePreviewBootData(JSON.stringify({ ...boot, state })), { ...boot, state });
    for (const text of [
      undefined,
      '',
      'not json',
      '[]',
      'null',
      JSON.stringify({ ...boot, extensionVersion: 1 }),
      JSON.stringify({ ...boot, state: { ...state, version: 2 } }),
      JSON.stringify({ ...boot, defaults: { sampleSize: 0, followCursor: false } }),
      JSON.stringify({ ...boot, script: 'alert(1)' }),
    ]) {
      assert.equal(parsePreviewBootData(text), undefined, String(text));
    }
  });
});
