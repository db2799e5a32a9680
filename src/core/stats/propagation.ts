/**
 * Activation propagation: a probe batch x (batch × width) through L dense layers y = act(x·W) without
 * bias, recording per layer the statistics that show vanishing or exploding signals (std per layer),
 * saturation (histograms) and dead ReLUs (fraction of zeros, units dead for the whole batch).
 *
 * Weights come from a caller-supplied function, so any initializer plugs in; W is row-major
 * fanIn × fanOut, the layout of a Keras Dense kernel (input_dim, units). Activations are stored in
 * float32 by default (Keras's floatx) with dot products accumulated in double.
 */
import { CoreError } from '../errors';
import type { Activation } from './activations';
import { activationFunction, isActivation, ACTIVATIONS } from './activations';
import type { InputDistribution } from './inputBatch';
import { fillInputBatch } from './inputBatch';
import type { HistogramRange } from './histogram';
import { accumulateHistogram, chooseHistogramRange, createHistogram } from './histogram';
import { accumulateMoments, createMoments, finalizeMoments, resetMoments } from './moments';

/** Produces layer `layerIndex`'s kernel (0-based), fanIn × fanOut row-major. */
export type WeightSource = (layerIndex: number, fanIn: number, fanOut: number) => Float32Array | Float64Array;

export interface PropagationOptions {
  /** number of dense layers L, >= 1 */
  readonly layers: number;
  /** units per layer; the input has the same width */
  readonly width: number;
  /** rows of the probe batch */
  readonly batch: number;
  readonly activation: Activation;
  readonly weights: WeightSource;
  /** probe input: a seeded N(0, 1) or U(-1, 1) batch (default 'normal'), or explicit batch × width values */
  readonly input?: InputDistribution | Float32Array | Float64Array;
  /** seed of the generated probe batch; default 0 */
  readonly seed?: number;
  /** histogram bins per layer; default 50 */
  readonly bins?: number;
  /** one range for every layer's histogram (comparable bars), or each layer's own extremes (default) */
  readonly range?: HistogramRange;
  /** storage dtype of the activations; default 'float32' as Keras's floatx */
  readonly dtype?: 'float32' | 'float64';
}

/** One layer's histogram, plain data. */
export interface LayerHistogram {
  readonly lo: number;
  readonly hi: number;
  readonly edges: Float64Array;
  readonly counts: Float64Array;
  /** values outside [lo, hi] (only with a fixed `range`) */
  readonly below: number;
  readonly above: number;
}

export interface LayerStatistics {
  /** 0 is the probe input, 1..L the layers' outputs */
  readonly layer: number;
  readonly mean: number;
  /** population std over all batch × width values */
  readonly std: number;
  readonly min: number;
  readonly max: number;
  /** fraction of outputs exactly 0 (ReLU's dead outputs) */
  readonly zeroFraction: number;
  /** fraction of units that are 0 for every row of the batch (dead units); 0 for the input */
  readonly deadUnitFraction: number;
  /** mean and std of x·W before the activation; undefined for the input */
  readonly preActivation: { readonly mean: number; readonly std: number } | undefined;
  readonly histogram: LayerHistogram;
}

/** Largest batch × width held at once (two buffers of this many values). */
const MAX_VALUES = 1 << 24;

function fail(message: string, code: 'INVALID_ARGUMENT' | 'TOO_LARGE' = 'INVALID_ARGUMENT'): never {
  throw new CoreError(code, message);
}

function positiveInteger(value: number, what: string): void {
  if (!Number.isInteger(value) || value < 1) fail(`propagation: ${what} must be an integer >= 1; received ${value}.`);
}

function summarize(
  layer: number,
  values: Float32Array | Float64Array,
  bins: number,
  range: HistogramRange | undefined,
  preActivation: LayerStatistics['preActivation'],
  deadUnitFraction: number,
): LayerStatistics {
  const state = createMoments();
  accumulateMoments(state, values);
  const m = finalizeMoments(state);
  const r = range ?? chooseHistogramRange({ data: { min: m.min, max: m.max } });
  const h = createHistogram({ lo: r.lo, hi: r.hi, bins });
  accumulateHistogram(h, values);
  const total = values.length;
  return {
    layer,
    mean: m.mean,
    std: m.std,
    min: m.min,
    max: m.max,
    zeroFraction: m.zeroCount / total,
    deadUnitFraction,
    preActivation,
    histogram: {
      lo: h.lo,
      hi: h.hi,
      edges: h.edges,
      counts: h.counts as Float64Array,
      below: h.below,
      above: h.above,
    },
  };
}

