/**
 * Convolutions (Conv1D/2D, DepthwiseConv1D/2D, SeparableConv1D/2D) and pooling, on channels_last
 * data (channels_first inputs are transposed in and out). One-dimensional layers run as
 * two-dimensional ones of height 1. Padding follows TensorFlow/JAX: `same` pads
 * `max((out - 1) * stride + (k - 1) * dilation + 1 - in, 0)` split with the smaller half first;
 * `causal` pads `(k - 1) * dilation` on the left.
 */
import { matmul, matmulBT, moveAxis, type Tensor } from '../tensor';
import { boolArg, intArg, intTupleArg, strArg } from '../../layers/args';
import { activationArg, firstInput, UnsupportedLayerError, withActivation, type KernelContext, type LayerKernel } from './kernel';

/** One spatial axis: input size, kernel size, stride, dilation, padding before, output size. */
interface Axis {
  readonly n: number;
  readonly k: number;
  readonly s: number;
  readonly d: number;
  readonly pad: number;
  readonly out: number;
}

function axis(n: number, k: number, s: number, d: number, padding: string): Axis {
  const eff = (k - 1) * d + 1;
  if (padding === 'valid') {
    const out = Math.floor((n - eff) / s) + 1;
    if (out <= 0) throw new UnsupportedLayerError(`the input (${n}) is smaller than the window (${eff})`);
    return { n, k, s, d, pad: 0, out };
  }
  if (padding === 'causal') return { n, k, s, d, pad: eff - 1, out: Math.floor((n - 1) / s) + 1 };
  const out = Math.ceil(n / s);
  const total = Math.max((out - 1) * s + eff - n, 0);
  return { n, k, s, d, pad: Math.floor(total / 2), out };
}

interface Geometry {
  readonly rank: 1 | 2;
  readonly channelsFirst: boolean;
  readonly h: Axis;
  readonly w: Axis;
  readonly channels: number;
  readonly batch: number;
}

function geometry(ctx: KernelContext, rank: 1 | 2, kernelArg: string, kernelFallback?: number, poolDefaults = false): Geometry {
  const shape = ctx.inputShapes[0];
  if (shape.length !== rank + 2) throw new UnsupportedLayerError(`an input of rank ${shape.length}`);
  const channelsFirst = strArg<string>(ctx.args, 'data_format', 'channels_last') === 'channels_first';
  const spatial = channelsFirst ? shape.slice(2) : shape.slice(1, -1);
  const channels = channelsFirst ? shape[1] : shape[shape.length - 1];
  const k = intTupleArg(ctx.args, kernelArg, rank, kernelFallback ?? 0);
  const stridesValue = ctx.args.get('strides');
  const s = poolDefaults && (stridesValue === undefined || stridesValue.kind === 'none') ? k : intTupleArg(ctx.args, 'strides', rank, 1);
  const d = poolDefaults ? new Array<number>(rank).fill(1) : intTupleArg(ctx.args, 'dilation_rate', rank, 1);
  const padding = strArg<string>(ctx.args, 'padding', 'valid');
  if (padding === 'causal' && rank !== 1) throw new UnsupportedLayerError("padding='causal' is for one-dimensional layers only");
  const h = rank === 1 ? axis(1, 1, 1, 1, 'valid') : axis(spatial[0], k[0], s[0], d[0], padding);
  const w = rank === 1 ? axis(spatial[0], k[0], s[0], d[0], padding) : axis(spatial[1], k[1], s[1], d[1], padding);
  return { rank, channelsFirst, h, w, channels, batch: shape[0] };
}

/** To channels_last [B, H, W, C]. */
function toNhwc(g: Geometry, x: Tensor): Float32Array {
  if (!g.channelsFirst) return x.data;
  return moveAxis(x, 1, x.shape.length - 1).data;
}

/** From channels_last [B, OH, OW, F] to the layer's format and rank. */
function fromNhwc(g: Geometry, data: Float32Array, features: number): Tensor {
  const spatial = g.rank === 1 ? [g.w.out] : [g.h.out, g.w.out];
  const t: Tensor = { shape: [g.batch, ...spatial, features], data };
  if (!g.channelsFirst) return t;
  return moveAxis(t, t.shape.length - 1, 1);
}

