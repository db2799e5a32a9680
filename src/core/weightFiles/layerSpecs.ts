/**
 * Single-layer weight files: the layers the generator offers, their arguments (for the CLI's flags,
 * help texts and the editor's prompts), and the variables `className(**args).build(input_shape)`
 * creates. The variables (names, shapes, default initializers, order, Keras's argument errors) come
 * from the model reader's layer catalogue (core/model/layers), built on the input shape the
 * `input_dim` / `input_channels` arguments describe.
 *
 * Seeds. Keras builds each variable's initializer with `initializers.get("glorot_uniform")` and
 * the like, so an unseeded random initializer draws its own `random.randint(1, 10**9)` at
 * construction: every variable gets an independent seed nobody can reproduce. Here a layer has one
 * base seed N (given, or drawn and reported) and variable i — its position in `layer.weights`,
 * counting every variable — gets seed N + i when its initializer is random and carries no seed of
 * its own. Initializers given with a seed keep it. The rule and each variable's seed are recorded
 * in the file's metadata.
 */
import { CoreError } from '../errors';
import type { KerasInitializer } from '../initializers/initializer';
import { pyIntRepr, pyRepr, pyShape } from '../initializers/pyFormat';
import { layerDefinition, recordArgs } from '../model/layers';
import { shapeText, standardizeTuple } from '../model/layers/args';
import { KerasBuildError, type Dim, type Value, type WeightSpec } from '../model/types';
import { drawDefaultSeed } from '../initializers/seed';
import { hasNoSeed, initializerFromValue, withSeed } from './identifier';

export const LAYER_CLASSES = [
  'Dense',
  'Conv1D',
  'Conv2D',
  'Conv3D',
  'DepthwiseConv2D',
  'Embedding',
  'LSTM',
  'GRU',
  'BatchNormalization',
] as const;

export type LayerClassName = (typeof LAYER_CLASSES)[number];

/** The seed rule in words, as recorded in the files. */
export const LAYER_SEED_RULE =
  'variable i (its index in layer.weights) gets seed base_seed + i when its initializer is random and has no seed of its own';

export type LayerArgType = 'int' | 'ints' | 'bool' | 'initializer';

/** One argument of a layer. */
export interface LayerArgSpec {
  /** Keras's keyword; `input_dim` / `input_channels` stand for the input shape `build()` receives (except Embedding's `input_dim`). */
  readonly name: string;
  readonly type: LayerArgType;
  readonly required: boolean;
  /** Default when not given (initializers: the Keras id). */
  readonly default?: number | boolean | string;
  /** Whether the value comes from the input shape rather than the constructor. */
  readonly fromInputShape?: boolean;
  readonly doc: string;
}

/** Resolved non-initializer arguments. */
export type LayerArgValues = Readonly<Record<string, number | boolean | readonly number[]>>;

/** One piece of a variable's values: `initializer(shape)` as the k-th call of that initializer. */
export interface LayerVariablePart {
  readonly initializer: KerasInitializer;
  readonly shape: readonly number[];
  readonly callIndex: number;
}

export interface LayerVariable {
  /** Keras's variable name: kernel, recurrent_kernel, bias, embeddings, gamma, beta, moving_mean, moving_variance. */
  readonly name: string;
  /** Position in `layer.weights` (what `set_weights` expects). */
  readonly index: number;
  readonly shape: readonly number[];
  readonly trainable: boolean;
  /** The constructor argument that sets its initializer (`kernel_initializer`). */
  readonly initializerArg: string;
  readonly initializer: KerasInitializer;
  /** Whether the seed was assigned by the layer's seed rule (true) or came with the initializer. */
  readonly seedAssigned: boolean;
  /** How the values are made, concatenated in order (one call, or LSTM's unit-forget bias pieces). */
  readonly parts: readonly LayerVariablePart[];
  /** How the values are built, when it is not a single call. */
  readonly note?: string;
}

export interface LayerWeights {
  readonly className: LayerClassName;
  readonly args: LayerArgValues;
  readonly variables: readonly LayerVariable[];
  /** The base seed of the seed rule, or undefined when no variable is random. */
  readonly seed: number | undefined;
  /** Whether the base seed was drawn (no seed was given). */
  readonly seedDrawn: boolean;
}

/** A generator layer: its arguments and what is known before the catalogue builds it. */
interface GeneratorLayer {
  readonly className: LayerClassName;
  readonly summary: string;
  readonly args: readonly LayerArgSpec[];
  /** The input shape `build()` receives, batch first; undefined when `build()` is called without one (Embedding). */
  readonly input?: (a: ArgReader) => Dim[];
  /** Spatial rank of `kernel_size`. */
  readonly kernelRank?: number;
  /** Checks of arguments the catalogue does not check itself, after it built the layer. */
  readonly validate?: (a: ArgReader) => void;
}

