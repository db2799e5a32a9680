/** Shapes and initializers as people type them: accepted forms, and errors naming what is wrong. */
import * as assert from 'node:assert/strict';
import {
  CoreError,
  checkShape,
  initializerCallText,
  initializerFromText,
  initializerFromValue,
  parseInitializerCall,
  parseLayerArguments,
  parseShape,
  seededInitializer,
  suggestInitializerIds,
} from '../../src/core';

suite('parseShape', () => {
  const accepted: [string, number[]][] = [
    ['784x256', [784, 256]],
    ['784×256', [784, 256]],
    ['784 x 256', [784, 256]],
    ['(3, 3, 64, 128)', [3, 3, 64, 128]],
    ['[784, 256]', [784, 256]],
    ['784, 256', [784, 256]],
    ['784,256', [784, 256]],
    ['784 256', [784, 256]],
    ['(784,)', [784]],
    ['784', [784]],
    ['  12  ', [12]],
    ['()', []],
    ['[]', []],
    ['1e3x2', [1000, 2]],
  ];
  for (const [text, shape] of accepted) test(`'${text}' → [${shape.join(', ')}]`, () => assert.deepEqual(parseShape(text), shape));

  const rejected: [string, string][] = [
    ['', 'The shape is empty; write its dimensions, e.g. 784x256, (3, 3, 64, 128), [784, 256] or 784, 256.'],
    ['784,0', "dimension 2 ('0') is zero; every dimension must be a positive integer (a weight file needs at least one value per axis)."],
    ['-3', "dimension 1 ('-3') is negative; every dimension must be a positive integer."],
    ['2.5x2', "dimension 1 ('2.5') is not an integer; every dimension must be a positive integer."],
    [
      '3,abc',
      "dimension 2 ('abc') is not a number; a shape is a list of positive integers, e.g. 784x256, (3, 3, 64, 128), [784, 256] or 784, 256.",
    ],
    ['1e16', "dimension 1 ('1e16') is too large; a dimension may be at most 9007199254740991."],
    ['3,,4', "dimension 2 of '3,,4' is missing; e.g. 784x256, (3, 3, 64, 128), [784, 256] or 784, 256."],
    ['(3, 4', "The shape '(3, 4' opens with '(' but does not end with ')'."],
    ['3, 4)', "The shape '3, 4)' closes a bracket it never opens."],
    [
      '100000000,100000000',
      'shape (100000000, 100000000) has about 1.00e+16 values, more than the 9007199254740991 a file can be planned for.',
    ],
  ];
  for (const [text, message] of rejected) {
    test(`'${text}' is refused`, () => {
      assert.throws(
        () => parseShape(text),
        (e: CoreError) => e.code === 'INVALID_SHAPE' && e.message === message,
      );
    });
  }

  test('checkShape takes arrays of positive integers (or text) and names the bad entry', () => {
    assert.deepEqual(checkShape([3, 4]), [3, 4]);
    assert.deepEqual(checkShape('3x4'), [3, 4]);
    assert.throws(() => checkShape([3, '4']), /shape: dimension 2 \("4"\) is not a number/);
    assert.throws(() => checkShape([3, 0]), /dimension 2 \('0'\) is zero/);
    assert.throws(() => checkShape({ 0: 3 }), /shape must be a list of positive integers/);
  });
});

