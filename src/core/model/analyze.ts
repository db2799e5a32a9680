/**
 * `analyzeModels(text)`: every Keras model and layer instance a Python file builds, with shapes,
 * weights and parameter counts as Keras 3 would build them, read without running anything.
 */
import { lineAt, lineStarts } from '../python/lineIndex';
import { parseModuleAfterEdit } from '../python/parser/parse';
import type { SyntaxProblem } from '../python/parser/ast';
import type { LayerInstance, ModelProblem, OptimizerInfo, SymbolicTensor } from './graph';
import { definesNoWeights } from './layers';
import { evaluateModule } from './read/evaluate';
import type { RValue } from './read/values';
import type { Dim, LayerInfo, ModelInfo, TensorShape, TextRange, Value, WeightSpec } from './types';

/** One weight as analyzeModels reports it, with the full variable path and the structured spec. */
export interface AnalyzedWeight {
  readonly name: string;
  readonly shape: number[] | null;
  readonly initializer: string | null;
  readonly trainable: boolean;
  /** `sequential/dense/kernel`: Keras's `variable.path`. */
  readonly path: string;
  readonly spec: WeightSpec;
  /**
   * Not written by `save_weights`: a weight that a subclass of Dense, EinsumDense, Embedding or
   * Conv1D/2D/3D adds in its build(), since those layers save only their own variables.
   */
  readonly notSaved?: true;
}

export interface AnalyzedLayer extends LayerInfo {
  readonly weights: readonly AnalyzedWeight[];
  /** 1-based line of the constructor call. */
  readonly line: number;
  /** Where the layer was (last) called on a tensor. */
  readonly callRange?: { readonly start: number; readonly end: number };
  /** What made the tensors of the layer's first call (the InputLayer, the layer before it...), in input order. */
  readonly inputFrom?: readonly InputSource[];
  /** Sub-layers saved under an attribute whether or not they hold weights (MultiHeadAttention's `_softmax`, TimeDistributed's `layer`). */
  readonly subLayers?: readonly { readonly attribute: string; readonly name: string }[];
  /**
   * A subclassed model's or custom layer's attributes that hold layers (`self.dense = Dense(...)`,
   * `self.blocks = [...]`), as the last assignment left them: indexes into `layers`; `container` for a
   * list, tuple or dict. Weight files lay the sub-layers out under these names, as Keras saves them.
   */
  readonly attributes?: readonly { readonly name: string; readonly layers: readonly number[]; readonly container: boolean }[];
  /** How many of `weights` (the first ones) the layer creates itself with `add_weight`; the rest are its sub-layers'. */
  readonly ownWeights?: number;
  /** The tensors of the layer's first call: which entry of `layers` made each (-1: a tensor operation), and which of its outputs. */
  readonly inputRefs?: readonly TensorRef[];
  /** How many times the layer was called on a tensor. */
  readonly calls?: number;
  /** The constructor's arguments by Keras parameter name, as evaluated. */
  readonly args?: Readonly<Record<string, Value>>;
}

/** A tensor of the graph: output `output` of `layers[layer]`, or (layer -1) of the tensor operation `operation`. */
export interface TensorRef {
  readonly layer: number;
  readonly output: number;
  readonly operation?: string;
}

/** The layer (or tensor operation) whose output a layer was called on. */
export interface InputSource {
  /** `input` for keras.Input or an `input_shape=` argument, `operation` for `x + y` and the like. */
  readonly kind: 'input' | 'layer' | 'model' | 'operation';
  readonly className: string;
  /** Keras's name of the layer, or the operation as written (`x + y`). */
  readonly name: string;
  /** Its constructor call (absent for an operation). */
  readonly range?: TextRange;
  /** 1-based line of that call. */
  readonly line?: number;
  /** The shape of the tensor it gave, batch first. */
  readonly shape: Dim[] | null;
}

export interface AnalyzedModel extends ModelInfo {
  readonly name: string;
  readonly line: number;
  /** From `model.compile(optimizer=...)`; `name` is the one Keras gave the optimizer object (`adam_1`). */
  readonly optimizer?: OptimizerInfo;
  /** Optimizers the model holds in other attributes (`self.generator_optimizer`): Keras saves each under that name. */
  readonly attributeOptimizers?: readonly (OptimizerInfo & { readonly attribute: string })[];
  readonly inputShapes?: (Dim[] | null)[];
  readonly outputShapes?: (Dim[] | null)[];
  /** Functional models: the tensors of `model.inputs` and `model.outputs` (the InputLayers' outputs first). */
  readonly inputRefs?: readonly TensorRef[];
  readonly outputRefs?: readonly TensorRef[];
  readonly unknown?: string;
}

