/**
 * Pooling (keras/src/layers/pooling/): BasePooling with `compute_pooling_output_shape`
 * (keras/src/ops/operation_utils.py) and BaseGlobalPooling.
 */
import { KerasBuildError, type Dim, type LayerDefinition } from '../types';
import { boolArg, checkRank, knownArg, shapeText, singleInput, standardizeTuple } from './args';
import { dataFormatArg, joinChannels, splitChannels } from './conv';

/** `compute_pooling_output_shape`: valid floor((n - p)/s) + 1 (must be > 0), same floor((n - 1)/s) + 1. */
function pooling(rank: number, className: string, aliases: string[], poolSizeDefault: number | undefined): LayerDefinition {
  return {
    className,
    aliases,
    positional: ['pool_size', 'strides', 'padding', 'data_format'],
    inputs: 'one',
    build(args, input, context) {
      const shape = singleInput(className, input);
      const poolValue = knownArg(args, 'pool_size');
      if (poolValue === undefined && poolSizeDefault === undefined) {
        throw new KerasBuildError(`${className}.__init__() missing 1 required positional argument: 'pool_size'`, 'TypeError');
      }
      const poolSize = standardizeTuple(poolValue ?? { kind: 'int', value: poolSizeDefault ?? 2 }, rank, 'pool_size');
      const stridesValue = knownArg(args, 'strides');
      // BasePooling: `strides = pool_size if strides is None else strides`.
      const strides =
        stridesValue === undefined || stridesValue.kind === 'none' ? [...poolSize] : standardizeTuple(stridesValue, rank, 'strides', true);
      const paddingValue = knownArg(args, 'padding');
      const padding = paddingValue?.kind === 'str' ? paddingValue.value.toLowerCase() : 'valid';
      const format = dataFormatArg(args);
      checkRank(context.layerName, shape, { ndim: rank + 2 });
      const { spatial, channels } = splitChannels(shape, format);
      const lengths: Dim[] = spatial.map((length, i) => {
        const pool = poolSize[i] ?? 1;
        const stride = strides[i] ?? 1;
        if (length === null) return null;
        if (padding === 'same') return Math.floor((length - 1) / stride) + 1;
        const out = Math.floor((length - pool) / stride) + 1;
        if (out <= 0) {
          const dims = shape.map((d) => (d === null ? 'None' : String(d))).join(' ');
          throw new KerasBuildError(
            `Computed output size would be zero or negative. Received: \`inputs.shape=[${dims}]\`, \`pool_size=[${poolSize.join(' ')}]\`, \`strides=${shapeText(strides)}\`, \`padding=${padding}\`.`,
          );
        }
        return out;
      });
      return { weights: [], output: joinChannels(shape[0] ?? null, lengths, channels, format) };
    },
  };
}

/** BaseGlobalPooling.compute_output_shape: (batch, channels), or spatial axes kept as 1 with keepdims. */
function globalPooling(rank: number, className: string, aliases: string[]): LayerDefinition {
  return {
    className,
    aliases,
    positional: ['data_format', 'keepdims'],
    inputs: 'one',
    build(args, input, context) {
      const shape = singleInput(className, input);
      const format = dataFormatArg(args);
      const keepdims = boolArg(args, 'keepdims', false);
      checkRank(context.layerName, shape, { ndim: rank + 2 });
      const { spatial, channels } = splitChannels(shape, format);
      const batch = shape[0] ?? null;
      if (!keepdims) return { weights: [], output: [batch, channels] };
      return {
        weights: [],
        output: joinChannels(
          batch,
          spatial.map(() => 1),
          channels,
          format,
        ),
      };
    },
  };
}

export const POOLING_DEFINITIONS: readonly LayerDefinition[] = [
  pooling(1, 'MaxPooling1D', ['MaxPool1D'], 2),
  pooling(2, 'MaxPooling2D', ['MaxPool2D'], 2),
  pooling(3, 'MaxPooling3D', ['MaxPool3D'], 2),
  pooling(1, 'AveragePooling1D', ['AvgPool1D'], undefined),
  pooling(2, 'AveragePooling2D', ['AvgPool2D'], undefined),
  pooling(3, 'AveragePooling3D', ['AvgPool3D'], undefined),
  globalPooling(1, 'GlobalMaxPooling1D', ['GlobalMaxPool1D']),
  globalPooling(2, 'GlobalMaxPooling2D', ['GlobalMaxPool2D']),
  globalPooling(3, 'GlobalMaxPooling3D', ['GlobalMaxPool3D']),
  globalPooling(1, 'GlobalAveragePooling1D', ['GlobalAvgPool1D']),
  globalPooling(2, 'GlobalAveragePooling2D', ['GlobalAvgPool2D']),
  globalPooling(3, 'GlobalAveragePooling3D', ['GlobalAvgPool3D']),
];
