/**
 * The preview's host-side logic that needs no VS Code API, so it is unit-tested in plain Node:
 * turning an initializer found in Python source, or an "Open Initializer Preview" command argument,
 * into a configuration patch; the debounce of editor → preview updates; the generate command's
 * argument.
 */
import {
  classForId,
  createInitializer,
  createSampleStream,
  getInitializer,
  serialize,
  type InitializerExpression,
  type PyValue,
  type SerializedInitializer,
} from '../core/index';
import { hasExactKeys, isIntegerIn, isPlainRecord, own } from '../protocol/guards';
import {
  MAX_DIMENSION,
  MAX_RANK,
  MAX_STRING_ARG,
  SEED_LIMIT,
  configurableArgs,
  initializerKwargs,
  isDType,
  isSeeded,
  type ArgValue,
  type ConfigPatch,
  type PreviewConfig,
  type SeedSetting,
} from '../protocol/previewConfig';

/** A patch and what could not be carried over (shown to the user as a note, never silently lost). */
export interface PatchResult {
  readonly patch: ConfigPatch;
  readonly notes: readonly string[];
}

function isSeedInt(value: unknown): value is number {
  return isIntegerIn(value, -SEED_LIMIT, SEED_LIMIT);
}

/** An argument value from Python/JSON as the panel types it, or undefined when it does not fit the registry type. */
function argValue(type: string, value: unknown): ArgValue | undefined {
  switch (type) {
    case 'float':
      // Python's bool is an int, and Keras takes it where a float is expected.
      if (typeof value === 'boolean') return Number(value);
      return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
    case 'bool':
      return typeof value === 'boolean' ? value : undefined;
    case 'enum':
    case 'window':
      return value === null || (typeof value === 'string' && value.length <= MAX_STRING_ARG) ? value : undefined;
    case 'axes':
      if (value === null) return null;
      return Array.isArray(value) && value.length <= MAX_RANK && value.every((a) => isIntegerIn(a, -64, 64))
        ? (value as number[])
        : undefined;
    default:
      return undefined;
  }
}

/** `SeedGenerator(3)`, `keras.random.SeedGenerator(seed=3)` written as a seed argument. */
export function seedGeneratorSeed(valueText: string): number | undefined {
  const m = /^(?:[A-Za-z_][\w.]*\.)?SeedGenerator\(\s*(?:seed\s*=\s*)?(\d+)\s*(?:,[^)]*)?\)$/.exec(valueText.trim());
  if (!m) return undefined;
  const n = Number(m[1]);
  return Number.isSafeInteger(n) ? n : undefined;
}

/** A JSON `seed` value: an int, or a serialized SeedGenerator (what `get_config` holds). */
function seedFromJson(value: unknown): SeedSetting | undefined {
  if (typeof value === 'boolean') return { kind: 'int', value: Number(value) };
  if (isSeedInt(value)) return { kind: 'int', value };
  if (isPlainRecord(value) && own(value, 'class_name') === 'SeedGenerator') {
    const config = own(value, 'config');
    const seed = isPlainRecord(config) ? own(config, 'seed') : undefined;
    if (isSeedInt(seed)) return { kind: 'generator', value: seed, callIndex: 0 };
  }
  return undefined;
}

/**
 * The patch for an initializer the Python reader found: its class, its literal arguments, the seed
 * (an int, or a literal `SeedGenerator(n)`), and the weight's shape and dtype when the layer tells them.
 * Undefined for a name Keras 3 does not know.
 */