/** A gradient in the layer's format to channels_last. */
function gradToNhwc(g: Geometry, gy: Float32Array, features: number): Float32Array {
  if (!g.channelsFirst) return gy;
  const spatial = g.rank === 1 ? [g.w.out] : [g.h.out, g.w.out];
  return moveAxis({ shape: [g.batch, features, ...spatial], data: gy }, 1, spatial.length + 1).data;
}

/** A channels_last input gradient back to the layer's format. */
function gradFromNhwc(g: Geometry, gx: Float32Array): Float32Array {
  if (!g.channelsFirst) return gx;
  const spatial = g.rank === 1 ? [g.w.n] : [g.h.n, g.w.n];
  return moveAxis({ shape: [g.batch, ...spatial, g.channels], data: gx }, spatial.length + 1, 1).data;
}

/** im2col of one batch element: rows (oh, ow), columns (kh, kw, c). */
function im2col(g: Geometry, x: Float32Array, b: number, col: Float32Array): void {
  const { h, w, channels: c } = g;
  const cols = h.k * w.k * c;
  const base = b * h.n * w.n * c;
  col.fill(0);
  for (let oh = 0; oh < h.out; oh++) {
    for (let ow = 0; ow < w.out; ow++) {
      const row = (oh * w.out + ow) * cols;
      for (let i = 0; i < h.k; i++) {
        const ih = oh * h.s - h.pad + i * h.d;
        if (ih < 0 || ih >= h.n) continue;
        for (let j = 0; j < w.k; j++) {
          const iw = ow * w.s - w.pad + j * w.d;
          if (iw < 0 || iw >= w.n) continue;
          const src = base + (ih * w.n + iw) * c;
          const dst = row + (i * w.k + j) * c;
          for (let q = 0; q < c; q++) col[dst + q] = x[src + q];
        }
      }
    }
  }
}

/** The adjoint of im2col: adds the column gradients into the input gradient of batch element `b`. */
function col2im(g: Geometry, gcol: Float32Array, b: number, gx: Float32Array): void {
  const { h, w, channels: c } = g;
  const cols = h.k * w.k * c;
  const base = b * h.n * w.n * c;
  for (let oh = 0; oh < h.out; oh++) {
    for (let ow = 0; ow < w.out; ow++) {
      const row = (oh * w.out + ow) * cols;
      for (let i = 0; i < h.k; i++) {
        const ih = oh * h.s - h.pad + i * h.d;
        if (ih < 0 || ih >= h.n) continue;
        for (let j = 0; j < w.k; j++) {
          const iw = ow * w.s - w.pad + j * w.d;
          if (iw < 0 || iw >= w.n) continue;
          const dst = base + (ih * w.n + iw) * c;
          const src = row + (i * w.k + j) * c;
          for (let q = 0; q < c; q++) gx[dst + q] += gcol[src + q];
        }
      }
    }
  }
}

function checkGroups(ctx: KernelContext): void {
  const groups = ctx.args.get('groups');
  if (groups !== undefined && !(groups.kind === 'int' && groups.value === 1)) {
    throw new UnsupportedLayerError('grouped convolutions are not supported');
  }
}

