import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Crc32, crc32 } from '../../src/core/io/crc32';
import { createEncoder, encode } from '../../src/core/io/encode';
import { npyHeader } from '../../src/core/io/npy';
import type { TensorInput } from '../../src/core/io/tensorSpec';
import { dosDateTime, ZIP_LIMITS } from '../../src/core/io/zip';
import { checkWithNumpy, DEFAULT_LIMITS, encodeInChunks, runPython, tempDir, tensor, type WrittenFile } from './ioSupport';
import { requirePython } from './pythonRequirement';

/** The ZIP records of an archive, read by this test's own parser straight from APPNOTE 6.3.10. */
interface ParsedZip {
  end: { entries: number; cdSize: number; cdOffset: number; commentLength: number; comment: string };
  zip64End?: { entries: number; cdSize: number; cdOffset: number; recordOffset: number };
  central: {
    name: string;
    flags: number;
    method: number;
    versionNeeded: number;
    crc: number;
    size32: number;
    csize32: number;
    offset32: number;
    extra: Map<number, Buffer>;
    size: number;
    csize: number;
    offset: number;
  }[];
}

const u64 = (b: Buffer, at: number) => Number(b.readBigUInt64LE(at));

function parseZip(bytes: Uint8Array): ParsedZip {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let eocd = b.length - 22;
  while (eocd >= 0 && b.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  assert.ok(eocd >= 0, 'end of central directory record');
  const commentLength = b.readUInt16LE(eocd + 20);
  const end = {
    entries: b.readUInt16LE(eocd + 10),
    cdSize: b.readUInt32LE(eocd + 12),
    cdOffset: b.readUInt32LE(eocd + 16),
    commentLength,
    comment: b.subarray(eocd + 22, eocd + 22 + commentLength).toString('utf8'),
  };
  assert.equal(eocd + 22 + commentLength, b.length, 'nothing follows the end record');
  let zip64End: ParsedZip['zip64End'];
  let { entries, cdSize, cdOffset } = end;
  if (eocd >= 20 && b.readUInt32LE(eocd - 20) === 0x07064b50) {
    const recordOffset = u64(b, eocd - 20 + 8);
    assert.equal(b.readUInt32LE(recordOffset), 0x06064b50, 'zip64 end record signature');
    assert.equal(u64(b, recordOffset + 4), 44, 'zip64 end record size field');
    assert.equal(recordOffset + 56, eocd - 20, 'the locator follows the zip64 end record');
    zip64End = { entries: u64(b, recordOffset + 32), cdSize: u64(b, recordOffset + 40), cdOffset: u64(b, recordOffset + 48), recordOffset };
    ({ entries, cdSize, cdOffset } = zip64End);
  }
  const central: ParsedZip['central'] = [];
  let at = cdOffset;
  for (let i = 0; i < entries; i++) {
    assert.equal(b.readUInt32LE(at), 0x02014b50, 'central header signature');
    const nameLength = b.readUInt16LE(at + 28);
    const extraLength = b.readUInt16LE(at + 30);
    const extra = new Map<number, Buffer>();
    for (let e = at + 46 + nameLength; e < at + 46 + nameLength + extraLength;) {
      extra.set(b.readUInt16LE(e), b.subarray(e + 4, e + 4 + b.readUInt16LE(e + 2)));
      e += 4 + b.readUInt16LE(e + 2);
    }
    const rec = {
      name: b.subarray(at + 46, at + 46 + nameLength).toString('utf8'),
      flags: b.readUInt16LE(at + 8),
      method: b.readUInt16LE(at + 10),
      versionNeeded: b.readUInt16LE(at + 6),
      crc: b.readUInt32LE(at + 16),
      csize32: b.readUInt32LE(at + 20),
      size32: b.readUInt32LE(at + 24),
      offset32: b.readUInt32LE(at + 42),
      extra,
      size: 0,
      csize: 0,
      offset: 0,
    };
    // zip64 extra: only the fields whose 32-bit value is 0xFFFFFFFF, in the order size, csize, offset.
    const z = extra.get(1);
    let k = 0;
    rec.size = rec.size32 === 0xffffffff ? u64(z!, 8 * k++) : rec.size32;
    rec.csize = rec.csize32 === 0xffffffff ? u64(z!, 8 * k++) : rec.csize32;
    rec.offset = rec.offset32 === 0xffffffff ? u64(z!, 8 * k++) : rec.offset32;
    if (z) assert.equal(z.length, 8 * k, 'zip64 extra holds exactly the overflowing fields');
    central.push(rec);
    at += 46 + nameLength + extraLength + b.readUInt16LE(at + 32);
  }
  assert.equal(at - cdOffset, cdSize, 'central directory size');
  return { end, zip64End, central };
}

/** Local header and data descriptor of one entry, checked against its central record. */
function checkLocal(bytes: Uint8Array, c: ParsedZip['central'][number]): { zip64: boolean } {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const at = c.offset;
  assert.equal(b.readUInt32LE(at), 0x04034b50, `${c.name}: local header signature`);
  const flags = b.readUInt16LE(at + 6);
  assert.equal(flags & 0x0008, 0x0008, `${c.name}: bit 3 (data descriptor)`);
  assert.equal(flags, c.flags);
  assert.equal(b.readUInt32LE(at + 14), 0, `${c.name}: CRC in the local header is zero under bit 3`);
  const nameLength = b.readUInt16LE(at + 26);
  const extraLength = b.readUInt16LE(at + 28);
  const zip64 = b.readUInt32LE(at + 18) === 0xffffffff;
  if (zip64) {
    assert.equal(b.readUInt32LE(at + 22), 0xffffffff);
    assert.equal(extraLength, 20);
    assert.equal(b.readUInt16LE(at + 30 + nameLength), 1, 'zip64 extra id');
    assert.equal(b.readUInt16LE(at + 30 + nameLength + 2), 16, 'zip64 extra size');
    assert.equal(b.readUInt16LE(at + 4), 45, 'version needed 4.5 for zip64');
  } else {
    assert.equal(b.readUInt32LE(at + 18), 0);
    assert.equal(b.readUInt32LE(at + 22), 0);
    assert.equal(extraLength, 0);
  }
  const descriptor = at + 30 + nameLength + extraLength + c.csize;
  assert.equal(b.readUInt32LE(descriptor), 0x08074b50, `${c.name}: data descriptor signature`);
  assert.equal(b.readUInt32LE(descriptor + 4), c.crc);
  if (zip64) {
    assert.equal(u64(b, descriptor + 8), c.csize);
    assert.equal(u64(b, descriptor + 16), c.size);
  } else {
    assert.equal(b.readUInt32LE(descriptor + 8), c.csize);
    assert.equal(b.readUInt32LE(descriptor + 12), c.size);
  }
  return { zip64 };
}

function layerSet(): TensorInput[] {
  return [
    tensor('kernel', [13, 7], 'float32', 1),
    tensor('recurrent_kernel', [7, 28], 'float64', 2),
    tensor('bias', [28], 'float16', 3),
    tensor('empty', [0, 5], 'float32', 4),
    tensor('scalar', [], 'float64', 5),
    tensor('counts', [3, 2], 'int32', 6),
  ];
}

suite('io: .npz', () => {
  test('CRC-32 gives the catalogue check value and the same result in pieces', () => {
    const ascii = new Uint8Array(Buffer.from('123456789'));
    assert.equal(crc32(ascii), 0xcbf43926); // CRC-32/ISO-HDLC check value (reveng catalogue)
    assert.equal(crc32(new Uint8Array(0)), 0);
    const data = new Uint8Array(10007).map((_, i) => (i * 131 + 7) & 0xff);
    const pieces = new Crc32();
    for (let at = 0; at < data.length; at += 13) pieces.update(data.subarray(at, at + 13));
    assert.equal(pieces.digest(), crc32(data));
  });

  test('CRC-32 agrees with Python zlib.crc32 at every length 0..70 and on 1 MB', function () {
    requirePython(this, 'numpy');
    const data = new Uint8Array(1 << 20).map((_, i) => (i * 2654435761) >>> 24);
    const lengths = [...Array.from({ length: 71 }, (_, i) => i), data.length];
    const script = 'import sys, zlib; d = sys.stdin.buffer.read(); print(" ".join(str(zlib.crc32(d[:n])) for n in map(int, sys.argv[1:])))';
    const r = spawnSync('python3', ['-c', script, ...lengths.map(String)], { input: data });
    assert.equal(r.status, 0, String(r.stderr));
    const expected = String(r.stdout).trim().split(' ').map(Number);
    assert.deepEqual(
      lengths.map((n) => crc32(data.subarray(0, n))),
      expected,
    );
  });

  test('stored archive: byteLength is exact and the records are consistent', () => {
    const tensors = layerSet();
    const bytes = encode('npz', tensors);
    assert.equal(createEncoder('npz', { tensors }).byteLength, bytes.length);
    const zip = parseZip(bytes);
    assert.equal(zip.zip64End, undefined, 'no zip64 end record for a small archive');
    assert.deepEqual(
      zip.central.map((c) => c.name),
      tensors.map((t) => `${t.name}.npy`),
    );
    for (const [i, c] of zip.central.entries()) {
      assert.equal(c.method, 0);
      assert.equal(c.size, c.csize);
      assert.equal(c.size, npyHeader(tensors[i].shape, tensors[i].dtype).length + tensors[i].data.byteLength);
      assert.equal(checkLocal(bytes, c).zip64, false);
    }
  });

  test('deflated archive: byteLength is unknown in advance, members use method 8', () => {
    const tensors = layerSet();
    assert.equal(createEncoder('npz', { tensors, compress: true }).byteLength, undefined);
    const zip = parseZip(encode('npz', tensors, { compress: true }));
    assert.deepEqual(
      zip.central.map((c) => c.method),
      tensors.map(() => 8),
    );
  });

  test('numpy.load reads stored and deflated archives bit for bit; zipfile verifies every CRC', function () {
    requirePython(this, 'numpy');
    const dir = tempDir('npz');
    const tensors = layerSet();
    const metadata = { initializer: { class_name: 'GlorotUniform', config: { seed: 7 } }, seed: 7 };
    const files: WrittenFile[] = [];
    for (const compress of [false, true]) {
      const file = path.join(dir, `layer-${compress ? 'deflated' : 'stored'}.npz`);
      fs.writeFileSync(file, encode('npz', tensors, { compress, metadata }));
      files.push({ path: file, format: 'npz', tensors });
    }
    const big = [tensor('big', [300, 257], 'float32', 9)];
    const bigFile = path.join(dir, 'big-deflated.npz');
    fs.writeFileSync(bigFile, encodeInChunks('npz', big, [9999], { compress: true }).bytes);
    files.push({ path: bigFile, format: 'npz', tensors: big });
    const results = checkWithNumpy(dir, files);
    for (const f of files) assert.deepEqual(results.get(f.path)?.problems, [], f.path);
    const members = results.get(files[1].path)?.info.members as { compress_type: number }[];
    assert.deepEqual(
      members.map((m) => m.compress_type),
      tensors.map(() => 8),
    );
    const comment = JSON.parse(results.get(files[0].path)?.info.comment as string);
    assert.deepEqual(comment, { initializer: '{"class_name":"GlorotUniform","config":{"seed":7}}', seed: '7' });
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('zip64 forms (lowered thresholds): records are well formed and numpy.load still reads them', function () {
    // Sizes and offsets ≥ 1000 and entry counts ≥ 3 take the paths real archives take past 4 GiB / 65535 entries.
    const limits = { ...DEFAULT_LIMITS, zip: { zip64Threshold: 1000, entryThreshold: 3 } };
    const tensors = [
      tensor('small', [10], 'float32', 1),
      tensor('large', [40, 30], 'float32', 2),
      tensor('after', [3], 'float64', 3),
      tensor('last', [700], 'float16', 4),
    ];
    const written: { compress: boolean; bytes: Uint8Array }[] = [];
    for (const compress of [false, true]) {
      const { bytes, byteLength } = encodeInChunks('npz', tensors, [17, 1000], { compress }, limits);
      if (!compress) assert.equal(byteLength, bytes.length, 'planned size of a zip64 archive');
      const zip = parseZip(bytes);
      assert.ok(zip.zip64End, 'zip64 end record and locator');
      assert.equal(zip.end.entries, 0xffff);
      assert.equal(zip.end.cdOffset, 0xffffffff);
      assert.equal(zip.zip64End.entries, 4);
      const local = zip.central.map((c) => checkLocal(bytes, c).zip64);
      // "small" stays 32-bit when stored; deflated, the size bound already crosses the threshold.
      assert.deepEqual(local, compress ? [true, true, true, true] : [false, true, false, true]);
      for (const c of zip.central) {
        assert.equal(
          c.offset32,
          c.offset >= 1000 ? 0xffffffff : c.offset,
          `${c.name}: an offset past the threshold goes to the zip64 extra`,
        );
      }
      assert.deepEqual(
        zip.central.map((c) => c.offset >= 1000),
        [false, false, true, true],
        'both kinds of offsets occur',
      );
      zip.central.forEach((c, i) => assert.equal(c.versionNeeded, local[i] || c.offset >= 1000 ? 45 : 20, `${c.name}: version needed`));
      written.push({ compress, bytes });
    }
    requirePython(this, 'numpy');
    const dir = tempDir('npz64');
    const files: WrittenFile[] = written.map(({ compress, bytes }) => {
      const file = path.join(dir, `zip64-${compress}.npz`);
      fs.writeFileSync(file, bytes);
      return { path: file, format: 'npz', tensors };
    });
    const results = checkWithNumpy(dir, files);
    for (const f of files) assert.deepEqual(results.get(f.path)?.problems, [], f.path);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('a declared 4 GiB+ member gets zip64 headers and an exact size, without writing the data', () => {
    const n = 2 ** 30 + 1; // float32: 4 GiB + 4 bytes of data
    const tensors = [
      { name: 'big', shape: [n], dtype: 'float32' as const },
      { name: 'bias', shape: [4], dtype: 'float32' as const },
    ];
    const encoder = createEncoder('npz', { tensors });
    const header = Buffer.from(encoder.header());
    const npy = npyHeader([n], 'float32');
    // Local header (30) + "big.npy" (7) + zip64 extra (20), then the member's .npy header.
    assert.equal(header.length, 30 + 7 + 20 + npy.length);
    assert.equal(header.readUInt32LE(0), 0x04034b50);
    assert.equal(header.readUInt16LE(4), 45);
    assert.equal(header.readUInt32LE(18), 0xffffffff);
    assert.equal(header.readUInt32LE(22), 0xffffffff);
    assert.equal(header.readUInt16LE(28), 20);
    assert.equal(header.readUInt16LE(37), 1);
    assert.equal(header.readUInt16LE(39), 16);
    assert.equal(
      header.subarray(41, 57).every((x) => x === 0),
      true,
      'zero sizes under bit 3',
    );
    assert.deepEqual(header.subarray(57), Buffer.from(npy));
    // APPNOTE sizes: big = local 57 + data + zip64 descriptor 24; bias = local 30+8 + data + descriptor 16;
    // central: big 46+7 + extra (4+16), bias 46+8 + extra (4+8, offset past 4 GiB); zip64 end 56 + locator 20 + end 22.
    const bigData = npy.length + 4 * n;
    const biasData = npyHeader([4], 'float32').length + 16;
    const expected = 57 + bigData + 24 + (38 + biasData + 16) + (46 + 7 + 20) + (46 + 8 + 12) + 56 + 20 + 22;
    assert.equal(encoder.byteLength, expected);
  });

  test('a deflated member near 4 GiB uses zip64 sizes already (its compressed size could pass 4 GiB)', () => {
    const tensors = [{ name: 'w', shape: [2 ** 30 - 2 ** 20], dtype: 'float32' as const }];
    const stored = Buffer.from(createEncoder('npz', { tensors }).header());
    const deflated = Buffer.from(createEncoder('npz', { tensors, compress: true }).header());
    assert.equal(stored.readUInt32LE(18), 0, 'stored: 32-bit sizes suffice');
    assert.equal(deflated.readUInt32LE(18), 0xffffffff, 'deflated: zip64 sizes');
  });

  test('member names: non-ASCII names set the UTF-8 flag; numpy keys are the tensor names', function () {
    const tensors = [tensor('café/kernel', [2, 2], 'float32', 1), tensor('arr', [1], 'float32', 2)];
    const bytes = encode('npz', tensors);
    const zip = parseZip(bytes);
    assert.deepEqual(
      zip.central.map((c) => c.name),
      ['café/kernel.npy', 'arr.npy'],
    );
    assert.deepEqual(
      zip.central.map((c) => c.flags & 0x0800),
      [0x0800, 0],
    );
    requirePython(this, 'numpy');
    const dir = tempDir('npzname');
    const file = path.join(dir, 'names.npz');
    fs.writeFileSync(file, bytes);
    assert.deepEqual(checkWithNumpy(dir, [{ path: file, format: 'npz', tensors }]).get(file)?.problems, []);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('unnamed tensors are arr_0, arr_1, … as numpy.savez names positional arrays', () => {
    const zip = parseZip(
      encode('npz', [
        { shape: [1], dtype: 'float32', data: new Float32Array(1) },
        { shape: [1], dtype: 'float32', data: new Float32Array(1) },
      ]),
    );
    assert.deepEqual(
      zip.central.map((c) => c.name),
      ['arr_0.npy', 'arr_1.npy'],
    );
  });

  test('modification time: DOS fields from the given date, 1980-01-01 by default', function () {
    assert.deepEqual(dosDateTime(new Date(1980, 0, 1)), { date: 0x21, time: 0 });
    assert.deepEqual(dosDateTime(new Date(2024, 5, 30, 13, 45, 58)), {
      date: ((2024 - 1980) << 9) | (6 << 5) | 30,
      time: (13 << 11) | (45 << 5) | 29,
    });
    const t = [tensor('k', [2], 'float32')];
    assert.deepEqual(encode('npz', t), encode('npz', t), 'equal inputs give equal bytes');
    requirePython(this, 'numpy');
    const dir = tempDir('npztime');
    const file = path.join(dir, 'time.npz');
    fs.writeFileSync(file, encode('npz', t, { modified: new Date(2024, 5, 30, 13, 45, 58) }));
    const out = runPython(['-c', 'import sys, zipfile; print(list(zipfile.ZipFile(sys.argv[1]).infolist()[0].date_time))', file]);
    assert.deepEqual(JSON.parse(out), [2024, 6, 30, 13, 45, 58]);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('the default limits are the format maxima', () => {
    assert.deepEqual(ZIP_LIMITS, { zip64Threshold: 0xffffffff, entryThreshold: 0xffff });
  });
});
