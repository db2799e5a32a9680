/**
 * findInitializerAt on small documents written as lines, `|` marking the cursor. Expected values
 * are written by hand from Keras's rules (parameter order, layer weight shapes, compute_fans).
 */
import * as assert from 'node:assert/strict';
import { assertNever, findInitializerAt, type InitializerExpression, type LayerContext } from '../../src/core/index';
import { textOf, withCursor } from './pythonSupport';

/** The fields of an answer a case checks, with ranges turned into the text they cover. */
interface Expected {
  form?: InitializerExpression['form'];
  className?: string | undefined;
  name?: string;
  unknownId?: string;
  keras2Name?: string;
  qualifier?: string;
  module?: string | undefined;
  args?: Record<string, unknown>;
  nonLiteral?: string[];
  text?: string;
  nameText?: string;
  context?: Record<string, unknown>;
  layer?: Partial<Record<keyof LayerContext, unknown>> | undefined;
  via?: string;
}

function at(lines: readonly string[]): { answer: InitializerExpression | undefined; text: string } {
  const { text, offset } = withCursor(lines);
  return { answer: findInitializerAt(text, offset), text };
}

function check(lines: readonly string[], expected: Expected): void {
  const { answer, text } = at(lines);
  assert.ok(answer !== undefined, `no answer for:\n${lines.join('\n')}`);
  const actual: Record<string, unknown> = {};
  for (const key of Object.keys(expected) as Array<keyof Expected>) {
    switch (key) {
      case 'text':
        actual.text = textOf(text, answer.range);
        break;
      case 'nameText':
        actual.nameText = textOf(text, answer.nameRange);
        break;
      case 'via':
        actual.via = answer.via === undefined ? undefined : `${answer.via.variable}@${textOf(text, answer.via.range)}`;
        break;
      case 'context':
        actual.context = answer.context;
        break;
      case 'layer': {
        const want = expected.layer;
        if (want === undefined || answer.layer === undefined) {
          actual.layer = answer.layer;
          break;
        }
        const picked: Record<string, unknown> = {};
        for (const k of Object.keys(want)) {
          picked[k] = k === 'range' ? textOf(text, answer.layer.range) : answer.layer[k as keyof LayerContext];
        }
        actual.layer = picked;
        break;
      }
      case 'form':
      case 'className':
      case 'name':
      case 'unknownId':
      case 'keras2Name':
      case 'qualifier':
      case 'module':
      case 'args':
      case 'nonLiteral':
        actual[key] = answer[key];
        break;
      default:
        assertNever(key);
    }
  }
  assert.deepEqual(actual, expected, lines.join('\n'));
}

function none(lines: readonly string[]): void {
  const { answer } = at(lines);
  assert.equal(answer, undefined, `unexpected answer ${JSON.stringify(answer)} for:\n${lines.join('\n')}`);
}

