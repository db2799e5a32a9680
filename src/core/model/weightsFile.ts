/**
 * Planning a Keras 3 `.weights.h5` for a model read by `analyzeModels`: every variable in
 * `model.weights` order with its variable path, its dataset path in the file, shape, dtype and
 * where its initial values come from; the groups (with their `name` attribute) Keras writes; and
 * the optimizer's variables when the model is compiled. Pure: no file access, no HDF5 library.
 *
 * Layout (Keras 3 `saving_lib.save_weights_only`): the model's own group is `/vars`; the layers of
 * a model sit under `layers/<snake_case(class)>[_k]` (k counts earlier layers of the same class in
 * `model.layers`, InputLayer included for functional models only); sub-objects follow the
 * attribute names (`cell`, `forward_layer`...); a group's datasets are `vars/0`, `vars/1`... in
 * the order trainable then non-trainable variables.
 */
import { assertNever } from '../assertNever';
import { CoreError } from '../errors';
import { getInitializer } from '../initializers/config';
import type { KerasInitializer } from '../initializers/initializer';
import { allocateTensorData, createSampleStream } from '../initializers/sample';
import { drawDefaultSeed } from '../initializers/seed';
import { hasNoSeed, withSeed } from '../weightFiles/identifier';
import { pythonPath } from '../weightFiles/naming';
import type { TensorSpec, WeightData, WeightMetadata } from '../io/tensorSpec';
import { float16BitsToNumber, toFloat16Bits } from '../random/casts';
import { encodedPlan, type WeightFilePlan } from '../weightFiles/weightFile';
import type { TensorData } from '../types';
import type { AnalyzedLayer, AnalyzedModel, ModelAnalysis } from './analyze';
import { initializerFromValue } from './initializerValue';
import type { WeightSpec } from './types';

/** The dtypes a planned dataset can have. */
export type WeightsFileDType = 'float32' | 'float64' | 'float16' | 'int32' | 'int64';

/** One piece of a variable's initial value: `initializer(shape)` on its `callIndex`-th call. */
export interface ValuePart {
  readonly initializer: KerasInitializer;
  readonly shape: readonly number[];
  readonly callIndex: number;
}

/** Where a variable's initial values come from. */
export type ValueSource =
  | {
      readonly kind: 'initializer';
      /** The pieces concatenated in order (one, or three for LSTM's `unit_forget_bias`). */
      readonly parts: readonly ValuePart[];
      /** The initializer as Keras would serialize it, for messages: `GlorotUniform(seed=…)`. */
      readonly text: string;
      /** The seed given in the source, or the one the seed rule assigned (undefined: not random). */
      readonly seed: number | undefined;
      /** Whether `seed` comes from the seed rule (the initializer had none). */
      readonly seedAssigned: boolean;
    }
  | { readonly kind: 'constant'; readonly value: number };

export interface PlannedVariable {
  /** Keras's `variable.path`: `sequential/dense/kernel`, `adam/iterations`. */
  readonly path: string;
  /**
   * The dataset in the file: `layers/dense/vars/0`; null for a variable `save_weights` does not write
   * (one a subclass of Dense or Conv2D adds: those layers save their own variables only).
   */
  readonly dataset: string | null;
  readonly shape: readonly number[];
  readonly dtype: WeightsFileDType;
  readonly source: ValueSource;
}

/** A `…/vars` group with its `name` attribute (the object's Keras name). */
export interface PlannedGroup {
  readonly path: string;
  readonly name: string;
}

export interface ModelWeightsPlan {
  /** The model's Keras name (`sequential`), the default file name's stem. */
  readonly model: string;
  readonly variables: readonly PlannedVariable[];
  /** Every `vars` group, parents first; intermediate groups are implied by the paths. */
  readonly groups: readonly PlannedGroup[];
  /** The base seed of the seed rule (given or drawn), or undefined when no variable needed one. */
  readonly seed: number | undefined;
  readonly seedDrawn: boolean;
  /** Values in all variables together. */
  readonly totalValues: number;
}

/** The seed rule in words (recorded by the writers and printed by the CLI). */
export const MODEL_SEED_RULE =
  'a random initializer without a seed of its own gets seed fmix32(base_seed + fmix32(i + 1)) mod 2**32, i = its index in model.weights';

