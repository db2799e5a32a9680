/**
 * The weight shape an initializer gets in the file's model: the layer call that receives the
 * initializer is matched to the layer instance(s) `analyzeModels` read from that same constructor
 * call, and the weight built from the initializer's keyword (`kernel_initializer` → kernel) gives
 * the shape, the fans and the code that decides them (the Input, the layer before).
 */
import { computeFans } from '../initializers/fans';
import type { InitializerExpression, LayerContext, ShapeSource, SourceRange } from '../python/types';
import { analyzeModels, type AnalyzedLayer, type AnalyzedWeight, type InputSource, type ModelAnalysis } from './analyze';

/** Layers that wrap another layer given as an argument (the wrapped layer is not listed itself). */
const WRAPPERS = new Set(['Bidirectional', 'TimeDistributed']);

const byRange = new WeakMap<ModelAnalysis, Map<string, AnalyzedLayer[]>>();

/** The last few texts read (hover, diagnostics and the preview may alternate between documents). */
const recent = new Map<string, ModelAnalysis>();
const RECENT_TEXTS = 4;

/** analyzeModels(text), remembered for the last few texts. */
export function modelAnalysis(text: string): ModelAnalysis {
  const cached = recent.get(text);
  if (cached !== undefined) {
    recent.delete(text);
    recent.set(text, cached);
    return cached;
  }
  const analysis = analyzeModels(text);
  recent.set(text, analysis);
  if (recent.size > RECENT_TEXTS) recent.delete(recent.keys().next().value as string);
  return analysis;
}

function rangeKey(r: SourceRange): string {
  return `${r.start}:${r.end}`;
}

function layersByRange(analysis: ModelAnalysis): Map<string, AnalyzedLayer[]> {
  let map = byRange.get(analysis);
  if (map === undefined) {
    map = new Map();
    for (const layer of analysis.layers) {
      const key = rangeKey(layer.range);
      const list = map.get(key);
      if (list === undefined) map.set(key, [layer]);
      else list.push(layer);
    }
    byRange.set(analysis, map);
  }
  return map;
}

/** The layers made by this constructor call, or by the wrapper around it (`Bidirectional(LSTM(...))`). */
function instancesOf(analysis: ModelAnalysis, range: SourceRange): AnalyzedLayer[] {
  const exact = layersByRange(analysis).get(rangeKey(range));
  if (exact !== undefined) {
    return exact.filter((l) => !analysis.models.some((m) => m.range.start === l.range.start && m.range.end === l.range.end));
  }
  let wrapper: AnalyzedLayer[] = [];
  let size = Infinity;
  for (const l of analysis.layers) {
    if (!WRAPPERS.has(l.className) || l.range.start > range.start || l.range.end < range.end) continue;
    const s = l.range.end - l.range.start;
    if (s < size) {
      size = s;
      wrapper = [l];
    } else if (s === size && l.range.start === wrapper[0]?.range.start) wrapper.push(l);
  }
  return wrapper;
}

/** Whitespace-collapsed, at most `max` characters. */
function clip(text: string, max: number): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length <= max ? one : `${one.slice(0, max - 1)}…`;
}

/** The top-level, comma-separated arguments of the call text `Dense(256, activation="relu")`. */
function callArguments(source: string): string[] | undefined {
  const open = source.indexOf('(');
  if (open < 0) return undefined;
  const out: string[] = [];
  let depth = 0;
  let quote: string | undefined;
  let start = open + 1;
  for (let k = open + 1; k < source.length; k++) {
    const c = source[k];
    if (quote !== undefined) {
      if (c === '\\') k++;
      else if (c === quote) quote = undefined;
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') {
      if (depth === 0) {
        out.push(source.slice(start, k));
        return out.map((a) => a.trim()).filter((a) => a !== '');
      }
      depth--;
    } else if (c === ',' && depth === 0) {
      out.push(source.slice(start, k));
      start = k + 1;
    }
  }
  return undefined;
}

/** `Dense(256)`: the class and the positional arguments as written (keywords are left out). */
function shortCall(text: string, className: string, range: SourceRange): string {
  const args = callArguments(text.slice(range.start, range.end));
  if (args === undefined) return `${className}(…)`;
  const positional = args.filter((a) => !/^[A-Za-z_]\w*\s*=(?!=)/.test(a) && !a.startsWith('*'));
  return `${className}(${clip(positional.join(', '), 40)})`;
}

/** The code a layer's input comes from, in words: "`keras.Input(shape=(784,))` on line 2", "output of `Dense(256)` on line 5". */
function inputWords(text: string, layer: AnalyzedLayer, from: InputSource): { words: string; range?: SourceRange; line?: number } {
  if (from.kind === 'operation') return { words: `output of \`${clip(from.name, 40)}\`` };
  const range = from.range as SourceRange;
  const at = from.line !== undefined ? ` on line ${from.line}` : '';
  if (from.kind === 'input') {
    // `Dense(64, input_shape=(784,))` as the first layer of a Sequential makes its own InputLayer.
    if (range.start === layer.range.start && range.end === layer.range.end) {
      return { words: `its \`input_shape\`${at}`, range, ...lineOf(from) };
    }
    return { words: `\`${clip(text.slice(range.start, range.end), 60)}\`${at}`, range, ...lineOf(from) };
  }
  return { words: `output of \`${shortCall(text, from.className, range)}\`${at}`, range, ...lineOf(from) };
}

