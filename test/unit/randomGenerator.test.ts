/**
 * The Generator façade and samplers: numpy's parameter errors (test/fixtures/numpy-rng/errors.json,
 * recorded from numpy), Keras seed validation, buffer spans, and a statistical check of Keras's
 * truncated normal with a tolerance derived from n.
 */
import * as assert from 'node:assert/strict';
import { CoreError, createGenerator, createSampler, createSeedSequence, kerasSeedEntropy, type Generator } from '../../src/core/index';
import { readFixture } from './randomFixtures';

interface Errors {
  calls: { method: 'normal' | 'uniform'; args: string[]; raises: string | null; message?: string }[];
  kerasSeeds: { seed: string; raises: string | null; message?: string }[];
}

const errors = readFixture<Errors>('errors.json');

/** Python float repr → number ('nan', 'inf', '-inf', '1e+308', '-0.0'...). */
function pyFloat(text: string): number {
  if (text === 'nan') return NaN;
  if (text === 'inf') return Infinity;
  if (text === '-inf') return -Infinity;
  return Number(text);
}

function expectCoreError(fn: () => unknown, code: string, message: string | RegExp, kerasType?: string): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof CoreError, `expected a CoreError, got ${String(e)}`);
    assert.equal(e.code, code);
    if (typeof message === 'string') assert.equal(e.message, message);
    else assert.match(e.message, message);
    assert.equal(e.kerasType, kerasType);
    return true;
  });
}

suite('random engine: Generator parameter checks match numpy', () => {
  for (const call of errors.calls) {
    const [a, b] = call.args.map(pyFloat);
    const label = `${call.method}(${call.args.join(', ')}) ${call.raises ? `raises ${call.raises}: ${call.message}` : 'is accepted'}`;
    test(label, () => {
      const g = createGenerator([0]);
      const invoke = (gen: Generator): void => {
        if (call.method === 'normal') gen.fillNormal(a, b, new Float64Array(3));
        else gen.fillUniform(a, b, new Float64Array(3));
      };
      const one = (gen: Generator): number => (call.method === 'normal' ? gen.normal(a, b) : gen.uniform(a, b));
      const spec = call.method === 'normal' ? { kind: 'normal' as const, loc: a, scale: b } : { kind: 'uniform' as const, low: a, high: b };
      if (call.raises === null) {
        invoke(g);
        one(g);
        createSampler(g, spec);
      } else {
        const message = call.message ?? '';
        expectCoreError(() => invoke(g), 'INVALID_ARGUMENT', message, call.raises);
        expectCoreError(() => one(g), 'INVALID_ARGUMENT', message, call.raises);
        expectCoreError(() => createSampler(g, spec), 'INVALID_ARGUMENT', message, call.raises);
      }
    });
  }

  test('a rejected call consumes nothing from the stream', () => {
    const g = createGenerator([5]);
    assert.throws(() => g.normal(0, -1));
    assert.throws(() => g.fillUniform(1, 0, new Float64Array(4)));
    assert.equal(g.random(), createGenerator([5]).random());
  });

  test('uniform(1, 1) is the constant 1 (range 0), as Keras RandomUniform(minval == maxval)', () => {
    const out = new Float64Array(5);
    createGenerator([0]).fillUniform(1, 1, out);
    assert.deepEqual(Array.from(out), [1, 1, 1, 1, 1]);
  });
});

