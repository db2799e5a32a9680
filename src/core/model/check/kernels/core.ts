/** Dense, the activation layers, Flatten, Reshape, Dropout and Embedding. */
import { eluActivation, reluActivation, activationByName, type Activation } from '../activations';
import { matmul, matmulBT, sizeOf, type Tensor } from '../tensor';
import { boolArg, floatArg, intArg } from '../../layers/args';
import { activationArg, firstInput, UnsupportedLayerError, withActivation, type KernelContext, type LayerKernel } from './kernel';

export function dense(ctx: KernelContext): LayerKernel {
  const shape = ctx.inputShapes[0];
  const k = shape[shape.length - 1];
  const units = intArg(ctx.args, 'units');
  const kernel = ctx.weight('kernel');
  const bias = boolArg(ctx.args, 'use_bias', true) ? ctx.weight('bias') : undefined;
  let rows = 0;
  const inner: LayerKernel = {
    forward(inputs) {
      const x = firstInput(inputs);
      rows = x.data.length / k;
      const out = new Float32Array(rows * units);
      if (bias !== undefined) for (let r = 0; r < rows; r++) out.set(bias, r * units);
      matmul(x.data, kernel, out, rows, k, units, true);
      return [{ shape: [...x.shape.slice(0, -1), units], data: out }];
    },
    backward([gy]) {
      const gx = new Float32Array(rows * k);
      matmulBT(gy, kernel, gx, rows, units, k);
      return [gx];
    },
  };
  return withActivation(inner, activationArg(ctx.args));
}

/** A layer that only applies an activation. */
export function activationLayer(activation: Activation): LayerKernel {
  const identity: LayerKernel = {
    forward: (inputs) => [firstInput(inputs)],
    backward: (g) => [g[0]],
  };
  return withActivation(identity, activation);
}

export function activationKernel(ctx: KernelContext): LayerKernel {
  switch (ctx.className) {
    case 'Activation':
      return activationLayer(activationArg(ctx.args, 'activation'));
    case 'ReLU': {
      const maxValue = ctx.args.get('max_value');
      const max = maxValue === undefined || maxValue.kind === 'none' ? null : floatArg(ctx.args, 'max_value', 0);
      const slope = floatArg(ctx.args, 'negative_slope', 0);
      const threshold = floatArg(ctx.args, 'threshold', 0);
      const name = slope === 0 && threshold === 0 ? (max === 6 ? 'relu6' : 'relu') : 'leaky_relu';
      return activationLayer(reluActivation(slope, max, threshold, name));
    }
    case 'LeakyReLU':
      return activationLayer(reluActivation(floatArg(ctx.args, 'negative_slope', floatArg(ctx.args, 'alpha', 0.3)), null, 0, 'leaky_relu'));
    case 'ELU':
      return activationLayer(eluActivation(floatArg(ctx.args, 'alpha', 1)));
    case 'Softmax': {
      const axis = ctx.args.get('axis');
      if (axis !== undefined && !(axis.kind === 'int' && (axis.value === -1 || axis.value === ctx.inputShapes[0].length - 1))) {
        throw new UnsupportedLayerError('a softmax over an axis other than the last is not supported');
      }
      return activationLayer(activationByName('softmax') as Activation);
    }
    default:
      throw new UnsupportedLayerError(`${ctx.className} is not an activation layer`);
  }
}

/** PReLU: `relu(x) - alpha * relu(-x)` with alpha (initially zeros) shared along `shared_axes`. */
export function prelu(ctx: KernelContext): LayerKernel {
  const shape = ctx.inputShapes[0];
  const alpha = ctx.weight('alpha');
  const inner = sizeOf(shape.slice(1));
  if (alpha.length !== inner) throw new UnsupportedLayerError('PReLU with `shared_axes` is not supported');
  let x: Tensor | undefined;
  return {
    activation: 'prelu',
    forward(inputs) {
      x = firstInput(inputs);
      const out = new Float32Array(x.data.length);
      for (let i = 0; i < out.length; i++) {
        const v = x.data[i];
        out[i] = v > 0 ? v : alpha[i % inner] * v;
      }
      return [{ shape: x.shape, data: out }];
    },
    backward([gy]) {
      const xs = (x as Tensor).data;
      const gx = new Float32Array(gy.length);
      for (let i = 0; i < gx.length; i++) gx[i] = xs[i] > 0 ? gy[i] : alpha[i % inner] * gy[i];
      return [gx];
    },
  };
}

