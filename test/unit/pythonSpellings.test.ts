/**
 * Spellings of Keras initializers met in real TensorFlow and Keras code, as lines with `|` marking
 * the cursor: TensorFlow 2's `tf.initializers` alias, `tf.compat.v1.keras.initializers`, module
 * aliases, names in the import statement itself, and ids that are defaults of a user's own
 * parameters (read by their code, not by Keras).
 */
import * as assert from 'node:assert/strict';
import { completionsAt, findInitializerAt, hoverAt, lintInitializers } from '../../src/core/index';
import { withCursor } from './pythonSupport';

function found(lines: readonly string[]): { className: string | undefined; form: string; module: string | undefined; args: unknown } {
  const { text, offset } = withCursor(lines);
  const e = findInitializerAt(text, offset);
  assert.ok(e !== undefined, `no initializer found in:\n${lines.join('\n')}`);
  return { className: e.className, form: e.form, module: e.module, args: e.args };
}

suite('python reader: spellings of real code', () => {
  test('tf.initializers is TensorFlow 2 alias of tf.keras.initializers (calls, positional arguments)', () => {
    assert.deepEqual(found(['import tensorflow as tf', 'b = tf.initializers.cons|tant(0.25)']), {
      className: 'Constant',
      form: 'call',
      module: 'tensorflow.initializers',
      args: { value: 0.25 },
    });
    assert.deepEqual(
      found(['import tensorflow as tf', 'w = tf.keras.layers.Dense(64, kernel_initializer=tf.initializers.RandomNo|rmal(0.0, 0.01))']),
      {
        className: 'RandomNormal',
        form: 'call',
        module: 'tensorflow.initializers',
        args: { mean: 0, stddev: 0.01 },
      },
    );
  });

  test('tf.compat.v1.keras.initializers names the same classes', () => {
    const r = found(['import tensorflow as tf', 'init = tf.compat.v1.keras.initializers.glorot_uni|form(seed=3)']);
    assert.equal(r.className, 'GlorotUniform');
    assert.equal(r.module, 'tensorflow.compat.v1.keras.initializers');
    assert.deepEqual(r.args, { seed: 3 });
  });

  test('the initializers module reached through from-import aliases', () => {
    for (const header of [
      'from tensorflow.keras import initializers as init',
      'import tensorflow.keras.initializers as init',
      'from keras import initializers as init',
    ]) {
      const r = found([header, 'k = init.HeNor|mal(seed=1)']);
      assert.equal(r.className, 'HeNormal', header);
      assert.deepEqual(r.args, { seed: 1 }, header);
    }
  });

  test('completion after tf.initializers. offers the classes', () => {
    const { text, offset } = withCursor(['import tensorflow as tf', 'w = tf.initializers.|']);
    const labels = (completionsAt(text, offset)?.items ?? []).map((i) => i.label);
    assert.ok(labels.includes('HeNormal') && labels.includes('RandomNormal') && labels.includes('Zeros'), labels.join(', '));
  });

  test('a name in the import statement is a reference to the class, and the hover explains it', () => {
    const lines = ['from tensorflow.keras.initializers import RandomNormal, Ze|ros', 'from keras.initializers import HeNormal as HN'];
    assert.deepEqual(found(lines), { className: 'Zeros', form: 'reference', module: 'tensorflow.keras.initializers', args: {} });
    assert.equal(found(['from tensorflow.keras.initializers import Random|Normal, Zeros']).className, 'RandomNormal');
    assert.equal(found(['from keras.initializers import He|Normal as HN']).className, 'HeNormal');
    assert.equal(found(['from keras.initializers import HeNormal as H|N']).className, 'HeNormal');
    const { text, offset } = withCursor(lines);
    const hover = hoverAt(text, offset);
    assert.ok(hover !== undefined && hover.markdown.startsWith('**Zeros**'), hover?.markdown);
    // Nothing else in an import statement is an initializer, and imports raise no diagnostic.
    const { text: t2, offset: o2 } = withCursor(['from keras.layers import De|nse', 'from keras.initializers import HeNormal']);
    assert.equal(findInitializerAt(t2, o2), undefined);
    assert.deepEqual(lintInitializers(t2), []);
  });

  test("an id as a default of the user's own parameter is not Keras's to judge; a layer argument still is", () => {
    const text = [
      'import keras',
      'class MyDense(keras.layers.Layer):',
      '    def __init__(self, units, kernel_initializer="gaussian", bias_initializer="he_normal"):',
      '        super().__init__()',
      '',
      'd = keras.layers.Dense(4, kernel_initializer="gaussian")',
      '',
    ].join('\n');
    const problems = lintInitializers(text);
    assert.equal(problems.length, 1, JSON.stringify(problems));
    assert.equal(problems[0].rule, 'unknownId');
    assert.equal(problems[0].range.start, text.lastIndexOf('gaussian'));
    // The hover still explains a known id used as a default.
    const hover = hoverAt(text, text.indexOf('he_normal') + 2);
    assert.ok(hover !== undefined && hover.markdown.startsWith('**HeNormal**'), hover?.markdown);
  });
});
