/**
 * Seeds as Keras 3 has them (keras/src/initializers/random_initializers.py `RandomInitializer`,
 * keras/src/random/seed_generator.py): an int is used as the entropy `[seed, 0]` on every call;
 * `None` becomes `random.randint(1, 10**9)` drawn once at construction; a `SeedGenerator(s)` gives
 * `[s, k]` on its k-th call.
 */
import { CoreError } from '../errors';
import { kerasSeedEntropy } from '../random/seedSequence';
import { pyRepr, pyStr } from './pyFormat';

/** The Web Crypto global (Node ≥ 20 and browsers); declared here because the core's lib has no DOM. */
declare const crypto: { getRandomValues<T extends Uint32Array>(array: T): T };

/** `keras.random.SeedGenerator(...)` as `serialize_keras_object` writes it. */
export interface SerializedSeedGenerator {
  readonly module: 'keras.random';
  readonly class_name: 'SeedGenerator';
  readonly config: { readonly seed: number | null; readonly name: string };
  readonly registered_name: null;
}

const UINT32_LIMIT = 2 ** 32;

/**
 * `random.randint(1, 10**9)` in spirit: a uniform integer in [1, 1e9] from a CSPRNG (rejection
 * sampling keeps it unbiased). Python's own Mersenne Twister stream is not reproduced.
 */
export function drawDefaultSeed(): number {
  const span = 1e9;
  const limit = Math.floor(UINT32_LIMIT / span) * span;
  const word = new Uint32Array(1);
  for (;;) {
    crypto.getRandomValues(word);
    if (word[0] < limit) return 1 + (word[0] % span);
  }
}

/** `keras.random.SeedGenerator(seed=None, name=None)`: the state starts at `[seed, 0]`. */
export class SeedGenerator {
  /** The seed as given (`None` → null); what `get_config` reports. */
  readonly initialSeed: number | null;
  /** The seed in use (drawn once when `initialSeed` is null). */
  readonly seed: number;
  readonly name: string;

  constructor(options: { seed?: unknown; name?: string } = {}) {
    const given = options.seed ?? null;
    // Keras: `isinstance(seed, int)` (a bool is an int), else "Argument `seed` must be an integer".
    const asInt = typeof given === 'boolean' ? Number(given) : given;
    if (asInt !== null && !(typeof asInt === 'number' && Number.isInteger(asInt))) {
      throw new CoreError('INVALID_SEED', `Argument \`seed\` must be an integer. Received: seed=${pyStr(given)}`, 'ValueError');
    }
    const seed = asInt ?? drawDefaultSeed();
    // The state variable is created as uint32 `[seed, 0]` at construction: numpy's OverflowError.
    kerasSeedEntropy(seed, 0);
    this.initialSeed = asInt;
    this.seed = seed;
    // Keras auto-names `seed_generator`, `seed_generator_1`, ... from a process-wide counter; the
    // name carries no meaning, so a fixed default keeps the core free of global state.
    this.name = options.name ?? 'seed_generator';
  }

  getConfig(): { seed: number | null; name: string } {
    return { seed: this.initialSeed, name: this.name };
  }

  serialize(): SerializedSeedGenerator {
    return { module: 'keras.random', class_name: 'SeedGenerator', config: this.getConfig(), registered_name: null };
  }
}

/** How an initializer's seed resolves for its calls. */
export type ResolvedSeed =
  | { readonly kind: 'int'; readonly seed: number }
  | { readonly kind: 'none'; readonly seed: number }
  | { readonly kind: 'generator'; readonly seed: number; readonly generator: SeedGenerator };

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A dict seed is deserialized first (Keras `deserialize_keras_object(seed)`). */
function deserializeSeedGenerator(dict: Record<string, unknown>): SeedGenerator {
  if (dict.class_name !== 'SeedGenerator' || !isRecord(dict.config)) {
    throw new CoreError(
      'INVALID_SEED',
      `A dict \`seed\` must be a serialized keras.random.SeedGenerator ({"module": "keras.random", "class_name": "SeedGenerator", "config": {"seed": ..., "name": ...}}). Received: seed=${pyRepr(dict)}`,
      'ValueError',
    );
  }
  const cfg = dict.config;
  const name = typeof cfg.name === 'string' ? cfg.name : undefined;
  return new SeedGenerator({ seed: cfg.seed, name });
}

/**
 * `RandomInitializer.__init__`'s seed handling. Returns the resolved seed and the value
 * `get_config()` reports (`_init_seed` serialized: int → int, None → null, SeedGenerator → dict).
 */
export function resolveInitializerSeed(seed: unknown): { resolved: ResolvedSeed; configSeed: unknown } {
  if (seed === null || seed === undefined) {
    return { resolved: { kind: 'none', seed: drawDefaultSeed() }, configSeed: null };
  }
  if (seed instanceof SeedGenerator) {
    return { resolved: { kind: 'generator', seed: seed.seed, generator: seed }, configSeed: seed.serialize() };
  }
  if (isRecord(seed)) {
    const generator = deserializeSeedGenerator(seed);
    // `_init_seed` keeps the dict as given, and serializing a dict returns it unchanged.
    return { resolved: { kind: 'generator', seed: generator.seed, generator }, configSeed: seed };
  }
  if (typeof seed === 'boolean') return { resolved: { kind: 'int', seed: Number(seed) }, configSeed: seed };
  if (typeof seed === 'number' && Number.isInteger(seed)) return { resolved: { kind: 'int', seed }, configSeed: seed };
  throw new CoreError(
    'INVALID_SEED',
    `\`seed\` argument should be an instance of \`keras.random.SeedGenerator()\` or an integer. Received: seed=${pyStr(seed)}`,
    'ValueError',
  );
}

/**
 * The uint32 entropy words of call `callIndex` (Keras `draw_seed`): `[seed, 0]` for an int (or a
 * drawn) seed on every call, `[seed, k]` for a SeedGenerator's k-th call. An int outside uint32
 * raises numpy's OverflowError at call time, as Keras does.
 */
export function seedWordsForCall(resolved: ResolvedSeed, callIndex: number): [number, number] {
  if (!Number.isInteger(callIndex) || callIndex < 0) {
    throw new CoreError('INVALID_ARGUMENT', `callIndex must be a non-negative integer (the k-th call, from 0). Received: ${callIndex}`);
  }
  // The SeedGenerator state is uint32: its counter word wraps after 2**32 calls.
  const words = kerasSeedEntropy(resolved.seed, resolved.kind === 'generator' ? callIndex % UINT32_LIMIT : 0);
  return [words[0], words[1]];
}
