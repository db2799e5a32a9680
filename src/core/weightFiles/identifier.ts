/**
 * An initializer as a user types it in a terminal or an input box: a Keras string id
 * (`he_normal`, `HeNormal`), a Python-style call with literal arguments
 * (`VarianceScaling(scale=2.0, mode='fan_out', distribution='uniform', seed=3)`), or a Keras
 * JSON config (`{"class_name": "HeNormal", "config": {"seed": 42}}`).
 */
import { CoreError } from '../errors';
import { errorText } from '../errorText';
import { deserialize, resolveClassName } from '../initializers/config';
import { createInitializer, isKerasInitializer, type KerasInitializer } from '../initializers/initializer';
import { KERAS2_ONLY_NAMES } from '../initializers/names';
import { allInitializerIds } from '../initializers/registry';
import { parseInitializerCall } from '../python/parseInitializerCall';

const ID = /^[A-Za-z_][A-Za-z0-9_]*$/;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Keras's "Could not interpret" (or the Keras 3 spelling of a tf.keras 2 name). */
function unknownId(id: string): CoreError {
  const k3 = KERAS2_ONLY_NAMES[id];
  if (k3 !== undefined) {
    return new CoreError(
      'UNKNOWN_INITIALIZER',
      `${id} is a tf.keras 2 name that Keras 3 does not accept; write ${k3} instead.`,
      'ValueError',
    );
  }
  return new CoreError('UNKNOWN_INITIALIZER', `Could not interpret initializer identifier: ${id}`, 'ValueError');
}

/**
 * The initializer a text names. A bare id is what `keras.initializers.get(id)` accepts (class
 * names, snake_case, aliases, case-sensitive), constructed with Keras's defaults — `Constant`
 * too (value 0.0), which `get("constant")` itself cannot build. Text starting with `{` is a
 * Keras config; anything else is read as a Python expression.
 */
export function initializerFromText(text: string): KerasInitializer {
  if (typeof text !== 'string') throw new CoreError('PARSE_ERROR', `An initializer must be given as text; received ${typeof text}.`);
  const trimmed = text.trim();
  if (trimmed.startsWith('{')) {
    let config: unknown;
    try {
      config = JSON.parse(trimmed);
    } catch (e) {
      throw new CoreError('PARSE_ERROR', `The initializer looks like a JSON config but is not valid JSON: ${errorText(e)}`);
    }
    return initializerFromValue(config);
  }
  if (ID.test(trimmed)) {
    const className = resolveClassName(trimmed);
    if (className === undefined || className === 'Initializer') throw unknownId(trimmed);
    return createInitializer(className, {});
  }
  const parsed = parseInitializerCall(trimmed);
  return createInitializer(parsed.className, parsed.kwargs as Record<string, unknown>);
}

/**
 * An initializer given as data (an argument object of the editor command): text as in
 * `initializerFromText`, a Keras config dict (`{"class_name", "config"}` or the serialized form),
 * or an initializer object.
 */
export function initializerFromValue(value: unknown): KerasInitializer {
  if (typeof value === 'string') return initializerFromText(value);
  if (isKerasInitializer(value)) return value;
  if (isRecord(value)) {
    if (typeof value.class_name !== 'string') {
      throw new CoreError(
        'INVALID_CONFIG',
        `An initializer config needs a "class_name" string, e.g. {"class_name": "HeNormal", "config": {"seed": 42}}; received ${JSON.stringify(value)}.`,
      );
    }
    if (value.class_name === 'Initializer') throw unknownId('Initializer');
    return deserialize(value);
  }
  throw new CoreError(
    'PARSE_ERROR',
    `An initializer is an id, a Python call or a config object; received ${JSON.stringify(value) ?? String(value)}.`,
  );
}

/** Whether the initializer draws random numbers (and so takes a seed). */
export function isRandomInitializer(init: KerasInitializer): boolean {
  return init.seed !== undefined;
}

/**
 * Whether the initializer was built without a seed of its own (`seed=None`): Keras then draws one
 * at construction, which nobody can reproduce, so the generators replace it.
 */
export function hasNoSeed(init: KerasInitializer): boolean {
  return isRandomInitializer(init) && init.config.seed === null;
}

/** The same initializer with another seed (int, or a serialized SeedGenerator). */
export function withSeed(init: KerasInitializer, seed: number | Record<string, unknown>): KerasInitializer {
  if (!isRandomInitializer(init) || init.className === 'Tensor') {
    throw new CoreError('INVALID_SEED', `${init.className} is not random and takes no seed.`);
  }
  return createInitializer(init.className, { ...init.getConfig(), seed });
}

/** Levenshtein distance, case-insensitive (ids differ from typos by case more than by letters). */
function distance(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  let prev = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const row = [i];
    for (let j = 1; j <= y.length; j++) {
      row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (x[i - 1] === y[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return prev[y.length];
}

/**
 * Accepted ids close to an unknown one (for "did you mean"): at most one per class — in the
 * spelling the user seems to use (snake_case for lower-case input, class names otherwise) — among
 * those within a third of its length in edits or starting with it, nearest first.
 */
export function suggestInitializerIds(id: string, limit = 3): string[] {
  const wanted = id.trim();
  if (wanted === '') return [];
  const snakeStyle = wanted === wanted.toLowerCase();
  const best = new Map<string, { candidate: string; d: number; styled: boolean }>();
  for (const candidate of allInitializerIds()) {
    const d = distance(wanted, candidate);
    if (d > Math.max(1, Math.floor(wanted.length / 3)) && !candidate.toLowerCase().startsWith(wanted.toLowerCase())) continue;
    const className = resolveClassName(candidate) ?? candidate;
    const styled = (candidate === candidate.toLowerCase()) === snakeStyle;
    const current = best.get(className);
    if (current === undefined || (styled && !current.styled) || (styled === current.styled && d < current.d)) {
      best.set(className, { candidate, d, styled });
    }
  }
  return [...best.values()]
    .sort((a, b) => a.d - b.d || a.candidate.localeCompare(b.candidate))
    .slice(0, limit)
    .map((s) => s.candidate);
}

/** `keras.random.SeedGenerator(seed)` as Keras serializes it. */
export function seedGeneratorConfig(seed: number): Record<string, unknown> {
  return { module: 'keras.random', class_name: 'SeedGenerator', config: { seed, name: 'seed_generator' }, registered_name: null };
}

/**
 * The initializer a weight file is written with, so that the file can be made again: `seed` when
 * given (replacing one in the config), else the config's own int seed, else a drawn one
 * (`seedDrawn`). With `callIndex` the seed becomes a `SeedGenerator(seed)` whose call `callIndex`
 * is written (Keras's `[seed, k]` entropy); a SeedGenerator already in the config is kept unless
 * `seed` replaces it. A non-random initializer is returned as is.
 */
export function seededInitializer(
  init: KerasInitializer,
  options: { seed?: number; callIndex?: number } = {},
): { initializer: KerasInitializer; seedDrawn: boolean } {
  if (!isRandomInitializer(init)) return { initializer: init, seedDrawn: false };
  const configSeed = init.config.seed;
  if (options.seed === undefined && typeof configSeed === 'object' && configSeed !== null) return { initializer: init, seedDrawn: false };
  const own = typeof configSeed === 'number' || typeof configSeed === 'boolean' ? Number(configSeed) : undefined;
  const seed = options.seed ?? own ?? (init.resolvedSeed as number);
  const seedDrawn = options.seed === undefined && own === undefined;
  return { initializer: withSeed(init, options.callIndex !== undefined ? seedGeneratorConfig(seed) : seed), seedDrawn };
}
