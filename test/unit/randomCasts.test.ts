/** float16 and int32 casts against numpy's astype (test/fixtures/numpy-rng/casts.json). */
import * as assert from 'node:assert/strict';
import { createGenerator, float16BitsToNumber, toFloat16Bits, toInt32 } from '../../src/core/index';
import { fromHex64, readFixture, sha256 } from './randomFixtures';

interface Casts {
  float16Edges: { x: string; bits: number }[];
  float16Wide: { count: number; inputSha256: string; float16Sha256: string };
  float16AllBitsAsFloat64Sha256: string;
  int32: { x: string; value: number }[];
}

const casts = readFixture<Casts>('casts.json');

suite('random engine: float16 and int32 casts', () => {
  for (const { x, bits } of casts.float16Edges) {
    const value = fromHex64(x);
    test(`float16 of ${Object.is(value, -0) ? '-0' : value} (0x${x}) is 0x${bits.toString(16).padStart(4, '0')}`, () => {
      assert.equal(toFloat16Bits(value), bits);
    });
  }

  test('the edge cases include ties, subnormals, overflow to inf and a double-rounding trap', () => {
    const bitsOf = (v: number): number | undefined =>
      casts.float16Edges.find((e) => fromHex64(e.x) === v && Object.is(fromHex64(e.x), v))?.bits;
    assert.equal(bitsOf(65520), 0x7c00); // the tie above 65504 rounds to even, which is 2^16: inf
    assert.equal(bitsOf(2 ** -25), 0x0000); // half the smallest subnormal: tie to even 0
    assert.equal(bitsOf(3 * 2 ** -25), 0x0002);
    // 1 + 2^-11 + 2^-40 rounds up directly; through float32 it would become the tie 1 + 2^-11 and go down to 1.
    assert.equal(bitsOf(1 + 2 ** -11 + 2 ** -40), 0x3c01);
    assert.notEqual(toFloat16Bits(Math.fround(1 + 2 ** -11 + 2 ** -40)), 0x3c01);
  });

  test(`float16 of ${casts.float16Wide.count} values spanning 2^-30..2^17 matches numpy`, () => {
    const n = casts.float16Wide.count;
    const z = new Float64Array(n);
    createGenerator([99, 0]).fillStandardNormal(z);
    const u = new Float64Array(n);
    createGenerator([99, 1]).fillRandom(u);
    const wide = z.map((v, i) => v * 2 ** (Math.floor(u[i] * 48) - 30));
    assert.equal(sha256(wide), casts.float16Wide.inputSha256, 'inputs rebuilt as the fixture script built them');
    assert.equal(sha256(Uint16Array.from(wide, toFloat16Bits)), casts.float16Wide.float16Sha256);
  });

  test('float16BitsToNumber decodes all 65536 patterns as numpy does', () => {
    const all = Float64Array.from({ length: 65536 }, (_, b) => float16BitsToNumber(b));
    assert.equal(sha256(all), casts.float16AllBitsAsFloat64Sha256);
  });

  test('every non-NaN float16 pattern survives decode then encode', () => {
    for (let b = 0; b < 65536; b++) {
      const v = float16BitsToNumber(b);
      if (Number.isNaN(v)) assert.equal(toFloat16Bits(v) & 0x7c00, 0x7c00, `NaN pattern 0x${b.toString(16)}`);
      else assert.equal(toFloat16Bits(v), b, `pattern 0x${b.toString(16)}`);
    }
  });

  for (const { x, value } of casts.int32) {
    const v = fromHex64(x);
    test(`int32 of ${v} is ${value}`, () => {
      assert.equal(toInt32(v), value);
    });
  }
});