export function patchFromInitializer(expression: InitializerExpression): PatchResult | undefined {
  const className = expression.className;
  if (className === undefined) return undefined;
  const notes: string[] = [];
  const args: Record<string, ArgValue> = {};
  for (const spec of configurableArgs(className)) {
    if (!Object.prototype.hasOwnProperty.call(expression.args, spec.name)) continue;
    const value = argValue(spec.type, expression.args[spec.name]);
    if (value === undefined) {
      notes.push(`${spec.name}=${JSON.stringify(expression.args[spec.name])} is not a valid ${spec.type} value: the default is shown`);
    } else args[spec.name] = value;
  }
  for (const name of expression.nonLiteral) {
    if (name !== 'seed') notes.push(`${name} is not a literal: its default is shown`);
  }
  let seed: SeedSetting | undefined;
  if (isSeeded(className)) {
    const raw: PyValue | undefined = expression.args.seed;
    if (typeof raw === 'boolean') seed = { kind: 'int', value: Number(raw) };
    else if (isSeedInt(raw)) seed = { kind: 'int', value: raw };
    else {
      const argument = expression.argList.find((a) => a.name === 'seed');
      const generatorSeed = argument ? seedGeneratorSeed(argument.valueText) : undefined;
      if (generatorSeed !== undefined) seed = { kind: 'generator', value: generatorSeed, callIndex: 0 };
      else if (argument && raw !== null) notes.push(`seed=${argument.valueText} is not a literal int: the panel's seed is kept`);
    }
  }
  const layer = expression.layer;
  const shape = layer?.shape?.map((d) => (d === undefined || !isIntegerIn(d, 0, MAX_DIMENSION) ? null : d));
  const dtype = layer?.args.dtype;
  const patch: ConfigPatch = {
    className,
    args,
    ...(shape !== undefined && shape.length <= MAX_RANK ? { shape } : {}),
    ...(isDType(dtype) ? { dtype } : {}),
    ...(seed !== undefined ? { seed } : {}),
  };
  return { patch, notes };
}

export type ArgumentResult =
  { readonly ok: true; readonly result: PatchResult | undefined } | { readonly ok: false; readonly error: string };

function configArgs(
  className: NonNullable<ReturnType<typeof classForId>>,
  config: Record<string, unknown>,
  notes: string[],
): Record<string, ArgValue> {
  const args: Record<string, ArgValue> = {};
  const specs = configurableArgs(className);
  for (const key of Object.keys(config)) {
    if (key === 'seed') continue;
    const spec = specs.find((s) => s.name === key);
    const value = spec ? argValue(spec.type, own(config, key)) : undefined;
    if (!spec) notes.push(`${className} takes no argument ${key}: ignored`);
    else if (value === undefined) {
      notes.push(`${key}=${JSON.stringify(own(config, key))} is not a valid ${spec.type} value: the default is shown`);
    } else args[key] = value;
  }
  return args;
}

/**
 * The optional argument of "Open Initializer Preview" (the hover's link passes one):
 * `{ initializer: "he_normal" | {"class_name", "config"}, shape?, dtype?, seed? }`, or just the id or
 * config. Undefined/null opens the panel as it is. Errors quote Keras where it has a message.
 */
