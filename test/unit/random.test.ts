/**
 * Known-answer tests of the random engine against real numpy (test/fixtures/numpy-rng/vectors.json,
 * produced by scripts/make-rng-fixtures.py): SeedSequence, raw PCG64, doubles, ziggurat normals,
 * normal, uniform, Keras's truncated normal and the float32/float16 casts, for every fixture seed.
 */
import * as assert from 'node:assert/strict';
import {
  createGenerator,
  createPcg64,
  createSampler,
  createSeedSequence,
  kerasSeedEntropy,
  pcg64FromState,
  type DistributionSpec,
  type Generator,
  type TensorData,
} from '../../src/core/index';
import { assertStream, readFixture, sha256, wordsToHex, type Vectors } from './randomFixtures';

const vectors = readFixture<Vectors>('vectors.json');

function rawHex(hi: number, lo: number): string {
  return hi.toString(16).padStart(8, '0') + lo.toString(16).padStart(8, '0');
}

function hexToWords(h: string): number[] {
  const words: number[] = [];
  for (let i = h.length; i > 0; i -= 8) words.push(parseInt(h.slice(Math.max(0, i - 8), i), 16));
  return words;
}

function draw(entropy: number[], n: number, fill: (g: Generator, out: Float64Array) => void): Float64Array {
  const out = new Float64Array(n);
  fill(createGenerator(entropy), out);
  return out;
}

