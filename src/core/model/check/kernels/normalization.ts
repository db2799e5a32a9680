/** BatchNormalization (moving statistics in inference, batch statistics in training) and LayerNormalization. */
import { boolArg, floatArg } from '../../layers/args';
import { firstInput, UnsupportedLayerError, type KernelContext, type LayerKernel } from './kernel';

function axisArg(ctx: KernelContext, fallback: number): number {
  const rank = ctx.inputShapes[0].length;
  const value = ctx.args.get('axis');
  let axis = fallback;
  if (value !== undefined) {
    if (value.kind === 'int') axis = value.value;
    else if ((value.kind === 'list' || value.kind === 'tuple') && value.items.length === 1 && value.items[0].kind === 'int') {
      axis = value.items[0].value;
    } else throw new UnsupportedLayerError('normalization over several axes is not supported');
  }
  if (axis < 0) axis += rank;
  if (axis <= 0 || axis >= rank) throw new UnsupportedLayerError(`axis ${axis} is not a feature axis`);
  return axis;
}

/** Splits a C-order shape around `axis`: outer count, the axis size, inner count. */
function around(shape: readonly number[], axis: number): [number, number, number] {
  let outer = 1;
  let inner = 1;
  for (let d = 0; d < axis; d++) outer *= shape[d];
  for (let d = axis + 1; d < shape.length; d++) inner *= shape[d];
  return [outer, shape[axis], inner];
}

export function batchNormalization(ctx: KernelContext): LayerKernel {
  const shape = ctx.inputShapes[0];
  const axis = axisArg(ctx, -1);
  const [outer, c, inner] = around(shape, axis);
  const eps = floatArg(ctx.args, 'epsilon', 1e-3);
  const gamma = boolArg(ctx.args, 'scale', true) ? ctx.weight('gamma') : new Float32Array(c).fill(1);
  const beta = boolArg(ctx.args, 'center', true) ? ctx.weight('beta') : new Float32Array(c);
  const movingMean = ctx.weight('moving_mean');
  const movingVar = ctx.weight('moving_variance');
  const training = ctx.training;
  const n = outer * inner;
  const inv = new Float32Array(c);
  const mean = new Float32Array(c);
  let xhat: Float32Array | undefined;
  return {
    forward(inputs) {
      const x = firstInput(inputs).data;
      if (training) {
        const sum = new Float64Array(c);
        const sq = new Float64Array(c);
        for (let o = 0; o < outer; o++) {
          for (let q = 0; q < c; q++) {
            const base = (o * c + q) * inner;
            let s = 0;
            for (let i = 0; i < inner; i++) s += x[base + i];
            sum[q] += s;
          }
        }
        for (let q = 0; q < c; q++) mean[q] = sum[q] / n;
        for (let o = 0; o < outer; o++) {
          for (let q = 0; q < c; q++) {
            const base = (o * c + q) * inner;
            const m = mean[q];
            let s = 0;
            for (let i = 0; i < inner; i++) s += (x[base + i] - m) * (x[base + i] - m);
            sq[q] += s;
          }
        }
        for (let q = 0; q < c; q++) inv[q] = 1 / Math.sqrt(Math.fround(sq[q] / n) + eps);
      } else {
        for (let q = 0; q < c; q++) {
          mean[q] = movingMean[q];
          inv[q] = 1 / Math.sqrt(movingVar[q] + eps);
        }
      }
      const out = new Float32Array(x.length);
      const xh = new Float32Array(x.length);
      for (let o = 0; o < outer; o++) {
        for (let q = 0; q < c; q++) {
          const base = (o * c + q) * inner;
          const m = mean[q];
          const s = inv[q];
          for (let i = 0; i < inner; i++) {
            const v = (x[base + i] - m) * s;
            xh[base + i] = v;
            out[base + i] = v * gamma[q] + beta[q];
          }
        }
      }
      xhat = xh;
      return [{ shape: [...shape], data: out }];
    },
    backward([gy]) {
      const gx = new Float32Array(gy.length);
      const xh = xhat as Float32Array;
      if (!training) {
        for (let o = 0; o < outer; o++) {
          for (let q = 0; q < c; q++) {
            const base = (o * c + q) * inner;
            const f = gamma[q] * inv[q];
            for (let i = 0; i < inner; i++) gx[base + i] = gy[base + i] * f;
          }
        }
        return [gx];
      }
      const sumG = new Float64Array(c);
      const sumGX = new Float64Array(c);
      for (let o = 0; o < outer; o++) {
        for (let q = 0; q < c; q++) {
          const base = (o * c + q) * inner;
          for (let i = 0; i < inner; i++) {
            sumG[q] += gy[base + i];
            sumGX[q] += gy[base + i] * xh[base + i];
          }
        }
      }
      for (let o = 0; o < outer; o++) {
        for (let q = 0; q < c; q++) {
          const base = (o * c + q) * inner;
          const f = (gamma[q] * inv[q]) / n;
          const a = sumG[q];
          const b = sumGX[q];
          for (let i = 0; i < inner; i++) gx[base + i] = f * (n * gy[base + i] - a - xh[base + i] * b);
        }
      }
      return [gx];
    },
  };
}

export function layerNormalization(ctx: KernelContext): LayerKernel {
  const shape = ctx.inputShapes[0];
  const axis = axisArg(ctx, -1);
  if (axis !== shape.length - 1) throw new UnsupportedLayerError('LayerNormalization over an axis other than the last is not supported');
  if (boolArg(ctx.args, 'rms_scaling', false)) throw new UnsupportedLayerError('rms_scaling=True is not supported');
  const c = shape[axis];
  const eps = floatArg(ctx.args, 'epsilon', 1e-3);
  const gamma = boolArg(ctx.args, 'scale', true) ? ctx.weight('gamma') : new Float32Array(c).fill(1);
  const beta = boolArg(ctx.args, 'center', true) ? ctx.weight('beta') : new Float32Array(c);
  let xhat: Float32Array | undefined;
  let invs: Float32Array | undefined;
  return {
    forward(inputs) {
      const x = firstInput(inputs).data;
      const rows = x.length / c;
      const out = new Float32Array(x.length);
      const xh = new Float32Array(x.length);
      const iv = new Float32Array(rows);
      for (let r = 0; r < rows; r++) {
        const base = r * c;
        let s = 0;
        for (let j = 0; j < c; j++) s += x[base + j];
        const m = Math.fround(s / c);
        let v = 0;
        for (let j = 0; j < c; j++) v += (x[base + j] - m) * (x[base + j] - m);
        const inv = 1 / Math.sqrt(Math.fround(v / c) + eps);
        iv[r] = inv;
        for (let j = 0; j < c; j++) {
          const h = (x[base + j] - m) * inv;
          xh[base + j] = h;
          out[base + j] = h * gamma[j] + beta[j];
        }
      }
      xhat = xh;
      invs = iv;
      return [{ shape: [...shape], data: out }];
    },
    backward([gy]) {
      const xh = xhat as Float32Array;
      const iv = invs as Float32Array;
      const gx = new Float32Array(gy.length);
      for (let r = 0; r < iv.length; r++) {
        const base = r * c;
        let a = 0;
        let b = 0;
        for (let j = 0; j < c; j++) {
          const g = gy[base + j] * gamma[j];
          a += g;
          b += g * xh[base + j];
        }
        const f = iv[r] / c;
        for (let j = 0; j < c; j++) gx[base + j] = f * (c * gy[base + j] * gamma[j] - a - xh[base + j] * b);
      }
      return [gx];
    },
  };
}
