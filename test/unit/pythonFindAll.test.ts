/**
 * findAllInitializers: every expression in order, and initializer instances shared by several
 * layers (Keras 3 draws an int or absent seed once per instance, so those layers get identical values).
 */
import * as assert from 'node:assert/strict';
import { findAllInitializers, type SharedInstance } from '../../src/core/index';
import { readFixture, textOf } from './pythonSupport';

function summary(text: string, s: SharedInstance): Record<string, unknown> {
  return {
    variable: s.variable,
    initializer: textOf(text, s.initializer.range),
    seed: s.seed,
    identicalValues: s.identicalValues,
    uses: s.uses.map(
      (u) =>
        `${u.layer?.name ?? '?'}.${u.layer?.weight ?? '?'}@${text.slice(0, u.range.start).split('\n').length}${u.inLoop ? ' (loop)' : ''}`,
    ),
  };
}

suite('python reader: findAllInitializers', () => {
  test('expressions come in source order, each range inside the text', () => {
    for (const name of ['keras3_models.py', 'tf_keras_models.py']) {
      const text = readFixture(name);
      const all = findAllInitializers(text).expressions;
      assert.ok(all.length > 10, name);
      for (let k = 1; k < all.length; k++) assert.ok(all[k - 1].range.end <= all[k].range.start, `${name}: ${k}`);
      for (const e of all) {
        assert.ok(
          e.range.start >= 0 && e.range.end <= text.length && e.nameRange.start >= e.range.start && e.nameRange.end <= e.range.end,
          name,
        );
      }
    }
  });

  test('a file with no Keras initializer gives nothing', () => {
    assert.deepEqual(findAllInitializers(readFixture('not_initializers.py')), { expressions: [], sharedInstances: [] });
  });

  test('shared instances in the fixture: seeds, use sites, loops', () => {
    const text = readFixture('shared_instances.py');
    assert.deepEqual(
      findAllInitializers(text).sharedInstances.map((s) => summary(text, s)),
      [
        {
          variable: 'seeded',
          initializer: 'keras.initializers.HeNormal(seed=42)',
          seed: { kind: 'int', value: 42 },
          identicalValues: true,
          uses: ['Dense.kernel@11', 'Dense.kernel@12'],
        },
        {
          variable: 'unseeded',
          initializer: 'keras.initializers.GlorotUniform()',
          seed: { kind: 'none' },
          identicalValues: true,
          uses: ['Dense.kernel@13', 'Dense.kernel@14'],
        },
        {
          variable: 'fresh',
          initializer: 'keras.initializers.RandomNormal(stddev=0.02, seed=keras.random.SeedGenerator(7))',
          seed: { kind: 'seedGenerator' },
          identicalValues: false,
          uses: ['Dense.kernel@15', 'Dense.kernel@16'],
        },
        {
          variable: 'configured',
          initializer: 'keras.initializers.Orthogonal(seed=SEED)',
          seed: { kind: 'nonLiteral', text: 'SEED' },
          identicalValues: undefined,
          uses: ['LSTM.kernel@17', 'LSTM.recurrent_kernel@17'],
        },
        {
          variable: 'once',
          initializer: 'keras.initializers.LecunNormal(seed=3)',
          seed: { kind: 'int', value: 3 },
          identicalValues: true,
          uses: ['Dense.kernel@18', 'Dense.kernel@20 (loop)'],
        },
        {
          variable: 'self.init',
          initializer: 'keras.initializers.TruncatedNormal(stddev=0.02, seed=0)',
          seed: { kind: 'int', value: 0 },
          identicalValues: true,
          uses: ['Dense.kernel@29', 'Dense.kernel@30'],
        },
        {
          variable: 'init',
          initializer: 'keras.initializers.HeUniform(seed=1)',
          seed: { kind: 'int', value: 1 },
          identicalValues: true,
          uses: ['Dense.kernel@37 (loop)'],
        },
      ],
    );
  });

  test('an instance created inside the loop body is a new instance each time: not shared', () => {
    const text = [
      'import keras',
      'for i in range(3):',
      '    init = keras.initializers.HeNormal(seed=1)',
      '    keras.layers.Dense(3, kernel_initializer=init)',
      'layers = [keras.layers.Dense(3, kernel_initializer=keras.initializers.HeNormal(seed=1)) for _ in range(3)]',
    ].join('\n');
    assert.deepEqual(findAllInitializers(text).sharedInstances, []);
  });

  test('a use inside a function body is one site; reassignment ends an instance', () => {
    const text = [
      'import keras',
      'init = keras.initializers.HeNormal(seed=1)',
      'def block():',
      '    return keras.layers.Dense(3, kernel_initializer=init)',
      'init = None',
      'keras.layers.Dense(3, kernel_initializer=init)',
    ].join('\n');
    assert.deepEqual(findAllInitializers(text).sharedInstances, []);
  });

  test('a one-line for statement repeats its body', () => {
    const text = [
      'import keras',
      'init = keras.initializers.Orthogonal(seed=5)',
      'for _ in range(2): model.add(keras.layers.Dense(4, kernel_initializer=init))',
    ].join('\n');
    const shared = findAllInitializers(text).sharedInstances;
    assert.deepEqual(
      shared.map((s) => summary(text, s)),
      [
        {
          variable: 'init',
          initializer: 'keras.initializers.Orthogonal(seed=5)',
          seed: { kind: 'int', value: 5 },
          identicalValues: true,
          uses: ['Dense.kernel@3 (loop)'],
        },
      ],
    );
  });

  test('the answer is computed once per text', () => {
    const text = readFixture('keras3_models.py');
    assert.equal(findAllInitializers(text), findAllInitializers(text));
    // A different text (even one character) is read afresh.
    assert.notEqual(findAllInitializers(text), findAllInitializers(`${text} `));
  });
});