export function patchFromCommandArgument(argument: unknown): ArgumentResult {
  if (argument === undefined || argument === null) return { ok: true, result: undefined };
  const wrapped = isPlainRecord(argument) && Object.prototype.hasOwnProperty.call(argument, 'initializer');
  if (wrapped && !hasExactKeys(argument, ['initializer'], ['shape', 'dtype', 'seed'])) {
    return {
      ok: false,
      error: `the preview takes { initializer, shape?, dtype?, seed? }; received the keys ${Object.keys(argument).join(', ')}`,
    };
  }
  const identifier = wrapped ? own(argument, 'initializer') : argument;
  const notes: string[] = [];
  let className: ReturnType<typeof classForId>;
  let args: Record<string, ArgValue> = {};
  let seed: SeedSetting | undefined;
  if (typeof identifier === 'string') {
    className = classForId(identifier);
  } else if (isPlainRecord(identifier) && typeof own(identifier, 'class_name') === 'string') {
    className = classForId(own(identifier, 'class_name') as string);
    const config = own(identifier, 'config') ?? {};
    if (className !== undefined) {
      if (!isPlainRecord(config)) {
        return { ok: false, error: `the config of ${className} must be a dict; received ${JSON.stringify(config)}` };
      }
      args = configArgs(className, config, notes);
      if (own(config, 'seed') !== undefined && own(config, 'seed') !== null) {
        seed = seedFromJson(own(config, 'seed'));
        if (seed === undefined) {
          notes.push(`seed=${JSON.stringify(own(config, 'seed'))} is not an int or a SeedGenerator: the panel's seed is kept`);
        }
      }
    }
  } else {
    return {
      ok: false,
      error: `the initializer must be an id such as "he_normal" or a config {"class_name": ..., "config": {...}}; received ${JSON.stringify(identifier) ?? String(identifier)}`,
    };
  }
  if (className === undefined) {
    // Keras's own words for an identifier it cannot interpret.
    try {
      getInitializer(identifier);
    } catch (e) {
      return { ok: false, error: e instanceof Error ? e.message : String(e) };
    }
    return { ok: false, error: `the preview cannot show ${JSON.stringify(identifier)}` };
  }
  let shape: (number | null)[] | undefined;
  let dtype: ConfigPatch['dtype'];
  if (wrapped) {
    const rawShape = own(argument, 'shape');
    if (rawShape !== undefined && rawShape !== null) {
      if (
        !Array.isArray(rawShape) ||
        rawShape.length > MAX_RANK ||
        !rawShape.every((d) => d === null || isIntegerIn(d, 0, MAX_DIMENSION))
      ) {
        return {
          ok: false,
          error: `shape must be a list of at most ${MAX_RANK} non-negative integers (null for unknown); received ${JSON.stringify(rawShape)}`,
        };
      }
      shape = rawShape as (number | null)[];
    }
    const rawDtype = own(argument, 'dtype');
    if (rawDtype !== undefined && rawDtype !== null) {
      if (!isDType(rawDtype)) {
        return { ok: false, error: `dtype must be one of float16, float32, float64, int32; received ${JSON.stringify(rawDtype)}` };
      }
      dtype = rawDtype;
    }
    const rawSeed = own(argument, 'seed');
    if (rawSeed !== undefined && rawSeed !== null) {
      const s = seedFromJson(rawSeed);
      if (s === undefined) return { ok: false, error: `seed must be an integer; received ${JSON.stringify(rawSeed)}` };
      seed = s;
    }
  }
  const patch: ConfigPatch = {
    className,
    args,
    ...(shape !== undefined ? { shape } : {}),
    ...(dtype !== undefined ? { dtype } : {}),
    ...(seed !== undefined ? { seed } : {}),
  };
  return { ok: true, result: { patch, notes } };
}

/**
 * What the panel's Export button passes to `kerasInitializers.generateWeights`: the serialized
 * initializer, the shape and dtype, and for a random initializer its seed (plus the SeedGenerator's
 * call index, so the file holds the values the panel shows).
 */
export interface GenerateArgument {
  readonly initializer: SerializedInitializer;
  readonly shape: number[];
  readonly dtype: string;
  readonly seed?: number;
  readonly callIndex?: number;
}

/**
 * The generate command's argument for a configuration. Throws the core's error (Keras's message) when
 * the configuration is invalid: every check of a call runs (arguments, seed, shape, dtype) before
 * anything is exported.
 */
export function generateArgument(config: PreviewConfig): GenerateArgument {
  const initializer = createInitializer(config.className, initializerKwargs(config));
  const callIndex = config.seed.kind === 'generator' ? config.seed.callIndex : 0;
  createSampleStream(initializer, config.shape, { dtype: config.dtype, callIndex });
  const seeded = isSeeded(config.className);
  return {
    initializer: serialize(initializer),
    shape: [...config.shape],
    dtype: config.dtype,
    ...(seeded ? { seed: config.seed.value } : {}),
    ...(seeded && config.seed.kind === 'generator' ? { callIndex } : {}),
  };
}

/** Timers, injectable so the debounce is tested without waiting. */
export interface Clock {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/**
 * Editor → preview refreshes: the first request after a quiet period runs at once (the panel answers a
 * click immediately); requests that follow within `delayMs` are debounced into one that runs when they stop.
 */
export class RefreshScheduler {
  private timer: unknown;
  private lastRequest = -Infinity;
  private disposed = false;

  constructor(
    private readonly delayMs: number,
    private readonly run: () => void,
    private readonly clock: Clock = systemClock,
  ) {}

  request(): void {
    if (this.disposed) return;
    const now = this.clock.now();
    const quiet = this.timer === undefined && now - this.lastRequest >= this.delayMs;
    this.lastRequest = now;
    if (quiet) {
      this.run();
      return;
    }
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = this.clock.setTimeout(() => {
      this.timer = undefined;
      if (!this.disposed) this.run();
    }, this.delayMs);
  }

  /** Drops a pending refresh. */
  cancel(): void {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  dispose(): void {
    this.disposed = true;
    this.cancel();
  }
}
