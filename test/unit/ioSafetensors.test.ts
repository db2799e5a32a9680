import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CoreError } from '../../src/core/errors';
import { createEncoder, encode } from '../../src/core/io/encode';
import type { TensorInput } from '../../src/core/io/tensorSpec';
import { checkWithNumpy, DEFAULT_LIMITS, encodeInChunks, rawBytes, tempDir, tensor } from './ioSupport';
import { requirePython } from './pythonRequirement';

function errorOf(f: () => unknown): CoreError {
  try {
    f();
  } catch (e) {
    assert.ok(e instanceof CoreError, String(e));
    return e;
  }
  assert.fail('expected a CoreError');
}

const ITEM_SIZE: Record<string, number> = { F16: 2, F32: 4, F64: 8, I32: 4 };

/** Reads a file by the rules of safetensors/src/tensor.rs and returns its parts; throws on any violation. */
function readSafetensors(bytes: Uint8Array): {
  n: number;
  headerText: string;
  header: Record<string, { dtype: string; shape: number[]; data_offsets: [number, number] }>;
  metadata?: Record<string, string>;
  buffer: Buffer;
} {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = Number(b.readBigUInt64LE(0));
  assert.ok(n <= 100_000_000, 'header at most 100,000,000 bytes');
  assert.equal(n % 8, 0, 'header padded to a multiple of 8');
  const headerText = b.subarray(8, 8 + n).toString('utf8');
  assert.equal(headerText[0], '{', 'header starts with {');
  const json = headerText.replace(/ +$/, '');
  assert.ok(n - Buffer.byteLength(json) < 8, 'at most 7 padding bytes, all spaces');
  const parsed = JSON.parse(json) as Record<string, unknown>;
  const keys = [...json.matchAll(/"((?:[^"\\]|\\.)*)":\{"dtype"/g)].map((m) => JSON.parse(`"${m[1]}"`) as string);
  assert.equal(new Set(keys).size, keys.length, 'no duplicate tensor names');
  const { __metadata__: metadata, ...header } = parsed as { __metadata__?: Record<string, string> } & Record<string, never>;
  if (metadata !== undefined) {
    for (const [k, v] of Object.entries(metadata)) assert.equal(typeof v, 'string', `__metadata__.${k} is a string`);
  }
  const buffer = b.subarray(8 + n);
  const spans = Object.entries(header as Record<string, { dtype: string; shape: number[]; data_offsets: [number, number] }>).sort(
    (x, y) => x[1].data_offsets[0] - y[1].data_offsets[0],
  );
  let end = 0;
  for (const [name, info] of spans) {
    assert.equal(info.data_offsets[0], end, `${name}: contiguous offsets`);
    assert.equal(
      info.data_offsets[1] - info.data_offsets[0],
      info.shape.reduce((a, d) => a * d, 1) * ITEM_SIZE[info.dtype],
      `${name}: span matches shape × dtype size`,
    );
    end = info.data_offsets[1];
  }
  assert.equal(end, buffer.length, 'no trailing bytes');
  return { n, headerText, header, metadata, buffer };
}

function layer(): TensorInput[] {
  return [
    { ...tensor('kernel', [5, 12], 'float32', 1), initializer: { class_name: 'GlorotUniform', config: { seed: 3 } }, seed: 3 },
    {
      ...tensor('recurrent_kernel', [3, 12], 'float64', 2),
      initializer: { class_name: 'Orthogonal', config: { gain: 1, seed: 4 } },
      seed: 4,
    },
    tensor('bias', [12], 'float16', 3),
    tensor('empty', [0], 'float32', 4),
    tensor('scalar', [], 'float32', 5),
  ];
}