interface ArgReader {
  int(name: string): number;
}

function arg(name: string, type: LayerArgType, doc: string, extra: Partial<LayerArgSpec> = {}): LayerArgSpec {
  return { name, type, doc, required: extra.default === undefined && type !== 'initializer', ...extra };
}

function init(name: string, defaultId: string, what: string): LayerArgSpec {
  return { name, type: 'initializer', required: false, default: defaultId, doc: `Initializer of ${what} (Keras default "${defaultId}").` };
}

const USE_BIAS = arg('use_bias', 'bool', 'Whether the layer has a bias vector.', { default: true });
const UNITS = arg('units', 'int', 'Dimensionality of the output space.');
const INPUT_DIM = arg('input_dim', 'int', 'Features of the input (its last axis).', { fromInputShape: true });
const INPUT_CHANNELS = arg('input_channels', 'int', 'Channels of the input (its last axis, channels_last).', { fromInputShape: true });
const BIAS_INITIALIZER = init('bias_initializer', 'zeros', 'the bias');

function valueError(message: string): CoreError {
  return new CoreError('INVALID_ARGUMENT', message, 'ValueError');
}

function pyValue(value: unknown): string {
  if (Array.isArray(value) && value.every((v) => typeof v === 'number')) return pyShape(value as number[]);
  return pyRepr(value);
}

function positive(a: ArgReader, name: string, message: (v: number) => string): void {
  const v = a.int(name);
  if (v <= 0) throw valueError(message(v));
}

/** input_dim / input_channels: a dimension of the input shape, which Keras leaves to the backend. */
function inputDimension(what: string): (v: number) => string {
  return (v) =>
    `\`${what}\` must be a positive integer (a dimension of the input shape the layer is built with). Received: ${what}=${pyIntRepr(v)}`;
}

/** A channels_last input of `rank` spatial dims with `input_channels` channels. */
function channelsLast(rank: number): (a: ArgReader) => Dim[] {
  return (a) => [null, ...new Array<null>(rank).fill(null), a.int('input_channels')];
}

function convLayer(className: 'Conv1D' | 'Conv2D' | 'Conv3D', rank: number): GeneratorLayer {
  return {
    className,
    summary: `${rank}-D convolution: kernel kernel_size + (input_channels // groups, filters), bias (filters,).`,
    args: [
      arg('filters', 'int', 'Number of output filters.'),
      arg('kernel_size', 'ints', `Size of the ${rank}-D window: an int or ${rank} ints.`),
      INPUT_CHANNELS,
      arg('groups', 'int', 'Number of groups the input channels are split into.', { default: 1 }),
      USE_BIAS,
      init('kernel_initializer', 'glorot_uniform', 'the kernel'),
      BIAS_INITIALIZER,
    ],
    input: channelsLast(rank),
    kernelRank: rank,
  };
}

function recurrentLayer(className: 'LSTM' | 'GRU'): GeneratorLayer {
  const args: LayerArgSpec[] = [UNITS, INPUT_DIM, USE_BIAS];
  if (className === 'LSTM') {
    args.push(arg('unit_forget_bias', 'bool', 'Add 1 to the forget-gate bias at initialization (Jozefowicz et al.).', { default: true }));
  } else {
    args.push(arg('reset_after', 'bool', 'GRU convention: reset gate after the matrix multiplication (two bias rows).', { default: true }));
  }
  args.push(
    init('kernel_initializer', 'glorot_uniform', 'the input kernel'),
    init('recurrent_initializer', 'orthogonal', 'the recurrent kernel'),
    BIAS_INITIALIZER,
  );
  return {
    className,
    summary:
      className === 'LSTM'
        ? 'LSTM: kernel (input_dim, 4·units), recurrent_kernel (units, 4·units), bias (4·units,) with the forget gate at 1 (unit_forget_bias).'
        : 'GRU: kernel (input_dim, 3·units), recurrent_kernel (units, 3·units), bias (2, 3·units) with reset_after (else (3·units,)).',
    args,
    input: (a) => [null, null, a.int('input_dim')],
  };
}

