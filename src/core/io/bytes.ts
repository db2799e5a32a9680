/** Byte-level helpers shared by the encoders: little-endian fields, UTF-8, concatenation. */
import type { WeightData } from './tensorSpec';

/** Every format here stores little-endian data; typed arrays use the platform's order. */
export const PLATFORM_IS_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

const TWO_POW_32 = 0x1_0000_0000;

/** Joins byte arrays into one (returns the single part itself when there is only one). */
export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0];
  let total = 0;
  for (const p of parts) total += p.length;
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/**
 * UTF-8 bytes of a string (WHATWG encode: a lone surrogate becomes U+FFFD), written here because
 * the core has no TextEncoder in its ES2022 library. ASCII text, the bulk of JSON and CSV, takes
 * the first loop only.
 */
export function utf8Encode(text: string): Uint8Array {
  const n = text.length;
  let i = 0;
  while (i < n && text.charCodeAt(i) < 0x80) i++;
  if (i === n) {
    const ascii = new Uint8Array(n);
    for (let k = 0; k < n; k++) ascii[k] = text.charCodeAt(k);
    return ascii;
  }
  const out = new Uint8Array(i + (n - i) * 3);
  for (let k = 0; k < i; k++) out[k] = text.charCodeAt(k);
  let at = i;
  for (; i < n; i++) {
    let c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdfff) {
      const next = i + 1 < n ? text.charCodeAt(i + 1) : 0;
      if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (next - 0xdc00);
        i++;
      } else {
        c = 0xfffd;
      }
    }
    if (c < 0x80) {
      out[at++] = c;
    } else if (c < 0x800) {
      out[at++] = 0xc0 | (c >> 6);
      out[at++] = 0x80 | (c & 0x3f);
    } else if (c < 0x10000) {
      out[at++] = 0xe0 | (c >> 12);
      out[at++] = 0x80 | ((c >> 6) & 0x3f);
      out[at++] = 0x80 | (c & 0x3f);
    } else {
      out[at++] = 0xf0 | (c >> 18);
      out[at++] = 0x80 | ((c >> 12) & 0x3f);
      out[at++] = 0x80 | ((c >> 6) & 0x3f);
      out[at++] = 0x80 | (c & 0x3f);
    }
  }
  return out.subarray(0, at);
}

/**
 * The little-endian bytes of a chunk, as a fresh copy: the caller may refill its buffer as soon as
 * this returns, while the bytes are still queued for an asynchronous write.
 */
export function littleEndianCopy(chunk: WeightData): Uint8Array {
  const bytes = new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength).slice();
  if (!PLATFORM_IS_LITTLE_ENDIAN) {
    const size = chunk.BYTES_PER_ELEMENT;
    for (let i = 0; i < bytes.length; i += size) bytes.subarray(i, i + size).reverse();
  }
  return bytes;
}

/** Fixed-size little-endian record builder (ZIP and safetensors headers). */
export class LittleEndianWriter {
  readonly bytes: Uint8Array;
  private readonly view: DataView;
  private at = 0;

  constructor(size: number) {
    this.bytes = new Uint8Array(size);
    this.view = new DataView(this.bytes.buffer);
  }

  u16(value: number): this {
    this.view.setUint16(this.at, value, true);
    this.at += 2;
    return this;
  }

  u32(value: number): this {
    this.view.setUint32(this.at, value, true);
    this.at += 4;
    return this;
  }

  /** A u64 from a safe integer, as two 32-bit halves (no BigInt on this path). */
  u64(value: number): this {
    this.view.setUint32(this.at, value % TWO_POW_32, true);
    this.view.setUint32(this.at + 4, Math.floor(value / TWO_POW_32), true);
    this.at += 8;
    return this;
  }

  raw(data: Uint8Array): this {
    this.bytes.set(data, this.at);
    this.at += data.length;
    return this;
  }

  /** The record, checking that every byte was written (a wrong size is a bug in the caller). */
  done(): Uint8Array {
    if (this.at !== this.bytes.length) throw new Error(`record size mismatch: wrote ${this.at} of ${this.bytes.length} bytes`);
    return this.bytes;
  }
}
