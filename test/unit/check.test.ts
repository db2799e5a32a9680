/** The initialization check: findings, suggestions and their edits, determinism, cancel, the stop with a reason. */
import * as assert from 'node:assert/strict';
import { analyzeModels, checkInitialization, type CheckResult } from '../../src/core/index';

const DEEP_TANH = `import keras
from keras import layers

model = keras.Sequential([keras.Input((64,))])
for _ in range(12):
    model.add(layers.Dense(64, activation="tanh", kernel_initializer=keras.initializers.RandomNormal(stddev=0.05)))
model.add(layers.Dense(10, activation="softmax"))
`;

const HEALTHY = `import keras
from keras import layers

model = keras.Sequential(
    [
        keras.Input((64,)),
        layers.Dense(128, activation="relu", kernel_initializer="he_normal"),
        layers.Dense(128, activation="relu", kernel_initializer="he_normal"),
        layers.Dense(128, activation="relu", kernel_initializer="he_normal"),
        layers.Dense(10, kernel_initializer="glorot_uniform"),
    ]
)
`;

const MIXED = `import keras
from keras import layers

inputs = keras.Input((16,))
x = layers.Dense(32, activation="relu")(inputs)
x = layers.Dense(32, kernel_initializer=keras.initializers.RandomUniform(-0.5, 0.5))(x)
x = layers.BatchNormalization()(x)
x = layers.Activation("selu")(x)
x = layers.Dense(8, "tanh", True, "he_uniform")(x)
y = layers.Conv1D(4, 3)(layers.Reshape((8, 1))(x))
model = keras.Model(inputs, y)
`;

function applyEdits(text: string, result: CheckResult): string {
  const edits = result.layers.flatMap((l) => (l.suggestion?.edit !== undefined ? [l.suggestion.edit] : []));
  const unique = [...new Map(edits.map((e) => [`${e.range.start}:${e.range.end}`, e])).values()];
  unique.sort((a, b) => b.range.start - a.range.start);
  let out = text;
  for (const e of unique) out = out.slice(0, e.range.start) + e.newText + out.slice(e.range.end);
  return out;
}

