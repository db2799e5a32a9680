/** What the encoders are told about the tensors and the file: types, validation, derived sizes. */
import { CoreError } from '../errors';
import type { FloatDType, Shape, TensorData } from '../types';

/** Dtypes the encoders write: Keras's float dtypes, and int32 (which Keras accepts for most initializers). */
export type WeightDType = FloatDType | 'int32';

/** Storage of values: float16 as Uint16Array bit patterns, int32 as Int32Array. */
export type WeightData = TensorData | Int32Array;

/** A JSON value (the initializer config is stored as Keras serializes it). */
export type JsonValue = null | boolean | number | string | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/** One tensor to encode: its layout, and optionally its own provenance (for files holding several). */
export interface TensorSpec {
  /** Name in multi-tensor files (.npz member `<name>.npy`, safetensors key); defaults to numpy's `arr_<i>`. */
  readonly name?: string;
  readonly shape: Shape;
  readonly dtype: WeightDType;
  /** The initializer config that produced this tensor, when it differs from the file's. */
  readonly initializer?: JsonValue;
  /** The seed that produced this tensor (null: unseeded), when it differs from the file's. */
  readonly seed?: number | null;
}

/** A tensor with its values, for one-shot encoding. */
export interface TensorInput extends TensorSpec {
  /** Values in C order; float16 as IEEE half bit patterns. */
  readonly data: WeightData;
}

/** Provenance recorded in the file where the format has room for it. */
export interface WeightMetadata {
  /** The initializer config, e.g. `{"class_name": "HeNormal", "config": {"seed": 42}}`. */
  readonly initializer?: JsonValue;
  /** The integer seed, or null for an unseeded initializer. */
  readonly seed?: number | null;
  /** More string entries (safetensors `__metadata__`, the .npz comment, CSV `#` lines, JSON "metadata"). */
  readonly extra?: Readonly<Record<string, string>>;
}

/** A validated tensor spec with its derived sizes. */
export interface ResolvedTensor {
  readonly index: number;
  readonly name: string;
  readonly shape: readonly number[];
  readonly dtype: WeightDType;
  /** Number of values (1 for shape []). */
  readonly size: number;
  readonly itemSize: number;
  readonly byteLength: number;
  readonly initializer: JsonValue | undefined;
  readonly seed: number | null | undefined;
}

interface DTypeInfo {
  readonly itemSize: number;
  /** numpy `dtype.str` on a little-endian writer. */
  readonly npyDescr: string;
  /** safetensors dtype tag. */
  readonly safetensors: string;
  /** The typed array that holds the values. */
  readonly storage: string;
}

export const DTYPES: Readonly<Record<WeightDType, DTypeInfo>> = {
  float16: { itemSize: 2, npyDescr: '<f2', safetensors: 'F16', storage: 'Uint16Array of float16 bit patterns' },
  float32: { itemSize: 4, npyDescr: '<f4', safetensors: 'F32', storage: 'Float32Array' },
  float64: { itemSize: 8, npyDescr: '<f8', safetensors: 'F64', storage: 'Float64Array' },
  int32: { itemSize: 4, npyDescr: '<i4', safetensors: 'I32', storage: 'Int32Array' },
};

/** Whether a typed array is the storage of `dtype` (shared with the sampler). */
export { isStorageOf } from '../types';

export function isWeightDType(value: unknown): value is WeightDType {
  return value === 'float16' || value === 'float32' || value === 'float64' || value === 'int32';
}

export function typedArrayName(data: unknown): string {
  if (ArrayBuffer.isView(data)) return data.constructor.name;
  return data === null ? 'null' : typeof data;
}

/** Product of the dims as a safe integer, or a TOO_LARGE error. */
export function checkedSize(shape: readonly number[], what: string): number {
  let size = 1;
  for (const d of shape) size *= d;
  if (!Number.isSafeInteger(size)) {
    throw new CoreError('TOO_LARGE', `${what} has shape [${shape.join(', ')}], more than ${Number.MAX_SAFE_INTEGER} values.`);
  }
  return size;
}

function validateShape(shape: unknown, what: string): number[] {
  if (!Array.isArray(shape)) {
    throw new CoreError(
      'INVALID_SHAPE',
      `${what}: shape must be an array of non-negative integers, got ${JSON.stringify(shape) ?? String(shape)}.`,
    );
  }
  for (const d of shape) {
    if (typeof d !== 'number' || !Number.isSafeInteger(d) || d < 0) {
      throw new CoreError(
        'INVALID_SHAPE',
        `${what}: every dimension must be a non-negative integer, got ${String(d)} in [${shape.join(', ')}].`,
      );
    }
  }
  return [...(shape as number[])];
}

function validateSeed(seed: unknown, what: string): number | null | undefined {
  if (seed === undefined || seed === null) return seed;
  if (typeof seed !== 'number' || !Number.isSafeInteger(seed)) {
    throw new CoreError('INVALID_SEED', `${what}: seed must be an integer or null, got ${String(seed)}.`);
  }
  return seed;
}

