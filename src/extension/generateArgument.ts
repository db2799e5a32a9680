/** The argument the preview's Export button passes to the generate command, for a configuration. */
import { createInitializer, createSampleStream, serialize, type SerializedInitializer } from '../core/index';
import { initializerKwargs, isSeeded, type PreviewConfig } from '../protocol/previewConfig';

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
