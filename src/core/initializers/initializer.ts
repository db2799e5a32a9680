/**
 * Initializer objects: what `keras.initializers.X(**kwargs)` constructs, with Keras 3's
 * constructor validation (order and messages) and `get_config()` (keys and key order).
 * An initializer is plain data plus `getConfig()`; sampling lives in sample.ts.
 */
import { CoreError } from '../errors';
import type { ClassName } from './names';
import { pyFloatRepr, pyRepr, pySet, pyStr } from './pyFormat';
import { resolveInitializerSeed, SeedGenerator, type ResolvedSeed, type SerializedSeedGenerator } from './seed';
import { validateStftArgs, type StftScaling, type StftSide, type StftWindow } from './stft';

/** A JSON value, as Keras configs hold them. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** A `get_config()` dict. */
export type KerasConfig = { [key: string]: JsonValue };

/** Every class `keras.initializers.get` can return: the 16 initializers and the base `Initializer`. */
export type InitializerClassName = ClassName | 'Initializer';

export type VarianceScalingMode = 'fan_in' | 'fan_out' | 'fan_avg';
export type VarianceScalingDistribution = 'truncated_normal' | 'untruncated_normal' | 'uniform';

/** What `seed=` accepts: an int (a bool is an int), None, a SeedGenerator or its serialized dict. */
export type SeedArg = number | boolean | null | SeedGenerator | SerializedSeedGenerator;

/** Constructor keyword arguments of each class, named as in Python (and in Keras configs). */
export interface InitializerKwargs {
  Initializer: Record<string, never>;
  Zeros: Record<string, never>;
  Ones: Record<string, never>;
  Constant: { value?: number | boolean };
  Identity: { gain?: number };
  RandomNormal: { mean?: number; stddev?: number; seed?: SeedArg };
  TruncatedNormal: { mean?: number; stddev?: number; seed?: SeedArg };
  RandomUniform: { minval?: number; maxval?: number; seed?: SeedArg };
  VarianceScaling: {
    scale?: number;
    mode?: VarianceScalingMode;
    distribution?: VarianceScalingDistribution | 'normal' | string;
    seed?: SeedArg;
    input_axes?: readonly number[] | null;
    output_axes?: readonly number[] | null;
  };
  GlorotNormal: PresetKwargs;
  GlorotUniform: PresetKwargs;
  HeNormal: PresetKwargs;
  HeUniform: PresetKwargs;
  LecunNormal: PresetKwargs;
  LecunUniform: PresetKwargs;
  Orthogonal: { gain?: number; seed?: SeedArg };
  STFT: { side?: StftSide; window?: StftWindow; scaling?: StftScaling; periodic?: boolean };
}

export interface PresetKwargs {
  seed?: SeedArg;
  input_axes?: readonly number[] | null;
  output_axes?: readonly number[] | null;
}

/** The sampling rule of an initializer, after Keras's constructor normalisation. */
export type InitializerSpec =
  | { readonly family: 'base' }
  | { readonly family: 'zeros' }
  | { readonly family: 'ones' }
  | { readonly family: 'constant'; readonly value: number }
  | { readonly family: 'identity'; readonly gain: number }
  | { readonly family: 'random_normal'; readonly mean: number; readonly stddev: number }
  | { readonly family: 'truncated_normal'; readonly mean: number; readonly stddev: number }
  | { readonly family: 'random_uniform'; readonly minval: number; readonly maxval: number }
  | {
      readonly family: 'variance_scaling';
      readonly scale: number;
      readonly mode: VarianceScalingMode;
      readonly distribution: VarianceScalingDistribution;
      readonly inputAxes: readonly number[] | null;
      readonly outputAxes: readonly number[] | null;
    }
  | { readonly family: 'orthogonal'; readonly gain: number }
  | {
      readonly family: 'stft';
      readonly side: StftSide;
      readonly window: StftWindow;
      readonly scaling: StftScaling;
      readonly periodic: boolean;
    }
  | { readonly family: 'tensor'; readonly values: Float64Array; readonly shape: readonly number[] };

