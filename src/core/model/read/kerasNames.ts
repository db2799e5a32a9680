/**
 * What a dotted name from outside the file means to the reader: `tf.keras.layers.Dense`,
 * `keras.models.Sequential`, `keras.initializers.HeNormal`... All Keras spellings are first brought
 * to the public `keras.` namespace (tf.keras, tf_keras and keras.api re-export the same objects).
 */
import { APPLICATION_NAMES } from './applicationNames';

const KERAS_PREFIXES: readonly [string, string][] = [
  ['tensorflow.keras.', 'keras.'],
  ['tensorflow.python.keras.', 'keras.'],
  ['keras._tf_keras.keras.', 'keras.'],
  ['keras.api.', 'keras.'],
  ['tf_keras.', 'keras.'],
  ['keras.src.', 'keras.'],
];

/** The path in the public `keras.` namespace, or the path unchanged when it is not Keras. */
export function normalizeKerasPath(path: string): string {
  let normalized = normalizedPaths.get(path);
  if (normalized === undefined) {
    if (normalizedPaths.size >= MAX_CACHED_PATHS) normalizedPaths.clear();
    normalized = normalize(path);
    normalizedPaths.set(path, normalized);
  }
  return normalized;
}

const MAX_CACHED_PATHS = 8192;
const normalizedPaths = new Map<string, string>();

/**
 * `normalizeKerasPath(`${owner}.${name}`)` for an attribute of a path (`layers` + `Dense`): looked up
 * by the two strings the reader already holds, without building the joined one on every access.
 */
export function normalizeKerasAttribute(owner: string, name: string): string {
  let byName = attributePaths.get(owner);
  if (byName === undefined) {
    if (attributePaths.size >= MAX_CACHED_PATHS) attributePaths.clear();
    byName = new Map();
    attributePaths.set(owner, byName);
  }
  let path = byName.get(name);
  if (path === undefined) {
    path = normalizeKerasPath(`${owner}.${name}`);
    if (byName.size < MAX_CACHED_PATHS) byName.set(name, path);
  }
  return path;
}

const attributePaths = new Map<string, Map<string, string>>();

function normalize(path: string): string {
  for (const [prefix, replacement] of KERAS_PREFIXES) {
    if (path.startsWith(prefix)) return replacement + path.slice(prefix.length);
    if (path === prefix.slice(0, -1)) return replacement.slice(0, -1);
  }
  return path;
}

/** Modules whose capitalized attributes are layer classes. */
const LAYER_MODULES = new Set(['keras.layers', 'keras.layers.experimental', 'keras.layers.experimental.preprocessing']);

/** keras.layers functions that construct a merge layer and call it (`layers.add([a, b])`). */
export const MERGE_FUNCTIONS: ReadonlyMap<string, { className: string; positional: readonly string[] }> = new Map([
  ['add', { className: 'Add', positional: [] }],
  ['subtract', { className: 'Subtract', positional: [] }],
  ['multiply', { className: 'Multiply', positional: [] }],
  ['average', { className: 'Average', positional: [] }],
  ['maximum', { className: 'Maximum', positional: [] }],
  ['minimum', { className: 'Minimum', positional: [] }],
  ['concatenate', { className: 'Concatenate', positional: ['axis'] }],
  ['dot', { className: 'Dot', positional: ['axes'] }],
]);

/** The keras.ops functions `shapeOp` covers that keras.ops and tensorflow both name so. */
const SHAPE_OP_NAMES = [
  'matmul',
  'transpose',
  'expand_dims',
  'squeeze',
  'reshape',
  'stack',
  'tile',
  'one_hot',
  'einsum',
  'pad',
  'tensordot',
  'linspace',
  'take',
  'segment_sum',
  'segment_max',
] as const;
/** keras.ops.nn's and tf.nn's. */
const SPACE_OP_NAMES = ['depth_to_space', 'space_to_depth'] as const;

/** The ops `shapeOp` covers, by the name keras.ops gives them. */
export type ShapeOpName = (typeof SHAPE_OP_NAMES)[number] | (typeof SPACE_OP_NAMES)[number];

const SHAPE_OPS = new Set<string>(SHAPE_OP_NAMES);
const SPACE_OPS = new Set<string>(SPACE_OP_NAMES);

