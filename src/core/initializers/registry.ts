/**
 * The initializer registry: one plain-data entry per Keras 3 initializer, the single source for
 * hover, completion, the preview panel and the CLI. Maths and defaults from Keras 3.16
 * (keras/src/initializers/*.py); PyTorch equivalents from torch.nn.init.
 */
import type { DType } from '../types';
import { KERAS2_ONLY_NAMES, SNAKE_CASE, EXTRA_ALIASES, CLASS_NAMES, type ClassName } from './names';
import { resolveClassName } from './config';
import { WINDOW_NAMES } from './windows';

/** The law an initializer's values follow. */
export type RegistryLaw = 'normal' | 'truncated_normal' | 'uniform' | 'constant' | 'orthogonal' | 'identity' | 'stft';

/** Python type of an argument, as a user writes it. */
export type ArgType = 'float' | 'bool' | 'seed' | 'enum' | 'axes' | 'window';

/** One constructor argument. */
export interface ArgSpec {
  /** Keyword name, as in Python and in configs. */
  readonly name: string;
  readonly type: ArgType;
  /** Python default (null = None), as a JSON value. */
  readonly default: number | string | boolean | null;
  /** Allowed values of an enum (null = None). */
  readonly choices?: readonly (string | null)[];
  /** What Keras checks, in words (e.g. "> 0"). */
  readonly constraint?: string;
  /** One line of documentation. */
  readonly doc: string;
}

/** How close a PyTorch `torch.nn.init` function comes. */
export interface PytorchEquivalent {
  /** The call, e.g. `torch.nn.init.kaiming_normal_(w, nonlinearity='relu')`; null when none exists. */
  readonly call: string | null;
  /** 'same' law, 'approx' (same variance, different shape of law or detail), or 'none'. */
  readonly match: 'same' | 'approx' | 'none';
  readonly note: string;
}

export interface RegistryEntry {
  readonly className: ClassName;
  /** Every other string `keras.initializers.get` accepts for this class (snake_case first). */
  readonly aliases: readonly string[];
  /** tf.keras 2.x names that Keras 3 rejects. */
  readonly keras2OnlyNames: readonly string[];
  /** Family of the implementation. */
  readonly family: 'constant' | 'random' | 'variance_scaling' | 'orthogonal' | 'identity' | 'stft';
  /** The law of the values (VarianceScaling: the default; `distribution` selects it). */
  readonly law: RegistryLaw;
  /** One-line summary. */
  readonly summary: string;
  /** The formula Keras applies, with Keras's names. */
  readonly formula: string;
  /** Constructor arguments in signature order. */
  readonly args: readonly ArgSpec[];
  /** Whether the values depend on the seed. */
  readonly seeded: boolean;
  /** Whether fan_in/fan_out (the shape) set the scale. */
  readonly usesFans: boolean;
  /** Keys of `get_config()` in Keras's order. */
  readonly configKeys: readonly string[];
  /** dtypes a call accepts. */
  readonly dtypes: readonly DType[];
  /** Shape requirement, in words, when there is one. */
  readonly shapeRule?: string;
  /** Keras 3 behaviour worth knowing. */
  readonly keras3Notes: readonly string[];
  /** What differs in tf.keras 2.x. */
  readonly keras2Notes: readonly string[];
  readonly pytorch: PytorchEquivalent;
  /** keras.io documentation. */
  readonly docUrl: string;
}

const DOC_BASE = 'https://keras.io/api/layers/initializers/';
const ALL_DTYPES: readonly DType[] = ['float32', 'float64', 'float16', 'int32'];
const TRUNCATED = '0.87962566103423978';