/** An initializer instance. */
export interface KerasInitializer {
  /** The Keras class (`'Tensor'` for an array given directly to `get`). */
  readonly className: InitializerClassName | 'Tensor';
  readonly spec: InitializerSpec;
  /** `get_config()`, frozen. */
  readonly config: Readonly<KerasConfig>;
  /** How the seed resolves (random initializers only). */
  readonly seed: ResolvedSeed | undefined;
  /**
   * The integer seed in use: the int given, the SeedGenerator's seed, or for `seed=None` the value
   * drawn at construction (pass it as `seed` to reproduce these numbers). Undefined if not random.
   */
  readonly resolvedSeed: number | undefined;
  /** `get_config()`: a fresh copy, keys in Keras's order. */
  getConfig(): KerasConfig;
}

/** Presets of VarianceScaling (keras/src/initializers/random_initializers.py). */
export const VARIANCE_SCALING_PRESETS = {
  GlorotUniform: { scale: 1.0, mode: 'fan_avg', distribution: 'uniform' },
  GlorotNormal: { scale: 1.0, mode: 'fan_avg', distribution: 'truncated_normal' },
  LecunUniform: { scale: 1.0, mode: 'fan_in', distribution: 'uniform' },
  LecunNormal: { scale: 1.0, mode: 'fan_in', distribution: 'truncated_normal' },
  HeUniform: { scale: 2.0, mode: 'fan_in', distribution: 'uniform' },
  HeNormal: { scale: 2.0, mode: 'fan_in', distribution: 'truncated_normal' },
} as const satisfies Record<string, { scale: number; mode: VarianceScalingMode; distribution: VarianceScalingDistribution }>;

export type PresetName = keyof typeof VARIANCE_SCALING_PRESETS;

export function isPreset(name: string): name is PresetName {
  return Object.prototype.hasOwnProperty.call(VARIANCE_SCALING_PRESETS, name);
}

/** Keyword arguments each constructor takes, in signature order. */
export const CONSTRUCTOR_ARGS: Readonly<Record<InitializerClassName, readonly string[]>> = {
  Initializer: [],
  Zeros: [],
  Ones: [],
  Constant: ['value'],
  Identity: ['gain'],
  RandomNormal: ['mean', 'stddev', 'seed'],
  TruncatedNormal: ['mean', 'stddev', 'seed'],
  RandomUniform: ['minval', 'maxval', 'seed'],
  VarianceScaling: ['scale', 'mode', 'distribution', 'seed', 'input_axes', 'output_axes'],
  GlorotNormal: ['seed', 'input_axes', 'output_axes'],
  GlorotUniform: ['seed', 'input_axes', 'output_axes'],
  HeNormal: ['seed', 'input_axes', 'output_axes'],
  HeUniform: ['seed', 'input_axes', 'output_axes'],
  LecunNormal: ['seed', 'input_axes', 'output_axes'],
  LecunUniform: ['seed', 'input_axes', 'output_axes'],
  Orthogonal: ['gain', 'seed'],
  STFT: ['side', 'window', 'scaling', 'periodic'],
};

function deepCopy<T extends JsonValue>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

function deepFreeze<T>(v: T): T {
  if (typeof v === 'object' && v !== null && !Object.isFrozen(v)) {
    Object.freeze(v);
    for (const child of Object.values(v)) deepFreeze(child);
  }
  return v;
}

class Instance implements KerasInitializer {
  readonly config: Readonly<KerasConfig>;
  readonly resolvedSeed: number | undefined;

  constructor(
    readonly className: InitializerClassName | 'Tensor',
    readonly spec: InitializerSpec,
    config: KerasConfig,
    readonly seed: ResolvedSeed | undefined,
  ) {
    this.config = deepFreeze(deepCopy(config));
    this.resolvedSeed = seed?.seed;
  }

