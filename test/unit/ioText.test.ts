import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CoreError } from '../../src/core/errors';
import { createEncoder, encode } from '../../src/core/io/encode';
import { formatFloat } from '../../src/core/io/floatText';
import type { TensorInput, WeightDType } from '../../src/core/io/tensorSpec';
import { TEXT_FORMAT_MAX_VALUES } from '../../src/core/io/textLimits';
import { float16BitsToNumber, toFloat16Bits } from '../../src/core/random/casts';
import { checkWithNumpy, encodeInChunks, FIXTURES, runPython, tempDir, tensor, testValues, type WrittenFile } from './ioSupport';
import { requirePython } from './pythonRequirement';

/** Asks numpy whether each text is the shortest round-trip decimal of its value. */
function numpyShortest(dtype: string, pairs: [number | string, string][]): { checked: number; mismatches: string[]; count: number } {
  return JSON.parse(runPython([path.join(FIXTURES, 'check_shortest.py'), dtype], JSON.stringify(pairs)));
}

function float32Sample(): Float32Array {
  const values: number[] = [];
  for (let e = -149; e <= 127; e++) {
    // Powers of two, where the gap below is half the gap above, and their neighbours.
    const p = Math.fround(2 ** e);
    const f = new Float32Array([p]);
    const u = new Uint32Array(f.buffer);
    values.push(p);
    u[0] += 1;
    values.push(f[0]);
    u[0] -= 2;
    if (e > -149) values.push(f[0]);
  }
  for (let k = 1; k < 8000; k++) values.push(Math.fround(k / 1000), Math.fround(k * 1e-7), Math.fround(k * 1234.5));
  const random = testValues('float32', 40000, 11) as Float32Array;
  return Float32Array.from([...values, ...random].flatMap((v) => [v, -v]));
}

function lines(bytes: Uint8Array): string[] {
  return Buffer.from(bytes).toString('utf8').split('\n');
}

