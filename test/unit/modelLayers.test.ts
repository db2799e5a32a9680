/**
 * The layer catalogue against real Keras 3.16: every case of test/fixtures/keras-layers/layers.json
 * (made by make_layers.py) built through the catalogue, compared on output shapes, weights (name,
 * path, owner, shape, dtype, trainable), parameter count, or Keras's error.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LAYER_DEFINITIONS, layerDefinition } from '../../src/core/model/layers';
import {
  KerasBuildError,
  UnknownShapeError,
  type BuildResult,
  type LayerArgs,
  type TensorShape,
  type Value,
} from '../../src/core/model/types';

interface FixtureWeight {
  name: string;
  path: string;
  owner: string[] | null;
  shape: number[];
  dtype: string;
  trainable: boolean;
}
interface FixtureCase {
  class: string;
  kwargs: Record<string, unknown>;
  input: TensorShape | TensorShape[];
  result?: { name: string; output: TensorShape | TensorShape[]; weights: FixtureWeight[]; params: number };
  error?: { type: string; message: string };
}

const fixture = JSON.parse(fs.readFileSync(path.join(__dirname, '../fixtures/keras-layers/layers.json'), 'utf8')) as {
  cases: FixtureCase[];
};

const RANGE = { start: 0, end: 0 };

/** The reader's `Value` for a JSON-encoded Python argument (see make_layers.py). */
function toValue(json: unknown): Value {
  if (json === null) return { kind: 'none' };
  if (typeof json === 'boolean') return { kind: 'bool', value: json };
  if (typeof json === 'number') return { kind: 'int', value: json };
  if (typeof json === 'string') return { kind: 'str', value: json };
  if (Array.isArray(json)) return { kind: 'list', items: json.map(toValue) };
  const object = json as Record<string, unknown>;
  if ('__tuple__' in object) return { kind: 'tuple', items: (object.__tuple__ as unknown[]).map(toValue) };
  if ('__float__' in object) return { kind: 'float', value: object.__float__ as number };
  if ('__callable__' in object) return { kind: 'callable', name: object.__callable__ as string };
  if ('__initializer__' in object) {
    return {
      kind: 'initializer',
      initializer: { className: object.__initializer__ as string, args: toArgs(object.args as Record<string, unknown>), range: RANGE },
    };
  }
  if ('__layer__' in object) {
    const args = { ...toArgs(object.kwargs as Record<string, unknown>), name: toValue(object.name) };
    return { kind: 'layer', layer: { className: object.__layer__ as string, args, range: RANGE } };
  }
  return { kind: 'dict', entries: Object.entries(object).map(([k, v]) => [toValue(k), toValue(v)] as const) };
}

function toArgs(kwargs: Record<string, unknown>): Record<string, Value> {
  return Object.fromEntries(Object.entries(kwargs).map(([k, v]) => [k, toValue(v)]));
}

function layerArgs(className: string, kwargs: Record<string, unknown>): LayerArgs {
  const args = toArgs(kwargs);
  return { className, has: (name) => args[name] !== undefined, get: (name) => args[name] };
}

/** Keras wraps errors raised in call() as "Exception encountered when calling X.call(). <bold>message</bold> ...". */
function kerasMessage(message: string): string {
  const bold = /\u001b\[1m([\s\S]*?)\u001b\[0m/.exec(message);
  return bold?.[1] ?? message;
}

/** Python prints a set of strings in hash order, which changes from run to run: compare them sorted. */
function sortedSets(message: string): string {
  return message.replace(/\{('[^{}]*')\}/g, (_match, items: string) => `{${items.split(', ').sort().join(', ')}}`);
}

/** Keras failures that come from a dimension unknown before run time: the catalogue says "unknown". */
function isUnknownDimensionError(message: string): boolean {
  return message.includes('Shapes used to initialize variables must be fully-defined') || message.includes("'NoneType'");
}

type Outcome = { kind: 'result'; result: BuildResult } | { kind: 'unknown'; reason: string } | { kind: 'error'; error: KerasBuildError };

function buildCase(c: FixtureCase, layerName: string): Outcome {
  const definition = layerDefinition(c.class);
  assert.ok(definition, `no definition for ${c.class}`);
  try {
    return { kind: 'result', result: definition.build(layerArgs(definition.className, c.kwargs), c.input, { layerName }) };
  } catch (error) {
    if (error instanceof UnknownShapeError) return { kind: 'unknown', reason: error.reason };
    if (error instanceof KerasBuildError) return { kind: 'error', error };
    throw error;
  }
}

/** Layers whose output Keras infers by running Python the reader never runs. */
function expectsUnknown(c: FixtureCase): boolean {
  return c.class === 'Lambda' && c.kwargs.output_shape === undefined;
}

function layerNameOf(c: FixtureCase): string {
  if (c.result) return c.result.name;
  const quoted = /of layer '([^']+)'/.exec(c.error?.message ?? '');
  return quoted?.[1] ?? c.class.toLowerCase();
}

