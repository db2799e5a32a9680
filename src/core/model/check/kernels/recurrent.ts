/**
 * SimpleRNN, LSTM and GRU over the time steps (zero initial state, no mask), and Bidirectional.
 * Cells follow keras/src/layers/rnn/{simple_rnn,lstm,gru}.py; gate order LSTM [i, f, c, o], GRU [z, r, h].
 */
import type { Activation } from '../activations';
import { matmul, matmulBT, type Tensor } from '../tensor';
import { layerArgs } from '../../graph';
import { boolArg, floatArg, intArg, strArg } from '../../layers/args';
import type { LayerArgs } from '../../types';
import { activationArg, firstInput, UnsupportedLayerError, type KernelContext, type LayerKernel } from './kernel';

/** One recurrent cell: steps forward (keeping what the backward pass needs) and back in reverse order. */
interface Cell {
  readonly units: number;
  /** Columns of the kernel (units times the gates). */
  readonly width: number;
  readonly kernel: Float32Array;
  /** Added to `x · kernel` (absent without bias). */
  readonly inputBias: Float32Array | undefined;
  reset(batch: number, steps: number): void;
  /** `xk` = x_t · kernel + input bias, [B, width]; returns h_t [B, units]. */
  step(s: number, xk: Float32Array, hPrev: Float32Array): Float32Array;
  /** From dL/dh_t (with what flowed back from later steps); returns dL/d(xk) and dL/dh_{t-1}. */
  stepBack(s: number, dh: Float32Array): { dxk: Float32Array; dhPrev: Float32Array };
}

interface CellWeights {
  kernel: Float32Array;
  recurrent: Float32Array;
  bias: Float32Array | undefined;
}

function cellWeights(ctx: KernelContext, args: LayerArgs, prefix: string): CellWeights {
  return {
    kernel: ctx.weight(`${prefix}cell/kernel`),
    recurrent: ctx.weight(`${prefix}cell/recurrent_kernel`),
    bias: boolArg(args, 'use_bias', true) ? ctx.weight(`${prefix}cell/bias`) : undefined,
  };
}

function simpleCell(units: number, w: CellWeights, act: Activation): Cell {
  let pres: Float32Array[] = [];
  let hs: Float32Array[] = [];
  let batch = 0;
  return {
    units,
    width: units,
    kernel: w.kernel,
    inputBias: w.bias,
    reset(b) {
      batch = b;
      pres = [];
      hs = [];
    },
    step(s, xk, hPrev) {
      const pre = new Float32Array(xk);
      matmul(hPrev, w.recurrent, pre, batch, units, units, true);
      const h = new Float32Array(pre.length);
      act.forward(pre, h, units);
      pres[s] = pre;
      hs[s] = h;
      return h;
    },
    stepBack(s, dh) {
      const dpre = new Float32Array(dh.length);
      act.backward(pres[s], hs[s], dh, dpre, units);
      const dhPrev = new Float32Array(batch * units);
      matmulBT(dpre, w.recurrent, dhPrev, batch, units, units);
      return { dxk: dpre, dhPrev };
    },
  };
}

