/**
 * Convolutions (keras/src/layers/convolutional/): BaseConv, BaseConvTranspose, BaseSeparableConv,
 * BaseDepthwiseConv; output lengths from keras/src/ops/operation_utils.py `compute_conv_output_shape`
 * and keras/src/backend/common/backend_utils.py `compute_conv_transpose_output_shape`.
 */
import {
  KerasBuildError,
  UnknownShapeError,
  type Dim,
  type LayerArgs,
  type LayerDefinition,
  type TensorShape,
  type WeightSpec,
} from '../types';
import {
  boolArg,
  checkRank,
  initializerArg,
  intArg,
  intTupleArg,
  knownArg,
  pythonText,
  shapeText,
  singleInput,
  standardizeTuple,
  weight,
} from './args';

export type DataFormat = 'channels_last' | 'channels_first';

/** `standardize_data_format` (keras/src/backend/config.py); the default image_data_format is channels_last. */
export function dataFormatArg(args: LayerArgs): DataFormat {
  const value = knownArg(args, 'data_format');
  if (value === undefined || value.kind === 'none') return 'channels_last';
  const format = pythonText(value).toLowerCase();
  if (format !== 'channels_first' && format !== 'channels_last') {
    throw new KerasBuildError(
      `The \`data_format\` argument must be one of {'channels_first', 'channels_last'}. Received: data_format=${format}`,
    );
  }
  return format;
}

/** `standardize_padding` (keras/src/utils/argument_validation.py). */
export function paddingArg(args: LayerArgs, allowCausal: boolean): 'valid' | 'same' | 'causal' {
  const value = knownArg(args, 'padding');
  if (value === undefined) return 'valid';
  const padding = pythonText(value).toLowerCase();
  const allowed = allowCausal ? ['valid', 'same', 'causal'] : ['valid', 'same'];
  if (!allowed.includes(padding)) {
    throw new KerasBuildError(
      `The \`padding\` argument must be a list/tuple or one of {${allowed.map((a) => `'${a}'`).join(', ')}}. Received: ${padding}`,
    );
  }
  return padding as 'valid' | 'same' | 'causal';
}

/** Spatial dims and channel dim of an input in the given data format. */
export function splitChannels(shape: TensorShape, format: DataFormat): { spatial: Dim[]; channels: Dim } {
  return format === 'channels_last'
    ? { spatial: shape.slice(1, -1), channels: shape[shape.length - 1] ?? null }
    : { spatial: shape.slice(2), channels: shape[1] ?? null };
}

export function joinChannels(batch: Dim, spatial: readonly Dim[], channels: Dim, format: DataFormat): Dim[] {
  return format === 'channels_last' ? [batch, ...spatial, channels] : [batch, channels, ...spatial];
}

/** Python's tuple text of numbers as numpy prints an int array (`[1 1]`). */
function numpyArrayText(values: readonly number[]): string {
  return `[${values.join(' ')}]`;
}

function tupleText(values: readonly Dim[]): string {
  return shapeText(values);
}

/** `compute_conv_output_shape` spatial lengths: valid floor((n - d(k-1) - 1)/s) + 1, same/causal floor((n-1)/s) + 1. */
export function convOutputLengths(
  input: TensorShape,
  kernelShape: readonly number[],
  spatial: readonly Dim[],
  kernel: readonly number[],
  strides: readonly number[],
  dilation: readonly number[],
  padding: string,
): Dim[] {
  return spatial.map((length, i) => {
    const k = kernel[i] ?? 1;
    const s = strides[i] ?? 1;
    const d = dilation[i] ?? 1;
    if (length === null) return null;
    const out = padding === 'valid' ? Math.floor((length - d * (k - 1) - 1) / s) + 1 : Math.floor((length - 1) / s) + 1;
    if (padding === 'valid' && out <= 0) {
      throw new KerasBuildError(
        `Computed output size would be zero or negative. Received \`inputs shape=${shapeText(input)}\`, ` +
          `\`kernel shape=${tupleText(kernelShape)}\`, \`dilation_rate=${numpyArrayText(dilation)}\`, ` +
          `\`strides=${tupleText(strides)}\`, \`padding=${padding}\`.`,
      );
    }
    return out;
  });
}

