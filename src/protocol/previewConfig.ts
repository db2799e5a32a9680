/**
 * What the preview shows, as plain JSON shared by the host and the webview: the configuration (an
 * initializer with its arguments, shape, dtype, seed and sample size), the view options, the state the
 * webview persists, and the patch the host sends when a command or the cursor picks an initializer.
 * Each has a guard; the guards check types and safety bounds only. Whether Keras accepts the values
 * (scale > 0, a known mode...) is the core's business: the panel shows Keras's own message.
 */
import {
  ACTIVATIONS,
  CLASS_NAMES,
  SUPPORTED_DTYPES,
  SeedGenerator,
  registryEntry,
  type Activation,
  type ArgSpec,
  type ClassName,
  type DType,
} from '../core/index';
import {
  hasExactKeys,
  isArrayOf,
  isBoolean,
  isBoundedString,
  isFiniteNumber,
  isIntegerIn,
  isOneOf,
  isPlainRecord,
  own,
  variantGuard,
  type VariantGuards,
} from './guards';

// --- limits ---

/** Largest rank a shape may have in the panel (Keras kernels are rank ≤ 5). */
export const MAX_RANK = 8;
/** Largest dimension (numpy's intp on 32-bit platforms; far beyond any preview). */
export const MAX_DIMENSION = 2 ** 31 - 1;
/** Bounds of the number of values the panel samples (the first values of the tensor). */
export const SAMPLE_SIZE_MIN = 1_000;
export const SAMPLE_SIZE_MAX = 1_000_000;
export const SAMPLE_SIZE_DEFAULT = 1_000_000;
/** Seeds are Python ints; beyond 2**53 they would not survive JSON exactly (numpy rejects them anyway). */
export const SEED_LIMIT = Number.MAX_SAFE_INTEGER;
/** The SeedGenerator's counter is a uint32 word. */
export const CALL_INDEX_MAX = 2 ** 32 - 1;
/** Longest string argument (mode, distribution, window names are short). */
export const MAX_STRING_ARG = 64;
/** Longest `shapeSource` text. */
export const MAX_SHAPE_SOURCE = 500;
/** Longest axes list (input_axes / output_axes). */
export const MAX_AXES = MAX_RANK;

/** Activation-propagation bounds: layers, units per layer, probe batch rows. */
export const PROPAGATION_LIMITS = {
  depth: { min: 1, max: 50, default: 10 },
  width: { min: 8, max: 1024, default: 256 },
  batch: { min: 8, max: 1024, default: 256 },
} as const;

// --- types ---

/** A constructor argument's value, as JSON: floats, bools, enum strings or None, axes lists. */
export type ArgValue = number | boolean | string | null | readonly number[];

/**
 * The seed of a random initializer. `int`: `seed=value`, the same values on every call. `generator`:
 * `seed=keras.random.SeedGenerator(value)`, whose call `callIndex` (from 0) is shown.
 */
export type SeedSetting =
  { readonly kind: 'int'; readonly value: number } | { readonly kind: 'generator'; readonly value: number; readonly callIndex: number };

export interface PreviewConfig {
  readonly className: ClassName;
  /** Every constructor argument but `seed`, by Keras name (the reducer fills the registry's defaults). */
  readonly args: Readonly<Record<string, ArgValue>>;
  readonly seed: SeedSetting;
  readonly shape: readonly number[];
  readonly dtype: DType;
  /** How many of the tensor's first values are sampled, in [SAMPLE_SIZE_MIN, SAMPLE_SIZE_MAX]. */
  readonly sampleSize: number;
  /**
   * Where `shape` comes from when it is a layer's weight in the user's model, e.g.
   * "fan_in 784: `keras.Input(shape=(784,))` on line 2". Absent once the shape is changed in the panel.
   */
  readonly shapeSource?: string;
}

export type CodeStyle = 'auto' | 'keras' | 'tf.keras';
export type InputDistributionName = 'normal' | 'uniform';

export interface PropagationSettings {
  /** Whether the section is open (it computes only then). */
  readonly open: boolean;
  readonly depth: number;
  readonly width: number;
  readonly batch: number;
  readonly activation: Activation;
  readonly input: InputDistributionName;
  /** The initializer compared with the configured one (its defaults, the same seed). */
  readonly compareWith: ClassName;
}

export interface ViewSettings {
  readonly logScale: boolean;
  readonly codeStyle: CodeStyle;
  readonly propagation: PropagationSettings;
}

/** What the webview persists with setState and what a restored panel starts from. */
export interface PreviewState {
  readonly version: 1;
  readonly config: PreviewConfig;
  readonly followCursor: boolean;
  readonly view: ViewSettings;
}

/**
 * A configuration picked outside the panel (a command argument, the initializer under the cursor).
 * Arguments not listed take the registry's defaults; absent fields keep the panel's values; a `null`
 * dimension is one the source does not know (e.g. a Dense kernel's input size).
 */