function lstmCell(units: number, w: CellWeights, act: Activation, rec: Activation): Cell {
  const g4 = 4 * units;
  let batch = 0;
  let zs: Float32Array[] = [];
  let recs: Float32Array[] = [];
  let acts: Float32Array[] = [];
  let cs: Float32Array[] = [];
  let actCs: Float32Array[] = [];
  let c = new Float32Array(0);
  let dcNext = new Float32Array(0);
  return {
    units,
    width: g4,
    kernel: w.kernel,
    inputBias: w.bias,
    reset(b) {
      batch = b;
      zs = [];
      recs = [];
      acts = [];
      cs = [];
      actCs = [];
      c = new Float32Array(b * units);
      dcNext = new Float32Array(b * units);
    },
    step(s, xk, hPrev) {
      const z = new Float32Array(xk);
      matmul(hPrev, w.recurrent, z, batch, units, g4, true);
      const r = new Float32Array(z.length);
      const a = new Float32Array(z.length);
      rec.forward(z, r, g4);
      act.forward(z, a, g4);
      const cNew = new Float32Array(batch * units);
      for (let b = 0; b < batch; b++) {
        const o = b * g4;
        for (let j = 0; j < units; j++) cNew[b * units + j] = r[o + units + j] * c[b * units + j] + r[o + j] * a[o + 2 * units + j];
      }
      const ac = new Float32Array(cNew.length);
      act.forward(cNew, ac, units);
      const h = new Float32Array(cNew.length);
      for (let b = 0; b < batch; b++) for (let j = 0; j < units; j++) h[b * units + j] = r[b * g4 + 3 * units + j] * ac[b * units + j];
      zs[s] = z;
      recs[s] = r;
      acts[s] = a;
      cs[s] = c;
      actCs[s] = ac;
      c = cNew;
      return h;
    },
    stepBack(s, dh) {
      const r = recs[s];
      const a = acts[s];
      const cPrev = cs[s];
      const ac = actCs[s];
      // dL/dc_t: through h = o * act(c) and from the next step.
      const dAc = new Float32Array(batch * units);
      for (let b = 0; b < batch; b++) for (let j = 0; j < units; j++) dAc[b * units + j] = dh[b * units + j] * r[b * g4 + 3 * units + j];
      const cNow = new Float32Array(batch * units);
      for (let b = 0; b < batch; b++) {
        const o = b * g4;
        for (let j = 0; j < units; j++) cNow[b * units + j] = r[o + units + j] * cPrev[b * units + j] + r[o + j] * a[o + 2 * units + j];
      }
      const dc = new Float32Array(batch * units);
      act.backward(cNow, ac, dAc, dc, units);
      const dR = new Float32Array(batch * g4);
      const dA = new Float32Array(batch * g4);
      const dcPrev = new Float32Array(batch * units);
      for (let b = 0; b < batch; b++) {
        const o = b * g4;
        for (let j = 0; j < units; j++) {
          const k = b * units + j;
          const d = dc[k] + dcNext[k];
          dR[o + j] = d * a[o + 2 * units + j];
          dR[o + units + j] = d * cPrev[k];
          dA[o + 2 * units + j] = d * r[o + j];
          dR[o + 3 * units + j] = dh[k] * ac[k];
          dcPrev[k] = d * r[o + units + j];
        }
      }
      dcNext = dcPrev;
      const dz = new Float32Array(batch * g4);
      const dz2 = new Float32Array(batch * g4);
      rec.backward(zs[s], r, dR, dz, g4);
      act.backward(zs[s], a, dA, dz2, g4);
      for (let b = 0; b < batch; b++) {
        const o = b * g4 + 2 * units;
        for (let j = 0; j < units; j++) dz[o + j] = dz2[o + j];
      }
      const dhPrev = new Float32Array(batch * units);
      matmulBT(dz, w.recurrent, dhPrev, batch, g4, units);
      return { dxk: dz, dhPrev };
    },
  };
}