export interface ModelAnalysis {
  readonly models: AnalyzedModel[];
  readonly layers: AnalyzedLayer[];
  /** What Keras would raise while building (wrong input rank, bad arguments...). */
  readonly problems: ModelProblem[];
  /** Statements the parser could not read (they were skipped). */
  readonly syntaxProblems: readonly SyntaxProblem[];
  /** Evaluation steps taken: a work counter proportional to the reading effort. */
  readonly steps: number;
}

let lastText: string | undefined;
let lastResult: ModelAnalysis | undefined;

/** Reads the models of a Python file. The last result is cached (hover calls this on every move). */
export function analyzeModels(text: string): ModelAnalysis {
  if (text === lastText && lastResult !== undefined) return lastResult;
  const result = analyzeUncached(text);
  lastText = text;
  lastResult = result;
  return result;
}

function analyzeUncached(text: string): ModelAnalysis {
  const module = parseModuleAfterEdit(text);
  const evaluation = evaluateModule(text, module.body);
  const starts = lineStarts(text);
  const lineOf = (offset: number): number => lineAt(starts, offset);

  // Weights are made once per layer; a model's list holds the same objects as its layers'.
  const weightsOf = new Map<LayerInstance, { specs: AnalyzedWeight[]; complete: boolean }>();
  const collect = (layer: LayerInstance, depth: number): { specs: AnalyzedWeight[]; complete: boolean } => {
    const cached = weightsOf.get(layer);
    if (cached !== undefined) return cached;
    const out: AnalyzedWeight[] = [];
    let complete = true;
    if (depth > 30) return { specs: out, complete: false };
    weightsOf.set(layer, { specs: out, complete: false }); // guards cycles
    const custom = evaluation.customWeights.get(layer) ?? [];
    if (layer.kind === 'layer' && layer.definition !== undefined) {
      // A layer never called has no weights yet; for a class that never has any, that is exact.
      if (layer.built === undefined) {
        if (!(layer.nodes.length === 0 && definesNoWeights(layer.definition))) complete = false;
      } else {
        for (const spec of layer.built.weights) {
          out.push(
            analyzedWeight(
              spec,
              [...layer.built.scope, layer.name, ...spec.ownerNames, spec.name].join('/'),
              layer.trainable && spec.trainable,
            ),
          );
        }
      }
    }
    // After a Keras base layer's own weights: what a subclass's build() adds (`self.add_weight`).
    const notSaved = layer.definition !== undefined && SAVE_OWN_VARIABLES_ONLY.has(layer.definition.className);
    for (const spec of custom) {
      const weight = analyzedWeight(spec, [...spec.scope, spec.name].join('/'), layer.trainable && spec.trainable);
      out.push(notSaved ? { ...weight, notSaved: true } : weight);
    }
    if (layer.kind === 'layer' && layer.definition === undefined && layer.tracked.length === 0 && custom.length === 0) {
      complete = layer.built !== undefined;
      if (layer.className === 'Unknown') complete = false;
    }
    if (layer.attributes.get('__partial') === true || layer.attributes.get('__unbuilt') === true) complete = false;
    const children = layer.kind === 'sequential' || layer.kind === 'functional' ? layer.members : layer.tracked;
    if (layer.kind !== 'input' && layer.kind !== 'operation') {
      const seen = new Set<LayerInstance>();
      for (const child of children) {
        if (seen.has(child)) continue;
        seen.add(child);
        const inner = collect(child, depth + 1);
        for (const w of inner.specs) out.push(w);
        if (!inner.complete) complete = false;
      }
      if (
        (layer.kind === 'sequential' || layer.kind === 'functional' || layer.kind === 'subclassed') &&
        layer.unknown !== undefined &&
        layer.members.length === 0 &&
        layer.tracked.length === 0
      ) {
        complete = false;
      }
    }
    const result = { specs: out, complete };
    weightsOf.set(layer, result);
    return result;
  };

  const listed = evaluation.layers.filter((l) => !l.absorbed && l.kind !== 'operation');
  const indexOf = new Map<LayerInstance, number>();
  const layers: AnalyzedLayer[] = [];
  listed.forEach((layer, i) => indexOf.set(layer, i)); // before any tensorRef: a layer may read one constructed after it
  for (const layer of listed) {
    const { specs, complete } = collect(layer, 0);
    const neverCalled = layer.kind === 'layer' && layer.nodes.length === 0 && layer.built === undefined;
    const unknownReason = complete
      ? undefined
      : (layer.unknown ??
        firstUnknown(layer) ??
        (neverCalled
          ? 'it is never called on a tensor, so Keras has not built it: it has no weights yet'
          : 'its input shape is not known'));
    const built = layer.built;
    const nodeInput = layer.isModel ? layer.inputs[0]?.shape : layer.nodes[0]?.inputs[0]?.shape;
    const nodeOutput = layer.isModel ? layer.outputs[0]?.shape : layer.nodes[0]?.outputs[0]?.shape;
    const callRange = evaluation.callSites.get(layer);
    const inputFrom = layer.isModel ? [] : (layer.nodes[0]?.inputs ?? []).map((t) => inputSource(t.node?.layer, t.shape));
    // Built one property at a time, an optional one only when present: spreading conditional
    // objects costs a copy per property and per layer.
    const info: Partial<Writable<AnalyzedLayer>> = {
      className: layer.className,
      range: layer.range,
      name: layer.name,
      inputShape: built !== undefined ? firstShape(built.inputShape) : nodeInput != null ? [...nodeInput] : null,
      outputShape: built !== undefined && !layer.isModel ? firstShape(built.outputShape) : nodeOutput != null ? [...nodeOutput] : null,
      weights: specs,
      params: complete ? paramCount(specs) : null,
    };
    if (unknownReason !== undefined) info.unknown = unknownReason;
    info.line = lineOf(layer.range.start);
    if (callRange !== undefined) info.callRange = callRange;
    if (layer.subLayers.length > 0) info.subLayers = [...layer.subLayers];
    if (layer.tracked.length > 0) info.ownWeights = (evaluation.customWeights.get(layer) ?? []).length;
    if (inputFrom.length > 0 && inputFrom.every((f) => f !== undefined)) info.inputFrom = inputFrom as InputSource[];
    if (!layer.isModel && layer.nodes.length > 0) {
      info.inputRefs = layer.nodes[0].inputs.map(tensorRef);
      info.calls = layer.nodes.length;
    }
    info.args = layer.args;
    layers.push(info as AnalyzedLayer);
  }

  // Attributes holding layers, once every layer has its index.
  for (const layer of listed) {
    if (layer.kind !== 'subclassed' && !(layer.kind === 'layer' && layer.tracked.length > 0)) continue;
    const attributes: { name: string; layers: number[]; container: boolean }[] = [];
    for (const [name, value] of layer.attributes) {
      if (name.startsWith('__')) continue;
      const held = attributeLayers(value as RValue);
      if (held === undefined) continue;
      const indexes = held.layers.map((l) => indexOf.get(l)).filter((i): i is number => i !== undefined);
      if (indexes.length > 0 || held.container) attributes.push({ name, layers: indexes, container: held.container });
    }
    const at = indexOf.get(layer);
    if (at !== undefined) layers[at] = { ...layers[at], attributes };
  }

  const models: AnalyzedModel[] = [];
  for (const layer of listed) {
    if (!layer.isModel) continue;
    const members = layer.kind === 'subclassed' ? layer.tracked : layer.members;
    const memberIndexes = members.map((m) => indexOf.get(m)).filter((i): i is number => i !== undefined);
    const info = layers[indexOf.get(layer) as number];
    models.push({
      variable: layer.variable,
      kind: layer.kind === 'sequential' ? 'sequential' : layer.kind === 'functional' ? 'functional' : 'subclassed',
      range: layer.range,
      layers: memberIndexes,
      params: info.params,
      name: layer.name,
      line: info.line,
      ...(layer.optimizer !== undefined ? { optimizer: layer.optimizer } : {}),
      ...(layer.attributeOptimizers.length > 0 ? { attributeOptimizers: [...layer.attributeOptimizers] } : {}),
      inputShapes: layer.inputs.map((t) => (t.shape === null ? null : [...t.shape])),
      outputShapes: layer.outputs.map((t) => (t.shape === null ? null : [...t.shape])),
      ...(layer.kind === 'functional' ? { inputRefs: layer.inputs.map(tensorRef), outputRefs: layer.outputs.map(tensorRef) } : {}),
      ...(info.unknown !== undefined ? { unknown: info.unknown } : {}),
    });
  }

  function tensorRef(t: SymbolicTensor): TensorRef {
    const node = t.node;
    if (node === null) return { layer: -1, output: 0, operation: t.unknown ?? 'a constant tensor' };
    const index = indexOf.get(node.layer);
    const output = Math.max(0, node.outputs.indexOf(t));
    if (index === undefined) return { layer: -1, output, operation: node.layer.name };
    return { layer: index, output };
  }

  function inputSource(from: LayerInstance | undefined, shape: TensorShape | null): InputSource | undefined {
    if (from === undefined) return undefined;
    const kind = from.kind === 'input' || from.kind === 'operation' ? from.kind : from.isModel ? 'model' : 'layer';
    return {
      kind,
      className: from.className,
      name: from.name,
      ...(kind !== 'operation' ? { range: from.range, line: lineOf(from.range.start) } : {}),
      shape: shape === null ? null : [...shape],
    };
  }
  return {
    models,
    layers,
    problems: [...evaluation.problems],
    // read when asked for: the problems inside the blocks of functions never called are found by parsing them
    get syntaxProblems(): readonly SyntaxProblem[] {
      return module.problems;
    },
    steps: evaluation.steps,
  };
}

