/**
 * "Generate Model Weights…" in a real extension host. The command writes a model's `.weights.h5`
 * (read back here with h5wasm) and `.safetensors` (read with a reader written here), whose seeded
 * variables hold the bits real Keras 3 draws (sha256 recorded by real Keras in
 * test/fixtures/keras-models/reference.json); the seed rule repeats and changes only what it should;
 * an existing file is kept without consent; a model the reader cannot size is refused with its reasons
 * and nothing written; the CodeLens above each model runs the command for it; and the palette path,
 * every question answered with its default, writes the model under the cursor.
 */
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as vscode from 'vscode';
import { loadH5wasm } from '../../../src/node/weightsH5';
import type { ModelWeightsResult } from '../../../src/extension/modelWeightsCommand';
import reference from '../../fixtures/keras-models/reference.json';
import { acceptUntil } from '../shared/acceptUntil';
import { ourExtension, workspaceFile } from '../shared/extension';

const GENERATE_MODEL = 'kerasInitializers.generateModelWeights';
const SOURCE = 'seeded_models.py';

interface ReferenceWeight {
  readonly path: string;
  readonly shape: number[];
  readonly sha256?: string;
}

/** What real Keras recorded for `variable` of models/seeded_initializers.py (copied into the workspace as seeded_models.py). */
function kerasWeights(variable: string): ReferenceWeight[] {
  const file = (
    reference as { files: { source: string; models: { variable: string; layers: { weights: ReferenceWeight[] }[] }[] | null }[] }
  ).files.find((f) => f.source === 'models/seeded_initializers.py');
  const model = file?.models?.find((m) => m.variable === variable);
  if (model === undefined) throw new Error(`no Keras reference for ${variable}`);
  return model.layers.flatMap((l) => l.weights);
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

async function run(argument: unknown): Promise<ModelWeightsResult> {
  return (await vscode.commands.executeCommand(GENERATE_MODEL, argument)) as ModelWeightsResult;
}

/** Every dataset of a .weights.h5: shape and little-endian bytes. */
async function readH5(uri: vscode.Uri): Promise<Map<string, { shape: number[]; bytes: Uint8Array }>> {
  const h5 = await loadH5wasm();
  const f = new h5.File(uri.fsPath, 'r');
  const out = new Map<string, { shape: number[]; bytes: Uint8Array }>();
  try {
    const walk = (group: { keys(): string[]; get(name: string): unknown }, prefix: string): void => {
      for (const name of group.keys()) {
        const item = group.get(name) as { keys?: () => string[]; shape?: number[]; value?: ArrayBufferView };
        const at = prefix === '' ? name : `${prefix}/${name}`;
        if (typeof item.keys === 'function') walk(item as never, at);
        else if (item.value !== undefined) {
          const v = item.value;
          out.set(at, { shape: item.shape ?? [], bytes: new Uint8Array(v.buffer, v.byteOffset, v.byteLength).slice() });
        }
      }
    };
    walk(f as never, '');
  } finally {
    f.close();
  }
  return out;
}

/** .safetensors read from its description: u64 header length, JSON header, data. */
function readSafetensors(bytes: Uint8Array): {
  names: string[];
  tensor(name: string): { shape: number[]; bytes: Uint8Array };
  metadata: Record<string, string>;
} {
  const n = Number(new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getBigUint64(0, true));
  const json = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + n))) as Record<
    string,
    { shape: number[]; data_offsets: [number, number] }
  >;
  const { __metadata__: metadata, ...header } = json as Record<string, unknown>;
  const data = bytes.subarray(8 + n);
  const entries = header as Record<string, { shape: number[]; data_offsets: [number, number] }>;
  return {
    names: Object.keys(entries).sort((a, b) => entries[a].data_offsets[0] - entries[b].data_offsets[0]),
    tensor: (name) => ({ shape: entries[name].shape, bytes: data.subarray(entries[name].data_offsets[0], entries[name].data_offsets[1]) }),
    metadata: (metadata ?? {}) as Record<string, string>,
  };
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