function gruCell(units: number, w: CellWeights, act: Activation, rec: Activation, resetAfter: boolean): Cell {
  const g3 = 3 * units;
  const u2 = 2 * units;
  // reset_after=False: the z/r columns and the h columns of the recurrent kernel apart.
  const rzr = new Float32Array(units * u2);
  const rh = new Float32Array(units * units);
  for (let i = 0; i < units; i++) {
    rzr.set(w.recurrent.subarray(i * g3, i * g3 + u2), i * u2);
    rh.set(w.recurrent.subarray(i * g3 + u2, (i + 1) * g3), i * units);
  }
  const inputBias = w.bias === undefined ? undefined : resetAfter ? w.bias.subarray(0, g3) : w.bias;
  const recurrentBias = w.bias !== undefined && resetAfter ? w.bias.subarray(g3, 2 * g3) : undefined;
  let batch = 0;
  let cache: { hPrev: Float32Array; pre: Float32Array; gate: Float32Array; hh: Float32Array; inner: Float32Array; preH: Float32Array }[] =
    [];
  return {
    units,
    width: g3,
    kernel: w.kernel,
    inputBias,
    reset(b) {
      batch = b;
      cache = [];
    },
    step(s, xk, hPrev) {
      // inner: h·R (+ recurrent bias) for reset_after; for reset_after=False its z/r part is h·R_zr and its h part (r*h)·R_h.
      const inner = new Float32Array(batch * g3);
      if (resetAfter) {
        if (recurrentBias !== undefined) for (let b = 0; b < batch; b++) inner.set(recurrentBias, b * g3);
        matmul(hPrev, w.recurrent, inner, batch, units, g3, true);
      } else {
        const zr = new Float32Array(batch * u2);
        matmul(hPrev, rzr, zr, batch, units, u2);
        for (let b = 0; b < batch; b++) inner.set(zr.subarray(b * u2, (b + 1) * u2), b * g3);
      }
      // Gates z, r.
      const pre = new Float32Array(batch * g3);
      for (let i = 0; i < pre.length; i++) pre[i] = xk[i] + inner[i];
      const gate = new Float32Array(batch * g3);
      rec.forward(pre, gate, g3);
      const preH = new Float32Array(batch * units);
      if (resetAfter) {
        for (let b = 0; b < batch; b++) {
          for (let j = 0; j < units; j++) preH[b * units + j] = xk[b * g3 + u2 + j] + gate[b * g3 + units + j] * inner[b * g3 + u2 + j];
        }
      } else {
        const rhPrev = new Float32Array(batch * units);
        for (let b = 0; b < batch; b++) {
          for (let j = 0; j < units; j++) rhPrev[b * units + j] = gate[b * g3 + units + j] * hPrev[b * units + j];
        }
        const m = new Float32Array(batch * units);
        matmul(rhPrev, rh, m, batch, units, units);
        for (let b = 0; b < batch; b++) {
          for (let j = 0; j < units; j++) {
            inner[b * g3 + u2 + j] = m[b * units + j];
            preH[b * units + j] = xk[b * g3 + u2 + j] + m[b * units + j];
          }
        }
      }
      const hh = new Float32Array(batch * units);
      act.forward(preH, hh, units);
      const h = new Float32Array(batch * units);
      for (let b = 0; b < batch; b++) {
        for (let j = 0; j < units; j++) {
          const k = b * units + j;
          const z = gate[b * g3 + j];
          h[k] = z * hPrev[k] + (1 - z) * hh[k];
        }
      }
      cache[s] = { hPrev, pre, gate, hh, inner, preH };
      return h;
    },
    stepBack(s, dh) {
      const { hPrev, pre, gate, hh, inner, preH } = cache[s];
      const dhh = new Float32Array(batch * units);
      const dGate = new Float32Array(batch * g3);
      const dhPrev = new Float32Array(batch * units);
      for (let b = 0; b < batch; b++) {
        for (let j = 0; j < units; j++) {
          const k = b * units + j;
          const z = gate[b * g3 + j];
          dGate[b * g3 + j] = dh[k] * (hPrev[k] - hh[k]);
          dhh[k] = dh[k] * (1 - z);
          dhPrev[k] = dh[k] * z;
        }
      }
      const dPreH = new Float32Array(batch * units);
      act.backward(preH, hh, dhh, dPreH, units);
      const dxk = new Float32Array(batch * g3);
      const dInner = new Float32Array(batch * g3);
      if (resetAfter) {
        for (let b = 0; b < batch; b++) {
          for (let j = 0; j < units; j++) {
            const d = dPreH[b * units + j];
            dxk[b * g3 + u2 + j] = d;
            dInner[b * g3 + u2 + j] = d * gate[b * g3 + units + j];
            dGate[b * g3 + units + j] = d * inner[b * g3 + u2 + j];
          }
        }
      } else {
        const dRh = new Float32Array(batch * units);
        matmulBT(dPreH, rh, dRh, batch, units, units);
        for (let b = 0; b < batch; b++) {
          for (let j = 0; j < units; j++) {
            const k = b * units + j;
            dxk[b * g3 + u2 + j] = dPreH[k];
            dGate[b * g3 + units + j] = dRh[k] * hPrev[k];
            dhPrev[k] += dRh[k] * gate[b * g3 + units + j];
          }
        }
      }
      const dPre = new Float32Array(batch * g3);
      rec.backward(pre, gate, dGate, dPre, g3);
      for (let b = 0; b < batch; b++) {
        for (let j = 0; j < u2; j++) {
          dxk[b * g3 + j] = dPre[b * g3 + j];
          dInner[b * g3 + j] = dPre[b * g3 + j];
        }
      }
      if (resetAfter) {
        matmulBT(dInner, w.recurrent, dhPrev, batch, g3, units, true);
      } else {
        const dzr = new Float32Array(batch * u2);
        for (let b = 0; b < batch; b++) dzr.set(dInner.subarray(b * g3, b * g3 + u2), b * u2);
        matmulBT(dzr, rzr, dhPrev, batch, u2, units, true);
      }
      return { dxk, dhPrev };
    },
  };
}

