/**
 * `checkInitialization(text, options)`: a forward pass of a random batch through the model as
 * written (Sequential and functional graphs, in `model.layers` order) with the initial weights
 * `planModelWeights` gives, then a backward pass of a random unit-variance output gradient, with
 * statistics per layer and findings. The random numbers are documented in `inputs.ts`.
 */
import { CoreError } from '../../errors';
import { analyzeModels, type AnalyzedLayer, type AnalyzedModel, type ModelAnalysis, type TensorRef } from '../analyze';
import { layerArgs } from '../graph';
import { defaultModel, planModelWeights, variableChunks, type ModelWeightsPlan } from '../weightsFile';
import { findings } from './findings';
import { dropoutGenerator, gradientGenerator, inputGenerator, integers, standardNormal } from './inputs';
import { makeKernel, UnsupportedLayerError, type LayerKernel } from './kernels/index';
import { deadFraction, tensorStats } from './stats';
import { suggestInitializers, withSuggestions } from './suggestions';
import type { Tensor } from './tensor';
import type { CheckLayer, CheckOptions, CheckResult, TensorStats } from './types';

const RELU_ZEROS = new Set(['relu', 'relu6']);

/** The model `options.model` names (variable, else Keras name), or the default one. */
function pickModel(analysis: ModelAnalysis, name: string | undefined): AnalyzedModel {
  const model =
    name === undefined
      ? defaultModel(analysis)
      : (analysis.models.find((m) => m.variable === name) ?? analysis.models.find((m) => m.name === name));
  if (model === undefined) {
    throw new CoreError(
      'INVALID_ARGUMENT',
      name === undefined ? 'The file builds no Keras model.' : `No model named '${name}' in the file.`,
    );
  }
  return model;
}

/** Each variable's values as float32, by variable path. */
function weightValues(plan: ModelWeightsPlan): Map<string, Float32Array> {
  const out = new Map<string, Float32Array>();
  for (const v of plan.variables) {
    const size = v.shape.reduce((a, b) => a * b, 1);
    const data = new Float32Array(size);
    let at = 0;
    for (const chunk of variableChunks(v)) {
      if (chunk instanceof Float32Array) data.set(chunk, at);
      else for (let i = 0; i < chunk.length; i++) data[at + i] = Number(chunk[i]);
      at += chunk.length;
    }
    out.set(v.path, data);
  }
  return out;
}

const key = (ref: TensorRef): string => `${ref.layer}:${ref.output}`;