suite('parseInitializerCall and initializerFromText', () => {
  test("a Python call with literal arguments, positional ones mapped to Keras's signature", () => {
    assert.deepEqual(parseInitializerCall("VarianceScaling(scale=2.0, mode='fan_out', distribution='uniform', seed=3)"), {
      className: 'VarianceScaling',
      kwargs: { scale: 2, mode: 'fan_out', distribution: 'uniform', seed: 3 },
      form: 'call',
    });
    assert.deepEqual(parseInitializerCall('RandomNormal(0.5, 2.0, 7)').kwargs, { mean: 0.5, stddev: 2, seed: 7 });
    assert.deepEqual(parseInitializerCall('keras.initializers.Orthogonal(gain=2**-1)').kwargs, { gain: 0.5 });
    assert.deepEqual(parseInitializerCall('tf.keras.initializers.GlorotUniform(input_axes=[0], output_axes=(1,))').kwargs, {
      input_axes: [0],
      output_axes: [1],
    });
  });

  const refused: [string, string][] = [
    ['HeNormal(seed=SEED)', 'Only literal arguments can be read (numbers, strings, True/False/None, tuples and lists); not: seed=SEED'],
    ['HeNormal(seed=1.0)', '`seed` argument should be an instance of `keras.random.SeedGenerator()` or an integer. Received: seed=1.0'],
    ['HeNormal(seed=1) + 2', "Unexpected text after the initializer: '+ 2'"],
    ['HeNormal(seed=1', "The call 'HeNormal(seed=1' has no closing parenthesis."],
    ['RandomNormal(0.1, 2.0, 5, 6)', "RandomNormal takes fewer positional arguments than given: '6' has no parameter."],
    ['HeNormal(1, seed=2)', "HeNormal() got multiple values for argument 'seed'"],
    ['Glorot(seed=1)', 'Could not interpret initializer identifier: Glorot'],
    ['HeNormalV2(seed=1)', 'HeNormalV2 is a tf.keras 2 name that Keras 3 does not accept; write HeNormal instead.'],
  ];
  for (const [text, message] of refused) {
    test(`refused: ${text}`, () =>
      assert.throws(
        () => parseInitializerCall(text),
        (e: CoreError) => e.message === message,
      ));
  }

  test('ids follow keras.initializers.get (case-sensitive, aliases); Constant gets its default value', () => {
    assert.equal(initializerFromText('he_normal').className, 'HeNormal');
    assert.equal(initializerFromText('uniform').className, 'RandomUniform');
    assert.equal(initializerFromText('OrthogonalInitializer').className, 'Orthogonal');
    assert.deepEqual(initializerFromText('constant').getConfig(), { value: 0.0 });
    assert.throws(
      () => initializerFromText('He_Normal'),
      (e: CoreError) => e.message === 'Could not interpret initializer identifier: He_Normal',
    );
    assert.throws(() => initializerFromText('Initializer'), /Could not interpret initializer identifier: Initializer/);
    assert.throws(
      () => initializerFromText('glorot_uniformV2'),
      /tf\.keras 2 name that Keras 3 does not accept; write glorot_uniform instead/,
    );
  });

  test('JSON configs, in both Keras forms, and config objects', () => {
    const a = initializerFromText('{"class_name": "HeNormal", "config": {"seed": 42}}');
    assert.deepEqual([a.className, a.resolvedSeed], ['HeNormal', 42]);
    const b = initializerFromValue({
      module: 'keras.initializers',
      class_name: 'Orthogonal',
      config: { gain: 2.0, seed: 1 },
      registered_name: null,
    });
    assert.deepEqual(b.getConfig(), { seed: 1, gain: 2 });
    assert.throws(() => initializerFromText('{"class_name": "HeNormal",'), /looks like a JSON config but is not valid JSON/);
    assert.throws(() => initializerFromValue({ config: {} }), /needs a "class_name" string/);
    assert.throws(() => initializerFromValue(42), /An initializer is an id, a Python call or a config object/);
  });

  test("constructor errors are Keras's", () => {
    assert.throws(
      () => initializerFromText('VarianceScaling(scale=-1.0)'),
      (e: CoreError) => e.message === 'Argument `scale` must be positive float. Received: scale=-1.0',
    );
    assert.throws(() => initializerFromText("VarianceScaling(mode='fan_mid')"), /Invalid `mode` argument: fan_mid\. Please use one of/);
  });

  test('suggestions: one id per class, in the style typed, nearest first', () => {
    assert.deepEqual(suggestInitializerIds('glorot'), ['glorot_normal', 'glorot_uniform']);
    assert.deepEqual(suggestInitializerIds('HeNormall').slice(0, 1), ['HeNormal']);
    assert.deepEqual(suggestInitializerIds('he_normel'), ['he_normal']);
    assert.deepEqual(suggestInitializerIds('xyzzy'), []);
  });
});

suite('parseLayerArguments', () => {
  test('keywords with ints, booleans, tuples, numbers, strings and initializer text', () => {
    assert.deepEqual(
      parseLayerArguments(
        "units=64, input_dim=32, use_bias=False, kernel_size=(3, 3), groups=[1], kernel_initializer=VarianceScaling(scale=2.0, mode='fan_out'), bias_initializer='zeros', x=2.5,",
      ),
      {
        units: 64,
        input_dim: 32,
        use_bias: false,
        kernel_size: [3, 3],
        groups: [1],
        kernel_initializer: "VarianceScaling(scale=2.0, mode='fan_out')",
        bias_initializer: 'zeros',
        x: 2.5,
      },
    );
    assert.deepEqual(parseLayerArguments('  '), {});
  });

  const refused: [string, RegExp][] = [
    ['64', /'64' is not a keyword argument; write name=value/],
    ['units=', /`units` has no value/],
    ['units=1, units=2', /`units` is given twice/],
    ['units=sixty', /`units`: cannot read sixty/],
    ['kernel_size=(3, 3', /A bracket in the layer arguments is not closed/],
    ["kernel_initializer='he_normal", /A string in the layer arguments is not closed/],
  ];
  for (const [text, message] of refused) test(`refused: ${text}`, () => assert.throws(() => parseLayerArguments(text), message));
});

suite('seededInitializer: the seed a file is written with', () => {
  test("an explicit seed, the config's own, or a drawn one", () => {
    assert.equal(seededInitializer(initializerFromText('he_normal'), { seed: 5 }).initializer.resolvedSeed, 5);
    const own = seededInitializer(initializerFromText('HeNormal(seed=9)'));
    assert.deepEqual([own.initializer.resolvedSeed, own.seedDrawn], [9, false]);
    const drawn = seededInitializer(initializerFromText('he_normal'));
    assert.equal(drawn.seedDrawn, true);
    // The drawn seed is written into the config, so the file's metadata reproduces it.
    assert.equal(drawn.initializer.getConfig().seed, drawn.initializer.resolvedSeed);
  });

  test('a call index turns the seed into SeedGenerator(seed); a SeedGenerator config is kept', () => {
    const gen = seededInitializer(initializerFromText('RandomNormal(seed=4)'), { callIndex: 2 }).initializer;
    assert.deepEqual(gen.getConfig().seed, {
      module: 'keras.random',
      class_name: 'SeedGenerator',
      config: { seed: 4, name: 'seed_generator' },
      registered_name: null,
    });
    assert.equal(initializerCallText(gen), 'RandomNormal(seed=SeedGenerator(seed=4), mean=0, stddev=0.05)');
    const kept = initializerFromValue({
      class_name: 'RandomNormal',
      config: { seed: { class_name: 'SeedGenerator', config: { seed: 8, name: 'g' } } },
    });
    assert.equal(seededInitializer(kept, { callIndex: 1 }).initializer, kept);
  });

  test('non-random initializers are returned as they are', () => {
    const z = initializerFromText('zeros');
    assert.deepEqual(seededInitializer(z, { seed: 3 }), { initializer: z, seedDrawn: false });
    assert.equal(initializerCallText(initializerFromText('Constant(value=0.5)')), 'Constant(value=0.5)');
  });
});
