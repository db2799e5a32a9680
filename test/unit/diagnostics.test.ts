/**
 * Problems and quick fixes found by the core (src/core/language/diagnostics.ts). Messages are checked
 * against Keras 3's own texts (keras/src/initializers, keras-spec §1.4 and §2); fixes are applied
 * and the result read back.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  RULES,
  findInitializerAt,
  lintInitializers,
  suggestNames,
  type LintFix,
  type LintProblem,
  type RuleId,
} from '../../src/core/index';

const PROBLEMS = fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'language', 'problems.py'), 'utf8');

function lint(lines: readonly string[]): { text: string; problems: LintProblem[] } {
  const text = lines.join('\n');
  return { text, problems: lintInitializers(text) };
}

function only(problems: readonly LintProblem[], rule: RuleId): LintProblem[] {
  return problems.filter((p) => p.rule === rule);
}

function one(problems: readonly LintProblem[], rule: RuleId): LintProblem {
  const found = only(problems, rule);
  assert.equal(found.length, 1, `one ${rule} problem among ${JSON.stringify(problems.map((p) => `${p.rule}: ${p.message}`))}`);
  return found[0];
}

function textAt(text: string, p: { range: { start: number; end: number } }): string {
  return text.slice(p.range.start, p.range.end);
}

/** Applies a fix's edits (non-overlapping) to the text. */
function applyFix(text: string, fix: LintFix): string {
  let out = text;
  for (const e of [...fix.edits].sort((a, b) => b.range.start - a.range.start)) {
    out = out.slice(0, e.range.start) + e.newText + out.slice(e.range.end);
  }
  return out;
}

function fixTitled(p: LintProblem, re: RegExp): LintFix {
  const f = p.fixes.find((x) => re.test(x.title));
  assert.ok(f, `a fix matching ${re} among ${JSON.stringify(p.fixes.map((x) => x.title))}`);
  return f;
}

suite('diagnostics: unknown ids', () => {
  test('Keras\'s message for a string, with "did you mean" fixes', () => {
    const { text, problems } = lint(['import keras', 'd = keras.layers.Dense(16, kernel_initializer="glorot")']);
    const p = one(problems, 'unknownId');
    assert.equal(p.severity, 'error');
    assert.equal(textAt(text, p), 'glorot');
    assert.ok(p.message.startsWith('ValueError: Could not interpret initializer identifier: glorot'), p.message);
    assert.deepEqual(p.fixes.map((f) => f.edits[0].newText).sort(), ['glorot_normal', 'glorot_uniform']);
    const fixed = applyFix(text, fixTitled(p, /glorot_uniform/));
    assert.match(fixed, /kernel_initializer="glorot_uniform"/);
    assert.deepEqual(lintInitializers(fixed), []);
  });

  test('typos, case and PyTorch names find the Keras id', () => {
    const cases: readonly [string, string][] = [
      ['he_normall', 'he_normal'],
      ['glorot_unifrom', 'glorot_uniform'],
      ['xavier_uniform', 'glorot_uniform'],
      ['kaiming_normal', 'he_normal'],
      ['HeNormall', 'HeNormal'],
      ['Ortho', 'Orthogonal'],
    ];
    for (const [typed, wanted] of cases) {
      const { problems } = lint(['import keras', `d = keras.layers.Dense(4, kernel_initializer="${typed}")`]);
      const p = one(problems, 'unknownId');
      assert.equal(p.fixes[0]?.edits[0].newText, wanted, `${typed} → ${p.fixes.map((f) => f.edits[0].newText).join(', ')}`);
      assert.equal(p.fixes[0].preferred, true);
    }
  });

  test('an unknown module attribute is an AttributeError, with attribute suggestions', () => {
    const { text, problems } = lint(['import keras', 'i = keras.initializers.he_norm()']);
    const p = one(problems, 'unknownId');
    assert.equal(p.message.split(' (')[0], "AttributeError: module 'keras.initializers' has no attribute 'he_norm'");
    assert.match(applyFix(text, p.fixes[0]), /keras\.initializers\.he_normal\(\)/);
  });

  test('nothing close: no fix, still the error', () => {
    const { problems } = lint(['import keras', 'd = keras.layers.Dense(4, kernel_initializer="banana")']);
    const p = one(problems, 'unknownId');
    assert.equal(p.message, 'ValueError: Could not interpret initializer identifier: banana');
    assert.deepEqual(p.fixes, []);
  });

  test("suggestNames keeps one spelling per class, in the input's style", () => {
    const ids = ['glorot_uniform', 'GlorotUniform', 'glorot_normal', 'GlorotNormal', 'zeros'];
    const sameClass = (a: string, b: string): boolean => a.replace(/_/g, '').toLowerCase() === b.replace(/_/g, '').toLowerCase();
    assert.deepEqual(suggestNames('glorot', ids, 3, sameClass), ['glorot_normal', 'glorot_uniform']);
    assert.deepEqual(suggestNames('Glorot', ids, 3, sameClass), ['GlorotNormal', 'GlorotUniform']);
    assert.deepEqual(suggestNames('zeroes', ids, 3, sameClass), ['zeros']);
  });
});