/** A recurrent layer of class `className` with arguments `args`, its weights under `prefix`. */
function recurrentLayer(ctx: KernelContext, className: string, args: LayerArgs, prefix: string, goBackwards: boolean): LayerKernel {
  const shape = ctx.inputShapes[0];
  if (shape.length !== 3) throw new UnsupportedLayerError(`an input of rank ${shape.length}`);
  if (boolArg(args, 'return_state', false)) throw new UnsupportedLayerError('return_state=True is not supported');
  if (boolArg(args, 'stateful', false)) throw new UnsupportedLayerError('stateful=True is not supported');
  if (ctx.training && (floatArg(args, 'dropout', 0) > 0 || floatArg(args, 'recurrent_dropout', 0) > 0)) {
    throw new UnsupportedLayerError('recurrent dropout in training is not supported');
  }
  const [batch, steps, features] = shape;
  const units = intArg(args, 'units');
  const w = cellWeights(ctx, args, prefix);
  const act = activationArg(args, 'activation', 'tanh');
  let cell: Cell;
  if (className === 'SimpleRNN') cell = simpleCell(units, w, act);
  else if (className === 'LSTM') cell = lstmCell(units, w, act, activationArg(args, 'recurrent_activation', 'sigmoid'));
  else if (className === 'GRU') {
    cell = gruCell(units, w, act, activationArg(args, 'recurrent_activation', 'sigmoid'), boolArg(args, 'reset_after', true));
  } else throw new UnsupportedLayerError(`${className} is not a recurrent layer the check runs`);
  const sequences = boolArg(args, 'return_sequences', false);
  const width = cell.width;
  const timeOf = (s: number): number => (goBackwards ? steps - 1 - s : s);
  return {
    forward(inputs) {
      const x = firstInput(inputs).data;
      const rows = batch * steps;
      const xk = new Float32Array(rows * width);
      if (cell.inputBias !== undefined) for (let r = 0; r < rows; r++) xk.set(cell.inputBias, r * width);
      matmul(x, cell.kernel, xk, rows, features, width, true);
      cell.reset(batch, steps);
      let h: Float32Array = new Float32Array(batch * units);
      const out = new Float32Array(sequences ? batch * steps * units : batch * units);
      const xs = new Float32Array(batch * width);
      for (let s = 0; s < steps; s++) {
        const t = timeOf(s);
        for (let b = 0; b < batch; b++) xs.set(xk.subarray((b * steps + t) * width, (b * steps + t + 1) * width), b * width);
        h = cell.step(s, new Float32Array(xs), h);
        if (sequences) for (let b = 0; b < batch; b++) out.set(h.subarray(b * units, (b + 1) * units), (b * steps + s) * units);
      }
      if (!sequences) out.set(h);
      return [{ shape: sequences ? [batch, steps, units] : [batch, units], data: out }];
    },
    backward([gy]) {
      const dxk = new Float32Array(batch * steps * width);
      let dh: Float32Array = new Float32Array(batch * units);
      for (let s = steps - 1; s >= 0; s--) {
        const d = new Float32Array(dh);
        if (sequences) {
          for (let b = 0; b < batch; b++) for (let j = 0; j < units; j++) d[b * units + j] += gy[(b * steps + s) * units + j];
        } else if (s === steps - 1) {
          for (let i = 0; i < d.length; i++) d[i] += gy[i];
        }
        const back = cell.stepBack(s, d);
        const t = timeOf(s);
        for (let b = 0; b < batch; b++) dxk.set(back.dxk.subarray(b * width, (b + 1) * width), (b * steps + t) * width);
        dh = back.dhPrev;
      }
      const gx = new Float32Array(batch * steps * features);
      matmulBT(dxk, cell.kernel, gx, batch * steps, width, features);
      return [gx];
    },
  };
}