/**
 * Runs the propagation one layer per step, so a time-sliced loop or a worker can report progress:
 * the first value is the input's statistics, then one per layer.
 */
export function* propagationSteps(options: PropagationOptions): Generator<LayerStatistics, void, void> {
  const { layers, width, batch, activation } = options;
  positiveInteger(layers, 'layers');
  positiveInteger(width, 'width');
  positiveInteger(batch, 'batch');
  if (!isActivation(activation)) {
    fail(`propagation: unknown activation ${JSON.stringify(activation)}; accepted: ${ACTIVATIONS.join(', ')}.`);
  }
  const bins = options.bins ?? 50;
  positiveInteger(bins, 'bins');
  if (typeof options.weights !== 'function') {
    fail('propagation: weights must be a function (layerIndex, fanIn, fanOut) => Float32Array | Float64Array.');
  }
  const size = batch * width;
  if (size > MAX_VALUES) fail(`propagation: batch × width = ${size} exceeds ${MAX_VALUES} values.`, 'TOO_LARGE');
  const dtype = options.dtype ?? 'float32';
  if (dtype !== 'float32' && dtype !== 'float64') {
    fail(`propagation: dtype must be 'float32' or 'float64'; received ${JSON.stringify(dtype)}.`);
  }
  const range = options.range;
  if (range !== undefined && !(Number.isFinite(range.lo) && Number.isFinite(range.hi) && range.lo <= range.hi)) {
    fail(`propagation: range needs finite lo <= hi; received lo=${range.lo}, hi=${range.hi}.`);
  }
  const make = (n: number): Float32Array | Float64Array => (dtype === 'float32' ? new Float32Array(n) : new Float64Array(n));

  let x = make(size);
  const input = options.input ?? 'normal';
  if (typeof input === 'string') {
    fillInputBatch(x, input, options.seed ?? 0);
  } else {
    if (input.length !== size) fail(`propagation: input has ${input.length} values; expected batch × width = ${size}.`);
    x.set(input);
  }
  yield summarize(0, x, bins, range, undefined, 0);

  const act = activationFunction(activation);
  let y = make(size);
  const acc = new Float64Array(width);
  const alive = new Uint8Array(width);
  const pre = createMoments();
  for (let layer = 0; layer < layers; layer++) {
    const w = options.weights(layer, width, width);
    if (!(w instanceof Float32Array || w instanceof Float64Array)) {
      fail(`propagation: weights(${layer}, ${width}, ${width}) must return a Float32Array or Float64Array.`);
    }
    if (w.length !== width * width) {
      fail(`propagation: weights(${layer}, ${width}, ${width}) returned ${w.length} values; expected fanIn × fanOut = ${width * width}.`);
    }
    alive.fill(0);
    resetMoments(pre);
    for (let r = 0; r < batch; r++) {
      acc.fill(0);
      const rowOffset = r * width;
      // y_r = x_r · W, i-k-j order: W's row k is contiguous, each x value scales one row
      for (let k = 0; k < width; k++) {
        const a = x[rowOffset + k];
        if (a === 0) continue; // exact: 0·w adds 0 (unless w is ±∞/NaN, which initializers never give)
        const wOffset = k * width;
        for (let j = 0; j < width; j++) acc[j] += a * w[wOffset + j];
      }
      accumulateMoments(pre, acc);
      for (let j = 0; j < width; j++) {
        const v = act(acc[j]);
        y[rowOffset + j] = v;
        if (y[rowOffset + j] !== 0) alive[j] = 1;
      }
    }
    let dead = 0;
    for (let j = 0; j < width; j++) dead += alive[j] === 0 ? 1 : 0;
    const p = finalizeMoments(pre);
    yield summarize(layer + 1, y, bins, range, { mean: p.mean, std: p.std }, dead / width);
    const t = x;
    x = y;
    y = t;
  }
}

/** Per-layer statistics of a whole run: index 0 is the input, then layers 1..L. */
export function propagateActivations(options: PropagationOptions): LayerStatistics[] {
  return [...propagationSteps(options)];
}

/** Two initializers through the same probe batch and stack (the panel's comparison view). */
export function comparePropagation(
  options: Omit<PropagationOptions, 'weights'>,
  a: WeightSource,
  b: WeightSource,
): { readonly a: LayerStatistics[]; readonly b: LayerStatistics[] } {
  return { a: propagateActivations({ ...options, weights: a }), b: propagateActivations({ ...options, weights: b }) };
}
