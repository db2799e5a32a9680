import * as assert from 'node:assert/strict';
import { CoreError } from '../../src/core/errors';
import { createEncoder, encode, encodeChunks, encodeChunksAsync } from '../../src/core/io/encode';
import { formatFromFileName, WEIGHT_FORMATS, type WeightFormat } from '../../src/core/io/formats';
import type { TensorInput } from '../../src/core/io/tensorSpec';
import { encodeInChunks, tensor } from './ioSupport';

function errorOf(f: () => unknown): CoreError {
  try {
    f();
  } catch (e) {
    assert.ok(e instanceof CoreError, String(e));
    return e;
  }
  assert.fail('expected a CoreError');
}

const MULTI: TensorInput[] = [
  tensor('kernel', [301, 233], 'float32', 1), // 70133 values: crosses the 64 KiB deflate blocks
  tensor('empty', [0, 3], 'float64', 2),
  tensor('recurrent', [50, 41], 'float64', 3),
  tensor('bias', [1001], 'float16', 4),
  tensor('counts', [7], 'int32', 5),
];
const SINGLE: TensorInput[] = [tensor('w', [257, 129], 'float32', 6)];
const CHUNKINGS = [[1], [3, 7], [4093], [65537], [1, 100000], [16384]];

function inputsFor(format: WeightFormat): TensorInput[] {
  return WEIGHT_FORMATS.find((f) => f.format === format)?.multiTensor ? MULTI : SINGLE;
}

