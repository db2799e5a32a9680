/**
 * The initializer the check suggests for each layer's kernel, from the activation that follows it
 * (He for the ReLU family, LeCun for SELU, Glorot for tanh, sigmoid, softmax, softsign and linear),
 * and the source edit that writes it (the argument's value replaced, or the keyword inserted
 * after the call's last argument). Ranges come from the parser's syntax tree.
 */
import { classForId } from '../../initializers/names';
import { parseModule } from '../../python/parser/parse';
import type { Argument, Expr } from '../../python/parser/ast';
import { layerDefinition } from '../layers/index';
import type { AnalyzedLayer, AnalyzedModel, ModelAnalysis } from '../analyze';
import type { TextRange, Value } from '../types';
import { canonicalActivation } from './activations';
import type { CheckLayer, InitializerSuggestion } from './types';

/** The constructor argument holding the kernel the suggestion is about, per class. */
const KERNEL_ARGUMENT: Readonly<Record<string, string>> = {
  Dense: 'kernel_initializer',
  Conv1D: 'kernel_initializer',
  Conv2D: 'kernel_initializer',
  Conv3D: 'kernel_initializer',
  Conv1DTranspose: 'kernel_initializer',
  Conv2DTranspose: 'kernel_initializer',
  DepthwiseConv1D: 'depthwise_initializer',
  DepthwiseConv2D: 'depthwise_initializer',
  SeparableConv1D: 'pointwise_initializer',
  SeparableConv2D: 'pointwise_initializer',
  SimpleRNN: 'kernel_initializer',
  LSTM: 'kernel_initializer',
  GRU: 'kernel_initializer',
};

const RECURRENT = new Set(['SimpleRNN', 'LSTM', 'GRU']);
/** Layers the activation is looked for through (they keep the scale roughly, or only regularize). */
const PASS_THROUGH = new Set([
  'BatchNormalization',
  'LayerNormalization',
  'Dropout',
  'SpatialDropout1D',
  'SpatialDropout2D',
  'Flatten',
  'Reshape',
]);

const RELU_FAMILY = new Set(['relu', 'relu6', 'leaky_relu', 'elu', 'gelu', 'silu', 'prelu']);
const GLOROT_FAMILY = new Set(['tanh', 'sigmoid', 'softmax', 'softsign', 'linear']);

/** The Keras id suggested for a kernel followed by `activation`, or undefined when the check has no advice. */
export function suggestedInitializer(activation: string): { id: string; family: string[]; reason: string } | undefined {
  const a = canonicalActivation(activation);
  if (RELU_FAMILY.has(a)) {
    return {
      id: 'he_normal',
      family: ['HeNormal', 'HeUniform'],
      reason: `He initialization keeps the activation variance through ${a} (it zeroes or shrinks half of its inputs)`,
    };
  }
  if (a === 'selu') {
    return {
      id: 'lecun_normal',
      family: ['LecunNormal', 'LecunUniform'],
      reason: 'SELU self-normalizes only with LeCun normal initialization',
    };
  }
  if (GLOROT_FAMILY.has(a)) {
    return {
      id: 'glorot_uniform',
      family: ['GlorotUniform', 'GlorotNormal'],
      reason: `Glorot initialization keeps ${a} near its linear range, where gradients flow`,
    };
  }
  return undefined;
}

/** The initializer's class when the value names one (`'he_normal'`, `HeNormal(seed=1)`). */
function initializerClass(value: Value): string | undefined {
  if (value.kind === 'str') return classForId(value.value);
  if (value.kind === 'initializer') return value.initializer.className;
  return undefined;
}