const SEED_ARG: ArgSpec = {
  name: 'seed',
  type: 'seed',
  default: null,
  constraint: 'int in [0, 2**32) or a keras.random.SeedGenerator',
  doc: 'An int repeats the same values on every call; None draws one seed at construction (same values on every call of this instance); a SeedGenerator gives new values on each call.',
};
const INPUT_AXES: ArgSpec = {
  name: 'input_axes',
  type: 'axes',
  default: null,
  doc: 'Axes whose product is fan_in (negative axes count from the end); used only together with output_axes.',
};
const OUTPUT_AXES: ArgSpec = {
  name: 'output_axes',
  type: 'axes',
  default: null,
  doc: 'Axes whose product is fan_out; used only together with input_axes.',
};

const RANDOM_KERAS3 = [
  'On the numpy backend the values for an int seed s are those of numpy.random.default_rng([s, 0]); other backends (TensorFlow, JAX, PyTorch) draw different numbers for the same seed.',
  'An int seed (or None) gives identical values on every call: two layers sharing one seeded instance get identical weights. Use keras.random.SeedGenerator for fresh values per call.',
];
const RANDOM_KERAS2 = [
  'tf.keras 2.x draws with TensorFlow stateless ops seeded [seed, 0]: different numbers from Keras 3 for the same seed.',
  'Seeds are plain ints only (no SeedGenerator); an unseeded initializer called twice returns identical values and warns.',
  'get_config key order differs: (…, "seed") last.',
];
const FAN_KERAS2 = ['tf.keras 2.x has no input_axes/output_axes: fans always come from the shape.'];

function fanPreset(
  className: ClassName,
  law: 'truncated_normal' | 'uniform',
  summary: string,
  formula: string,
  pytorch: PytorchEquivalent,
): Omit<RegistryEntry, 'aliases' | 'keras2OnlyNames'> {
  return {
    className,
    family: 'variance_scaling',
    law,
    summary,
    formula,
    args: [SEED_ARG, INPUT_AXES, OUTPUT_AXES],
    seeded: true,
    usesFans: true,
    configKeys: ['seed', 'input_axes', 'output_axes'],
    dtypes: ALL_DTYPES,
    keras3Notes: [
      ...RANDOM_KERAS3,
      'Fans: rank 2 (in, out); rank ≥ 3 multiplies both by the receptive field prod(shape[:-2]); rank 1 uses n for both; rank 0 uses 1.',
    ],
    keras2Notes: [...RANDOM_KERAS2, ...FAN_KERAS2],
    pytorch,
    docUrl: `${DOC_BASE}#${className.toLowerCase()}-class`,
  };
}