function validateJson(value: unknown, what: string): JsonValue | undefined {
  if (value === undefined) return undefined;
  try {
    if (JSON.stringify(value) === undefined) throw new Error('not representable');
  } catch {
    throw new CoreError(
      'INVALID_ARGUMENT',
      `${what}: the initializer config must be a JSON value (object, array, string, number, boolean or null).`,
    );
  }
  return value as JsonValue;
}

const CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/;

/** Validates the tensor list of a file. `multi` formats need distinct names; others hold exactly one tensor. */
export function resolveTensors(formatLabel: string, specs: readonly TensorSpec[], multi: boolean): ResolvedTensor[] {
  if (!Array.isArray(specs)) throw new CoreError('INVALID_ARGUMENT', `${formatLabel}: tensors must be an array of {name, shape, dtype}.`);
  if (!multi && specs.length !== 1) {
    throw new CoreError(
      'UNSUPPORTED',
      `${formatLabel} holds exactly one tensor, got ${specs.length}; use .npz or .safetensors for several tensors.`,
    );
  }
  const seen = new Set<string>();
  return specs.map((spec, index) => {
    if (spec === null || typeof spec !== 'object') {
      throw new CoreError('INVALID_ARGUMENT', `${formatLabel} tensor ${index}: expected {name, shape, dtype}, got ${String(spec)}.`);
    }
    const name = spec.name ?? `arr_${index}`;
    const what = `${formatLabel} tensor ${index} ('${name}')`;
    if (typeof name !== 'string' || name.length === 0) {
      throw new CoreError('INVALID_ARGUMENT', `${formatLabel} tensor ${index}: name must be a non-empty string.`);
    }
    if (multi && seen.has(name)) {
      throw new CoreError('INVALID_ARGUMENT', `${formatLabel}: tensor name '${name}' appears twice; names must be unique.`);
    }
    seen.add(name);
    const dtype: unknown = spec.dtype;
    if (!isWeightDType(dtype)) {
      throw new CoreError('INVALID_DTYPE', `${what}: dtype must be one of float16, float32, float64, int32, got ${String(dtype)}.`);
    }
    const shape = validateShape(spec.shape, what);
    const size = checkedSize(shape, what);
    const itemSize = DTYPES[dtype].itemSize;
    const byteLength = size * itemSize;
    if (!Number.isSafeInteger(byteLength)) {
      throw new CoreError('TOO_LARGE', `${what} needs ${byteLength} bytes, beyond ${Number.MAX_SAFE_INTEGER}.`);
    }
    return {
      index,
      name,
      shape,
      dtype,
      size,
      itemSize,
      byteLength,
      initializer: validateJson(spec.initializer, what),
      seed: validateSeed(spec.seed, what),
    };
  });
}

/** Validates file-level metadata. */
export function resolveMetadata(formatLabel: string, metadata: WeightMetadata | undefined): WeightMetadata {
  if (metadata === undefined) return {};
  const extra = metadata.extra ?? {};
  for (const [key, value] of Object.entries(extra)) {
    if (key.length === 0 || CONTROL_CHARACTER.test(key)) {
      throw new CoreError(
        'INVALID_ARGUMENT',
        `${formatLabel}: metadata keys must be non-empty and free of control characters, got ${JSON.stringify(key)}.`,
      );
    }
    if (typeof value !== 'string') {
      throw new CoreError('INVALID_ARGUMENT', `${formatLabel}: metadata value of '${key}' must be a string, got ${typeof value}.`);
    }
  }
  return {
    initializer: validateJson(metadata.initializer, `${formatLabel} metadata`),
    seed: validateSeed(metadata.seed, `${formatLabel} metadata`),
    extra,
  };
}

/**
 * The provenance as a flat string→string map (safetensors `__metadata__`, the .npz comment):
 * "initializer" (config JSON) and "seed" for the file; "shape" (JSON) when the file holds one tensor;
 * "<name>.initializer" and "<name>.seed" for tensors with their own; then the extra entries,
 * which may not reuse those keys.
 */
export function metadataEntries(formatLabel: string, tensors: readonly ResolvedTensor[], metadata: WeightMetadata): Record<string, string> {
  // No prototype: a tensor named '__proto__' must give an ordinary key.
  const entries: Record<string, string> = Object.create(null) as Record<string, string>;
  if (metadata.initializer !== undefined) entries.initializer = JSON.stringify(metadata.initializer);
  if (metadata.seed !== undefined) entries.seed = String(metadata.seed);
  if (tensors.length === 1) entries.shape = JSON.stringify(tensors[0].shape);
  for (const t of tensors) {
    if (t.initializer !== undefined) entries[`${t.name}.initializer`] = JSON.stringify(t.initializer);
    if (t.seed !== undefined) entries[`${t.name}.seed`] = String(t.seed);
  }
  for (const [key, value] of Object.entries(metadata.extra ?? {})) {
    if (key in entries) {
      throw new CoreError(
        'INVALID_ARGUMENT',
        `${formatLabel}: metadata key '${key}' is written by the encoder itself; choose another key.`,
      );
    }
    entries[key] = value;
  }
  return entries;
}