/** The layers an attribute's value holds: one layer, or the layers directly in a list, tuple or dict (Keras saves those). */
function attributeLayers(value: RValue): { layers: LayerInstance[]; container: boolean } | undefined {
  if (value.kind === 'layerObject') return { layers: [value.layer], container: false };
  if (value.kind === 'list' || value.kind === 'tuple') {
    return { layers: value.items.flatMap((v) => (v.kind === 'layerObject' ? [v.layer] : [])), container: true };
  }
  if (value.kind === 'dict') {
    return { layers: value.entries.flatMap(([, v]) => (v.kind === 'layerObject' ? [v.layer] : [])), container: true };
  }
  return undefined;
}

type Writable<T> = { -readonly [K in keyof T]: T[K] };

function paramCount(specs: readonly AnalyzedWeight[]): number {
  let sum = 0;
  for (const { spec } of specs) {
    let p = 1;
    for (const d of spec.shape) p *= d;
    sum += p;
  }
  return sum;
}

/** Layers whose save_own_variables() writes their own variables only (keras/src/layers/core/dense.py...). */
const SAVE_OWN_VARIABLES_ONLY = new Set(['Dense', 'EinsumDense', 'Embedding', 'Conv1D', 'Conv2D', 'Conv3D']);

function analyzedWeight(spec: WeightSpec, path: string, trainable: boolean): AnalyzedWeight {
  return { name: spec.name, shape: [...spec.shape], initializer: initializerText(spec), trainable, path, spec };
}

