import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { encode } from '../../src/core/io/encode';
import { npyHeader, pythonTuple } from '../../src/core/io/npy';
import type { WeightData, WeightDType } from '../../src/core/io/tensorSpec';
import { checkWithNumpy, FIXTURES, sizeOf, tempDir, tensor, type WrittenFile } from './ioSupport';
import { requirePython } from './pythonRequirement';

interface HeaderFixture {
  label: string;
  shape_rule: { rank: number; start?: number };
  descr: string;
  version: [number, number];
  length: number;
  sha256: string;
  head_hex: string;
  tail_hex: string;
}

const fixtures = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'npy-headers.json'), 'utf8')) as {
  numpy: string;
  arrays: { name: string; shape: number[]; descr: string }[];
  headers: HeaderFixture[];
};

const DTYPE_OF_DESCR: Record<string, WeightDType> = { '<f2': 'float16', '<f4': 'float32', '<f8': 'float64', '<i4': 'int32' };

/** A typed array over the last bytes of a file: numpy.save puts the data last. */
function dataOf(file: Uint8Array, dtype: WeightDType, size: number): WeightData {
  const itemSize = dtype === 'float16' ? 2 : dtype === 'float64' ? 8 : 4;
  const bytes = file.slice(file.length - size * itemSize);
  switch (dtype) {
    case 'float16':
      return new Uint16Array(bytes.buffer);
    case 'float32':
      return new Float32Array(bytes.buffer);
    case 'float64':
      return new Float64Array(bytes.buffer);
    case 'int32':
      return new Int32Array(bytes.buffer);
  }
}

suite('io: .npy', () => {
  test('shape tuples are spelled as Python repr spells them', () => {
    assert.equal(pythonTuple([]), '()');
    assert.equal(pythonTuple([5]), '(5,)');
    assert.equal(pythonTuple([3, 4]), '(3, 4)');
    assert.equal(pythonTuple([0]), '(0,)');
  });

  for (const a of fixtures.arrays) {
    const shapeText = a.shape.length > 4 ? `rank ${a.shape.length}` : `shape (${a.shape.join(', ')})`;
    test(`byte-identical to numpy.save: ${a.name}, ${shapeText}, ${a.descr}`, () => {
      const expected = new Uint8Array(fs.readFileSync(path.join(FIXTURES, 'npy', `${a.name}.npy`)));
      const dtype = DTYPE_OF_DESCR[a.descr];
      const data = dataOf(expected, dtype, sizeOf(a.shape));
      const ours = encode('npy', [{ shape: a.shape, dtype, data }]);
      assert.equal(ours.length, expected.length, 'file length');
      assert.deepEqual(Buffer.from(ours), Buffer.from(expected));
      // numpy's alignment rule: the data starts on a 64-byte boundary.
      assert.equal((expected.length - data.byteLength) % 64, 0);
    });
  }

  for (const h of fixtures.headers) {
    test(`header byte-identical to numpy's writer: ${h.label} (rank ${h.shape_rule.rank}, ${h.descr})`, () => {
      const { rank, start } = h.shape_rule;
      const shape = Array.from({ length: rank }, (_, i) => (start === undefined ? 1 : start + i));
      const ours = npyHeader(shape, DTYPE_OF_DESCR[h.descr]);
      assert.deepEqual([ours[6], ours[7]], h.version, 'format version');
      assert.equal(ours.length, h.length, 'header length');
      assert.equal(Buffer.from(ours.subarray(0, 64)).toString('hex'), h.head_hex);
      assert.equal(Buffer.from(ours.subarray(ours.length - 64)).toString('hex'), h.tail_hex);
      assert.equal(createHash('sha256').update(ours).digest('hex'), h.sha256);
    });
  }

  test('the fixtures cover both sides of the format 1.0 / 2.0 boundary', () => {
    const versions = fixtures.headers.map((h) => h.version[0]);
    assert.ok(versions.includes(1) && versions.includes(2));
    const last1 = fixtures.headers.find((h) => h.label === 'last rank with format 1.0');
    const first2 = fixtures.headers.find((h) => h.label === 'first rank with format 2.0');
    assert.equal(first2?.shape_rule.rank, (last1?.shape_rule.rank ?? 0) + 1);
  });

  test('numpy.load reads every file bit for bit (dtype, shape, C order), and numpy.save writes the same bytes', function () {
    requirePython(this, 'numpy');
    const dir = tempDir('npy');
    const cases: [number[], WeightDType][] = [
      [[], 'float32'],
      [[5], 'float64'],
      [[3, 4], 'float32'],
      [[2, 3, 4], 'float16'],
      [[0], 'float32'],
      [[4, 0, 3], 'float64'],
      [[7, 13], 'float16'],
      [[1000], 'float32'],
      [[2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1], 'float64'],
      [[17, 3], 'int32'],
      [Array.from({ length: 64 }, (_, i) => (i % 20 === 0 ? 2 : 1)), 'float32'],
    ];
    const files: WrittenFile[] = cases.map(([shape, dtype], i) => {
      const t = tensor('x', shape, dtype, 100 + i);
      const file = path.join(dir, `case${i}.npy`);
      fs.writeFileSync(file, encode('npy', [t]));
      return { path: file, format: 'npy', tensors: [t] };
    });
    const results = checkWithNumpy(dir, files);
    for (const f of files) assert.deepEqual(results.get(f.path)?.problems, [], `${f.path} shape [${f.tensors[0].shape.join(', ')}]`);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