const DEFINITIONS: Readonly<Record<LayerClassName, GeneratorLayer>> = {
  Dense: {
    className: 'Dense',
    summary: 'Dense: kernel (input_dim, units), bias (units,).',
    args: [UNITS, INPUT_DIM, USE_BIAS, init('kernel_initializer', 'glorot_uniform', 'the kernel'), BIAS_INITIALIZER],
    input: (a) => [null, a.int('input_dim')],
  },
  Conv1D: convLayer('Conv1D', 1),
  Conv2D: convLayer('Conv2D', 2),
  Conv3D: convLayer('Conv3D', 3),
  DepthwiseConv2D: {
    className: 'DepthwiseConv2D',
    summary: 'DepthwiseConv2D: kernel kernel_size + (input_channels, depth_multiplier), bias (depth_multiplier·input_channels,).',
    args: [
      arg('kernel_size', 'ints', 'Size of the 2-D window: an int or 2 ints.'),
      INPUT_CHANNELS,
      arg('depth_multiplier', 'int', 'Output channels per input channel.', { default: 1 }),
      USE_BIAS,
      init('depthwise_initializer', 'glorot_uniform', 'the depthwise kernel'),
      BIAS_INITIALIZER,
    ],
    input: channelsLast(2),
    kernelRank: 2,
    validate: (a) =>
      positive(
        a,
        'depth_multiplier',
        (v) => `Invalid value for argument \`depth_multiplier\`. Expected a strictly positive value. Received depth_multiplier=${v}.`,
      ),
  },
  Embedding: {
    className: 'Embedding',
    summary: 'Embedding: embeddings (input_dim, output_dim), RandomUniform(-0.05, 0.05) by default.',
    args: [
      arg('input_dim', 'int', 'Size of the vocabulary (largest index + 1).'),
      arg('output_dim', 'int', 'Dimension of the dense embedding.'),
      init('embeddings_initializer', 'uniform', 'the embeddings'),
    ],
    validate: (a) => {
      for (const name of ['input_dim', 'output_dim']) {
        positive(a, name, (v) => `\`${name}\` must be a positive integer. Received: ${name}=${v} (of type int).`);
      }
    },
  },
  LSTM: recurrentLayer('LSTM'),
  GRU: recurrentLayer('GRU'),
  BatchNormalization: {
    className: 'BatchNormalization',
    summary: 'BatchNormalization: gamma, beta (trainable), moving_mean, moving_variance (not trainable), each (input_dim,).',
    args: [
      arg('input_dim', 'int', 'Size of the normalized axis (input_shape[axis]).', { fromInputShape: true }),
      arg('center', 'bool', 'Whether the layer has beta.', { default: true }),
      arg('scale', 'bool', 'Whether the layer has gamma.', { default: true }),
      init('gamma_initializer', 'ones', 'gamma'),
      init('beta_initializer', 'zeros', 'beta'),
      init('moving_mean_initializer', 'zeros', 'the moving mean'),
      init('moving_variance_initializer', 'ones', 'the moving variance'),
    ],
    input: (a) => [null, a.int('input_dim')],
  },
};

export function isLayerClassName(value: unknown): value is LayerClassName {
  return typeof value === 'string' && (LAYER_CLASSES as readonly string[]).includes(value);
}

/** The arguments a layer takes (for help texts, the CLI's flags and the editor's prompts). */
export function layerArguments(className: LayerClassName): readonly LayerArgSpec[] {
  return DEFINITIONS[className].args;
}

/** One line on what the layer creates. */
export function layerSummary(className: LayerClassName): string {
  return DEFINITIONS[className].summary;
}

/** The layer class an id names: exact, or case-insensitive (`dense`, `conv2d`, `batchnormalization`). */
export function resolveLayerClass(name: string): LayerClassName | undefined {
  if (isLayerClassName(name)) return name;
  const lower = name.toLowerCase().replace(/_/g, '');
  return LAYER_CLASSES.find((c) => c.toLowerCase() === lower);
}

function typeName(v: unknown): string {
  if (v === null) return 'NoneType';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'float';
  if (typeof v === 'string') return 'str';
  if (Array.isArray(v)) return 'list';
  return typeof v;
}

/** The catalogue's `Value` of a JSON-like argument (arrays are Python tuples). */
function toValue(raw: unknown): Value {
  if (raw === null || raw === undefined) return { kind: 'none' };
  if (typeof raw === 'boolean') return { kind: 'bool', value: raw };
  if (typeof raw === 'number') return Number.isInteger(raw) ? { kind: 'int', value: raw } : { kind: 'float', value: raw };
  if (typeof raw === 'string') return { kind: 'str', value: raw };
  if (Array.isArray(raw)) return { kind: 'tuple', items: raw.map(toValue) };
  return { kind: 'unknown', reason: `not a Python literal: ${JSON.stringify(raw)}` };
}

