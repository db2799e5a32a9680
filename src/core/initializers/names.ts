/**
 * Every identifier `keras.initializers.get` accepts (Keras 3.16), and the Keras-2-only names.
 * Source: keras/src/initializers/__init__.py (ALL_OBJECTS, ALL_OBJECTS_DICT and its aliases).
 */

/** The Keras 3 initializer classes, as exported from `keras.initializers`. */
export const CLASS_NAMES = [
  'Constant',
  'GlorotNormal',
  'GlorotUniform',
  'HeNormal',
  'HeUniform',
  'Identity',
  'LecunNormal',
  'LecunUniform',
  'Ones',
  'Orthogonal',
  'RandomNormal',
  'RandomUniform',
  'STFT',
  'TruncatedNormal',
  'VarianceScaling',
  'Zeros',
] as const;

export type ClassName = (typeof CLASS_NAMES)[number];

/** snake_case id of each class (Keras derives it with `to_snake_case`). */
export const SNAKE_CASE: Readonly<Record<ClassName, string>> = {
  Constant: 'constant',
  GlorotNormal: 'glorot_normal',
  GlorotUniform: 'glorot_uniform',
  HeNormal: 'he_normal',
  HeUniform: 'he_uniform',
  Identity: 'identity',
  LecunNormal: 'lecun_normal',
  LecunUniform: 'lecun_uniform',
  Ones: 'ones',
  Orthogonal: 'orthogonal',
  RandomNormal: 'random_normal',
  RandomUniform: 'random_uniform',
  STFT: 'stft',
  TruncatedNormal: 'truncated_normal',
  VarianceScaling: 'variance_scaling',
  Zeros: 'zeros',
};

/** Extra aliases accepted by `keras.initializers.get`. */
export const EXTRA_ALIASES: Readonly<Record<string, ClassName>> = {
  IdentityInitializer: 'Identity',
  OrthogonalInitializer: 'Orthogonal',
  STFTInitializer: 'STFT',
  normal: 'RandomNormal',
  uniform: 'RandomUniform',
  one: 'Ones',
  zero: 'Zeros',
};

/** Every string id → canonical class (the base `Initializer`/`initializer` is accepted by Keras but samples nothing). */
export const ID_TO_CLASS: ReadonlyMap<string, ClassName> = new Map<string, ClassName>([
  ...CLASS_NAMES.map((c) => [c, c] as [string, ClassName]),
  ...CLASS_NAMES.map((c) => [SNAKE_CASE[c], c] as [string, ClassName]),
  ...Object.entries(EXTRA_ALIASES),
]);

/** tf.keras 2.x names that Keras 3 does not accept, with the Keras 3 spelling. */
export const KERAS2_ONLY_NAMES: Readonly<Record<string, string>> = {
  ConstantV2: 'Constant',
  GlorotNormalV2: 'GlorotNormal',
  GlorotUniformV2: 'GlorotUniform',
  HeNormalV2: 'HeNormal',
  HeUniformV2: 'HeUniform',
  IdentityV2: 'Identity',
  LecunNormalV2: 'LecunNormal',
  LecunUniformV2: 'LecunUniform',
  OnesV2: 'Ones',
  OrthogonalV2: 'Orthogonal',
  RandomNormalV2: 'RandomNormal',
  RandomUniformV2: 'RandomUniform',
  TruncatedNormalV2: 'TruncatedNormal',
  VarianceScalingV2: 'VarianceScaling',
  ZerosV2: 'Zeros',
  glorot_normalV2: 'glorot_normal',
  glorot_uniformV2: 'glorot_uniform',
  he_normalV2: 'he_normal',
  he_uniformV2: 'he_uniform',
  lecun_normalV2: 'lecun_normal',
  lecun_uniformV2: 'lecun_uniform',
};

/** Canonical class for an id, or undefined when Keras 3 rejects it. */
export function classForId(id: string): ClassName | undefined {
  return ID_TO_CLASS.get(id);
}