/** The options every convolution shares, validated as BaseConv.__init__ does. */
interface ConvOptions {
  readonly kernelSize: number[];
  readonly strides: number[];
  readonly dilation: number[];
  readonly padding: 'valid' | 'same' | 'causal';
  readonly format: DataFormat;
  readonly useBias: boolean;
}

function convOptions(args: LayerArgs, rank: number, allowCausal: boolean): ConvOptions {
  return {
    kernelSize: intTupleArg(args, 'kernel_size', rank, 1),
    strides: intTupleArg(args, 'strides', rank, 1),
    dilation: intTupleArg(args, 'dilation_rate', rank, 1),
    padding: paddingArg(args, allowCausal),
    format: dataFormatArg(args),
    useBias: boolArg(args, 'use_bias', true),
  };
}

function requireArg(args: LayerArgs, className: string, name: string): void {
  if (!args.has(name)) {
    throw new KerasBuildError(`${className}.__init__() missing 1 required positional argument: '${name}'`, 'TypeError');
  }
}

function checkStridesAndDilation(options: ConvOptions): void {
  if (Math.max(...options.strides) > 1 && Math.max(...options.dilation) > 1) {
    throw new KerasBuildError(
      `\`strides > 1\` not supported in conjunction with \`dilation_rate > 1\`. Received: strides=${tupleText(options.strides)} and dilation_rate=${tupleText(options.dilation)}`,
    );
  }
}

function filtersArg(args: LayerArgs, className: string): number {
  requireArg(args, className, 'filters');
  const filters = intArg(args, 'filters');
  if (filters <= 0) {
    throw new KerasBuildError(`Invalid value for argument \`filters\`. Expected a strictly positive value. Received filters=${filters}.`);
  }
  return filters;
}

/** The input channel count, which sizes the kernel (Keras itself fails with a TypeError on None). */
function inputChannels(shape: TensorShape, format: DataFormat): number {
  const { channels } = splitChannels(shape, format);
  if (channels === null) {
    throw new UnknownShapeError(`the input channel dimension is not known: input shape ${shapeText(shape)}`);
  }
  return channels;
}

/**
 * The positional order of a convolution's constructor arguments in Keras: filters, kernel_size,
 * strides, padding, `afterPadding`, data_format, dilation_rate, `afterDilation`, use_bias.
 */
export function convPositional(afterPadding: readonly string[], afterDilation: readonly string[]): string[] {
  return ['filters', 'kernel_size', 'strides', 'padding', ...afterPadding, 'data_format', 'dilation_rate', ...afterDilation, 'use_bias'];
}

const CONV_POSITIONAL = convPositional([], ['groups', 'activation']);

/** Output spatial lengths of a convolution with these options on `shape` (Keras's compute_conv_output_shape). */
function outputLengths(shape: TensorShape, options: ConvOptions, channels: number, outChannels: number): Dim[] {
  const { spatial } = splitChannels(shape, options.format);
  return convOutputLengths(
    shape,
    [...options.kernelSize, channels, outChannels],
    spatial,
    options.kernelSize,
    options.strides,
    options.dilation,
    options.padding,
  );
}