/** Reads the resolved (non-initializer) arguments with their types checked (`kernel_size` is left to the catalogue). */
function readArgs(def: GeneratorLayer, given: Record<string, unknown>): Record<string, number | boolean | number[]> {
  const values: Record<string, number | boolean | number[]> = {};
  for (const spec of def.args) {
    if (spec.type === 'initializer') continue;
    const raw = given[spec.name] ?? spec.default;
    if (raw === undefined) {
      throw new CoreError(
        'INVALID_ARGUMENT',
        `${def.className} needs \`${spec.name}\`: ${spec.doc}`,
        spec.fromInputShape ? undefined : 'TypeError',
      );
    }
    if (spec.type === 'bool') {
      if (typeof raw !== 'boolean') {
        throw new CoreError(
          'INVALID_ARGUMENT',
          `\`${spec.name}\` must be True or False. Received: ${spec.name}=${pyValue(raw)} (of type ${typeName(raw)})`,
        );
      }
      values[spec.name] = raw;
    } else if (spec.type === 'int') {
      if (typeof raw !== 'number' || !Number.isSafeInteger(raw)) {
        throw new CoreError(
          'INVALID_ARGUMENT',
          `\`${spec.name}\` must be an integer. Received: ${spec.name}=${pyValue(raw)} (of type ${typeName(raw)})`,
        );
      }
      values[spec.name] = raw;
    } else {
      values[spec.name] = raw as number[];
    }
  }
  return values;
}

/** The catalogue's build of the layer, with Keras's errors as CoreErrors. */
function catalogueBuild(
  def: GeneratorLayer,
  values: Readonly<Record<string, number | boolean | number[]>>,
  reader: ArgReader,
): WeightSpec[] {
  const definition = layerDefinition(def.className);
  if (definition === undefined) throw new CoreError('INVALID_ARGUMENT', `The layer catalogue has no ${def.className}.`);
  const args: Record<string, Value> = {};
  for (const spec of def.args) {
    if (spec.type !== 'initializer' && !spec.fromInputShape) args[spec.name] = toValue(values[spec.name]);
  }
  try {
    const input = def.input?.(reader) ?? [null, null];
    return [...definition.build(recordArgs(def.className, args), input, { layerName: def.className }).weights];
  } catch (e) {
    if (e instanceof KerasBuildError) throw new CoreError('INVALID_ARGUMENT', e.message, e.pythonType);
    if (e instanceof Error && e.name === 'UnknownShapeError') throw new CoreError('INVALID_ARGUMENT', `${def.className}: ${e.message}`);
    throw e;
  }
}

/** The parts a variable's values are made of: one call, or the catalogue's pieces (LSTM's unit-forget bias). */
function variableParts(w: WeightSpec, initializer: KerasInitializer): LayerVariablePart[] {
  const pieces = w.initializer.pieces;
  if (pieces === undefined) return [{ initializer, shape: w.shape, callIndex: 0 }];
  // Keras calls the layer's initializer once per piece: a SeedGenerator seed advances between the calls.
  let calls = 0;
  return pieces.map((piece) =>
    piece.fixed !== undefined
      ? { initializer: initializerFromValue(piece.fixed), shape: piece.shape, callIndex: 0 }
      : { initializer, shape: piece.shape, callIndex: calls++ },
  );
}

const UINT32_LIMIT = 2 ** 32;

/**
 * The variables `className(**args).build(input_shape)` creates, with their initializers.
 * `args` uses Keras's keywords (`units`, `kernel_size`, `kernel_initializer`...) plus
 * `input_dim` / `input_channels` for the input shape. Initializer values are ids, Python calls,
 * configs or initializer objects. `seed` is the base seed of the seed rule (drawn when absent).
 */