export type KerasSymbol =
  | { readonly kind: 'input' }
  | { readonly kind: 'inputLayer' }
  | { readonly kind: 'sequential' }
  | { readonly kind: 'model' }
  | { readonly kind: 'baseLayer' }
  | { readonly kind: 'layer'; readonly className: string }
  | { readonly kind: 'merge'; readonly name: string }
  | { readonly kind: 'initializer'; readonly name: string }
  | { readonly kind: 'optimizer'; readonly className: string }
  | { readonly kind: 'activation'; readonly name: string }
  | { readonly kind: 'intShape' }
  | { readonly kind: 'arange' }
  | { readonly kind: 'concatenate' }
  | { readonly kind: 'reduce'; readonly name: string }
  /** An elementwise function of two tensors or numbers (`keras.ops.maximum`): the broadcast shape. */
  | { readonly kind: 'elementwise2'; readonly name: string }
  /** A function whose output shape follows from its tensor's and its arguments (`keras.ops.matmul`). */
  | { readonly kind: 'shapeOp'; readonly name: ShapeOpName }
  | { readonly kind: 'random'; readonly name: string }
  /** `keras.Variable(initializer, shape, dtype, trainable, ..., name)`: a layer tracks it as a weight. */
  | { readonly kind: 'variable' }
  /** A keras.applications builder (`keras.applications.VGG19`): a model the reader does not build. */
  | { readonly kind: 'application'; readonly name: string };

/** The Keras object a normalized path names, or undefined. */
export function kerasSymbol(path: string): KerasSymbol | undefined {
  if (symbols.has(path)) return symbols.get(path);
  if (symbols.size >= MAX_CACHED_PATHS) symbols.clear();
  const symbol = findSymbol(path);
  symbols.set(path, symbol);
  return symbol;
}

const symbols = new Map<string, KerasSymbol | undefined>();

function findSymbol(path: string): KerasSymbol | undefined {
  const dot = path.lastIndexOf('.');
  if (dot < 0) return undefined;
  const module = path.slice(0, dot);
  const name = path.slice(dot + 1);
  if (name === 'Input' && (module === 'keras' || module === 'keras.layers')) return { kind: 'input' };
  if (name === 'InputLayer' && (module === 'keras' || module === 'keras.layers')) return { kind: 'inputLayer' };
  if (name === 'Sequential' && (module === 'keras' || module === 'keras.models')) return { kind: 'sequential' };
  if ((name === 'Model' || name === 'Functional') && (module === 'keras' || module === 'keras.models')) return { kind: 'model' };
  if (name === 'Layer' && (module === 'keras' || module === 'keras.layers')) return { kind: 'baseLayer' };
  if (name === 'int_shape' && module === 'keras.backend') return { kind: 'intShape' };
  if (name === 'Variable' && (module === 'keras' || module === 'keras.variables')) return { kind: 'variable' };
  // On a symbolic tensor keras.ops.shape is its static shape (None where unknown).
  if (name === 'shape' && module === 'keras.ops') return { kind: 'intShape' };
  if (name === 'arange' && module === 'keras.ops') return { kind: 'arange' };
  // Random tensors of a given shape: keras.random.normal(shape), tf.random.normal(shape),
  // tf.keras.backend.random_normal(shape).
  if ((module === 'keras.random' || module === 'tensorflow.random') && /^(normal|uniform|truncated_normal)$/.test(name)) {
    return { kind: 'random', name };
  }
  if (module === 'keras.backend' && /^random_(normal|uniform)$/.test(name)) return { kind: 'random', name };
  if (module === 'keras.ops') {
    if (name === 'concatenate') return { kind: 'concatenate' };
    if (/^(sum|mean|max|min|prod|any|all|std|var|argmax|argmin|logsumexp)$/.test(name)) return { kind: 'reduce', name };
    // Elementwise functions of one tensor, and scans along an axis: the output has the input's shape.
    if (
      /^(abs|absolute|exp|expm1|log|log1p|sqrt|rsqrt|square|negative|sign|floor|ceil|round|cos|sin|erf|reciprocal|cumsum|cumprod|clip|cast|stop_gradient|nan_to_num|logical_not|ones_like|zeros_like|full_like|convert_to_tensor)$/.test(
        name,
      )
    ) {
      return { kind: 'activation', name };
    }
  }
  if (module === 'tensorflow' && /^(cast|stop_gradient|clip_by_value|identity)$/.test(name)) return { kind: 'activation', name };
  if ((module === 'keras.ops' || module === 'tensorflow') && SHAPE_OPS.has(name)) return { kind: 'shapeOp', name: name as ShapeOpName };
  if (module === 'tensorflow.linalg' && (name === 'matmul' || name === 'einsum')) return { kind: 'shapeOp', name };
  if (module === 'keras.ops.nn' && name === 'one_hot') return { kind: 'shapeOp', name };
  if ((module === 'keras.ops' || module === 'keras.ops.nn' || module === 'tensorflow.nn') && SPACE_OPS.has(name)) {
    return { kind: 'shapeOp', name: name as ShapeOpName };
  }
  if (
    (module === 'keras.ops' || module === 'tensorflow.math' || module === 'tensorflow') &&
    /^(maximum|minimum|add|subtract|multiply|divide|true_divide|power|squared_difference)$/.test(name)
  ) {
    return { kind: 'elementwise2', name };
  }
  if (LAYER_MODULES.has(module)) {
    if (MERGE_FUNCTIONS.has(name)) return { kind: 'merge', name };
    if (/^[A-Z]/.test(name)) return { kind: 'layer', className: name };
    return undefined;
  }
  if ((module === 'keras.applications' || module.startsWith('keras.applications.')) && Object.hasOwn(APPLICATION_NAMES, name)) {
    return { kind: 'application', name };
  }
  if (module === 'keras.initializers') return { kind: 'initializer', name };
  if (module === 'keras.optimizers' || module === 'keras.optimizers.legacy') return { kind: 'optimizer', className: name };
  if (module === 'keras.activations' || module === 'tensorflow.nn' || module === 'keras.ops' || module === 'tensorflow.math') {
    if (
      module === 'keras.activations' ||
      /^(relu|relu6|elu|selu|gelu|sigmoid|tanh|softmax|softplus|softsign|swish|silu|leaky_relu|log_softmax)$/.test(name)
    ) {
      return { kind: 'activation', name };
    }
  }
  return undefined;
}