  getConfig(): KerasConfig {
    return deepCopy(this.config as KerasConfig);
  }
}

/** A Python scalar argument: a number, or a bool (Python's bool is an int). */
function numberArg(kwargs: Record<string, unknown>, name: string, fallback: number): { value: number; raw: JsonValue } {
  const raw = kwargs[name];
  if (raw === undefined) return { value: fallback, raw: fallback };
  if (typeof raw === 'number') return { value: raw, raw };
  if (typeof raw === 'boolean') return { value: Number(raw), raw };
  throw new CoreError(
    'INVALID_ARGUMENT',
    `Argument \`${name}\` must be a Python scalar (a number). Received: ${name}=${pyRepr(raw)}`,
    'TypeError',
  );
}

/** `input_axes` / `output_axes`: None or a list of integer axes. */
function axesArg(kwargs: Record<string, unknown>, name: string): readonly number[] | null {
  const raw = kwargs[name];
  if (raw === undefined || raw === null) return null;
  if (Array.isArray(raw) && raw.every((a) => typeof a === 'number' && Number.isInteger(a))) return [...(raw as number[])];
  throw new CoreError(
    'INVALID_ARGUMENT',
    `Argument \`${name}\` must be None or a list of integer axes. Received: ${name}=${pyRepr(raw)}`,
    'TypeError',
  );
}

function seedConfig(seedConfigValue: unknown): JsonValue {
  return seedConfigValue as JsonValue;
}

/** Python's TypeError for a keyword the constructor does not take. */
function checkKwargNames(className: InitializerClassName, kwargs: Record<string, unknown>): void {
  const allowed = CONSTRUCTOR_ARGS[className];
  for (const key of Object.keys(kwargs)) {
    if (!allowed.includes(key)) {
      throw new CoreError(
        'INVALID_ARGUMENT',
        `${className}.__init__() got an unexpected keyword argument '${key}'` +
          (allowed.length > 0 ? ` (${className} takes ${allowed.join(', ')})` : ` (${className} takes no arguments)`),
        'TypeError',
      );
    }
  }
}

function varianceScaling(
  scaleArg: { value: number; raw: JsonValue },
  mode: unknown,
  distribution: unknown,
  kwargs: Record<string, unknown>,
): { spec: InitializerSpec; normalizedDistribution: VarianceScalingDistribution; seed: ResolvedSeed; configSeed: JsonValue } {
  // Keras's order: scale, mode, distribution (lower-cased, "normal" → "truncated_normal"), seed.
  const scale = scaleArg.value;
  if (scale <= 0.0) {
    throw new CoreError(
      'INVALID_ARGUMENT',
      `Argument \`scale\` must be positive float. Received: scale=${pyFloatRepr(scale)}`,
      'ValueError',
    );
  }
  const modes = ['fan_in', 'fan_out', 'fan_avg'];
  if (typeof mode !== 'string' || !modes.includes(mode)) {
    throw new CoreError('INVALID_ARGUMENT', `Invalid \`mode\` argument: ${pyStr(mode)}. Please use one of ${pySet(modes)}`, 'ValueError');
  }
  if (typeof distribution !== 'string') {
    throw new CoreError(
      'INVALID_ARGUMENT',
      `'${distribution === null ? 'NoneType' : typeof distribution === 'number' ? (Number.isInteger(distribution) ? 'int' : 'float') : typeof distribution}' object has no attribute 'lower'`,
      'AttributeError',
    );
  }
  let dist = distribution.toLowerCase();
  if (dist === 'normal') dist = 'truncated_normal';
  const distributions = ['truncated_normal', 'untruncated_normal', 'uniform'];
  if (!distributions.includes(dist)) {
    // Keras's message has no space after the first period.
    throw new CoreError(
      'INVALID_ARGUMENT',
      `Invalid \`distribution\` argument: ${dist}.Please use one of ${pySet(distributions)}`,
      'ValueError',
    );
  }
  const inputAxes = axesArg(kwargs, 'input_axes');
  const outputAxes = axesArg(kwargs, 'output_axes');
  const { resolved, configSeed } = resolveInitializerSeed(kwargs.seed);
  return {
    spec: {
      family: 'variance_scaling',
      scale,
      mode: mode as VarianceScalingMode,
      distribution: dist as VarianceScalingDistribution,
      inputAxes,
      outputAxes,
    },
    normalizedDistribution: dist as VarianceScalingDistribution,
    seed: resolved,
    configSeed: seedConfig(configSeed),
  };
}