suite('Generate Model Weights…', () => {
  const source = workspaceFile(SOURCE);

  suiteSetup(async () => {
    await ourExtension().activate();
  });

  test('writes the .weights.h5 Keras would save: every path and shape, seeded variables bit for bit', async () => {
    const target = workspaceFile('seeded.weights.h5');
    const result = await run({ uri: source.toString(), model: 'model', seed: 9, target: target.toString() });
    assert.equal(result.ok, true, result.error);
    assert.equal(result.format, 'weights.h5');
    assert.equal(result.seed, 9);
    assert.equal(result.seedDrawn, false);
    assert.equal(result.python, 'model.load_weights("seeded.weights.h5")\n');
    const keras = kerasWeights('model');
    assert.deepEqual(
      result.variables?.map((v) => `${v.path} ${v.shape.join('x')}`),
      keras.map((w) => `${w.path} ${w.shape.join('x')}`),
    );
    const datasets = await readH5(target);
    let seeded = 0;
    for (const [k, w] of keras.entries()) {
      const written = result.variables?.[k];
      assert.ok(written);
      assert.ok(written.dataset !== null, `${w.path} is saved by Keras`);
      const ds = datasets.get(written.dataset);
      assert.ok(ds, `${written.dataset} is in the file`);
      assert.deepEqual(ds.shape, w.shape);
      if (w.sha256 !== undefined) {
        assert.equal(sha256(ds.bytes), w.sha256, `${w.path} holds Keras's bits`);
        seeded++;
      }
    }
    assert.equal(seeded, 5);
    // The one random initializer without a seed (he_normal) got one from the rule; the constants none.
    assert.deepEqual(
      result.variables?.filter((v) => v.seed !== null).map((v) => v.path),
      [
        'sequential/dense/kernel',
        'sequential/dense_1/kernel',
        'sequential/dense_2/kernel',
        'sequential/dense_2/bias',
        'sequential/dense_3/kernel',
        'sequential/dense_4/kernel',
      ],
    );
  });

  test('an existing file is kept without consent; the same seed repeats the file, another changes only the unseeded variable', async () => {
    const target = workspaceFile('seeded.weights.h5');
    const before = await readH5(target);
    const kept = await run({ uri: source.toString(), model: 'model', seed: 10, target: target.toString() });
    assert.equal(kept.ok, false);
    assert.match(kept.error ?? '', /already exists; nothing was written/);
    assert.deepEqual(await readH5(target), before, 'the file is untouched');

    const again = await run({ uri: source.toString(), model: 'model', seed: 9, target: target.toString(), overwrite: true });
    assert.equal(again.ok, true, again.error);
    assert.deepEqual(await readH5(target), before, 'seed 9 again: the same datasets');

    const other = await run({ uri: source.toString(), model: 'model', seed: 10, target: target.toString(), overwrite: true });
    assert.equal(other.ok, true, other.error);
    const after = await readH5(target);
    const changed = [...after.keys()].filter(
      (k) => sha256(after.get(k)?.bytes ?? new Uint8Array()) !== sha256(before.get(k)?.bytes ?? new Uint8Array()),
    );
    const unseeded = other.variables?.find((v) => v.path === 'sequential/dense_3/kernel');
    assert.deepEqual(changed, [unseeded?.dataset]);
  });

  test('.safetensors: keys are the variable paths in model.weights order, with Keras bits and the seed recorded', async () => {
    const target = workspaceFile('rnn.safetensors');
    const result = await run({ uri: source.toString(), model: 'rnn', target: target.toString() });
    assert.equal(result.ok, true, result.error);
    assert.equal(result.format, 'safetensors');
    const file = readSafetensors(await vscode.workspace.fs.readFile(target));
    const keras = kerasWeights('rnn');
    assert.deepEqual(
      file.names,
      keras.map((w) => w.path),
    );
    for (const w of keras) {
      assert.deepEqual(file.tensor(w.path).shape, w.shape);
      if (w.sha256 !== undefined) assert.equal(sha256(file.tensor(w.path).bytes), w.sha256, w.path);
    }
    assert.match(result.python ?? '', /rnn\.set_weights\(\[tensors\[v\.path\] for v in rnn\.weights\]\)/);
  });

  test('a model the reader cannot size is refused with the layer and the reason; nothing is written', async () => {
    const file = workspaceFile('custom_layer.py');
    await vscode.workspace.fs.writeFile(
      file,
      new TextEncoder().encode(
        'import keras\nfrom mylib import Block\n\nnet = keras.Sequential([keras.Input((4,)), Block(8), keras.layers.Dense(2)])\n',
      ),
    );
    const target = workspaceFile('net.weights.h5');
    const result = await run({ uri: file.toString(), target: target.toString() });
    assert.equal(result.ok, false);
    assert.match(result.error ?? '', /Cannot write the weights of net .*Block/);
    assert.match(result.error ?? '', /Nothing was written/);
    assert.equal(await exists(target), false);
    const names = (await vscode.workspace.fs.readDirectory(workspaceFile(''))).map(([n]) => n);
    assert.deepEqual(
      names.filter((n) => n.includes('.tmp') || n.startsWith('.net')),
      [],
      'no temporary left',
    );
  });

  test('bad arguments come back as errors naming what is accepted', async () => {
    const wrongName = await run({ uri: source.toString(), model: 'nope', target: workspaceFile('x.weights.h5').toString() });
    assert.equal(wrongName.ok, false);
    assert.match(wrongName.error ?? '', /has no model named nope; its models: model \(sequential/);
    const wrongSuffix = await run({ uri: source.toString(), target: workspaceFile('x.h5').toString() });
    assert.match(wrongSuffix.error ?? '', /must end in \.weights\.h5, \.npz, \.safetensors/);
    assert.equal(await exists(workspaceFile('x.h5')), false);
  });

  test('a CodeLens above each model runs the command for that model', async () => {
    const document = await vscode.workspace.openTextDocument(source);
    await vscode.window.showTextDocument(document);
    const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', source, 10)) ?? [];
    const ours = lenses.filter((l) => l.command?.command === GENERATE_MODEL);
    assert.deepEqual(
      ours.map((l) => (l.command?.arguments?.[0] as { model: string }).model),
      ['model', 'rnn', 'conv', 'embedding'],
    );
    for (const lens of ours) {
      const line = document.lineAt(lens.range.start.line).text;
      assert.ok(line.startsWith(`${(lens.command?.arguments?.[0] as { model: string }).model} =`), line);
      assert.equal(lens.command?.title, '$(save-all) Generate weights');
    }
  });

  test('from the palette with every default answer: the model under the cursor, a drawn seed, .weights.h5 beside the file', async () => {
    await vscode.workspace.getConfiguration('files').update('simpleDialog.enable', true, vscode.ConfigurationTarget.Global);
    try {
      const document = await vscode.workspace.openTextDocument(source);
      const editor = await vscode.window.showTextDocument(document);
      const at = document.getText().indexOf('layers.Dense(4, kernel_initializer="he_normal")');
      editor.selection = new vscode.Selection(document.positionAt(at + 3), document.positionAt(at + 3));
      const result = await acceptUntil(Promise.resolve(vscode.commands.executeCommand<ModelWeightsResult>(GENERATE_MODEL)));
      assert.equal(result.ok, true, result.error);
      assert.equal(result.model, 'model');
      assert.equal(result.format, 'weights.h5');
      assert.equal(result.uri, workspaceFile('sequential.weights.h5').toString());
      assert.equal(result.seedDrawn, true, 'the seed question was left empty: one was drawn for he_normal');
      assert.equal(typeof result.seed, 'number');
      const datasets = await readH5(vscode.Uri.parse(result.uri ?? ''));
      for (const [k, w] of kerasWeights('model').entries()) {
        const ds = datasets.get(result.variables?.[k]?.dataset ?? '');
        assert.ok(ds, w.path);
        if (w.sha256 !== undefined) assert.equal(sha256(ds.bytes), w.sha256, w.path);
      }
    } finally {
      await vscode.workspace.getConfiguration('files').update('simpleDialog.enable', undefined, vscode.ConfigurationTarget.Global);
    }
  });
});