const ENTRIES: readonly Omit<RegistryEntry, 'aliases' | 'keras2OnlyNames'>[] = [
  {
    className: 'RandomNormal',
    family: 'random',
    law: 'normal',
    summary: 'Values drawn from a normal distribution N(mean, stddev²).',
    formula: 'w ~ N(mean, stddev²)',
    args: [
      { name: 'mean', type: 'float', default: 0.0, doc: 'Mean of the normal distribution.' },
      { name: 'stddev', type: 'float', default: 0.05, constraint: '>= 0', doc: 'Standard deviation of the normal distribution.' },
      SEED_ARG,
    ],
    seeded: true,
    usesFans: false,
    configKeys: ['seed', 'mean', 'stddev'],
    dtypes: ALL_DTYPES,
    keras3Notes: RANDOM_KERAS3,
    keras2Notes: RANDOM_KERAS2,
    pytorch: { call: 'torch.nn.init.normal_(w, mean=0.0, std=0.05)', match: 'same', note: "PyTorch's defaults are N(0, 1)." },
    docUrl: `${DOC_BASE}#randomnormal-class`,
  },
  {
    className: 'RandomUniform',
    family: 'random',
    law: 'uniform',
    summary: 'Values drawn uniformly from [minval, maxval).',
    formula: 'w ~ U[minval, maxval)',
    args: [
      { name: 'minval', type: 'float', default: -0.05, doc: 'Lower bound of the range (inclusive).' },
      { name: 'maxval', type: 'float', default: 0.05, constraint: '>= minval, finite range', doc: 'Upper bound of the range (exclusive).' },
      SEED_ARG,
    ],
    seeded: true,
    usesFans: false,
    configKeys: ['seed', 'minval', 'maxval'],
    dtypes: ALL_DTYPES,
    keras3Notes: RANDOM_KERAS3,
    keras2Notes: RANDOM_KERAS2,
    pytorch: { call: 'torch.nn.init.uniform_(w, a=-0.05, b=0.05)', match: 'same', note: "PyTorch's defaults are U(0, 1)." },
    docUrl: `${DOC_BASE}#randomuniform-class`,
  },
  {
    className: 'TruncatedNormal',
    family: 'random',
    law: 'truncated_normal',
    summary: 'Normal values N(mean, stddev²) redrawn when more than two standard deviations from the mean.',
    formula: `w ~ N(mean, stddev²) restricted to [mean − 2·stddev, mean + 2·stddev]; std of the values = ${TRUNCATED}·stddev`,
    args: [
      { name: 'mean', type: 'float', default: 0.0, doc: 'Mean of the underlying normal distribution.' },
      {
        name: 'stddev',
        type: 'float',
        default: 0.05,
        constraint: '>= 0',
        doc: 'Standard deviation before truncation (the values have ≈ 0.88 × this).',
      },
      SEED_ARG,
    ],
    seeded: true,
    usesFans: false,
    configKeys: ['seed', 'mean', 'stddev'],
    dtypes: ALL_DTYPES,
    keras3Notes: [...RANDOM_KERAS3, 'The numpy backend keeps the values of the normal stream that fall in the closed interval, in order.'],
    keras2Notes: [...RANDOM_KERAS2, "tf.keras 2.x uses TensorFlow's own truncated-normal sampler."],
    pytorch: {
      call: 'torch.nn.init.trunc_normal_(w, mean=0.0, std=0.05, a=-0.1, b=0.1)',
      match: 'same',
      note: 'PyTorch’s a and b are absolute bounds: pass mean ± 2·std (its defaults ±2 barely truncate a small std).',
    },
    docUrl: `${DOC_BASE}#truncatednormal-class`,
  },
  {
    className: 'Zeros',
    family: 'constant',
    law: 'constant',
    summary: 'All values 0.',
    formula: 'w = 0',
    args: [],
    seeded: false,
    usesFans: false,
    configKeys: [],
    dtypes: ALL_DTYPES,
    keras3Notes: ['The default bias initializer of Keras layers.'],
    keras2Notes: ['tf.keras 2.x also accepts bool dtypes.'],
    pytorch: { call: 'torch.nn.init.zeros_(w)', match: 'same', note: 'PyTorch layers initialise biases U(±1/√fan_in), not zeros.' },
    docUrl: `${DOC_BASE}#zeros-class`,
  },
  {
    className: 'Ones',
    family: 'constant',
    law: 'constant',
    summary: 'All values 1.',
    formula: 'w = 1',
    args: [],
    seeded: false,
    usesFans: false,
    configKeys: [],
    dtypes: ALL_DTYPES,
    keras3Notes: ['The default gamma initializer of normalization layers.'],
    keras2Notes: ['tf.keras 2.x also accepts bool dtypes.'],
    pytorch: { call: 'torch.nn.init.ones_(w)', match: 'same', note: '' },
    docUrl: `${DOC_BASE}#ones-class`,
  },
  {
    className: 'Constant',
    family: 'constant',
    law: 'constant',
    summary: 'All values equal to a given scalar.',
    formula: 'w = value',
    args: [
      {
        name: 'value',
        type: 'float',
        default: 0.0,
        doc: 'A Python scalar, converted to the dtype first (float16 overflows to inf, integer dtypes truncate).',
      },
    ],
    seeded: false,
    usesFans: false,
    configKeys: ['value'],
    dtypes: ALL_DTYPES,
    keras3Notes: [
      'keras.initializers.get("constant") fails with KeyError: \'value\' (from_config needs a value): pass Constant(value=...) or a config.',
    ],
    keras2Notes: ['tf.keras 2.x defaults to value=0 (an int).'],
    pytorch: { call: 'torch.nn.init.constant_(w, val)', match: 'same', note: '' },
    docUrl: `${DOC_BASE}#constant-class`,
  },
  {
    className: 'VarianceScaling',
    family: 'variance_scaling',
    law: 'truncated_normal',
    summary: 'Scale adapted to the weight shape: variance scale / n, n from the fans chosen by mode.',
    formula:
      `n = fan_in | fan_out | (fan_in + fan_out) / 2 (by mode, at least 1); truncated_normal: stddev = sqrt(scale / n) / ${TRUNCATED}, ` +
      'truncated to ±2·stddev; untruncated_normal: stddev = sqrt(scale / n); uniform: limit = sqrt(3 · scale / n), w ~ U[−limit, limit)',
    args: [
      { name: 'scale', type: 'float', default: 1.0, constraint: '> 0', doc: 'Scaling factor of the variance.' },
      {
        name: 'mode',
        type: 'enum',
        default: 'fan_in',
        choices: ['fan_in', 'fan_out', 'fan_avg'],
        doc: 'Which fan divides the scale: inputs, outputs or their average (case-sensitive).',
      },
      {
        name: 'distribution',
        type: 'enum',
        default: 'truncated_normal',
        choices: ['truncated_normal', 'untruncated_normal', 'uniform'],
        doc: 'The law of the values; lower-cased first, and "normal" means truncated_normal.',
      },
      SEED_ARG,
      INPUT_AXES,
      OUTPUT_AXES,
    ],
    seeded: true,
    usesFans: true,
    configKeys: ['seed', 'scale', 'mode', 'distribution', 'input_axes', 'output_axes'],
    dtypes: ALL_DTYPES,
    keras3Notes: [...RANDOM_KERAS3, 'get_config reports the distribution after lower-casing and "normal" → "truncated_normal".'],
    keras2Notes: [
      ...RANDOM_KERAS2,
      ...FAN_KERAS2,
      'Messages differ slightly: "`scale` must be positive float." and "Allowed distributions: {...}".',
    ],
    pytorch: {
      call: "torch.nn.init.kaiming_normal_(w, mode='fan_in', nonlinearity='linear')",
      match: 'approx',
      note: "kaiming_*_ covers fan_in/fan_out with gain² = scale; PyTorch's normal is untruncated. VarianceScaling(scale=1/3, mode='fan_in', distribution='uniform') is PyTorch's default nn.Linear weight U(±1/√fan_in).",
    },
    docUrl: `${DOC_BASE}#variancescaling-class`,
  },
  fanPreset(
    'GlorotUniform',
    'uniform',
    'Glorot (Xavier) uniform: U[−limit, limit) with limit = sqrt(6 / (fan_in + fan_out)).',
    'limit = sqrt(6 / (fan_in + fan_out)); w ~ U[−limit, limit)',
    {
      call: 'torch.nn.init.xavier_uniform_(w, gain=1.0)',
      match: 'same',
      note: 'Same law when the fans match (Dense (in, out) is Linear (out, in) transposed).',
    },
  ),
  fanPreset(
    'GlorotNormal',
    'truncated_normal',
    'Glorot (Xavier) normal: truncated normal with std of the values sqrt(2 / (fan_in + fan_out)).',
    `stddev = sqrt(2 / (fan_in + fan_out)) / ${TRUNCATED}; w ~ N(0, stddev²) truncated to ±2·stddev`,
    {
      call: 'torch.nn.init.xavier_normal_(w, gain=1.0)',
      match: 'approx',
      note: 'Same variance; Keras truncates at 2σ and rescales, PyTorch does not truncate.',
    },
  ),
  fanPreset(
    'HeUniform',
    'uniform',
    'He (Kaiming) uniform: U[−limit, limit) with limit = sqrt(6 / fan_in).',
    'limit = sqrt(6 / fan_in); w ~ U[−limit, limit)',
    { call: "torch.nn.init.kaiming_uniform_(w, nonlinearity='relu')", match: 'same', note: 'Same law when fan_in matches.' },
  ),
  fanPreset(
    'HeNormal',
    'truncated_normal',
    'He (Kaiming) normal: truncated normal with std of the values sqrt(2 / fan_in).',
    `stddev = sqrt(2 / fan_in) / ${TRUNCATED}; w ~ N(0, stddev²) truncated to ±2·stddev`,
    {
      call: "torch.nn.init.kaiming_normal_(w, nonlinearity='relu')",
      match: 'approx',
      note: 'Same variance; Keras truncates at 2σ, PyTorch does not.',
    },
  ),
  fanPreset(
    'LecunUniform',
    'uniform',
    'LeCun uniform: U[−limit, limit) with limit = sqrt(3 / fan_in).',
    'limit = sqrt(3 / fan_in); w ~ U[−limit, limit)',
    { call: "torch.nn.init.kaiming_uniform_(w, nonlinearity='linear')", match: 'same', note: 'Same law when fan_in matches.' },
  ),
  fanPreset(
    'LecunNormal',
    'truncated_normal',
    'LeCun normal: truncated normal with std of the values sqrt(1 / fan_in).',
    `stddev = sqrt(1 / fan_in) / ${TRUNCATED}; w ~ N(0, stddev²) truncated to ±2·stddev`,
    {
      call: "torch.nn.init.kaiming_normal_(w, nonlinearity='linear')",
      match: 'approx',
      note: 'Same variance; Keras truncates at 2σ, PyTorch does not.',
    },
  ),
  {
    className: 'Orthogonal',
    family: 'orthogonal',
    law: 'orthogonal',
    summary: 'An orthogonal matrix (orthonormal rows or columns) from the QR decomposition of a normal matrix, times gain.',
    formula:
      'rows = prod(shape[:-1]), cols = shape[-1]; Q, R = qr(N(0, 1) of size max(rows, cols) × min(rows, cols)); ' +
      'Q *= sign(diag(R)); transposed when rows < cols; w = gain · Q',
    args: [{ name: 'gain', type: 'float', default: 1.0, doc: 'Multiplier of the orthogonal matrix.' }, SEED_ARG],
    seeded: true,
    usesFans: false,
    configKeys: ['seed', 'gain'],
    dtypes: ['float32', 'float64'],
    shapeRule: 'rank ≥ 2',
    keras3Notes: [
      ...RANDOM_KERAS3,
      'The numpy backend returns float32 even for dtype="float64" and raises for float16 ("array type float16 is unsupported in linalg").',
      'Every value has mean square gain² / max(rows, cols).',
    ],
    keras2Notes: [...RANDOM_KERAS2, 'tf.keras 2.x runs tf.linalg.qr in the requested dtype (float64 stays float64).'],
    pytorch: {
      call: 'torch.nn.init.orthogonal_(w, gain=1.0)',
      match: 'same',
      note: 'Same law; PyTorch flattens trailing dims after dim 0 (rows = size(0)), Keras keeps the last dim as columns.',
    },
    docUrl: `${DOC_BASE}#orthogonal-class`,
  },
  {
    className: 'Identity',
    family: 'identity',
    law: 'identity',
    summary: 'The identity matrix times gain (2-D only; non-square allowed).',
    formula: 'w = gain · I (ones on the main diagonal of rows × cols)',
    args: [{ name: 'gain', type: 'float', default: 1.0, doc: 'Multiplier of the identity matrix (not serialized by get_config).' }],
    seeded: false,
    usesFans: false,
    configKeys: [],
    dtypes: ALL_DTYPES,
    shapeRule: 'rank 2',
    keras3Notes: [
      'get_config() is {}: gain is not serialized, so a save/load round trip resets it to 1.0.',
      'A negative gain leaves −0.0 off the diagonal; dtype int32 gives float64 values (gain · eye).',
    ],
    keras2Notes: ['tf.keras 2.x serializes {"gain": ...} and requires a float dtype.'],
    pytorch: { call: 'torch.nn.init.eye_(w)', match: 'same', note: 'No gain argument in PyTorch: multiply afterwards. 2-D only in both.' },
    docUrl: `${DOC_BASE}#identity-class`,
  },
  {
    className: 'STFT',
    family: 'stft',
    law: 'stft',
    summary: 'Conv kernel of a short-time Fourier transform (real or imaginary part), windowed and scaled.',
    formula: 'w[t, 0, f] = cos|sin(−2π · t · f / (2(F − 1))) · window[t] / scaling, shape (T, 1, F)',
    args: [
      {
        name: 'side',
        type: 'enum',
        default: 'real',
        choices: ['real', 'imag'],
        doc: 'Real (cos) or imaginary (sin) part of the transform.',
      },
      {
        name: 'window',
        type: 'window',
        default: 'hann',
        choices: [...WINDOW_NAMES, null],
        doc: 'A scipy.signal window name, a list of T window values, or None (no windowing).',
      },
      {
        name: 'scaling',
        type: 'enum',
        default: 'density',
        choices: ['density', 'spectrum', null],
        doc: 'Normalisation of the window: density = sqrt(Σ w²), spectrum = Σ |w|, None = 1.',
      },
      { name: 'periodic', type: 'bool', default: false, doc: 'Periodic (FFT-ready) window instead of symmetric.' },
    ],
    seeded: false,
    usesFans: false,
    configKeys: ['side', 'window', 'periodic', 'scaling'],
    dtypes: ['float32', 'float64', 'float16'],
    shapeRule: 'rank 3 (frame_length, input_channels, fft_bins); the result is (frame_length, 1, fft_bins)',
    keras3Notes: [
      'Computed in float32 on the numpy backend: dtype="float64" returns float32 unless window is None.',
      'Used by keras.layers.STFTSpectrogram.',
    ],
    keras2Notes: ['Not in tf.keras 2.x.'],
    pytorch: { call: null, match: 'none', note: 'No torch.nn.init equivalent (torch.stft computes the transform directly).' },
    docUrl: DOC_BASE,
  },
];

