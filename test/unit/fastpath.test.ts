/**
 * The random engine's WebAssembly fast path writes exactly the bytes of the JavaScript path:
 * both run on the same seeds for every distribution, output type, offset and chunking, and
 * leave the engine in the same state. numpy's long known-answer run (tail and wedge included)
 * passes on both paths, and the committed module bytes match their TypeScript definition.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  createGenerator,
  createInitializer,
  createSampler,
  pcg64FromState,
  sample,
  type DistributionSpec,
  type Generator,
  type TensorData,
} from '../../src/core/index';
import { fastFillNormal, fastFillUniform } from '../../src/core/random/fastFill';
import { GENERATED_MODULES, generatedModuleSource } from '../../scripts/wasmModules';
import { setWebAssemblyEnabled, webAssemblyUsable } from '../../src/core/wasm/loader';
import { RNG_OUT_BYTES } from '../../src/core/random/kernels/rngLayout';
import { assertStream, readFixture, type Vectors } from './randomFixtures';

const ROOT = path.resolve(__dirname, '..', '..');

/** Runs `fn` with the fast path off, restoring it afterwards. */
function withJavaScriptPath<T>(fn: () => T): T {
  setWebAssemblyEnabled(false);
  try {
    return fn();
  } finally {
    setWebAssemblyEnabled(true);
  }
}

/** Both paths from the same seed: the outputs (as bytes) and the engine state after. */
function bothPaths(
  entropy: number[],
  fill: (g: Generator) => TensorData,
): { js: Uint8Array; wasm: Uint8Array; jsState: unknown; wasmState: unknown } {
  const bytes = (d: TensorData): Uint8Array => new Uint8Array(d.buffer, d.byteOffset, d.byteLength);
  const run = (): { out: Uint8Array; state: unknown } => {
    const g = createGenerator(entropy);
    const out = bytes(fill(g));
    // the state, and the next raw word, which also checks the engine's hi/lo bookkeeping
    const bg = g.bitGenerator as unknown as { getState(): unknown; hi: number; lo: number };
    const state = bg.getState();
    return { out, state: { state, after: g.random() } };
  };
  const js = withJavaScriptPath(run);
  const wasm = run();
  return { js: js.out, wasm: wasm.out, jsState: js.state, wasmState: wasm.state };
}

function firstDifference(a: Uint8Array, b: Uint8Array): number {
  if (a.length !== b.length) return Math.min(a.length, b.length);
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return i;
  return -1;
}

const SPECS: DistributionSpec[] = [
  { kind: 'random' },
  { kind: 'uniform', low: -0.05, high: 0.05 },
  { kind: 'uniform', low: 3, high: 3 },
  { kind: 'uniform', low: 1, high: 1 + 2 ** -52 },
  { kind: 'uniform', low: -1e307, high: 1e307 },
  { kind: 'uniform', low: 0, high: 2 ** -960 },
  { kind: 'standardNormal' },
  { kind: 'normal', loc: 0.5, scale: 2 },
  { kind: 'normal', loc: 0, scale: 0 },
  { kind: 'truncatedNormal', mean: 0, stddev: 0.05 },
  { kind: 'truncatedNormal', mean: -1.5, stddev: 3 },
];

const SEEDS: number[][] = [[0], [1, 0], [42, 0], [1337, 3], [2 ** 32 - 1, 0], [123456789, 7]];