suite('random engine: known answers from numpy', () => {
  test('the fixtures cover every seed the spec lists', () => {
    assert.deepEqual(
      vectors.cases.map((c) => c.entropy[0]),
      [0, 1, 42, 1337, 2 ** 31 - 1, 2 ** 32 - 1, 123456789],
    );
  });

  for (const c of vectors.cases) {
    const seed = c.entropy[0];
    suite(`seed ${seed}`, () => {
      test('kerasSeedEntropy gives [seed, 0]', () => {
        assert.deepEqual(kerasSeedEntropy(seed), c.entropy);
      });

      test('SeedSequence pool and generate_state(8)', () => {
        const ss = createSeedSequence(c.entropy);
        assert.deepEqual(ss.pool, c.pool);
        assert.deepEqual(Array.from(ss.generateState(8)), c.generateState8);
      });

      test('PCG64 seeded state and increment', () => {
        const st = createPcg64(createSeedSequence(c.entropy)).getState();
        assert.equal(wordsToHex(st.state), c.pcg64Seeded.state);
        assert.equal(wordsToHex(st.inc), c.pcg64Seeded.inc);
      });

      test(`PCG64 raw uint64 outputs (${c.raw.count})`, () => {
        const bg = createPcg64(createSeedSequence(c.entropy));
        const words = new Uint32Array(2 * c.raw.count);
        const prefix: string[] = [];
        for (let i = 0; i < c.raw.count; i++) {
          bg.nextUint64();
          words[2 * i] = bg.lo;
          words[2 * i + 1] = bg.hi;
          if (i < c.raw.prefix.length) prefix.push(rawHex(bg.hi, bg.lo));
        }
        assert.deepEqual(prefix, c.raw.prefix);
        assert.equal(sha256(words), c.raw.sha256);
        const after = bg.getState();
        assert.equal(wordsToHex(after.state), c.stateAfterRaw.state);
        assert.equal(wordsToHex(after.inc), c.stateAfterRaw.inc);
      });

      test("pcg64FromState resumes numpy's stream from its state", () => {
        const bg = pcg64FromState({ state: hexToWords(c.stateAfterRaw.state), inc: hexToWords(c.stateAfterRaw.inc) });
        const next: string[] = [];
        for (let i = 0; i < c.rawAfterState.length; i++) {
          bg.nextUint64();
          next.push(rawHex(bg.hi, bg.lo));
        }
        assert.deepEqual(next, c.rawAfterState);
      });

      test('random() doubles', () => {
        assertStream(
          draw(c.entropy, c.random.count, (g, o) => g.fillRandom(o)),
          c.random,
          'random',
        );
        const g = createGenerator(c.entropy);
        const single = Float64Array.from({ length: c.random.count }, () => g.random());
        assertStream(single, c.random, 'random() one by one');
      });

      test('standard_normal (ziggurat)', () => {
        assertStream(
          draw(c.entropy, c.standardNormal.count, (g, o) => g.fillStandardNormal(o)),
          c.standardNormal,
          'standardNormal',
        );
        const g = createGenerator(c.entropy);
        const single = Float64Array.from({ length: c.standardNormal.count }, () => g.standardNormal());
        assertStream(single, c.standardNormal, 'standardNormal() one by one');
      });

      test('normal(0.5, 2) and its float32 / float16 casts', () => {
        const { loc, scale } = c.normal;
        assertStream(
          draw(c.entropy, c.normal.count, (g, o) => g.fillNormal(loc, scale, o)),
          c.normal,
          'normal',
        );
        const f32 = new Float32Array(c.normal.count);
        createGenerator(c.entropy).fillNormal(loc, scale, f32);
        assert.equal(sha256(f32), c.normal.float32Sha256);
        const f16 = new Uint16Array(c.normal.count);
        createGenerator(c.entropy).fillNormal(loc, scale, f16);
        assert.equal(sha256(f16), c.normal.float16Sha256);
        const g = createGenerator(c.entropy);
        assertStream(
          Float64Array.from({ length: c.normal.count }, () => g.normal(loc, scale)),
          c.normal,
          'normal() one by one',
        );
      });

      test('uniform(-3, 5) and its float32 / float16 casts', () => {
        const { low, high } = c.uniform;
        assertStream(
          draw(c.entropy, c.uniform.count, (g, o) => g.fillUniform(low, high, o)),
          c.uniform,
          'uniform',
        );
        const f32 = new Float32Array(c.uniform.count);
        createGenerator(c.entropy).fillUniform(low, high, f32);
        assert.equal(sha256(f32), c.uniform.float32Sha256);
        const f16 = new Uint16Array(c.uniform.count);
        createGenerator(c.entropy).fillUniform(low, high, f16);
        assert.equal(sha256(f16), c.uniform.float16Sha256);
        const g = createGenerator(c.entropy);
        assertStream(
          Float64Array.from({ length: c.uniform.count }, () => g.uniform(low, high)),
          c.uniform,
          'uniform() one by one',
        );
      });

      for (const t of c.truncatedNormal) {
        test(`Keras truncated normal(mean=${t.mean}, stddev=${t.stddev.toPrecision(6)}) and casts`, () => {
          assertStream(
            draw(c.entropy, t.count, (g, o) => g.fillTruncatedNormal(t.mean, t.stddev, o)),
            t,
            'truncatedNormal',
          );
          const f32 = new Float32Array(t.count);
          createGenerator(c.entropy).fillTruncatedNormal(t.mean, t.stddev, f32);
          assert.equal(sha256(f32), t.float32Sha256);
          const f16 = new Uint16Array(t.count);
          createGenerator(c.entropy).fillTruncatedNormal(t.mean, t.stddev, f16);
          assert.equal(sha256(f16), t.float16Sha256);
        });
      }

      for (const sg of c.seedGenerator) {
        test(`SeedGenerator entropy [${sg.entropy.join(', ')}]: state words and standard normals`, () => {
          assert.deepEqual(kerasSeedEntropy(seed, sg.entropy[1]), sg.entropy);
          assert.deepEqual(Array.from(createSeedSequence(sg.entropy).generateState(8)), sg.generateState8);
          assertStream(
            draw(sg.entropy, sg.standardNormal.count, (g, o) => g.fillStandardNormal(o)),
            sg.standardNormal,
            'standardNormal',
          );
        });
      }
    });
  }

  test('SeedSequence with more than four words, all-ones words, no words and one word', () => {
    for (const e of vectors.seedSequenceExtra) {
      assert.deepEqual(Array.from(createSeedSequence(e.entropy).generateState(8)), e.generateState8, `entropy [${e.entropy.join(', ')}]`);
    }
  });

  test('[s, 0] seeds exactly like the integer s (trailing zero words hash like padding)', () => {
    const c = vectors.cases[2];
    assert.deepEqual(Array.from(createSeedSequence([c.entropy[0]]).generateState(8)), c.generateState8);
  });

  test(`long standard_normal run: ${vectors.longStandardNormal.count} draws through the tail and wedge paths`, () => {
    const run = vectors.longStandardNormal;
    // The run is only a test of the tail (glibc log1p, sign from bit 8) if numpy produced tail values in it.
    assert.ok(run.tailValues > 0, 'fixture run contains tail values');
    const z = draw(run.entropy, run.count, (g, o) => g.fillStandardNormal(o));
    assert.equal(z.filter((v) => Math.abs(v) > 3.654152885361009).length, run.tailValues);
    assertStream(z, run, 'long run');
  });
});

