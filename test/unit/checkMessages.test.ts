/**
 * The initialization check's messages between the panel's webview and the extension host
 * (src/protocol/checkMessages.ts) and what the webview reports: a run's report passes the guard as
 * it goes over the wire, figures that overflow float32 travel as null (JSON has no Infinity), malformed
 * messages are refused; the suggestions of layers built by one constructor call give one edit.
 */
import * as assert from 'node:assert/strict';
import { checkInitialization, suggestionGroups } from '../../src/core/index';
import { DEFAULT_CHECK_SETTINGS, isCheckSettings, isCheckWebviewToHost, type CheckDoneMessage } from '../../src/protocol/checkMessages';
import { layerReport, suggestionEdits } from '../../src/webview/check/checkApp';

const DEEP_TANH = [
  'import keras',
  'from keras import initializers, layers',
  '',
  'deep = keras.Sequential(',
  '    [keras.Input(shape=(64,))]',
  '    + [layers.Dense(64, activation="tanh", kernel_initializer=initializers.RandomNormal(stddev=0.05)) for _ in range(6)]',
  ')',
  '',
].join('\n');

/** Twenty ReLU layers drawn with stddev 30: the activations pass float32's largest value. */
const EXPLODING = [
  'import keras',
  'from keras import initializers, layers',
  '',
  'model = keras.Sequential(',
  '    [keras.Input(shape=(128,))]',
  '    + [layers.Dense(128, activation="relu", kernel_initializer=initializers.RandomNormal(stddev=30.0, seed=1)) for _ in range(20)]',
  ')',
  '',
].join('\n');

function overTheWire(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value)) as unknown;
}

function doneMessage(text: string): CheckDoneMessage {
  const result = checkInitialization(text, { batchSize: 16, seed: 7 });
  return {
    type: 'done',
    runId: 1,
    model: result.model,
    seed: result.seed ?? null,
    layers: result.layers.map(layerReport),
    findings: result.findings.map((f) => f.message),
    stoppedAt: null,
    compared: null,
    renderMs: 12.5,
    engine: 'worker',
  };
}

suite('initialization check messages', () => {
  test("a run's report passes the guard after JSON, and its figures are the core's", () => {
    const message = doneMessage(DEEP_TANH);
    assert.equal(isCheckWebviewToHost(overTheWire(message)), true);
    assert.equal(message.layers.length, 6);
    const core = checkInitialization(DEEP_TANH, { batchSize: 16, seed: 7 });
    assert.equal(message.layers[5].outputStd, core.layers[5].output.std);
  });

  test('figures past float32 travel as null, and that report is still accepted', () => {
    const message = doneMessage(EXPLODING);
    const core = checkInitialization(EXPLODING, { batchSize: 16, seed: 7 });
    const overflowed = core.layers.findIndex((l) => !Number.isFinite(l.output.std));
    assert.ok(overflowed > 0, 'the activations overflow somewhere in the stack');
    assert.equal(message.layers[overflowed].outputStd, null);
    assert.equal(typeof message.layers[0].outputStd, 'number');
    assert.equal(isCheckWebviewToHost(overTheWire(message)), true);
    // as np.maximum(x, 0): NaN stays NaN through the ReLUs after the overflow (not a layer of zeros)
    assert.ok(Number.isNaN(core.layers[core.layers.length - 1].output.std));
    assert.ok(core.findings.some((f) => f.layer === overflowed && /overflow float32/.test(f.message)));
    assert.ok(!core.findings.some((f) => /gradients (vanish|explode)/.test(f.message)), 'no gradient figures after an overflow');
    assert.equal(core.findings.filter((f) => /dead relu units/.test(f.message)).length <= 1, true, 'consecutive dead layers: one finding');
  });

  test('malformed reports and settings are refused', () => {
    const message = doneMessage(DEEP_TANH);
    const layer = message.layers[0];
    assert.equal(isCheckWebviewToHost({ ...message, layers: [{ ...layer, outputStd: Infinity }] }), false, 'Infinity is not a figure');
    assert.equal(isCheckWebviewToHost({ ...message, layers: [{ ...layer, zeroFraction: 1.5 }] }), false, 'a fraction above 1');
    assert.equal(isCheckWebviewToHost({ ...message, engine: 'gpu' }), false);
    assert.equal(isCheckWebviewToHost({ ...message, extra: 1 }), false);
    assert.equal(isCheckWebviewToHost({ type: 'apply', runId: 1, edits: [] }), false, 'an apply without edits');
    assert.equal(isCheckWebviewToHost({ type: 'apply', runId: 1, edits: [{ start: 5, end: 2, newText: 'x' }] }), false, 'a reversed range');
    assert.equal(isCheckSettings(DEFAULT_CHECK_SETTINGS), true);
    assert.equal(isCheckSettings({ ...DEFAULT_CHECK_SETTINGS, batchSize: 0 }), false);
    assert.equal(isCheckSettings({ ...DEFAULT_CHECK_SETTINGS, seed: 2 ** 32 }), false);
  });

  test('layers of one constructor call (a comprehension) share one suggestion edit, applied once', () => {
    const result = checkInitialization(DEEP_TANH, { batchSize: 16, seed: 7 });
    assert.equal(result.layers.filter((l) => l.suggestion?.edit !== undefined).length, 6);
    const groups = suggestionGroups(result.layers);
    assert.deepEqual(
      groups.map((g) => [g.label, g.layers.length]),
      [['dense … dense_5 (6 layers, one call)', 6]],
    );
    const edits = suggestionEdits(result);
    assert.equal(edits.length, 1);
    const [edit] = edits;
    const fixed = DEEP_TANH.slice(0, edit.start) + edit.newText + DEEP_TANH.slice(edit.end);
    assert.match(fixed, /layers\.Dense\(64, activation="tanh", kernel_initializer="glorot_uniform"\) for _ in range\(6\)/);
    // the fixed source checks without the suggestion
    const after = checkInitialization(fixed, { batchSize: 16, seed: 7 });
    assert.equal(after.layers.filter((l) => l.suggestion !== undefined).length, 0);
  });
});
