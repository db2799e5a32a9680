/** Dense and EinsumDense (keras/src/layers/core/dense.py, einsum_dense.py). */
import type { LayerDefinition } from '../types';
import { boolArg, checkRank, initializerArg, knownDim, positiveIntArg, singleInput, weight } from './args';

/** Dense: kernel (input_shape[-1], units) then bias (units,); output replaces the last axis. */
export const DENSE: LayerDefinition = {
  className: 'Dense',
  positional: ['units', 'activation', 'use_bias', 'kernel_initializer', 'bias_initializer'],
  inputs: 'one',
  build(args, input, context) {
    const shape = singleInput('Dense', input);
    const units = positiveIntArg(args, 'units');
    checkRank(context.layerName, shape, { minNdim: 2 });
    const inputDim = knownDim(shape, -1, 'Dense kernel');
    const weights = [weight('kernel', [inputDim, units], initializerArg(args, 'kernel_initializer', 'glorot_uniform'))];
    if (boolArg(args, 'use_bias', true)) weights.push(weight('bias', [units], initializerArg(args, 'bias_initializer', 'zeros')));
    return { weights, output: [...shape.slice(0, -1), units] };
  },
};
