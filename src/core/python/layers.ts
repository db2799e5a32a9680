/**
 * Keras 3 layers whose weights the reader knows: which initializer argument feeds which weight, and
 * the weight's shape from the layer's literal arguments (channels_last unless data_format says
 * otherwise). Shapes follow each layer's `build()` in keras/src/layers.
 */
import { evaluateTokens, type Lit, type PyValue } from './literal';
import { bracketItems, splitArguments, type RawArgument } from './syntax';
import { CH_LBRACKET, CH_LPAREN, type TokenStream } from './tokenizer';
import type { LayerContext, SourceRange } from './types';

type Dims = (number | undefined)[];

/** Literal views of a call's arguments. */
export class ArgView {
  private readonly byName = new Map<string, RawArgument>();
  constructor(
    private readonly ts: TokenStream,
    args: readonly RawArgument[],
  ) {
    for (const a of args) if (a.info.name !== undefined) this.byName.set(a.info.name, a);
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  lit(name: string): Lit | undefined {
    return this.byName.get(name)?.lit;
  }

  /** A literal positive int (bool is not accepted as a size). */
  int(name: string): number | undefined {
    const l = this.lit(name);
    return l !== undefined && l.t === 'int' && Number.isInteger(l.v) ? l.v : undefined;
  }

  str(name: string): string | undefined {
    const l = this.lit(name);
    return l !== undefined && l.t === 'str' ? l.v : undefined;
  }

  /**
   * An int, or a tuple/list of dims (None and non-literal items become undefined). A display with
   * some non-literal items still gives its length: `shape=(input_dim, self.units)` has rank 2.
   */
  dims(name: string): number | Dims | undefined {
    const a = this.byName.get(name);
    if (a === undefined) return undefined;
    const l = a.lit;
    if (l !== undefined) {
      if (l.t === 'int') return l.v;
      if (l.t === 'tuple' || l.t === 'list') return l.items.map((it) => (it.t === 'int' ? it.v : undefined));
      return undefined;
    }
    const ts = this.ts;
    const o = ts.op[a.valueFirst];
    if ((o === CH_LPAREN || o === CH_LBRACKET) && ts.match[a.valueFirst] === a.end - 1) {
      const items = bracketItems(ts, a.valueFirst);
      if (o === CH_LPAREN && items.length === 1 && ts.op[ts.match[a.valueFirst] - 1] !== 44) return undefined;
      return items.map(([f, e]) => {
        const it = evaluateTokens(ts, f, e);
        return it !== undefined && it.t === 'int' ? it.v : undefined;
      });
    }
    return undefined;
  }
}

function mul(...xs: (number | undefined)[]): number | undefined {
  let p = 1;
  for (const x of xs) {
    if (x === undefined) return undefined;
    p *= x;
  }
  return p;
}

/** Input channels from `input_dim` / `input_shape` / `batch_input_shape` (Keras 3 Layer accepts the first two). */
function inputChannels(a: ArgView): number | undefined {
  const dim = a.int('input_dim');
  if (dim !== undefined) return dim;
  const channelsFirst = a.str('data_format') === 'channels_first';
  const shape = a.dims('input_shape');
  if (Array.isArray(shape) && shape.length > 0) return channelsFirst ? shape[0] : shape[shape.length - 1];
  if (typeof shape === 'number') return shape;
  const batchShape = a.dims('batch_input_shape') ?? a.dims('batch_shape');
  if (Array.isArray(batchShape) && batchShape.length > 1) return channelsFirst ? batchShape[1] : batchShape[batchShape.length - 1];
  return undefined;
}

/** `kernel_size` as `rank` spatial dims (an int is repeated, as keras standardize_tuple does). */
function kernelDims(a: ArgView, rank: number): Dims {
  const ks = a.dims('kernel_size');
  if (typeof ks === 'number') return new Array<number | undefined>(rank).fill(ks);
  if (Array.isArray(ks) && ks.length === rank) return ks;
  return new Array<number | undefined>(rank).fill(undefined);
}

export interface LayerSpec {
  /** Keras's positional parameter order, as far as the reader needs it. */
  readonly positional: readonly string[];
  /** Initializer argument → weight name. */
  readonly weights: Readonly<Record<string, string>>;
  /** The weight's shape, or undefined when even its rank is unknown. */
  readonly shape: (weight: string, a: ArgView) => Dims | undefined;
}

const DENSE: LayerSpec = {
  positional: ['units', 'activation', 'use_bias', 'kernel_initializer', 'bias_initializer'],
  weights: { kernel_initializer: 'kernel', bias_initializer: 'bias' },
  // kernel (input_dim, units), bias (units,)
  shape: (w, a) => (w === 'kernel' ? [inputChannels(a), a.int('units')] : [a.int('units')]),
};

function conv(rank: number): LayerSpec {
  return {
    positional: ['filters', 'kernel_size', 'strides', 'padding', 'data_format', 'dilation_rate', 'groups'],
    weights: { kernel_initializer: 'kernel', bias_initializer: 'bias' },
    // BaseConv: kernel_size + (input_channel // groups, filters); bias (filters,)
    shape: (w, a) => {
      if (w === 'bias') return [a.int('filters')];
      const inCh = inputChannels(a);
      const groups = a.has('groups') ? a.int('groups') : 1;
      const perGroup = inCh !== undefined && groups !== undefined && groups > 0 ? Math.floor(inCh / groups) : undefined;
      return [...kernelDims(a, rank), perGroup, a.int('filters')];
    },
  };
}

function convTranspose(rank: number): LayerSpec {
  return {
    positional: ['filters', 'kernel_size', 'strides', 'padding'],
    weights: { kernel_initializer: 'kernel', bias_initializer: 'bias' },
    // BaseConvTranspose: kernel_size + (filters, input_channel); bias (filters,)
    shape: (w, a) => (w === 'bias' ? [a.int('filters')] : [...kernelDims(a, rank), a.int('filters'), inputChannels(a)]),
  };
}

function depthMultiplier(a: ArgView): number | undefined {
  return a.has('depth_multiplier') ? a.int('depth_multiplier') : 1;
}

function depthwise(rank: number): LayerSpec {
  return {
    positional: ['kernel_size', 'strides', 'padding', 'depth_multiplier', 'data_format'],
    weights: { depthwise_initializer: 'depthwise_kernel', bias_initializer: 'bias' },
    // BaseDepthwiseConv: kernel_size + (input_channel, depth_multiplier); bias (input_channel * depth_multiplier,)
    shape: (w, a) => {
      const inCh = inputChannels(a);
      const dm = depthMultiplier(a);
      return w === 'bias' ? [mul(inCh, dm)] : [...kernelDims(a, rank), inCh, dm];
    },
  };
}

function separable(rank: number): LayerSpec {
  return {
    positional: ['filters', 'kernel_size', 'strides', 'padding', 'data_format', 'dilation_rate', 'depth_multiplier'],
    weights: { depthwise_initializer: 'depthwise_kernel', pointwise_initializer: 'pointwise_kernel', bias_initializer: 'bias' },
    // BaseSeparableConv: depthwise kernel_size + (in, dm); pointwise (1,)*rank + (dm * in, filters); bias (filters,)
    shape: (w, a) => {
      const inCh = inputChannels(a);
      const dm = depthMultiplier(a);
      if (w === 'bias') return [a.int('filters')];
      if (w === 'depthwise_kernel') return [...kernelDims(a, rank), inCh, dm];
      return [...new Array<number>(rank).fill(1), mul(inCh, dm), a.int('filters')];
    },
  };
}

/** SimpleRNN / LSTM / GRU (and cells): `gates` blocks of `units` columns. */
function recurrent(gates: number, gru: boolean): LayerSpec {
  return {
    positional: ['units'],
    weights: { kernel_initializer: 'kernel', recurrent_initializer: 'recurrent_kernel', bias_initializer: 'bias' },
    // kernel (input_dim, gates*units), recurrent_kernel (units, gates*units), bias (gates*units,);
    // GRU with reset_after=True (the Keras 3 default) has bias (2, 3*units).
    shape: (w, a) => {
      const u = a.int('units');
      const cols = mul(gates, u);
      if (w === 'kernel') return [inputChannels(a), cols];
      if (w === 'recurrent_kernel') return [u, cols];
      if (!gru) return [cols];
      if (!a.has('reset_after')) return [2, cols];
      const r = a.lit('reset_after');
      if (r === undefined || r.t !== 'bool') return undefined;
      return r.v !== 0 ? [2, cols] : [cols];
    },
  };
}

function convLstm(rank: number): LayerSpec {
  return {
    positional: ['filters', 'kernel_size', 'strides', 'padding', 'data_format'],
    weights: { kernel_initializer: 'kernel', recurrent_initializer: 'recurrent_kernel', bias_initializer: 'bias' },
    // ConvLSTMCell: kernel_size + (input_dim, 4*filters), kernel_size + (filters, 4*filters), bias (4*filters,)
    shape: (w, a) => {
      const f = a.int('filters');
      if (w === 'bias') return [mul(4, f)];
      return [...kernelDims(a, rank), w === 'kernel' ? inputChannels(a) : f, mul(4, f)];
    },
  };
}

/** Normalization parameters: one value per channel along `axis` (rank = number of axes). */
function normalization(positional: readonly string[], weights: Readonly<Record<string, string>>): LayerSpec {
  return {
    positional,
    weights,
    shape: (_w, a) => {
      const axis = a.lit('axis');
      if (axis !== undefined && (axis.t === 'tuple' || axis.t === 'list')) return new Array<undefined>(axis.items.length).fill(undefined);
      if (axis !== undefined && axis.t !== 'int') return undefined;
      const ax = axis?.v ?? -1;
      const shape = a.dims('input_shape');
      if (Array.isArray(shape) && ax < 0 && -ax <= shape.length) {
        // input_shape excludes the batch axis: axis -1 is its last entry.
        return [shape[shape.length + ax]];
      }
      if (Array.isArray(shape) && ax > 0 && ax - 1 < shape.length) return [shape[ax - 1]];
      return [undefined];
    },
  };
}

const BN_WEIGHTS = {
  beta_initializer: 'beta',
  gamma_initializer: 'gamma',
  moving_mean_initializer: 'moving_mean',
  moving_variance_initializer: 'moving_variance',
};

const ADD_WEIGHT: LayerSpec = {
  positional: ['shape', 'initializer', 'dtype'],
  weights: { initializer: 'weight' },
  shape: (_w, a) => {
    const s = a.dims('shape');
    return typeof s === 'number' ? [s] : s;
  },
};

const LAYERS: ReadonlyMap<string, LayerSpec> = new Map<string, LayerSpec>([
  ['Dense', DENSE],
  ['Conv1D', conv(1)],
  ['Conv2D', conv(2)],
  ['Conv3D', conv(3)],
  ['Convolution1D', conv(1)],
  ['Convolution2D', conv(2)],
  ['Convolution3D', conv(3)],
  ['Conv1DTranspose', convTranspose(1)],
  ['Conv2DTranspose', convTranspose(2)],
  ['Conv3DTranspose', convTranspose(3)],
  ['DepthwiseConv1D', depthwise(1)],
  ['DepthwiseConv2D', depthwise(2)],
  ['SeparableConv1D', separable(1)],
  ['SeparableConv2D', separable(2)],
  [
    'Embedding',
    {
      positional: ['input_dim', 'output_dim', 'embeddings_initializer'],
      weights: { embeddings_initializer: 'embeddings' },
      // embeddings (input_dim, output_dim)
      shape: (_w, a) => [a.int('input_dim'), a.int('output_dim')],
    },
  ],
  ['SimpleRNN', recurrent(1, false)],
  ['SimpleRNNCell', recurrent(1, false)],
  ['LSTM', recurrent(4, false)],
  ['LSTMCell', recurrent(4, false)],
  ['GRU', recurrent(3, true)],
  ['GRUCell', recurrent(3, true)],
  ['ConvLSTM1D', convLstm(1)],
  ['ConvLSTM2D', convLstm(2)],
  ['ConvLSTM3D', convLstm(3)],
  ['BatchNormalization', normalization(['axis', 'momentum', 'epsilon', 'center', 'scale'], BN_WEIGHTS)],
  ['LayerNormalization', normalization(['axis', 'epsilon'], { beta_initializer: 'beta', gamma_initializer: 'gamma' })],
  ['GroupNormalization', normalization(['groups', 'axis'], { beta_initializer: 'beta', gamma_initializer: 'gamma' })],
  ['PReLU', { positional: ['alpha_initializer'], weights: { alpha_initializer: 'alpha' }, shape: () => undefined }],
  [
    'MultiHeadAttention',
    {
      positional: ['num_heads', 'key_dim', 'value_dim'],
      weights: { kernel_initializer: 'kernel', bias_initializer: 'bias' },
      // Every projection kernel is rank 3 (EinsumDense); biases are rank 2 (q/k/v) or 1 (output).
      shape: (w) => (w === 'kernel' ? [undefined, undefined, undefined] : undefined),
    },
  ],
  ['add_weight', ADD_WEIGHT],
  ['add_variable', ADD_WEIGHT],
  ['Variable', { positional: [], weights: { initializer: 'variable' }, shape: ADD_WEIGHT.shape }],
]);

/** The positional parameter names of a known layer (or add_weight), for mapping positional arguments. */
export function layerPositional(name: string): readonly string[] | undefined {
  return LAYERS.get(name)?.positional;
}

/** Keras compute_fans (keras/src/initializers/random_initializers.py) on a partly known shape. */
export function partialFans(shape: readonly (number | undefined)[]): {
  fanIn: number | undefined;
  fanOut: number | undefined;
  receptiveField: number | undefined;
} {
  const r = shape.length;
  if (r === 0) return { fanIn: 1, fanOut: 1, receptiveField: undefined };
  if (r === 1) return { fanIn: shape[0], fanOut: shape[0], receptiveField: undefined };
  if (r === 2) return { fanIn: shape[0], fanOut: shape[1], receptiveField: undefined };
  const rf = mul(...shape.slice(0, -2));
  return { fanIn: mul(shape[r - 2], rf), fanOut: mul(shape[r - 1], rf), receptiveField: rf };
}

/** Whether a callee name looks like a layer class (a custom layer gets an entry with what is known). */
function looksLikeClass(name: string): boolean {
  const c = name.charCodeAt(0);
  return c >= 65 && c <= 90;
}

/** What a layer call knows, independent of which initializer argument is asked about. */
export interface LayerCall {
  readonly name: string;
  readonly callee: string;
  readonly spec: LayerSpec | undefined;
  readonly view: ArgView;
  readonly literal: Readonly<Record<string, PyValue>>;
  readonly nonLiteral: readonly string[];
  readonly range: SourceRange;
  /** The convenience fields of LayerContext (units, filters, kernelSize...). */
  readonly extra: LayerExtra;
}

type LayerExtra = { -readonly [K in 'units' | 'filters' | 'kernelSize' | 'depthMultiplier' | 'inputDim' | 'outputDim']?: LayerContext[K] };

/** Reads the call `calleeNames(...)` whose arguments are `args` (mapped with `layerPositional`), if it is a layer. */
export function layerCall(
  ts: TokenStream,
  calleeNames: readonly string[],
  args: readonly RawArgument[],
  range: SourceRange,
): LayerCall | undefined {
  const name = calleeNames[calleeNames.length - 1];
  if (name === undefined) return undefined;
  const spec = LAYERS.get(name);
  if (spec === undefined && !looksLikeClass(name)) return undefined;
  const view = new ArgView(ts, args);
  const { args: literal, nonLiteral } = splitArguments(args);
  const extra: LayerExtra = {};
  const units = view.int('units');
  if (units !== undefined) extra.units = units;
  const filters = view.int('filters');
  if (filters !== undefined) extra.filters = filters;
  if (view.has('kernel_size')) {
    const rank = /([123])D/.exec(name)?.[1];
    if (rank !== undefined) extra.kernelSize = kernelDims(view, Number(rank));
  }
  if (name.includes('Depthwise') || name.includes('Separable')) {
    const dm = depthMultiplier(view);
    if (dm !== undefined) extra.depthMultiplier = dm;
  }
  if (name === 'Embedding') {
    const inputDim = view.int('input_dim');
    const outputDim = view.int('output_dim');
    if (inputDim !== undefined) extra.inputDim = inputDim;
    if (outputDim !== undefined) extra.outputDim = outputDim;
  }
  return { name, callee: calleeNames.join('.'), spec, view, literal, nonLiteral, range, extra };
}

/** The layer context for an initializer passed to `call` as `argument`. */
export function layerContext(call: LayerCall, argument: string): LayerContext {
  const { spec, view, name } = call;
  const specWeight = spec !== undefined && Object.hasOwn(spec.weights, argument) ? spec.weights[argument] : undefined;
  let weight = specWeight;
  if (spec !== undefined && (name === 'add_weight' || name === 'add_variable' || name === 'Variable')) {
    weight = view.str('name') ?? undefined;
  } else if (spec === undefined) {
    weight = argument.endsWith('_initializer') ? argument.slice(0, -'_initializer'.length) : undefined;
  }
  const shape = spec !== undefined && specWeight !== undefined ? spec.shape(specWeight, view) : undefined;
  const fans = shape !== undefined ? partialFans(shape) : undefined;
  return {
    name,
    callee: call.callee,
    known: spec !== undefined,
    argument,
    weight,
    rank: shape?.length,
    shape,
    fanIn: fans?.fanIn,
    fanOut: fans?.fanOut,
    receptiveField: fans?.receptiveField,
    args: call.literal,
    nonLiteral: call.nonLiteral,
    range: call.range,
    ...call.extra,
  };
}
