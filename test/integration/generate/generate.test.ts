/**
 * "Generate Weight File…" in a real extension host: the command with a full argument (no questions)
 * writes through vscode.workspace.fs a file whose bytes — read back with an npy/safetensors reader
 * written here — are the tensors real Keras 3 produced (sha256 of the reference vectors); existing
 * files are kept without consent; errors come back as results and leave nothing in the folder.
 */
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as vscode from 'vscode';
import { writeAtomically } from '../../../src/core';
import { uriAtomicTarget } from '../../../src/extension/fileWriter';
import type { GenerateResult } from '../../../src/extension/generateCommand';
import glorotUniform from '../../fixtures/keras-numpy/GlorotUniform.json';
import heNormal from '../../fixtures/keras-numpy/HeNormal.json';
import { ourExtension, workspaceFile } from '../shared/extension';

const GENERATE = 'kerasInitializers.generateWeights';

interface Case {
  readonly kwargs: unknown;
  readonly shape: number[];
  readonly dtype: string | null;
  readonly sha256_le?: string;
}

function referenceSha(file: { cases: unknown[] }, kwargs: unknown, shape: number[], dtype: string): string {
  const found = (file.cases as Case[]).find(
    (c) => JSON.stringify(c.kwargs) === JSON.stringify(kwargs) && JSON.stringify(c.shape) === JSON.stringify(shape) && c.dtype === dtype,
  );
  if (found?.sha256_le === undefined) throw new Error(`no reference case for ${JSON.stringify(kwargs)} ${JSON.stringify(shape)} ${dtype}`);
  return found.sha256_le;
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** .npy read from the format's description: magic, version, header length, header dict, data. */
function readNpy(bytes: Uint8Array): { descr: string; shape: number[]; data: Uint8Array } {
  assert.equal(Buffer.from(bytes.subarray(0, 6)).toString('latin1'), '\x93NUMPY');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const v1 = bytes[6] === 1;
  const length = v1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const start = v1 ? 10 : 12;
  const header = Buffer.from(bytes.subarray(start, start + length)).toString('latin1');
  const descr = /'descr': '([^']+)'/.exec(header)?.[1] ?? '';
  const shape = (/'shape': \(([^)]*)\)/.exec(header)?.[1] ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map(Number);
  return { descr, shape, data: bytes.subarray(start + length) };
}

/** .safetensors read from its description: u64 header length, JSON header, data. */
function readSafetensors(bytes: Uint8Array): {
  header: Record<string, { dtype: string; shape: number[]; data_offsets: [number, number] }>;
  metadata: Record<string, string>;
  data: Uint8Array;
} {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = Number(view.getBigUint64(0, true));
  const json = JSON.parse(Buffer.from(bytes.subarray(8, 8 + n)).toString('utf8')) as Record<string, unknown>;
  const { __metadata__: metadata, ...header } = json;
  return { header: header as never, metadata: (metadata ?? {}) as Record<string, string>, data: bytes.subarray(8 + n) };
}

async function generate(argument: unknown): Promise<GenerateResult> {
  return (await vscode.commands.executeCommand(GENERATE, argument)) as GenerateResult;
}

async function folderNames(): Promise<string[]> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('no workspace folder');
  return (await vscode.workspace.fs.readDirectory(folder.uri)).map(([name]) => name).sort();
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

