/**
 * Turns the optional argument of "Open Initializer Preview" (an id, a Keras config, or one wrapped with
 * a shape, dtype and seed, and where the shape comes from) into a configuration patch for the preview.
 */
import { classForId, errorText, getInitializer } from '../core/index';
import { hasExactKeys, isIntegerIn, isPlainRecord, own } from '../protocol/guards';
import {
  MAX_DIMENSION,
  MAX_RANK,
  MAX_SHAPE_SOURCE,
  configurableArgs,
  isDType,
  isShapeSource,
  type ArgValue,
  type ConfigPatch,
  type SeedSetting,
} from '../protocol/previewConfig';
import { argValue, isSeedInt, type PatchResult } from './patchResult';

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
  if (wrapped && !hasExactKeys(argument, ['initializer'], ['shape', 'dtype', 'seed', 'shapeSource'])) {
    return {
      ok: false,
      error: `the preview takes { initializer, shape?, dtype?, seed?, shapeSource? }; received the keys ${Object.keys(argument).join(', ')}`,
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
      return { ok: false, error: errorText(e) };
    }
    return { ok: false, error: `the preview cannot show ${JSON.stringify(identifier)}` };
  }
  let shape: (number | null)[] | undefined;
  let dtype: ConfigPatch['dtype'];
  let shapeSource: string | undefined;
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
    const rawSource = own(argument, 'shapeSource');
    if (rawSource !== undefined && rawSource !== null) {
      if (!isShapeSource(rawSource)) {
        return {
          ok: false,
          error: `shapeSource must be a text of at most ${MAX_SHAPE_SOURCE} characters; received ${JSON.stringify(rawSource)}`,
        };
      }
      shapeSource = rawSource;
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
    ...(shape !== undefined && shapeSource !== undefined ? { shapeSource } : {}),
  };
  return { ok: true, result: { patch, notes } };
}