suite('diagnostics: arguments Keras rejects', () => {
  const cases: readonly [string, string, string][] = [
    ['VarianceScaling(mode="fan_mid")', 'mode="fan_mid"', 'ValueError: Invalid `mode` argument: fan_mid. Please use one of {'],
    [
      'VarianceScaling(distribution="gaussian")',
      'distribution="gaussian"',
      'ValueError: Invalid `distribution` argument: gaussian.Please use one of {',
    ],
    ['VarianceScaling(scale=0.0)', 'scale=0.0', 'ValueError: Argument `scale` must be positive float. Received: scale=0.0'],
    ['VarianceScaling(-1.5)', '-1.5', 'ValueError: Argument `scale` must be positive float. Received: scale=-1.5'],
    [
      'HeNormal(seed=1.5)',
      'seed=1.5',
      'ValueError: `seed` argument should be an instance of `keras.random.SeedGenerator()` or an integer. Received: seed=1.5',
    ],
    [
      'HeNormal(seed=1.0)',
      'seed=1.0',
      'ValueError: `seed` argument should be an instance of `keras.random.SeedGenerator()` or an integer. Received: seed=1.0',
    ],
    ['RandomNormal(stdev=0.1)', 'stdev=0.1', "TypeError: RandomNormal.__init__() got an unexpected keyword argument 'stdev'"],
  ];
  for (const [call, argument, message] of cases) {
    test(`${call}: ${message}`, () => {
      const { text, problems } = lint(['import keras', `i = keras.initializers.${call}`]);
      const p = one(problems, 'invalidArgument');
      assert.equal(p.severity, 'error');
      assert.equal(textAt(text, p), argument);
      assert.ok(p.message.startsWith(message), p.message);
    });
  }

  test('"constant" as a string: Keras\'s KeyError, with what to write instead', () => {
    const { text, problems } = lint(['import keras', 'd = keras.layers.Dense(3, kernel_initializer="constant")']);
    const p = one(problems, 'invalidArgument');
    assert.equal(textAt(text, p), 'constant');
    assert.ok(p.message.startsWith("KeyError: 'value' (Constant needs a value"), p.message);
  });

  test('the mode and distribution messages list the three accepted values', () => {
    const { problems } = lint([
      'import keras',
      'a = keras.initializers.VarianceScaling(mode="fan_mid")',
      'b = keras.initializers.VarianceScaling(distribution="gaussian")',
    ]);
    const [mode, dist] = only(problems, 'invalidArgument');
    for (const v of ["'fan_in'", "'fan_out'", "'fan_avg'"]) assert.ok(mode.message.includes(v), mode.message);
    for (const v of ["'truncated_normal'", "'untruncated_normal'", "'uniform'"]) assert.ok(dist.message.includes(v), dist.message);
  });

  test('what Keras accepts passes: "Normal" is lower-cased, "normal" means truncated_normal, a SeedGenerator seed', () => {
    const { problems } = lint([
      'import keras',
      'a = keras.initializers.VarianceScaling(scale=0.5, mode="fan_avg", distribution="Normal")',
      'b = keras.initializers.VarianceScaling(distribution="untruncated_normal")',
      'c = keras.initializers.HeNormal(seed=keras.random.SeedGenerator(3))',
      'd = keras.initializers.RandomUniform(-1, 1, 7)',
    ]);
    assert.deepEqual(problems, []);
  });

  test('a config dict is checked like the call it stands for', () => {
    const { text, problems } = lint([
      'import keras',
      'i = keras.initializers.get({"class_name": "VarianceScaling", "config": {"mode": "fan_sum"}})',
    ]);
    const p = one(problems, 'invalidArgument');
    assert.equal(textAt(text, p), '"mode": "fan_sum"');
  });
});