suite('random engine: Keras truncated normal checks', () => {
  test('stddev < 0 raises numpy\'s "scale < 0" once a value is requested', () => {
    const g = createGenerator([0]);
    expectCoreError(() => g.fillTruncatedNormal(0, -1, new Float64Array(2)), 'INVALID_ARGUMENT', 'scale < 0', 'ValueError');
    expectCoreError(
      () => createSampler(g, { kind: 'truncatedNormal', mean: 0, stddev: -0.5 }),
      'INVALID_ARGUMENT',
      'scale < 0',
      'ValueError',
    );
  });

  test('an empty request raises nothing, as Keras never calls numpy for an empty shape', () => {
    createGenerator([0]).fillTruncatedNormal(0, -1, new Float64Array(0));
  });

  test('NaN bounds are refused instead of looping forever', () => {
    const g = createGenerator([0]);
    for (const [mean, stddev] of [
      [NaN, 1],
      [0, NaN],
      [Infinity, Infinity],
    ]) {
      expectCoreError(() => g.fillTruncatedNormal(mean, stddev, new Float64Array(1)), 'INVALID_ARGUMENT', /NaN/);
    }
  });

  test('stddev = 0 gives the mean; stddev = inf gives infinities (both inside the closed bounds)', () => {
    const out = new Float64Array(4);
    createGenerator([0]).fillTruncatedNormal(0.25, 0, out);
    assert.deepEqual(Array.from(out), [0.25, 0.25, 0.25, 0.25]);
    createGenerator([0]).fillTruncatedNormal(0, Infinity, out);
    assert.ok(out.every((v) => v === Infinity || v === -Infinity));
  });

  test('values lie in [mean - 2sd, mean + 2sd] and the variance is sd^2 (1 - 4 phi(2) / (2 Phi(2) - 1))', () => {
    const n = 200_000;
    const mean = 0.5;
    const sd = 2;
    const out = new Float64Array(n);
    createGenerator(kerasSeedEntropy(2024)).fillTruncatedNormal(mean, sd, out);
    assert.ok(out.every((v) => v >= mean - 2 * sd && v <= mean + 2 * sd));
    const m = out.reduce((s, v) => s + v, 0) / n;
    const v = out.reduce((s, x) => s + (x - m) ** 2, 0) / (n - 1);
    // Standard normal truncated to [-2, 2]: variance 0.7737413..., fourth moment 1.4161891...
    // (both from phi(2) = 0.05399096651318806, Phi(2) - Phi(-2) = 0.9544997361036416).
    const phi2 = 0.05399096651318806;
    const mass = 0.9544997361036416;
    const var1 = 1 - (4 * phi2) / mass;
    const mu4 = 3 - ((2 * 8 + 6 * 2) * phi2) / mass; // E[z^4] = 3 - 2*(a^3 + 3a)*phi(a)/mass at a = 2
    // Five standard errors: se(mean) = sd*sqrt(var1/n), se(var) = sd^2*sqrt((mu4 - var1^2)/n).
    assert.ok(Math.abs(m - mean) < 5 * sd * Math.sqrt(var1 / n), `mean ${m}`);
    assert.ok(Math.abs(v - sd * sd * var1) < 5 * sd * sd * Math.sqrt((mu4 - var1 * var1) / n), `variance ${v}`);
  });
});

suite('random engine: seeds', () => {
  for (const s of errors.kerasSeeds) {
    const seed = Number(s.seed);
    test(`Keras seed ${s.seed} ${s.raises ? `raises ${s.raises}: ${s.message}` : 'is accepted'}`, () => {
      assert.equal(BigInt(seed).toString(), s.seed, 'the seed is exact as a double');
      if (s.raises === null) assert.deepEqual(kerasSeedEntropy(seed), [seed, 0]);
      else expectCoreError(() => kerasSeedEntropy(seed), 'INVALID_SEED', s.message ?? '', s.raises);
    });
  }

  test('non-integer seeds and call indices are refused', () => {
    for (const bad of [1.5, NaN, Infinity]) {
      expectCoreError(() => kerasSeedEntropy(bad), 'INVALID_SEED', /seed must be an integer/);
    }
    expectCoreError(() => kerasSeedEntropy(1, -1), 'INVALID_SEED', 'Python integer -1 out of bounds for uint32', 'OverflowError');
    expectCoreError(() => kerasSeedEntropy(1, 0.5), 'INVALID_SEED', /callIndex must be an integer/);
  });

  test('entropy words must be uint32', () => {
    for (const bad of [[-1], [2 ** 32], [0.5], [NaN]]) {
      expectCoreError(() => createGenerator(bad), 'INVALID_SEED', /entropy word 0/);
      expectCoreError(() => createSeedSequence(bad), 'INVALID_SEED', /each word must be an integer in \[0, 2\*\*32\)/);
    }
  });
});

suite('random engine: buffer spans', () => {
  test('offset and count default to the whole buffer', () => {
    const a = new Float64Array(6);
    createGenerator([3]).fillRandom(a);
    const b = new Float64Array(6);
    createGenerator([3]).fillRandom(b, 0, 6);
    assert.deepEqual(a, b);
    assert.ok(a.every((v) => v > 0 && v < 1));
  });

  test('count defaults to the rest of the buffer after offset', () => {
    const a = new Float64Array(6);
    createGenerator([3]).fillRandom(a, 2);
    assert.deepEqual(Array.from(a.subarray(0, 2)), [0, 0]);
    const b = new Float64Array(4);
    createGenerator([3]).fillRandom(b);
    assert.deepEqual(a.subarray(2), b);
  });

  test('spans outside the buffer are refused before anything is drawn', () => {
    const g = createGenerator([3]);
    const out = new Float64Array(4);
    expectCoreError(() => g.fillRandom(out, 5), 'INVALID_ARGUMENT', /offset must be an integer in \[0, 4\], received 5/);
    expectCoreError(() => g.fillRandom(out, -1), 'INVALID_ARGUMENT', /offset/);
    expectCoreError(() => g.fillRandom(out, 1.5), 'INVALID_ARGUMENT', /offset/);
    expectCoreError(() => g.fillRandom(out, 2, 3), 'INVALID_ARGUMENT', /count must be an integer in \[0, 2\]/);
    expectCoreError(() => createSampler(g, { kind: 'random' }).fill(out, 0, 5), 'INVALID_ARGUMENT', /count/);
    assert.equal(g.random(), createGenerator([3]).random());
  });
});