suite('io: .json and .csv text', () => {
  test('every float16 value prints as a decimal that reads back to the same bits', () => {
    for (let bits = 0; bits < 0x10000; bits++) {
      const value = float16BitsToNumber(bits);
      const text = formatFloat(value, 'float16');
      if (Number.isNaN(value)) assert.equal(text, 'nan');
      else if (Object.is(value, -0)) assert.equal(text, '-0.0');
      else if (!Number.isFinite(value)) assert.equal(text, value > 0 ? 'inf' : '-inf');
      else {
        assert.equal(toFloat16Bits(Number.parseFloat(text)), bits, `0x${bits.toString(16)} → ${text}`);
        if (value !== 0) assert.equal(text, String(Number(text)), 'spelled as JavaScript spells that decimal');
      }
    }
  });

  test('float32 values (powers of two and neighbours, decimals, random bits) read back through parseFloat + Math.fround', () => {
    for (const v of float32Sample()) {
      const text = formatFloat(v, 'float32');
      if (!Number.isFinite(v) || v === 0) continue;
      assert.ok(Object.is(Math.fround(Number.parseFloat(text)), v), `${v} → ${text}`);
      assert.equal(text, String(Number(text)), 'spelled as JavaScript spells that decimal');
    }
    assert.equal(formatFloat(Math.fround(0.1), 'float32'), '0.1');
    assert.equal(formatFloat(Math.fround(1 / 3), 'float32'), '0.33333334');
    assert.equal(formatFloat(Math.fround(1e-7), 'float32'), '1e-7');
    assert.equal(formatFloat(3.4028234663852886e38, 'float32'), '3.4028235e+38');
    assert.equal(formatFloat(1.401298464324817e-45, 'float32'), '1e-45');
    assert.equal(formatFloat(-0, 'float64'), '-0.0');
    assert.equal(formatFloat(0, 'float32'), '0');
  });

  test("the digits are as short as numpy's shortest repr, for all float16 and a float32 sample", function () {
    requirePython(this, 'numpy');
    const halves: [number, string][] = [];
    for (let bits = 0; bits < 0x10000; bits++) halves.push([bits, formatFloat(float16BitsToNumber(bits), 'float16')]);
    const h = numpyShortest('float16', halves);
    assert.deepEqual(h.mismatches, [], `${h.count} of ${h.checked} float16 values`);
    assert.equal(h.checked, 63488, 'every finite half was checked');
    const sample = float32Sample();
    const bits = new Uint32Array(sample.buffer);
    const f = numpyShortest(
      'float32',
      Array.from(sample, (v, i) => [bits[i], formatFloat(v, 'float32')]),
    );
    assert.deepEqual(f.mismatches, [], `${f.count} of ${f.checked} float32 values`);
    const doubles = testValues('float64', 20000, 12) as Float64Array;
    const words = new Uint32Array(doubles.buffer);
    const hex = (i: number) => words[2 * i + 1].toString(16).padStart(8, '0') + words[2 * i].toString(16).padStart(8, '0');
    const d = numpyShortest(
      'float64',
      Array.from(doubles, (v, i) => [hex(i), formatFloat(v, 'float64')]),
    );
    assert.deepEqual(d.mismatches, [], `${d.count} of ${d.checked} float64 values`);
  });

  test('JSON layout: shape, dtype, initializer, seed, data; non-finite values as "nan", "inf", "-inf"', () => {
    const data = new Float32Array([1.5, NaN, Infinity, -Infinity, -0, Math.fround(0.1)]);
    const bytes = encode('json', [{ shape: [2, 3], dtype: 'float32', data }], {
      metadata: { initializer: { class_name: 'Constant', config: { value: 1.5 } }, seed: null },
    });
    const doc = JSON.parse(Buffer.from(bytes).toString('utf8'));
    assert.deepEqual(Object.keys(doc), ['shape', 'dtype', 'initializer', 'seed', 'data']);
    assert.deepEqual(doc, {
      shape: [2, 3],
      dtype: 'float32',
      initializer: { class_name: 'Constant', config: { value: 1.5 } },
      seed: null,
      data: [1.5, 'nan', 'inf', '-inf', -0, 0.1],
    });
    assert.ok(Object.is(doc.data[4], -0), 'negative zero survives');
    const withExtra = JSON.parse(
      Buffer.from(encode('json', [tensor('t', [1], 'float64')], { metadata: { extra: { note: 'n' } } })).toString('utf8'),
    );
    assert.deepEqual(Object.keys(withExtra), ['shape', 'dtype', 'initializer', 'seed', 'metadata', 'data']);
    const own = JSON.parse(
      Buffer.from(encode('json', [{ ...tensor('t', [1], 'float64'), seed: 5 }], { metadata: { seed: 1 } })).toString('utf8'),
    );
    assert.equal(own.seed, 5, "a tensor's own seed wins over the file's");
  });

  test('CSV layout: # lines, then rows; rank 0 one line, rank 1 one value per line, rank 3 flattened', () => {
    const scalar = lines(encode('csv', [{ shape: [], dtype: 'float64', data: new Float64Array([2.5]) }]));
    assert.deepEqual(scalar, [
      '# shape: []',
      '# dtype: float64',
      '# layout: 1 rows x 1 columns, C order; reshape to the shape above',
      '2.5',
      '',
    ]);
    const vector = lines(encode('csv', [{ shape: [3], dtype: 'float32', data: new Float32Array([1, NaN, -Infinity]) }]));
    assert.deepEqual(vector.slice(3), ['1', 'nan', '-inf', '']);
    const cube = lines(
      encode('csv', [{ shape: [2, 2, 3], dtype: 'int32', data: Int32Array.from({ length: 12 }, (_, i) => i - 6) }], {
        metadata: { seed: 9, extra: { note: 'two\nlines' } },
      }),
    );
    assert.deepEqual(cube, [
      '# shape: [2, 2, 3]',
      '# dtype: int32',
      '# layout: 4 rows x 3 columns, C order; reshape to the shape above',
      '# seed: 9',
      '# note: "two\\nlines"',
      '-6,-5,-4',
      '-3,-2,-1',
      '0,1,2',
      '3,4,5',
      '',
    ]);
    const empty = lines(encode('csv', [{ shape: [3, 0], dtype: 'float32', data: new Float32Array(0) }]));
    assert.equal(empty.length, 4, 'a zero-size tensor has only its # lines');
  });

  test('numpy reads the JSON (json + float) and the CSV (loadtxt) back to the same values, for every dtype and rank', function () {
    requirePython(this, 'numpy');
    const dir = tempDir('text');
    const shapes = [[], [5], [3, 4], [2, 3, 4], [0], [1, 1], [1, 7], [300, 41]];
    const dtypes: WeightDType[] = ['float16', 'float32', 'float64', 'int32'];
    const files: WrittenFile[] = [];
    let k = 0;
    for (const dtype of dtypes) {
      for (const shape of shapes) {
        const tensors: TensorInput[] = [tensor('t', shape, dtype, 40 + k++)];
        for (const format of ['json', 'csv'] as const) {
          const file = path.join(dir, `${dtype}-${shape.join('x') || 'scalar'}.${format}`);
          fs.writeFileSync(file, encodeInChunks(format, tensors, [5, 3]).bytes);
          files.push({ path: file, format, tensors });
        }
      }
    }
    const results = checkWithNumpy(dir, files);
    for (const f of files) assert.deepEqual(results.get(f.path)?.problems, [], f.path);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test(`JSON and CSV refuse more than TEXT_FORMAT_MAX_VALUES (${TEXT_FORMAT_MAX_VALUES}) values, naming the limit`, () => {
    for (const format of ['json', 'csv'] as const) {
      assert.doesNotThrow(() => createEncoder(format, { tensors: [{ shape: [TEXT_FORMAT_MAX_VALUES], dtype: 'float32' }] }));
      try {
        createEncoder(format, { tensors: [{ shape: [10000, 5001], dtype: 'float32' }] });
        assert.fail('expected TOO_LARGE');
      } catch (e) {
        assert.ok(e instanceof CoreError);
        assert.equal(e.code, 'TOO_LARGE');
        assert.match(e.message, /50000000/);
        assert.match(e.message, /TEXT_FORMAT_MAX_VALUES/);
      }
    }
    assert.doesNotThrow(
      () => createEncoder('npy', { tensors: [{ shape: [10000, 5001], dtype: 'float32' }] }),
      'binary formats have no such limit',
    );
  });
});