export interface ConfigPatch {
  readonly className: ClassName;
  readonly args: Readonly<Record<string, ArgValue>>;
  readonly shape?: readonly (number | null)[];
  readonly dtype?: DType;
  readonly seed?: SeedSetting;
  /** Where `shape` comes from in the user's model (see PreviewConfig.shapeSource). */
  readonly shapeSource?: string;
}

export const CODE_STYLES: readonly CodeStyle[] = ['auto', 'keras', 'tf.keras'];
export const INPUT_DISTRIBUTIONS: readonly InputDistributionName[] = ['normal', 'uniform'];

// --- defaults ---

/** The registry's defaults for every argument of `className` but `seed`. */
export function defaultArgs(className: ClassName): Record<string, ArgValue> {
  const args: Record<string, ArgValue> = {};
  for (const spec of configurableArgs(className)) args[spec.name] = spec.default;
  return args;
}

/** The arguments the panel edits: the constructor's, without `seed` (the seed has its own control). */
export function configurableArgs(className: ClassName): readonly ArgSpec[] {
  const entry = registryEntry(className);
  return entry ? entry.args.filter((a) => a.type !== 'seed') : [];
}

/** Whether `className`'s values depend on a seed. */
export function isSeeded(className: ClassName): boolean {
  return registryEntry(className)?.seeded ?? false;
}

/**
 * The keyword arguments `keras.initializers.<className>(**kwargs)` gets for a configuration: its args
 * plus, for a random initializer, `seed=` as an int or a `SeedGenerator(seed)`.
 */
export function initializerKwargs(config: PreviewConfig): Record<string, unknown> {
  const kwargs: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(config.args)) kwargs[name] = Array.isArray(value) ? [...value] : value;
  if (isSeeded(config.className)) {
    kwargs.seed = config.seed.kind === 'int' ? config.seed.value : new SeedGenerator({ seed: config.seed.value });
  }
  return kwargs;
}

export function defaultConfig(sampleSize: number = SAMPLE_SIZE_DEFAULT): PreviewConfig {
  // GlorotUniform is Keras's default kernel initializer; 784 → 256 is the classic first Dense layer.
  return {
    className: 'GlorotUniform',
    args: defaultArgs('GlorotUniform'),
    seed: { kind: 'int', value: 42 },
    shape: [784, 256],
    dtype: 'float32',
    sampleSize: clampSampleSize(sampleSize),
  };
}

export function defaultView(): ViewSettings {
  return {
    logScale: false,
    codeStyle: 'auto',
    propagation: {
      open: false,
      depth: PROPAGATION_LIMITS.depth.default,
      width: PROPAGATION_LIMITS.width.default,
      batch: PROPAGATION_LIMITS.batch.default,
      activation: 'relu',
      input: 'normal',
      compareWith: 'HeNormal',
    },
  };
}

export function defaultState(options: { sampleSize?: number; followCursor?: boolean } = {}): PreviewState {
  return {
    version: 1,
    config: defaultConfig(options.sampleSize ?? SAMPLE_SIZE_DEFAULT),
    followCursor: options.followCursor ?? false,
    view: defaultView(),
  };
}

/** A sample size brought into [SAMPLE_SIZE_MIN, SAMPLE_SIZE_MAX] (non-numbers give the default). */
export function clampSampleSize(value: number): number {
  if (!Number.isFinite(value)) return SAMPLE_SIZE_DEFAULT;
  return Math.min(SAMPLE_SIZE_MAX, Math.max(SAMPLE_SIZE_MIN, Math.round(value)));
}

// --- guards ---

export function isClassName(value: unknown): value is ClassName {
  return isOneOf(value, CLASS_NAMES);
}

export function isDType(value: unknown): value is DType {
  return isOneOf(value, SUPPORTED_DTYPES);
}

function isAxis(value: unknown): value is number {
  return isIntegerIn(value, -MAX_RANK * 8, MAX_RANK * 8);
}

/** A value of the right JSON type for the argument's registry type. */
export function isArgValueFor(spec: ArgSpec, value: unknown): value is ArgValue {
  switch (spec.type) {
    case 'float':
      return isFiniteNumber(value);
    case 'bool':
      return isBoolean(value);
    case 'enum':
    case 'window':
      return value === null || isBoundedString(value, MAX_STRING_ARG);
    case 'axes':
      return value === null || isArrayOf(value, MAX_AXES, isAxis);
    case 'seed':
      return false;
  }
}

/** Arguments of `className`: only its own keyword names (never `seed`), each of the right type. */
export function isArgsFor(className: ClassName, value: unknown): value is Record<string, ArgValue> {
  if (!isPlainRecord(value)) return false;
  const specs = configurableArgs(className);
  for (const key of Object.keys(value)) {
    const spec = specs.find((s) => s.name === key);
    if (!spec || !isArgValueFor(spec, own(value, key))) return false;
  }
  return true;
}