/** The activation name of a layer's `activation=` argument, or of an activation layer. */
export function layerActivation(layer: AnalyzedLayer): string | undefined {
  const args = layer.args ?? {};
  const name = (v: Value | undefined, fallback: string): string | undefined => {
    if (v === undefined || v.kind === 'none') return fallback;
    if (v.kind === 'str') return canonicalActivation(v.value);
    if (v.kind === 'callable') return canonicalActivation(v.name.split('.').pop() ?? v.name);
    return undefined;
  };
  switch (layer.className) {
    case 'Activation':
      return name(args.activation, 'linear');
    case 'ReLU': {
      const slope = args.negative_slope;
      return slope !== undefined && (slope.kind === 'float' || slope.kind === 'int') && slope.value !== 0 ? 'leaky_relu' : 'relu';
    }
    case 'LeakyReLU':
      return 'leaky_relu';
    case 'ELU':
      return 'elu';
    case 'Softmax':
      return 'softmax';
    case 'PReLU':
      return 'prelu';
    default:
      if (RECURRENT.has(layer.className)) return name(args.activation, 'tanh');
      return Object.prototype.hasOwnProperty.call(KERNEL_ARGUMENT, layer.className) ? name(args.activation, 'linear') : undefined;
  }
}

/** The layers of `model` that read a layer's output (functional: from the graph; Sequential: the next one). */
function consumers(analysis: ModelAnalysis, model: AnalyzedModel, order: readonly number[]): Map<number, number[]> {
  const out = new Map<number, number[]>();
  order.forEach((index, k) => {
    if (model.kind === 'sequential') {
      if (k > 0) out.set(order[k - 1], [index]);
      return;
    }
    for (const ref of analysis.layers[index].inputRefs ?? []) {
      if (ref.layer < 0) continue;
      const list = out.get(ref.layer) ?? [];
      list.push(index);
      out.set(ref.layer, list);
    }
  });
  return out;
}

/** The activation a kernel's output meets: its own, else the first activation layer after it (through normalization and dropout). */
function effectiveActivation(analysis: ModelAnalysis, index: number, next: Map<number, number[]>): string | undefined {
  const own = layerActivation(analysis.layers[index]);
  if (own !== 'linear') return own;
  let at = index;
  for (let hop = 0; hop < 4; hop++) {
    const after = next.get(at) ?? [];
    if (after.length !== 1) break;
    at = after[0];
    const layer = analysis.layers[at];
    if (PASS_THROUGH.has(layer.className)) continue;
    if (Object.prototype.hasOwnProperty.call(KERNEL_ARGUMENT, layer.className)) break;
    const act = layerActivation(layer);
    if (act !== undefined) return act;
    break;
  }
  return own;
}

/** A suggestion (with its edit) for every layer of `model` whose kernel initializer differs from the advice; keys are indexes into `analysis.layers`. */
export function suggestInitializers(
  text: string,
  analysis: ModelAnalysis,
  model: AnalyzedModel,
  order: readonly number[],
): Map<number, InitializerSuggestion> {
  const next = consumers(analysis, model, order);
  const result = new Map<number, InitializerSuggestion>();
  let calls: Map<string, Extract<Expr, { type: 'Call' }>> | undefined;
  for (const index of order) {
    const layer = analysis.layers[index];
    const argument = KERNEL_ARGUMENT[layer.className];
    if (argument === undefined) continue;
    const weight = layer.weights.find((w) => w.spec.initializer.argument === argument && w.spec.owner.length <= 1);
    if (weight === undefined) continue;
    const activation = effectiveActivation(analysis, index, next);
    if (activation === undefined) continue;
    const advice = suggestedInitializer(activation);
    if (advice === undefined) continue;
    const value = weight.spec.initializer.value;
    const current = initializerClass(value);
    if (current !== undefined && advice.family.includes(current)) continue;
    calls ??= callsByRange(text);
    const call = calls.get(`${layer.range.start}:${layer.range.end}`);
    const edit = call === undefined ? undefined : initializerEdit(text, call, argument, advice.id, layer.className);
    result.set(index, {
      argument,
      current: weight.initializer ?? '?',
      suggested: advice.id,
      reason: advice.reason,
      ...(edit !== undefined ? { edit } : {}),
    });
  }
  return result;
}

type CallNode = Extract<Expr, { type: 'Call' }>;