/** Every optimizer's own arguments, then BaseOptimizer's (keras/src/optimizers/*.py, Keras 3.16). */
const OPTIMIZER_OWN_PARAMETERS: Readonly<Record<string, readonly string[]>> = {
  Adadelta: ['learning_rate', 'rho', 'epsilon'],
  Adafactor: ['learning_rate', 'beta_2_decay', 'epsilon_1', 'epsilon_2', 'clip_threshold', 'relative_step'],
  Adagrad: ['learning_rate', 'initial_accumulator_value', 'epsilon'],
  Adam: ['learning_rate', 'beta_1', 'beta_2', 'epsilon', 'amsgrad'],
  AdamW: ['learning_rate', 'weight_decay', 'beta_1', 'beta_2', 'epsilon', 'amsgrad'],
  Adamax: ['learning_rate', 'beta_1', 'beta_2', 'epsilon'],
  Ftrl: [
    'learning_rate',
    'learning_rate_power',
    'initial_accumulator_value',
    'l1_regularization_strength',
    'l2_regularization_strength',
    'l2_shrinkage_regularization_strength',
    'beta',
  ],
  Lamb: ['learning_rate', 'beta_1', 'beta_2', 'epsilon'],
  Lion: ['learning_rate', 'beta_1', 'beta_2'],
  Nadam: ['learning_rate', 'beta_1', 'beta_2', 'epsilon'],
  RMSprop: ['learning_rate', 'rho', 'momentum', 'epsilon', 'centered'],
  SGD: ['learning_rate', 'momentum', 'nesterov'],
};

const BASE_OPTIMIZER_PARAMETERS = [
  'weight_decay',
  'clipnorm',
  'clipvalue',
  'global_clipnorm',
  'use_ema',
  'ema_momentum',
  'ema_overwrite_frequency',
  'loss_scale_factor',
  'gradient_accumulation_steps',
  'name',
];

/** The arguments `keras.optimizers.<className>` takes, in positional order, or undefined for one not listed. */
export function optimizerParameters(className: string): readonly string[] | undefined {
  const own = Object.hasOwn(OPTIMIZER_OWN_PARAMETERS, className) ? OPTIMIZER_OWN_PARAMETERS[className] : undefined;
  return own === undefined ? undefined : [...own, ...BASE_OPTIMIZER_PARAMETERS.filter((p) => !own.includes(p))];
}

/** The optimizer class a string identifier names (`"adam"` → `Adam`), as keras.optimizers.get finds it. */
export function optimizerClassName(identifier: string): string | undefined {
  const lower = identifier.toLowerCase();
  return Object.keys(OPTIMIZER_OWN_PARAMETERS).find((k) => k.toLowerCase() === lower);
}