suite('diagnostics: shapes Keras cannot initialize', () => {
  test("Identity on a Conv2D kernel: Keras's words with the kernel's shape", () => {
    const { text, problems } = lint([
      'from keras import layers',
      'c = layers.Conv2D(32, 3, input_shape=(28, 28, 3), kernel_initializer="identity")',
    ]);
    const p = one(problems, 'identityShape');
    assert.equal(textAt(text, p), '"identity"');
    assert.ok(
      p.message.startsWith(
        'ValueError: Identity matrix initializer can only be used for 2D matrices. Received: shape=(3, 3, 3, 32) of rank 4.',
      ),
      p.message,
    );
  });

  test('Identity on a depthwise kernel and on a bias; unknown dims show as ?', () => {
    const { problems } = lint([
      'import keras',
      'a = keras.layers.DepthwiseConv2D(3, depthwise_initializer=keras.initializers.Identity())',
      'b = keras.layers.Dense(8, bias_initializer="identity")',
    ]);
    const found = only(problems, 'identityShape');
    assert.equal(found.length, 2);
    assert.match(found[0].message, /Received: shape=\(3, 3, \?, 1\) of rank 4\./);
    assert.match(found[1].message, /Received: shape=\(8,\) of rank 1\./);
  });

  test('Identity on a 2-D kernel is fine (non-square included)', () => {
    assert.deepEqual(lint(['import keras', 'd = keras.layers.Dense(8, input_dim=4, kernel_initializer="identity")']).problems, []);
  });

  test('Orthogonal on a bias: "must be at least two-dimensional"; on a recurrent kernel it is fine', () => {
    const { problems } = lint([
      'import keras',
      'd = keras.layers.Dense(64, bias_initializer="orthogonal")',
      'r = keras.layers.LSTM(32, recurrent_initializer="orthogonal")',
    ]);
    const p = one(problems, 'orthogonalRank');
    assert.ok(
      p.message.startsWith('ValueError: The tensor to initialize must be at least two-dimensional. Received: shape=(64,) of rank 1.'),
      p.message,
    );
  });
});

suite('diagnostics: tf.keras 2.x names', () => {
  test('a V2 class through tf.keras: a warning (TensorFlow ≤ 2.15 has it) with a rename fix', () => {
    const { text, problems } = lint(['import tensorflow as tf', 'i = tf.keras.initializers.HeNormalV2(seed=1)']);
    const p = one(problems, 'keras2Name');
    assert.equal(p.severity, 'warning');
    assert.equal(applyFix(text, p.fixes[0]), 'import tensorflow as tf\ni = tf.keras.initializers.HeNormal(seed=1)');
  });

  test('a V2 name through Keras 3 is an error; a V2 string id is renamed to its Keras 3 id', () => {
    const { text, problems } = lint([
      'import keras',
      'a = keras.initializers.GlorotUniformV2()',
      'd = keras.layers.Dense(4, kernel_initializer="glorot_uniformV2")',
    ]);
    const found = only(problems, 'keras2Name');
    assert.equal(found.length, 2);
    assert.equal(found[0].severity, 'error');
    assert.match(found[0].message, /module 'keras\.initializers' has no attribute 'GlorotUniformV2'/);
    assert.match(found[1].message, /Could not interpret initializer identifier: glorot_uniformV2/);
    let fixed = applyFix(text, found[1].fixes[0]);
    fixed = applyFix(fixed, found[0].fixes[0]);
    assert.equal(
      fixed,
      'import keras\na = keras.initializers.GlorotUniform()\nd = keras.layers.Dense(4, kernel_initializer="glorot_uniform")',
    );
  });

  test('a V2 name imported bare gets no use-site rename (it would break the import)', () => {
    const { problems } = lint(['from tensorflow.keras.initializers import HeNormalV2', 'i = HeNormalV2()']);
    const p = one(problems, 'keras2Name');
    assert.deepEqual(p.fixes, []);
  });
});

