/**
 * analyzeModels on small readable models, one or more tests per capability of the reader. Expected
 * names, shapes, parameter counts, weight paths and error messages are what Keras 3.16 builds from
 * the same source (model.layers, layer.output.shape, count_params(), variable paths, the exception).
 */
import * as assert from 'node:assert/strict';
import { analyzeModels, type AnalyzedLayer, type AnalyzedModel, type ModelAnalysis } from '../../src/core/index';

function read(lines: readonly string[]): ModelAnalysis {
  return analyzeModels(lines.join('\n'));
}

function layer(result: ModelAnalysis, name: string): AnalyzedLayer {
  const found = result.layers.find((l) => l.name === name);
  assert.ok(found !== undefined, `no layer ${name} in ${result.layers.map((l) => l.name).join(', ')}`);
  return found;
}

function modelOf(result: ModelAnalysis, variable: string): AnalyzedModel {
  const model = result.models.find((m) => m.variable === variable);
  assert.ok(model !== undefined, `no model bound to ${variable}`);
  return model;
}

/** `name: [out] params` lines of a model's layers, in model.layers order. */
function summary(result: ModelAnalysis, variable: string): string[] {
  return modelOf(result, variable).layers.map((i) => {
    const l = result.layers[i];
    return `${l.name}: ${JSON.stringify(l.outputShape)} ${l.params ?? '?'}`;
  });
}

/** `path [shape]` of every weight of a model, in model.weights order. */
function weightPaths(result: ModelAnalysis, variable: string): string[] {
  const model = modelOf(result, variable);
  const info = result.layers.find((l) => l.name === model.name && l.range.start === model.range.start);
  assert.ok(info !== undefined, `no layer info for model ${model.name}`);
  return info.weights.map((w) => `${w.path} ${JSON.stringify(w.shape)}`);
}