suite('fast path: the WebAssembly random kernels', () => {
  test('WebAssembly is usable under Node, so the comparisons below exercise it', () => {
    assert.equal(webAssemblyUsable(), true);
    const g = createGenerator([5, 0]);
    assert.equal(fastFillUniform(g.bitGenerator, 0, 1, new Float64Array(64), 0, 64), true);
    assert.equal(fastFillNormal(g.bitGenerator, 0, 1, new Float32Array(64), 0, 64), true);
  });

  test('it declines what it does not serve, leaving the stream untouched', () => {
    const g = createGenerator([5, 0]);
    const before = JSON.stringify((g.bitGenerator as unknown as { getState(): unknown }).getState());
    // fewer values than the crossing costs, and a foreign bit generator
    assert.equal(fastFillUniform(g.bitGenerator, 0, 1, new Float64Array(4), 0, 4), false);
    const foreign = { hi: 0, lo: 0, nextUint64: () => undefined, nextDouble: () => 0.5 };
    assert.equal(fastFillUniform(foreign, 0, 1, new Float64Array(64), 0, 64), false);
    assert.equal(JSON.stringify((g.bitGenerator as unknown as { getState(): unknown }).getState()), before);
    withJavaScriptPath(() => assert.equal(fastFillUniform(g.bitGenerator, 0, 1, new Float64Array(64), 0, 64), false));
    // the kernel multiplies by range·2^-53, exact only while that is a normal double
    assert.equal(fastFillUniform(g.bitGenerator, 0, 2 ** -1000, new Float64Array(64), 0, 64), false);
    assert.equal(fastFillUniform(g.bitGenerator, 0, 2 ** -969, new Float64Array(64), 0, 64), true);
  });

  for (const spec of SPECS) {
    for (const Type of [Float64Array, Float32Array]) {
      test(`${JSON.stringify(spec)} into ${Type.name}: same bytes and state on both paths, every seed`, () => {
        // more than one output buffer of values, and a count that is not a multiple of 4
        const n = RNG_OUT_BYTES / 4 + 4099;
        for (const entropy of SEEDS) {
          const r = bothPaths(entropy, (g) => {
            const out = new Type(n);
            createSampler(g, spec).fill(out);
            return out;
          });
          assert.equal(firstDifference(r.js, r.wasm), -1, `seed ${entropy}: first differing byte`);
          assert.deepEqual(r.wasmState, r.jsState, `seed ${entropy}: engine state after the fill`);
        }
      });
    }
  }

  test('offsets, odd counts and interleaved single draws give the same stream on both paths', () => {
    const pieces = [1, 7, 8, 9, 31, 4096, 8191, 8192, 8193, 16385, 3];
    for (const spec of SPECS) {
      const r = bothPaths([77, 1], (g) => {
        const sampler = createSampler(g, spec);
        const total = pieces.reduce((a, b) => a + b, 0) + pieces.length;
        const out = new Float64Array(total);
        let at = 0;
        for (const n of pieces) {
          sampler.fill(out, at, n);
          at += n;
          out[at++] = sampler.next();
        }
        return out;
      });
      assert.equal(firstDifference(r.js, r.wasm), -1, `${JSON.stringify(spec)}: first differing byte`);
      assert.deepEqual(r.wasmState, r.jsState, `${JSON.stringify(spec)}: state after`);
    }
  });

  test('float16 and int32 outputs (through the double scratch buffer) agree on both paths', () => {
    for (const spec of SPECS) {
      for (const Type of [Uint16Array, Int32Array]) {
        const r = bothPaths([9, 0], (g) => {
          const out = new Type(20000);
          createSampler(g, spec.kind === 'uniform' ? { kind: 'uniform', low: -70000, high: 70000 } : spec).fill(out);
          return out;
        });
        assert.equal(firstDifference(r.js, r.wasm), -1, `${JSON.stringify(spec)} ${Type.name}`);
      }
    }
  });

  test('an engine restored with pcg64FromState takes the fast path too, from the restored state', () => {
    const g = createGenerator([3, 0]);
    g.fillRandom(new Float64Array(1000));
    const state = (g.bitGenerator as unknown as { getState(): Parameters<typeof pcg64FromState>[0] }).getState();
    const a = new Float64Array(50000);
    const b = new Float64Array(50000);
    createSampler({ bitGenerator: pcg64FromState(state) }, { kind: 'standardNormal' }).fill(a);
    withJavaScriptPath(() => createSampler({ bitGenerator: pcg64FromState(state) }, { kind: 'standardNormal' }).fill(b));
    assert.deepEqual(a, b);
  });

  test("numpy's long standard_normal run (tail and wedge draws) on both paths", () => {
    const run = readFixture<Vectors>('vectors.json').longStandardNormal;
    assert.ok(run.tailValues > 0, 'the fixture run reaches the tail');
    for (const enabled of [true, false]) {
      const z = new Float64Array(run.count);
      const fill = (): void => createGenerator(run.entropy).fillStandardNormal(z);
      if (enabled) fill();
      else withJavaScriptPath(fill);
      assert.equal(z.filter((v) => Math.abs(v) > 3.654152885361009).length, run.tailValues, `tail values, wasm ${enabled}`);
      assertStream(z, run, `long run, wasm ${enabled}`);
    }
  });

  test('initializers sample the same tensors on both paths (RandomUniform, RandomNormal, HeNormal, GlorotUniform, Orthogonal)', () => {
    const cases: [Parameters<typeof createInitializer>[0], number[], string][] = [
      ['RandomUniform', [300, 200], 'float32'],
      ['RandomNormal', [300, 200], 'float64'],
      ['HeNormal', [300, 200], 'float32'],
      ['GlorotUniform', [3, 3, 64, 32], 'float16'],
      ['Orthogonal', [120, 80], 'float32'],
    ];
    for (const [name, shape, dtype] of cases) {
      const init = createInitializer(name, { seed: 1234 });
      const fast = sample(init, shape, { dtype });
      const slow = withJavaScriptPath(() => sample(init, shape, { dtype }));
      assert.deepEqual(fast.data, slow.data, `${name} ${dtype}`);
    }
  });

  test('the shipped code carries the module bytes, not the emitter: only the kernel definitions import it', () => {
    const definitions = new Set([
      'src/core/random/kernels/rngKernels.ts',
      'src/core/linalg/qrKernels.ts',
      'src/core/linalg/matmulKernels.ts',
      'scripts/wasmModules.ts',
    ]);
    const offenders: string[] = [];
    const walk = (dir: string): void => {
      for (const entry of fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
        const rel = `${dir}/${entry.name}`;
        if (entry.isDirectory()) walk(rel);
        else if (rel.endsWith('.ts') && !definitions.has(rel)) {
          const text = fs.readFileSync(path.join(ROOT, rel), 'utf8');
          if (/from '[^']*(?:\/assembler|\/generated|Kernels)'/.test(text)) offenders.push(rel);
        }
      }
    };
    walk('src');
    assert.deepEqual(offenders, []);
  });

  for (const m of GENERATED_MODULES) {
    test(`${m.file} holds the bytes its definition builds (run npm run build:wasm after editing ${path.basename(m.source)})`, () => {
      assert.equal(fs.readFileSync(path.join(ROOT, m.file), 'utf8'), generatedModuleSource(m));
    });
  }
});
