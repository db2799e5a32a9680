/** Reshaping layers (keras/src/layers/reshaping/). */
import { KerasBuildError, type Dim, type LayerDefinition, type Value } from '../types';
import {
  checkRank,
  intArg,
  intListArg,
  knownArg,
  pythonText,
  sequenceItems,
  shapeArg,
  shapeText,
  singleInput,
  standardizeTuple,
} from './args';
import { dataFormatArg, joinChannels, splitChannels } from './conv';

/** Flatten.compute_output_shape: (batch, prod(rest)), None if any is None, 1 for rank 1. */
const FLATTEN: LayerDefinition = {
  className: 'Flatten',
  positional: ['data_format'],
  inputs: 'one',
  build(args, input) {
    const shape = singleInput('Flatten', input);
    dataFormatArg(args);
    const rest = shape.slice(1);
    const flat = rest.some((d) => d === null) ? null : rest.reduce<number>((p, d) => p * (d ?? 1), 1);
    return { weights: [], output: [shape[0] ?? null, flat] };
  },
};

/** Reshape: `compute_reshape_output_shape` resolves one -1 when every size is known. */
const RESHAPE: LayerDefinition = {
  className: 'Reshape',
  positional: ['target_shape'],
  inputs: 'one',
  build(args, input) {
    const shape = singleInput('Reshape', input);
    const target = shapeArg(args, 'target_shape');
    const targetText = shapeText(target);
    if (target.filter((d) => d === -1).length > 1) {
      throw new KerasBuildError(
        `There must be at most one unknown dimension (-1) in \`target_shape\`. Received: target_shape=${targetText}.`,
      );
    }
    const rest = shape.slice(1);
    const batch = shape[0] ?? null;
    if (rest.includes(null) || target.includes(null)) return { weights: [], output: [batch, ...target.map((d) => (d === -1 ? null : d))] };
    const inputSize = rest.reduce<number>((p, d) => p * (d ?? 1), 1);
    const known = target.filter((d) => d !== -1).reduce<number>((p, d) => p * (d ?? 1), 1);
    if (!target.includes(-1)) {
      if (known !== inputSize) {
        throw new KerasBuildError(
          `The total size of the tensor must be unchanged. Received: input_shape=${shapeText(rest)}, target_shape=${targetText}`,
        );
      }
      return { weights: [], output: [batch, ...target] };
    }
    if (known === 0 || inputSize % known !== 0) {
      throw new KerasBuildError(
        `The total size of the tensor must be unchanged, however, the input size cannot by divided by the specified dimensions in target_shape. Received: input_shape=${shapeText(rest)}, target_shape=${targetText}`,
      );
    }
    return { weights: [], output: [batch, ...target.map((d) => (d === -1 ? inputSize / known : d))] };
  },
};

/** Permute: dims must be a permutation of 1..n; InputSpec(ndim=n+1). */
const PERMUTE: LayerDefinition = {
  className: 'Permute',
  positional: ['dims'],
  inputs: 'one',
  build(args, input, context) {
    const shape = singleInput('Permute', input);
    const dimsValue = knownArg(args, 'dims');
    const dims = intListArg(args, 'dims', []);
    const sorted = [...dims].sort((a, b) => a - b);
    if (!sorted.every((d, i) => d === i + 1)) {
      throw new KerasBuildError(
        `Invalid permutation argument \`dims\` for Permute Layer. The set of indices in \`dims\` must be consecutive and start from 1. Received dims=${dimsValue === undefined ? '()' : pythonText(dimsValue)}`,
      );
    }
    checkRank(context.layerName, shape, { ndim: dims.length + 1 });
    return { weights: [], output: [shape[0] ?? null, ...dims.map((d) => shape[d] ?? null)] };
  },
};

/** RepeatVector: (batch, n, features) from a rank-2 input. */
const REPEAT_VECTOR: LayerDefinition = {
  className: 'RepeatVector',
  positional: ['n'],
  inputs: 'one',
  build(args, input, context) {
    const shape = singleInput('RepeatVector', input);
    const n = intArg(args, 'n');
    if (n <= 0) throw new KerasBuildError(`Argument \`n\` should be a positive integer. Received: n=${n}`);
    checkRank(context.layerName, shape, { ndim: 2 });
    return { weights: [], output: [shape[0] ?? null, n, shape[1] ?? null] };
  },
};

