/**
 * Planning a weight file: every Keras check runs when the plan is made (arguments, seeds, shapes,
 * dtypes, format limits), before anything touches a disk; then `pieces()` yields the file's
 * bytes chunk by chunk in constant memory. The bytes equal a one-pass `encode()` of `sample()`.
 */
import { CoreError } from '../errors';
import { serialize } from '../initializers/config';
import type { KerasInitializer } from '../initializers/initializer';
import { allocateTensorData, createSampleStream, type SampleStream } from '../initializers/sample';
import { createEncoder } from '../io/encode';
import { WEIGHT_FORMATS, isWeightFormat, type WeightFormat } from '../io/formats';
import type { JsonValue, ResolvedTensor, TensorSpec, WeightData, WeightDType, WeightMetadata } from '../io/tensorSpec';
import { float16BitsToNumber, toFloat16Bits } from '../random/casts';
import type { DType, TensorData } from '../types';
import { LAYER_SEED_RULE, type LayerWeights } from './layerSpecs';
import { shapeSize } from './shape';

/** Values produced per chunk by default: 4 MiB of float32, small against any tensor worth streaming. */
export const DEFAULT_CHUNK_VALUES = 1 << 20;

/** A weight file ready to be written. */
export interface WeightFilePlan {
  readonly format: WeightFormat;
  /** The file's tensors, in order, with their resolved names, shapes and dtypes. */
  readonly tensors: readonly ResolvedTensor[];
  /** Exact size in bytes when known before writing (not for deflated .npz, JSON or CSV). */
  readonly byteLength: number | undefined;
  /** Values in all tensors together. */
  readonly totalValues: number;
  /** Values produced so far by `pieces()`. */
  readonly valuesDone: number;
  /** The provenance recorded in the file. */
  readonly metadata: WeightMetadata;
  /** Notes for the user (e.g. a dtype Keras changes), already true of the plan. */
  readonly notes: readonly string[];
  /**
   * The file's bytes, piece by piece (at most about `chunkValues` values each). Single use: the
   * random streams advance as they are read.
   */
  pieces(chunkValues?: number): Generator<Uint8Array, void, undefined>;
}

export interface TensorFileOptions {
  readonly initializer: KerasInitializer;
  readonly shape: readonly number[];
  /** Keras dtype string; default float32. */
  readonly dtype?: string;
  /** The k-th call of the initializer (a SeedGenerator seed gives `[seed, k]`). */
  readonly callIndex?: number;
  readonly format: WeightFormat;
  /** .npz only: deflate members (numpy.savez_compressed). */
  readonly compress?: boolean;
  /** More provenance strings. */
  readonly extra?: Readonly<Record<string, string>>;
}

export interface LayerFileOptions {
  readonly layer: LayerWeights;
  /** The layer's variable dtype; default float32. */
  readonly dtype?: string;
  readonly format: WeightFormat;
  readonly compress?: boolean;
  readonly extra?: Readonly<Record<string, string>>;
}

interface TensorJob {
  readonly dtype: WeightDType;
  readonly streams: readonly SampleStream[];
}

function checkFormat(format: unknown): WeightFormat {
  if (!isWeightFormat(format)) {
    throw new CoreError('UNSUPPORTED', `Unknown format '${String(format)}'; supported: ${WEIGHT_FORMATS.map((f) => f.format).join(', ')}.`);
  }
  return format;
}

const FLOAT_DTYPES = ['float32', 'float16', 'float64'] as const;

/** The dtypes a weight file can be written in (Keras float dtypes). */
export const WEIGHT_FILE_DTYPES: readonly string[] = FLOAT_DTYPES;

function checkDType(dtype: unknown): WeightDType {
  const d = dtype ?? 'float32';
  if (!(FLOAT_DTYPES as readonly unknown[]).includes(d)) {
    throw new CoreError('INVALID_DTYPE', `Unsupported dtype '${String(d)}'; weight files are written as ${FLOAT_DTYPES.join(', ')}.`);
  }
  return d as WeightDType;
}

