/**
 * `keras-init model <file>` writing .weights.h5 files, read back with h5wasm: every planned dataset
 * with its shape and exact values, the `vars` groups with their `name` attributes, the atomic write
 * (nothing left on error, no replacement without --force), the seed rule, and the chunked path.
 * Loading these files into real Keras is checked by test/fixtures/keras-models/check_load.py.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeModels, planModelWeights, variableChunks, type ModelWeightsPlan } from '../../src/core/index';
import { loadH5wasm, writeWeightsH5 } from '../../src/node/weightsH5';
import { unzipSync } from 'fflate';
import { readNpy, runCli, tempDir } from './cliSupport';
import { MODEL_FIXTURES, loadModelReference } from './modelReferenceSupport';

const CASES: readonly (readonly [string, string])[] = [
  ['models/mnist_mlp.py', 'model'],
  ['models/mnist_cnn.py', 'model'],
  ['models/bidirectional_modes.py', 'model'],
  ['models/gru_variants.py', 'model'],
  ['models/cross_attention.py', 'model'],
  ['models/multi_io.py', 'model'],
  ['models/nested_sequential.py', 'outer'],
  ['models/seeded_initializers.py', 'model'],
  ['models/normalization_layers.py', 'img_norm'],
  ['models/text_cnn.py', 'model'],
];

function bytesOf(a: ArrayBufferView): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}

/** The bytes the plan gives the variable at `path` (Keras's variable path). */
function plannedBytes(plan: ModelWeightsPlan, path: string): Uint8Array {
  const v = plan.variables.find((x) => x.path === path);
  assert.ok(v, path);
  const parts = [...variableChunks(v)].map(bytesOf);
  const out = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function planFor(source: string, variable: string, seed: number): ModelWeightsPlan {
  const text = fs.readFileSync(path.join(MODEL_FIXTURES, source), 'utf8');
  const analysis = analyzeModels(text);
  const model = analysis.models.find((m) => m.variable === variable);
  assert.ok(model, `${source} ${variable}`);
  return planModelWeights(analysis, model, { seed });
}

interface ReadBack {
  datasets: Map<string, { shape: number[]; bytes: Uint8Array }>;
  groups: Map<string, string | undefined>;
}

async function readBack(file: string): Promise<ReadBack> {
  const h5 = await loadH5wasm();
  const f = new h5.File(file, 'r');
  assert.ok(f.file_id >= 0n, file);
  const datasets = new Map<string, { shape: number[]; bytes: Uint8Array }>();
  const groups = new Map<string, string | undefined>();
  try {
    for (const p of f.paths()) {
      const key = p.replace(/^\//, '');
      const entry = f.get(p);
      assert.ok(entry !== null, p);
      if ('shape' in entry) {
        const value = entry.value as ArrayBufferView | number | bigint;
        const bytes =
          typeof value === 'number'
            ? bytesOf(entry.metadata.type === 1 ? new Float32Array([value]) : new Int32Array([value]))
            : typeof value === 'bigint'
              ? bytesOf(new BigInt64Array([value]))
              : bytesOf(value).slice();
        datasets.set(key, { shape: entry.shape ?? [], bytes });
      } else {
        const name = entry.attrs.name?.value;
        groups.set(key, typeof name === 'string' ? name : undefined);
      }
    }
  } finally {
    f.close();
  }
  return { datasets, groups };
}

suite('keras-init model: .weights.h5 files read back', () => {
  let dir: string;
  setup(() => {
    dir = tempDir('model-h5');
  });
  teardown(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('reference models: every dataset, shape and value as planned; Keras groups and names', async function () {
    this.timeout(120000);
    const reference = loadModelReference();
    for (const [source, variable] of CASES) {
      const out = path.join(dir, `${path.basename(source, '.py')}.weights.h5`);
      const run = await runCli(['model', path.join(MODEL_FIXTURES, source), '--model', variable, '--seed', '7', '-o', out], { cwd: dir });
      assert.equal(run.status, 0, `${source}: ${run.stderr}`);
      assert.equal(run.stdout, `${out}\n`);
      assert.match(run.stderr, /Seed 7 \(--seed\)|^Wrote/m);
      const plan = planFor(source, variable, 7);
      const back = await readBack(out);
      const saved = plan.variables.filter((v): v is typeof v & { dataset: string } => v.dataset !== null);
      assert.deepEqual([...back.datasets.keys()].sort(), saved.map((v) => v.dataset).sort(), source);
      for (const v of saved) {
        const got = back.datasets.get(v.dataset);
        assert.ok(got, v.dataset);
        assert.deepEqual(got.shape, [...v.shape], `${source} ${v.dataset} shape`);
        assert.ok(Buffer.from(got.bytes).equals(Buffer.from(plannedBytes(plan, v.path))), `${source} ${v.dataset} values`);
      }
      // Every named group Keras writes for this model (reference.json) is there with its name.
      const ref = reference.files.find((f) => f.source === source)?.models.find((m) => m.variable === variable);
      assert.ok(ref?.h5, source);
      for (const e of ref.h5) {
        if (e.kind !== 'group' || typeof e.attrs.name !== 'string') continue;
        if (/\/_(softmax|dropout_layer)\/vars$/.test(e.path)) {
          assert.ok(back.groups.has(e.path), `${source}: ${e.path}`);
          continue; // Keras numbers these names program-wide.
        }
        assert.equal(back.groups.get(e.path), e.attrs.name, `${source}: ${e.path}`);
      }
      assert.deepEqual(
        fs.readdirSync(dir).filter((n) => n.endsWith('.tmp')),
        [],
      );
    }
  });

  test('no replacement without --force; --force replaces; nothing left behind', async function () {
    this.timeout(60000);
    const source = path.join(MODEL_FIXTURES, 'models/mnist_mlp.py');
    const first = await runCli(['model', source, '--seed', '1'], { cwd: dir });
    assert.equal(first.status, 0, first.stderr);
    const target = path.join(dir, 'sequential.weights.h5');
    assert.equal(first.stdout, `${target}\n`);
    const before = fs.readFileSync(target);
    const again = await runCli(['model', source, '--seed', '2'], { cwd: dir });
    assert.equal(again.status, 1);
    assert.match(again.stderr, /already exists; add --force/);
    assert.ok(fs.readFileSync(target).equals(before));
    const forced = await runCli(['model', source, '--seed', '2', '--force'], { cwd: dir });
    assert.equal(forced.status, 0, forced.stderr);
    assert.ok(!fs.readFileSync(target).equals(before));
    assert.deepEqual(fs.readdirSync(dir), ['sequential.weights.h5']);
  });

  test('a model the reader cannot size: exit 1, each layer and reason, no file', async () => {
    const run = await runCli(['model', path.join(MODEL_FIXTURES, 'models/runtime_data.py'), '--seed', '1'], { cwd: dir });
    assert.equal(run.status, 1);
    assert.match(run.stderr, /cannot write the weights of model .* nothing was written:\n {2}normalization: the result of `numpy\.loadtxt/);
    assert.deepEqual(fs.readdirSync(dir), []);
  });

  test('without --seed one is drawn and printed, and repeats the run', async function () {
    this.timeout(60000);
    const source = path.join(MODEL_FIXTURES, 'models/mnist_mlp.py');
    const run = await runCli(['model', source, '-o', 'a.weights.h5'], { cwd: dir });
    assert.equal(run.status, 0, run.stderr);
    const seed = /Seed (\d+) was drawn at random; add --seed \1 to repeat this run\./.exec(run.stderr)?.[1];
    assert.ok(seed !== undefined, run.stderr);
    const repeat = await runCli(['model', source, '-o', 'b.weights.h5', '--seed', seed], { cwd: dir });
    assert.equal(repeat.status, 0, repeat.stderr);
    const [a, b] = await Promise.all([readBack(path.join(dir, 'a.weights.h5')), readBack(path.join(dir, 'b.weights.h5'))]);
    for (const [k, v] of a.datasets) assert.ok(Buffer.from(v.bytes).equals(Buffer.from(b.datasets.get(k)?.bytes ?? [])), k);
  });

  test('--seed S+1 changes every unseeded variable', () => {
    const a = planFor('models/gru_variants.py', 'model', 100);
    const b = planFor('models/gru_variants.py', 'model', 101);
    for (const v of a.variables) {
      if (v.source.kind !== 'initializer' || !v.source.seedAssigned) continue;
      if (v.source.parts.every((p) => p.initializer.className === 'Zeros')) continue;
      assert.ok(!Buffer.from(plannedBytes(a, v.path)).equals(Buffer.from(plannedBytes(b, v.path))), v.path);
    }
  });

  test('large tensors go through chunked datasets with the same values', async function () {
    this.timeout(60000);
    const plan = planFor('models/mnist_mlp.py', 'model', 3);
    const out = path.join(dir, 'chunked.weights.h5');
    await writeWeightsH5(plan, out, { chunkedMinValues: 1000, slabValues: 5000 });
    const back = await readBack(out);
    for (const v of plan.variables) {
      assert.ok(Buffer.from(back.datasets.get(v.dataset ?? '')?.bytes ?? []).equals(Buffer.from(plannedBytes(plan, v.path))), v.path);
    }
    assert.deepEqual(fs.readdirSync(dir), ['chunked.weights.h5']);
  });

  test('-o x.npz: the same values keyed by variable path, in model.weights order', async function () {
    this.timeout(60000);
    const source = path.join(MODEL_FIXTURES, 'models/mnist_mlp.py');
    const run = await runCli(['model', source, '--seed', '9', '-o', 'm.npz'], { cwd: dir });
    assert.equal(run.status, 0, run.stderr);
    const members = unzipSync(fs.readFileSync(path.join(dir, 'm.npz')));
    const plan = planFor('models/mnist_mlp.py', 'model', 9);
    assert.deepEqual(
      Object.keys(members),
      plan.variables.map((v) => `${v.path}.npy`),
    );
    for (const v of plan.variables) {
      const npy = readNpy(members[`${v.path}.npy`]);
      assert.deepEqual(npy.shape, [...v.shape]);
      assert.ok(Buffer.from(npy.data).equals(Buffer.from(plannedBytes(plan, v.path))), v.path);
    }
  });

  test('a failed write leaves nothing: an unwritable folder', async () => {
    const plan = planFor('models/mnist_mlp.py', 'model', 3);
    await assert.rejects(
      writeWeightsH5(plan, path.join(dir, 'missing', 'x.weights.h5')),
      /is not a folder that exists; nothing was written/,
    );
    assert.deepEqual(fs.readdirSync(dir), []);
  });
});
