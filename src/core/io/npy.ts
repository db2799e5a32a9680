/**
 * `.npy` (NumPy format 1.0/2.0), byte-identical to `numpy.save` for a C-contiguous little-endian
 * array. Rules from numpy/lib/_format_impl.py (`_write_array_header`, `_wrap_header`).
 */
import { CoreError } from '../errors';
import { littleEndianCopy, utf8Encode } from './bytes';
import { DTYPES, type ResolvedTensor, type WeightData, type WeightDType } from './tensorSpec';
import type { FormatWriter } from './weightEncoder';

/** numpy's ARRAY_ALIGN: the data starts on a 64-byte boundary. */
const ARRAY_ALIGN = 64;
/** numpy's GROWTH_AXIS_MAX_DIGITS: spare spaces so the first dimension can grow in place. */
const GROWTH_AXIS_MAX_DIGITS = 21;
/** `\x93NUMPY`. */
const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59];

/** Python's `repr` of a tuple of ints: `()`, `(5,)`, `(3, 4)`. */
export function pythonTuple(shape: readonly number[]): string {
  if (shape.length === 1) return `(${shape[0]},)`;
  return `(${shape.join(', ')})`;
}

/**
 * The header (magic, version, length, dict, padding) numpy writes before the data of a C-order
 * array: version 1.0 unless the padded header exceeds 65535 bytes (then 2.0, a u32 length).
 */
export function npyHeader(shape: readonly number[], dtype: WeightDType): Uint8Array {
  // Keys sorted as numpy writes them, each followed by ", ", then the growth-axis padding for axis 0.
  let dict = `{'descr': '${DTYPES[dtype].npyDescr}', 'fortran_order': False, 'shape': ${pythonTuple(shape)}, }`;
  if (shape.length > 0) dict += ' '.repeat(Math.max(0, GROWTH_AXIS_MAX_DIGITS - String(shape[0]).length));
  // The dict is ASCII, so latin1 (v1, v2) and UTF-8 agree.
  const text = utf8Encode(dict);
  const hlen = text.length + 1; // + the final '\n'
  for (const [major, lengthBytes, maxLength] of [
    [1, 2, 0xffff],
    [2, 4, 0xffff_ffff],
  ] as const) {
    // _wrap_header: padlen = ARRAY_ALIGN - ((MAGIC_LEN + len(length field) + hlen) % ARRAY_ALIGN), always ≥ 1.
    const padlen = ARRAY_ALIGN - ((MAGIC.length + 2 + lengthBytes + hlen) % ARRAY_ALIGN);
    const headerLength = hlen + padlen;
    if (headerLength > maxLength) continue;
    const out = new Uint8Array(MAGIC.length + 2 + lengthBytes + headerLength);
    out.set(MAGIC, 0);
    out[6] = major;
    out[7] = 0;
    const view = new DataView(out.buffer);
    if (lengthBytes === 2) view.setUint16(8, headerLength, true);
    else view.setUint32(8, headerLength, true);
    const start = 8 + lengthBytes;
    out.set(text, start);
    out.fill(0x20, start + text.length, out.length - 1);
    out[out.length - 1] = 0x0a;
    return out;
  }
  throw new CoreError('TOO_LARGE', `.npy: the header of shape rank ${shape.length} exceeds 4 GiB.`);
}

/** The `.npy` writer: the header, then the raw little-endian values. */
export function npyWriter(tensor: ResolvedTensor): FormatWriter {
  const header = npyHeader(tensor.shape, tensor.dtype);
  const byteLength = header.length + tensor.byteLength;
  if (!Number.isSafeInteger(byteLength)) throw new CoreError('TOO_LARGE', `.npy: ${byteLength} bytes exceed ${Number.MAX_SAFE_INTEGER}.`);
  return {
    byteLength,
    begin: () => undefined,
    beginTensor: (_t, out) => out.push(header),
    data: (_t, chunk: WeightData, out) => out.push(littleEndianCopy(chunk)),
    endTensor: () => undefined,
    end: () => undefined,
  };
}
