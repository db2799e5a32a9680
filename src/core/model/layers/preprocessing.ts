/** Preprocessing layers with shapes or state (keras/src/layers/preprocessing/). */
import { KerasBuildError, type LayerDefinition } from '../types';
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

export const PREPROCESSING_DEFINITIONS: readonly LayerDefinition[] = [
  NORMALIZATION,
  RESCALING,
  imageResize('Resizing'),
  imageResize('CenterCrop'),
];
