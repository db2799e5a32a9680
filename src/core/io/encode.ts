/** Entry points of the file encoders: a streaming encoder per file, and one-shot / iterable wrappers. */
import { CoreError } from '../errors';
import { concatBytes } from './bytes';
import { csvWriter } from './csv';
import { isWeightFormat, WEIGHT_FORMATS, type WeightFormat } from './formats';
import { jsonWriter } from './json';
import { npyWriter } from './npy';
import { npzWriter } from './npz';
import { SAFETENSORS_MAX_HEADER_BYTES, safetensorsWriter } from './safetensors';
import {
  isStorageOf,
  metadataEntries,
  resolveMetadata,
  resolveTensors,
  typedArrayName,
  type TensorInput,
  type TensorSpec,
  type WeightData,
  type WeightMetadata,
} from './tensorSpec';
import { StreamingEncoder, type FormatWriter, type WeightEncoder } from './weightEncoder';
import { ZIP_LIMITS, type ZipLimits } from './zip';

export interface EncodeOptions {
  /** Provenance: initializer config, seed and extra strings, written where the format has room. */
  readonly metadata?: WeightMetadata;
  /** .npz only: deflate the members (as numpy.savez_compressed) instead of storing them (numpy.savez). */
  readonly compress?: boolean;
  /** .npz with `compress` only: deflate level 0–9, default 6 (zlib's default). */
  readonly compressionLevel?: number;
  /** .npz only: the members' modification time; default 1980-01-01 00:00, so equal inputs give equal bytes. */
  readonly modified?: Date;
}

export interface EncoderOptions extends EncodeOptions {
  /** The tensors of the file, in the order their data will be given. */
  readonly tensors: readonly TensorSpec[];
}

/** Format limits, replaceable so tests can reach the zip64 and header-size paths with small inputs. */
export interface EncoderLimits {
  readonly zip: ZipLimits;
  readonly safetensorsMaxHeaderBytes: number;
}

const DEFAULT_LIMITS: EncoderLimits = { zip: ZIP_LIMITS, safetensorsMaxHeaderBytes: SAFETENSORS_MAX_HEADER_BYTES };

/** `createEncoder` with explicit limits (not part of the public API). */
export function createEncoderWithLimits(format: WeightFormat, options: EncoderOptions, limits: EncoderLimits): WeightEncoder {
  if (!isWeightFormat(format)) {
    throw new CoreError(
      'UNSUPPORTED',
      `Unknown weight-file format '${String(format)}'; supported: ${WEIGHT_FORMATS.map((f) => f.format).join(', ')}.`,
    );
  }
  const label = `.${format}`;
  if (options === null || typeof options !== 'object') {
    throw new CoreError('INVALID_ARGUMENT', `${label}: options must be an object with a 'tensors' array.`);
  }
  if (format !== 'npz') {
    for (const key of ['compress', 'compressionLevel', 'modified'] as const) {
      if (options[key] !== undefined && options[key] !== false) {
        throw new CoreError('UNSUPPORTED', `${label}: the '${key}' option applies to .npz only.`);
      }
    }
  }
  const info = WEIGHT_FORMATS.find((f) => f.format === format);
  const tensors = resolveTensors(label, options.tensors, info?.multiTensor ?? false);
  const metadata = resolveMetadata(label, options.metadata);
  let writer: FormatWriter;
  switch (format) {
    case 'npy':
      writer = npyWriter(tensors[0]);
      break;
    case 'npz':
      writer = npzWriter(tensors, {
        compress: options.compress ?? false,
        level: options.compressionLevel,
        modified: options.modified,
        comment: metadataEntries(label, tensors, metadata),
        limits: limits.zip,
      });
      break;
    case 'safetensors':
      writer = safetensorsWriter(tensors, metadataEntries(label, tensors, metadata), limits.safetensorsMaxHeaderBytes);
      break;
    case 'json':
      writer = jsonWriter(tensors[0], metadata);
      break;
    case 'csv':
      writer = csvWriter(tensors[0], metadata);
      break;
  }
  return new StreamingEncoder(format, tensors, writer);
}

/**
 * A streaming encoder for one file. Sizes and limits are checked here, before any data: a file the
 * format cannot hold fails with CoreError 'TOO_LARGE'.
 *
 * @example
 * const enc = createEncoder('npy', { tensors: [{ shape: [10000, 10000], dtype: 'float32' }] });
 * sink.write(enc.header());
 * for (const chunk of sampler) sink.write(enc.encodeChunk(chunk));
 * sink.write(enc.trailer());
 */
export function createEncoder(format: WeightFormat, options: EncoderOptions): WeightEncoder {
  return createEncoderWithLimits(format, options, DEFAULT_LIMITS);
}

/** The whole file at once; equal to the concatenation of a streaming encoder's output for the same data. */
export function encode(format: WeightFormat, tensors: readonly TensorInput[], options: EncodeOptions = {}): Uint8Array {
  const encoder = createEncoder(format, { ...options, tensors });
  const parts = [encoder.header()];
  encoder.tensors.forEach((t, i) => {
    const data = tensors[i].data;
    if (!ArrayBuffer.isView(data) || !isStorageOf(data, t.dtype) || data.length !== t.size) {
      throw new CoreError(
        'INVALID_ARGUMENT',
        `.${format}: tensor '${t.name}' of shape [${t.shape.join(', ')}] and dtype ${t.dtype} needs ${t.size} values, got ${typedArrayName(data)}` +
          `${ArrayBuffer.isView(data) ? ` of length ${(data as WeightData).length}` : ''}.`,
      );
    }
    if (t.size > 0) parts.push(encoder.encodeChunk(data));
  });
  parts.push(encoder.trailer());
  return concatBytes(parts);
}

/** Yields the file's bytes piece by piece while consuming `chunks` (in tensor order). Empty pieces are skipped. */
export function* encodeChunks(
  format: WeightFormat,
  options: EncoderOptions,
  chunks: Iterable<WeightData>,
): Generator<Uint8Array, void, undefined> {
  const encoder = createEncoder(format, options);
  yield encoder.header();
  for (const chunk of chunks) {
    const bytes = encoder.encodeChunk(chunk);
    if (bytes.length > 0) yield bytes;
  }
  yield encoder.trailer();
}

/** `encodeChunks` for an asynchronous source (e.g. chunks sampled in a worker). */
export async function* encodeChunksAsync(
  format: WeightFormat,
  options: EncoderOptions,
  chunks: AsyncIterable<WeightData> | Iterable<WeightData>,
): AsyncGenerator<Uint8Array, void, undefined> {
  const encoder = createEncoder(format, options);
  yield encoder.header();
  for await (const chunk of chunks) {
    const bytes = encoder.encodeChunk(chunk);
    if (bytes.length > 0) yield bytes;
  }
  yield encoder.trailer();
}