function firstShape(s: TensorShape | readonly TensorShape[] | undefined): Dim[] | null {
  if (s === undefined) return null;
  if (s.length > 0 && Array.isArray(s[0])) return [...(s[0] as TensorShape)];
  return [...(s as TensorShape)];
}

function firstUnknown(layer: LayerInstance): string | undefined {
  for (const child of [...layer.members, ...layer.tracked]) {
    if (child.unknown !== undefined) return child.unknown;
  }
  return undefined;
}

/** Display text of a weight's initializer: `'he_normal'`, `HeNormal(seed=42)`, `glorot_uniform (default)`. */
function initializerText(spec: WeightSpec): string | null {
  const { value, isDefault } = spec.initializer;
  if (isDefault && value.kind === 'str') return `${value.value} (default)`;
  return valueText(value);
}

function valueText(value: Value): string | null {
  switch (value.kind) {
    case 'str':
      return `'${value.value}'`;
    case 'initializer': {
      const args = Object.entries(value.initializer.args).map(([k, v]) => `${k}=${valueText(v) ?? '?'}`);
      return `${value.initializer.className}(${args.join(', ')})`;
    }
    case 'int':
    case 'float':
      return String(value.value);
    case 'bool':
      return value.value ? 'True' : 'False';
    case 'none':
      return 'None';
    case 'callable':
      return value.name;
    case 'tuple':
      return `(${value.items.map((v) => valueText(v) ?? '?').join(', ')}${value.items.length === 1 ? ',' : ''})`;
    case 'list':
      return `[${value.items.map((v) => valueText(v) ?? '?').join(', ')}]`;
    case 'dict':
    case 'layer':
    case 'unknown':
      return null;
  }
}