suite('Generate Weight File… (kerasInitializers.generateWeights)', () => {
  let before: string[];

  suiteSetup(async () => {
    await ourExtension().activate();
    before = await folderNames();
  });

  test('the command is registered', async () => {
    assert.ok((await vscode.commands.getCommands(true)).includes(GENERATE));
  });

  test('HeNormal(seed=0), 784×256 float32 → .npy whose data is the Keras tensor', async () => {
    const target = workspaceFile('he_normal_784x256_seed0.npy');
    const result = await generate({ initializer: 'HeNormal(seed=0)', shape: [784, 256], dtype: 'float32', target, overwrite: false });
    assert.equal(result.ok, true, result.error);
    assert.equal(result.format, 'npy');
    assert.equal(result.seed, 0);
    assert.equal(result.uri, target.toString());
    const npy = readNpy(await vscode.workspace.fs.readFile(target));
    assert.equal(npy.descr, '<f4');
    assert.deepEqual(npy.shape, [784, 256]);
    assert.equal(sha256(npy.data), referenceSha(heNormal, { seed: 0 }, [784, 256], 'float32'));
    assert.match(result.python ?? '', /np\.load\(".*he_normal_784x256_seed0\.npy"\)/);
  });

  test('a Keras config and a URI string work too; an existing file is not replaced without consent', async () => {
    const target = workspaceFile('he_normal_784x256_seed0.npy');
    const original = await vscode.workspace.fs.readFile(target);
    const refused = await generate({ initializer: { class_name: 'Zeros', config: {} }, shape: [2], target: target.toString() });
    assert.equal(refused.ok, false);
    assert.match(refused.error ?? '', /already exists/);
    assert.deepEqual(await vscode.workspace.fs.readFile(target), original);
    const replaced = await generate({
      initializer: { class_name: 'Zeros', config: {} },
      shape: [2],
      target: target.toString(),
      overwrite: true,
    });
    assert.equal(replaced.ok, true, replaced.error);
    assert.deepEqual(readNpy(await vscode.workspace.fs.readFile(target)).shape, [2]);
  });

  test('a Dense layer (seed 0) → .safetensors: kernel = GlorotUniform(seed=0)((784, 256)), bias zeros, seeds recorded', async () => {
    const target = workspaceFile('dense.safetensors');
    const result = await generate({ layer: { className: 'Dense', args: { units: 256, input_dim: 784 } }, seed: 0, target });
    assert.equal(result.ok, true, result.error);
    assert.deepEqual(
      result.tensors?.map((t) => t.name),
      ['kernel', 'bias'],
    );
    const file = readSafetensors(await vscode.workspace.fs.readFile(target));
    const kernel = file.header.kernel;
    assert.deepEqual([kernel.dtype, kernel.shape], ['F32', [784, 256]]);
    assert.equal(
      sha256(file.data.subarray(kernel.data_offsets[0], kernel.data_offsets[1])),
      referenceSha(glorotUniform, { seed: 0 }, [784, 256], 'float32'),
    );
    const bias = file.header.bias;
    assert.ok(file.data.subarray(bias.data_offsets[0], bias.data_offsets[1]).every((b) => b === 0));
    assert.equal(file.metadata.layer, 'Dense');
    assert.equal(file.metadata['kernel.seed'], '0');
    assert.match(result.python ?? '', /layer = keras\.layers\.Dense\(256\)\nlayer\.build\(\(None, 784\)\)\nlayer\.set_weights\(arrays\)/);
  });

  test('a tensor larger than one write (12.6 MB, streamed through a file handle, with progress) is complete', async () => {
    const target = workspaceFile('big.npy');
    const result = await generate({ initializer: 'RandomUniform(seed=3)', shape: [2048, 1536], target });
    assert.equal(result.ok, true, result.error);
    const stat = await vscode.workspace.fs.stat(target);
    assert.equal(stat.size, 128 + 2048 * 1536 * 4);
    assert.equal(result.bytes, stat.size);
  });

  test('bad input is an error result with a clear message, and nothing is left behind', async () => {
    const cases: [unknown, RegExp][] = [
      [{ initializer: 'he_normal', shape: [3, 0], target: workspaceFile('a.npy') }, /`shape`: dimension 2 \('0'\) is zero/],
      [
        { initializer: 'Identity', shape: [3, 3, 3], target: workspaceFile('b.npy') },
        /Identity matrix initializer can only be used for 2D matrices\. Received: shape=\(3, 3, 3\) of rank 3\./,
      ],
      [
        { initializer: 'orthogonal', shape: [5], seed: 1, target: workspaceFile('c.npy') },
        /The tensor to initialize must be at least two-dimensional\. Received: shape=\(5,\) of rank 1\./,
      ],
      [{ initializer: 'glorot', shape: [3], target: workspaceFile('d.npy') }, /Could not interpret initializer identifier: glorot/],
      [
        { initializer: 'he_normal', shape: [3], dtype: 'int8', target: workspaceFile('e.npy') },
        /`dtype` must be one of float32, float16, float64/,
      ],
      [{ initializer: 'he_normal', shape: [3], format: 'csv', target: workspaceFile('f.npy') }, /ends in \.npy but the format is csv/],
      [
        { initializer: 'he_normal', shape: [100000, 100000], format: 'json', target: workspaceFile('g.json') },
        /\.json holds at most 50000000 values/,
      ],
      [
        { initializer: 'he_normal', shape: [3], target: workspaceFile('no-such-folder/h.npy') },
        /Cannot write h\.npy: the folder .*no-such-folder does not exist/,
      ],
      [{ initializer: 'he_normal', shape: [3], target: 42 }, /`target` must be a file URI/],
    ];
    const existing = await folderNames();
    for (const [argument, message] of cases) {
      const result = await generate(argument);
      assert.equal(result.ok, false, JSON.stringify(argument));
      assert.match(result.error ?? '', message);
    }
    assert.deepEqual(await folderNames(), existing);
  });

  test('a full disk midway (ENOSPC from the write): no target, temporary removed', async () => {
    const target = workspaceFile('full.npy');
    let calls = 0;
    const atomic = uriAtomicTarget(target, {
      inMemoryLimitBytes: 1 << 30,
      expectedBytes: 64 << 20,
      write: async (handle, bytes) => {
        if (++calls === 3) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
        await handle.write(bytes);
      },
    });
    const pieces = [new Uint8Array(1000), new Uint8Array(1000), new Uint8Array(1000), new Uint8Array(1000)];
    await assert.rejects(writeAtomically(atomic, pieces), /the disk is full/);
    assert.equal(await exists(target), false);
    assert.equal(await exists(atomic.tempUri), false);
  });

  test('only the files asked for were added to the workspace: no temporaries remain', async () => {
    const added = (await folderNames()).filter((n) => !before.includes(n));
    assert.deepEqual(added, ['big.npy', 'dense.safetensors', 'he_normal_784x256_seed0.npy']);
  });
});