function aliasesOf(className: ClassName): string[] {
  const extra = Object.entries(EXTRA_ALIASES)
    .filter(([, c]) => c === className)
    .map(([alias]) => alias);
  return [SNAKE_CASE[className], ...extra];
}

function keras2NamesOf(className: ClassName): string[] {
  const ids = new Set([className, SNAKE_CASE[className]]);
  return Object.entries(KERAS2_ONLY_NAMES)
    .filter(([, target]) => ids.has(target))
    .map(([name]) => name);
}

/** The registry, in keras.io's order. */
export const REGISTRY: readonly RegistryEntry[] = Object.freeze(
  ENTRIES.map((e) =>
    Object.freeze({ ...e, aliases: Object.freeze(aliasesOf(e.className)), keras2OnlyNames: Object.freeze(keras2NamesOf(e.className)) }),
  ),
);

const BY_CLASS: ReadonlyMap<ClassName, RegistryEntry> = new Map(REGISTRY.map((e) => [e.className, e]));

/** The entry for a class name or any id `keras.initializers.get` accepts; undefined otherwise. */
export function registryEntry(id: string): RegistryEntry | undefined {
  const className = resolveClassName(id);
  if (className === undefined || className === 'Initializer') return undefined;
  return BY_CLASS.get(className);
}

/** Every id Keras 3 accepts (class names, snake_case, aliases), for completion. */
export function allInitializerIds(): string[] {
  return CLASS_NAMES.flatMap((c) => [c, ...(BY_CLASS.get(c)?.aliases ?? [])]);
}
