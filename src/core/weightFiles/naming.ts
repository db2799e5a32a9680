/**
 * Descriptive default file names (`he_normal_784x256_seed42.npy`) and the Python that loads a
 * written file (`np.load`, `safetensors`, `layer.set_weights`).
 */
import type { KerasInitializer } from '../initializers/initializer';
import { SNAKE_CASE, type ClassName } from '../initializers/names';
import { WEIGHT_FORMATS, type WeightFormat } from '../io/formats';
import type { ResolvedTensor } from '../io/tensorSpec';
import { csvLayout } from '../io/csv';
import { layerBuildCode, type LayerWeights } from './layerSpecs';
import { shapeLabel } from './shape';

/**
 * `HeNormal` → `he_normal`, `Conv2D` → `conv2d`, `BatchNormalization` → `batch_normalization`:
 * Keras's `to_snake_case` (keras/src/utils/naming.py), with the initializers' own table first.
 */
export function snakeCase(name: string): string {
  const known = (SNAKE_CASE as Readonly<Record<string, string>>)[name];
  if (known !== undefined) return known;
  return name
    .replace(/\W+/g, '')
    .replace(/(.)([A-Z][a-z]+)/g, '$1_$2')
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .toLowerCase();
}

export function extensionOf(format: WeightFormat): string {
  return WEIGHT_FORMATS.find((f) => f.format === format)?.extensions[0] ?? `.${format}`;
}

/** `he_normal_784x256_seed42.npy`; adds `_call3` for a SeedGenerator's later calls and the dtype when not float32. */
export function defaultTensorFileName(options: {
  initializer: KerasInitializer;
  shape: readonly number[];
  format: WeightFormat;
  dtype?: string;
  callIndex?: number;
}): string {
  const init = options.initializer;
  const parts = [snakeCase(init.className as ClassName), shapeLabel(options.shape)];
  if (init.resolvedSeed !== undefined) parts.push(`seed${init.resolvedSeed}`);
  if ((options.callIndex ?? 0) > 0) parts.push(`call${options.callIndex}`);
  if (options.dtype !== undefined && options.dtype !== 'float32') parts.push(options.dtype);
  return parts.join('_') + extensionOf(options.format);
}

/** `lstm_32x256_seed42.npz`: the layer and its first variable's shape. */
export function defaultLayerFileName(layer: LayerWeights, format: WeightFormat, dtype?: string): string {
  const parts = [snakeCase(layer.className)];
  const first = layer.variables[0];
  if (first !== undefined) parts.push(shapeLabel(first.shape));
  if (layer.seed !== undefined) parts.push(`seed${layer.seed}`);
  if (dtype !== undefined && dtype !== 'float32') parts.push(dtype);
  return parts.join('_') + extensionOf(format);
}

/** A Python string literal for a path (raw when it holds backslashes, as Windows paths do). */
export function pythonPath(path: string): string {
  if (path.includes('\\') && !path.endsWith('\\') && !path.includes('"')) return `r"${path}"`;
  return JSON.stringify(path);
}

function shapeTuple(shape: readonly number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
}

/**
 * Python that loads the file at `path` into numpy arrays — and, for a layer, into the layer with
 * `set_weights` (after building it with the same arguments).
 */
export function loadingSnippet(options: {
  path: string;
  format: WeightFormat;
  tensors: readonly ResolvedTensor[];
  layer?: LayerWeights;
}): string {
  const p = pythonPath(options.path);
  const t = options.tensors;
  const names = t.map((x) => x.name);
  const lines: string[] = [];
  switch (options.format) {
    case 'npy':
      lines.push('import numpy as np', '', `weights = np.load(${p})  # shape ${shapeTuple(t[0].shape)}, ${t[0].dtype}`);
      break;
    case 'npz':
      lines.push('import numpy as np', '', `with np.load(${p}) as f:`, `    arrays = [f[name] for name in ${JSON.stringify(names)}]`);
      break;
    case 'safetensors':
      lines.push(
        'from safetensors.numpy import load_file',
        '',
        `tensors = load_file(${p})`,
        `arrays = [tensors[name] for name in ${JSON.stringify(names)}]`,
      );
      break;
    case 'json':
      lines.push(
        'import json',
        'import numpy as np',
        '',
        `with open(${p}) as f:`,
        '    doc = json.load(f)',
        '# "nan", "inf" and "-inf" are strings in the file; float() reads them.',
        'weights = np.array([float(v) for v in doc["data"]], dtype=doc["dtype"]).reshape(doc["shape"])',
      );
      break;
    case 'csv': {
      const { columns } = csvLayout(t[0].shape);
      lines.push(
        'import numpy as np',
        '',
        `weights = np.loadtxt(${p}, delimiter=",", dtype="${t[0].dtype}", ndmin=2).reshape(${shapeTuple(t[0].shape)})  # ${columns} columns per row`,
      );
      break;
    }
  }
  if (options.layer !== undefined) {
    lines.unshift('import keras');
    lines.push('', layerBuildCode(options.layer), 'layer.set_weights(arrays)');
  } else if (options.format === 'npz' || options.format === 'safetensors') {
    lines.push('weights = arrays[0]');
  }
  return `${lines.join('\n')}\n`;
}

/** A Python-style spelling of an initializer's config: `HeNormal(seed=42)`, `Orthogonal(seed=SeedGenerator(seed=3), gain=1)`. */
export function initializerCallText(init: KerasInitializer): string {
  const value = (v: unknown): string => {
    if (typeof v === 'string') return `'${v}'`;
    if (typeof v === 'boolean') return v ? 'True' : 'False';
    if (v === null) return 'None';
    if (Array.isArray(v)) return `[${v.map(value).join(', ')}]`;
    if (typeof v === 'object') {
      const r = v as { class_name?: unknown; config?: { seed?: unknown } };
      if (r.class_name === 'SeedGenerator') return `SeedGenerator(seed=${String(r.config?.seed)})`;
      return JSON.stringify(v);
    }
    return String(v);
  };
  const args = Object.entries(init.getConfig())
    .filter(([, v]) => v !== null)
    .map(([k, v]) => `${k}=${value(v)}`);
  return `${init.className}(${args.join(', ')})`;
}