/**
 * `keras.initializers.<className>(**kwargs)`: validates as Keras's constructor does (same order,
 * same messages) and returns the initializer. Unknown keywords raise Python's TypeError.
 */
export function createInitializer<C extends InitializerClassName>(className: C, kwargs?: InitializerKwargs[C]): KerasInitializer;
export function createInitializer(className: InitializerClassName, kwargs?: Record<string, unknown>): KerasInitializer;
export function createInitializer(className: InitializerClassName, kwargs: Record<string, unknown> = {}): KerasInitializer {
  if (!Object.prototype.hasOwnProperty.call(CONSTRUCTOR_ARGS, className)) {
    throw new CoreError('UNKNOWN_INITIALIZER', `Could not interpret initializer identifier: ${pyStr(className)}`, 'ValueError');
  }
  if (typeof kwargs !== 'object' || kwargs === null || Array.isArray(kwargs)) {
    throw new CoreError(
      'INVALID_CONFIG',
      `Initializer arguments must be a dict of keyword arguments. Received: ${pyRepr(kwargs)}`,
      'TypeError',
    );
  }
  checkKwargNames(className, kwargs);
  switch (className) {
    case 'Initializer':
      return new Instance(className, { family: 'base' }, {}, undefined);
    case 'Zeros':
      return new Instance(className, { family: 'zeros' }, {}, undefined);
    case 'Ones':
      return new Instance(className, { family: 'ones' }, {}, undefined);
    case 'Constant': {
      const value = numberArg(kwargs, 'value', 0.0);
      return new Instance(className, { family: 'constant', value: value.value }, { value: value.raw }, undefined);
    }
    case 'Identity': {
      const gain = numberArg(kwargs, 'gain', 1.0);
      // Keras's Identity.get_config() is the base `{}`: the gain is not serialized.
      return new Instance(className, { family: 'identity', gain: gain.value }, {}, undefined);
    }
    case 'RandomNormal':
    case 'TruncatedNormal': {
      const mean = numberArg(kwargs, 'mean', 0.0);
      const stddev = numberArg(kwargs, 'stddev', 0.05);
      const { resolved, configSeed } = resolveInitializerSeed(kwargs.seed);
      const family = className === 'RandomNormal' ? 'random_normal' : 'truncated_normal';
      return new Instance(
        className,
        { family, mean: mean.value, stddev: stddev.value },
        { seed: seedConfig(configSeed), mean: mean.raw, stddev: stddev.raw },
        resolved,
      );
    }
    case 'RandomUniform': {
      const minval = numberArg(kwargs, 'minval', -0.05);
      const maxval = numberArg(kwargs, 'maxval', 0.05);
      const { resolved, configSeed } = resolveInitializerSeed(kwargs.seed);
      return new Instance(
        className,
        { family: 'random_uniform', minval: minval.value, maxval: maxval.value },
        { seed: seedConfig(configSeed), minval: minval.raw, maxval: maxval.raw },
        resolved,
      );
    }
    case 'VarianceScaling': {
      const scale = numberArg(kwargs, 'scale', 1.0);
      const vs = varianceScaling(
        scale,
        kwargs.mode === undefined ? 'fan_in' : kwargs.mode,
        kwargs.distribution === undefined ? 'truncated_normal' : kwargs.distribution,
        kwargs,
      );
      const spec = vs.spec as Extract<InitializerSpec, { family: 'variance_scaling' }>;
      return new Instance(
        className,
        spec,
        {
          seed: vs.configSeed,
          scale: scale.raw,
          mode: spec.mode,
          distribution: vs.normalizedDistribution,
          input_axes: spec.inputAxes as JsonValue,
          output_axes: spec.outputAxes as JsonValue,
        },
        vs.seed,
      );
    }
    case 'GlorotNormal':
    case 'GlorotUniform':
    case 'HeNormal':
    case 'HeUniform':
    case 'LecunNormal':
    case 'LecunUniform': {
      const preset = VARIANCE_SCALING_PRESETS[className];
      const vs = varianceScaling({ value: preset.scale, raw: preset.scale }, preset.mode, preset.distribution, kwargs);
      const spec = vs.spec as Extract<InitializerSpec, { family: 'variance_scaling' }>;
      return new Instance(
        className,
        spec,
        { seed: vs.configSeed, input_axes: spec.inputAxes as JsonValue, output_axes: spec.outputAxes as JsonValue },
        vs.seed,
      );
    }
    case 'Orthogonal': {
      const gain = numberArg(kwargs, 'gain', 1.0);
      const { resolved, configSeed } = resolveInitializerSeed(kwargs.seed);
      return new Instance(
        className,
        { family: 'orthogonal', gain: gain.value },
        { seed: seedConfig(configSeed), gain: gain.raw },
        resolved,
      );
    }
    case 'STFT': {
      const side = kwargs.side ?? 'real';
      const window = kwargs.window === undefined ? 'hann' : kwargs.window;
      const scaling = kwargs.scaling === undefined ? 'density' : kwargs.scaling;
      const periodic = kwargs.periodic ?? false;
      validateStftArgs(side, window, scaling);
      if (window !== null && typeof window !== 'string' && !Array.isArray(window)) {
        throw new CoreError(
          'INVALID_ARGUMENT',
          `Argument \`window\` must be a window name, a 1-D list of window values or None. Received: window=${pyRepr(window)}`,
          'TypeError',
        );
      }
      if (typeof periodic !== 'boolean') {
        throw new CoreError(
          'INVALID_ARGUMENT',
          `Argument \`periodic\` must be a bool. Received: periodic=${pyRepr(periodic)}`,
          'TypeError',
        );
      }
      const spec: InitializerSpec = {
        family: 'stft',
        side: side as StftSide,
        window: Array.isArray(window) ? [...(window as number[])] : (window as string | null),
        scaling: scaling as StftScaling,
        periodic,
      };
      return new Instance(
        className,
        spec,
        { side: spec.side, window: spec.window as JsonValue, periodic: spec.periodic, scaling: spec.scaling },
        undefined,
      );
    }
  }
  throw new CoreError('UNKNOWN_INITIALIZER', `Could not interpret initializer identifier: ${pyStr(className)}`, 'ValueError');
}

/** An initializer that returns a given tensor (what `keras.initializers.get(array)` makes). */
export function tensorInitializer(values: ArrayLike<number>, shape: readonly number[]): KerasInitializer {
  const count = shape.reduce((a, b) => a * b, 1);
  if (!shape.every((d) => Number.isInteger(d) && d >= 0) || count !== values.length) {
    throw new CoreError(
      'INVALID_SHAPE',
      `A tensor initializer needs ${count} values for shape ${JSON.stringify(shape)}; received ${values.length}.`,
    );
  }
  return new Instance('Tensor', { family: 'tensor', values: Float64Array.from(values), shape: [...shape] }, {}, undefined);
}

export function isKerasInitializer(value: unknown): value is KerasInitializer {
  return value instanceof Instance;
}