/** Every call of the module by its range. */
function callsByRange(text: string): Map<string, CallNode> {
  const module = parseModule(text);
  const calls = new Map<string, CallNode>();
  const seen = new Set<object>();
  const visit = (node: unknown): void => {
    if (node === null || typeof node !== 'object' || seen.has(node)) return;
    seen.add(node);
    if (Array.isArray(node)) {
      for (const item of node) visit(item);
      return;
    }
    const record = node as Record<string, unknown>;
    if (record.type === 'Call' && typeof record.start === 'number' && typeof record.end === 'number') {
      calls.set(`${record.start}:${record.end}`, node as CallNode);
    }
    for (const key of Object.keys(record)) {
      const child = record[key];
      if (child !== null && typeof child === 'object') visit(child);
    }
  };
  visit(module.body);
  return calls;
}

function initializerEdit(
  text: string,
  call: CallNode,
  argument: string,
  id: string,
  className: string,
): { range: TextRange; newText: string } | undefined {
  const callText = text.slice(call.start, call.end);
  const quote = callText.includes("'") && !callText.includes('"') ? "'" : '"';
  const literal = `${quote}${id}${quote}`;
  const args: readonly Argument[] = call.args;
  if (args.some((a) => a.kind === 'doubleStar' || a.kind === 'star')) return undefined;
  const keyword = args.find((a) => a.kind === 'keyword' && a.name === argument);
  if (keyword !== undefined) return { range: { start: keyword.value.start, end: keyword.value.end }, newText: literal };
  const position = layerDefinition(className)?.positional.indexOf(argument) ?? -1;
  const positional = args.filter((a) => a.kind === 'positional');
  if (position >= 0 && position < positional.length) {
    const arg = positional[position];
    return { range: { start: arg.value.start, end: arg.value.end }, newText: literal };
  }
  if (text[call.end - 1] !== ')') return undefined;
  if (args.length === 0) return { range: { start: call.end - 1, end: call.end - 1 }, newText: `${argument}=${literal}` };
  const last = args[args.length - 1];
  return { range: { start: last.end, end: last.end }, newText: `, ${argument}=${literal}` };
}

/** `analysis` with each suggested initializer in place of the one written (for the side-by-side run). */
export function withSuggestions(analysis: ModelAnalysis, suggestions: ReadonlyMap<number, InitializerSuggestion>): ModelAnalysis {
  const layers = analysis.layers.map((layer, index) => {
    const s = suggestions.get(index);
    if (s === undefined) return layer;
    return {
      ...layer,
      weights: layer.weights.map((w) =>
        w.spec.initializer.argument === s.argument
          ? {
              ...w,
              initializer: `'${s.suggested}'`,
              spec: {
                ...w.spec,
                initializer: { ...w.spec.initializer, value: { kind: 'str' as const, value: s.suggested }, isDefault: false },
              },
            }
          : w,
      ),
    };
  });
  return { ...analysis, layers };
}

/** Layers that share one suggestion: the layers of one constructor call (a loop, a comprehension) share its edit. */
export interface SuggestionGroup {
  /** Indexes into the result's `layers`, in order. */
  readonly layers: readonly number[];
  readonly suggestion: InitializerSuggestion;
  /** Who it is for, in words: `dense`, `dense, dense_1`, or `dense … dense_11 (12 layers, one call)`. */
  readonly label: string;
}

/** The suggestions of a run, one group per distinct edit (a suggestion without an edit stays alone). */
export function suggestionGroups(layers: readonly CheckLayer[]): SuggestionGroup[] {
  const groups = new Map<string, { layers: number[]; suggestion: InitializerSuggestion }>();
  layers.forEach((layer, k) => {
    const s = layer.suggestion;
    if (s === undefined) return;
    const key = s.edit !== undefined ? `${s.edit.range.start}:${s.edit.range.end}:${s.edit.newText}` : `layer ${k}`;
    const group = groups.get(key);
    if (group !== undefined) group.layers.push(k);
    else groups.set(key, { layers: [k], suggestion: s });
  });
  return [...groups.values()].map(({ layers: members, suggestion }) => {
    const names = members.map((k) => layers[k].name ?? layers[k].className);
    const label = names.length > 2 ? `${names[0]} … ${names[names.length - 1]} (${names.length} layers, one call)` : names.join(', ');
    return { layers: members, suggestion, label };
  });
}
