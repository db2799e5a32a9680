/**
 * The variables Keras 3 layers create in `build()`: names, shapes, default initializers and order
 * (`layer.weights`: trainable then non-trainable, in creation order), from keras-team/keras at
 * 3422977a (3.16): layers/core/dense.py, core/embedding.py, convolutional/base_conv.py,
 * convolutional/base_depthwise_conv.py, rnn/lstm.py, rnn/gru.py,
 * normalization/batch_normalization.py.
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
import { createInitializer, type KerasInitializer } from '../initializers/initializer';
import { pyIntRepr, pyRepr, pyShape } from '../initializers/pyFormat';
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

interface VariableDefinition {
  readonly name: string;
  readonly initializerArg: string;
  readonly trainable: boolean;
  readonly present: (a: ArgReader) => boolean;
  readonly shape: (a: ArgReader) => number[];
}

interface LayerDefinition {
  readonly className: LayerClassName;
  readonly summary: string;
  readonly args: readonly LayerArgSpec[];
  readonly variables: readonly VariableDefinition[];
  /** Keras's own checks of the constructor arguments, in Keras's order. */
  readonly validate?: (a: ArgReader) => void;
}

interface ArgReader {
  int(name: string): number;
  ints(name: string): readonly number[];
  bool(name: string): boolean;
}

function arg(name: string, type: LayerArgType, doc: string, extra: Partial<LayerArgSpec> = {}): LayerArgSpec {
  return { name, type, doc, required: extra.default === undefined && type !== 'initializer', ...extra };
}

function init(name: string, defaultId: string, what: string): LayerArgSpec {
  return { name, type: 'initializer', required: false, default: defaultId, doc: `Initializer of ${what} (Keras default "${defaultId}").` };
}

const USE_BIAS = arg('use_bias', 'bool', 'Whether the layer has a bias vector.', { default: true });

function valueError(message: string): CoreError {
  return new CoreError('INVALID_ARGUMENT', message, 'ValueError');
}