function checkCase(c: FixtureCase): void {
  const outcome = buildCase(c, layerNameOf(c));
  if (c.error) {
    if (isUnknownDimensionError(c.error.message)) {
      assert.equal(outcome.kind, 'unknown', `expected unknown, Keras: ${c.error.message}`);
      return;
    }
    assert.equal(outcome.kind, 'error', `expected Keras's ${c.error.type}: ${c.error.message}`);
    if (outcome.kind === 'error') assert.equal(sortedSets(outcome.error.message), sortedSets(kerasMessage(c.error.message)));
    return;
  }
  const expected = c.result;
  assert.ok(expected);
  if (expectsUnknown(c)) {
    assert.equal(outcome.kind, 'unknown');
    return;
  }
  if (outcome.kind !== 'result') {
    assert.fail(`expected a result, got ${outcome.kind}: ${outcome.kind === 'unknown' ? outcome.reason : outcome.error.message}`);
  }
  const { result } = outcome;
  assert.deepEqual(result.output, expected.output, 'output shape');
  const actualWeights = result.weights.map((w) => ({
    name: w.name,
    path: [...w.ownerNames, w.name].join('/'),
    owner: [...w.owner],
    shape: [...w.shape],
    dtype: w.dtype,
    trainable: w.trainable,
  }));
  const expectedWeights = expected.weights.map((w) => ({ ...w, owner: w.owner ?? [] }));
  assert.deepEqual(actualWeights, expectedWeights, 'weights');
  const params = result.weights.reduce((sum, w) => sum + w.shape.reduce((p, d) => p * d, 1), 0);
  assert.equal(params, expected.params, 'count_params');
}

suite('model layer catalogue against real Keras', () => {
  test('every class and alias is found by name', () => {
    for (const definition of LAYER_DEFINITIONS) {
      assert.equal(layerDefinition(definition.className), definition);
      for (const alias of definition.aliases ?? []) assert.equal(layerDefinition(alias), definition);
    }
  });

  test('image augmentation layers keep the shape and have no weights', () => {
    // What Keras 3.16 builds: each layer on Input(shape=(32, 24, 3)), (5, 32, 24, 3), (24,) and
    // (32, 24) gives its input shape back, with layer.weights == [] and count_params() == 0.
    const classes = [
      'RandomFlip',
      'RandomRotation',
      'RandomZoom',
      'RandomTranslation',
      'RandomContrast',
      'RandomBrightness',
      'AutoContrast',
      'Equalization',
      'RandomGrayscale',
      'RandomHue',
      'RandomSaturation',
      'RandomSharpness',
      'RandomShear',
      'RandomColorJitter',
      'RandomPosterization',
      'RandomInvert',
      'RandomErasing',
      'RandomGaussianBlur',
      'RandomPerspective',
      'RandomElasticTransform',
      'Solarization',
      'MixUp',
      'CutMix',
      'AugMix',
      'RandAugment',
    ];
    const inputs: TensorShape[] = [
      [null, 32, 24, 3],
      [null, 5, 32, 24, 3],
      [null, 24],
      [null, 32, 24],
    ];
    for (const className of classes) {
      for (const input of inputs) {
        const outcome = buildCase({ class: className, kwargs: {}, input }, 'layer');
        assert.equal(outcome.kind, 'result', `${className} on ${JSON.stringify(input)}`);
        if (outcome.kind === 'result') {
          assert.deepEqual(outcome.result.output, input, className);
          assert.deepEqual(outcome.result.weights, [], className);
        }
      }
    }
  });

  test('RandomCrop sets height and width on axes -3 and -2 (-2 and -1 channels first)', () => {
    // What Keras 3.16 builds for RandomCrop(16, 12) on these inputs.
    const cases: [Record<string, unknown>, TensorShape, TensorShape][] = [
      [{ height: 16, width: 12 }, [null, 32, 24, 3], [null, 16, 12, 3]],
      [{ height: 16, width: 12 }, [null, 5, 32, 24, 3], [null, 5, 16, 12, 3]],
      [{ height: 16, width: 12 }, [null, 32, 24], [16, 12, 24]],
      [{ height: 16, width: 12 }, [null, null, null, 3], [null, 16, 12, 3]],
      [{ height: 16, width: 12 }, [null, 8, 8, 3], [null, 16, 12, 3]],
      [{ height: 16, width: 12, data_format: 'channels_first' }, [null, 3, 32, 24], [null, 3, 16, 12]],
    ];
    for (const [kwargs, input, output] of cases) {
      const outcome = buildCase({ class: 'RandomCrop', kwargs, input }, 'random_crop');
      assert.equal(outcome.kind, 'result');
      if (outcome.kind === 'result') assert.deepEqual(outcome.result.output, output);
    }
    // On a rank-2 input Keras raises IndexError (not a ValueError): the catalogue says unknown.
    assert.equal(buildCase({ class: 'RandomCrop', kwargs: { height: 16, width: 12 }, input: [null, 24] }, 'random_crop').kind, 'unknown');
  });

  test('every fixture case matches real Keras', () => {
    const failures: string[] = [];
    for (const c of fixture.cases) {
      try {
        checkCase(c);
      } catch (error) {
        failures.push(
          `${c.class}(${JSON.stringify(c.kwargs)}) on ${JSON.stringify(c.input)}: ${(error as Error).message.split('\n').slice(0, 6).join(' ')}`,
        );
      }
    }
    const total = fixture.cases.length;
    console.log(`catalogue: ${total - failures.length}/${total} cases match real Keras`);
    assert.deepEqual(failures, []);
  });
});
