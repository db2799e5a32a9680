/**
 * The layer catalogue: for each Keras 3 layer class, its positional parameters and build rule
 * (weights in `layer.weights` order, output shapes, Keras's errors), from Keras 3.16's sources.
 */
import type { LayerDefinition } from '../types';
import { ATTENTION_DEFINITIONS } from './attention';
import { CONV_DEFINITIONS } from './conv';
import { DENSE, EINSUM_DENSE } from './dense';
import { EMBEDDING } from './embedding';
import { MERGE_DEFINITIONS } from './merge';
import { NORMALIZATION_DEFINITIONS } from './normalization';
import { POOLING_DEFINITIONS } from './pooling';
import { PREPROCESSING_DEFINITIONS } from './preprocessing';
import { RECURRENT_DEFINITIONS, setWrappedLayerLookup } from './recurrent';
import { RESHAPING_DEFINITIONS } from './reshaping';
import { SIMPLE_DEFINITIONS } from './simple';

export const LAYER_DEFINITIONS: readonly LayerDefinition[] = [
  DENSE,
  EINSUM_DENSE,
  EMBEDDING,
  ...CONV_DEFINITIONS,
  ...POOLING_DEFINITIONS,
  ...RESHAPING_DEFINITIONS,
  ...SIMPLE_DEFINITIONS,
  ...RECURRENT_DEFINITIONS,
  ...NORMALIZATION_DEFINITIONS,
  ...ATTENTION_DEFINITIONS,
  ...MERGE_DEFINITIONS,
  ...PREPROCESSING_DEFINITIONS,
];

const BY_NAME = new Map<string, LayerDefinition>();
for (const definition of LAYER_DEFINITIONS) {
  BY_NAME.set(definition.className, definition);
  for (const alias of definition.aliases ?? []) BY_NAME.set(alias, definition);
}

/** The definition of a Keras layer class, by class name or alias. */
export function layerDefinition(name: string): LayerDefinition | undefined {
  return BY_NAME.get(name);
}

// Wrappers (Bidirectional, TimeDistributed) build their inner layer through the catalogue.
setWrappedLayerLookup(layerDefinition);

/** Classes whose instances never create a weight, whatever they are built on. */
const WEIGHTLESS = new Set<LayerDefinition>(
  [...POOLING_DEFINITIONS, ...RESHAPING_DEFINITIONS, ...MERGE_DEFINITIONS, ...SIMPLE_DEFINITIONS, ...PREPROCESSING_DEFINITIONS].filter(
    (d) => d.className !== 'PReLU' && d.className !== 'Lambda' && d.className !== 'Normalization',
  ),
);

/**
 * True for a layer class that has no weights in any build (Dropout, pooling, reshaping, merging,
 * image augmentation): `layer.weights` is empty even when the layer is never called.
 */
export function definesNoWeights(definition: LayerDefinition): boolean {
  return WEIGHTLESS.has(definition);
}

export { partialBuild, recordArgs, type PartialDims, type PartialInput, type PartialWeight } from './partial';
