/**
 * The model graph the reader builds while it evaluates a file: layer instances, the tensors that
 * flow between them (each call of a layer is a node), and Keras's rules for naming layers, building
 * them with the catalogue, and ordering a functional model's `layers`.
 */
import { layerDefinition } from './layers/index';
import {
  KerasBuildError,
  UnknownShapeError,
  type BuildResult,
  type LayerArgs,
  type LayerDefinition,
  type TensorShape,
  type TextRange,
  type Value,
  type WeightSpec,
} from './types';

/** One call of a layer (or of a non-layer operation such as `x + y`): Keras's `Node`. */
export interface GraphNode {
  readonly layer: LayerInstance;
  readonly inputs: readonly SymbolicTensor[];
  outputs: SymbolicTensor[];
  /** The node of an InputLayer: where a functional graph starts. */
  readonly isInput: boolean;
}

/** A KerasTensor: a shape (batch first) or the reason it is unknown, and the node that made it. */
export interface SymbolicTensor {
  readonly shape: TensorShape | null;
  readonly unknown?: string;
  readonly node: GraphNode | null;
  /**
   * Concrete data (a NumPy array, `keras.ops.arange`, a weight): a layer called only on such
   * tensors runs eagerly, and its output joins no functional graph.
   */
  readonly constant?: boolean;
}

export type LayerKind = 'layer' | 'input' | 'operation' | 'sequential' | 'functional' | 'subclassed';

/** A problem Keras would raise, at a place in the text. */
export interface ModelProblem {
  readonly range: TextRange;
  readonly message: string;
  readonly pythonType: 'ValueError' | 'TypeError';
}

/** An optimizer object: its class, learning rate (when given) and the name Keras gave it (`adam_1`). */
export interface OptimizerInfo {
  readonly className: string;
  readonly learningRate?: Value;
  readonly name?: string;
}

/** What a layer got when it was first built. */
export interface BuiltState {
  readonly inputShape: TensorShape | readonly TensorShape[];
  readonly outputShape: TensorShape | readonly TensorShape[];
  readonly weights: readonly WeightSpec[];
  /** Names of the models whose build created the weights, outermost first (the variable path). */
  readonly scope: readonly string[];
}

let nextLayerId = 0;

/** A layer object: one per constructor call executed (a call made twice makes two). */
export class LayerInstance {
  readonly id = nextLayerId++;
  readonly nodes: GraphNode[] = [];
  built: BuiltState | undefined;
  /** Why this layer's shapes are unknown (set by the first failed build). */
  unknown: string | undefined;
  /** Passed as an argument to another layer (Bidirectional's LSTM): not a layer of any model itself. */
  absorbed = false;
  /** `layer.trainable = False` makes every weight non-trainable. */
  trainable = true;
  /** Sequential: its layers (without the InputLayer), in order. */
  readonly members: LayerInstance[] = [];
  /** Sequential: the InputLayer it starts with, once it has one. */
  inputLayer: LayerInstance | undefined;
  /** Functional: inputs and outputs (flattened) and the graph order of its layers. */
  inputs: SymbolicTensor[] = [];
  outputs: SymbolicTensor[] = [];
  /** Subclassed models and layers: attributes set on `self`, and the layers they track, in order. */
  readonly attributes = new Map<string, unknown>();
  readonly tracked: LayerInstance[] = [];
  /** Recorded by `model.compile(optimizer=...)`. */
  optimizer: OptimizerInfo | undefined;
  /** Other optimizers held in attributes of a model (`self.generator_optimizer = ...`): Keras saves them too. */
  readonly attributeOptimizers: (OptimizerInfo & { readonly attribute: string })[] = [];
  /** The variable the instance was last bound to at module level. */
  variable: string | undefined;
  /**
   * Sub-layers Keras saves under an attribute of this layer, with their names, whether or not they
   * hold weights: MultiHeadAttention's `_softmax` and `_dropout_layer` (named when it is built),
   * TimeDistributed's `layer`. Weight files write an (empty) group for each.
   */
  subLayers: { readonly attribute: string; readonly name: string }[] = [];

  constructor(
    /** A `keras.Model` subclass becomes 'functional' when its `__init__` is given inputs and outputs. */
    public kind: LayerKind,
    readonly className: string,
    public name: string,
    /** Set late for a subclass of a Keras layer: by its `super().__init__(...)`. */
    public args: Readonly<Record<string, Value>>,
    readonly range: TextRange,
    readonly definition: LayerDefinition | undefined,
  ) {}

  get isModel(): boolean {
    return this.kind === 'sequential' || this.kind === 'functional' || this.kind === 'subclassed';
  }
}