export function recurrent(ctx: KernelContext): LayerKernel {
  return recurrentLayer(ctx, ctx.className, ctx.args, '', boolArg(ctx.args, 'go_backwards', false));
}

/** Bidirectional(layer, merge_mode): the backward copy reads the sequence reversed; its sequence output is flipped back. */
export function bidirectional(ctx: KernelContext): LayerKernel {
  const inner = ctx.args.get('layer');
  if (inner === undefined || inner.kind !== 'layer') throw new UnsupportedLayerError('its wrapped layer is not known');
  if (ctx.args.get('backward_layer') !== undefined) throw new UnsupportedLayerError('a separate backward_layer is not supported');
  const mergeValue = ctx.args.get('merge_mode');
  const mode = mergeValue !== undefined && mergeValue.kind === 'none' ? 'none' : strArg<string>(ctx.args, 'merge_mode', 'concat');
  const args = layerArgs(inner.layer.className, inner.layer.args);
  const goBackwards = boolArg(args, 'go_backwards', false);
  const fwd = recurrentLayer(ctx, inner.layer.className, args, 'forward_layer/', goBackwards);
  const bwd = recurrentLayer(ctx, inner.layer.className, args, 'backward_layer/', !goBackwards);
  const sequences = boolArg(args, 'return_sequences', false);
  const [batch, steps] = ctx.inputShapes[0];
  const units = intArg(args, 'units');
  /** Reverses the time axis of [B, T, U] (its own inverse). */
  const flip = (d: Float32Array): Float32Array => {
    if (!sequences) return d;
    const out = new Float32Array(d.length);
    for (let b = 0; b < batch; b++) {
      for (let t = 0; t < steps; t++) {
        out.set(d.subarray((b * steps + t) * units, (b * steps + t + 1) * units), (b * steps + steps - 1 - t) * units);
      }
    }
    return out;
  };
  let yf: Tensor | undefined;
  let yb: Float32Array | undefined;
  return {
    forward(inputs) {
      yf = fwd.forward(inputs)[0];
      yb = flip(bwd.forward(inputs)[0].data);
      const a = yf.data;
      const b = yb;
      const shape = yf.shape;
      const rows = a.length / units;
      switch (mode) {
        case 'concat': {
          const out = new Float32Array(2 * a.length);
          for (let r = 0; r < rows; r++) {
            out.set(a.subarray(r * units, (r + 1) * units), 2 * r * units);
            out.set(b.subarray(r * units, (r + 1) * units), (2 * r + 1) * units);
          }
          return [{ shape: [...shape.slice(0, -1), 2 * units], data: out }];
        }
        case 'sum':
        case 'ave':
        case 'mul': {
          const out = new Float32Array(a.length);
          for (let i = 0; i < out.length; i++) out[i] = mode === 'sum' ? a[i] + b[i] : mode === 'ave' ? (a[i] + b[i]) / 2 : a[i] * b[i];
          return [{ shape, data: out }];
        }
        case 'none':
          return [yf, { shape, data: b }];
        default:
          throw new UnsupportedLayerError(`merge_mode='${mode}'`);
      }
    },
    backward(gradients) {
      const a = (yf as Tensor).data;
      const b = yb as Float32Array;
      const ga = new Float32Array(a.length);
      const gb = new Float32Array(a.length);
      const gy = gradients[0];
      const rows = a.length / units;
      if (mode === 'concat') {
        for (let r = 0; r < rows; r++) {
          ga.set(gy.subarray(2 * r * units, (2 * r + 1) * units), r * units);
          gb.set(gy.subarray((2 * r + 1) * units, (2 * r + 2) * units), r * units);
        }
      } else if (mode === 'none') {
        ga.set(gy);
        gb.set(gradients[1]);
      } else {
        for (let i = 0; i < a.length; i++) {
          ga[i] = mode === 'sum' ? gy[i] : mode === 'ave' ? gy[i] / 2 : gy[i] * b[i];
          gb[i] = mode === 'sum' ? gy[i] : mode === 'ave' ? gy[i] / 2 : gy[i] * a[i];
        }
      }
      const gxf = fwd.backward([ga])[0] as Float32Array;
      const gxb = bwd.backward([flip(gb)])[0] as Float32Array;
      for (let i = 0; i < gxf.length; i++) gxf[i] += gxb[i];
      return [gxf];
    },
  };
}