const SEED_SETTING_GUARDS: VariantGuards<SeedSetting, 'kind'> = {
  int: (value) => hasExactKeys(value, ['kind', 'value']) && isIntegerIn(value.value, -SEED_LIMIT, SEED_LIMIT),
  generator: (value) =>
    hasExactKeys(value, ['kind', 'value', 'callIndex']) &&
    isIntegerIn(value.value, -SEED_LIMIT, SEED_LIMIT) &&
    isIntegerIn(value.callIndex, 0, CALL_INDEX_MAX),
};

export const isSeedSetting: (value: unknown) => value is SeedSetting = variantGuard('kind', SEED_SETTING_GUARDS);

function isDimension(value: unknown): value is number {
  return isIntegerIn(value, 0, MAX_DIMENSION);
}

function isDimensionOrNull(value: unknown): value is number | null {
  return value === null || isDimension(value);
}

/** A shape the panel accepts: rank ≤ MAX_RANK, non-negative integer dimensions, a safe element count. */
export function isShape(value: unknown): value is number[] {
  if (!isArrayOf(value, MAX_RANK, isDimension)) return false;
  let size = 1;
  for (const d of value) size *= d;
  return size <= Number.MAX_SAFE_INTEGER;
}

/** An absent or bounded `shapeSource` text. */
export function isShapeSource(value: unknown): value is string | undefined {
  return value === undefined || isBoundedString(value, MAX_SHAPE_SOURCE);
}

export function isPreviewConfig(value: unknown): value is PreviewConfig {
  if (!hasExactKeys(value, ['className', 'args', 'seed', 'shape', 'dtype', 'sampleSize'], ['shapeSource'])) return false;
  return (
    isShapeSource(own(value, 'shapeSource')) &&
    isClassName(value.className) &&
    isArgsFor(value.className, value.args) &&
    isSeedSetting(value.seed) &&
    isShape(value.shape) &&
    isDType(value.dtype) &&
    isIntegerIn(value.sampleSize, SAMPLE_SIZE_MIN, SAMPLE_SIZE_MAX)
  );
}

function inLimits(value: unknown, limits: { readonly min: number; readonly max: number }): value is number {
  return isIntegerIn(value, limits.min, limits.max);
}

export function isPropagationSettings(value: unknown): value is PropagationSettings {
  if (!hasExactKeys(value, ['open', 'depth', 'width', 'batch', 'activation', 'input', 'compareWith'])) return false;
  return (
    isBoolean(value.open) &&
    inLimits(value.depth, PROPAGATION_LIMITS.depth) &&
    inLimits(value.width, PROPAGATION_LIMITS.width) &&
    inLimits(value.batch, PROPAGATION_LIMITS.batch) &&
    isOneOf(value.activation, ACTIVATIONS) &&
    isOneOf(value.input, INPUT_DISTRIBUTIONS) &&
    isClassName(value.compareWith)
  );
}

export function isViewSettings(value: unknown): value is ViewSettings {
  return (
    hasExactKeys(value, ['logScale', 'codeStyle', 'propagation']) &&
    isBoolean(value.logScale) &&
    isOneOf(value.codeStyle, CODE_STYLES) &&
    isPropagationSettings(value.propagation)
  );
}

export function isPreviewState(value: unknown): value is PreviewState {
  return (
    hasExactKeys(value, ['version', 'config', 'followCursor', 'view']) &&
    value.version === 1 &&
    isPreviewConfig(value.config) &&
    isBoolean(value.followCursor) &&
    isViewSettings(value.view)
  );
}

export function isConfigPatch(value: unknown): value is ConfigPatch {
  if (!hasExactKeys(value, ['className', 'args'], ['shape', 'dtype', 'seed', 'shapeSource'])) return false;
  if (!isShapeSource(own(value, 'shapeSource'))) return false;
  if (!isClassName(value.className) || !isArgsFor(value.className, value.args)) return false;
  if (own(value, 'shape') !== undefined && !isArrayOf(value.shape, MAX_RANK, isDimensionOrNull)) return false;
  if (own(value, 'dtype') !== undefined && !isDType(value.dtype)) return false;
  if (own(value, 'seed') !== undefined && !isSeedSetting(value.seed)) return false;
  return true;
}

/** Restored state (from `getState()` or the serializer) when it is valid, else undefined (the panel then starts fresh). */
export function parsePreviewState(value: unknown): PreviewState | undefined {
  return isPreviewState(value) ? value : undefined;
}

/** Structural equality of two JSON values (configs, patches): same keys, same values, same order of array items. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((v, i) => jsonEqual(v, b[i]));
  }
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every(
    (k) => Object.prototype.hasOwnProperty.call(b, k) && jsonEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]),
  );
}