suite('python reader: findInitializerAt', () => {
  suite('calls and references through every import style', () => {
    test('keras.initializers.Class(...) with `import keras`', () => {
      check(['import keras', 'init = keras.initializers.He|Normal(seed=1)'], {
        form: 'call',
        className: 'HeNormal',
        name: 'HeNormal',
        qualifier: 'keras.initializers.',
        module: 'keras.initializers',
        args: { seed: 1 },
        nonLiteral: [],
        text: 'keras.initializers.HeNormal(seed=1)',
        nameText: 'HeNormal',
        context: { kind: 'assignment', target: 'init' },
      });
    });

    test('the cursor on the qualifier, inside the arguments or right after the name still answers', () => {
      const expected = { className: 'HeNormal', text: 'keras.initializers.HeNormal(seed=1)' };
      check(['x = ke|ras.initializers.HeNormal(seed=1)'], expected);
      check(['x = keras.initializers.HeNormal(se|ed=1)'], expected);
      check(['x = keras.initializers.HeNormal(seed=1|)'], expected);
      check(['x = keras.initializers.HeNormal|(seed=1)'], expected);
    });

    test('tf.keras / tensorflow.keras / tf_keras qualifiers, with or without the import', () => {
      check(['x = tf.keras.initializers.glorot_uni|form'], {
        form: 'reference',
        className: 'GlorotUniform',
        name: 'glorot_uniform',
        qualifier: 'tf.keras.initializers.',
        module: 'tensorflow.keras.initializers',
        text: 'tf.keras.initializers.glorot_uniform',
      });
      check(['import tensorflow', 'x = tensorflow.keras.initializers.Ze|ros()'], {
        form: 'call',
        className: 'Zeros',
        qualifier: 'tensorflow.keras.initializers.',
        module: 'tensorflow.keras.initializers',
      });
      check(['import tf_keras', 'x = tf_keras.initializers.O|nes()'], { className: 'Ones', module: 'tf_keras.initializers' });
      check(['import tensorflow as tf2', 'x = tf2.keras.initializers.Lecun|Normal()'], {
        className: 'LecunNormal',
        qualifier: 'tf2.keras.initializers.',
      });
      check(['from tensorflow import keras', 'x = keras.initializers.HeUni|form()'], { module: 'tensorflow.keras.initializers' });
    });

    test('an initializers module imported under any name', () => {
      check(['from keras import initializers', 'x = initializers.Orthogonal(gain=|2)'], {
        className: 'Orthogonal',
        qualifier: 'initializers.',
        args: { gain: 2 },
      });
      check(['from tensorflow.keras import initializers as I', 'x = I.He|Uniform()'], {
        className: 'HeUniform',
        qualifier: 'I.',
        module: 'tensorflow.keras.initializers',
      });
      check(['import keras.initializers as ki', 'x = ki.RandomNormal(0., 1.|)'], {
        className: 'RandomNormal',
        qualifier: 'ki.',
        args: { mean: 0, stddev: 1 },
      });
      check(['from keras import layers, initializers as inits', 'x = inits.Ident|ity(0.5)'], {
        className: 'Identity',
        args: { gain: 0.5 },
      });
    });

    test('bare names imported from an initializers module, aliased or by a star import', () => {
      check(['from keras.initializers import HeNormal as HN', 'x = H|N(seed=5)'], {
        form: 'call',
        className: 'HeNormal',
        name: 'HeNormal',
        qualifier: '',
        module: 'keras.initializers',
        args: { seed: 5 },
        nameText: 'HN',
        text: 'HN(seed=5)',
      });
      check(['from keras.initializers import (', '    GlorotUniform,', '    he_normal,', ')', 'x = he_nor|mal()'], {
        className: 'HeNormal',
        name: 'he_normal',
      });
      check(['from tensorflow.keras.initializers import *', 'x = TruncatedNormal(stddev=0.1|)'], {
        className: 'TruncatedNormal',
        module: 'tensorflow.keras.initializers',
        args: { stddev: 0.1 },
      });
    });

    test('a bare class name with no import answers only where an initializer is expected', () => {
      check(['layers.Dense(3, kernel_initializer=Glorot|Normal(seed=2))'], {
        className: 'GlorotNormal',
        module: undefined,
        args: { seed: 2 },
      });
      none(['x = Glorot|Normal(seed=2)']);
      none(['class Glorot|Normal:', '    pass']);
    });

    test('function-style aliases and the Keras 3 extra class aliases', () => {
      check(['x = keras.initializers.variance_scal|ing(2.0, "fan_out")'], {
        className: 'VarianceScaling',
        args: { scale: 2, mode: 'fan_out' },
      });
      check(['x = keras.initializers.Orthogonal|Initializer()'], { className: 'Orthogonal', name: 'OrthogonalInitializer' });
      check(['x = keras.initializers.st|ft("imag")'], { className: 'STFT', args: { side: 'imag' } });
    });

    test('Keras-2-only names answer with their Keras 3 class, marked', () => {
      check(['import tensorflow as tf', 'x = tf.keras.initializers.HeNormal|V2()'], { className: 'HeNormal', keras2Name: 'HeNormalV2' });
      check(['layers.Dense(3, kernel_initializer="glorot_uniform|V2")'], { className: 'GlorotUniform', keras2Name: 'glorot_uniformV2' });
    });

    test('an unknown attribute of an imported initializers module is reported, not silently dropped', () => {
      check(['from keras import initializers', 'x = initializers.he_norm|all()'], {
        className: undefined,
        unknownId: 'he_normall',
        form: 'call',
      });
      // `normal` is a string id, but not an attribute of keras.initializers.
      check(['import keras', 'x = keras.initializers.nor|mal()'], { className: undefined, unknownId: 'normal' });
      // Without an import the name `initializers` may be anything: only known names answer.
      none(['initializers.app|end(x)']);
      // A file that assigns the name itself gives it no Keras meaning.
      none(['initializers = {"a": 1}', 'Dense(3, kernel_initializer=initializers.get("glo|rot"))']);
      check(['Dense(3, kernel_initializer=initializers.get("glo|rot"))'], { unknownId: 'glorot' });
    });
  });

  suite('string ids in initializer contexts', () => {
    test('any *_initializer= keyword', () => {
      check(['layers.Dense(10, kernel_initializer="he_no|rmal")'], {
        form: 'string',
        className: 'HeNormal',
        name: 'he_normal',
        qualifier: '',
        text: '"he_normal"',
        nameText: 'he_normal',
        context: { kind: 'keyword', keyword: 'kernel_initializer', call: 'layers.Dense' },
      });
      check(['layers.Dense(10, bias_initializer=|"normal")'], { className: 'RandomNormal', name: 'normal' });
      check(['MyLayer(gate_initializer="ones"|)'], { className: 'Ones' });
    });

    test('add_weight / Variable initializer=, positional add_weight, initializers.get', () => {
      check(['w = self.add_weight(shape=(3, 3), initializer="ide|ntity")'], {
        className: 'Identity',
        layer: { name: 'add_weight', argument: 'initializer', rank: 2, shape: [3, 3], fanIn: 3, fanOut: 3 },
      });
      check(['b = self.add_weight((self.units,), "ze|ros")'], {
        className: 'Zeros',
        context: { kind: 'positional', index: 1, call: 'self.add_weight', parameter: 'initializer' },
        layer: { rank: 1, shape: [undefined] },
      });
      check(['v = keras.Variable(initializer="on|es", shape=(2,))'], { className: 'Ones', form: 'string' });
      check(['from keras import initializers', 'init = initializers.get("ortho|gonal")'], {
        className: 'Orthogonal',
        context: { kind: 'positional', index: 0, call: 'initializers.get', parameter: 'identifier' },
      });
      check(['init = keras.initializers.get(identifier="zero|s")'], { className: 'Zeros' });
    });

    test('parameter defaults count, annotated or not', () => {
      check(
        [
          'class Block(keras.layers.Layer):',
          '    def __init__(self, units, kernel_initializer="glorot_|uniform", **kwargs):',
          '        pass',
        ],
        {
          className: 'GlorotUniform',
          context: { kind: 'parameterDefault', parameter: 'kernel_initializer', function: '__init__' },
        },
      );
      check(['def block(x, *, bias_initializer: str = "ze|ros"):', '    pass'], {
        className: 'Zeros',
        context: { kind: 'parameterDefault', parameter: 'bias_initializer', function: 'block' },
      });
    });

    test('assignments and dict entries named like initializer arguments', () => {
      check(['self.kernel_initializer = "he_|uniform"'], {
        className: 'HeUniform',
        context: { kind: 'assignment', target: 'self.kernel_initializer' },
      });
      check(['config = {"units": 3, "kernel_initializer": "lecun_|normal"}'], {
        className: 'LecunNormal',
        context: { kind: 'dictEntry', key: 'kernel_initializer' },
      });
    });

    test('unknown ids in an initializer context still answer, marked', () => {
      check(['layers.Dense(10, kernel_initializer="glo|rot")'], {
        form: 'string',
        className: undefined,
        unknownId: 'glorot',
        nameText: 'glorot',
      });
      check(['layers.Dense(10, kernel_initializer="|")'], { unknownId: '' });
    });

    test('all string prefixes, quotes and implicit concatenation', () => {
      check(["Dense(1, kernel_initializer=r'he_n|ormal')"], { className: 'HeNormal', nameText: 'he_normal', text: "r'he_normal'" });
      check(['Dense(1, kernel_initializer=U"ze|ros")'], { className: 'Zeros' });
      check(['Dense(1, kernel_initializer="""ones|""")'], { className: 'Ones', nameText: 'ones' });
      check(["Dense(1, kernel_initializer=f'zer|os')"], { className: 'Zeros' });
      check(['Dense(1, kernel_initializer="he_" |"normal")'], { className: 'HeNormal', name: 'he_normal', text: '"he_" "normal"' });
      check(['Dense(1, kernel_initializer="\\x68e_normal"|)'], { className: 'HeNormal' });
      none(['Dense(1, kernel_initializer=b"ze|ros")']);
      none(['Dense(1, kernel_initializer=f"{pre|fix}_normal")']);
    });

    test('conditional values and parenthesised values', () => {
      const lines = ['Dense(1, kernel_initializer="he_normal" if deep else "glorot|_uniform")'];
      check(lines, { className: 'GlorotUniform', context: { kind: 'keyword', keyword: 'kernel_initializer', call: 'Dense' } });
      check(['Dense(1, kernel_initializer="he_nor|mal" if deep else "glorot_uniform")'], { className: 'HeNormal' });
      check(['Dense(1, kernel_initializer=("orth|ogonal"))'], { className: 'Orthogonal', layer: { name: 'Dense', weight: 'kernel' } });
      none(['Dense(1, kernel_initializer=("ones", "ze|ros"))']);
    });
  });

  suite('dict configs', () => {
    test('a config dict answers from anywhere inside it, with its config as arguments', () => {
      const lines = [
        'cfg = {',
        '    "class_name": "VarianceScaling",',
        '    "config": {"scale": 2.**-1, "mode": "fan_avg", "seed": No|ne},',
        '    "module": "keras.initializers",',
        '}',
      ];
      check(lines, {
        form: 'dict',
        className: 'VarianceScaling',
        name: 'VarianceScaling',
        nameText: 'VarianceScaling',
        module: 'keras.initializers',
        args: { scale: 0.5, mode: 'fan_avg', seed: null },
        nonLiteral: [],
      });
      check(['x = initializers.deserialize({"class_name": "He|Uniform", "config": {"seed": SEED}})'], {
        className: 'HeUniform',
        args: {},
        nonLiteral: ['seed'],
        text: '{"class_name": "HeUniform", "config": {"seed": SEED}}',
      });
    });

    test('an unknown class_name is an initializer only in an initializer context', () => {
      check(['layers.Dense(3, kernel_initializer={"class_name": "Glo|rot", "config": {}})'], { form: 'dict', unknownId: 'Glorot' });
      none(['layer = {"class_name": "De|nse", "config": {"units": 3}}']);
    });
  });

  suite('arguments', () => {
    test("positional arguments follow Keras's parameter order for each class", () => {
      check(['k.initializers.RandomNormal(0.5, 2, 7|)'.replace('k.', 'keras.')], { args: { mean: 0.5, stddev: 2, seed: 7 } });
      check(['keras.initializers.RandomUniform(-1, 1, 0|)'], { args: { minval: -1, maxval: 1, seed: 0 } });
      check(['keras.initializers.TruncatedNormal(0., .02, 3|)'], { args: { mean: 0, stddev: 0.02, seed: 3 } });
      check(['keras.initializers.VarianceScaling(2.0, "fan_out", "uniform", 5, [0], [1]|)'], {
        args: { scale: 2, mode: 'fan_out', distribution: 'uniform', seed: 5, input_axes: [0], output_axes: [1] },
      });
      check(['keras.initializers.HeNormal(1, (0, 1), (-1,)|)'], { args: { seed: 1, input_axes: [0, 1], output_axes: [-1] } });
      check(['keras.initializers.Orthogonal(1.5, 9|)'], { args: { gain: 1.5, seed: 9 } });
      check(['keras.initializers.Identity(3|)'], { args: { gain: 3 } });
      check(['keras.initializers.Constant(-(3)|)'], { args: { value: -3 } });
      check(['keras.initializers.STFT("imag", "hamming", None, True|)'], {
        args: { side: 'imag', window: 'hamming', scaling: null, periodic: true },
      });
      check(['keras.initializers.Zeros(1|)'], { args: { '#0': 1 } });
    });

    test('constant expressions are evaluated, everything else is named in nonLiteral', () => {
      check(['keras.initializers.VarianceScaling(scale=1/3, mode=MODE, seed=SEED, distribution=("uni" "form")|)'], {
        args: { scale: 1 / 3, distribution: 'uniform' },
        nonLiteral: ['mode', 'seed'],
      });
      check(['keras.initializers.RandomNormal(stddev=2 ** -3, mean=-1e-3, seed=2*3|)'], { args: { stddev: 0.125, mean: -0.001, seed: 6 } });
      check(['keras.initializers.RandomNormal(*a, **kw|)'], { args: {}, nonLiteral: ['*args', '**kwargs'] });
    });

    test("argList keeps each argument's range, value text and Python type", () => {
      const { text, offset } = withCursor(['x = keras.initializers.HeNormal(seed=4|2.0)']);
      const a = findInitializerAt(text, offset)?.argList[0];
      assert.ok(a !== undefined);
      assert.deepEqual(
        {
          name: a.name,
          keyword: a.keyword,
          text: textOf(text, a.range),
          valueText: a.valueText,
          value: a.value,
          type: a.type,
          literal: a.literal,
        },
        { name: 'seed', keyword: true, text: 'seed=42.0', valueText: '42.0', value: 42, type: 'float', literal: true },
      );
    });

    test('calls spanning lines, with comments and strings that contain brackets', () => {
      const lines = [
        'layer = Dense(',
        '    64,  # units (',
        '    kernel_initializer=keras.initializers.VarianceScaling(  # "(" in a comment',
        '        scale=1/3,',
        '        mode="fan_avg",   # "fan_in" was too small',
        "        distribution='''uni)form'''.replace(\")\", \"\"),",
        '        seed=(',
        '            1_000',
        '        ),|',
        '    ),',
        ')',
      ];
      check(lines, {
        className: 'VarianceScaling',
        args: { scale: 1 / 3, mode: 'fan_avg', seed: 1000 },
        nonLiteral: ['distribution'],
        layer: { name: 'Dense', units: 64, weight: 'kernel' },
      });
    });
  });

  suite('the enclosing layer', () => {
    test('Dense: units is fan_out; fan_in only from a literal input_shape / input_dim', () => {
      check(['Dense(256, activation="relu", kernel_initializer=keras.initializers.He|Normal())'], {
        layer: {
          name: 'Dense',
          callee: 'Dense',
          known: true,
          argument: 'kernel_initializer',
          weight: 'kernel',
          units: 256,
          rank: 2,
          shape: [undefined, 256],
          fanIn: undefined,
          fanOut: 256,
          receptiveField: undefined,
        },
      });
      check(['layers.Dense(256, input_shape=(784,), kernel_initializer="he_n|ormal")'], {
        layer: { shape: [784, 256], fanIn: 784, fanOut: 256 },
      });
      check(['keras.layers.Dense(units=8, input_dim=4, bias_initializer="ze|ros")'], {
        layer: { weight: 'bias', rank: 1, shape: [8], fanIn: 8 },
      });
      check(['keras.layers.Dense(8, None, True, "he_uni|form")'], { className: 'HeUniform', layer: { weight: 'kernel', units: 8 } });
    });

    test('Conv1D/2D/3D: kernel (*kernel_size, in, filters), receptive field known', () => {
      check(['Conv2D(64, (3, 3), kernel_initializer="glorot_u|niform")'], {
        layer: {
          name: 'Conv2D',
          filters: 64,
          kernelSize: [3, 3],
          rank: 4,
          shape: [3, 3, undefined, 64],
          receptiveField: 9,
          fanIn: undefined,
          fanOut: 576,
        },
      });
      check(['Conv2D(32, 5, input_shape=(28, 28, 1), kernel_initializer="he_n|ormal")'], {
        layer: { shape: [5, 5, 1, 32], fanIn: 25, fanOut: 800 },
      });
      check(['Conv2D(8, 3, data_format="channels_first", input_shape=(3, 32, 32), kernel_initializer="he_n|ormal")'], {
        layer: { shape: [3, 3, 3, 8] },
      });
      check(['Conv2D(8, 3, groups=2, input_shape=(32, 32, 4), kernel_initializer="he_n|ormal")'], { layer: { shape: [3, 3, 2, 8] } });
      check(['Conv1D(filters=16, kernel_size=7, kernel_initializer="orth|ogonal")'], {
        layer: { rank: 3, shape: [7, undefined, 16], receptiveField: 7 },
      });
      check(['Conv3D(4, (1, 2, 3), kernel_initializer="ones"|)'], { layer: { rank: 5, kernelSize: [1, 2, 3], receptiveField: 6 } });
      check(['Conv2D(64, 3, bias_initializer="ze|ros")'], { layer: { weight: 'bias', rank: 1, shape: [64] } });
      check(['Conv2DTranspose(16, 3, input_shape=(8, 8, 4), kernel_initializer="ones"|)'], { layer: { shape: [3, 3, 16, 4] } });
    });

    test('depthwise and separable kernels', () => {
      // Keras 3 BaseDepthwiseConv.build names the depthwise weight "kernel" (add_weight(name="kernel",
      // initializer=self.depthwise_initializer)); only the separable convolutions have "depthwise_kernel".
      check(['DepthwiseConv2D(3, depth_multiplier=2, depthwise_initializer="ide|ntity")'], {
        layer: { weight: 'kernel', depthMultiplier: 2, rank: 4, shape: [3, 3, undefined, 2], fanOut: 18 },
      });
      check(['DepthwiseConv2D((3, 3), (1, 1), "same", 4, input_shape=(8, 8, 5), bias_initializer="ze|ros")'], {
        layer: { weight: 'bias', shape: [20] },
      });
      check(['SeparableConv2D(32, 3, pointwise_initializer="ones"|)'], {
        layer: { weight: 'pointwise_kernel', rank: 4, shape: [1, 1, undefined, 32] },
      });
      check(['SeparableConv1D(32, 3, depthwise_initializer="ones"|)'], {
        layer: { weight: 'depthwise_kernel', rank: 3, shape: [3, undefined, 1] },
      });
    });

    test('Embedding, recurrent layers and normalization', () => {
      check(['Embedding(10000, 64, embeddings_initializer="uni|form")'], {
        layer: { weight: 'embeddings', inputDim: 10000, outputDim: 64, shape: [10000, 64], fanIn: 10000, fanOut: 64 },
      });
      check(['LSTM(64, recurrent_initializer="orthog|onal")'], { layer: { weight: 'recurrent_kernel', units: 64, shape: [64, 256] } });
      check(['LSTM(64, kernel_initializer="glorot_|uniform")'], { layer: { weight: 'kernel', shape: [undefined, 256] } });
      check(['LSTM(64, bias_initializer="ze|ros")'], { layer: { weight: 'bias', rank: 1, shape: [256] } });
      check(['GRU(32, bias_initializer="ze|ros")'], { layer: { weight: 'bias', rank: 2, shape: [2, 96] } });
      check(['GRU(32, reset_after=False, bias_initializer="ze|ros")'], { layer: { rank: 1, shape: [96] } });
      check(['GRU(32, reset_after=flag, bias_initializer="ze|ros")'], { layer: { rank: undefined, shape: undefined } });
      check(['SimpleRNN(units=8, recurrent_initializer="orth|ogonal")'], { layer: { shape: [8, 8] } });
      check(['BatchNormalization(gamma_initializer="o|nes")'], { layer: { weight: 'gamma', rank: 1 } });
      check(['BatchNormalization(moving_variance_initializer="o|nes", input_shape=(10, 7))'], {
        layer: { weight: 'moving_variance', shape: [7] },
      });
      check(['LayerNormalization(beta_initializer="ze|ros")'], { layer: { weight: 'beta', rank: 1 } });
      check(['MultiHeadAttention(4, 16, kernel_initializer="glorot_u|niform")'], { layer: { weight: 'kernel', rank: 3 } });
    });

    test('every layer of the model catalogue: transposed and separable convolutions, PReLU, attention', () => {
      check(['SeparableConv2D(32, 3, input_shape=(8, 8, 5), depthwise_initializer="ones"|)'], {
        layer: { weight: 'depthwise_kernel', shape: [3, 3, 5, 1], fanIn: 45, fanOut: 9 },
      });
      check(['SeparableConv2D(32, (3, 3), depth_multiplier=2, input_shape=(8, 8, 5), pointwise_initializer="ones"|)'], {
        layer: { weight: 'pointwise_kernel', shape: [1, 1, 10, 32], depthMultiplier: 2, kernelSize: [3, 3] },
      });
      check(['Conv2DTranspose(16, (3, 5), kernel_initializer="ones"|)'], {
        layer: { weight: 'kernel', shape: [3, 5, 16, undefined], kernelSize: [3, 5], receptiveField: 15, fanIn: 240 },
      });
      check(['SimpleRNN(8, input_shape=(None, 3), kernel_initializer="ones"|)'], { layer: { weight: 'kernel', shape: [3, 8] } });
      check(['PReLU(alpha_initializer="ze|ros", input_shape=(4, 4, 3), shared_axes=[1, 2])'], {
        layer: { weight: 'alpha', shape: [1, 1, 3] },
      });
      // alpha has the input's rank minus one: unknown without the input.
      check(['PReLU(alpha_initializer="ze|ros")'], { layer: { known: true, weight: 'alpha', rank: undefined } });
      check(['MultiHeadAttention(num_heads=4, key_dim=16, bias_initializer="ze|ros")'], { layer: { weight: 'bias', shape: [4, 16] } });
      check(['ConvLSTM2D(8, 3, recurrent_initializer="orth|ogonal")'], { layer: { weight: 'recurrent_kernel', shape: [3, 3, 8, 32] } });
      check(['LSTMCell(16, bias_initializer="ze|ros")'], { layer: { weight: 'bias', shape: [64] } });
      check(['Dense(n, kernel_initializer="he_n|ormal")'], { layer: { weight: 'kernel', rank: 2, shape: [undefined, undefined] } });
      check(['Dense(4, use_bias=False, bias_initializer="ze|ros")'], { layer: { weight: undefined, rank: undefined } });
    });

    test('a custom layer is reported with what its keyword says', () => {
      check(['MyAttention(heads=4, query_initializer="glorot_u|niform")'], {
        layer: {
          name: 'MyAttention',
          known: false,
          argument: 'query_initializer',
          weight: 'query',
          rank: undefined,
          range: 'MyAttention(heads=4, query_initializer="glorot_uniform")',
        },
      });
      check(['build_block(kernel_initializer="he_n|ormal")'], { className: 'HeNormal', layer: undefined });
    });

    test('nested wrappers: the innermost layer call owns the argument', () => {
      check(['Bidirectional(LSTM(32, recurrent_initializer="orth|ogonal"))'], { layer: { name: 'LSTM', shape: [32, 128] } });
      check(['TimeDistributed(Dense(5, kernel_initializer=keras.initializers.Ze|ros()))'], { layer: { name: 'Dense', units: 5 } });
    });
  });

  suite('variables holding an initializer', () => {
    test('a variable passed as an initializer answers with its assignment', () => {
      check(['init = keras.initializers.HeNormal(seed=42)', 'a = Dense(3, kernel_initializer=in|it)'], {
        className: 'HeNormal',
        args: { seed: 42 },
        text: 'keras.initializers.HeNormal(seed=42)',
        via: 'init@init',
        layer: { name: 'Dense', units: 3 },
      });
      check(['self.init = keras.initializers.Orthogonal()', 'Dense(3, kernel_initializer=self.in|it)'], {
        className: 'Orthogonal',
        via: 'self.init@self.init',
      });
    });

    test('the latest assignment before the use wins; later ones do not count', () => {
      const lines = [
        'init = keras.initializers.HeNormal(seed=1)',
        'init = keras.initializers.GlorotUniform(seed=2)',
        'a = Dense(3, kernel_initializer=in|it)',
        'init = keras.initializers.Zeros()',
      ];
      check(lines, { className: 'GlorotUniform', args: { seed: 2 } });
      none(['a = Dense(3, kernel_initializer=in|it)', 'init = keras.initializers.Zeros()']);
      none(['init = keras.initializers.Zeros()', 'print(in|it)']);
    });
  });

  suite('no answer for what is not a Keras initializer', () => {
    test("other libraries' normal/uniform/orthogonal", () => {
      none(['import numpy as np', 'x = np.random.nor|mal(0, 1)']);
      none(['import torch', 'torch.nn.init.normal|_(w)']);
      none(['torch.nn.init.orth|ogonal_(w)']);
      none(['import random', 'random.unif|orm(0, 1)']);
      none(['x = jax.nn.initializers.he_nor|mal()']);
      none(['import keras', 'x = keras.src.initializers.He|Normal()']);
    });

    test('strings outside initializer contexts', () => {
      none(['plot(mode="nor|mal")']);
      none(['print("nor|mal")']);
      none(['initializer_name = "he_n|ormal"']);
      none(['Dense(64, activation="re|lu")']);
      none(['options = {"distribution": "nor|mal"}']);
    });

    test('mode= inside VarianceScaling answers the enclosing call, not a string id', () => {
      check(['keras.initializers.VarianceScaling(mode="fan_|in", distribution="normal")'], { form: 'call', className: 'VarianceScaling' });
    });

    // A name imported from an initializers module is a reference to the class (pythonSpellings.test.ts);
    // the module path and other imports are not.
    test('comments, docstrings and import statements', () => {
      none(['# Dense(3, kernel_initializer="he_nor|mal")']);
      none(['x = 1  # keras.initializers.He|Normal()']);
      none(['"""', 'Dense(3, kernel_initializer="he_nor|mal")', '"""']);
      none(['def f():', "    '''Uses keras.initializers.He|Normal(seed=1).'''"]);
      none(['from keras.initia|lizers import HeNormal']);
      none(['from keras.layers import De|nse']);
      none(['import keras.initializers as ini|t']);
    });

    test("the module's own functions and the base class", () => {
      none(['keras.initializers.g|et(name)']);
      none(['class MyInit(keras.initializers.Initi|alizer):', '    pass']);
      none(['keras.initializers.serial|ize(init)']);
      none(['Dense(3, kernel_initializer="Initial|izer")']);
    });

    test('offsets outside the text and empty text never throw', () => {
      assert.equal(findInitializerAt('', 0), undefined);
      assert.equal(findInitializerAt('x = keras.initializers.Zeros()', -5), undefined);
      assert.equal(findInitializerAt('x = keras.initializers.Zeros()', 1e9), undefined);
      assert.equal(findInitializerAt('x = keras.initializers.Zeros()', Number.NaN), undefined);
      assert.equal(findInitializerAt('keras.initializers.Zeros()', 3.7)?.className, 'Zeros');
    });
  });
});
