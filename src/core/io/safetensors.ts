/**
 * `.safetensors` (huggingface/safetensors, safetensors/src/tensor.rs): an 8-byte little-endian header
 * length N, N bytes of JSON padded with spaces to a multiple of 8, then the tensors' bytes back to
 * back. Tensors are laid out in the order given (the reference writer sorts by descending dtype
 * size, then name: pass them in that order to match it; with one dtype every tensor is aligned anyway).
 */
import { CoreError } from '../errors';
import { LittleEndianWriter, littleEndianCopy, utf8Encode } from './bytes';
import { DTYPES, type ResolvedTensor, type WeightData } from './tensorSpec';
import type { FormatWriter } from './weightEncoder';

/** The reader refuses headers above this (`MAX_HEADER_SIZE` in tensor.rs). */
export const SAFETENSORS_MAX_HEADER_BYTES = 100_000_000;

/** The name the format reserves for its string→string metadata. */
const METADATA_KEY = '__metadata__';

/**
 * The header JSON: `__metadata__` first (when any), then each tensor with contiguous `data_offsets`.
 * Written member by member rather than through an object, so that names such as "0" or "__proto__"
 * keep their place and meaning.
 */
export function safetensorsHeaderJson(tensors: readonly ResolvedTensor[], metadata: Readonly<Record<string, string>>): string {
  const members: string[] = [];
  const metadataKeys = Object.keys(metadata);
  if (metadataKeys.length > 0) {
    members.push(
      `${JSON.stringify(METADATA_KEY)}:{${metadataKeys.map((k) => `${JSON.stringify(k)}:${JSON.stringify(metadata[k])}`).join(',')}}`,
    );
  }
  let offset = 0;
  for (const t of tensors) {
    if (t.name === METADATA_KEY) {
      throw new CoreError('INVALID_ARGUMENT', `.safetensors: '${METADATA_KEY}' is reserved and cannot name a tensor.`);
    }
    const entry = { dtype: DTYPES[t.dtype].safetensors, shape: t.shape, data_offsets: [offset, offset + t.byteLength] };
    members.push(`${JSON.stringify(t.name)}:${JSON.stringify(entry)}`);
    offset += t.byteLength;
  }
  return `{${members.join(',')}}`;
}

export function safetensorsWriter(
  tensors: readonly ResolvedTensor[],
  metadata: Readonly<Record<string, string>>,
  maxHeaderBytes: number = SAFETENSORS_MAX_HEADER_BYTES,
): FormatWriter {
  const json = utf8Encode(safetensorsHeaderJson(tensors, metadata));
  // Spaces up to a multiple of 8 keep the data 8-byte aligned (the reference writer's padding).
  const headerLength = Math.ceil(json.length / 8) * 8;
  if (headerLength > maxHeaderBytes) {
    throw new CoreError('TOO_LARGE', `.safetensors: the header takes ${headerLength} bytes; readers accept at most ${maxHeaderBytes}.`);
  }
  const dataLength = tensors.reduce((sum, t) => sum + t.byteLength, 0);
  const byteLength = 8 + headerLength + dataLength;
  if (!Number.isSafeInteger(byteLength)) {
    throw new CoreError('TOO_LARGE', `.safetensors: ${byteLength} bytes exceed ${Number.MAX_SAFE_INTEGER}.`);
  }
  return {
    byteLength,
    begin: (out) => {
      const padded = new Uint8Array(headerLength).fill(0x20);
      padded.set(json);
      out.push(new LittleEndianWriter(8).u64(headerLength).done(), padded);
    },
    beginTensor: () => undefined,
    data: (_t, chunk: WeightData, out) => out.push(littleEndianCopy(chunk)),
    endTensor: () => undefined,
    end: () => undefined,
  };
}