export function layerWeights(
  className: string,
  args: Readonly<Record<string, unknown>> = {},
  options: { seed?: number } = {},
): LayerWeights {
  const resolved = resolveLayerClass(className);
  if (resolved === undefined) {
    throw new CoreError('INVALID_ARGUMENT', `Unknown layer '${className}'; supported: ${LAYER_CLASSES.join(', ')}.`);
  }
  const def = DEFINITIONS[resolved];
  const known = new Set(def.args.map((a) => a.name));
  for (const key of Object.keys(args)) {
    if (!known.has(key)) {
      throw new CoreError(
        'INVALID_ARGUMENT',
        `${resolved}() got an unexpected keyword argument '${key}' (${resolved} takes ${def.args.map((a) => a.name).join(', ')})`,
        'TypeError',
      );
    }
  }
  const values = readArgs(def, args as Record<string, unknown>);
  const reader: ArgReader = { int: (name) => values[name] as number };
  const built = catalogueBuild(def, values, reader);
  if (def.kernelRank !== undefined) values.kernel_size = standardizeTuple(toValue(values.kernel_size), def.kernelRank, 'kernel_size');
  for (const spec of def.args) if (spec.fromInputShape) positive(reader, spec.name, inputDimension(spec.name));
  def.validate?.(reader);
  const seed = options.seed;
  if (seed !== undefined && (!Number.isSafeInteger(seed) || seed < 0 || seed >= UINT32_LIMIT)) {
    throw new CoreError('INVALID_SEED', `The layer seed must be an integer in [0, ${UINT32_LIMIT - 1}]; received ${String(seed)}.`);
  }
  const initializers = built.map((w) => {
    const argument = w.initializer.argument ?? '';
    try {
      return initializerFromValue(args[argument] ?? (w.initializer.value.kind === 'str' ? w.initializer.value.value : undefined));
    } catch (e) {
      if (e instanceof CoreError) throw new CoreError(e.code, `\`${argument}\`: ${e.message}`, e.kerasType);
      throw e;
    }
  });
  const needsSeed = initializers.some((i) => hasNoSeed(i));
  const base = needsSeed ? (seed ?? drawDefaultSeed()) : seed;
  const variables = built.map((w, index): LayerVariable => {
    let initializer = initializers[index] as KerasInitializer;
    const seedAssigned = hasNoSeed(initializer);
    if (seedAssigned) {
      const s = (base as number) + index;
      if (s >= UINT32_LIMIT) {
        throw new CoreError(
          'INVALID_SEED',
          `Seed ${base} + ${index} for variable '${w.name}' exceeds ${UINT32_LIMIT - 1}; choose a base seed below ${UINT32_LIMIT - built.length}.`,
        );
      }
      initializer = withSeed(initializer, s);
    }
    const pieces = w.initializer.pieces !== undefined;
    return {
      name: w.name,
      index,
      shape: w.shape,
      trainable: w.trainable,
      initializerArg: w.initializer.argument ?? '',
      initializer,
      seedAssigned,
      parts: variableParts(w, initializer),
      ...(pieces ? { note: 'unit_forget_bias: concat(bias_initializer((units,)), ones((units,)), bias_initializer((2*units,)))' } : {}),
    };
  });
  return { className: resolved, args: values, variables, seed: base, seedDrawn: needsSeed && seed === undefined };
}

/** Python that builds the same layer so `set_weights` accepts the file's arrays (input shape included). */
export function layerBuildCode(weights: LayerWeights, qualifier = 'keras.layers.'): string {
  const a = weights.args;
  const kw: string[] = [];
  const put = (name: string, value: unknown, dflt?: unknown) => {
    if (value !== undefined && value !== dflt) kw.push(`${name}=${pythonLiteral(value)}`);
  };
  let positional: string[] = [];
  switch (weights.className) {
    case 'Dense':
      positional = [String(a.units)];
      put('use_bias', a.use_bias, true);
      break;
    case 'Conv1D':
    case 'Conv2D':
    case 'Conv3D': {
      positional = [String(a.filters), pythonLiteral(a.kernel_size)];
      put('groups', a.groups, 1);
      put('use_bias', a.use_bias, true);
      break;
    }
    case 'DepthwiseConv2D':
      positional = [pythonLiteral(a.kernel_size)];
      put('depth_multiplier', a.depth_multiplier, 1);
      put('use_bias', a.use_bias, true);
      break;
    case 'Embedding':
      positional = [String(a.input_dim), String(a.output_dim)];
      break;
    case 'LSTM':
    case 'GRU':
      positional = [String(a.units)];
      put('use_bias', a.use_bias, true);
      put('unit_forget_bias', a.unit_forget_bias, true);
      put('reset_after', a.reset_after, true);
      break;
    case 'BatchNormalization':
      put('center', a.center, true);
      put('scale', a.scale, true);
      break;
  }
  const input = DEFINITIONS[weights.className].input?.({ int: (name) => a[name] as number });
  const buildShape = input !== undefined ? shapeText(input) : '';
  return `layer = ${qualifier}${weights.className}(${[...positional, ...kw].join(', ')})\nlayer.build(${buildShape})`;
}

function pythonLiteral(value: unknown): string {
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (Array.isArray(value)) return pyShape(value as number[]);
  return String(value);
}
