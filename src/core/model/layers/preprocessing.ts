/** Preprocessing layers with shapes or state (keras/src/layers/preprocessing/). */
import { KerasBuildError, UnknownShapeError, type LayerDefinition } from '../types';
import { fixedInitializer, givenArg, intArg, intListArg, knownArg, knownShape, singleInput, weight } from './args';
import { dataFormatArg } from './conv';

/** Normalization: non-trainable mean, variance over the kept axes and an int `count`, unless mean/variance are given. */
const NORMALIZATION: LayerDefinition = {
  className: 'Normalization',
  positional: ['axis', 'mean', 'variance', 'invert'],
  inputs: 'one',
  build(args, input) {
    const shape = singleInput('Normalization', input);
    const rank = shape.length;
    const axisValue = knownArg(args, 'axis');
    const axes = axisValue?.kind === 'none' ? [] : intListArg(args, 'axis', -1);
    if (axes.some((a) => a < -rank || a >= rank)) {
      const text = axisValue === undefined ? '(-1,)' : `(${axes.join(', ')}${axes.length === 1 ? ',' : ''})`;
      throw new KerasBuildError(
        `All \`axis\` values must be in the range [-ndim, ndim). Received inputs with ndim=${rank}, while axis=${text}`,
      );
    }
    const keep = [...new Set(axes.map((a) => (a < 0 ? a + rank : a)))].sort((a, b) => a - b);
    const stateShape = knownShape(
      'mean',
      keep.map((a) => shape[a] ?? null),
    );
    if (givenArg(args, 'mean') !== undefined) return { weights: [], output: [...shape] };
    return {
      weights: [
        weight('mean', stateShape, fixedInitializer('zeros'), { trainable: false }),
        weight('variance', stateShape, fixedInitializer('ones'), { trainable: false }),
        // dtype "int" is int32 on the jax, numpy and torch backends (int64 on tensorflow).
        weight('count', [], fixedInitializer('zeros'), { trainable: false, dtype: 'int32' }),
      ],
      output: [...shape],
    };
  },
};

const RESCALING: LayerDefinition = {
  className: 'Rescaling',
  positional: ['scale', 'offset'],
  inputs: 'one',
  build(_args, input) {
    return { weights: [], output: [...singleInput('Rescaling', input)] };
  },
};

/** Resizing/CenterCrop: height and width replaced on the image axes (rank 3 or 4). */
function imageResize(className: string): LayerDefinition {
  return {
    className,
    positional: ['height', 'width'],
    inputs: 'one',
    build(args, input) {
      const shape = [...singleInput(className, input)];
      const height = intArg(args, 'height');
      const width = intArg(args, 'width');
      const channelsFirst = dataFormatArg(args) === 'channels_first';
      const rowAxis = shape.length === 4 ? (channelsFirst ? 2 : 1) : channelsFirst ? 1 : 0;
      shape[rowAxis] = height;
      shape[rowAxis + 1] = width;
      return { weights: [], output: shape };
    },
  };
}

/**
 * Image augmentation layers (keras/src/layers/preprocessing/image_preprocessing/): the output is
 * the input shape, whatever its rank, and they have no weights (their SeedGenerator's state is not
 * in `layer.weights`). Positional parameters are those of each `__init__`.
 */
const AUGMENTATIONS: readonly (readonly [string, readonly string[]])[] = [
  ['RandomFlip', ['mode', 'seed', 'data_format']],
  ['RandomRotation', ['factor', 'fill_mode', 'interpolation', 'seed', 'fill_value', 'data_format']],
  ['RandomZoom', ['height_factor', 'width_factor', 'fill_mode', 'interpolation', 'seed', 'fill_value', 'data_format']],
  ['RandomTranslation', ['height_factor', 'width_factor', 'fill_mode', 'interpolation', 'seed', 'fill_value', 'data_format']],
  ['RandomContrast', ['factor', 'value_range', 'seed']],
  ['RandomBrightness', ['factor', 'value_range', 'seed']],
  ['AutoContrast', ['value_range']],
  ['Equalization', ['value_range', 'bins', 'data_format']],
  ['RandomGrayscale', ['factor', 'data_format', 'seed']],
  ['RandomHue', ['factor', 'value_range', 'data_format', 'seed']],
  ['RandomSaturation', ['factor', 'value_range', 'data_format', 'seed']],
  ['RandomSharpness', ['factor', 'value_range', 'data_format', 'seed']],
  ['RandomShear', ['x_factor', 'y_factor', 'interpolation', 'fill_mode', 'fill_value', 'data_format', 'seed']],
  ['RandomColorJitter', ['value_range', 'brightness_factor', 'contrast_factor', 'saturation_factor', 'hue_factor', 'seed']],
  ['RandomPosterization', ['factor', 'value_range', 'data_format', 'seed']],
  ['RandomInvert', ['factor', 'value_range', 'seed', 'data_format']],
  ['RandomErasing', ['factor', 'scale', 'fill_value', 'value_range', 'seed', 'data_format']],
  ['RandomGaussianBlur', ['factor', 'kernel_size', 'sigma', 'value_range', 'data_format', 'seed']],
  ['RandomPerspective', ['factor', 'scale', 'interpolation', 'fill_value', 'seed', 'data_format']],
  ['RandomElasticTransform', ['factor', 'scale', 'interpolation', 'fill_mode', 'fill_value', 'value_range', 'seed', 'data_format']],
  ['Solarization', ['addition_factor', 'threshold_factor', 'value_range', 'seed']],
  ['MixUp', ['alpha', 'data_format', 'seed']],
  ['CutMix', ['factor', 'seed', 'data_format']],
  ['AugMix', ['value_range', 'num_chains', 'chain_depth', 'factor', 'alpha', 'all_ops', 'interpolation', 'seed', 'data_format']],
  ['RandAugment', ['value_range', 'num_ops', 'factor', 'interpolation', 'seed', 'data_format']],
];

function augmentation(className: string, positional: readonly string[]): LayerDefinition {
  return {
    className,
    positional,
    inputs: 'one',
    build(_args, input) {
      return { weights: [], output: [...singleInput(className, input)] };
    },
  };
}

/**
 * RandomCrop: height and width set on axes -3 and -2 (-2 and -1 channels first), any rank of at
 * least 3 with the batch (random_crop.py `compute_output_shape`).
 */
const RANDOM_CROP: LayerDefinition = {
  className: 'RandomCrop',
  positional: ['height', 'width', 'seed', 'data_format'],
  inputs: 'one',
  build(args, input) {
    const shape = [...singleInput('RandomCrop', input)];
    const height = intArg(args, 'height');
    const width = intArg(args, 'width');
    const channelsFirst = dataFormatArg(args) === 'channels_first';
    const heightAxis = shape.length + (channelsFirst ? -2 : -3);
    if (heightAxis < 0) {
      // Python raises IndexError (list assignment index out of range) in compute_output_shape.
      throw new UnknownShapeError(`Keras raises IndexError: RandomCrop needs inputs of rank 3 or more, got rank ${shape.length}`);
    }
    shape[heightAxis] = height;
    shape[heightAxis + 1] = width;
    return { weights: [], output: shape };
  },
};

export const PREPROCESSING_DEFINITIONS: readonly LayerDefinition[] = [
  NORMALIZATION,
  RESCALING,
  imageResize('Resizing'),
  imageResize('CenterCrop'),
  RANDOM_CROP,
  ...AUGMENTATIONS.map(([className, positional]) => augmentation(className, positional)),
];
