/**
 * Completion items built by the core (src/core/language/completion.ts). The accepted ids, parameters and
 * values are written out here from Keras 3 (keras/src/initializers/__init__.py and the constructors),
 * not taken from the registry under test.
 */
import * as assert from 'node:assert/strict';
import { completionsAt, findInitializerAt, type CompletionEntry, type CompletionResult } from '../../src/core/index';

/** What `keras.initializers.get(s)` turns into an initializer (Keras 3.16); "constant" fails with KeyError. */
const KERAS3_STRING_IDS = [
  'GlorotNormal',
  'GlorotUniform',
  'HeNormal',
  'HeUniform',
  'Identity',
  'LecunNormal',
  'LecunUniform',
  'Ones',
  'Orthogonal',
  'RandomNormal',
  'RandomUniform',
  'STFT',
  'TruncatedNormal',
  'VarianceScaling',
  'Zeros',
  'glorot_normal',
  'glorot_uniform',
  'he_normal',
  'he_uniform',
  'identity',
  'lecun_normal',
  'lecun_uniform',
  'ones',
  'orthogonal',
  'random_normal',
  'random_uniform',
  'stft',
  'truncated_normal',
  'variance_scaling',
  'zeros',
  'IdentityInitializer',
  'OrthogonalInitializer',
  'STFTInitializer',
  'normal',
  'uniform',
  'one',
  'zero',
];

function withCursor(lines: readonly string[]): { text: string; offset: number } {
  const joined = lines.join('\n');
  const offset = joined.indexOf('|');
  assert.ok(offset >= 0 && joined.indexOf('|', offset + 1) < 0, 'exactly one | cursor');
  return { text: joined.slice(0, offset) + joined.slice(offset + 1), offset };
}

function complete(lines: readonly string[]): CompletionResult | undefined {
  const { text, offset } = withCursor(lines);
  return completionsAt(text, offset);
}

function labels(r: CompletionResult | undefined): string[] {
  assert.ok(r, 'completion items');
  return r.items.map((i) => i.label);
}

function item(r: CompletionResult | undefined, label: string): CompletionEntry {
  const found = r?.items.find((i) => i.label === label);
  assert.ok(found, `an item ${label} among ${labels(r).join(' ')}`);
  return found;
}

/** Expands a TextMate snippet with its defaults: `${1:x}` → x, `${1|a,b|}` → a, `$0` → ''. */
function expand(snippet: string): string {
  return snippet
    .replace(/\$\{\d+:([^}]*)\}/g, '$1')
    .replace(/\$\{\d+\|([^,|]*)[^|]*\|\}/g, '$1')
    .replace(/\$\d+/g, '');
}

/** The text after accepting `entry` (its insertText over its range). */
function accept(text: string, entry: CompletionEntry): string {
  const inserted = entry.snippet ? expand(entry.insertText) : entry.insertText;
  return text.slice(0, entry.range.start) + inserted + text.slice(entry.range.end);
}

