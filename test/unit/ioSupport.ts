/** Shared by the io*.test.ts files: deterministic test data, chunked encoding, the python3 + numpy checker. */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createEncoderWithLimits, type EncodeOptions, type EncoderLimits } from '../../src/core/io/encode';
import type { WeightFormat } from '../../src/core/io/formats';
import type { TensorInput, WeightData, WeightDType } from '../../src/core/io/tensorSpec';
import { ZIP_LIMITS } from '../../src/core/io/zip';
import { SAFETENSORS_MAX_HEADER_BYTES } from '../../src/core/io/safetensors';

export const FIXTURES = path.resolve(__dirname, '..', 'fixtures', 'io');
export const DEFAULT_LIMITS: EncoderLimits = { zip: ZIP_LIMITS, safetensorsMaxHeaderBytes: SAFETENSORS_MAX_HEADER_BYTES };

/** xorshift32: a fixed stream of test values, nothing more. */
function xorshift32(seed: number): () => number {
  let s = seed >>> 0 || 0x9e3779b9;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s;
  };
}

/**
 * n values of a dtype: the first few are special (NaN, ±inf, ±0, subnormals, extremes), then
 * half are random bit patterns (every exponent, NaN payloads included) and half plausible weights.
 */
export function testValues(dtype: WeightDType, n: number, seed = 1): WeightData {
  const next = xorshift32(seed);
  const uniform = () => next() / 2 ** 32;
  if (dtype === 'int32') {
    const out = new Int32Array(n);
    const specials = [0, -1, 1, 2147483647, -2147483648];
    for (let i = 0; i < n; i++) out[i] = i < specials.length ? specials[i] : next() | 0;
    return out;
  }
  if (dtype === 'float16') {
    const out = new Uint16Array(n);
    const specials = [0x7e00, 0x7c00, 0xfc00, 0x8000, 0x0000, 0x0001, 0x03ff, 0x0400, 0x7bff, 0xfbff, 0x7d01, 0x3c00, 0x3555];
    for (let i = 0; i < n; i++) {
      if (i < specials.length) out[i] = specials[i];
      else if (i % 2 === 0) out[i] = next() & 0xffff;
      else out[i] = halfOf((uniform() - 0.5) * 0.2);
    }
    return out;
  }
  const specials = [
    NaN,
    Infinity,
    -Infinity,
    -0,
    0,
    1e-45,
    -1.17549435e-38,
    3.4028234663852886e38,
    0.1,
    1 / 3,
    5e-324,
    1.7976931348623157e308,
  ];
  if (dtype === 'float32') {
    const out = new Float32Array(n);
    const bits = new Uint32Array(out.buffer);
    for (let i = 0; i < n; i++) {
      if (i < specials.length) out[i] = specials[i];
      else if (i % 2 === 0) bits[i] = next();
      else out[i] = (uniform() - 0.5) * 0.2;
    }
    return out;
  }
  const out = new Float64Array(n);
  const words = new Uint32Array(out.buffer);
  for (let i = 0; i < n; i++) {
    if (i < specials.length) out[i] = specials[i];
    else if (i % 2 === 0) {
      words[2 * i] = next();
      words[2 * i + 1] = next();
    } else out[i] = (uniform() - 0.5) * 0.2;
  }
  return out;
}

/** float16 bits of a small value by truncation: test data only needs to be some valid half. */
function halfOf(x: number): number {
  const f = new Float32Array([x]);
  const b = new Uint32Array(f.buffer)[0];
  const sign = (b >>> 16) & 0x8000;
  const exp = ((b >>> 23) & 0xff) - 127 + 15;
  if (exp <= 0) return sign;
  return sign | (exp << 10) | ((b >>> 13) & 0x3ff);
}

export function sizeOf(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

export function tensor(name: string, shape: number[], dtype: WeightDType, seed = 1): TensorInput {
  return { name, shape, dtype, data: testValues(dtype, sizeOf(shape), seed) };
}

/** Little-endian bytes of a typed array (the test machines are little-endian; asserted once). */
export function rawBytes(data: WeightData): Uint8Array {
  if (new Uint8Array(new Uint16Array([1]).buffer)[0] !== 1) throw new Error('these tests assume a little-endian machine');
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

/** Streams the tensors through an encoder, cutting each tensor's data into chunks of the given sizes (cycled). */
export function encodeInChunks(
  format: WeightFormat,
  tensors: readonly TensorInput[],
  chunkSizes: readonly number[],
  options: EncodeOptions = {},
  limits: EncoderLimits = DEFAULT_LIMITS,
): { bytes: Uint8Array; pieces: number; byteLength: number | undefined } {
  const encoder = createEncoderWithLimits(format, { ...options, tensors }, limits);
  const parts: Uint8Array[] = [encoder.header()];
  let k = 0;
  for (const t of tensors) {
    for (let at = 0; at < t.data.length;) {
      const size = Math.min(chunkSizes[k++ % chunkSizes.length], t.data.length - at);
      parts.push(encoder.encodeChunk(t.data.subarray(at, at + size)));
      at += size;
    }
  }
  parts.push(encoder.trailer());
  return { bytes: Buffer.concat(parts), pieces: parts.length, byteLength: encoder.byteLength };
}

export function tempDir(label: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `keras-init-${label}-`));
}

export function runPython(args: string[], input?: string): string {
  const r = spawnSync('python3', args, { encoding: 'utf8', input, maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`python3 ${args.join(' ')} failed: ${r.error ?? ''}${r.stderr}`);
  return r.stdout;
}

export interface WrittenFile {
  readonly path: string;
  readonly format: WeightFormat;
  readonly tensors: readonly TensorInput[];
}

export interface CheckResult {
  readonly path: string;
  readonly problems: string[];
  readonly info: Record<string, unknown>;
}

/** Has test/fixtures/io/check_files.py read each file with numpy; returns its findings per file. */
export function checkWithNumpy(dir: string, files: readonly WrittenFile[]): Map<string, CheckResult> {
  const manifest = {
    files: files.map((f, i) => ({
      path: f.path,
      format: f.format,
      tensors: f.tensors.map((t, j) => {
        const raw = path.join(dir, `expected-${i}-${j}.bin`);
        fs.writeFileSync(raw, rawBytes(t.data));
        return { name: t.name ?? `arr_${j}`, dtype: t.dtype, shape: t.shape, raw };
      }),
    })),
  };
  const manifestPath = path.join(dir, 'manifest.json');
  fs.writeFileSync(manifestPath, JSON.stringify(manifest));
  const out = JSON.parse(runPython([path.join(FIXTURES, 'check_files.py'), manifestPath])) as { results: CheckResult[] };
  return new Map(out.results.map((r) => [r.path, r]));
}