/** Keras's `standardize_tuple(value, n, name)` message for kernel sizes. */
function kernelSizeError(value: unknown, n: number, detail = ''): CoreError {
  return valueError(`The \`kernel_size\` argument must be a tuple of ${n} integers. Received kernel_size=${pyValue(value)}${detail}`);
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

function convDefinition(className: 'Conv1D' | 'Conv2D' | 'Conv3D', rank: number): LayerDefinition {
  return {
    className,
    summary: `${rank}-D convolution: kernel kernel_size + (input_channels // groups, filters), bias (filters,).`,
    args: [
      arg('filters', 'int', 'Number of output filters.'),
      arg('kernel_size', 'ints', `Size of the ${rank}-D window: an int or ${rank} ints.`),
      arg('input_channels', 'int', 'Channels of the input (its last axis, channels_last).', { fromInputShape: true }),
      arg('groups', 'int', 'Number of groups the input channels are split into.', { default: 1 }),
      USE_BIAS,
      init('kernel_initializer', 'glorot_uniform', 'the kernel'),
      init('bias_initializer', 'zeros', 'the bias'),
    ],
    validate: (a) => {
      positive(a, 'filters', (v) => `Invalid value for argument \`filters\`. Expected a strictly positive value. Received filters=${v}.`);
      positive(a, 'groups', (v) => `The number of groups must be a positive integer. Received: groups=${v}.`);
      const filters = a.int('filters');
      const groups = a.int('groups');
      if (filters % groups !== 0) {
        throw valueError(
          `The number of filters must be evenly divisible by the number of groups. Received: groups=${groups}, filters=${filters}.`,
        );
      }
      positive(a, 'input_channels', inputDimension('input_channels'));
      const channels = a.int('input_channels');
      if (channels % groups !== 0) {
        throw valueError(
          `The number of input channels must be evenly divisible by the number of groups. Received groups=${groups}, but the input has ${channels} channels.`,
        );
      }
    },
    variables: [
      {
        name: 'kernel',
        initializerArg: 'kernel_initializer',
        trainable: true,
        present: () => true,
        shape: (a) => [...a.ints('kernel_size'), a.int('input_channels') / a.int('groups'), a.int('filters')],
      },
      {
        name: 'bias',
        initializerArg: 'bias_initializer',
        trainable: true,
        present: (a) => a.bool('use_bias'),
        shape: (a) => [a.int('filters')],
      },
    ],
  };
}

function recurrentDefinition(className: 'LSTM' | 'GRU'): LayerDefinition {
  const gates = className === 'LSTM' ? 4 : 3;
  const args: LayerArgSpec[] = [
    arg('units', 'int', 'Dimensionality of the output space.'),
    arg('input_dim', 'int', 'Features of the input (its last axis).', { fromInputShape: true }),
    USE_BIAS,
  ];
  if (className === 'LSTM') {
    args.push(arg('unit_forget_bias', 'bool', 'Add 1 to the forget-gate bias at initialization (Jozefowicz et al.).', { default: true }));
  } else {
    args.push(arg('reset_after', 'bool', 'GRU convention: reset gate after the matrix multiplication (two bias rows).', { default: true }));
  }
  args.push(
    init('kernel_initializer', 'glorot_uniform', 'the input kernel'),
    init('recurrent_initializer', 'orthogonal', 'the recurrent kernel'),
    init('bias_initializer', 'zeros', 'the bias'),
  );
  return {
    className,
    summary:
      className === 'LSTM'
        ? 'LSTM: kernel (input_dim, 4·units), recurrent_kernel (units, 4·units), bias (4·units,) with the forget gate at 1 (unit_forget_bias).'
        : 'GRU: kernel (input_dim, 3·units), recurrent_kernel (units, 3·units), bias (2, 3·units) with reset_after (else (3·units,)).',
    args,
    validate: (a) => {
      positive(a, 'units', (v) => `Received an invalid value for argument \`units\`, expected a positive integer, got ${v}.`);
      positive(a, 'input_dim', inputDimension('input_dim'));
    },
    variables: [
      {
        name: 'kernel',
        initializerArg: 'kernel_initializer',
        trainable: true,
        present: () => true,
        shape: (a) => [a.int('input_dim'), gates * a.int('units')],
      },
      {
        name: 'recurrent_kernel',
        initializerArg: 'recurrent_initializer',
        trainable: true,
        present: () => true,
        shape: (a) => [a.int('units'), gates * a.int('units')],
      },
      {
        name: 'bias',
        initializerArg: 'bias_initializer',
        trainable: true,
        present: (a) => a.bool('use_bias'),
        shape: (a) => (className === 'GRU' && a.bool('reset_after') ? [2, 3 * a.int('units')] : [gates * a.int('units')]),
      },
    ],
  };
}

const DEFINITIONS: Readonly<Record<LayerClassName, LayerDefinition>> = {
  Dense: {
    className: 'Dense',
    summary: 'Dense: kernel (input_dim, units), bias (units,).',
    args: [
      arg('units', 'int', 'Dimensionality of the output space.'),
      arg('input_dim', 'int', 'Features of the input (its last axis).', { fromInputShape: true }),
      USE_BIAS,
      init('kernel_initializer', 'glorot_uniform', 'the kernel'),
      init('bias_initializer', 'zeros', 'the bias'),
    ],
    validate: (a) => {
      positive(a, 'units', (v) => `Received an invalid value for \`units\`, expected a positive integer. Received: units=${v}`);
      positive(a, 'input_dim', inputDimension('input_dim'));
    },
    variables: [
      {
        name: 'kernel',
        initializerArg: 'kernel_initializer',
        trainable: true,
        present: () => true,
        shape: (a) => [a.int('input_dim'), a.int('units')],
      },
      {
        name: 'bias',
        initializerArg: 'bias_initializer',
        trainable: true,
        present: (a) => a.bool('use_bias'),
        shape: (a) => [a.int('units')],
      },
    ],
  },
  Conv1D: convDefinition('Conv1D', 1),
  Conv2D: convDefinition('Conv2D', 2),
  Conv3D: convDefinition('Conv3D', 3),
  DepthwiseConv2D: {
    className: 'DepthwiseConv2D',
    summary: 'DepthwiseConv2D: kernel kernel_size + (input_channels, depth_multiplier), bias (depth_multiplier·input_channels,).',
    args: [
      arg('kernel_size', 'ints', 'Size of the 2-D window: an int or 2 ints.'),
      arg('input_channels', 'int', 'Channels of the input (its last axis, channels_last).', { fromInputShape: true }),
      arg('depth_multiplier', 'int', 'Output channels per input channel.', { default: 1 }),
      USE_BIAS,
      init('depthwise_initializer', 'glorot_uniform', 'the depthwise kernel'),
      init('bias_initializer', 'zeros', 'the bias'),
    ],
    validate: (a) => {
      positive(
        a,
        'depth_multiplier',
        (v) => `Invalid value for argument \`depth_multiplier\`. Expected a strictly positive value. Received depth_multiplier=${v}.`,
      );
      positive(a, 'input_channels', inputDimension('input_channels'));
    },
    variables: [
      {
        name: 'kernel',
        initializerArg: 'depthwise_initializer',
        trainable: true,
        present: () => true,
        shape: (a) => [...a.ints('kernel_size'), a.int('input_channels'), a.int('depth_multiplier')],
      },
      {
        name: 'bias',
        initializerArg: 'bias_initializer',
        trainable: true,
        present: (a) => a.bool('use_bias'),
        shape: (a) => [a.int('depth_multiplier') * a.int('input_channels')],
      },
    ],
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
    variables: [
      {
        name: 'embeddings',
        initializerArg: 'embeddings_initializer',
        trainable: true,
        present: () => true,
        shape: (a) => [a.int('input_dim'), a.int('output_dim')],
      },
    ],
  },
  LSTM: recurrentDefinition('LSTM'),
  GRU: recurrentDefinition('GRU'),
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
    validate: (a) => positive(a, 'input_dim', inputDimension('input_dim')),
    variables: [
      {
        name: 'gamma',
        initializerArg: 'gamma_initializer',
        trainable: true,
        present: (a) => a.bool('scale'),
        shape: (a) => [a.int('input_dim')],
      },
      {
        name: 'beta',
        initializerArg: 'beta_initializer',
        trainable: true,
        present: (a) => a.bool('center'),
        shape: (a) => [a.int('input_dim')],
      },
      {
        name: 'moving_mean',
        initializerArg: 'moving_mean_initializer',
        trainable: false,
        present: () => true,
        shape: (a) => [a.int('input_dim')],
      },
      {
        name: 'moving_variance',
        initializerArg: 'moving_variance_initializer',
        trainable: false,
        present: () => true,
        shape: (a) => [a.int('input_dim')],
      },
    ],
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

/** Reads the resolved (non-initializer) arguments with their types checked. */
function readArgs(
  def: LayerDefinition,
  given: Record<string, unknown>,
): { values: Record<string, number | boolean | number[]>; reader: ArgReader } {
  const values: Record<string, number | boolean | number[]> = {};
  const rank = def.className === 'Conv1D' ? 1 : def.className === 'Conv3D' ? 3 : 2;
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
      // kernel_size: standardize_tuple(value, rank, "kernel_size").
      let tuple: number[];
      if (typeof raw === 'number' && Number.isInteger(raw)) tuple = new Array<number>(rank).fill(raw);
      else if (Array.isArray(raw)) {
        if (raw.length !== rank) throw kernelSizeError(raw, rank);
        for (const v of raw) {
          if (typeof v !== 'number' || !Number.isInteger(v)) {
            throw kernelSizeError(raw, rank, `including element ${pyRepr(v)} of type <class '${typeName(v)}'>`);
          }
        }
        tuple = [...(raw as number[])];
      } else throw kernelSizeError(raw, rank);
      const bad = [...new Set(tuple.filter((v) => v <= 0))];
      if (bad.length > 0) throw kernelSizeError(raw, rank, `, including values {${bad.join(', ')}} that do not satisfy \`value > 0\``);
      values[spec.name] = tuple;
    }
  }
  const reader: ArgReader = {
    int: (name) => values[name] as number,
    ints: (name) => values[name] as number[],
    bool: (name) => values[name] as boolean,
  };
  return { values, reader };
}