/** Flatten, Reshape: the same values in a new shape. */
export function reshapeKernel(ctx: KernelContext, outShape: readonly number[]): LayerKernel {
  const shape = ctx.inputShapes[0];
  return {
    forward(inputs) {
      const x = firstInput(inputs);
      return [{ shape: [shape[0], ...outShape], data: x.data }];
    },
    backward: (g) => [g[0]],
  };
}

export function flatten(ctx: KernelContext): LayerKernel {
  const shape = ctx.inputShapes[0];
  const format = ctx.args.get('data_format');
  if (format !== undefined && format.kind === 'str' && format.value === 'channels_first' && shape.length > 2) {
    throw new UnsupportedLayerError("Flatten with data_format='channels_first' is not supported");
  }
  return reshapeKernel(ctx, [sizeOf(shape.slice(1))]);
}

export function reshape(ctx: KernelContext): LayerKernel {
  const shape = ctx.inputShapes[0];
  const target = ctx.args.get('target_shape');
  if (target === undefined || (target.kind !== 'tuple' && target.kind !== 'list')) {
    throw new UnsupportedLayerError('its target shape is not known');
  }
  const dims = target.items.map((v) => (v.kind === 'int' ? v.value : NaN));
  const total = sizeOf(shape.slice(1));
  const known = dims.filter((d) => d !== -1).reduce((a, b) => a * b, 1);
  const out = dims.map((d) => (d === -1 ? total / known : d));
  if (out.some((d) => !Number.isInteger(d)) || sizeOf(out) !== total) {
    throw new UnsupportedLayerError('its target shape does not fit the input');
  }
  return reshapeKernel(ctx, out);
}

/** Dropout, SpatialDropout1D/2D/3D, GaussianDropout aside: identity in inference; in training a mask kept with probability 1 - rate, scaled by 1 / (1 - rate). */
export function dropout(ctx: KernelContext): LayerKernel {
  const rate = floatArg(ctx.args, 'rate', 0);
  const shape = ctx.inputShapes[0];
  if (!ctx.training || rate === 0) return { forward: (inputs) => [firstInput(inputs)], backward: (g) => [g[0]] };
  // The noise shape: SpatialDropout drops whole channels.
  const rank = shape.length;
  let channelsFirst = false;
  const format = ctx.args.get('data_format');
  if (format !== undefined && format.kind === 'str') channelsFirst = format.value === 'channels_first';
  const noise = [...shape];
  if (ctx.className.startsWith('SpatialDropout')) {
    for (let d = 1; d < rank; d++) if (channelsFirst ? d !== 1 : d !== rank - 1) noise[d] = 1;
  }
  const keep = 1 - rate;
  let mask: Float32Array | undefined;
  return {
    forward(inputs) {
      const x = firstInput(inputs);
      const n = sizeOf(noise);
      const draws = new Float32Array(n);
      for (let i = 0; i < n; i++) draws[i] = ctx.uniform() < keep ? 1 / keep : 0;
      const m = new Float32Array(x.data.length);
      const strides = new Array<number>(rank);
      let s = 1;
      for (let d = rank - 1; d >= 0; d--) {
        strides[d] = s;
        s *= noise[d];
      }
      const idx = new Array<number>(rank).fill(0);
      for (let i = 0; i < m.length; i++) {
        let j = 0;
        for (let d = 0; d < rank; d++) if (noise[d] !== 1) j += idx[d] * strides[d];
        m[i] = draws[j];
        for (let d = rank - 1; d >= 0; d--) {
          if (++idx[d] < shape[d]) break;
          idx[d] = 0;
        }
      }
      mask = m;
      const out = new Float32Array(m.length);
      for (let i = 0; i < m.length; i++) out[i] = x.data[i] * m[i];
      return [{ shape: x.shape, data: out }];
    },
    backward([gy]) {
      const m = mask as Float32Array;
      const gx = new Float32Array(gy.length);
      for (let i = 0; i < gx.length; i++) gx[i] = gy[i] * m[i];
      return [gx];
    },
  };
}

export function embedding(ctx: KernelContext): LayerKernel {
  const inputDim = intArg(ctx.args, 'input_dim');
  const outputDim = intArg(ctx.args, 'output_dim');
  const table = ctx.weight('embeddings');
  return {
    forward(inputs) {
      const ids = firstInput(inputs);
      const out = new Float32Array(ids.data.length * outputDim);
      for (let i = 0; i < ids.data.length; i++) {
        const id = ids.data[i];
        if (!Number.isInteger(id) || id < 0 || id >= inputDim) throw new UnsupportedLayerError(`an id ${id} outside [0, ${inputDim})`);
        out.set(table.subarray(id * outputDim, (id + 1) * outputDim), i * outputDim);
      }
      return [{ shape: [...ids.shape, outputDim], data: out }];
    },
    backward: () => [null],
  };
}
