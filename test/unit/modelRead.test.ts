/**
 * analyzeModels on small readable models. Expected shapes, names and parameter counts were checked
 * against real Keras 3 (model.layers, layer.output.shape, weight paths, count_params()).
 */
import * as assert from 'node:assert/strict';
import { analyzeModels, type AnalyzedLayer, type ModelAnalysis } from '../../src/core/index';

function read(lines: readonly string[]): ModelAnalysis {
  return analyzeModels(lines.join('\n'));
}

function layer(result: ModelAnalysis, name: string): AnalyzedLayer {
  const found = result.layers.find((l) => l.name === name);
  assert.ok(found !== undefined, `no layer ${name} in ${result.layers.map((l) => l.name).join(', ')}`);
  return found;
}

/** `name: [in] -> [out] params` lines of a model's layers, in model.layers order. */
function summary(result: ModelAnalysis, variable: string): string[] {
  const model = result.models.find((m) => m.variable === variable);
  assert.ok(model !== undefined, `no model bound to ${variable}`);
  return model.layers.map((i) => {
    const l = result.layers[i];
    return `${l.name}: ${JSON.stringify(l.outputShape)} ${l.params ?? '?'}`;
  });
}

suite('model reader', () => {
  test('Sequential with input_shape on the first layer', () => {
    const result = read([
      'import keras',
      'from keras import layers',
      'num_classes = 10',
      'model = keras.Sequential([',
      '    layers.Dense(64, activation="relu", input_shape=(784,)),',
      '    layers.Dense(2 * 32),',
      '    layers.Dense(num_classes),',
      '])',
    ]);
    assert.deepEqual(summary(result, 'model'), ['dense: [null,64] 50240', 'dense_1: [null,64] 4160', 'dense_2: [null,10] 650']);
    assert.equal(result.models[0].params, 55050);
    assert.equal(result.models[0].name, 'sequential');
    assert.deepEqual(
      layer(result, 'dense').weights.map((w) => `${w.path} ${JSON.stringify(w.shape)}`),
      ['sequential/dense/kernel [784,64]', 'sequential/dense/bias [64]'],
    );
  });

  test('functional model: names, merge function, graph order', () => {
    const result = read([
      'import keras',
      'from keras import layers',
      'inputs = keras.Input(shape=(32,))',
      'x = layers.Dense(16)(inputs)',
      'y = layers.Dense(16)(inputs)',
      'z = layers.add([x, y])',
      'out = layers.Dense(1, name="head")(z)',
      'model = keras.Model(inputs, out)',
    ]);
    assert.deepEqual(summary(result, 'model'), [
      'input_layer: [null,32] 0',
      'dense: [null,16] 528',
      'dense_1: [null,16] 528',
      'add: [null,16] 0',
      'head: [null,1] 17',
    ]);
    assert.equal(result.models[0].name, 'functional');
    assert.equal(result.models[0].params, 1073);
    assert.deepEqual(
      layer(result, 'dense').weights.map((w) => w.path),
      ['dense/kernel', 'dense/bias'],
    );
  });
});