suite('io: streaming encoder', () => {
  for (const format of ['npy', 'npz', 'safetensors', 'json', 'csv'] as const) {
    for (const compress of format === 'npz' ? [false, true] : [false]) {
      test(`${format}${compress ? ' (deflated)' : ''}: header + chunks + trailer equal the one-shot bytes at awkward chunk sizes`, () => {
        const tensors = inputsFor(format);
        const options = { compress, metadata: { seed: 3, initializer: { class_name: 'HeNormal', config: { seed: 3 } } } };
        const oneShot = encode(format, tensors, options);
        for (const sizes of format === 'json' || format === 'csv' ? CHUNKINGS.slice(1) : CHUNKINGS) {
          const { bytes, byteLength } = encodeInChunks(format, tensors, sizes, options);
          assert.ok(Buffer.from(bytes).equals(Buffer.from(oneShot)), `chunks of ${sizes.join('/')}`);
          if (byteLength !== undefined) assert.equal(byteLength, oneShot.length, 'byteLength announced up front');
        }
      });
    }
  }

  test('byteLength is known up front for npy, stored npz and safetensors, not for deflated npz, json, csv', () => {
    const known = (format: WeightFormat, compress = false) =>
      createEncoder(format, { tensors: inputsFor(format), compress }).byteLength !== undefined;
    assert.deepEqual(
      [known('npy'), known('npz'), known('npz', true), known('safetensors'), known('json'), known('csv')],
      [true, true, false, true, false, false],
    );
  });

  test('progress: totalValues, valuesWritten and currentTensor follow the data, skipping empty tensors', () => {
    const enc = createEncoder('npz', {
      tensors: [
        { name: 'a', shape: [2], dtype: 'float32' },
        { name: 'e', shape: [0], dtype: 'float32' },
        { name: 'b', shape: [3], dtype: 'float64' },
      ],
    });
    assert.equal(enc.totalValues, 5);
    assert.equal(enc.currentTensor, undefined, 'nothing is expected before header()');
    enc.header();
    assert.equal(enc.currentTensor, 'a');
    enc.encodeChunk(new Float32Array(2));
    assert.equal(enc.currentTensor, 'b');
    assert.equal(enc.valuesWritten, 2);
    enc.encodeChunk(new Float64Array(3));
    assert.equal(enc.currentTensor, undefined);
    assert.equal(enc.valuesWritten, 5);
    enc.trailer();
  });

  test('encoded chunks are copies: refilling the chunk buffer does not change bytes already returned', () => {
    const enc = createEncoder('npy', { tensors: [{ shape: [4], dtype: 'float32' }] });
    enc.header();
    const buffer = new Float32Array([1, 2]);
    const first = enc.encodeChunk(buffer);
    buffer.set([3, 4]);
    const second = enc.encodeChunk(buffer);
    assert.deepEqual(new Float32Array(first.slice().buffer), new Float32Array([1, 2]));
    assert.deepEqual(new Float32Array(second.slice().buffer), new Float32Array([3, 4]));
  });

  test('misuse is refused with a message naming what is wrong', () => {
    const make = () =>
      createEncoder('npz', {
        tensors: [
          { name: 'k', shape: [4], dtype: 'float32' },
          { name: 'b', shape: [2], dtype: 'float16' },
        ],
      });
    assert.match(errorOf(() => make().encodeChunk(new Float32Array(1))).message, /call header\(\) before/);
    const a = make();
    a.header();
    assert.match(errorOf(() => a.header()).message, /already called/);
    const wrongType = errorOf(() => a.encodeChunk(new Float64Array(1)));
    assert.equal(wrongType.code, 'INVALID_DTYPE');
    assert.match(wrongType.message, /tensor 'k' \(float32\) must be a Float32Array, got Float64Array/);
    assert.match(errorOf(() => a.encodeChunk(new Float32Array(5))).message, /'k' expects 4 more values, got a chunk of 5/);
    a.encodeChunk(new Float32Array(3));
    assert.match(errorOf(() => a.trailer()).message, /tensor 'k' still expects 1 of its 4 values/);
    a.encodeChunk(new Float32Array(1));
    assert.match(errorOf(() => a.encodeChunk(new Float32Array(1))).message, /must be a Uint16Array of float16 bit patterns/);
    a.encodeChunk(new Uint16Array(2));
    assert.match(errorOf(() => a.encodeChunk(new Uint16Array(1))).message, /no more chunks are expected/);
    a.trailer();
    assert.match(errorOf(() => a.trailer()).message, /already called/);
    assert.match(errorOf(() => a.encodeChunk(new Uint16Array(1))).message, /after trailer/);
  });

  test('invalid files are refused before any byte is written', () => {
    const f32 = { shape: [2], dtype: 'float32' as const };
    assert.equal(errorOf(() => createEncoder('npy', { tensors: [f32, f32] })).code, 'UNSUPPORTED');
    assert.match(errorOf(() => createEncoder('csv', { tensors: [] })).message, /exactly one tensor, got 0/);
    assert.equal(errorOf(() => createEncoder('npy', { tensors: [f32], compress: true })).code, 'UNSUPPORTED');
    assert.equal(errorOf(() => createEncoder('xlsx' as WeightFormat, { tensors: [f32] })).code, 'UNSUPPORTED');
    assert.match(
      errorOf(() => createEncoder('xlsx' as WeightFormat, { tensors: [f32] })).message,
      /supported: npy, npz, safetensors, json, csv/,
    );
    assert.equal(errorOf(() => createEncoder('npy', { tensors: [{ shape: [2, -1], dtype: 'float32' }] })).code, 'INVALID_SHAPE');
    assert.equal(errorOf(() => createEncoder('npy', { tensors: [{ shape: [1.5], dtype: 'float32' }] })).code, 'INVALID_SHAPE');
    assert.equal(errorOf(() => createEncoder('npy', { tensors: [{ shape: [2], dtype: 'bfloat16' as 'float32' }] })).code, 'INVALID_DTYPE');
    assert.equal(errorOf(() => createEncoder('npy', { tensors: [f32], metadata: { seed: 1.5 } })).code, 'INVALID_SEED');
    assert.equal(errorOf(() => createEncoder('npz', { tensors: [f32], compress: true, compressionLevel: 12 })).code, 'INVALID_ARGUMENT');
    assert.equal(errorOf(() => createEncoder('npz', { tensors: [{ ...f32, name: '' }] })).code, 'INVALID_ARGUMENT');
    assert.equal(errorOf(() => encode('npy', [{ ...f32, data: new Float32Array(3) }])).code, 'INVALID_ARGUMENT');
    const huge = errorOf(() => createEncoder('npy', { tensors: [{ shape: [2 ** 30, 2 ** 30, 2 ** 30], dtype: 'float32' }] }));
    assert.equal(huge.code, 'TOO_LARGE');
    const bytesTooMany = errorOf(() =>
      createEncoder('safetensors', { tensors: [{ name: 'x', shape: [2 ** 26, 2 ** 26], dtype: 'float64' }] }),
    );
    assert.equal(bytesTooMany.code, 'TOO_LARGE');
  });

  test('encodeChunks and encodeChunksAsync yield the same bytes as encode', async () => {
    const [t] = SINGLE;
    const chunks = () => [t.data.subarray(0, 1000), t.data.subarray(1000, 1000), t.data.subarray(1000)];
    const options = { tensors: [{ name: t.name, shape: t.shape, dtype: t.dtype }] };
    const expected = Buffer.from(encode('npz', [t], { compress: true }));
    assert.ok(Buffer.concat([...encodeChunks('npz', { ...options, compress: true }, chunks())]).equals(expected));
    async function* source() {
      for (const c of chunks()) yield c;
    }
    const pieces: Uint8Array[] = [];
    for await (const piece of encodeChunksAsync('npz', { ...options, compress: true }, source())) pieces.push(piece);
    assert.ok(Buffer.concat(pieces).equals(expected));
  });

  test('a 10000×10000 float32 tensor streams in pieces no larger than its chunks', () => {
    const enc = createEncoder('npy', { tensors: [{ shape: [10000, 10000], dtype: 'float32' }] });
    const chunk = new Float32Array(1 << 20).fill(0.25);
    let total = enc.header().length;
    let largest = 0;
    for (let left = 1e8; left > 0; left -= chunk.length) {
      const piece = enc.encodeChunk(left >= chunk.length ? chunk : chunk.subarray(0, left));
      largest = Math.max(largest, piece.length);
      total += piece.length;
    }
    total += enc.trailer().length;
    assert.equal(total, enc.byteLength);
    assert.equal(total, 128 + 4e8);
    assert.equal(largest, chunk.byteLength);
  });

  test('formatFromFileName picks the format by extension', () => {
    assert.equal(formatFromFileName('kernel.npy'), 'npy');
    assert.equal(formatFromFileName('C:\\weights\\LSTM.NPZ'), 'npz');
    assert.equal(formatFromFileName('/tmp/model.safetensors'), 'safetensors');
    assert.equal(formatFromFileName('w.json'), 'json');
    assert.equal(formatFromFileName('dir.v2/w.csv'), 'csv');
    assert.equal(formatFromFileName('model.weights.h5'), undefined);
    assert.equal(formatFromFileName('.npy'), undefined);
    assert.equal(formatFromFileName('npy'), undefined);
    assert.equal(formatFromFileName('archive.npy.gz'), undefined);
    for (const info of WEIGHT_FORMATS) {
      for (const ext of info.extensions) assert.equal(formatFromFileName(`x${ext}`), info.format);
    }
    assert.deepEqual(
      WEIGHT_FORMATS.map((f) => f.format),
      ['npy', 'npz', 'safetensors', 'json', 'csv'],
    );
  });
});
