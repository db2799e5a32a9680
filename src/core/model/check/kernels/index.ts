/** The layers the check can run, by Keras class name. */
import { activationKernel, dense, dropout, embedding, flatten, prelu, reshape } from './core';
import { conv, depthwiseConv, globalPooling, pooling, separableConv } from './conv';
import { UnsupportedLayerError, type KernelContext, type LayerKernel } from './kernel';
import { merge } from './merge';
import { batchNormalization, layerNormalization } from './normalization';
import { bidirectional, recurrent } from './recurrent';

const KERNELS: Readonly<Record<string, (ctx: KernelContext) => LayerKernel>> = {
  Dense: dense,
  Activation: activationKernel,
  ReLU: activationKernel,
  LeakyReLU: activationKernel,
  ELU: activationKernel,
  Softmax: activationKernel,
  PReLU: prelu,
  Flatten: flatten,
  Reshape: reshape,
  Dropout: dropout,
  SpatialDropout1D: dropout,
  SpatialDropout2D: dropout,
  Embedding: embedding,
  Conv1D: (ctx) => conv(ctx, 1),
  Conv2D: (ctx) => conv(ctx, 2),
  DepthwiseConv1D: (ctx) => depthwiseConv(ctx, 1),
  DepthwiseConv2D: (ctx) => depthwiseConv(ctx, 2),
  SeparableConv1D: (ctx) => separableConv(ctx, 1),
  SeparableConv2D: (ctx) => separableConv(ctx, 2),
  MaxPooling1D: (ctx) => pooling(ctx, 1, 'max'),
  MaxPooling2D: (ctx) => pooling(ctx, 2, 'max'),
  AveragePooling1D: (ctx) => pooling(ctx, 1, 'average'),
  AveragePooling2D: (ctx) => pooling(ctx, 2, 'average'),
  GlobalMaxPooling1D: (ctx) => globalPooling(ctx, 1, 'max'),
  GlobalMaxPooling2D: (ctx) => globalPooling(ctx, 2, 'max'),
  GlobalAveragePooling1D: (ctx) => globalPooling(ctx, 1, 'average'),
  GlobalAveragePooling2D: (ctx) => globalPooling(ctx, 2, 'average'),
  BatchNormalization: batchNormalization,
  LayerNormalization: layerNormalization,
  SimpleRNN: recurrent,
  LSTM: recurrent,
  GRU: recurrent,
  Bidirectional: bidirectional,
  Add: merge,
  Subtract: merge,
  Multiply: merge,
  Average: merge,
  Maximum: merge,
  Minimum: merge,
  Concatenate: merge,
};

/** Whether the check can run layers of this class. */
export function isCheckable(className: string): boolean {
  return Object.prototype.hasOwnProperty.call(KERNELS, className);
}

/** The kernel of one layer; throws `UnsupportedLayerError` with the reason in words. */
export function makeKernel(ctx: KernelContext): LayerKernel {
  const make = isCheckable(ctx.className) ? KERNELS[ctx.className] : undefined;
  if (make === undefined) throw new UnsupportedLayerError(`the check cannot run ${ctx.className} layers yet`);
  return make(ctx);
}

export { UnsupportedLayerError };
export type { KernelContext, LayerKernel };
