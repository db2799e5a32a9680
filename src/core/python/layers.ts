/**
 * Layer calls as the cursor reader sees them: which weight an initializer argument feeds and that
 * weight's shape, partly known from the call's literal arguments. The rules are the model reader's
 * layer catalogue (core/model/layers): the call is built there on what is known (`partialBuild`).
 */
import { layerDefinition, partialBuild, type PartialDims, type PartialInput, type PartialWeight } from '../model/layers';
import type { Dim, LayerDefinition, Value } from '../model/types';
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

/** Calls that create one variable whose shape is their `shape=` argument and whose name is `name=`. */
const VARIABLE_CALLS: ReadonlyMap<string, readonly string[]> = new Map([
  ['add_weight', ['shape', 'initializer', 'dtype']],
  ['add_variable', ['shape', 'initializer', 'dtype']],
  ['Variable', []],
]);

/** The positional parameter names of a known layer (or add_weight), for mapping positional arguments. */
export function layerPositional(name: string): readonly string[] | undefined {
  return VARIABLE_CALLS.get(name) ?? layerDefinition(name)?.positional;
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
  /** The catalogue's definition of the layer, undefined for a custom layer or `add_weight`. */
  readonly definition: LayerDefinition | undefined;
  /** Whether the call creates one variable from its `shape=` (`add_weight`, `keras.Variable`). */
  readonly variable: boolean;
  /** The catalogue's partial build on what the call makes known; undefined when it does not build. */
  readonly weights: readonly PartialWeight[] | undefined;
  readonly view: ArgView;
  readonly literal: Readonly<Record<string, PyValue>>;
  readonly nonLiteral: readonly string[];
  readonly range: SourceRange;
  /** The convenience fields of LayerContext (units, filters, kernelSize...). */
  readonly extra: LayerExtra;
}

type LayerExtra = { -readonly [K in 'units' | 'filters' | 'kernelSize' | 'depthMultiplier' | 'inputDim' | 'outputDim']?: LayerContext[K] };

/** The catalogue's `Value` of a literal. */
function litValue(lit: Lit): Value {
  switch (lit.t) {
    case 'int':
      return { kind: 'int', value: lit.v };
    case 'float':
      return { kind: 'float', value: lit.v };
    case 'bool':
      return { kind: 'bool', value: lit.v !== 0 };
    case 'str':
      return { kind: 'str', value: lit.v };
    case 'None':
      return { kind: 'none' };
    case 'tuple':
    case 'list':
      return { kind: lit.t, items: lit.items.map(litValue) };
  }
}

/** Keyword arguments every Keras layer accepts for its input shape; they are not build arguments. */
const INPUT_SHAPE_ARGUMENTS = ['input_shape', 'batch_input_shape', 'batch_shape', 'input_dim'];

/** The call's arguments by Keras parameter name as catalogue values; non-literal ones are `unknown`. */
function buildArguments(args: readonly RawArgument[], definition: LayerDefinition): Record<string, Value> {
  const values: Record<string, Value> = {};
  for (const a of args) {
    const name = a.info.name;
    if (name === undefined || a.info.unpacked || Object.hasOwn(values, name)) continue;
    if (INPUT_SHAPE_ARGUMENTS.includes(name) && !definition.positional.includes(name)) continue;
    values[name] = a.lit !== undefined ? litValue(a.lit) : { kind: 'unknown', reason: 'not a literal' };
  }
  return values;
}

/** What the call's input-shape keywords make known (Keras 3 Layer takes `input_shape`, `batch_shape`; tf.keras also `input_dim`). */
function partialInput(view: ArgView, definition: LayerDefinition): PartialInput {
  const shape = view.dims('input_shape');
  if (Array.isArray(shape)) return { shape: [null, ...shape] };
  if (typeof shape === 'number') return { lastAxis: shape };
  const batchShape = view.dims('batch_input_shape') ?? view.dims('batch_shape');
  if (Array.isArray(batchShape) && batchShape.length > 0) {
    return { shape: batchShape.map((d, i): Dim | undefined => (i === 0 ? (d ?? null) : d)) };
  }
  const inputDim = definition.positional.includes('input_dim') ? undefined : view.int('input_dim');
  return inputDim !== undefined ? { lastAxis: inputDim } : {};
}

