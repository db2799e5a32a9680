/** Embedding (keras/src/layers/core/embedding.py). */
import type { LayerDefinition } from '../types';
import { initializerArg, intArg, singleInput, weight } from './args';

/** embeddings (input_dim, output_dim); output appends output_dim to the input shape. */
export const EMBEDDING: LayerDefinition = {
  className: 'Embedding',
  positional: ['input_dim', 'output_dim', 'embeddings_initializer', 'embeddings_regularizer', 'embeddings_constraint', 'mask_zero'],
  inputs: 'one',
  build(args, input) {
    const shape = singleInput('Embedding', input);
    const inputDim = intArg(args, 'input_dim');
    const outputDim = intArg(args, 'output_dim');
    return {
      weights: [weight('embeddings', [inputDim, outputDim], initializerArg(args, 'embeddings_initializer', 'uniform'))],
      output: [...shape, outputDim],
    };
  },
};