function serializedConfig(init: KerasInitializer): JsonValue {
  return serialize(init) as unknown as JsonValue;
}

/** The seed to record: the int in use, or null for a non-random initializer. */
function seedOf(init: KerasInitializer): number | null {
  return init.resolvedSeed ?? null;
}

/** Copies `n` values from a stream's storage into another dtype's storage (numpy `astype`). */
function castInto(from: TensorData, fromDType: DType, to: WeightData, toDType: WeightDType, n: number): void {
  for (let i = 0; i < n; i++) {
    const v = fromDType === 'float16' ? float16BitsToNumber(from[i]) : from[i];
    // Float32Array stores round to nearest even, as astype(float32).
    to[i] = toDType === 'float16' ? toFloat16Bits(v) : v;
  }
}

function makePlan(
  format: WeightFormat,
  specs: readonly TensorSpec[],
  jobs: readonly TensorJob[],
  metadata: WeightMetadata,
  compress: boolean,
  notes: readonly string[],
): WeightFilePlan {
  if (compress && format !== 'npz') throw new CoreError('UNSUPPORTED', `Compression applies to .npz only, not .${format}.`);
  return encodedPlan(format, specs, metadata, compress, notes, function* (chunkValues) {
    for (const job of jobs) {
      for (const stream of job.streams) {
        const size = Math.min(chunkValues, stream.length);
        if (size === 0) continue;
        const out = allocateTensorData(job.dtype, size) as WeightData;
        // Keras's Variable casts the initializer's result to the variable dtype (Orthogonal gives float32 for float64).
        const raw = stream.dtype === job.dtype ? out : allocateTensorData(stream.dtype, size);
        for (let n = stream.fill(raw); n > 0; n = stream.fill(raw)) {
          if (raw !== out) castInto(raw, stream.dtype, out, job.dtype, n);
          yield out.subarray(0, n);
        }
      }
    }
  });
}

/**
 * A plan whose `pieces()` encode, in order, the tensors' values that `chunks(chunkValues)` yields
 * (each chunk at most `chunkValues` values, the tensors one after another). The encoder is created
 * first, so names, sizes and every format limit are checked before any data is drawn.
 */
export function encodedPlan(
  format: WeightFormat,
  specs: readonly TensorSpec[],
  metadata: WeightMetadata,
  compress: boolean,
  notes: readonly string[],
  chunks: (chunkValues: number) => Iterable<WeightData>,
): WeightFilePlan {
  const encoder = createEncoder(format, { tensors: specs, metadata, compress });
  let used = false;
  let done = 0;
  return {
    format,
    tensors: encoder.tensors,
    byteLength: encoder.byteLength,
    totalValues: encoder.totalValues,
    get valuesDone() {
      return done;
    },
    metadata,
    notes,
    *pieces(chunkValues = DEFAULT_CHUNK_VALUES) {
      if (used) {
        throw new CoreError('INVALID_ARGUMENT', 'pieces() of a weight-file plan can be read once: plan the file again to write it again.');
      }
      if (!Number.isSafeInteger(chunkValues) || chunkValues <= 0) {
        throw new CoreError('INVALID_ARGUMENT', `chunkValues must be a positive integer; received ${chunkValues}.`);
      }
      used = true;
      yield encoder.header();
      for (const chunk of chunks(chunkValues)) {
        const bytes = encoder.encodeChunk(chunk);
        done += chunk.length;
        if (bytes.length > 0) yield bytes;
      }
      yield encoder.trailer();
    },
  };
}

/** Wraps a Keras error with the variable it concerns. */
function forVariable(name: string, shape: readonly number[], e: unknown): unknown {
  if (e instanceof CoreError) return new CoreError(e.code, `${name} (shape (${shape.join(', ')})): ${e.message}`, e.kerasType);
  return e;
}