/** The LSTM `unit_forget_bias` initializer: concat(init((units,)), ones((units,)), init((2·units,))). */
function unitForgetBiasParts(initializer: KerasInitializer, units: number): LayerVariablePart[] {
  // Keras calls self.bias_initializer twice: a SeedGenerator seed advances between the calls.
  return [
    { initializer, shape: [units], callIndex: 0 },
    { initializer: createInitializer('Ones'), shape: [units], callIndex: 0 },
    { initializer, shape: [2 * units], callIndex: 1 },
  ];
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
  const { values, reader } = readArgs(def, args as Record<string, unknown>);
  def.validate?.(reader);
  const seed = options.seed;
  if (seed !== undefined && (!Number.isSafeInteger(seed) || seed < 0 || seed >= UINT32_LIMIT)) {
    throw new CoreError('INVALID_SEED', `The layer seed must be an integer in [0, ${UINT32_LIMIT - 1}]; received ${String(seed)}.`);
  }
  const present = def.variables.filter((v) => v.present(reader));
  const initializers = present.map((v) => {
    const spec = def.args.find((a) => a.name === v.initializerArg);
    const given = args[v.initializerArg];
    try {
      return initializerFromValue(given ?? spec?.default);
    } catch (e) {
      if (e instanceof CoreError) throw new CoreError(e.code, `\`${v.initializerArg}\`: ${e.message}`, e.kerasType);
      throw e;
    }
  });
  const needsSeed = initializers.some((i) => hasNoSeed(i));
  const base = needsSeed ? (seed ?? drawDefaultSeed()) : seed;
  const variables = present.map((v, index): LayerVariable => {
    let initializer = initializers[index];
    const seedAssigned = hasNoSeed(initializer);
    if (seedAssigned) {
      const s = (base as number) + index;
      if (s >= UINT32_LIMIT) {
        throw new CoreError(
          'INVALID_SEED',
          `Seed ${base} + ${index} for variable '${v.name}' exceeds ${UINT32_LIMIT - 1}; choose a base seed below ${UINT32_LIMIT - present.length}.`,
        );
      }
      initializer = withSeed(initializer, s);
    }
    const shape = v.shape(reader);
    const unitForget = resolved === 'LSTM' && v.name === 'bias' && reader.bool('unit_forget_bias');
    return {
      name: v.name,
      index,
      shape,
      trainable: v.trainable,
      initializerArg: v.initializerArg,
      initializer,
      seedAssigned,
      parts: unitForget ? unitForgetBiasParts(initializer, reader.int('units')) : [{ initializer, shape, callIndex: 0 }],
      ...(unitForget ? { note: 'unit_forget_bias: concat(bias_initializer((units,)), ones((units,)), bias_initializer((2*units,)))' } : {}),
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
  let buildShape: string;
  switch (weights.className) {
    case 'Dense':
      positional = [String(a.units)];
      put('use_bias', a.use_bias, true);
      buildShape = `(None, ${String(a.input_dim)})`;
      break;
    case 'Conv1D':
    case 'Conv2D':
    case 'Conv3D': {
      positional = [String(a.filters), pythonLiteral(a.kernel_size)];
      put('groups', a.groups, 1);
      put('use_bias', a.use_bias, true);
      const rank = (a.kernel_size as readonly number[]).length;
      buildShape = `(None, ${'None, '.repeat(rank)}${String(a.input_channels)})`;
      break;
    }
    case 'DepthwiseConv2D':
      positional = [pythonLiteral(a.kernel_size)];
      put('depth_multiplier', a.depth_multiplier, 1);
      put('use_bias', a.use_bias, true);
      buildShape = `(None, None, None, ${String(a.input_channels)})`;
      break;
    case 'Embedding':
      positional = [String(a.input_dim), String(a.output_dim)];
      buildShape = '';
      break;
    case 'LSTM':
    case 'GRU':
      positional = [String(a.units)];
      put('use_bias', a.use_bias, true);
      put('unit_forget_bias', a.unit_forget_bias, true);
      put('reset_after', a.reset_after, true);
      buildShape = `(None, None, ${String(a.input_dim)})`;
      break;
    case 'BatchNormalization':
      put('center', a.center, true);
      put('scale', a.scale, true);
      buildShape = `(None, ${String(a.input_dim)})`;
      break;
  }
  return `layer = ${qualifier}${weights.className}(${[...positional, ...kw].join(', ')})\nlayer.build(${buildShape})`;
}

function pythonLiteral(value: unknown): string {
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (Array.isArray(value)) return pyShape(value as number[]);
  return String(value);
}
