/** completionContextAt and importStyle on line-array documents (`|` is the cursor). */
import * as assert from 'node:assert/strict';
import { completionContextAt, importStyle, type CompletionContext } from '../../src/core/index';
import { textOf, withCursor } from './pythonSupport';

/** The answer with its range replaced by the text it covers. */
function context(lines: readonly string[]): Record<string, unknown> | undefined {
  const { text, offset } = withCursor(lines);
  const c: CompletionContext | undefined = completionContextAt(text, offset);
  if (c === undefined) return undefined;
  const { range, ...rest } = c;
  return { ...rest, range: textOf(text, range) };
}

function none(lines: readonly string[]): void {
  assert.equal(context(lines), undefined, lines.join('\n'));
}

suite('python reader: completionContextAt', () => {
  test('inside a string where Keras reads an initializer id', () => {
    assert.deepEqual(context(['Dense(3, kernel_initializer="he_|")']), { kind: 'stringId', prefix: 'he_', quote: '"', range: 'he_' });
    assert.deepEqual(context(['Dense(3, kernel_initializer="he_|normal")']), {
      kind: 'stringId',
      prefix: 'he_',
      quote: '"',
      range: 'he_normal',
    });
    assert.deepEqual(context(["Dense(3, bias_initializer='|')"]), { kind: 'stringId', prefix: '', quote: "'", range: '' });
    assert.deepEqual(context(['w = self.add_weight(shape=(2,), initializer="o|")']), {
      kind: 'stringId',
      prefix: 'o',
      quote: '"',
      range: 'o',
    });
    assert.deepEqual(context(['from keras import initializers', 'initializers.get("ort|")']), {
      kind: 'stringId',
      prefix: 'ort',
      quote: '"',
      range: 'ort',
    });
    assert.deepEqual(context(['def f(kernel_initializer="|"):']), { kind: 'stringId', prefix: '', quote: '"', range: '' });
    assert.deepEqual(context(['cfg = {"kernel_initializer": "zer|"}']), { kind: 'stringId', prefix: 'zer', quote: '"', range: 'zer' });
    assert.deepEqual(context(['cfg = {"class_name": "He|", "config": {}}']), { kind: 'stringId', prefix: 'He', quote: '"', range: 'He' });
  });

  test('while typing: the string and the call are not closed yet', () => {
    assert.deepEqual(context(['model.add(Dense(64, kernel_initializer="he_|']), {
      kind: 'stringId',
      prefix: 'he_',
      quote: '"',
      range: 'he_',
    });
    assert.deepEqual(context(['x = Dense(64, kernel_initializer="gl|', 'y = Dense(32)(x)']), {
      kind: 'stringId',
      prefix: 'gl',
      quote: '"',
      range: 'gl',
    });
    assert.deepEqual(context(['Dense(1, kernel_initializer="""orth|']), { kind: 'stringId', prefix: 'orth', quote: '"""', range: 'orth' });
  });

  test("members after an initializers module, in the file's own spelling", () => {
    assert.deepEqual(context(['import keras', 'x = keras.initializers.|']), {
      kind: 'member',
      qualifier: 'keras.initializers.',
      prefix: '',
      range: '',
    });
    assert.deepEqual(context(['x = tf.keras.initializers.He|']), {
      kind: 'member',
      qualifier: 'tf.keras.initializers.',
      prefix: 'He',
      range: 'He',
    });
    assert.deepEqual(context(['x = tf.keras.initializers.He|Normal()']), {
      kind: 'member',
      qualifier: 'tf.keras.initializers.',
      prefix: 'He',
      range: 'HeNormal',
    });
    assert.deepEqual(context(['from tensorflow.keras import initializers as I', 'Dense(3, kernel_initializer=I.|)']), {
      kind: 'member',
      qualifier: 'I.',
      prefix: '',
      range: '',
    });
  });

  test('keywords inside an initializer call, with the arguments already present', () => {
    assert.deepEqual(context(['keras.initializers.HeNormal(|)']), {
      kind: 'keyword',
      className: 'HeNormal',
      present: [],
      prefix: '',
      range: '',
    });
    assert.deepEqual(context(['keras.initializers.VarianceScaling(2.0, |)']), {
      kind: 'keyword',
      className: 'VarianceScaling',
      present: ['scale'],
      prefix: '',
      range: '',
    });
    assert.deepEqual(context(['keras.initializers.VarianceScaling(2.0, mo|, seed=1)']), {
      kind: 'keyword',
      className: 'VarianceScaling',
      present: ['scale', 'seed'],
      prefix: 'mo',
      range: 'mo',
    });
    assert.deepEqual(context(['keras.initializers.RandomNormal(', '    mean=0.0,', '    |', ')']), {
      kind: 'keyword',
      className: 'RandomNormal',
      present: ['mean'],
      prefix: '',
      range: '',
    });
  });

  test('mode= and distribution= values of VarianceScaling', () => {
    assert.deepEqual(context(['keras.initializers.VarianceScaling(mode="fan_|")']), {
      kind: 'value',
      className: 'VarianceScaling',
      argument: 'mode',
      prefix: 'fan_',
      quote: '"',
      range: 'fan_',
    });
    assert.deepEqual(context(["keras.initializers.VarianceScaling(2.0, 'fan_in', '|')"]), {
      kind: 'value',
      className: 'VarianceScaling',
      argument: 'distribution',
      prefix: '',
      quote: "'",
      range: '',
    });
    assert.deepEqual(context(['{"class_name": "VarianceScaling", "config": {"mode": "fan|"}}']), {
      kind: 'value',
      className: 'VarianceScaling',
      argument: 'mode',
      prefix: 'fan',
      quote: '"',
      range: 'fan',
    });
  });

  test('nothing elsewhere', () => {
    none(['x = np.random.|']);
    none(['plot(mode="|")']);
    none(['keras.initializers.HeNormal(seed=|)']);
    none(['keras.initializers.HeNormal(seed |)']);
    none(['# Dense(3, kernel_initializer="he_|")']);
    none(['print("he_|")']);
    none(['Dense(3, kernel_initializer=f"he_{x}|")']);
    none(['keras.layers.Dense(|)']);
    none(['Dense(3, kernel_initializer="he_normal"|)']);
    none(['|']);
  });
});