/** Conv1D/2D/3D: kernel kernel_size + (in_channels // groups, filters), bias (filters,). */
function convolution(rank: number, className: string, aliases: string[]): LayerDefinition {
  return {
    className,
    aliases,
    positional: CONV_POSITIONAL,
    inputs: 'one',
    build(args, input, context) {
      const shape = singleInput(className, input);
      const filters = filtersArg(args, className);
      const groups = intArg(args, 'groups', 1);
      const options = convOptions(args, rank, rank === 1);
      if (groups <= 0) throw new KerasBuildError(`The number of groups must be a positive integer. Received: groups=${groups}.`);
      if (filters % groups !== 0) {
        throw new KerasBuildError(
          `The number of filters must be evenly divisible by the number of groups. Received: groups=${groups}, filters=${filters}.`,
        );
      }
      checkStridesAndDilation(options);
      checkRank(context.layerName, shape, { minNdim: rank + 2 });
      const channels = inputChannels(shape, options.format);
      if (channels % groups !== 0) {
        throw new KerasBuildError(
          `The number of input channels must be evenly divisible by the number of groups. Received groups=${groups}, but the input has ${channels} channels (full input shape is ${shapeText(shape)}).`,
        );
      }
      const kernelShape = [...options.kernelSize, Math.floor(channels / groups), filters];
      const lengths = outputLengths(shape, options, channels, filters);
      const weights: WeightSpec[] = [weight('kernel', kernelShape, initializerArg(args, 'kernel_initializer', 'glorot_uniform'))];
      if (options.useBias) weights.push(weight('bias', [filters], initializerArg(args, 'bias_initializer', 'zeros')));
      return { weights, output: joinChannels(shape[0] ?? null, lengths, filters, options.format) };
    },
  };
}

/** `_get_output_shape_given_tf_padding`: the transpose length rule with Keras's output_padding handling. */
function transposeLength(
  length: Dim,
  kernel: number,
  stride: number,
  padding: string,
  outputPadding: number | null,
  dilation: number,
): Dim {
  if (length === null) return null;
  const effectiveKernel = (kernel - 1) * dilation + 1;
  if (padding === 'valid') {
    const extra = outputPadding ?? Math.max(effectiveKernel, stride) - effectiveKernel;
    return (length - 1) * stride + effectiveKernel + extra;
  }
  return outputPadding === null ? length * stride : (length - 1) * stride + (effectiveKernel % 2) + outputPadding;
}

/** Conv1D/2D/3DTranspose: kernel kernel_size + (filters, in_channels), bias (filters,). */
function convolutionTranspose(rank: number, className: string, aliases: string[]): LayerDefinition {
  return {
    className,
    aliases,
    positional: convPositional(['output_padding'], ['activation']),
    inputs: 'one',
    build(args, input, context) {
      const shape = singleInput(className, input);
      const filters = filtersArg(args, className);
      const options = convOptions(args, rank, false);
      const outputPaddingValue = knownArg(args, 'output_padding');
      const outputPadding =
        outputPaddingValue === undefined || outputPaddingValue.kind === 'none'
          ? null
          : standardizeTuple(outputPaddingValue, rank, 'output_padding', true);
      if (outputPadding !== null) {
        outputPadding.forEach((pad, i) => {
          const stride = options.strides[i] ?? 1;
          if (pad >= stride) {
            throw new KerasBuildError(
              `\`output_padding\` must be strictly less than \`strides\` for all dimensions. At dimension ${i}, \`output_padding\` is ${pad} but \`strides\` is ${stride}. Received: output_padding=${tupleText(outputPadding)}, strides=${tupleText(options.strides)}`,
            );
          }
        });
      }
      checkStridesAndDilation(options);
      checkRank(context.layerName, shape, { minNdim: rank + 2 });
      const channels = inputChannels(shape, options.format);
      const { spatial } = splitChannels(shape, options.format);
      const lengths = spatial.map((length, i) =>
        transposeLength(
          length,
          options.kernelSize[i] ?? 1,
          options.strides[i] ?? 1,
          options.padding,
          outputPadding?.[i] ?? null,
          options.dilation[i] ?? 1,
        ),
      );
      const weights: WeightSpec[] = [
        weight('kernel', [...options.kernelSize, filters, channels], initializerArg(args, 'kernel_initializer', 'glorot_uniform')),
      ];
      if (options.useBias) weights.push(weight('bias', [filters], initializerArg(args, 'bias_initializer', 'zeros')));
      return { weights, output: joinChannels(shape[0] ?? null, lengths, filters, options.format) };
    },
  };
}