export function conv(ctx: KernelContext, rank: 1 | 2): LayerKernel {
  checkGroups(ctx);
  const g = geometry(ctx, rank, 'kernel_size');
  const filters = intArg(ctx.args, 'filters');
  const kernel = ctx.weight('kernel'); // [kh, kw, c, f] in C order = [(kh kw c), f]
  const bias = boolArg(ctx.args, 'use_bias', true) ? ctx.weight('bias') : undefined;
  const rows = g.h.out * g.w.out;
  const cols = g.h.k * g.w.k * g.channels;
  let x: Float32Array | undefined;
  const inner: LayerKernel = {
    forward(inputs) {
      x = toNhwc(g, firstInput(inputs));
      const out = new Float32Array(g.batch * rows * filters);
      const col = new Float32Array(rows * cols);
      for (let b = 0; b < g.batch; b++) {
        const o = b * rows * filters;
        if (bias !== undefined) for (let r = 0; r < rows; r++) out.set(bias, o + r * filters);
        im2col(g, x, b, col);
        matmul(col, kernel, out, rows, cols, filters, true, 0, 0, o);
      }
      return [fromNhwc(g, out, filters)];
    },
    backward([gradient]) {
      const gy = gradToNhwc(g, gradient, filters);
      const gx = new Float32Array(g.batch * g.h.n * g.w.n * g.channels);
      const gcol = new Float32Array(rows * cols);
      for (let b = 0; b < g.batch; b++) {
        matmulBT(gy, kernel, gcol, rows, filters, cols, false, b * rows * filters);
        col2im(g, gcol, b, gx);
      }
      return [gradFromNhwc(g, gx)];
    },
  };
  return withActivation(inner, activationArg(ctx.args));
}

/** out[b, oh, ow, c * m + j] = sum over the window of x[b, ih, iw, c] * k[i, j', c, m]. */
function depthwiseForward(g: Geometry, x: Float32Array, kernel: Float32Array, mult: number, out: Float32Array): void {
  const { h, w, channels: c } = g;
  const cm = c * mult;
  for (let b = 0; b < g.batch; b++) {
    for (let oh = 0; oh < h.out; oh++) {
      for (let ow = 0; ow < w.out; ow++) {
        const o = ((b * h.out + oh) * w.out + ow) * cm;
        for (let i = 0; i < h.k; i++) {
          const ih = oh * h.s - h.pad + i * h.d;
          if (ih < 0 || ih >= h.n) continue;
          for (let j = 0; j < w.k; j++) {
            const iw = ow * w.s - w.pad + j * w.d;
            if (iw < 0 || iw >= w.n) continue;
            const src = ((b * h.n + ih) * w.n + iw) * c;
            const kk = (i * w.k + j) * cm;
            for (let q = 0; q < cm; q++) out[o + q] += x[src + ((q / mult) | 0)] * kernel[kk + q];
          }
        }
      }
    }
  }
}

function depthwiseBackward(g: Geometry, gy: Float32Array, kernel: Float32Array, mult: number, gx: Float32Array): void {
  const { h, w, channels: c } = g;
  const cm = c * mult;
  for (let b = 0; b < g.batch; b++) {
    for (let oh = 0; oh < h.out; oh++) {
      for (let ow = 0; ow < w.out; ow++) {
        const o = ((b * h.out + oh) * w.out + ow) * cm;
        for (let i = 0; i < h.k; i++) {
          const ih = oh * h.s - h.pad + i * h.d;
          if (ih < 0 || ih >= h.n) continue;
          for (let j = 0; j < w.k; j++) {
            const iw = ow * w.s - w.pad + j * w.d;
            if (iw < 0 || iw >= w.n) continue;
            const dst = ((b * h.n + ih) * w.n + iw) * c;
            const kk = (i * w.k + j) * cm;
            for (let q = 0; q < cm; q++) gx[dst + ((q / mult) | 0)] += gy[o + q] * kernel[kk + q];
          }
        }
      }
    }
  }
}

export function depthwiseConv(ctx: KernelContext, rank: 1 | 2): LayerKernel {
  const g = geometry(ctx, rank, 'kernel_size');
  const mult = intArg(ctx.args, 'depth_multiplier', 1);
  const kernel = ctx.weight('kernel');
  const bias = boolArg(ctx.args, 'use_bias', true) ? ctx.weight('bias') : undefined;
  const cm = g.channels * mult;
  const inner: LayerKernel = {
    forward(inputs) {
      const x = toNhwc(g, firstInput(inputs));
      const out = new Float32Array(g.batch * g.h.out * g.w.out * cm);
      if (bias !== undefined) for (let r = 0; r < out.length; r += cm) out.set(bias, r);
      depthwiseForward(g, x, kernel, mult, out);
      return [fromNhwc(g, out, cm)];
    },
    backward([gradient]) {
      const gy = gradToNhwc(g, gradient, cm);
      const gx = new Float32Array(g.batch * g.h.n * g.w.n * g.channels);
      depthwiseBackward(g, gy, kernel, mult, gx);
      return [gradFromNhwc(g, gx)];
    },
  };
  return withActivation(inner, activationArg(ctx.args));
}