/**
 * One tensor: `initializer(shape, dtype)` as Keras's numpy backend returns it, into one file. The
 * tensor's dtype and shape are Keras's (Orthogonal asked for float64 returns float32; STFT returns
 * (T, 1, F)); `notes` says when they differ from the request.
 */
export function planTensorFile(options: TensorFileOptions): WeightFilePlan {
  const format = checkFormat(options.format);
  const dtype = checkDType(options.dtype);
  const init = options.initializer;
  shapeSize(options.shape);
  const stream = createSampleStream(init, options.shape, { dtype, callIndex: options.callIndex ?? 0 });
  const notes: string[] = [];
  if (stream.dtype !== dtype) {
    notes.push(
      `${init.className} returns ${stream.dtype} when asked for ${dtype} on Keras's numpy backend; the file holds ${stream.dtype}, as Keras would.`,
    );
  }
  if (stream.shape.join(',') !== options.shape.join(',')) {
    notes.push(
      `${init.className} returns shape (${stream.shape.join(', ')}) for (${options.shape.join(', ')}); the file holds Keras's shape.`,
    );
  }
  const callIndex = options.callIndex ?? 0;
  const extra: Record<string, string> = { ...(options.extra ?? {}) };
  if (init.seed?.kind === 'generator') extra.call_index = String(callIndex);
  const metadata: WeightMetadata = { initializer: serializedConfig(init), seed: seedOf(init), extra };
  const spec: TensorSpec = { name: 'arr_0', shape: stream.shape, dtype: stream.dtype as WeightDType };
  return makePlan(format, [spec], [{ dtype: stream.dtype as WeightDType, streams: [stream] }], metadata, options.compress ?? false, notes);
}

/**
 * A layer's whole variable set (`layer.weights` order, Keras's names) into one .npz or
 * .safetensors. Each variable records its initializer and seed; the file records the layer, its
 * arguments, the base seed and the seed rule.
 */
export function planLayerFile(options: LayerFileOptions): WeightFilePlan {
  const format = checkFormat(options.format);
  const info = WEIGHT_FORMATS.find((f) => f.format === format);
  if (!info?.multiTensor) {
    throw new CoreError('UNSUPPORTED', `A layer's variables go into one .npz or .safetensors file; .${format} holds a single tensor.`);
  }
  const dtype = checkDType(options.dtype);
  const layer = options.layer;
  const specs: TensorSpec[] = [];
  const jobs: TensorJob[] = [];
  const notes: string[] = [];
  for (const v of layer.variables) {
    const streams = v.parts.map((part) => {
      try {
        return createSampleStream(part.initializer, part.shape, { dtype, callIndex: part.callIndex });
      } catch (e) {
        throw forVariable(v.name, v.shape, e);
      }
    });
    for (const s of streams) {
      if (s.dtype !== dtype) {
        notes.push(
          `${v.name}: ${v.initializer.className} returns ${s.dtype} for ${dtype}; the variable casts it to ${dtype}, as Keras's Variable does.`,
        );
      }
    }
    specs.push({ name: v.name, shape: v.shape, dtype, initializer: serializedConfig(v.initializer), seed: seedOf(v.initializer) });
    jobs.push({ dtype, streams });
  }
  const extra: Record<string, string> = {
    layer: layer.className,
    layer_args: JSON.stringify(layer.args),
    weights: layer.variables.map((v) => v.name).join(','),
    ...(layer.seed !== undefined ? { seed_rule: LAYER_SEED_RULE } : {}),
    ...Object.fromEntries(layer.variables.filter((v) => v.note !== undefined).map((v) => [`${v.name}.note`, v.note as string])),
    ...(options.extra ?? {}),
  };
  const metadata: WeightMetadata = { seed: layer.seed ?? null, extra };
  return makePlan(format, specs, jobs, metadata, options.compress ?? false, notes);
}