/** A per-spatial-dim (before, after) pair list from an int, n ints, or n pairs (Cropping/ZeroPadding). */
function pairs(name: string, value: Value, dims: number): [number, number][] {
  if (dims === 1) {
    const [a, b] = standardizeTuple(value, 2, name, true);
    return [[a ?? 0, b ?? 0]];
  }
  if (value.kind === 'int') return new Array(dims).fill(0).map(() => [value.value, value.value]);
  const items = sequenceItems(name, value) ?? [];
  return items.map((item) => {
    const [a, b] = standardizeTuple(item, 2, name, true);
    return [a ?? 0, b ?? 0];
  });
}

function pairsText(list: readonly [number, number][]): string {
  return list.length === 1 ? `(${list[0]?.[0]}, ${list[0]?.[1]})` : `(${list.map(([a, b]) => `(${a}, ${b})`).join(', ')})`;
}

function cropping(dims: number, className: string): LayerDefinition {
  const fallback: Value =
    dims === 1
      ? {
          kind: 'tuple',
          items: [
            { kind: 'int', value: 1 },
            { kind: 'int', value: 1 },
          ],
        }
      : { kind: 'int', value: 0 };
  return {
    className,
    positional: dims === 1 ? ['cropping'] : ['cropping', 'data_format'],
    inputs: 'one',
    build(args, input, context) {
      const shape = singleInput(className, input);
      const crops = pairs('cropping', knownArg(args, 'cropping') ?? fallback, dims);
      const format = dims === 1 ? 'channels_last' : dataFormatArg(args);
      checkRank(context.layerName, shape, { ndim: dims + 2 });
      const { spatial, channels } = splitChannels(shape, format);
      const tooLarge = spatial.some((length, i) => length !== null && length - (crops[i]?.[0] ?? 0) - (crops[i]?.[1] ?? 0) <= 0);
      if (tooLarge) {
        throw new KerasBuildError(
          dims === 1
            ? `\`cropping\` parameter of \`Cropping1D\` layer must be smaller than the input length. Received: input_shape=${shapeText(shape)}, cropping=${pairsText(crops)}`
            : `Values in \`cropping\` argument should be smaller than the corresponding spatial dimension of the input. Received: input_shape=${shapeText(shape)}, cropping=${pairsText(crops)}`,
        );
      }
      const lengths = spatial.map((length, i) => (length === null ? null : length - (crops[i]?.[0] ?? 0) - (crops[i]?.[1] ?? 0)));
      return { weights: [], output: joinChannels(shape[0] ?? null, lengths, channels, format) };
    },
  };
}

function zeroPadding(dims: number, className: string): LayerDefinition {
  return {
    className,
    positional: ['padding', 'data_format'],
    inputs: 'one',
    build(args, input, context) {
      const shape = singleInput(className, input);
      const pads = pairs('padding', knownArg(args, 'padding') ?? { kind: 'int', value: 1 }, dims);
      const format = dataFormatArg(args);
      checkRank(context.layerName, shape, { ndim: dims + 2 });
      const { spatial, channels } = splitChannels(shape, format);
      const lengths: Dim[] = spatial.map((length, i) => (length === null ? null : length + (pads[i]?.[0] ?? 0) + (pads[i]?.[1] ?? 0)));
      return { weights: [], output: joinChannels(shape[0] ?? null, lengths, channels, format) };
    },
  };
}

function upSampling(dims: number, className: string): LayerDefinition {
  return {
    className,
    positional: dims === 1 ? ['size'] : ['size', 'data_format'],
    inputs: 'one',
    build(args, input, context) {
      const shape = singleInput(className, input);
      const size = standardizeTuple(knownArg(args, 'size') ?? { kind: 'int', value: 2 }, dims, 'size');
      const format = dims === 1 ? 'channels_last' : dataFormatArg(args);
      checkRank(context.layerName, shape, { ndim: dims + 2 });
      const { spatial, channels } = splitChannels(shape, format);
      const lengths = spatial.map((length, i) => (length === null ? null : length * (size[i] ?? 1)));
      return { weights: [], output: joinChannels(shape[0] ?? null, lengths, channels, format) };
    },
  };
}

export const RESHAPING_DEFINITIONS: readonly LayerDefinition[] = [
  FLATTEN,
  RESHAPE,
  PERMUTE,
  REPEAT_VECTOR,
  cropping(1, 'Cropping1D'),
  cropping(2, 'Cropping2D'),
  cropping(3, 'Cropping3D'),
  zeroPadding(1, 'ZeroPadding1D'),
  zeroPadding(2, 'ZeroPadding2D'),
  zeroPadding(3, 'ZeroPadding3D'),
  upSampling(1, 'UpSampling1D'),
  upSampling(2, 'UpSampling2D'),
  upSampling(3, 'UpSampling3D'),
];
