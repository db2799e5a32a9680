/**
 * The Keras names the reader recognises, derived from initializers/names.ts, and each class's
 * positional parameter order (keras/src/initializers, Keras 3.16 signatures).
 */
import { CLASS_NAMES, KERAS2_ONLY_NAMES, SNAKE_CASE, classForId, type ClassName } from '../initializers/names';

/** Attributes of `keras.initializers` that are initializers (keras/api/initializers/__init__.py). */
export const ATTRIBUTE_CLASSES: ReadonlyMap<string, ClassName> = new Map<string, ClassName>([
  ...CLASS_NAMES.map((c) => [c, c] as [string, ClassName]),
  ...CLASS_NAMES.map((c) => [SNAKE_CASE[c], c] as [string, ClassName]),
  ['IdentityInitializer', 'Identity'],
  ['OrthogonalInitializer', 'Orthogonal'],
  ['STFTInitializer', 'STFT'],
]);

export const KERAS2_NAMES: ReadonlyMap<string, string> = new Map(Object.entries(KERAS2_ONLY_NAMES));

/** Other attributes of the module: not initializer expressions themselves. */
const MODULE_FUNCTIONS = new Set(['get', 'serialize', 'deserialize', 'Initializer']);

/** Ids Keras accepts that name the base class, which samples nothing. */
const BASE_IDS = new Set(['Initializer', 'initializer']);

/** RandomInitializer subclasses: an instance draws its seed once, so reuse repeats its values. */
export const RANDOM_CLASSES: ReadonlySet<ClassName> = new Set<ClassName>([
  'GlorotNormal',
  'GlorotUniform',
  'HeNormal',
  'HeUniform',
  'LecunNormal',
  'LecunUniform',
  'Orthogonal',
  'RandomNormal',
  'RandomUniform',
  'TruncatedNormal',
  'VarianceScaling',
]);

/**
 * Class names specific enough to be read as Keras initializers without a visible import (a notebook
 * cell may rely on an import in another cell), when they sit in an initializer argument.
 */
export const ASSUMED_BARE: ReadonlySet<string> = new Set<string>([
  ...RANDOM_CLASSES,
  // tf.keras 2's V2 spellings of the same classes (reported as Keras-2-only names)
  ...[...RANDOM_CLASSES].map((name) => `${name}V2`),
]);

const PRESET = ['seed', 'input_axes', 'output_axes'] as const;

/** Keras 3 constructor parameter order, for mapping positional arguments. */
export const POSITIONAL: Readonly<Record<ClassName, readonly string[]>> = {
  Constant: ['value'],
  GlorotNormal: PRESET,
  GlorotUniform: PRESET,
  HeNormal: PRESET,
  HeUniform: PRESET,
  Identity: ['gain'],
  LecunNormal: PRESET,
  LecunUniform: PRESET,
  Ones: [],
  Orthogonal: ['gain', 'seed'],
  RandomNormal: ['mean', 'stddev', 'seed'],
  RandomUniform: ['minval', 'maxval', 'seed'],
  STFT: ['side', 'window', 'scaling', 'periodic'],
  TruncatedNormal: ['mean', 'stddev', 'seed'],
  VarianceScaling: ['scale', 'mode', 'distribution', 'seed', 'input_axes', 'output_axes'],
  Zeros: [],
};

export interface Classified {
  readonly className: ClassName | undefined;
  readonly unknownId?: string;
  readonly keras2Name?: string;
}

/**
 * An attribute of an initializers module. `strict`: the module was imported explicitly, so an
 * unknown attribute is reported (unknownId); otherwise only known names answer.
 */
export function classifyAttribute(name: string, strict: boolean): Classified | undefined {
  const c = ATTRIBUTE_CLASSES.get(name);
  if (c !== undefined) return { className: c };
  const k2 = KERAS2_NAMES.get(name);
  if (k2 !== undefined) return { className: classForId(k2), keras2Name: name };
  if (!strict || MODULE_FUNCTIONS.has(name)) return undefined;
  return { className: undefined, unknownId: name };
}

/** A string id as `keras.initializers.get` would read it. */
export function classifyId(id: string): Classified | undefined {
  const c = classForId(id);
  if (c !== undefined) return { className: c };
  const k2 = KERAS2_NAMES.get(id);
  if (k2 !== undefined) return { className: classForId(k2), keras2Name: id };
  if (BASE_IDS.has(id)) return undefined;
  return { className: undefined, unknownId: id };
}