export function separableConv(ctx: KernelContext, rank: 1 | 2): LayerKernel {
  const g = geometry(ctx, rank, 'kernel_size');
  const mult = intArg(ctx.args, 'depth_multiplier', 1);
  const filters = intArg(ctx.args, 'filters');
  const depthwise = ctx.weight('depthwise_kernel');
  const pointwise = ctx.weight('pointwise_kernel'); // [(1, 1), c * m, f]
  const bias = boolArg(ctx.args, 'use_bias', true) ? ctx.weight('bias') : undefined;
  const cm = g.channels * mult;
  const pixels = g.batch * g.h.out * g.w.out;
  const inner: LayerKernel = {
    forward(inputs) {
      const x = toNhwc(g, firstInput(inputs));
      const mid = new Float32Array(pixels * cm);
      depthwiseForward(g, x, depthwise, mult, mid);
      const out = new Float32Array(pixels * filters);
      if (bias !== undefined) for (let r = 0; r < out.length; r += filters) out.set(bias, r);
      matmul(mid, pointwise, out, pixels, cm, filters, true);
      return [fromNhwc(g, out, filters)];
    },
    backward([gradient]) {
      const gy = gradToNhwc(g, gradient, filters);
      const gmid = new Float32Array(pixels * cm);
      matmulBT(gy, pointwise, gmid, pixels, filters, cm);
      const gx = new Float32Array(g.batch * g.h.n * g.w.n * g.channels);
      depthwiseBackward(g, gmid, depthwise, mult, gx);
      return [gradFromNhwc(g, gx)];
    },
  };
  return withActivation(inner, activationArg(ctx.args));
}

/** MaxPooling1D/2D and AveragePooling1D/2D (the average counts only the window's entries inside the input, as Keras does with `same`). */
export function pooling(ctx: KernelContext, rank: 1 | 2, kind: 'max' | 'average'): LayerKernel {
  const g = geometry(ctx, rank, 'pool_size', 2, true);
  const { h, w, channels: c } = g;
  const outSize = g.batch * h.out * w.out * c;
  const argmax = new Int32Array(kind === 'max' ? outSize : 0);
  const counts = new Float32Array(h.out * w.out);
  for (let oh = 0; oh < h.out; oh++) {
    for (let ow = 0; ow < w.out; ow++) {
      let n = 0;
      for (let i = 0; i < h.k; i++) {
        const ih = oh * h.s - h.pad + i;
        if (ih < 0 || ih >= h.n) continue;
        for (let j = 0; j < w.k; j++) {
          const iw = ow * w.s - w.pad + j;
          if (iw >= 0 && iw < w.n) n++;
        }
      }
      counts[oh * w.out + ow] = n;
    }
  }
  return {
    forward(inputs) {
      const x = toNhwc(g, firstInput(inputs));
      const out = new Float32Array(outSize);
      if (kind === 'max') out.fill(-Infinity);
      for (let b = 0; b < g.batch; b++) {
        for (let oh = 0; oh < h.out; oh++) {
          for (let ow = 0; ow < w.out; ow++) {
            const o = ((b * h.out + oh) * w.out + ow) * c;
            for (let i = 0; i < h.k; i++) {
              const ih = oh * h.s - h.pad + i;
              if (ih < 0 || ih >= h.n) continue;
              for (let j = 0; j < w.k; j++) {
                const iw = ow * w.s - w.pad + j;
                if (iw < 0 || iw >= w.n) continue;
                const src = ((b * h.n + ih) * w.n + iw) * c;
                if (kind === 'max') {
                  for (let q = 0; q < c; q++) {
                    if (x[src + q] > out[o + q]) {
                      out[o + q] = x[src + q];
                      argmax[o + q] = src + q;
                    }
                  }
                } else {
                  for (let q = 0; q < c; q++) out[o + q] += x[src + q];
                }
              }
            }
            if (kind === 'average') {
              const n = counts[oh * w.out + ow];
              for (let q = 0; q < c; q++) out[o + q] /= n;
            }
          }
        }
      }
      return [fromNhwc(g, out, c)];
    },
    backward([gradient]) {
      const gy = gradToNhwc(g, gradient, c);
      const gx = new Float32Array(g.batch * h.n * w.n * c);
      if (kind === 'max') {
        for (let o = 0; o < outSize; o++) gx[argmax[o]] += gy[o];
        return [gradFromNhwc(g, gx)];
      }
      for (let b = 0; b < g.batch; b++) {
        for (let oh = 0; oh < h.out; oh++) {
          for (let ow = 0; ow < w.out; ow++) {
            const o = ((b * h.out + oh) * w.out + ow) * c;
            const n = counts[oh * w.out + ow];
            for (let i = 0; i < h.k; i++) {
              const ih = oh * h.s - h.pad + i;
              if (ih < 0 || ih >= h.n) continue;
              for (let j = 0; j < w.k; j++) {
                const iw = ow * w.s - w.pad + j;
                if (iw < 0 || iw >= w.n) continue;
                const dst = ((b * h.n + ih) * w.n + iw) * c;
                for (let q = 0; q < c; q++) gx[dst + q] += gy[o + q] / n;
              }
            }
          }
        }
      }
      return [gradFromNhwc(g, gx)];
    },
  };
}