/** Keras's `utils.naming.to_snake_case` (keras/src/utils/naming.py). */
export function toSnakeCase(name: string): string {
  let cached = snakeCases.get(name);
  if (cached === undefined) {
    cached = snakeCase(name);
    snakeCases.set(name, cached);
  }
  return cached;
}

const snakeCases = new Map<string, string>();

function snakeCase(name: string): string {
  let s = name.replace(/\W+/g, '');
  s = s.replace(/(.)([A-Z][a-z]+)/g, '$1_$2');
  return s.replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase();
}

/** Keras's per-name counters: `dense`, `dense_1`... (`naming.uniquify`, global to the process). */
export class NameCounter {
  private readonly uses = new Map<string, number>();

  /** `auto_name(className)`: the snake_case name made unique. */
  autoName(className: string): string {
    return this.uniquify(toSnakeCase(className));
  }

  uniquify(name: string): string {
    const used = this.uses.get(name) ?? 0;
    this.uses.set(name, used + 1);
    return used === 0 ? name : `${name}_${used}`;
  }
}

/** `LayerArgs` over evaluated arguments. */
export function layerArgs(className: string, args: Readonly<Record<string, Value>>): LayerArgs {
  return {
    className,
    has: (name) => Object.prototype.hasOwnProperty.call(args, name),
    get: (name) => (Object.prototype.hasOwnProperty.call(args, name) ? args[name] : undefined),
  };
}

export function unknownTensor(reason: string, node: GraphNode | null = null): SymbolicTensor {
  return { shape: null, unknown: reason, node };
}

function isShapeList(output: BuildResult['output']): output is readonly TensorShape[] {
  return output.length > 0 && Array.isArray(output[0]);
}

export type BuildOutcome =
  | { readonly ok: true; readonly outputs: readonly TensorShape[]; readonly multiple: boolean }
  | { readonly ok: false; readonly reason: string; readonly problem?: KerasBuildError };

/**
 * Builds a catalogue layer on input shapes (Keras builds on the first call; later calls only
 * compute output shapes, the weights stay those of the first build).
 */
export function buildLayer(layer: LayerInstance, inputs: readonly TensorShape[], scope: readonly string[]): BuildOutcome {
  const definition = layer.definition;
  if (definition === undefined) {
    return { ok: false, reason: `\`${layer.className}\` is not a Keras layer the reader knows` };
  }
  const input = definition.inputs === 'one' ? inputs[0] : inputs;
  try {
    const result = definition.build(layerArgs(layer.className, layer.args), input, { layerName: layer.name });
    if (layer.built === undefined) {
      layer.built = { inputShape: input, outputShape: result.output, weights: withPolicyDType(layer, result.weights), scope };
    }
    const multiple = isShapeList(result.output);
    const outputs = multiple ? (result.output as readonly TensorShape[]) : [result.output as TensorShape];
    return { ok: true, outputs, multiple };
  } catch (e) {
    if (e instanceof UnknownShapeError) {
      layer.unknown ??= e.reason;
      return { ok: false, reason: e.reason };
    }
    if (e instanceof KerasBuildError) {
      layer.unknown ??= `Keras raises ${e.pythonType}: ${e.message}`;
      return { ok: false, reason: `Keras raises ${e.pythonType} in ${layer.name}: ${e.message}`, problem: e };
    }
    const message = e instanceof Error ? e.message : String(e);
    layer.unknown ??= `the reader failed to build this layer: ${message}`;
    return { ok: false, reason: `the reader failed to build ${layer.name}: ${message}` };
  }
}

/**
 * The dtype of the initial values Keras's numpy backend gives the variables of a layer with `dtype=`
 * (what `save_weights` writes). Mixed policies keep float32 variables. A `float64` variable there
 * keeps the float32 array its initializer returned (measured with Keras 3.16: the datasets are float32
 * and equal the float32 policy's values).
 */
const POLICY_VARIABLE_DTYPES: ReadonlyMap<string, WeightSpec['dtype']> = new Map([
  ['float32', 'float32'],
  ['float16', 'float16'],
  ['float64', 'float32'],
  ['mixed_float16', 'float32'],
  ['mixed_bfloat16', 'float32'],
]);

