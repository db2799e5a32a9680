/**
 * Shape-preserving layers: regularization (keras/src/layers/regularization/), activations
 * (keras/src/layers/activations/, with PReLU's `alpha` weight), Masking, Identity, Lambda.
 */
import { KerasBuildError, UnknownShapeError, type LayerDefinition, type LayerArgs } from '../types';
import { checkRank, floatArg, initializerArg, intListArg, knownArg, pythonText, shapeValue, singleInput, weight } from './args';

/** A layer whose output is its input, with optional rank check and argument check. */
function passThrough(
  className: string,
  positional: string[],
  options: { ndim?: number; check?: (args: LayerArgs) => void; aliases?: string[] } = {},
): LayerDefinition {
  return {
    className,
    aliases: options.aliases,
    positional,
    inputs: 'one',
    build(args, input, context) {
      const shape = singleInput(className, input);
      options.check?.(args);
      if (options.ndim !== undefined) checkRank(context.layerName, shape, { ndim: options.ndim });
      return { weights: [], output: [...shape] };
    },
  };
}

/** Dropout-family `__init__` check `0 <= rate <= 1` (the argument is `stddev` for GaussianNoise). */
function rateCheck(argument: string): (args: LayerArgs) => void {
  return (args) => {
    const value = knownArg(args, argument);
    if (value === undefined) {
      throw new UnknownShapeError(`\`${argument}\` is not given`);
    }
    const rate = floatArg(args, argument, 0);
    if (!(rate >= 0 && rate <= 1)) {
      throw new KerasBuildError(
        `Invalid value received for argument \`${argument}\`. Expected a float value between 0 and 1. Received: ${argument}=${pythonText(value)}`,
      );
    }
  };
}

/** PReLU: alpha of shape input_shape[1:] with shared axes set to 1 (keras/src/layers/activations/prelu.py). */
const PRELU: LayerDefinition = {
  className: 'PReLU',
  positional: ['alpha_initializer', 'alpha_regularizer', 'alpha_constraint', 'shared_axes'],
  inputs: 'one',
  build(args, input) {
    const shape = singleInput('PReLU', input);
    const alphaShape = shape.slice(1);
    const shared = knownArg(args, 'shared_axes');
    if (shared !== undefined && shared.kind !== 'none') {
      for (const axis of intListArg(args, 'shared_axes', [])) alphaShape[axis - 1] = 1;
    }
    return { weights: [weight('alpha', alphaShape, initializerArg(args, 'alpha_initializer', 'Zeros'))], output: [...shape] };
  },
};

/** Lambda: the output shape is known only from `output_shape=` (batch prepended), never by running the function. */
const LAMBDA: LayerDefinition = {
  className: 'Lambda',
  positional: ['function', 'output_shape', 'mask', 'arguments'],
  inputs: 'one',
  build(args, input) {
    const shape = singleInput('Lambda', input);
    const value = knownArg(args, 'output_shape');
    if (value === undefined || value.kind === 'none') {
      throw new UnknownShapeError('the output shape of a Lambda layer is not known without `output_shape=`');
    }
    if (value.kind === 'callable') throw new UnknownShapeError(`Lambda's \`output_shape\` is a function (${value.name})`);
    return { weights: [], output: [shape[0] ?? null, ...shapeValue('output_shape', value)] };
  },
};

export const SIMPLE_DEFINITIONS: readonly LayerDefinition[] = [
  passThrough('Dropout', ['rate', 'noise_shape', 'seed'], { check: rateCheck('rate') }),
  passThrough('SpatialDropout1D', ['rate', 'seed'], { check: rateCheck('rate'), ndim: 3 }),
  passThrough('SpatialDropout2D', ['rate', 'data_format', 'seed'], { check: rateCheck('rate'), ndim: 4 }),
  passThrough('SpatialDropout3D', ['rate', 'data_format', 'seed'], { check: rateCheck('rate'), ndim: 5 }),
  passThrough('GaussianNoise', ['stddev', 'seed'], { check: rateCheck('stddev') }),
  passThrough('GaussianDropout', ['rate', 'seed'], { check: rateCheck('rate') }),
  passThrough('AlphaDropout', ['rate', 'noise_shape', 'seed'], { check: rateCheck('rate') }),
  passThrough('ActivityRegularization', ['l1', 'l2']),
  passThrough('Activation', ['activation']),
  passThrough('ReLU', ['max_value', 'negative_slope', 'threshold']),
  passThrough('LeakyReLU', ['negative_slope']),
  passThrough('ELU', ['alpha']),
  passThrough('Softmax', ['axis']),
  passThrough('Identity', []),
  passThrough('Masking', ['mask_value']),
  PRELU,
  LAMBDA,
];