suite('check: findings, suggestions, determinism', () => {
  test('a deep tanh MLP with RandomNormal(stddev=0.05): the std collapses, gradients vanish', () => {
    const r = checkInitialization(DEEP_TANH, { seed: 1, batchSize: 64 });
    assert.equal(r.stoppedAt, undefined);
    assert.equal(r.layers.length, 13);
    assert.ok(r.layers[11].output.std < 1e-3, String(r.layers[11].output.std));
    const vanish = r.findings.find((f) => f.message.startsWith('activation std falls from 1.0'));
    assert.ok(vanish !== undefined, JSON.stringify(r.findings));
    assert.match(vanish.message, /RandomNormal\(stddev=0\.05\) with tanh/);
    assert.ok(r.findings.some((f) => f.message.startsWith('gradients vanish')));
    assert.ok(r.findings.every((f) => f.severity === 'warning'));
    // Every tanh layer gets Glorot; the softmax output too (its kernel is Glorot already).
    assert.equal(r.layers[0].suggestion?.suggested, 'glorot_uniform');
    assert.equal(r.layers[12].suggestion, undefined);
  });

  test('He + relu is healthy: one info finding', () => {
    const r = checkInitialization(HEALTHY, { seed: 2, batchSize: 128 });
    assert.deepEqual(
      r.findings.map((f) => f.severity),
      ['info'],
      JSON.stringify(r.findings),
    );
    assert.ok(r.layers.every((l) => l.suggestion === undefined));
    assert.ok(r.layers[0].output.zeroFraction > 0.3 && r.layers[0].output.zeroFraction < 0.7);
    assert.ok(r.layers.every((l) => l.gradient !== null));
  });

  test('dead ReLUs and saturation are reported with numbers', () => {
    const text = `import keras
from keras import layers
inputs = keras.Input((32,))
dead = layers.Dense(64, activation="relu", bias_initializer=keras.initializers.Constant(-2.5))(inputs)
saturated = layers.Dense(64, activation="sigmoid", kernel_initializer=keras.initializers.RandomNormal(stddev=3.0))(inputs)
model = keras.Model(inputs, layers.Concatenate()([dead, saturated]))
`;
    const r = checkInitialization(text, { seed: 3, batchSize: 64 });
    assert.ok(
      r.findings.some((f) => /% of units are zero for the whole batch after layer 1 \(dense\)/.test(f.message)),
      JSON.stringify(r.findings),
    );
    assert.ok(
      r.findings.some((f) => /of the sigmoid outputs are saturated/.test(f.message)),
      JSON.stringify(r.findings),
    );
    assert.ok((r.layers[0].deadFraction ?? 0) > 0.2);
  });

  test('suggestions follow the activation (through BatchNormalization) and their edits read back', () => {
    const r = checkInitialization(MIXED, { seed: 4, batchSize: 32 });
    assert.equal(r.stoppedAt, undefined, JSON.stringify(r.stoppedAt));
    const byName = new Map(r.layers.map((l) => [l.name, l]));
    assert.equal(byName.get('dense')?.suggestion?.suggested, 'he_normal');
    assert.equal(byName.get('dense')?.suggestion?.current, 'glorot_uniform (default)');
    assert.equal(byName.get('dense_1')?.suggestion?.suggested, 'lecun_normal');
    assert.equal(byName.get('dense_2')?.suggestion?.suggested, 'glorot_uniform');
    assert.equal(byName.get('conv1d')?.suggestion, undefined, 'a linear Conv1D with Glorot is fine');
    const edited = applyEdits(MIXED, r);
    assert.match(edited, /layers\.Dense\(32, activation="relu", kernel_initializer="he_normal"\)/);
    assert.match(edited, /layers\.Dense\(32, kernel_initializer="lecun_normal"\)/);
    assert.match(edited, /layers\.Dense\(8, "tanh", True, "glorot_uniform"\)/);
    const again = analyzeModels(edited);
    assert.equal(again.syntaxProblems.length, 0);
    const inits = again.layers.filter((l) => l.className === 'Dense').map((l) => l.weights[0].initializer);
    assert.deepEqual(inits, ["'he_normal'", "'lecun_normal'", "'glorot_uniform'"]);
    const rerun = checkInitialization(edited, { seed: 4, batchSize: 32 });
    assert.ok(rerun.layers.every((l) => l.suggestion === undefined));
  });

  test('suggested: true runs with the suggestions applied, as the edited text does', () => {
    const side = checkInitialization(MIXED, { seed: 4, batchSize: 32, suggested: true });
    const edited = checkInitialization(applyEdits(MIXED, checkInitialization(MIXED, { seed: 4, batchSize: 32 })), {
      seed: 4,
      batchSize: 32,
    });
    assert.deepEqual(
      side.layers.map((l) => l.output.std),
      edited.layers.map((l) => l.output.std),
    );
    const deep = checkInitialization(DEEP_TANH, { seed: 1, batchSize: 64, suggested: true });
    assert.ok(deep.layers[11].output.std > 0.1, String(deep.layers[11].output.std));
  });

  test('an edit inserts the keyword into a call without arguments', () => {
    const text = 'import keras\nmodel = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3, activation="relu",)])\n';
    const r = checkInitialization(text, { seed: 0, batchSize: 4 });
    const edited = applyEdits(text, r);
    assert.match(edited, /Dense\(3, activation="relu", kernel_initializer="he_normal",\)/);
    assert.equal(analyzeModels(edited).layers.find((l) => l.className === 'Dense')?.weights[0].initializer, "'he_normal'");
  });

  test('same seeds give the same numbers; another input seed changes them', () => {
    const a = checkInitialization(MIXED, { seed: 9, inputSeed: 1, batchSize: 16 });
    const b = checkInitialization(MIXED, { seed: 9, inputSeed: 1, batchSize: 16 });
    const c = checkInitialization(MIXED, { seed: 9, inputSeed: 2, batchSize: 16 });
    assert.deepEqual(a, b);
    assert.notEqual(a.layers[0].output.std, c.layers[0].output.std);
    assert.equal(a.seed, 9);
    assert.equal(a.inputSeed, 1);
  });

  test('the input batch is numpy default_rng(input_seed).standard_normal', () => {
    const text = 'import keras\nmodel = keras.Sequential([keras.Input((3,)), keras.layers.Flatten()])\n';
    const r = checkInitialization(text, { batchSize: 1, inputSeed: 7 });
    // np.random.default_rng(7).standard_normal((1, 3)).astype("float32") == [[0.00123015, 0.29874554, -0.27413785]]
    assert.deepEqual([r.input.min, r.input.max], [Math.fround(-0.27413785457611084), Math.fround(0.2987455427646637)]);
    assert.equal(
      r.input.mean,
      (Math.fround(0.001230153371579945) + Math.fround(0.2987455427646637) + Math.fround(-0.27413785457611084)) / 3,
    );
    assert.equal(r.seed, null);
  });

  test('cancel stops between layers; progress counts both passes', () => {
    let calls = 0;
    const progress: number[] = [];
    const r = checkInitialization(HEALTHY, {
      seed: 1,
      batchSize: 8,
      isCancelled: () => ++calls > 2,
      onProgress: (done) => progress.push(done),
    });
    assert.deepEqual(r.stoppedAt, { layer: 2, reason: 'cancelled' });
    assert.equal(r.layers.length, 2);
    assert.deepEqual(progress, [1, 2]);
    const full: [number, number][] = [];
    checkInitialization(HEALTHY, { seed: 1, batchSize: 8, onProgress: (d, t) => full.push([d, t]) });
    assert.deepEqual(full[full.length - 1], [8, 8]);
  });

  test('a layer the check cannot run stops it with the reason; layers before it are reported', () => {
    const text = `import keras
from keras import layers
model = keras.Sequential([keras.Input((8, 4)), layers.Dense(4), layers.Conv1DTranspose(2, 3), layers.Dense(1)])
`;
    const r = checkInitialization(text, { seed: 1, batchSize: 4 });
    assert.equal(r.layers.length, 1);
    assert.equal(r.stoppedAt?.layer, 1);
    assert.match(r.stoppedAt?.reason ?? '', /conv1d_transpose \(Conv1DTranspose\): the check cannot run Conv1DTranspose layers yet/);
    assert.equal(r.layers[0].gradient, null);
    const op = checkInitialization(
      `import keras
from keras import layers
a = keras.Input((4,))
b = layers.Dense(4)(a)
model = keras.Model(a, layers.Dense(2)(a + b))
`,
      { seed: 1, batchSize: 4 },
    );
    assert.match(op.stoppedAt?.reason ?? '', /tensor operation/);
  });

  test('Embedding inputs are ids below input_dim', () => {
    const text =
      'import keras\nmodel = keras.Sequential([keras.Input((5,), dtype="int32"), keras.layers.Embedding(7, 3), keras.layers.GlobalAveragePooling1D()])\n';
    const r = checkInitialization(text, { seed: 1, batchSize: 50 });
    assert.equal(r.input.min, 0);
    assert.equal(r.input.max, 6);
    assert.ok(r.input.histogram.counts.reduce((a, b) => a + b, 0) === 250);
  });
});