export function checkInitialization(text: string, options: CheckOptions = {}): CheckResult {
  const batch = options.batchSize ?? 256;
  if (!Number.isSafeInteger(batch) || batch < 1) {
    throw new CoreError('INVALID_ARGUMENT', `The batch size must be a positive integer; received ${String(batch)}.`);
  }
  const inputSeed = options.inputSeed ?? 0;
  if (!Number.isSafeInteger(inputSeed) || inputSeed < 0 || inputSeed >= 2 ** 32) {
    throw new CoreError('INVALID_SEED', `The input seed must be an integer in [0, 4294967295]; received ${String(inputSeed)}.`);
  }
  const training = options.training ?? false;
  const analysis0 = analyzeModels(text);
  const model = pickModel(analysis0, options.model);
  const modelName = model.variable ?? model.name;
  if (model.kind === 'subclassed') {
    throw new CoreError('UNSUPPORTED', `'${modelName}' is a subclassed model: the check runs Sequential and functional models.`);
  }
  const order = model.layers.filter((i) => analysis0.layers[i].className !== 'InputLayer');
  const suggestions = suggestInitializers(text, analysis0, model, order);
  const analysis = options.suggested === true ? withSuggestions(analysis0, suggestions) : analysis0;

  const layers: CheckLayer[] = [];
  const base = { model: modelName, batchSize: batch, inputSeed, training };
  const emptyStats = tensorStats(new Float32Array(0));
  const stopped = (at: number, reason: string, seed: number | null, input: TensorStats): CheckResult => ({
    ...base,
    seed,
    input,
    layers,
    findings: [],
    stoppedAt: { layer: at, reason },
  });

  let plan: ModelWeightsPlan;
  try {
    plan = planModelWeights(analysis, model, options.seed !== undefined ? { seed: options.seed } : {});
  } catch (e) {
    return stopped(0, `the initial weights are not known (${e instanceof Error ? e.message : String(e)})`, null, emptyStats);
  }
  const seed = plan.seed ?? null;
  const values = weightValues(plan);

  // The model's inputs: their shapes, and whether an Embedding reads them (ids then).
  const inputRefs: TensorRef[] = model.kind === 'functional' ? [...(model.inputRefs ?? [])] : [{ layer: -2, output: 0 }];
  const inputShapes = model.inputShapes ?? [];
  const tensors = new Map<string, Tensor>();
  const rng = inputGenerator(inputSeed);
  let inputIsIds = false;
  let firstInput: Float32Array | undefined;
  for (let k = 0; k < inputRefs.length; k++) {
    const shape = inputShapes[k];
    if (shape === null || shape === undefined || shape.slice(1).some((d) => d === null)) {
      return stopped(
        0,
        `the shape of input ${k + 1} is not fully known (${shape === null || shape === undefined ? 'unknown' : `[${shape.map((d) => d ?? 'None').join(', ')}]`})`,
        seed,
        emptyStats,
      );
    }
    const dims = [batch, ...(shape.slice(1) as number[])];
    const n = dims.reduce((a, b) => a * b, 1);
    const ref = inputRefs[k];
    const reader = order.find((i) => {
      const l = analysis.layers[i];
      if (model.kind === 'sequential') return i === order[0];
      return (l.inputRefs ?? []).some((r) => r.layer === ref.layer && r.output === ref.output);
    });
    const readerLayer = reader === undefined ? undefined : analysis.layers[reader];
    let data: Float32Array;
    const given = options.inputs?.[k];
    if (given !== undefined) {
      if (given.length !== n) {
        throw new CoreError('INVALID_ARGUMENT', `Input ${k + 1} has ${given.length} values; its shape [${dims.join(', ')}] holds ${n}.`);
      }
      data = Float32Array.from(given);
      if (k === 0) inputIsIds = readerLayer?.className === 'Embedding';
    } else if (readerLayer?.className === 'Embedding') {
      const dim = readerLayer.args?.input_dim;
      if (dim === undefined || dim.kind !== 'int') return stopped(0, 'the Embedding input_dim is not known', seed, emptyStats);
      data = integers(rng, dim.value, n);
      if (k === 0) inputIsIds = true;
    } else {
      data = standardNormal(rng, n);
    }
    if (k === 0) firstInput = data;
    tensors.set(key(ref), { shape: dims, data });
  }
  const input = tensorStats(firstInput ?? new Float32Array(0));

  const total = 2 * order.length;
  let done = 0;
  const progress = (): void => options.onProgress?.(++done, total);
  const cancelled = (): boolean => options.isCancelled?.() === true;

  const kernels: LayerKernel[] = [];
  const outputs: Tensor[][] = [];
  const refsOf = (position: number): TensorRef[] => {
    const index = order[position];
    if (model.kind === 'sequential') return [position === 0 ? { layer: -2, output: 0 } : { layer: order[position - 1], output: 0 }];
    return [...(analysis.layers[index].inputRefs ?? [])];
  };

  // Forward.
  for (let p = 0; p < order.length; p++) {
    if (cancelled()) return stopped(p, 'cancelled', seed, input);
    const index = order[p];
    const layer: AnalyzedLayer = analysis.layers[index];
    const label = layer.name ?? layer.className;
    let ins: Tensor[];
    try {
      if (analysis.models.some((m) => m.range.start === layer.range.start && m.range.end === layer.range.end && m.name === layer.name)) {
        throw new UnsupportedLayerError(`${label} is a model used as a layer, which the check does not run yet`);
      }
      if ((layer.calls ?? 1) > 1 && model.kind === 'functional') {
        throw new UnsupportedLayerError(`${label} is called more than once (shared layers are not supported)`);
      }
      ins = refsOf(p).map((ref) => {
        if (ref.layer === -1) {
          throw new UnsupportedLayerError(
            `it reads the result of a tensor operation (${ref.operation ?? 'an operation'}), which the check cannot run`,
          );
        }
        const t = tensors.get(key(ref));
        if (t === undefined) throw new UnsupportedLayerError('its input was not computed (a graph the check cannot follow)');
        return t;
      });
      const weights = new Map<string, Float32Array>();
      for (const w of layer.weights) {
        const data = values.get(w.path);
        if (data !== undefined) weights.set([...w.spec.owner, w.spec.name].join('/'), data);
      }
      const dropRng = dropoutGenerator(inputSeed, p);
      const kernel = makeKernel({
        className: layer.className,
        args: layerArgs(layer.className, layer.args ?? {}),
        inputShapes: ins.map((t) => t.shape),
        weight: (name) => {
          const w = weights.get(name);
          if (w === undefined) throw new UnsupportedLayerError(`its weight ${name} is not known`);
          return w;
        },
        training,
        uniform: () => dropRng.random(),
      });
      const outs = kernel.forward(ins);
      kernels.push(kernel);
      outputs.push(outs);
      outs.forEach((t, o) => tensors.set(`${index}:${o}`, t));
      const out = outs[0];
      const weight = suggestions.get(index)?.argument;
      const kernelWeight = layer.weights.find((w) =>
        weight !== undefined
          ? w.spec.initializer.argument === weight
          : /kernel_initializer|depthwise_initializer|pointwise_initializer/.test(w.spec.initializer.argument ?? ''),
      );
      layers.push({
        className: layer.className,
        range: layer.range,
        ...(layer.name !== undefined ? { name: layer.name } : {}),
        ...(kernel.activation !== undefined ? { activation: kernel.activation } : {}),
        outputShape: [...out.shape],
        output: tensorStats(out.data, kernel.activation),
        gradient: null,
        ...(suggestions.has(index) && options.suggested !== true ? { suggestion: suggestions.get(index) } : {}),
        ...(kernel.activation !== undefined && RELU_ZEROS.has(kernel.activation)
          ? { deadFraction: deadFraction(out.data, out.shape[out.shape.length - 1]) }
          : {}),
        ...(kernelWeight?.initializer != null ? { initializer: kernelWeight.initializer } : {}),
      });
    } catch (e) {
      if (
        e instanceof UnsupportedLayerError ||
        e instanceof CoreError ||
        (e instanceof Error && e.name === 'UnknownShapeError') ||
        (e instanceof Error && e.name === 'KerasBuildError')
      ) {
        return stopped(p, `${label} (${layer.className}): ${e.message}`, seed, input);
      }
      throw e;
    }
    progress();
  }

  // Backward: a random gradient at each model output, accumulated over every reader of a tensor.
  const grads = new Map<string, Float32Array>();
  const outRefs: TensorRef[] =
    model.kind === 'functional' ? [...(model.outputRefs ?? [])] : [{ layer: order[order.length - 1], output: 0 }];
  const grng = gradientGenerator(inputSeed);
  for (const ref of outRefs) {
    const t = tensors.get(key(ref));
    if (t === undefined) continue;
    const g = standardNormal(grng, t.data.length);
    const prev = grads.get(key(ref));
    if (prev !== undefined) for (let i = 0; i < g.length; i++) g[i] += prev[i];
    grads.set(key(ref), g);
  }
  let stopAt: { layer: number; reason: string } | undefined;
  for (let p = order.length - 1; p >= 0; p--) {
    if (cancelled()) {
      stopAt = { layer: p, reason: 'cancelled' };
      break;
    }
    const index = order[p];
    const gy = outputs[p].map((t, o) => grads.get(`${index}:${o}`) ?? new Float32Array(t.data.length));
    layers[p] = { ...layers[p], gradient: tensorStats(gy[0]) };
    const gx = kernels[p].backward(gy);
    refsOf(p).forEach((ref, k) => {
      const g = gx[k];
      if (g === null || g === undefined) return;
      const prev = grads.get(key(ref));
      if (prev === undefined) grads.set(key(ref), new Float32Array(g));
      else for (let i = 0; i < g.length; i++) prev[i] += g[i];
    });
    progress();
  }
  return {
    ...base,
    seed,
    input,
    layers,
    findings: stopAt === undefined ? findings(layers, input, inputIsIds) : [],
    ...(stopAt !== undefined ? { stoppedAt: stopAt } : {}),
  };
}