function lineOf(from: InputSource): { line?: number } {
  return from.line !== undefined ? { line: from.line } : {};
}

function shapeWords(shape: readonly number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
}

interface Found {
  readonly layer: AnalyzedLayer;
  readonly weight: AnalyzedWeight;
}

/** Whether the layer call's literal arguments alone give this shape. */
function fromArguments(shape: readonly number[], literalShape: readonly (number | undefined)[] | undefined): boolean {
  return literalShape !== undefined && literalShape.length === shape.length && literalShape.every((d, i) => d === shape[i]);
}

/** Where one weight's shape comes from: the fan the input decides and the code that made that input. */
function sourceOf(text: string, found: Found, literalShape: readonly (number | undefined)[] | undefined): ShapeSource {
  const shape = found.weight.shape ?? [];
  const fans = computeFans(shape);
  const from = found.layer.inputFrom?.[0];
  if (fromArguments(shape, literalShape) || from === undefined) {
    const call = shortCall(text, found.layer.className, found.layer.range);
    return { text: `shape ${shapeWords(shape)}: the arguments of \`${call}\` on line ${found.layer.line}` };
  }
  const { words, range, line } = inputWords(text, found.layer, from);
  return { text: `fan_in ${fans.fanIn}: ${words}`, ...(range !== undefined ? { range } : {}), ...(line !== undefined ? { line } : {}) };
}

/** The product of the leading (spatial) dimensions of a rank ≥ 3 shape. */
function receptiveField(shape: readonly (number | undefined)[]): number | undefined {
  if (shape.length < 3) return undefined;
  let p = 1;
  for (const d of shape.slice(0, -2)) {
    if (d === undefined) return undefined;
    p *= d;
  }
  return p;
}

/** What the model tells about a layer context's weight, or undefined when it tells nothing. */
export function modelLayerContext(text: string, layer: LayerContext): LayerContext | undefined {
  let analysis: ModelAnalysis;
  try {
    analysis = modelAnalysis(text);
  } catch {
    return undefined;
  }
  const instances = instancesOf(analysis, layer.range);
  if (instances.length === 0) return undefined;
  const found: Found[] = [];
  for (const l of instances) {
    for (const w of l.weights) {
      if (w.spec.initializer.argument === layer.argument && w.shape !== null) found.push({ layer: l, weight: w });
    }
  }
  if (found.length === 0) {
    const reason = instances.find((l) => l.unknown !== undefined)?.unknown;
    return reason !== undefined ? { ...layer, shapeUnknown: reason } : undefined;
  }
  const groups = new Map<string, Found[]>();
  for (const f of found) {
    const key = (f.weight.shape ?? []).join(',');
    const list = groups.get(key);
    if (list === undefined) groups.set(key, [f]);
    else list.push(f);
  }
  const weight = found[0].weight.name;
  if (groups.size === 1) {
    const shape = [...(found[0].weight.shape ?? [])];
    const fans = computeFans(shape);
    return {
      ...layer,
      weight,
      rank: shape.length,
      shape,
      fanIn: fans.fanIn,
      fanOut: fans.fanOut,
      receptiveField: receptiveField(shape),
      // Nothing to tell when the layer call's arguments alone give the shape.
      ...(fromArguments(shape, layer.shape) ? {} : { shapeSource: sourceOf(text, found[0], layer.shape) }),
    };
  }
  const entries = [...groups.values()].map((list) => ({
    shape: [...(list[0].weight.shape ?? [])],
    count: list.length,
    source: sourceOf(text, list[0], layer.shape),
  }));
  const rank = entries[0].shape.length;
  const sameRank = entries.every((e) => e.shape.length === rank);
  const shape = sameRank ? entries[0].shape.map((d, i) => (entries.every((e) => e.shape[i] === d) ? d : undefined)) : undefined;
  const several = new Set(found.map((f) => f.layer)).size;
  const list = entries.map((e) => shapeWords(e.shape));
  const listed = list.length === 2 ? `${list[0]} and ${list[1]}` : `${list.slice(0, -1).join(', ')} and ${list[list.length - 1]}`;
  const words = several > 1 ? `called ${several} times: ${listed}` : `${found.length} weights: ${listed}`;
  return {
    ...layer,
    weight,
    rank: sameRank ? rank : undefined,
    shape,
    fanIn: undefined,
    fanOut: undefined,
    receptiveField: shape !== undefined ? receptiveField(shape) : undefined,
    shapeSource: { text: words },
    instances: entries,
  };
}

/**
 * The expression with its layer context completed by the file's model, when the model knows more
 * than the layer call's literal arguments (the input size, the channels of the layer before).
 */
export function withModelShape(text: string, expr: InitializerExpression): InitializerExpression {
  const layer = expr.layer;
  if (layer === undefined) return expr;
  const better = modelLayerContext(text, layer);
  return better === undefined ? expr : { ...expr, layer: better };
}
