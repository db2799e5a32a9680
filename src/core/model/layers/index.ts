/**
 * The layer catalogue: for each Keras 3 layer class, its positional parameters and build rule
 * (weights in `layer.weights` order, output shapes, Keras's errors), from Keras 3.16's sources.
 */
import type { LayerDefinition } from '../types';
import { DENSE } from './dense';

export const LAYER_DEFINITIONS: readonly LayerDefinition[] = [DENSE];

const BY_NAME = new Map<string, LayerDefinition>();
for (const definition of LAYER_DEFINITIONS) {
  BY_NAME.set(definition.className, definition);
  for (const alias of definition.aliases ?? []) BY_NAME.set(alias, definition);
}

/** The definition of a Keras layer class, by class name or alias. */
export function layerDefinition(name: string): LayerDefinition | undefined {
  return BY_NAME.get(name);
}