suite('python reader: importStyle', () => {
  test('the initializers module under its alias wins', () => {
    assert.deepEqual(importStyle(['import keras', 'from keras import initializers as I'].join('\n')), {
      kind: 'initializersModule',
      qualifier: 'I.',
      bareNames: {},
      module: 'keras.initializers',
    });
    assert.deepEqual(importStyle('import tensorflow.keras.initializers as tfi'), {
      kind: 'initializersModule',
      qualifier: 'tfi.',
      bareNames: {},
      module: 'tensorflow.keras.initializers',
    });
  });

  test('keras, tf.keras and tf_keras packages', () => {
    assert.deepEqual(importStyle('import keras'), {
      kind: 'keras',
      qualifier: 'keras.initializers.',
      bareNames: {},
      module: 'keras.initializers',
    });
    assert.deepEqual(importStyle('import tensorflow as tf'), {
      kind: 'tf.keras',
      qualifier: 'tf.keras.initializers.',
      bareNames: {},
      module: 'tensorflow.keras.initializers',
    });
    assert.deepEqual(importStyle('from tensorflow import keras'), {
      kind: 'tf.keras',
      qualifier: 'keras.initializers.',
      bareNames: {},
      module: 'tensorflow.keras.initializers',
    });
    assert.deepEqual(importStyle('import tf_keras as keras'), {
      kind: 'tf_keras',
      qualifier: 'keras.initializers.',
      bareNames: {},
      module: 'tf_keras.initializers',
    });
    // Keras 3 is preferred when both are imported.
    assert.equal(importStyle('import tensorflow as tf\nimport keras\n').kind, 'keras');
  });

  test('bare imports are listed; alone they make the style bare', () => {
    assert.deepEqual(importStyle('from keras.initializers import HeNormal as HN, glorot_uniform\n'), {
      kind: 'bare',
      qualifier: '',
      bareNames: { HN: 'HeNormal', glorot_uniform: 'glorot_uniform' },
      module: 'keras.initializers',
    });
    assert.deepEqual(importStyle('import tensorflow as tf\nfrom tensorflow.keras.initializers import Orthogonal\n').bareNames, {
      Orthogonal: 'Orthogonal',
    });
  });

  test('no Keras import: the Keras 3 spelling', () => {
    assert.deepEqual(importStyle('import numpy as np\n'), {
      kind: 'none',
      qualifier: 'keras.initializers.',
      bareNames: {},
      module: 'keras.initializers',
    });
  });
});
