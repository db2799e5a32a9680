/**
 * The log1p port equals glibc's log1p (the libm function numpy's ziggurat tail calls), and the
 * fma it relies on is correctly rounded; expected values in test/fixtures/numpy-rng/log1p.json
 * come from libm through ctypes and from exact rational arithmetic.
 */
import * as assert from 'node:assert/strict';
import { createGenerator } from '../../src/core/index';
import { fma } from '../../src/core/random/fma';
import { log1p } from '../../src/core/random/log1p';
import { fromHex64, hex64, readFixture, sha256 } from './randomFixtures';

interface Log1pFixture {
  libc: string;
  edges: { x: string; log1p: string }[];
  fma: { a: string; b: string; c: string; fma: string; twoRoundings: string }[];
  uniformTail: { entropy: number[]; count: number; sha256: string; prefix: string[] };
}

const fixture = readFixture<Log1pFixture>('log1p.json');

suite('random engine: fma rounds once', () => {
  test(`${fixture.fma.length} triples, random, cancelling and near ties`, () => {
    const discriminating = fixture.fma.filter((t) => t.fma !== t.twoRoundings).length;
    assert.ok(discriminating > 100, 'the cases tell a single rounding from two');
    for (const t of fixture.fma) {
      const [a, b, c] = [fromHex64(t.a), fromHex64(t.b), fromHex64(t.c)];
      assert.equal(hex64(fma(a, b, c)), t.fma, `fma(${a}, ${b}, ${c})`);
    }
  });
});

suite(`random engine: log1p against ${fixture.libc}`, () => {
  for (const e of fixture.edges) {
    const x = fromHex64(e.x);
    test(`log1p(${Object.is(x, -0) ? '-0' : x})`, () => {
      assert.equal(hex64(log1p(x)), e.log1p);
    });
  }

  test(`log1p(-u) for ${fixture.uniformTail.count} uniform u, the tail's inputs`, () => {
    const t = fixture.uniformTail;
    const u = new Float64Array(t.count);
    createGenerator(t.entropy).fillRandom(u);
    const out = u.map((v) => log1p(-v));
    assert.deepEqual(Array.from(out.subarray(0, t.prefix.length), hex64), t.prefix);
    assert.equal(sha256(out), t.sha256);
  });
});