/** SeparableConv1D/2D: depthwise_kernel k + (in, depth_multiplier), pointwise_kernel (1,)*rank + (dm*in, filters), bias. */
function separableConvolution(rank: number, className: string, aliases: string[]): LayerDefinition {
  return {
    className,
    aliases,
    positional: convPositional([], ['depth_multiplier', 'activation']),
    inputs: 'one',
    build(args, input, context) {
      const shape = singleInput(className, input);
      const filters = filtersArg(args, className);
      const depthMultiplier = intArg(args, 'depth_multiplier', 1);
      const options = convOptions(args, rank, rank === 1);
      checkStridesAndDilation(options);
      checkRank(context.layerName, shape, { minNdim: rank + 2 });
      const channels = inputChannels(shape, options.format);
      const lengths = outputLengths(shape, options, channels, filters);
      const weights: WeightSpec[] = [
        weight(
          'depthwise_kernel',
          [...options.kernelSize, channels, depthMultiplier],
          initializerArg(args, 'depthwise_initializer', 'glorot_uniform'),
        ),
        weight(
          'pointwise_kernel',
          [...new Array<number>(rank).fill(1), depthMultiplier * channels, filters],
          initializerArg(args, 'pointwise_initializer', 'glorot_uniform'),
        ),
      ];
      if (options.useBias) weights.push(weight('bias', [filters], initializerArg(args, 'bias_initializer', 'zeros')));
      return { weights, output: joinChannels(shape[0] ?? null, lengths, filters, options.format) };
    },
  };
}

/** DepthwiseConv1D/2D: kernel k + (in, depth_multiplier), bias (depth_multiplier * in,). */
function depthwiseConvolution(rank: number, className: string): LayerDefinition {
  return {
    className,
    positional: ['kernel_size', 'strides', 'padding', 'depth_multiplier', 'data_format', 'dilation_rate', 'activation', 'use_bias'],
    inputs: 'one',
    build(args, input, context) {
      const shape = singleInput(className, input);
      requireArg(args, className, 'kernel_size');
      const depthMultiplier = intArg(args, 'depth_multiplier', 1);
      const options = convOptions(args, rank, rank === 1);
      checkStridesAndDilation(options);
      checkRank(context.layerName, shape, { minNdim: rank + 2 });
      const channels = inputChannels(shape, options.format);
      const outChannels = depthMultiplier * channels;
      const lengths = outputLengths(shape, options, channels, outChannels);
      const weights: WeightSpec[] = [
        weight(
          'kernel',
          [...options.kernelSize, channels, depthMultiplier],
          initializerArg(args, 'depthwise_initializer', 'glorot_uniform'),
        ),
      ];
      if (options.useBias) weights.push(weight('bias', [outChannels], initializerArg(args, 'bias_initializer', 'zeros')));
      return { weights, output: joinChannels(shape[0] ?? null, lengths, outChannels, options.format) };
    },
  };
}

export const CONV_DEFINITIONS: readonly LayerDefinition[] = [
  convolution(1, 'Conv1D', ['Convolution1D']),
  convolution(2, 'Conv2D', ['Convolution2D']),
  convolution(3, 'Conv3D', ['Convolution3D']),
  convolutionTranspose(1, 'Conv1DTranspose', ['Convolution1DTranspose']),
  convolutionTranspose(2, 'Conv2DTranspose', ['Convolution2DTranspose']),
  convolutionTranspose(3, 'Conv3DTranspose', ['Convolution3DTranspose']),
  separableConvolution(1, 'SeparableConv1D', ['SeparableConvolution1D']),
  separableConvolution(2, 'SeparableConv2D', ['SeparableConvolution2D']),
  depthwiseConvolution(1, 'DepthwiseConv1D'),
  depthwiseConvolution(2, 'DepthwiseConv2D'),
];