/** GlobalMaxPooling1D/2D and GlobalAveragePooling1D/2D (`keepdims` too). */
export function globalPooling(ctx: KernelContext, rank: 1 | 2, kind: 'max' | 'average'): LayerKernel {
  const shape = ctx.inputShapes[0];
  if (shape.length !== rank + 2) throw new UnsupportedLayerError(`an input of rank ${shape.length}`);
  const channelsFirst = strArg<string>(ctx.args, 'data_format', 'channels_last') === 'channels_first';
  const keepdims = boolArg(ctx.args, 'keepdims', false);
  const batch = shape[0];
  const c = channelsFirst ? shape[1] : shape[shape.length - 1];
  const spatial = (channelsFirst ? shape.slice(2) : shape.slice(1, -1)).reduce((a, b) => a * b, 1);
  // Element (b, p, q) of the input: channels_last b*P*C + p*C + q, channels_first b*C*P + q*P + p.
  const index = channelsFirst
    ? (b: number, p: number, q: number) => (b * c + q) * spatial + p
    : (b: number, p: number, q: number) => (b * spatial + p) * c + q;
  const outShape = keepdims
    ? channelsFirst
      ? [batch, c, ...new Array<number>(rank).fill(1)]
      : [batch, ...new Array<number>(rank).fill(1), c]
    : [batch, c];
  const argmax = new Int32Array(kind === 'max' ? batch * c : 0);
  return {
    forward(inputs) {
      const x = firstInput(inputs).data;
      const out = new Float32Array(batch * c);
      for (let b = 0; b < batch; b++) {
        for (let q = 0; q < c; q++) {
          if (kind === 'max') {
            let best = -Infinity;
            let at = index(b, 0, q);
            for (let p = 0; p < spatial; p++) {
              const i = index(b, p, q);
              if (x[i] > best) {
                best = x[i];
                at = i;
              }
            }
            out[b * c + q] = best;
            argmax[b * c + q] = at;
          } else {
            let sum = 0;
            for (let p = 0; p < spatial; p++) sum += x[index(b, p, q)];
            out[b * c + q] = Math.fround(sum) / spatial;
          }
        }
      }
      return [{ shape: outShape, data: out }];
    },
    backward([gy]) {
      const gx = new Float32Array(batch * c * spatial);
      for (let b = 0; b < batch; b++) {
        for (let q = 0; q < c; q++) {
          if (kind === 'max') gx[argmax[b * c + q]] += gy[b * c + q];
          else for (let p = 0; p < spatial; p++) gx[index(b, p, q)] = gy[b * c + q] / spatial;
        }
      }
      return [gx];
    },
  };
}