/** A layer the planner cannot write, and why. */
export interface UnplannableLayer {
  readonly layer: string;
  readonly reason: string;
}

/** Raised when the model cannot be written: names every layer and why. */
export class ModelWeightsError extends CoreError {
  constructor(
    readonly model: string,
    readonly layers: readonly UnplannableLayer[],
  ) {
    super('UNSUPPORTED', `Cannot write the weights of model '${model}': ${layers.map((l) => `${l.layer}: ${l.reason}`).join('; ')}.`);
    this.name = 'ModelWeightsError';
  }
}

const UINT32 = 2 ** 32;

/** MurmurHash3's 32-bit finalizer: a bijection of [0, 2**32). */
function fmix32(x: number): number {
  let h = x >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * The seed of the i-th variable (its index in `model.weights`) under base seed `base`. For a fixed
 * base it is injective in i (no two variables share a stream); for a fixed i it is injective in the
 * base (another base changes every variable).
 */
export function variableSeed(base: number, index: number): number {
  return fmix32((base + fmix32(index + 1)) % UINT32);
}

/** Keras's `naming.to_snake_case`. */
export function kerasSnakeCase(name: string): string {
  let s = name.replace(/\W+/g, '');
  s = s.replace(/(.)([A-Z][a-z]+)/g, '$1_$2');
  return s.replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase();
}

/** Keras 3's default learning rates (`keras/src/optimizers/*.py`). */
const DEFAULT_LEARNING_RATE: Readonly<Record<string, number>> = {
  SGD: 0.01,
  Adam: 0.001,
  AdamW: 0.001,
  Adadelta: 0.001,
  Adafactor: 0.001,
  Adagrad: 0.001,
  Adamax: 0.001,
  Ftrl: 0.001,
  Lamb: 0.001,
  Lion: 0.001,
  Nadam: 0.001,
  RMSprop: 0.001,
  Muon: 0.001,
};

function initializerOf(spec: WeightSpec): KerasInitializer {
  const init = initializerFromValue(spec.initializer.value, { withSeed: true });
  if (typeof init === 'string') throw new Error(`${spec.name}: \`${spec.initializer.argument ?? 'initializer'}\` is not known (${init})`);
  return init;
}

function checkDType(dtype: string): WeightsFileDType {
  if (dtype === 'float32' || dtype === 'float64' || dtype === 'float16' || dtype === 'int32' || dtype === 'int64') return dtype;
  throw new Error(`dtype ${dtype} is not supported`);
}

export interface PlanModelWeightsOptions {
  /** Base seed of the seed rule, an integer in [0, 2**32); drawn when absent and needed. */
  readonly seed?: number;
}

interface Pending {
  readonly path: string;
  readonly group: string;
  readonly notSaved?: true;
  readonly trainable: boolean;
  readonly spec: WeightSpec;
  readonly layer: AnalyzedLayer;
}

/** The `.weights.h5` plan of `model`; throws `ModelWeightsError` naming every layer it cannot size or initialize. */
export function planModelWeights(analysis: ModelAnalysis, model: AnalyzedModel, options: PlanModelWeightsOptions = {}): ModelWeightsPlan {
  const seedGiven = options.seed;
  if (seedGiven !== undefined && (!Number.isSafeInteger(seedGiven) || seedGiven < 0 || seedGiven >= UINT32)) {
    throw new CoreError('INVALID_SEED', `The seed must be an integer in [0, ${UINT32 - 1}]; received ${String(seedGiven)}.`);
  }
  const problems: UnplannableLayer[] = [];
  const groups: PlannedGroup[] = [];
  const groupSeen = new Set<string>();
  const pending: Pending[] = [];
  const addGroup = (path: string, name: string): void => {
    if (groupSeen.has(path)) return;
    groupSeen.add(path);
    groups.push({ path, name });
  };
  const modelOf = (layer: AnalyzedLayer): AnalyzedModel | undefined =>
    analysis.models.find((m) => m.range.start === layer.range.start && m.range.end === layer.range.end && m.name === layer.name);

  const walkLayer = (layer: AnalyzedLayer, prefix: string): void => {
    addGroup(`${prefix}vars`, layer.name ?? kerasSnakeCase(layer.className));
    if (layer.unknown !== undefined || layer.params === null) {
      problems.push({ layer: layer.name ?? layer.className, reason: layer.unknown ?? 'its weights are not known' });
      return;
    }
    for (const w of layer.weights) {
      const spec = w.spec;
      let sub = prefix;
      spec.owner.forEach((attr, k) => {
        sub += `${attr}/`;
        addGroup(`${sub}vars`, spec.ownerNames[k] ?? attr);
      });
      pending.push({ path: w.path, group: `${sub}vars`, trainable: spec.trainable, spec, layer, notSaved: w.notSaved });
    }
    for (const sub of layer.subLayers ?? []) addGroup(`${prefix}${sub.attribute}/vars`, sub.name);
  };

  /** The analysis entry of a model (models are layers too), for its attributes and weights. */
  const layerOfModel = (m: AnalyzedModel): AnalyzedLayer | undefined =>
    analysis.layers.find((l) => l.range.start === m.range.start && l.range.end === m.range.end && l.name === m.name);
  // Keras saves every object once, where it meets it first (saving_lib's visited_saveables).
  const visited = new Set<AnalyzedLayer>();

  /** A layer in a container or under an attribute: a model, a custom layer made of layers, or a catalogue layer. */
  const walkAny = (layer: AnalyzedLayer, path: string, depth: number, parent?: AnalyzedModel): void => {
    if (visited.has(layer)) return;
    visited.add(layer);
    const inner = modelOf(layer);
    if (inner !== undefined && inner !== parent) walkModel(inner, path, depth + 1);
    else if (layer.attributes !== undefined) walkCustom(layer, path, depth + 1, undefined);
    else walkLayer(layer, path);
  };

  /**
   * A subclassed model or a custom layer made of layers, as saving_lib's _save_state walks it: its own
   * variables in `vars`, then its attributes sorted by name (private ones last), a layer at
   * `<attribute>/`, a list of layers at `<attribute>/<snake_case class>[_k]/`; a subclassed model's
   * `layers` (every tracked layer) is one of those attributes.
   */
  const walkCustom = (layer: AnalyzedLayer, prefix: string, depth: number, model: AnalyzedModel | undefined): void => {
    addGroup(`${prefix}vars`, layer.name ?? kerasSnakeCase(layer.className));
    if (layer.unknown !== undefined || layer.params === null || depth > 20) {
      const reason = depth > 20 ? 'layers nested too deeply' : (layer.unknown ?? 'its weights are not known');
      problems.push({ layer: layer.name ?? layer.className, reason });
      return;
    }
    const own = layer.ownWeights ?? 0;
    for (const w of layer.weights.slice(0, own)) {
      pending.push({ path: w.path, group: `${prefix}vars`, trainable: w.spec.trainable, spec: w.spec, layer });
    }
    const children = [...(layer.attributes ?? [])];
    if (model !== undefined) children.push({ name: 'layers', layers: model.layers, container: true });
    const key = (name: string): string => (name.startsWith('_') ? `~${name}` : name);
    children.sort((a, b) => (key(a.name) < key(b.name) ? -1 : key(a.name) > key(b.name) ? 1 : 0));
    for (const child of children) {
      if (!child.container) {
        const inner = analysis.layers[child.layers[0]];
        if (inner !== undefined) walkAny(inner, `${prefix}${child.name}/`, depth, model);
        continue;
      }
      const counts = new Map<string, number>();
      for (const index of child.layers) {
        const inner = analysis.layers[index];
        if (inner === undefined) continue;
        const name = kerasSnakeCase(inner.className);
        const n = counts.get(name) ?? 0;
        counts.set(name, n + 1);
        walkAny(inner, `${prefix}${child.name}/${n === 0 ? name : `${name}_${n}`}/`, depth, model);
      }
    }
  };

  const walkModel = (m: AnalyzedModel, prefix: string, depth: number): void => {
    if (m.kind === 'subclassed') {
      const own = layerOfModel(m);
      if (m.unknown !== undefined || own === undefined || own.attributes === undefined) {
        addGroup(`${prefix}vars`, m.name);
        problems.push({ layer: m.name, reason: m.unknown ?? 'its layers are not known' });
        return;
      }
      if (m.optimizer !== undefined) {
        addGroup(`${prefix}vars`, m.name);
        problems.push({
          layer: m.name,
          reason: "a compiled subclassed model also saves its metric trackers' state, which this version does not write",
        });
        return;
      }
      visited.add(own);
      walkCustom(own, prefix, depth, m);
      return;
    }
    addGroup(`${prefix}vars`, m.name);
    if (depth > 20) {
      problems.push({ layer: m.name, reason: 'models nested too deeply' });
      return;
    }
    if (m.unknown !== undefined && m.layers.length === 0) problems.push({ layer: m.name, reason: m.unknown });
    const counts = new Map<string, number>();
    for (const index of m.layers) {
      const layer = analysis.layers[index];
      if (m.kind === 'sequential' && layer.className === 'InputLayer') continue;
      const key = kerasSnakeCase(layer.className);
      const n = counts.get(key) ?? 0;
      counts.set(key, n + 1);
      walkAny(layer, `${prefix}layers/${n === 0 ? key : `${key}_${n}`}/`, depth, m);
    }
  };

  if (model.kind === 'sequential' && (model.inputShapes?.length ?? 0) === 0) {
    // Keras's save_weights raises on a Sequential that was never built; a raise while adding its layers leaves it so.
    const raised = model.layers.length === 0 ? analysis.problems.find((p) => p.range.start >= model.range.start) : undefined;
    problems.push({
      layer: model.name,
      reason:
        raised !== undefined
          ? `Keras raises ${raised.pythonType} while building it (${raised.message}), so it has no weights`
          : model.layers.length === 0
            ? 'it has no layers, so Keras has no weights to save (save_weights raises on a model that is not built)'
            : 'it is never built: it has no input shape (keras.Input, input_shape=, model.build(...)) and is not called on a tensor, so Keras has no weights to save',
    });
  }
  walkModel(model, '', 0);
  if (problems.length === 0 && model.unknown !== undefined && pending.length === 0) {
    problems.push({ layer: model.name, reason: model.unknown });
  }
  // Variables in model.weights order (a subclassed model's layout is walked in attribute order).
  const weightOrder = new Map((layerOfModel(model)?.weights ?? []).map((w, i) => [w.path, i]));
  if (model.kind === 'subclassed') pending.sort((a, b) => (weightOrder.get(a.path) ?? 0) - (weightOrder.get(b.path) ?? 0));

  // Dataset indexes: per group, trainable variables first (Layer.save_own_variables).
  const indexOf = new Map<Pending, number>();
  const byGroup = new Map<string, Pending[]>();
  for (const p of pending) {
    if (p.notSaved === true) continue;
    const list = byGroup.get(p.group) ?? [];
    list.push(p);
    byGroup.set(p.group, list);
  }
  for (const list of byGroup.values()) {
    [...list.filter((p) => p.spec.trainable), ...list.filter((p) => !p.spec.trainable)].forEach((p, i) => indexOf.set(p, i));
  }

  // Initializers first (errors collected per layer), then seeds.
  const resolved: { p: Pending; init: KerasInitializer }[] = [];
  for (const p of pending) {
    try {
      const init = initializerOf(p.spec);
      checkDType(p.spec.dtype);
      resolved.push({ p, init });
    } catch (e) {
      problems.push({ layer: p.layer.name ?? p.layer.className, reason: e instanceof Error ? e.message : String(e) });
    }
  }
  if (problems.length > 0) throw new ModelWeightsError(model.name, problems);

  const needsSeed = resolved.some((r) => hasNoSeed(r.init));
  const base = needsSeed ? (seedGiven ?? drawDefaultSeed()) : seedGiven;
  const variables: PlannedVariable[] = [];
  let total = 0;
  resolved.forEach(({ p, init }, i) => {
    const assigned = hasNoSeed(init);
    const initializer = assigned ? withSeed(init, variableSeed(base as number, i)) : init;
    const shape = [...p.spec.shape];
    // Pieces (LSTM's unit_forget_bias): the initializer's k-th call for each of its pieces, fixed ones between.
    let calls = 0;
    const pieces = p.spec.initializer.pieces;
    const parts: ValuePart[] =
      pieces === undefined
        ? [{ initializer, shape, callIndex: 0 }]
        : pieces.map((piece) =>
            piece.fixed !== undefined
              ? { initializer: getInitializer(piece.fixed), shape: [...piece.shape], callIndex: 0 }
              : { initializer, shape: [...piece.shape], callIndex: calls++ },
          );
    variables.push({
      path: p.path,
      dataset: p.notSaved === true ? null : `${p.group}/${indexOf.get(p) as number}`,
      shape,
      dtype: checkDType(p.spec.dtype),
      source: { kind: 'initializer', parts, text: initializer.className, seed: initializer.resolvedSeed, seedAssigned: assigned },
    });
    total += shape.reduce((a, b) => a * b, 1);
  });

  // The compiled optimizer, then any other the model holds in an attribute, each under its attribute.
  const optimizers = [
    ...(model.optimizer !== undefined ? [{ ...model.optimizer, attribute: 'optimizer' }] : []),
    ...(model.attributeOptimizers ?? []),
  ];
  for (const optimizer of optimizers) {
    // `optimizer="adam"` is `keras.optimizers.get("adam")`: the class, case-insensitively.
    const className =
      Object.keys(DEFAULT_LEARNING_RATE).find((k) => k.toLowerCase() === optimizer.className.toLowerCase()) ?? optimizer.className;
    const name = optimizer.name ?? kerasSnakeCase(className);
    let lr: number | undefined;
    const written = optimizer.learningRate;
    if (written === undefined) lr = DEFAULT_LEARNING_RATE[className];
    else if (written.kind === 'float' || written.kind === 'int') lr = written.value;
    if (lr === undefined) {
      throw new ModelWeightsError(model.name, [
        {
          layer: `${optimizer.attribute} ${className}`,
          reason:
            written === undefined
              ? 'its default learning rate is not known'
              : 'its learning rate is not a number the file can hold (a schedule or a value known at run time)',
        },
      ]);
    }
    addGroup(`${optimizer.attribute}/vars`, name);
    variables.push({
      path: `${name}/iterations`,
      dataset: `${optimizer.attribute}/vars/0`,
      shape: [],
      dtype: 'int32',
      source: { kind: 'constant', value: 0 },
    });
    variables.push({
      path: `${name}/learning_rate`,
      dataset: `${optimizer.attribute}/vars/1`,
      shape: [],
      dtype: 'float32',
      source: { kind: 'constant', value: lr },
    });
    total += 2;
  }

  const seenDatasets = new Set<string>();
  for (const v of variables) {
    if (v.dataset === null) continue;
    if (seenDatasets.has(v.dataset)) throw new CoreError('INVALID_ARGUMENT', `Two variables map to the dataset ${v.dataset}.`);
    seenDatasets.add(v.dataset);
  }
  return { model: model.name, variables, groups, seed: base, seedDrawn: needsSeed && seedGiven === undefined, totalValues: total };
}

/** Typed storage for a dataset dtype. */
export function allocateVariableData(
  dtype: WeightsFileDType,
  length: number,
): Float32Array | Float64Array | Int32Array | BigInt64Array | Uint16Array {
  switch (dtype) {
    case 'float32':
      return new Float32Array(length);
    case 'float64':
      return new Float64Array(length);
    case 'float16':
      return new Uint16Array(length);
    case 'int32':
      return new Int32Array(length);
    case 'int64':
      return new BigInt64Array(length);
  }
}

type VariableData = ReturnType<typeof allocateVariableData>;

function store(out: VariableData, dtype: WeightsFileDType, i: number, v: number): void {
  if (out instanceof BigInt64Array) out[i] = BigInt(Math.trunc(v));
  else if (dtype === 'int32') out[i] = Math.trunc(v);
  else if (dtype === 'float16') out[i] = toFloat16Bits(v);
  else out[i] = v;
}

/**
 * A variable's initial values in `dtype` storage, at most `chunkValues` per chunk, in C order.
 * The bytes equal Keras's variable: `initializer(shape, dtype)` cast to the variable dtype.
 */
export function* variableChunks(variable: PlannedVariable, chunkValues = 1 << 20): Generator<VariableData, void, undefined> {
  const { source, dtype } = variable;
  if (source.kind === 'constant') {
    const out = allocateVariableData(dtype, 1);
    store(out, dtype, 0, source.value);
    yield out;
    return;
  }
  for (const part of source.parts) {
    const stream = createSampleStream(part.initializer, part.shape, { dtype, callIndex: part.callIndex });
    const size = Math.min(chunkValues, stream.length);
    if (size === 0) continue;
    const raw: TensorData = allocateTensorData(stream.dtype, size);
    for (let n = stream.fill(raw); n > 0; n = stream.fill(raw)) {
      if (stream.dtype === dtype) {
        yield (raw as VariableData).slice(0, n);
        continue;
      }
      const out = allocateVariableData(dtype, n);
      for (let i = 0; i < n; i++) {
        const v = stream.dtype === 'float16' ? float16BitsToNumber(raw[i] as number) : Number(raw[i]);
        store(out, dtype, i, v);
      }
      yield out;
    }
  }
}

/**
 * The same variables as one `.npz` or `.safetensors` file (keys = Keras variable paths, in
 * `model.weights` order, then the optimizer's), through the weight-file encoders: what
 * `dict(zip([v.path for v in model.weights], model.get_weights()))` would hold. The file records
 * the model, the base seed and the seed rule.
 */
export function planModelArrayFile(
  plan: ModelWeightsPlan,
  format: 'npz' | 'safetensors',
  options: { compress?: boolean } = {},
): WeightFilePlan {
  const specs: TensorSpec[] = plan.variables.map((v) => {
    if (v.dtype !== 'float32' && v.dtype !== 'float64' && v.dtype !== 'float16' && v.dtype !== 'int32') {
      throw new CoreError('UNSUPPORTED', `${v.path}: ${v.dtype} variables cannot be written to .${format}.`);
    }
    const seed = v.source.kind === 'initializer' ? (v.source.seed ?? null) : null;
    return { name: v.path, shape: [...v.shape], dtype: v.dtype, seed };
  });
  const metadata: WeightMetadata = {
    seed: plan.seed ?? null,
    extra: { model: plan.model, order: 'model.weights', ...(plan.seed !== undefined ? { seed_rule: MODEL_SEED_RULE } : {}) },
  };
  return encodedPlan(format, specs, metadata, options.compress ?? false, [], function* (chunkValues) {
    for (const v of plan.variables) yield* variableChunks(v, chunkValues) as Iterable<WeightData>;
  });
}

/** The model a command acts on when none is named: the last one bound to a variable, else the last one built. */
export function defaultModel(analysis: ModelAnalysis): AnalyzedModel | undefined {
  const bound = analysis.models.filter((m) => m.variable !== undefined);
  const from = bound.length > 0 ? bound : analysis.models;
  return from[from.length - 1];
}

/** The formats a model's weights can be written in. */
export type ModelWeightsFormat = 'weights.h5' | 'npz' | 'safetensors';

/** Python that loads a written model file into `variable` (the model's name in the user's code). */
export function modelLoadingSnippet(options: { path: string; format: ModelWeightsFormat; variable?: string }): string {
  const p = pythonPath(options.path);
  const model = options.variable ?? 'model';
  switch (options.format) {
    case 'weights.h5':
      return `${model}.load_weights(${p})\n`;
    case 'npz':
      return [
        'import numpy as np',
        '',
        "# Keys are the variables' paths (model.weights order; optimizer entries apart).",
        `with np.load(${p}) as f:`,
        `    ${model}.set_weights([f[v.path] for v in ${model}.weights])`,
        '',
      ].join('\n');
    case 'safetensors':
      return [
        'from safetensors.numpy import load_file',
        '',
        "# Keys are the variables' paths (model.weights order; optimizer entries apart).",
        `tensors = load_file(${p})`,
        `${model}.set_weights([tensors[v.path] for v in ${model}.weights])`,
        '',
      ].join('\n');
    default:
      return assertNever(options.format);
  }
}