/** The float weights of a layer built with `dtype=`: Keras creates them in the policy's variable dtype. */
function withPolicyDType(layer: LayerInstance, weights: readonly WeightSpec[]): readonly WeightSpec[] {
  const policy = layer.args.dtype;
  if (policy === undefined || policy.kind === 'none') return weights;
  const dtype = policy.kind === 'str' ? POLICY_VARIABLE_DTYPES.get(policy.value) : undefined;
  if (dtype === undefined) {
    throw new UnknownShapeError(
      `its dtype policy ${policy.kind === 'str' ? `'${policy.value}'` : 'is not a literal'}: the reader knows float32, float16, float64, mixed_float16 and mixed_bfloat16`,
    );
  }
  return dtype === 'float32' ? weights : weights.map((w) => (w.dtype === 'float32' ? { ...w, dtype } : w));
}

/** The catalogue's definition for a class name, when it has one. */
export function catalogueDefinition(className: string): LayerDefinition | undefined {
  return layerDefinition(className);
}

/**
 * `model.layers` of a functional model: Keras's `map_graph` (keras/src/ops/function.py) orders
 * operations by decreasing depth from the outputs, ties broken by first DFS traversal index.
 */
export function functionalOrder(inputs: readonly SymbolicTensor[], outputs: readonly SymbolicTensor[]): LayerInstance[] {
  const finished = new Set<GraphNode>();
  const inProgress = new Set<GraphNode>();
  const nodesInDecreasingDepth: GraphNode[] = [];
  const operationIndices = new Map<LayerInstance, number>();
  const inputSet = new Set(inputs);

  // Iterative form of `_build_map_helper` (post-order DFS) so that deep graphs cannot overflow.
  for (const output of outputs) {
    const stack: { tensor: SymbolicTensor; next: number }[] = [{ tensor: output, next: -1 }];
    while (stack.length > 0) {
      const frame = stack[stack.length - 1];
      const node = frame.tensor.node;
      if (frame.next === -1) {
        if (node === null || finished.has(node) || inProgress.has(node)) {
          stack.pop();
          continue;
        }
        if (!node.isInput && inputSet.has(frame.tensor)) {
          finished.add(node);
          stack.pop();
          continue;
        }
        if (!operationIndices.has(node.layer)) operationIndices.set(node.layer, operationIndices.size);
        inProgress.add(node);
        frame.next = 0;
      }
      const current = node as GraphNode;
      if (!current.isInput && frame.next < current.inputs.length) {
        stack.push({ tensor: current.inputs[frame.next++], next: -1 });
        continue;
      }
      finished.add(current);
      inProgress.delete(current);
      nodesInDecreasingDepth.push(current);
      stack.pop();
    }
  }

  const nodeDepths = new Map<GraphNode, number>();
  const operationDepths = new Map<LayerInstance, number>();
  const inGraph = new Set(nodesInDecreasingDepth);
  for (let k = nodesInDecreasingDepth.length - 1; k >= 0; k--) {
    const node = nodesInDecreasingDepth[k];
    if (!nodeDepths.has(node)) nodeDepths.set(node, 0);
    const depth = Math.max(nodeDepths.get(node) ?? 0, operationDepths.get(node.layer) ?? 0);
    operationDepths.set(node.layer, depth);
    nodeDepths.set(node, depth);
    if (node.isInput) continue;
    for (const input of node.inputs) {
      const parent = input.node;
      if (parent === null || !inGraph.has(parent)) continue;
      nodeDepths.set(parent, Math.max(depth + 1, nodeDepths.get(parent) ?? 0));
    }
  }
  // Unused inputs still belong to the model (depth 0, index -1).
  for (const input of inputs) {
    const node = input.node;
    if (node !== null && node.isInput && !operationDepths.has(node.layer)) {
      operationDepths.set(node.layer, 0);
      operationIndices.set(node.layer, -1);
    }
  }
  const operations = [...operationDepths.keys()];
  operations.sort((a, b) => {
    const byDepth = (operationDepths.get(b) ?? 0) - (operationDepths.get(a) ?? 0);
    return byDepth !== 0 ? byDepth : (operationIndices.get(a) ?? 0) - (operationIndices.get(b) ?? 0);
  });
  return operations;
}

/** NumPy broadcasting of two shapes (Keras ops on tensors), or undefined when incompatible/unknown. */
export function broadcastShapes(a: TensorShape, b: TensorShape): TensorShape | undefined {
  const rank = Math.max(a.length, b.length);
  const out: (number | null)[] = [];
  for (let k = 0; k < rank; k++) {
    const da = k < rank - a.length ? 1 : a[k - (rank - a.length)];
    const db = k < rank - b.length ? 1 : b[k - (rank - b.length)];
    if (da === 1) out.push(db);
    else if (db === 1) out.push(da);
    else if (da === null || db === null) out.push(da ?? db);
    else if (da === db) out.push(da);
    else return undefined;
  }
  return out;
}