suite('diagnostics: one seeded instance in several layers', () => {
  const SHARED = [
    'import keras',
    'init = keras.initializers.HeNormal(seed=42)',
    'a = keras.layers.Dense(64, kernel_initializer=init)',
    'b = keras.layers.Dense(64, kernel_initializer=init)',
  ];

  test('a warning at each use, pointing at the instance and the other use', () => {
    const { text, problems } = lint(SHARED);
    const found = only(problems, 'sharedSeededInstance');
    assert.equal(found.length, 2);
    for (const p of found) {
      assert.equal(p.severity, 'warning');
      assert.equal(textAt(text, p), 'init');
      assert.match(p.message, /identical/);
      assert.equal(p.related?.length, 2);
      assert.equal(textAt(text, p.related[0]), 'keras.initializers.HeNormal(seed=42)');
    }
  });

  test('fix 1: a SeedGenerator seed; the warning goes away', () => {
    const { text, problems } = lint(SHARED);
    const fixed = applyFix(text, fixTitled(problems[0], /SeedGenerator/));
    assert.equal(fixed.split('\n')[1], 'init = keras.initializers.HeNormal(seed=keras.random.SeedGenerator(42))');
    assert.deepEqual(lintInitializers(fixed), []);
  });

  test('fix 2: one initializer per layer with distinct seeds', () => {
    const { text, problems } = lint(SHARED);
    const fixed = applyFix(text, fixTitled(problems[0], /seeds 42, 43/));
    const lines = fixed.split('\n');
    assert.equal(lines[2], 'a = keras.layers.Dense(64, kernel_initializer=keras.initializers.HeNormal(seed=42))');
    assert.equal(lines[3], 'b = keras.layers.Dense(64, kernel_initializer=keras.initializers.HeNormal(seed=43))');
    assert.deepEqual(lintInitializers(fixed), []);
  });

  test('without `import keras` the SeedGenerator fix adds it before the first import', () => {
    const { text, problems } = lint([
      '"""Model."""',
      'from keras import initializers, layers',
      'init = initializers.GlorotUniform()',
      'a = layers.Dense(8, kernel_initializer=init)',
      'b = layers.Dense(8, kernel_initializer=init)',
    ]);
    const fixed = applyFix(text, fixTitled(problems[0], /SeedGenerator/));
    assert.deepEqual(fixed.split('\n').slice(0, 4), [
      '"""Model."""',
      'import keras',
      'from keras import initializers, layers',
      'init = initializers.GlorotUniform(seed=keras.random.SeedGenerator())',
    ]);
  });

  test('in a loop: a warning and only the SeedGenerator fix; with tf it is spelled tf.keras.random', () => {
    const { problems } = lint([
      'import tensorflow as tf',
      'init = tf.keras.initializers.LecunNormal(seed=3)',
      'stack = [tf.keras.layers.Dense(8, kernel_initializer=init) for _ in range(4)]',
    ]);
    const p = one(problems, 'sharedSeededInstance');
    assert.match(p.message, /loop/);
    assert.deepEqual(
      p.fixes.map((f) => f.title),
      ['Seed init with tf.keras.random.SeedGenerator(3) (fresh values on each call)'],
    );
  });

  test('a SeedGenerator seed or a seed that is not a literal: no warning', () => {
    for (const seed of ['keras.random.SeedGenerator(1)', 'SEED']) {
      const { problems } = lint([
        'import keras',
        `init = keras.initializers.HeNormal(seed=${seed})`,
        'a = keras.layers.Dense(64, kernel_initializer=init)',
        'b = keras.layers.Dense(64, kernel_initializer=init)',
      ]);
      assert.deepEqual(only(problems, 'sharedSeededInstance'), [], seed);
    }
  });
});

suite('diagnostics: the whole fixture, rules and robustness', () => {
  test('problems.py holds one of each kind, in source order', () => {
    const problems = lintInitializers(PROBLEMS);
    assert.deepEqual(
      problems.map((p) => p.rule),
      [
        'unknownId',
        'invalidArgument',
        'invalidArgument',
        'invalidArgument',
        'identityShape',
        'orthogonalRank',
        'keras2Name',
        'sharedSeededInstance',
        'sharedSeededInstance',
      ],
    );
  });

  test('each rule can be turned off on its own', () => {
    const all = lintInitializers(PROBLEMS);
    for (const rule of RULES) {
      const without = lintInitializers(PROBLEMS, { rules: { [rule]: false } });
      assert.deepEqual(
        without,
        all.filter((p) => p.rule !== rule),
        rule,
      );
    }
    assert.deepEqual([...RULES].sort(), [
      'identityShape',
      'invalidArgument',
      'keras2Name',
      'modelBuild',
      'orthogonalRank',
      'sharedSeededInstance',
      'unknownId',
    ]);
  });

  test('fix titles go through the translation function', () => {
    const problems = lintInitializers(PROBLEMS, {
      t: (message, ...args) => `[${message.replace(/\{(\d+)\}/g, (_m, i: string) => String(args[Number(i)]))}]`,
    });
    const unknown = one(problems, 'unknownId');
    assert.ok(
      unknown.fixes.every((f) => f.title.startsWith('[Change to')),
      JSON.stringify(unknown.fixes),
    );
  });

  test('never throws on partial or arbitrary text (a deterministic sample of edits of the fixture)', () => {
    let state = 12345;
    const next = (n: number): number => {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      return state % n;
    };
    for (let k = 0; k < 300; k++) {
      const cut = next(PROBLEMS.length);
      const len = next(40);
      const junk = ['(', ')', '"', "'", '=', ',', '\n', '{', 'seed=', 'keras.initializers.'][next(10)];
      const text = PROBLEMS.slice(0, cut) + junk + PROBLEMS.slice(cut + len);
      const problems = lintInitializers(text);
      for (const p of problems) assert.ok(p.range.start >= 0 && p.range.end <= text.length && p.range.start <= p.range.end);
    }
  });

  test('a reported fix leaves Python the reader still understands', () => {
    for (const p of lintInitializers(PROBLEMS)) {
      for (const f of p.fixes) {
        const fixed = applyFix(PROBLEMS, f);
        const at = f.edits[f.edits.length - 1].range.start;
        assert.ok(findInitializerAt(fixed, at + 1) !== undefined || p.rule === 'sharedSeededInstance', `${f.title}`);
      }
    }
  });
});
