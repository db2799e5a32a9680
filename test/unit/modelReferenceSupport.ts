/** Typed access to test/fixtures/keras-models/reference.json: what real Keras 3 builds for each model source. */
import * as fs from 'node:fs';
import * as path from 'node:path';

export const MODEL_FIXTURES = path.resolve(__dirname, '..', 'fixtures', 'keras-models');

/** A shape as Keras reports it; null is an unknown dimension (usually the batch). */
export type Shape = (number | null)[];

/** One call of a layer: tensors of the positional arguments, keyword tensors, the mask, the outputs. */
export interface LayerCall {
  inputs: Shape[];
  outputs: Shape[];
  kwarg_inputs?: Record<string, Shape[]>;
  mask?: Shape[];
}

export interface InitializerRef {
  class_name: string;
  config: Record<string, unknown>;
}

export interface WeightRef {
  path: string;
  name: string;
  shape: Shape;
  dtype: string;
  trainable: boolean;
  /** The layer that created the variable (a cell or sublayer for wrappers and nested models). */
  owner: string | null;
  owner_class: string | null;
  initializer: InitializerRef | null;
  /** sha256 of the little-endian bytes, only when the initializer had an explicit integer seed. */
  sha256?: string;
}

export interface LayerRef {
  class: string;
  name: string;
  built: boolean;
  /** 'graph': from the model's nodes; 'call': recorded when the layer was called; null: never seen. */
  shapes_from: 'graph' | 'call' | null;
  calls: LayerCall[];
  build_config: { input_shape?: unknown; shapes_dict?: Record<string, unknown> } | null;
  count_params: number | null;
  /** Full records on layers of model.layers. */
  weights?: WeightRef[];
  /** Only the paths on sublayers (their records are on the enclosing top-level layer). */
  weight_paths?: string[];
  sublayers?: LayerRef[];
}

export interface ModelWeightRef {
  path: string;
  shape: Shape;
  trainable: boolean;
}

export interface H5Entry {
  path: string;
  kind: 'group' | 'dataset';
  shape?: Shape;
  dtype?: string;
  attrs: Record<string, unknown>;
}

export interface ErrorRef {
  type: string;
  message: string;
  line?: number | null;
}

export interface ModelRef {
  variable: string;
  aliases: string[];
  /** 'Sequential', 'Functional' or the name of a keras.Model subclass. */
  class: string;
  name: string;
  built: boolean;
  count_params: number | null;
  trainable_params: number;
  non_trainable_params: number;
  inputs: Shape[] | null;
  outputs: Shape[] | null;
  optimizer: { class_name: string; learning_rate: number } | null;
  layers: LayerRef[];
  /** model.weights in order (the order of the .weights.h5 file). */
  weights: ModelWeightRef[];
  /** Every group and dataset of the saved .weights.h5, sorted by path. */
  h5: H5Entry[] | null;
  h5_error?: ErrorRef;
  record_error?: string;
}

export interface ModelFileRef {
  /** Relative to MODEL_FIXTURES, e.g. 'models/mnist_mlp.py'. */
  source: string;
  /** Set when running the file raised; models bound before that are still listed. */
  error: (ErrorRef & { line: number | null; backend_limitation: boolean }) | null;
  models: ModelRef[];
}

export interface ModelReference {
  schema_version: number;
  keras_version: string;
  keras_commit: string;
  backend: string;
  files: ModelFileRef[];
}

let cached: ModelReference | undefined;

export function loadModelReference(): ModelReference {
  cached ??= JSON.parse(fs.readFileSync(path.join(MODEL_FIXTURES, 'reference.json'), 'utf8')) as ModelReference;
  return cached;
}

/** The Python source of a model file: a ModelFileRef or its `source` path. */
export function modelSource(file: ModelFileRef | string): string {
  const rel = typeof file === 'string' ? file : file.source;
  return fs.readFileSync(path.join(MODEL_FIXTURES, rel), 'utf8');
}

/** Every layer of model.layers of every model, with where it came from. */
export function allLayers(reference: ModelReference = loadModelReference()): { file: ModelFileRef; model: ModelRef; layer: LayerRef }[] {
  const out: { file: ModelFileRef; model: ModelRef; layer: LayerRef }[] = [];
  for (const file of reference.files) {
    for (const model of file.models) {
      for (const layer of model.layers) out.push({ file, model, layer });
    }
  }
  return out;
}