suite('random engine: chunked sampling equals one pass', () => {
  const specs: DistributionSpec[] = [
    { kind: 'random' },
    { kind: 'uniform', low: -3, high: 5 },
    { kind: 'standardNormal' },
    { kind: 'normal', loc: 0.5, scale: 2 },
    { kind: 'truncatedNormal', mean: 0, stddev: 0.05 },
    { kind: 'truncatedNormal', mean: 0.5, stddev: 2 },
  ];
  const n = 10_000;
  const makers: [string, (len: number) => TensorData][] = [
    ['float64', (len) => new Float64Array(len)],
    ['float32', (len) => new Float32Array(len)],
    ['float16', (len) => new Uint16Array(len)],
    ['int32', (len) => new Int32Array(len)],
  ];

  function onePass(spec: DistributionSpec, make: (len: number) => TensorData): TensorData {
    const out = make(n);
    createSampler(createGenerator([1337, 0]), spec).fill(out);
    return out;
  }

  for (const spec of specs) {
    for (const [dtype, make] of makers) {
      test(`${JSON.stringify(spec)} as ${dtype}, chunks of 1, 7 and 4096`, () => {
        const whole = onePass(spec, make);
        for (const chunk of [1, 7, 4096]) {
          const out = make(n);
          const sampler = createSampler(createGenerator([1337, 0]), spec);
          for (let offset = 0; offset < n; offset += chunk) sampler.fill(out, offset, Math.min(chunk, n - offset));
          assert.deepEqual(out, whole, `chunk ${chunk}`);
        }
      });
    }
  }

  test("a sampler writing into a small reused buffer streams the same values as numpy's one big call", () => {
    const c = vectors.cases[0];
    const t = c.truncatedNormal[1];
    const sampler = createSampler(createGenerator(c.entropy), { kind: 'truncatedNormal', mean: t.mean, stddev: t.stddev });
    const chunk = new Float64Array(7);
    const all = new Float64Array(t.count);
    for (let done = 0; done < t.count; done += chunk.length) {
      const k = Math.min(chunk.length, t.count - done);
      sampler.fill(chunk, 0, k);
      all.set(chunk.subarray(0, k), done);
    }
    assertStream(all, t, 'streamed truncated normal');
  });

  test('next() continues the same stream as fill()', () => {
    const spec: DistributionSpec = { kind: 'normal', loc: 0.5, scale: 2 };
    const whole = onePass(spec, (len) => new Float64Array(len)) as Float64Array;
    const sampler = createSampler(createGenerator([1337, 0]), spec);
    const mixed = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      if (i % 3 === 0) mixed[i] = sampler.next();
      else sampler.fill(mixed, i, 1);
    }
    assert.deepEqual(mixed, whole);
  });

  test('fill writes only inside [offset, offset + count)', () => {
    const out = new Float64Array(10).fill(-7);
    createGenerator([0]).fillStandardNormal(out, 3, 4);
    assert.deepEqual(Array.from(out.subarray(0, 3)), [-7, -7, -7]);
    assert.deepEqual(Array.from(out.subarray(7)), [-7, -7, -7]);
    assert.ok(out.subarray(3, 7).every((v) => v !== -7));
  });
});
