/** Shared readers for the numpy known-answer vectors in test/fixtures/numpy-rng (made by scripts/make-rng-fixtures.py). */
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const FIXTURE_DIR = path.resolve(__dirname, '..', 'fixtures', 'numpy-rng');

export function readFixture<T>(name: string): T {
  return JSON.parse(fs.readFileSync(path.join(FIXTURE_DIR, name), 'utf8')) as T;
}

export interface Stream {
  count: number;
  sha256: string;
  prefix: string[];
}

export interface SeedCase {
  entropy: number[];
  pool: number[];
  generateState8: number[];
  pcg64Seeded: { state: string; inc: string };
  raw: Stream;
  stateAfterRaw: { state: string; inc: string };
  rawAfterState: string[];
  random: Stream;
  standardNormal: Stream;
  normal: Stream & { loc: number; scale: number; float32Sha256: string; float16Sha256: string };
  uniform: Stream & { low: number; high: number; float32Sha256: string; float16Sha256: string };
  truncatedNormal: (Stream & { mean: number; stddev: number; float32Sha256: string; float16Sha256: string })[];
  seedGenerator: { entropy: number[]; generateState8: number[]; standardNormal: Stream }[];
}

export interface Vectors {
  numpy: string;
  cases: SeedCase[];
  seedSequenceExtra: { entropy: number[]; generateState8: number[] }[];
  longStandardNormal: Stream & { entropy: number[]; tailValues: number };
}

/** sha256 of a typed array's bytes in little-endian order, as numpy's `astype('<f8').tobytes()`. */
export function sha256(data: ArrayBufferView): string {
  assert.equal(os.endianness(), 'LE', 'the fixture hashes are of little-endian bytes');
  return createHash('sha256')
    .update(new Uint8Array(data.buffer, data.byteOffset, data.byteLength))
    .digest('hex');
}

const view = new DataView(new ArrayBuffer(8));

/** The IEEE bit pattern of a double as 16 hex digits. */
export function hex64(x: number): string {
  view.setFloat64(0, x);
  return view.getUint32(0).toString(16).padStart(8, '0') + view.getUint32(4).toString(16).padStart(8, '0');
}

/** The double whose bit pattern is the given 16 hex digits. */
export function fromHex64(h: string): number {
  view.setUint32(0, parseInt(h.slice(0, 8), 16));
  view.setUint32(4, parseInt(h.slice(8), 16));
  return view.getFloat64(0);
}

/** uint32 words (least significant first) as one hex number of 8 digits per word. */
export function wordsToHex(words: readonly number[]): string {
  return words
    .map((w) => w.toString(16).padStart(8, '0'))
    .reverse()
    .join('');
}

/** Asserts a double stream against a fixture: the prefix value by value (readable diffs), then the hash. */
export function assertStream(actual: Float64Array, expected: Stream, label: string): void {
  assert.equal(actual.length, expected.count, `${label}: length`);
  assert.deepEqual(Array.from(actual.subarray(0, expected.prefix.length), hex64), expected.prefix, `${label}: first values`);
  assert.equal(sha256(actual), expected.sha256, `${label}: sha256 of all ${expected.count} float64 values`);
}