/** What Keras would raise, as `Type: message`. */
function problems(result: ModelAnalysis): string[] {
  return result.problems.map((p) => `${p.pythonType}: ${p.message}`);
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

  test('keras.Input with batch_size and layers.Input', () => {
    const result = read([
      'import keras',
      'from keras import layers',
      '',
      'inputs = keras.Input(shape=(28, 28, 1), batch_size=32)',
      'x = layers.Flatten()(inputs)',
      'outputs = layers.Dense(10)(x)',
      'model = keras.Model(inputs, outputs)',
      '',
      'seq_in = layers.Input(shape=(16,))',
      'seq_out = layers.Dense(4)(seq_in)',
      'other = keras.Model(seq_in, seq_out)',
    ]);
    assert.deepEqual(summary(result, 'model'), ['input_layer: [32,28,28,1] 0', 'flatten: [32,784] 0', 'dense: [32,10] 7850']);
    assert.equal(modelOf(result, 'model').name, 'functional');
    assert.equal(modelOf(result, 'model').params, 7850);
    assert.deepEqual(summary(result, 'other'), ['input_layer_1: [null,16] 0', 'dense_1: [null,4] 68']);
    assert.equal(modelOf(result, 'other').name, 'functional_1');
    assert.equal(modelOf(result, 'other').params, 68);
  });

  test('input_shape on the first layer of a Sequential', () => {
    const result = read([
      'import keras',
      'from keras import layers',
      '',
      'model = keras.Sequential([',
      '    layers.Conv2D(8, 3, activation="relu", input_shape=(28, 28, 1)),',
      '    layers.Flatten(),',
      '    layers.Dense(10),',
      '])',
    ]);
    assert.deepEqual(summary(result, 'model'), ['conv2d: [null,26,26,8] 80', 'flatten: [null,5408] 0', 'dense: [null,10] 54090']);
    assert.equal(modelOf(result, 'model').name, 'sequential');
    assert.equal(modelOf(result, 'model').params, 54170);
  });

  test('input_dim on the first layer added to a Sequential', () => {
    const result = read([
      'import keras',
      'from keras import layers',
      '',
      'model = keras.Sequential()',
      'model.add(layers.Dense(12, input_dim=8, activation="relu"))',
      'model.add(layers.Dense(1, activation="sigmoid"))',
    ]);
    assert.deepEqual(summary(result, 'model'), ['dense: [null,12] 108', 'dense_1: [null,1] 13']);
    assert.equal(modelOf(result, 'model').name, 'sequential');
    assert.equal(modelOf(result, 'model').params, 121);
  });

  test('batch_input_shape on InputLayer', () => {
    const result = read([
      'import keras',
      'from keras import layers',
      '',
      'model = keras.Sequential()',
      'model.add(layers.InputLayer(batch_input_shape=(32, 10, 8)))',
      'model.add(layers.LSTM(16, return_sequences=True))',
      'model.add(layers.Dense(1))',
    ]);
    assert.deepEqual(summary(result, 'model'), ['lstm: [32,10,16] 1600', 'dense: [32,10,1] 17']);
    assert.equal(modelOf(result, 'model').name, 'sequential');
    assert.equal(modelOf(result, 'model').params, 1617);
    assert.deepEqual(result.models[0].inputShapes, [[32, 10, 8]]);
  });

  test('batch_input_shape on a layer raises', () => {
    const result = read([
      'import keras',
      'from keras import layers',
      '',
      'model = keras.Sequential([',
      '    layers.Dense(4, batch_input_shape=(None, 8)),',
      '])',
    ]);
    assert.deepEqual(problems(result), ["ValueError: Unrecognized keyword arguments passed to Dense: {'batch_input_shape': (None, 8)}"]);
  });

  test('model.build with a batch shape', () => {
    const result = read([
      'import keras',
      'from keras import layers',
      '',
      'model = keras.Sequential([layers.Dense(128, activation="relu"), layers.Dense(10)])',
      'model.build((None, 784))',
    ]);
    assert.deepEqual(summary(result, 'model'), ['dense: [null,128] 100480', 'dense_1: [null,10] 1290']);
    assert.equal(modelOf(result, 'model').name, 'sequential');
    assert.equal(modelOf(result, 'model').params, 101770);
  });

  test('model.add in a for loop and a list comprehension', () => {
    const result = read([
      'import keras',
      'from keras import layers',
      '',
      'model = keras.Sequential()',
      'model.add(keras.Input(shape=(20,)))',
      'for units in [64, 32, 16]:',
      '    model.add(layers.Dense(units, activation="relu"))',
      'model.add(layers.Dense(1))',
      '',
      'stack = keras.Sequential([keras.Input(shape=(8,))] + [layers.Dense(4 * (k + 1)) for k in range(3)])',
    ]);
    assert.deepEqual(summary(result, 'model'), [
      'dense: [null,64] 1344',
      'dense_1: [null,32] 2080',
      'dense_2: [null,16] 528',
      'dense_3: [null,1] 17',
    ]);
    assert.equal(modelOf(result, 'model').name, 'sequential');
    assert.equal(modelOf(result, 'model').params, 3969);
    assert.deepEqual(summary(result, 'stack'), ['dense_4: [null,4] 36', 'dense_5: [null,8] 40', 'dense_6: [null,12] 108']);
    assert.equal(modelOf(result, 'stack').name, 'sequential_1');
    assert.equal(modelOf(result, 'stack').params, 184);
  });

  test('nested Sequential used as a layer', () => {
    const result = read([
      'import keras',
      'from keras import layers',
      '',
      'block = keras.Sequential([layers.Dense(32, activation="relu"), layers.Dense(16)], name="block")',
      'model = keras.Sequential([keras.Input(shape=(8,)), block, layers.Dense(1)])',
    ]);
    assert.deepEqual(summary(result, 'block'), ['dense: [null,32] 288', 'dense_1: [null,16] 528']);
    assert.equal(modelOf(result, 'block').name, 'block');
    assert.equal(modelOf(result, 'block').params, 816);
    assert.deepEqual(summary(result, 'model'), ['block: [null,16] 816', 'dense_2: [null,1] 17']);
    assert.equal(modelOf(result, 'model').name, 'sequential');
    assert.equal(modelOf(result, 'model').params, 833);
    assert.deepEqual(weightPaths(result, 'model'), [
      'sequential/block/dense/kernel [8,32]',
      'sequential/block/dense/bias [32]',
      'sequential/block/dense_1/kernel [32,16]',
      'sequential/block/dense_1/bias [16]',
      'sequential/dense_2/kernel [16,1]',
      'sequential/dense_2/bias [1]',
    ]);
  });

  test('functional calls nested in calls', () => {
    const result = read([
      'import keras',
      'from keras import layers',
      '',
      'inputs = keras.Input(shape=(32,))',
      'outputs = layers.Dense(1)(layers.Dropout(0.5)(layers.Dense(64, activation="relu")(inputs)))',
      'model = keras.Model(inputs=inputs, outputs=outputs)',
    ]);
    assert.deepEqual(summary(result, 'model'), [
      'input_layer: [null,32] 0',
      'dense_1: [null,64] 2112',
      'dropout: [null,64] 0',
      'dense: [null,1] 65',
    ]);
    assert.equal(modelOf(result, 'model').name, 'functional');
    assert.equal(modelOf(result, 'model').params, 2177);
    // The outer Dense is constructed first, so it is `dense`; graph order puts it last.
  });

  test('a shared layer', () => {
    const result = read([
      'import keras',
      'from keras import layers',
      '',
      'left = keras.Input(shape=(10,))',
      'right = keras.Input(shape=(10,))',
      'shared = layers.Dense(8)',
      'merged = layers.concatenate([shared(left), shared(right)])',
      'outputs = layers.Dense(1)(merged)',
      'model = keras.Model([left, right], outputs)',
    ]);
    assert.deepEqual(summary(result, 'model'), [
      'input_layer: [null,10] 0',
      'input_layer_1: [null,10] 0',
      'dense: [null,8] 88',
      'concatenate: [null,16] 0',
      'dense_1: [null,1] 17',
    ]);
    assert.equal(modelOf(result, 'model').name, 'functional');
    assert.equal(modelOf(result, 'model').params, 105);
    // One layer object called twice: one LayerInfo, one set of weights.
    assert.equal(result.layers.filter((l) => l.name === 'dense').length, 1);
    assert.deepEqual(weightPaths(result, 'model'), ['dense/kernel [10,8]', 'dense/bias [8]', 'dense_1/kernel [16,1]', 'dense_1/bias [1]']);
  });

  test('layers.add and Add()', () => {
    const result = read([
      'import keras',
      'from keras import layers',
      '',
      'inputs = keras.Input(shape=(16,))',
      'a = layers.Dense(16)(inputs)',
      'b = layers.Dense(16)(inputs)',
      's1 = layers.add([a, b])',
      's2 = layers.Add()([s1, inputs])',
      'model = keras.Model(inputs, s2)',
    ]);
    assert.deepEqual(summary(result, 'model'), [
      'input_layer: [null,16] 0',
      'dense: [null,16] 272',
      'dense_1: [null,16] 272',
      'add: [null,16] 0',
      'add_1: [null,16] 0',
    ]);
    assert.equal(modelOf(result, 'model').name, 'functional');
    assert.equal(modelOf(result, 'model').params, 544);
  });

  test('Concatenate on an axis', () => {
    const result = read([
      'import keras',
      'from keras import layers',
      '',
      'image = keras.Input(shape=(8, 8, 3))',
      'mask = keras.Input(shape=(8, 8, 1))',
      'joined = layers.Concatenate(axis=-1)([image, mask])',
      'rows = layers.Concatenate(axis=1)([image, image])',
      'model = keras.Model([image, mask], [joined, rows])',
    ]);
    assert.deepEqual(summary(result, 'model'), [
      'input_layer: [null,8,8,3] 0',
      'input_layer_1: [null,8,8,1] 0',
      'concatenate: [null,8,8,4] 0',
      'concatenate_1: [null,16,8,3] 0',
    ]);
    assert.equal(modelOf(result, 'model').name, 'functional');
    assert.equal(modelOf(result, 'model').params, 0);
  });

  test('multiple inputs and outputs', () => {
    const result = read([
      'import keras',
      'from keras import layers',
      '',
      'title = keras.Input(shape=(None,), name="title")',
      'body = keras.Input(shape=(None,), name="body")',
      'tags = keras.Input(shape=(12,), name="tags")',
      'title_features = layers.LSTM(32)(layers.Embedding(1000, 16)(title))',
      'body_features = layers.LSTM(8)(layers.Embedding(1000, 16)(body))',
      'x = layers.concatenate([title_features, body_features, tags])',
      'priority = layers.Dense(1, name="priority")(x)',
      'department = layers.Dense(4, name="department")(x)',
      'model = keras.Model(inputs=[title, body, tags], outputs={"priority": priority, "department": department})',
    ]);
    assert.deepEqual(summary(result, 'model'), [
      'title: [null,null] 0',
      'body: [null,null] 0',
      'embedding: [null,null,16] 16000',
      'embedding_1: [null,null,16] 16000',
      'lstm: [null,32] 6272',
      'lstm_1: [null,8] 800',
      'tags: [null,12] 0',
      'concatenate: [null,52] 0',
      'department: [null,4] 212',
      'priority: [null,1] 53',
    ]);
    assert.equal(modelOf(result, 'model').name, 'functional');
    assert.equal(modelOf(result, 'model').params, 39337);
  });

  test('module constants and arithmetic', () => {
    const result = read([
      'import keras',
      'from keras import layers',
      '',
      'num_classes = 10',
      'IMG = (28, 28, 1)',
      'units = 32',
      'model = keras.Sequential([',
      '    keras.Input(shape=IMG + (3,)),',
      '    layers.Reshape((28, 28, 3)),',
      '    layers.Flatten(),',
      '    layers.Dense(2 * units),',
      '    layers.Dense(units // 2 + 1),',
      '    layers.Dense(num_classes),',
      '])',
    ]);
    assert.deepEqual(summary(result, 'model'), [
      'reshape: [null,28,28,3] 0',
      'flatten: [null,2352] 0',
      'dense: [null,64] 150592',
      'dense_1: [null,17] 1105',
      'dense_2: [null,10] 180',
    ]);
    assert.equal(modelOf(result, 'model').name, 'sequential');
    assert.equal(modelOf(result, 'model').params, 151877);
  });

  test('keyword and positional arguments', () => {
    const result = read([
      'import keras',
      'from keras import layers',
      '',
      'model = keras.Sequential([',
      '    keras.Input(shape=(32, 32, 3)),',
      '    layers.Conv2D(16, (3, 3), (2, 2), "same"),',
      '    layers.Conv2D(filters=8, kernel_size=5, strides=1, padding="valid"),',
      '    layers.MaxPooling2D(2),',
      '    layers.Flatten(),',
      '    layers.Dense(units=10, use_bias=False),',
      '])',
    ]);
    assert.deepEqual(summary(result, 'model'), [
      'conv2d: [null,16,16,16] 448',
      'conv2d_1: [null,12,12,8] 3208',
      'max_pooling2d: [null,6,6,8] 0',
      'flatten: [null,288] 0',
      'dense: [null,10] 2880',
    ]);
    assert.equal(modelOf(result, 'model').name, 'sequential');
    assert.equal(modelOf(result, 'model').params, 6536);
  });

  test('a helper function called twice', () => {
    const result = read([
      'import keras',
      'from keras import layers',
      '',
      '',
      'def conv_block(x, filters):',
      '    x = layers.Conv2D(filters, 3, padding="same")(x)',
      '    x = layers.BatchNormalization()(x)',
      '    x = layers.ReLU()(x)',
      '    return layers.MaxPooling2D()(x)',
      '',
      '',
      'inputs = keras.Input(shape=(32, 32, 3))',
      'x = conv_block(inputs, 16)',
      'x = conv_block(x, 32)',
      'outputs = layers.Dense(10)(layers.GlobalAveragePooling2D()(x))',
      'model = keras.Model(inputs, outputs)',
    ]);
    assert.deepEqual(summary(result, 'model'), [
      'input_layer: [null,32,32,3] 0',
      'conv2d: [null,32,32,16] 448',
      'batch_normalization: [null,32,32,16] 64',
      're_lu: [null,32,32,16] 0',
      'max_pooling2d: [null,16,16,16] 0',
      'conv2d_1: [null,16,16,32] 4640',
      'batch_normalization_1: [null,16,16,32] 128',
      're_lu_1: [null,16,16,32] 0',
      'max_pooling2d_1: [null,8,8,32] 0',
      'global_average_pooling2d: [null,32] 0',
      'dense: [null,10] 330',
    ]);
    assert.equal(modelOf(result, 'model').name, 'functional');
    assert.equal(modelOf(result, 'model').params, 5610);
  });

  test('subclassed model built by build()', () => {
    const result = read([
      'import keras',
      'from keras import layers',
      '',
      '',
      'class Head(keras.Model):',
      '    def __init__(self):',
      '        super().__init__()',
      '        self.hidden = layers.Dense(32, activation="relu")',
      '        self.out = layers.Dense(4)',
      '',
      '    def build(self, input_shape):',
      '        self.hidden.build(input_shape)',
      '        self.out.build((input_shape[0], 32))',
      '',
      '    def call(self, x):',
      '        return self.out(self.hidden(x))',
      '',
      '',
      'model = Head()',
      'model.build((None, 16))',
    ]);
    // Keras: the sublayers are built (not called), so they have weights but no output tensor.
    const model = modelOf(result, 'model');
    assert.equal(model.name, 'head');
    assert.equal(model.params, 676);
    assert.deepEqual(weightPaths(result, 'model'), [
      'head/dense/kernel [16,32]',
      'head/dense/bias [32]',
      'head/dense_1/kernel [32,4]',
      'head/dense_1/bias [4]',
    ]);
  });

  test('subclassed model called on a tensor and wrapped functionally', () => {
    const result = read([
      'import keras',
      'from keras import layers',
      '',
      '',
      'class Encoder(keras.Model):',
      '    def __init__(self, latent, **kwargs):',
      '        super().__init__(**kwargs)',
      '        self.flatten = layers.Flatten()',
      '        self.dense = layers.Dense(latent)',
      '',
      '    def call(self, x):',
      '        return self.dense(self.flatten(x))',
      '',
      '',
      'inputs = keras.Input(shape=(8, 8))',
      'encoder = Encoder(6, name="encoder")',
      'outputs = layers.Dense(2)(encoder(inputs))',
      'model = keras.Model(inputs, outputs)',
    ]);
    assert.deepEqual(summary(result, 'model'), ['input_layer: [null,8,8] 0', 'encoder: [null,6] 390', 'dense_1: [null,2] 14']);
    assert.equal(modelOf(result, 'model').name, 'functional');
    assert.equal(modelOf(result, 'model').params, 404);
    assert.deepEqual(weightPaths(result, 'model'), [
      'encoder/dense/kernel [64,6]',
      'encoder/dense/bias [6]',
      'dense_1/kernel [6,2]',
      'dense_1/bias [2]',
    ]);
  });

  test('import styles', () => {
    const result = read([
      'import keras',
      'import keras.layers as L',
      'import tensorflow as tf',
      'from keras.layers import Dense',
      'from tensorflow.keras import layers',
      'from tensorflow import keras as tfk',
      '',
      'model = tf.keras.Sequential([',
      '    tf.keras.Input(shape=(4,)),',
      '    tf.keras.layers.Dense(8),',
      '    keras.layers.Dense(7),',
      '    L.Dense(6),',
      '    Dense(5),',
      '    layers.Dense(4),',
      '    tfk.layers.Dense(3),',
      '])',
    ]);
    assert.deepEqual(summary(result, 'model'), [
      'dense: [null,8] 40',
      'dense_1: [null,7] 63',
      'dense_2: [null,6] 48',
      'dense_3: [null,5] 35',
      'dense_4: [null,4] 24',
      'dense_5: [null,3] 15',
    ]);
    assert.equal(modelOf(result, 'model').name, 'sequential');
    assert.equal(modelOf(result, 'model').params, 225);
  });

  test('an unknown custom layer', () => {
    const result = read([
      'import keras',
      'from keras import layers',
      'from mylib import FancyLayer',
      '',
      'inputs = keras.Input(shape=(16,))',
      'x = layers.Dense(8)(inputs)',
      'x = FancyLayer(4)(x)',
      'outputs = layers.Dense(2)(x)',
      'model = keras.Model(inputs, outputs)',
    ]);
    // Keras (with mylib) lists input_layer, dense, fancy_layer, dense_1. Without mylib the reader
    // names the layer as Keras would, and gives no number for it or anything after it.
    assert.deepEqual(
      modelOf(result, 'model').layers.map((i) => result.layers[i].name),
      ['input_layer', 'dense', 'fancy_layer', 'dense_1'],
    );
    assert.deepEqual(layer(result, 'dense').outputShape, [null, 8]);
    const fancy = layer(result, 'fancy_layer');
    assert.equal(fancy.className, 'FancyLayer');
    assert.equal(fancy.outputShape, null);
    assert.equal(fancy.params, null);
    assert.match(fancy.unknown ?? '', /`FancyLayer` comes from `mylib`/);
    const after = layer(result, 'dense_1');
    assert.equal(after.outputShape, null);
    assert.equal(after.params, null);
    assert.match(after.unknown ?? '', /mylib/);
    assert.equal(modelOf(result, 'model').params, null);
    assert.match(modelOf(result, 'model').unknown ?? '', /mylib/);
  });

  test('Add of incompatible shapes', () => {
    const result = read([
      'import keras',
      'from keras import layers',
      '',
      'a = keras.Input(shape=(16,))',
      'b = keras.Input(shape=(8,))',
      's = layers.Add()([a, b])',
    ]);
    assert.deepEqual(problems(result), ['ValueError: Inputs have incompatible shapes. Received shapes (16,) and (8,)']);
  });

  test('Concatenate of mismatched shapes', () => {
    const result = read([
      'import keras',
      'from keras import layers',
      '',
      'a = keras.Input(shape=(4, 16))',
      'b = keras.Input(shape=(5, 8))',
      'c = layers.Concatenate()([a, b])',
    ]);
    assert.deepEqual(problems(result), [
      'ValueError: A `Concatenate` layer requires inputs with matching shapes except for the concatenation axis. Received: input_shape=[(None, 4, 16), (None, 5, 8)]',
    ]);
  });

  test('Conv2D on a rank-2 input', () => {
    const result = read([
      'import keras',
      'from keras import layers',
      '',
      'inputs = keras.Input(shape=(784,))',
      'x = layers.Conv2D(8, 3)(inputs)',
    ]);
    assert.deepEqual(problems(result), [
      "ValueError: Input 0 with name 'None' of layer 'conv2d' is incompatible with the layer: expected min_ndim=4, found ndim=2. Full shape received: (None, 784)",
    ]);
  });

  test('graph order of a functional model', () => {
    const result = read([
      'import keras',
      'from keras import layers',
      '',
      'inputs = keras.Input(shape=(8,))',
      'late = layers.Dense(4, name="late")',
      'early = layers.Dense(4, name="early")',
      'skip = layers.Dense(4, name="skip")',
      'a = early(inputs)',
      'b = late(a)',
      'c = skip(inputs)',
      'outputs = layers.add([b, c])',
      'model = keras.Model(inputs, outputs)',
    ]);
    assert.deepEqual(summary(result, 'model'), [
      'input_layer: [null,8] 0',
      'early: [null,4] 36',
      'late: [null,4] 20',
      'skip: [null,4] 36',
      'add: [null,4] 0',
    ]);
    assert.equal(modelOf(result, 'model').name, 'functional');
    assert.equal(modelOf(result, 'model').params, 92);
  });

  test('automatic names', () => {
    const result = read([
      'import keras',
      'from keras import layers',
      '',
      'model = keras.Sequential([',
      '    keras.Input(shape=(4, 4, 1)),',
      '    layers.Conv2D(2, 3, padding="same"),',
      '    layers.ReLU(),',
      '    layers.Conv2D(2, 3, padding="same", name="named_conv"),',
      '    layers.Conv2D(2, 3, padding="same"),',
      '    layers.ReLU(),',
      '    layers.Flatten(),',
      '    layers.Dense(3),',
      '    layers.Dense(2),',
      '])',
    ]);
    assert.deepEqual(summary(result, 'model'), [
      'conv2d: [null,4,4,2] 20',
      're_lu: [null,4,4,2] 0',
      'named_conv: [null,4,4,2] 38',
      'conv2d_1: [null,4,4,2] 38',
      're_lu_1: [null,4,4,2] 0',
      'flatten: [null,32] 0',
      'dense: [null,3] 99',
      'dense_1: [null,2] 8',
    ]);
    assert.equal(modelOf(result, 'model').name, 'sequential');
    assert.equal(modelOf(result, 'model').params, 203);
  });

  test('a custom layer with build() and compute_output_shape()', () => {
    const result = read([
      'import keras',
      'from keras import layers',
      '',
      '',
      'class Bilinear(layers.Layer):',
      '    def __init__(self, units, **kwargs):',
      '        super().__init__(**kwargs)',
      '        self.units = units',
      '',
      '    def build(self, input_shapes):',
      '        a, b = input_shapes',
      '        self.w = self.add_weight(shape=(self.units, a[-1], b[-1]), name="w")',
      '',
      '    def call(self, inputs):',
      '        a, b = inputs',
      '        return keras.ops.einsum("bi,uij,bj->bu", a, self.w, b)',
      '',
      '    def compute_output_shape(self, input_shapes):',
      '        return (input_shapes[0][0], self.units)',
      '',
      '',
      'a = keras.Input((6,))',
      'b = keras.Input((9,))',
      'model = keras.Model([a, b], layers.Dense(2)(Bilinear(3)([a, b])))',
    ]);
    assert.deepEqual(summary(result, 'model'), [
      'input_layer: [null,6] 0',
      'input_layer_1: [null,9] 0',
      'bilinear: [null,3] 162',
      'dense: [null,2] 8',
    ]);
    assert.equal(modelOf(result, 'model').name, 'functional');
    assert.equal(modelOf(result, 'model').params, 170);
  });

  test('keras.ops.shape and keras.ops.arange', () => {
    const result = read([
      'import keras',
      'from keras import layers',
      '',
      'inputs = keras.Input(shape=(50,), dtype="int32")',
      'length = keras.ops.shape(inputs)[-1]',
      'positions = layers.Embedding(input_dim=length, output_dim=8)(keras.ops.arange(0, length, 1))',
      'x = layers.Embedding(input_dim=1000, output_dim=8)(inputs) + positions',
      'outputs = layers.Dense(1)(layers.GlobalAveragePooling1D()(x))',
      'model = keras.Model(inputs, outputs)',
    ]);
    assert.deepEqual(summary(result, 'model'), [
      'input_layer: [null,50] 0',
      'embedding_1: [null,50,8] 8000',
      'global_average_pooling1d: [null,8] 0',
      'dense: [null,1] 9',
    ]);
    assert.equal(modelOf(result, 'model').name, 'functional');
    assert.equal(modelOf(result, 'model').params, 8009);
  });

  test('Lambda layers traced on their inputs', () => {
    const result = read([
      'import keras',
      'from keras import layers, ops',
      '',
      'x_in = keras.Input(shape=(10, 4))',
      'doubled = layers.Lambda(lambda t: ops.concatenate([t, t], axis=-1))(x_in)',
      'summed = layers.Lambda(lambda t: ops.sum(t, axis=1))(doubled)',
      'other = keras.Input(shape=(8,))',
      'distance = layers.Lambda(lambda t: ops.abs(t[0] - t[1]))([summed, other])',
      'model = keras.Model([x_in, other], layers.Dense(1)(distance))',
    ]);
    assert.deepEqual(summary(result, 'model'), [
      'input_layer: [null,10,4] 0',
      'lambda: [null,10,8] 0',
      'lambda_1: [null,8] 0',
      'input_layer_1: [null,8] 0',
      'lambda_2: [null,8] 0',
      'dense: [null,1] 9',
    ]);
    assert.equal(modelOf(result, 'model').name, 'functional');
    assert.equal(modelOf(result, 'model').params, 9);
  });

  test('a custom layer called with several positional tensors', () => {
    // keras-io captcha_ocr: CTCLayer(name="ctc_loss")(labels, x) with call(self, y_true, y_pred).
    const result = read([
      'import keras',
      'from keras import layers',
      '',
      'class PassPred(layers.Layer):',
      '    def call(self, y_true, y_pred):',
      '        return y_pred',
      '',
      'labels = keras.Input(shape=(None,), name="label")',
      'x_in = keras.Input(shape=(6, 4))',
      'x = layers.Dense(5)(x_in)',
      'out = PassPred(name="pass_pred")(labels, x)',
      'model = keras.Model([x_in, labels], out)',
    ]);
    assert.deepEqual(summary(result, 'model'), [
      'input_layer: [null,6,4] 0',
      'label: [null,null] 0',
      'dense: [null,6,5] 25',
      'pass_pred: [null,6,5] 0',
    ]);
    assert.equal(modelOf(result, 'model').params, 25);
  });

  test('keras.random tensors inside a custom call()', () => {
    // keras-io vae: the Sampling layer draws epsilon of shape (batch, dim).
    const result = read([
      'import keras',
      'from keras import layers, ops',
      '',
      'class Sampling(layers.Layer):',
      '    def call(self, inputs):',
      '        z_mean, z_log_var = inputs',
      '        batch = ops.shape(z_mean)[0]',
      '        dim = ops.shape(z_mean)[1]',
      '        epsilon = keras.random.normal(shape=(batch, dim))',
      '        return z_mean + ops.exp(0.5 * z_log_var) * epsilon',
      '',
      'x_in = keras.Input(shape=(16,))',
      'z_mean = layers.Dense(2)(x_in)',
      'z_log_var = layers.Dense(2)(x_in)',
      'z = Sampling()([z_mean, z_log_var])',
      'encoder = keras.Model(x_in, [z_mean, z_log_var, z])',
    ]);
    assert.deepEqual(summary(result, 'encoder'), [
      'input_layer: [null,16] 0',
      'dense: [null,2] 34',
      'dense_1: [null,2] 34',
      'sampling: [null,2] 0',
    ]);
    assert.equal(modelOf(result, 'encoder').params, 68);
  });

  test('layers never called: no weights for classes that never have any', () => {
    // keras-io image_classification_from_scratch: a data_augmentation Sequential never built.
    const result = read([
      'import keras',
      'from keras import layers',
      '',
      'augment = keras.Sequential([layers.RandomFlip("horizontal"), layers.RandomRotation(0.1), layers.Dense(3)])',
    ]);
    assert.equal(layer(result, 'random_flip').params, 0);
    assert.deepEqual(layer(result, 'random_flip').weights, []);
    assert.equal(layer(result, 'random_rotation').params, 0);
    // A Dense never built has no weights in Keras either, but their shapes would depend on the input.
    assert.equal(layer(result, 'dense').params, null);
    assert.equal(modelOf(result, 'augment').params, null);
  });

  test('a return under a condition the reader cannot decide makes what the function returns unknown, never the other path', () => {
    const source = (condition: string): string[] => [
      'import keras',
      'from keras import layers',
      '',
      'def block(x, filters):',
      '    m = layers.Conv2D(filters, 1)(x)',
      `    if ${condition}:`,
      '        return layers.Add()([m, x])',
      '    return m',
      '',
      'inp = keras.Input((8, 8, 16))',
      'model = keras.Model(inp, block(inp, 16))',
    ];
    // Undecidable: the model is unknown with the reason, not a model without its Add.
    const undecided = read(source('some_flag(x)'));
    assert.equal(modelOf(undecided, 'model').params, null);
    assert.match(modelOf(undecided, 'model').unknown ?? '', /returns under a condition the reader cannot decide \(line 6\)/);
    assert.ok(!undecided.layers.some((l) => l.className === 'Add'));
    // Decidable through keras.ops / tf.math comparisons of known numbers: Keras's path, with the Add.
    for (const condition of ['keras.ops.equal(x.shape[-1], filters)', 'keras.ops.greater_equal(filters, 16) and True']) {
      const decided = read(source(condition));
      assert.deepEqual(
        summary(decided, 'model'),
        ['input_layer: [null,8,8,16] 0', 'conv2d: [null,8,8,16] 272', 'add: [null,8,8,16] 0'],
        condition,
      );
    }
  });

  test('calling a model whose outputs are unknown gives an unknown, and the rest of the file is still read', () => {
    const result = read([
      'import keras',
      'inputs = keras.Input((64, 64, 3))',
      'base = keras.applications.VGG19(include_top=False, weights=None)',
      'backbone = keras.Model(inputs=base.layers[1].input, outputs=[base.get_layer(n).output for n in ["block3_pool", "block4_pool"]])',
      'x = backbone(inputs)',
      'head = keras.Sequential([keras.layers.Dropout(0.5)])',
      'x[-1] = head(x[-1])',
      'p3, p4 = x',
      'out = keras.layers.Conv2D(4, 1)(p4)',
      'segmenter = keras.Model(inputs, out)',
      'probe = keras.Sequential([keras.Input((5,)), keras.layers.Dense(2)])',
    ]);
    assert.equal(modelOf(result, 'backbone').params, null);
    assert.equal(modelOf(result, 'segmenter').params, null);
    assert.ok(layer(result, 'conv2d').unknown !== undefined);
    // after the calls on the unknown outputs, the file is still read to its end
    assert.equal(modelOf(result, 'probe').params, 12);
  });

  test('a subclassed model never called nor built has no parameter count: Keras count_params() raises', () => {
    // Keras: ValueError: You tried to call `count_params` on layer 'head', but the layer isn't built.
    const result = read([
      'import keras',
      'from keras import layers',
      'class Head(keras.Model):',
      '    def __init__(self):',
      '        super().__init__()',
      '        self.drop = layers.Dropout(0.1)',
      '    def call(self, x):',
      '        return self.drop(x)',
      'head = Head()',
      'called = Head()',
      'y = called(keras.Input((4,)))',
    ]);
    assert.equal(modelOf(result, 'head').params, null);
    assert.match(modelOf(result, 'head').unknown ?? '', /`head` is not built.*count_params\(\) raises/);
    assert.equal(modelOf(result, 'called').params, 0);
  });

  test('a model holding what keras.models.clone_model returns is unknown, with the reason, not a confident list', () => {
    // Keras: the wrapper tracks both networks (layers [net, net]); the reader does not follow clone_model.
    const result = read([
      'import keras',
      'from keras import layers',
      'def get_net():',
      '    i = keras.Input((4,))',
      '    return keras.Model(i, layers.Dense(3)(i), name="net")',
      'class Wrapper(keras.Model):',
      '    def __init__(self):',
      '        super().__init__()',
      '        self.network = get_net()',
      '        self.ema_network = keras.models.clone_model(self.network)',
      '    def call(self, x):',
      '        return self.network(x)',
      'model = Wrapper()',
      'y = model(keras.Input((4,)))',
    ]);
    assert.equal(modelOf(result, 'model').params, null);
    assert.match(modelOf(result, 'model').unknown ?? '', /`ema_network` holds the result of `keras.models.clone_model`/);
  });

  test('NumPy index arrays and masks: np.eye(n)[np.random.choice(...)], segment_sum, take, sorted strings', () => {
    // Keras 3.16 printed: masked/dense/kernel (5, 4), count_params 24; and for the second model
    // [pool/dense_1/kernel (4, 3), pool/dense_1/bias (3,), dense/kernel (9, 4), dense/bias (4,)], 55.
    const masked = read([
      'import numpy as np',
      'import keras',
      'from keras import layers, ops',
      'class Masked(keras.Model):',
      '    def __init__(self, num_features, num_used):',
      '        super().__init__()',
      '        idx = np.random.choice(np.arange(num_features), num_used, replace=False)',
      '        self.mask = ops.convert_to_tensor(np.eye(num_features)[idx], dtype="float32")',
      '        self.dense = layers.Dense(4)',
      '    def call(self, x):',
      '        return self.dense(ops.matmul(x, ops.transpose(self.mask)))',
      'inp = keras.Input((10,))',
      'model = keras.Model(inp, Masked(10, 5)(inp))',
    ]);
    assert.deepEqual(weightPaths(masked, 'model'), ['masked/dense/kernel [5,4]', 'masked/dense/bias [4]']);
    assert.equal(modelOf(masked, 'model').params, 24);
    const pooled = read([
      'import numpy as np',
      'import keras',
      'from keras import layers, ops',
      'class Pool(layers.Layer):',
      '    def __init__(self, **kwargs):',
      '        super().__init__(**kwargs)',
      '        self.ids = np.array([0, 0, 1, 2, 2, 2])',
      '        self.proj = layers.Dense(3)',
      '    def call(self, x):',
      '        pooled = ops.segment_sum(ops.transpose(x, [1, 0, 2]), self.ids, num_segments=3)',
      '        return self.proj(ops.transpose(pooled, [1, 0, 2]))',
      'vocab = sorted(["b", "a", "c", "a"])',
      'inp = keras.Input((6, 4))',
      'out = layers.Dense(len(vocab))(layers.Flatten()(Pool()(inp)))',
      'model = keras.Model(inp, out)',
    ]);
    assert.deepEqual(weightPaths(pooled, 'model'), [
      'pool/dense_1/kernel [4,3]',
      'pool/dense_1/bias [3]',
      'dense/kernel [9,4]',
      'dense/bias [4]',
    ]);
    assert.equal(modelOf(pooled, 'model').params, 55);
  });
});
