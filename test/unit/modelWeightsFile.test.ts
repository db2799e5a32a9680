/**
 * The `.weights.h5` planner against real Keras 3: for every reference model the reader fully
 * knows, the planned datasets (paths, shapes, dtypes) equal those of the file Keras saved, and
 * variables whose initializer has an explicit integer seed hold Keras's exact bytes.
 */
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import {
  ModelWeightsError,
  analyzeModels,
  planModelWeights,
  variableChunks,
  variableSeed,
  type AnalyzedModel,
  type ModelAnalysis,
  type ModelWeightsPlan,
} from '../../src/core/index';
import { loadModelReference, modelSource, type ModelRef } from './modelReferenceSupport';

/** Datasets the reader gets wrong today (the planner follows the reader); key: source and dataset. */
const READER_GAPS: Readonly<Record<string, string>> = {};

function findModel(analysis: ModelAnalysis, ref: ModelRef): AnalyzedModel | undefined {
  const names = [ref.variable, ...ref.aliases];
  return (
    analysis.models.find((m) => m.variable !== undefined && names.includes(m.variable)) ?? analysis.models.find((m) => m.name === ref.name)
  );
}

function sha256(plan: ModelWeightsPlan, path: string): string {
  const v = plan.variables.find((x) => x.path === path);
  assert.ok(v, path);
  const hash = createHash('sha256');
  for (const chunk of variableChunks(v, 4096)) hash.update(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
  return hash.digest('hex');
}

suite('model .weights.h5 plan', () => {
  test('every fully known reference model: the same datasets as Keras, seeded variables bit-exact', function () {
    this.timeout(300000);
    let models = 0;
    let identical = 0;
    let seeded = 0;
    let seededExact = 0;
    const mismatches: string[] = [];
    const skipped: string[] = [];
    for (const file of loadModelReference().files) {
      const text = modelSource(file);
      const analysis = analyzeModels(text);
      for (const ref of file.models) {
        if (ref.h5 === null) continue;
        if (file.error?.backend_limitation === true) {
          // The stubbed numpy oracle stopped inside this file: its saved file is not what Keras builds.
          skipped.push(`${file.source} ${ref.variable}: the oracle could not run the file to the end`);
          continue;
        }
        models++;
        const mine = findModel(analysis, ref);
        const at = `${file.source} ${ref.variable}`;
        if (mine === undefined) {
          skipped.push(`${at}: not found`);
          continue;
        }
        let plan: ModelWeightsPlan;
        try {
          plan = planModelWeights(analysis, mine, { seed: 1 });
        } catch (e) {
          if (e instanceof ModelWeightsError) {
            skipped.push(`${at}: ${e.message}`);
            continue;
          }
          throw e;
        }
        const expected = ref.h5
          .filter((e) => e.kind === 'dataset')
          .map((e) => `${e.path} (${(e.shape ?? []).join(',')}) ${e.dtype ?? ''}`)
          .sort();
        // The file's datasets: a variable Keras does not save has none (dataset null).
        const actual = plan.variables
          .filter((v) => v.dataset !== null)
          .map((v) => {
            const gap = READER_GAPS[`${file.source} ${v.dataset}`] !== undefined;
            const dtype = gap ? (ref.h5?.find((e) => e.path === v.dataset)?.dtype ?? v.dtype) : v.dtype;
            return `${v.dataset} (${v.shape.join(',')}) ${dtype}`;
          })
          .sort();
        // The `vars` groups with their `name` attributes, empty ones included.
        const expectedGroups = ref.h5
          .filter((e) => e.kind === 'group' && (e.path === 'vars' || e.path.endsWith('/vars')))
          .map((e) => `${e.path} ${String(e.attrs?.name)}`)
          .sort();
        const actualGroups = plan.groups.map((g) => `${g.path} ${g.name}`).sort();
        const groupsDiffer = JSON.stringify(expectedGroups) !== JSON.stringify(actualGroups);
        if (groupsDiffer) {
          const missing = expectedGroups.filter((x) => !actualGroups.includes(x));
          const extra = actualGroups.filter((x) => !expectedGroups.includes(x));
          mismatches.push(`${at}: groups missing ${missing.slice(0, 4).join('; ')} | extra ${extra.slice(0, 4).join('; ')}`);
        }
        if (JSON.stringify(expected) === JSON.stringify(actual) && !groupsDiffer) identical++;
        else {
          const missing = expected.filter((x) => !actual.includes(x));
          const extra = actual.filter((x) => !expected.includes(x));
          mismatches.push(`${at}: missing ${missing.slice(0, 4).join('; ')} | extra ${extra.slice(0, 4).join('; ')}`);
        }
        // Variables in model.weights order, with Keras's paths.
        const layerVars = plan.variables.filter((v) => v.source.kind === 'initializer');
        assert.deepEqual(
          layerVars.map((v) => v.path),
          ref.weights.map((w) => w.path),
          `${at}: variable paths`,
        );
        for (const layer of ref.layers) {
          for (const w of layer.weights ?? []) {
            if (w.sha256 === undefined) continue;
            seeded++;
            if (sha256(plan, w.path) === w.sha256) seededExact++;
            else mismatches.push(`${at}: ${w.path} sha256 differs`);
          }
        }
      }
    }
    console.log(
      `      planner vs Keras: ${identical}/${models} models with identical .weights.h5 layout; ${seededExact}/${seeded} seeded variables bit-exact`,
    );
    if (skipped.length > 0) console.log(`      not planned (${skipped.length}):\n        ${skipped.join('\n        ')}`);
    assert.deepEqual(mismatches, []);
    assert.ok(identical >= 40, `only ${identical} models planned`);
  });

  test('the seed rule: distinct seeds per variable, another base changes every one', () => {
    for (const base of [0, 1, 41, 2 ** 32 - 1]) {
      const seeds = Array.from({ length: 2000 }, (_, i) => variableSeed(base, i));
      assert.equal(new Set(seeds).size, seeds.length);
      const next = Array.from({ length: 2000 }, (_, i) => variableSeed((base + 1) % 2 ** 32, i));
      seeds.forEach((s, i) => assert.notEqual(s, next[i]));
    }
  });

  test('an LSTM bias with unit_forget_bias: zeros, ones, zeros', () => {
    const text = 'import keras\nmodel = keras.Sequential([keras.Input((5, 3)), keras.layers.LSTM(4)])\n';
    const analysis = analyzeModels(text);
    const plan = planModelWeights(analysis, analysis.models[0], { seed: 7 });
    const bias = plan.variables.find((v) => v.path.endsWith('bias'));
    assert.ok(bias);
    assert.equal(bias.dataset, 'layers/lstm/cell/vars/2');
    const values = [...variableChunks(bias)].flatMap((c) => Array.from(c as Float32Array));
    assert.deepEqual(values, [0, 0, 0, 0, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0]);
    const off = 'import keras\nmodel = keras.Sequential([keras.Input((5, 3)), keras.layers.LSTM(4, unit_forget_bias=False)])\n';
    const a2 = analyzeModels(off);
    const p2 = planModelWeights(a2, a2.models[0], { seed: 7 });
    const b2 = p2.variables.find((v) => v.path.endsWith('bias'));
    assert.ok(b2);
    assert.deepEqual(
      [...variableChunks(b2)].flatMap((c) => Array.from(c as Float32Array)),
      new Array<number>(16).fill(0),
    );
    // Read from the evaluated argument (a constant), and for ConvLSTM cells too.
    const conv =
      'import keras\nFORGET = False\nmodel = keras.Sequential([keras.Input((3, 6, 2)), keras.layers.ConvLSTM1D(2, 3, unit_forget_bias=FORGET, return_sequences=True), keras.layers.ConvLSTM1D(1, 1)])\n';
    const a3 = analyzeModels(conv);
    const p3 = planModelWeights(a3, a3.models[0], { seed: 7 });
    const biases = p3.variables
      .filter((v) => v.path.endsWith('bias'))
      .map((v) => [...variableChunks(v)].flatMap((c) => Array.from(c as Float32Array)));
    assert.deepEqual(biases, [new Array<number>(8).fill(0), [0, 1, 0, 0]]);
  });

  test('a model the reader cannot size names the layers and reasons', () => {
    const text = 'import keras\nx = load()\nmodel = keras.Sequential([keras.layers.Dense(4), keras.layers.Dense(2)])\n';
    const analysis = analyzeModels(text);
    assert.throws(
      () => planModelWeights(analysis, analysis.models[0], { seed: 1 }),
      (e: unknown) => {
        assert.ok(e instanceof ModelWeightsError);
        assert.match(e.message, /dense/);
        return true;
      },
    );
  });

  test('a Sequential that Keras never builds (no layers, or a raise while adding them) is refused with the reason', () => {
    // Real Keras: bad_legacy_stateful.py raises at its first model.add, and save_weights raises on the unbuilt model.
    const legacy = modelSource('models/bad_legacy_stateful.py');
    const reference = loadModelReference().files.find((f) => f.source === 'models/bad_legacy_stateful.py');
    assert.equal(reference?.models?.[0].built, false);
    for (const [text, reason] of [
      [legacy, /Keras raises ValueError while building it \(Unrecognized keyword arguments passed to LSTM/],
      ['import keras\nmodel = keras.Sequential()\n', /it has no layers, so Keras has no weights to save/],
      // Real Keras: convmixer.py's data_augmentation is only used in a tf.data map, so it is never built.
      [modelSource('models/public/convmixer.py'), /it is never built: it has no input shape/],
    ] as const) {
      const analysis = analyzeModels(text);
      const model = analysis.models.find((m) => m.name === 'data_augmentation') ?? analysis.models[0];
      assert.throws(
        () => planModelWeights(analysis, model, { seed: 1 }),
        (e: unknown) => e instanceof ModelWeightsError && reason.test(e.message),
      );
    }
  });

  test('every reference model real Keras leaves unbuilt (save_weights raises) is refused, never written', () => {
    let unbuilt = 0;
    for (const file of loadModelReference().files) {
      const text = modelSource(file);
      const analysis = analyzeModels(text);
      for (const ref of file.models) {
        if (ref.built) continue;
        const mine = findModel(analysis, ref);
        if (mine === undefined) continue;
        unbuilt++;
        assert.throws(() => planModelWeights(analysis, mine, { seed: 1 }), ModelWeightsError, `${file.source} ${ref.variable}`);
      }
    }
    assert.ok(unbuilt >= 3, `${unbuilt} unbuilt models`);
  });

  test('a compiled model: optimizer iterations and learning rate', () => {
    const text =
      'import keras\nmodel = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2)])\nmodel.compile(optimizer=keras.optimizers.SGD())\n';
    const analysis = analyzeModels(text);
    const plan = planModelWeights(analysis, analysis.models[0], { seed: 1 });
    const opt = plan.variables.filter((v) => v.dataset?.startsWith('optimizer/') === true);
    assert.deepEqual(
      opt.map((v) => [v.dataset, v.dtype, v.source]),
      [
        ['optimizer/vars/0', 'int32', { kind: 'constant', value: 0 }],
        ['optimizer/vars/1', 'float32', { kind: 'constant', value: 0.01 }],
      ],
    );
  });
});