/** The weight an initializer argument feeds: the first one built with it. */
function weightOf(weights: readonly PartialWeight[] | undefined, argument: string): PartialWeight | undefined {
  return weights?.find((w) => w.initializer.argument === argument);
}

/** Reads the call `calleeNames(...)` whose arguments are `args` (mapped with `layerPositional`), if it is a layer. */
export function layerCall(
  ts: TokenStream,
  calleeNames: readonly string[],
  args: readonly RawArgument[],
  range: SourceRange,
): LayerCall | undefined {
  const name = calleeNames[calleeNames.length - 1];
  if (name === undefined) return undefined;
  const variable = VARIABLE_CALLS.has(name);
  const definition = variable ? undefined : layerDefinition(name);
  if (definition === undefined && !variable && !looksLikeClass(name)) return undefined;
  const view = new ArgView(ts, args);
  const { args: literal, nonLiteral } = splitArguments(args);
  const weights =
    definition !== undefined ? partialBuild(definition, buildArguments(args, definition), partialInput(view, definition)) : undefined;
  const extra: LayerExtra = {};
  const units = view.int('units');
  if (units !== undefined) extra.units = units;
  const filters = view.int('filters');
  if (filters !== undefined) extra.filters = filters;
  if (view.has('kernel_size')) {
    // The spatial dims of the first kernel-like weight (rank >= 3), as the catalogue built it.
    const kernel = weights?.find((w) => w.shape !== undefined && w.shape.length >= 3)?.shape;
    const written = view.dims('kernel_size');
    if (kernel !== undefined) extra.kernelSize = kernel.slice(0, -2);
    else if (definition === undefined && Array.isArray(written)) extra.kernelSize = written;
  }
  const depthwise = weightOf(weights, 'depthwise_initializer')?.shape;
  const depthMultiplier = depthwise?.[depthwise.length - 1];
  if (depthMultiplier !== undefined) extra.depthMultiplier = depthMultiplier;
  if (definition?.positional.includes('input_dim') === true) {
    const inputDim = view.int('input_dim');
    if (inputDim !== undefined) extra.inputDim = inputDim;
  }
  if (definition?.positional.includes('output_dim') === true) {
    const outputDim = view.int('output_dim');
    if (outputDim !== undefined) extra.outputDim = outputDim;
  }
  return { name, callee: calleeNames.join('.'), definition, variable, weights, view, literal, nonLiteral, range, extra };
}

/** `add_weight(shape=...)`: the shape argument as dims (an int is a 1-D shape). */
function variableShape(view: ArgView): PartialDims | undefined {
  const shape = view.dims('shape');
  return typeof shape === 'number' ? [shape] : shape;
}

/** The layer context for an initializer passed to `call` as `argument`. */
export function layerContext(call: LayerCall, argument: string): LayerContext {
  const { view, name } = call;
  let weight: string | undefined;
  let shape: PartialDims | undefined;
  if (call.variable) {
    weight = view.str('name');
    shape = argument === 'initializer' ? variableShape(view) : undefined;
  } else if (call.definition !== undefined) {
    const built = weightOf(call.weights, argument);
    weight = built?.name;
    shape = built?.shape;
  } else {
    weight = argument.endsWith('_initializer') ? argument.slice(0, -'_initializer'.length) : undefined;
  }
  const fans = shape !== undefined ? partialFans(shape) : undefined;
  return {
    name,
    callee: call.callee,
    known: call.definition !== undefined || call.variable,
    argument,
    weight,
    rank: shape?.length,
    shape: shape === undefined ? undefined : [...shape],
    fanIn: fans?.fanIn,
    fanOut: fans?.fanOut,
    receptiveField: fans?.receptiveField,
    args: call.literal,
    nonLiteral: call.nonLiteral,
    range: call.range,
    ...call.extra,
  };
}
