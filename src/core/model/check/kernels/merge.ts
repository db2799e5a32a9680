/** Add, Subtract, Multiply, Average, Maximum, Minimum, Concatenate. */
import { intArg } from '../../layers/args';
import { UnsupportedLayerError, type KernelContext, type LayerKernel } from './kernel';
import type { Tensor } from '../tensor';

export function merge(ctx: KernelContext): LayerKernel {
  const shapes = ctx.inputShapes;
  const kind = ctx.className;
  if (kind === 'Concatenate') return concatenate(ctx);
  for (const s of shapes) {
    if (s.length !== shapes[0].length || s.some((d, i) => d !== shapes[0][i])) {
      throw new UnsupportedLayerError(`${kind} of tensors of different shapes (broadcasting) is not supported`);
    }
  }
  if (kind === 'Subtract' && shapes.length !== 2) throw new UnsupportedLayerError('Subtract takes exactly two inputs');
  let xs: readonly Tensor[] = [];
  let y: Float32Array | undefined;
  return {
    forward(inputs) {
      xs = inputs;
      const n = inputs[0].data.length;
      const out = new Float32Array(inputs[0].data);
      for (let k = 1; k < inputs.length; k++) {
        const x = inputs[k].data;
        switch (kind) {
          case 'Add':
          case 'Average':
            for (let i = 0; i < n; i++) out[i] += x[i];
            break;
          case 'Subtract':
            for (let i = 0; i < n; i++) out[i] -= x[i];
            break;
          case 'Multiply':
            for (let i = 0; i < n; i++) out[i] *= x[i];
            break;
          case 'Maximum':
            for (let i = 0; i < n; i++) if (x[i] > out[i]) out[i] = x[i];
            break;
          case 'Minimum':
            for (let i = 0; i < n; i++) if (x[i] < out[i]) out[i] = x[i];
            break;
          default:
            throw new UnsupportedLayerError(`${kind} is not a merge the check knows`);
        }
      }
      if (kind === 'Average') for (let i = 0; i < n; i++) out[i] /= inputs.length;
      y = out;
      return [{ shape: inputs[0].shape, data: out }];
    },
    backward([gy]) {
      const n = gy.length;
      return xs.map((t, k) => {
        const g = new Float32Array(n);
        const x = t.data;
        const out = y as Float32Array;
        switch (kind) {
          case 'Add':
            g.set(gy);
            break;
          case 'Average':
            for (let i = 0; i < n; i++) g[i] = gy[i] / xs.length;
            break;
          case 'Subtract':
            for (let i = 0; i < n; i++) g[i] = k === 0 ? gy[i] : -gy[i];
            break;
          case 'Multiply':
            for (let i = 0; i < n; i++) {
              let p = 1;
              for (let m = 0; m < xs.length; m++) if (m !== k) p *= xs[m].data[i];
              g[i] = gy[i] * p;
            }
            break;
          default: {
            // Maximum/Minimum: the gradient goes to the first input holding the result.
            for (let i = 0; i < n; i++) {
              let first = 0;
              while (xs[first].data[i] !== out[i]) first++;
              g[i] = first === k && x[i] === out[i] ? gy[i] : 0;
            }
          }
        }
        return g;
      });
    },
  };
}

function concatenate(ctx: KernelContext): LayerKernel {
  const shapes = ctx.inputShapes;
  const rank = shapes[0].length;
  let axis = intArg(ctx.args, 'axis', -1);
  if (axis < 0) axis += rank;
  if (axis <= 0 || axis >= rank) throw new UnsupportedLayerError(`concatenation along axis ${axis}`);
  let outer = 1;
  for (let d = 0; d < axis; d++) outer *= shapes[0][d];
  const blocks = shapes.map((s) => s.slice(axis).reduce((a, b) => a * b, 1));
  const total = blocks.reduce((a, b) => a + b, 0);
  const outShape = [...shapes[0]];
  outShape[axis] = shapes.reduce((a, s) => a + s[axis], 0);
  return {
    forward(inputs) {
      const out = new Float32Array(outer * total);
      for (let o = 0; o < outer; o++) {
        let at = o * total;
        inputs.forEach((t, k) => {
          out.set(t.data.subarray(o * blocks[k], (o + 1) * blocks[k]), at);
          at += blocks[k];
        });
      }
      return [{ shape: outShape, data: out }];
    },
    backward([gy]) {
      const gs = blocks.map((b) => new Float32Array(outer * b));
      for (let o = 0; o < outer; o++) {
        let at = o * total;
        blocks.forEach((b, k) => {
          gs[k].set(gy.subarray(at, at + b), o * b);
          at += b;
        });
      }
      return gs;
    },
  };
}
