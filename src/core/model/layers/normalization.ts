/** Normalization layers (keras/src/layers/normalization/). */
import { KerasBuildError, type LayerDefinition } from '../types';
import { boolArg, fixedInitializer, initializerArg, intArg, intListArg, knownDim, shapeText, singleInput, weight } from './args';
import type { WeightSpec } from '../types';

/** BatchNormalization: gamma, beta, then non-trainable moving_mean and moving_variance of (input_shape[axis],). */
const BATCH_NORMALIZATION: LayerDefinition = {
  className: 'BatchNormalization',
  positional: ['axis', 'momentum', 'epsilon', 'center', 'scale'],
  inputs: 'one',
  build(args, input) {
    const shape = singleInput('BatchNormalization', input);
    const axis = intArg(args, 'axis', -1);
    if (axis >= shape.length || axis < -shape.length) throw new KerasBuildError('tuple index out of range', 'TypeError');
    const dim = knownDim(shape, axis, 'BatchNormalization weights');
    const weights: WeightSpec[] = [];
    if (boolArg(args, 'scale', true)) weights.push(weight('gamma', [dim], initializerArg(args, 'gamma_initializer', 'ones')));
    if (boolArg(args, 'center', true)) weights.push(weight('beta', [dim], initializerArg(args, 'beta_initializer', 'zeros')));
    weights.push(weight('moving_mean', [dim], initializerArg(args, 'moving_mean_initializer', 'zeros'), { trainable: false }));
    weights.push(weight('moving_variance', [dim], initializerArg(args, 'moving_variance_initializer', 'ones'), { trainable: false }));
    return { weights, output: [...shape] };
  },
};

/** `canonicalize_axis` (backend_utils.py) with its out-of-bounds message. */
function canonicalAxis(axis: number, rank: number): number {
  if (axis < -rank || axis >= rank) throw new KerasBuildError(`axis ${axis} is out of bounds for an array with dimension ${rank}.`);
  return axis < 0 ? axis + rank : axis;
}

/** LayerNormalization: gamma then beta over the sorted normalized axes. */
const LAYER_NORMALIZATION: LayerDefinition = {
  className: 'LayerNormalization',
  positional: ['axis', 'epsilon', 'center', 'scale', 'rms_scaling'],
  inputs: 'one',
  build(args, input) {
    const shape = singleInput('LayerNormalization', input);
    const axes = intListArg(args, 'axis', -1)
      .map((a) => canonicalAxis(a, shape.length))
      .sort((a, b) => a - b);
    const paramShape = axes.map((a) => knownDim(shape, a, 'LayerNormalization weights'));
    const weights: WeightSpec[] = [];
    if (boolArg(args, 'scale', true) || boolArg(args, 'rms_scaling', false)) {
      weights.push(weight('gamma', paramShape, initializerArg(args, 'gamma_initializer', 'ones')));
    }
    if (boolArg(args, 'center', true) && !boolArg(args, 'rms_scaling', false)) {
      weights.push(weight('beta', paramShape, initializerArg(args, 'beta_initializer', 'zeros')));
    }
    return { weights, output: [...shape] };
  },
};

/** GroupNormalization: channels along `axis` split into groups; gamma and beta of (channels,). */
const GROUP_NORMALIZATION: LayerDefinition = {
  className: 'GroupNormalization',
  positional: ['groups', 'axis', 'epsilon', 'center', 'scale'],
  inputs: 'one',
  build(args, input) {
    const shape = singleInput('GroupNormalization', input);
    const axis = intArg(args, 'axis', -1);
    const dim = shape[axis < 0 ? axis + shape.length : axis] ?? null;
    if (dim === null) {
      throw new KerasBuildError(
        `Axis ${axis} of input tensor should have a defined dimension but the layer received an input with shape ${shapeText(shape)}.`,
      );
    }
    let groups = intArg(args, 'groups', 32);
    if (groups === -1) groups = dim;
    if (dim < groups) throw new KerasBuildError(`Number of groups (${groups}) cannot be more than the number of channels (${dim}).`);
    if (dim % groups !== 0) {
      throw new KerasBuildError(`Number of groups (${groups}) must be a multiple of the number of channels (${dim}).`);
    }
    const weights: WeightSpec[] = [];
    if (boolArg(args, 'scale', true)) weights.push(weight('gamma', [dim], initializerArg(args, 'gamma_initializer', 'ones')));
    if (boolArg(args, 'center', true)) weights.push(weight('beta', [dim], initializerArg(args, 'beta_initializer', 'zeros')));
    return { weights, output: [...shape] };
  },
};

const UNIT_NORMALIZATION: LayerDefinition = {
  className: 'UnitNormalization',
  positional: ['axis'],
  inputs: 'one',
  build(_args, input) {
    return { weights: [], output: [...singleInput('UnitNormalization', input)] };
  },
};

/** RMSNormalization: `scale` of the normalized axes' sizes (initializer "ones", not an argument). */
const RMS_NORMALIZATION: LayerDefinition = {
  className: 'RMSNormalization',
  positional: ['axis', 'epsilon'],
  inputs: 'one',
  build(args, input) {
    const shape = singleInput('RMSNormalization', input);
    const axes = intListArg(args, 'axis', -1).map((a) => canonicalAxis(a, shape.length));
    const paramShape = axes.map((a) => knownDim(shape, a, 'RMSNormalization scale'));
    return { weights: [weight('scale', paramShape, fixedInitializer('ones'))], output: [...shape] };
  },
};

export const NORMALIZATION_DEFINITIONS: readonly LayerDefinition[] = [
  BATCH_NORMALIZATION,
  LAYER_NORMALIZATION,
  GROUP_NORMALIZATION,
  UNIT_NORMALIZATION,
  RMS_NORMALIZATION,
];