suite('completion: ids inside an initializer string', () => {
  test('every id Keras 3 accepts, and nothing else', () => {
    const r = complete(['import keras', 'd = keras.layers.Dense(64, kernel_initializer="|")']);
    assert.equal(r?.context, 'stringId');
    assert.deepEqual([...labels(r)].sort(), [...KERAS3_STRING_IDS].sort());
  });

  test('each id carries its doc: what it is, the formula, the signature and the keras.io link', () => {
    const r = complete(['import keras', 'd = keras.layers.Dense(64, kernel_initializer="he|")']);
    const he = item(r, 'he_normal');
    assert.equal(he.detail, 'he_normal (alias of keras.initializers.HeNormal)');
    assert.match(he.documentation, /He \(Kaiming\) normal/);
    assert.match(he.documentation, /sqrt\(2 \/ fan_in\)/);
    assert.match(he.documentation, /`HeNormal\(seed=None, input_axes=None, output_axes=None\)`/);
    assert.match(he.documentation, /https:\/\/keras\.io\/api\/layers\/initializers\/#henormal-class/);
  });

  test('the whole string content is replaced, and snake_case ids sort first', () => {
    const { text, offset } = withCursor(['import keras', 'keras.layers.Dense(8, bias_initializer="ze|ro")']);
    const r = completionsAt(text, offset);
    const zeros = item(r, 'zeros');
    assert.equal(accept(text, zeros), 'import keras\nkeras.layers.Dense(8, bias_initializer="zeros")');
    const sorted = [...(r?.items ?? [])].sort((a, b) => (a.sortText < b.sortText ? -1 : 1));
    assert.equal(sorted[0].label, 'random_normal', 'keras.io order, snake_case first');
  });

  test('also in initializers.get("..."), add_weight(initializer=...) and a config dict\'s class_name', () => {
    for (const lines of [
      ['from keras import initializers', 'i = initializers.get("|")'],
      ['class L(keras.layers.Layer):', '    def build(self, s):', '        self.w = self.add_weight(shape=(3, 3), initializer="|")'],
      ['import keras', 'i = keras.initializers.get({"class_name": "|", "config": {}})'],
    ]) {
      assert.ok(labels(complete(lines)).includes('he_normal'), lines.join('\n'));
    }
  });
});

suite('completion: members of the initializers module', () => {
  test('classes and function aliases after keras.initializers., tf.keras.initializers. and an alias', () => {
    for (const lines of [
      ['import keras', 'i = keras.initializers.|'],
      ['import tensorflow as tf', 'i = tf.keras.initializers.|'],
      ['from keras import initializers as ki', 'i = ki.|'],
    ]) {
      const r = complete(lines);
      assert.equal(r?.context, 'member', lines.join('\n'));
      const got = labels(r);
      for (const name of [
        'HeNormal',
        'he_normal',
        'GlorotUniform',
        'glorot_uniform',
        'VarianceScaling',
        'Orthogonal',
        'OrthogonalInitializer',
        'Constant',
      ]) {
        assert.ok(got.includes(name), `${name} after ${lines[1]}`);
      }
      for (const name of ['get', 'serialize', 'normal', 'HeNormalV2']) assert.ok(!got.includes(name), `${name} is not offered`);
    }
  });

  test('a class is inserted as a call with a seed placeholder; no parentheses when one follows', () => {
    const { text, offset } = withCursor(['import keras', 'i = keras.initializers.He|']);
    const he = item(completionsAt(text, offset), 'HeNormal');
    assert.equal(he.insertText, 'HeNormal(seed=${1:42})$0');
    assert.equal(accept(text, he), 'import keras\ni = keras.initializers.HeNormal(seed=42)');
    const before = withCursor(['import keras', 'i = keras.initializers.He|()']);
    const bare = item(completionsAt(before.text, before.offset), 'HeNormal');
    assert.equal(bare.insertText, 'HeNormal');
    assert.equal(accept(before.text, bare), 'import keras\ni = keras.initializers.HeNormal()');
  });
});

suite('completion: keyword arguments and values', () => {
  test('the parameters of the call not given yet', () => {
    assert.deepEqual(labels(complete(['import keras', 'i = keras.initializers.VarianceScaling(scale=2.0, |)'])), [
      'mode=',
      'distribution=',
      'seed=',
      'input_axes=',
      'output_axes=',
    ]);
    assert.deepEqual(labels(complete(['import keras', 'i = keras.initializers.RandomNormal(|)'])), ['mean=', 'stddev=', 'seed=']);
    assert.deepEqual(labels(complete(['import keras', 'i = keras.initializers.RandomNormal(0.0, |)'])), ['stddev=', 'seed=']);
    assert.deepEqual(labels(complete(['import keras', 'i = keras.initializers.Orthogonal(gain=2.0, |)'])), ['seed=']);
  });

  test("an accepted keyword expands to an argument the reader reads back with Keras's default", () => {
    const { text, offset } = withCursor(['import keras', 'i = keras.initializers.VarianceScaling(|)']);
    const r = completionsAt(text, offset);
    const mode = item(r, 'mode=');
    assert.equal(mode.insertText, 'mode=${1|"fan_in","fan_out","fan_avg"|}');
    const after = accept(text, mode);
    assert.equal(after, 'import keras\ni = keras.initializers.VarianceScaling(mode="fan_in")');
    assert.deepEqual(findInitializerAt(after, after.indexOf('Variance'))?.args, { mode: 'fan_in' });
    const stddev = item(complete(['import keras', 'i = keras.initializers.TruncatedNormal(|)']), 'stddev=');
    assert.equal(expand(stddev.insertText), 'stddev=0.05');
  });

  test('mode= and distribution= values inside the string are the ones Keras 3 accepts', () => {
    const mode = complete(['import keras', 'i = keras.initializers.VarianceScaling(mode="|")']);
    assert.equal(mode?.context, 'value');
    assert.deepEqual(labels(mode), ['fan_in', 'fan_out', 'fan_avg']);
    const dist = complete(['import keras', 'i = keras.initializers.VarianceScaling(2.0, "fan_in", "|")']);
    assert.deepEqual(labels(dist), ['truncated_normal', 'untruncated_normal', 'uniform']);
  });

  test('right after mode= the values come quoted', () => {
    const { text, offset } = withCursor(['import keras', 'i = keras.initializers.VarianceScaling(mode=|)']);
    const r = completionsAt(text, offset);
    assert.deepEqual(labels(r), ['"fan_in"', '"fan_out"', '"fan_avg"']);
    assert.equal(accept(text, item(r, '"fan_avg"')), 'import keras\ni = keras.initializers.VarianceScaling(mode="fan_avg")');
  });
});

suite("completion: after kernel_initializer=, in the file's import style", () => {
  const cases: readonly [string, readonly string[], string][] = [
    ['import keras', ['import keras', 'd = keras.layers.Dense(8, kernel_initializer=|)'], 'keras.initializers.HeNormal()'],
    [
      'import tensorflow as tf',
      ['import tensorflow as tf', 'd = tf.keras.layers.Dense(8, kernel_initializer=|)'],
      'tf.keras.initializers.HeNormal()',
    ],
    [
      'from keras import initializers as ki',
      ['from keras import initializers as ki', 'from keras import layers', 'd = layers.Dense(8, kernel_initializer=|)'],
      'ki.HeNormal()',
    ],
    [
      'from keras.initializers import HeNormal',
      ['from keras.initializers import HeNormal', 'd = Dense(8, kernel_initializer=|)'],
      'HeNormal()',
    ],
    ['no import (a notebook cell)', ['d = layers.Dense(8, kernel_initializer=|)'], 'keras.initializers.HeNormal()'],
  ];
  for (const [style, lines, expected] of cases) {
    test(`${style}: ${expected}`, () => {
      const { text, offset } = withCursor(lines);
      const r = completionsAt(text, offset);
      assert.equal(r?.context, 'afterEquals');
      const call = item(r, expected);
      const after = accept(text, call);
      const expr = findInitializerAt(after, offset + expected.indexOf('HeNormal') + 2);
      assert.equal(expr?.className, 'HeNormal', `the inserted call reads as HeNormal: ${after}`);
      assert.ok(labels(r).includes('"he_normal"'), 'quoted ids too');
    });
  }

  test('a name not imported bare falls back to keras.initializers.', () => {
    const r = complete(['from keras.initializers import HeNormal', 'd = Dense(8, kernel_initializer=|)']);
    assert.ok(labels(r).includes('keras.initializers.GlorotUniform()'));
  });

  test('ids come in the quote the file uses', () => {
    const r = complete(['from keras import layers', "d = layers.Dense(8, activation='relu', kernel_initializer=|)"]);
    assert.ok(labels(r).includes("'he_normal'"));
  });
});

suite('completion: nothing where it is irrelevant', () => {
  const IRRELEVANT: readonly (readonly string[])[] = [
    ['import numpy as np', 'w = np.random.normal(|)'],
    ['import numpy as np', 'w = np.random.|'],
    ['print("|")'],
    ['x = y == |'],
    ['def f(a=|): pass'],
    ['# kernel_initializer="|"'],
    ['import keras', 'model.compile(optimizer="|")'],
    ['import keras', 'd = keras.layers.Dense(|)'],
  ];
  for (const lines of IRRELEVANT) {
    test(`undefined: ${lines[lines.length - 1]}`, () => {
      assert.equal(complete(lines), undefined);
    });
  }
});