suite('io: .safetensors', () => {
  test('header rules: u64 length, JSON, padding, contiguous offsets, no trailing bytes; data as given', () => {
    const tensors = layer();
    const bytes = encode('safetensors', tensors, { metadata: { seed: 3, extra: { format: 'pt' } } });
    const file = readSafetensors(bytes);
    assert.equal(createEncoder('safetensors', { tensors, metadata: { seed: 3, extra: { format: 'pt' } } }).byteLength, bytes.length);
    assert.deepEqual(
      Object.keys(file.header),
      tensors.map((t) => t.name),
      'layout in the order given',
    );
    for (const t of tensors) {
      const info = file.header[t.name!];
      assert.deepEqual(info.shape, t.shape);
      assert.equal(info.dtype, { float16: 'F16', float32: 'F32', float64: 'F64', int32: 'I32' }[t.dtype]);
      assert.deepEqual(file.buffer.subarray(info.data_offsets[0], info.data_offsets[1]), Buffer.from(rawBytes(t.data)));
    }
  });

  test('__metadata__ records the initializer config, seed and shape as strings', () => {
    const one = readSafetensors(
      encode('safetensors', [tensor('w', [4, 3], 'float32')], {
        metadata: { initializer: { class_name: 'HeNormal', config: { seed: 42 } }, seed: 42 },
      }),
    );
    assert.deepEqual(one.metadata, { initializer: '{"class_name":"HeNormal","config":{"seed":42}}', seed: '42', shape: '[4,3]' });
    const unseeded = readSafetensors(encode('safetensors', [tensor('w', [2], 'float32')], { metadata: { seed: null } }));
    assert.deepEqual(unseeded.metadata, { seed: 'null', shape: '[2]' });
    const several = readSafetensors(encode('safetensors', layer()));
    assert.deepEqual(several.metadata, {
      'kernel.initializer': '{"class_name":"GlorotUniform","config":{"seed":3}}',
      'kernel.seed': '3',
      'recurrent_kernel.initializer': '{"class_name":"Orthogonal","config":{"gain":1,"seed":4}}',
      'recurrent_kernel.seed': '4',
    });
    const bare = readSafetensors(encode('safetensors', [tensor('a', [1], 'float32'), tensor('b', [1], 'float32')]));
    assert.equal(bare.metadata, undefined, 'no __metadata__ when there is nothing to record');
  });

  test('an empty file is {} padded with six spaces', () => {
    const bytes = encode('safetensors', []);
    assert.deepEqual(Buffer.from(bytes), Buffer.concat([Buffer.from([8, 0, 0, 0, 0, 0, 0, 0]), Buffer.from('{}      ')]));
  });

  test('names that are awkward in JavaScript objects keep their place and meaning', () => {
    const tensors = [tensor('__proto__', [1], 'float32', 1), tensor('1', [2], 'float32', 2), tensor('0', [3], 'float32', 3)];
    const file = readSafetensors(encode('safetensors', tensors));
    const order = [...file.headerText.matchAll(/"([^"]+)":\{"dtype"/g)].map((m) => m[1]);
    assert.deepEqual(order, ['__proto__', '1', '0']);
  });

  test('refusals: the reserved name, duplicates, extra metadata reusing an encoder key, a header over the limit', () => {
    const one = [{ name: 'a', shape: [1], dtype: 'float32' as const }];
    assert.equal(
      errorOf(() => createEncoder('safetensors', { tensors: [{ name: '__metadata__', shape: [1], dtype: 'float32' }] })).code,
      'INVALID_ARGUMENT',
    );
    assert.equal(errorOf(() => createEncoder('safetensors', { tensors: [...one, ...one] })).code, 'INVALID_ARGUMENT');
    assert.match(
      errorOf(() => createEncoder('safetensors', { tensors: one, metadata: { seed: 1, extra: { seed: 'x' } } })).message,
      /'seed' is written by the encoder/,
    );
    assert.equal(
      errorOf(() => createEncoder('safetensors', { tensors: one, metadata: { extra: { k: 1 as unknown as string } } })).code,
      'INVALID_ARGUMENT',
    );
    const limits = { ...DEFAULT_LIMITS, safetensorsMaxHeaderBytes: 64 };
    const tooLarge = errorOf(() =>
      encodeInChunks('safetensors', [tensor('a', [1], 'float32')], [1], { metadata: { extra: { note: 'x'.repeat(64) } } }, limits),
    );
    assert.equal(tooLarge.code, 'TOO_LARGE');
    assert.match(tooLarge.message, /at most 64/);
  });

  test('Python reads the file with struct, json and numpy.frombuffer, bit for bit', function () {
    requirePython(this, 'numpy');
    const dir = tempDir('st');
    const tensors = layer();
    const file = path.join(dir, 'layer.safetensors');
    fs.writeFileSync(
      file,
      encodeInChunks('safetensors', tensors, [7, 1, 30], { metadata: { initializer: { class_name: 'Zeros', config: {} }, seed: null } })
        .bytes,
    );
    const result = checkWithNumpy(dir, [{ path: file, format: 'safetensors', tensors }]).get(file);
    assert.deepEqual(result?.problems, []);
    assert.equal((result?.info.metadata as Record<string, string>).initializer, '{"class_name":"Zeros","config":{}}');
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
