/**
 * The browser entry (dist/web/extension.js) in code-server's web worker extension host: it runs without
 * Node; hover, completion and diagnostics answer; the preview draws in its webview worker; the model
 * summary reads the model; the initialization check runs in its webview worker; both weight-file
 * commands write into a virtual (in-memory) file system; Generate Weight File… and Generate Model Weights… write into the opened
 * folder through workspace.fs (a .weights.h5 whose seeded variables are real Keras's bits, read back
 * with h5wasm's browser build).
 */
import * as vscode from 'vscode';
import type { ModelWeightsResult } from '../../src/extension/modelWeightsCommand';
import type { ExtensionTestApi } from '../../src/extension/extension';
import type { GenerateResult } from '../../src/extension/generateCommand';
import * as h5wasm from 'h5wasm';
import reference from '../fixtures/keras-models/reference.json';
import { equal, match, ok, waitFor } from './expect';
import { MemoryFileSystem } from './memoryFileSystem';

const EXTENSION_ID = 'keras-initializers.keras-initializers';
const SOURCE = [
  'import keras',
  'from keras import layers',
  '',
  'model = keras.Sequential([',
  '    keras.Input((784,)),',
  '    layers.Dense(256, activation="relu", kernel_initializer="he_normal"),',
  '    layers.Dense(10, kernel_initializer=keras.initializers.GlorotUniform(seed=42)),',
  '])',
  '',
].join('\n');

interface ReferenceWeight {
  readonly path: string;
  readonly sha256?: string;
}

/** What real Keras recorded for `variable` of models/seeded_initializers.py. */
function kerasWeights(variable: string): ReferenceWeight[] {
  const files = (
    reference as { files: { source: string; models: { variable: string; layers: { weights: ReferenceWeight[] }[] }[] | null }[] }
  ).files;
  const model = files.find((f) => f.source === 'models/seeded_initializers.py')?.models?.find((m) => m.variable === variable);
  ok(model, `a Keras reference for ${variable}`);
  return model.layers.flatMap((l) => l.weights);
}

async function sha256(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new Uint8Array(bytes).buffer));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Every dataset of a .weights.h5 (read with h5wasm's browser build), as little-endian bytes. */
async function readH5(file: Uint8Array): Promise<Map<string, Uint8Array>> {
  await h5wasm.ready;
  const fs = h5wasm.FS as unknown as { writeFile(path: string, data: Uint8Array): void; unlink(path: string): void };
  fs.writeFile('/read-back.h5', file);
  const f = new h5wasm.File('/read-back.h5', 'r') as unknown as H5Read & { close(): number };
  const out = new Map<string, Uint8Array>();
  const walk = (group: H5Read, prefix: string): void => {
    for (const name of group.keys()) {
      const item = group.get(name) as (H5Read & { value?: undefined }) | { keys?: undefined; value: ArrayBufferView };
      const at = prefix === '' ? name : `${prefix}/${name}`;
      if (typeof item.keys === 'function') walk(item as H5Read, at);
      else if (item.value !== undefined) {
        out.set(at, new Uint8Array(item.value.buffer, item.value.byteOffset, item.value.byteLength).slice());
      }
    }
  };
  try {
    walk(f, '');
  } finally {
    f.close();
    fs.unlink('/read-back.h5');
  }
  return out;
}

interface H5Read {
  keys(): string[];
  get(name: string): unknown;
}

function workspaceFile(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  ok(folder, 'a workspace folder is open');
  return vscode.Uri.joinPath(folder.uri, name);
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

/** Defines the suite; called once mocha's browser build has set up `suite` and `test`. */
export function defineWebTests(): void {
  suite('the browser entry in the web worker extension host', () => {
    let api: ExtensionTestApi;
    let document: vscode.TextDocument;

    suiteSetup(async () => {
      const extension = vscode.extensions.getExtension<ExtensionTestApi>(EXTENSION_ID);
      ok(extension, `${EXTENSION_ID} is loaded`);
      api = await extension.activate();
      const file = workspaceFile('web_model.py');
      await vscode.workspace.fs.writeFile(file, new TextEncoder().encode(SOURCE));
      document = await vscode.workspace.openTextDocument(file);
      await vscode.window.showTextDocument(document);
    });

    test('it runs in a web worker, without Node: no process, UIKind.Web, extension kind UI', () => {
      equal(typeof (globalThis as { process?: unknown }).process, 'undefined', 'typeof process');
      equal(vscode.env.uiKind, vscode.UIKind.Web, 'env.uiKind');
      equal(vscode.extensions.getExtension(EXTENSION_ID)?.extensionKind, vscode.ExtensionKind.UI, 'extensionKind');
    });

    test('hover gives the layer fans from the model: fan_in 784 from the Input', async () => {
      const at = document.positionAt(SOURCE.indexOf('"he_normal"') + 3);
      const hovers = await waitFor('a hover', async () => {
        const found = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, at);
        const text = (found ?? []).flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
        return text.includes('HeNormal') ? text : undefined;
      });
      match(hovers, /fan_in = 784, fan_out = 256/, 'the hover');
    });

    test('completion after keras.initializers. offers the classes', async () => {
      const file = workspaceFile('web_complete.py');
      await vscode.workspace.fs.writeFile(file, new TextEncoder().encode('import keras\nk = keras.initializers.\n'));
      const doc = await vscode.workspace.openTextDocument(file);
      const list = await vscode.commands.executeCommand<vscode.CompletionList>(
        'vscode.executeCompletionItemProvider',
        doc.uri,
        new vscode.Position(1, 'k = keras.initializers.'.length),
      );
      const labels = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
      ok(labels.includes('HeNormal') && labels.includes('GlorotUniform'), `completion offers HeNormal: ${labels.slice(0, 10).join(', ')}`);
    });

    test('diagnostics flag an unknown initializer id', async () => {
      const file = workspaceFile('web_lint.py');
      await vscode.workspace.fs.writeFile(
        file,
        new TextEncoder().encode('import keras\nd = keras.layers.Dense(4, kernel_initializer="he_nromal")\n'),
      );
      const doc = await vscode.workspace.openTextDocument(file);
      await vscode.window.showTextDocument(doc);
      const diagnostics = await waitFor('a diagnostic', () => {
        const found = vscode.languages.getDiagnostics(doc.uri);
        return found.length > 0 ? found : undefined;
      });
      match(diagnostics.map((d) => d.message).join('\n'), /he_nromal/, 'the diagnostic');
    });

    test('the preview draws its histogram in the webview worker', async () => {
      await vscode.commands.executeCommand('kerasInitializers.openPreview', { initializer: 'he_normal', shape: [784, 256] });
      const snapshot = await waitFor('a drawn preview', async () => {
        const s = await api.preview.snapshot().catch(() => undefined);
        return s !== undefined && s.status === 'ready' && s.histogramDrawn ? s : undefined;
      });
      equal(snapshot.state.config.className, 'HeNormal', 'the class shown');
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    });

    test('the model summary reads the model', async () => {
      await vscode.commands.executeCommand('kerasInitializers.showModelSummary', { uri: document.uri.toString(), model: 'model' });
      const view = await waitFor('the summary view', () => {
        const v = api.summary.view();
        return v !== undefined && v.layers.length === 2 ? v : undefined;
      });
      equal(view.totals.total, 784 * 256 + 256 + 256 * 10 + 10, 'total params');
    });

    test('the initialization check runs the model in its webview worker', async () => {
      await vscode.commands.executeCommand('kerasInitializers.checkModelInitialization', { uri: document.uri.toString(), model: 'model' });
      const done = await waitFor(
        'the check report',
        () => {
          const d = api.check.done();
          return d !== undefined && d.model === 'model' ? d : undefined;
        },
        60_000,
      );
      equal(done.engine, 'worker', 'where the check ran');
      equal(done.layers.map((l) => l.name).join(','), 'dense,dense_1', 'the layers checked');
      const relu = done.layers[0];
      ok(relu.zeroFraction > 0.4 && relu.zeroFraction < 0.6, `about half the ReLU outputs are zero: ${relu.zeroFraction}`);
      ok(relu.gradientStd !== null && relu.gradientStd > 0, 'a gradient came back through the first layer');
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    });

    test('Generate Weight File… writes a .npy into the opened folder through workspace.fs', async () => {
      const target = workspaceFile('web_he.npy');
      const result = await vscode.commands.executeCommand<GenerateResult>('kerasInitializers.generateWeights', {
        initializer: 'he_normal',
        shape: [4, 3],
        seed: 42,
        target: target.toString(),
      });
      equal(result.ok, true, `generate: ${result.error ?? ''}`);
      const bytes = await vscode.workspace.fs.readFile(target);
      equal(bytes.length, 128 + 4 * 3 * 4, 'the .npy size');
      equal(String.fromCharCode(...bytes.subarray(1, 6)), 'NUMPY', 'the .npy magic');
    });

    test('both weight-file commands write into a virtual file system (an in-memory kimem: folder)', async () => {
      const memory = new MemoryFileSystem();
      const registration = vscode.workspace.registerFileSystemProvider(MemoryFileSystem.scheme, memory, { isCaseSensitive: true });
      try {
        const folder = vscode.Uri.from({ scheme: MemoryFileSystem.scheme, path: '/out' });
        await vscode.workspace.fs.createDirectory(folder);
        const npy = vscode.Uri.joinPath(folder, 'he.npy');
        const result = await vscode.commands.executeCommand<GenerateResult>('kerasInitializers.generateWeights', {
          initializer: 'he_normal',
          shape: [8, 4],
          seed: 3,
          target: npy.toString(),
        });
        equal(result.ok, true, `generate: ${result.error ?? ''}`);
        const bytes = await vscode.workspace.fs.readFile(npy);
        equal(bytes.length, 128 + 8 * 4 * 4, 'the .npy size');
        equal(String.fromCharCode(...bytes.subarray(1, 6)), 'NUMPY', 'the .npy magic');
        const h5 = vscode.Uri.joinPath(folder, 'model.weights.h5');
        const written = await vscode.commands.executeCommand<ModelWeightsResult>('kerasInitializers.generateModelWeights', {
          uri: document.uri.toString(),
          model: 'model',
          seed: 1,
          target: h5.toString(),
        });
        equal(written.ok, true, `model weights: ${written.error ?? ''}`);
        const head = (await vscode.workspace.fs.readFile(h5)).subarray(0, 8);
        equal(String.fromCharCode(...head.subarray(1, 4)), 'HDF', 'the HDF5 signature');
        const names = (await vscode.workspace.fs.readDirectory(folder)).map(([n]) => n).sort();
        equal(names.join(','), 'he.npy,model.weights.h5', 'only the two files, no temporary left');
      } finally {
        registration.dispose();
      }
    });

    test('a file larger than generate.inMemoryLimitMB is refused with the setting named, and nothing is left', async () => {
      const config = vscode.workspace.getConfiguration('kerasInitializers');
      await config.update('generate.inMemoryLimitMB', 16, vscode.ConfigurationTarget.Global);
      try {
        const target = workspaceFile('web_big.npy');
        // 2100 × 2100 float32 = 17.6 MB, above 16 MiB
        const result = await vscode.commands.executeCommand<GenerateResult>('kerasInitializers.generateWeights', {
          initializer: 'he_normal',
          shape: [2100, 2100],
          seed: 1,
          target: target.toString(),
        });
        equal(result.ok, false, 'the write is refused');
        match(result.error ?? '', /kerasInitializers\.generate\.inMemoryLimitMB/, 'the message names the setting');
        ok(!(await exists(target)), 'no file');
        const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
        ok(folder, 'a workspace folder');
        const names = (await vscode.workspace.fs.readDirectory(folder)).map(([name]) => name);
        ok(!names.some((n) => n.includes('web_big')), `no temporary left: ${names.join(', ')}`);
      } finally {
        await config.update('generate.inMemoryLimitMB', undefined, vscode.ConfigurationTarget.Global);
      }
    });

    test('Generate Model Weights… writes .npz and a .weights.h5 whose seeded variables hold Keras bits', async () => {
      const npz = workspaceFile('web_model.npz');
      const written = await vscode.commands.executeCommand<ModelWeightsResult>('kerasInitializers.generateModelWeights', {
        uri: document.uri.toString(),
        model: 'model',
        seed: 1,
        target: npz.toString(),
      });
      equal(written.ok, true, `model weights: ${written.error ?? ''}`);
      ok(await exists(npz), 'the .npz is in the folder');
      // seeded_models.py is models/seeded_initializers.py of the Keras reference set.
      const source = workspaceFile('seeded_models.py');
      const h5 = workspaceFile('web_seeded.weights.h5');
      const result = await vscode.commands.executeCommand<ModelWeightsResult>('kerasInitializers.generateModelWeights', {
        uri: source.toString(),
        model: 'model',
        seed: 9,
        target: h5.toString(),
      });
      equal(result.ok, true, `.weights.h5: ${result.error ?? ''}`);
      const datasets = await readH5(await vscode.workspace.fs.readFile(h5));
      let seeded = 0;
      for (const w of kerasWeights('model')) {
        const dataset = result.variables?.find((v) => v.path === w.path)?.dataset ?? '';
        const bytes = datasets.get(dataset);
        ok(bytes, `${dataset} is in the file`);
        if (w.sha256 !== undefined) {
          equal(await sha256(bytes), w.sha256, `${w.path} holds Keras's bits`);
          seeded++;
        }
      }
      equal(seeded, 5, 'seeded variables compared');
    });
  });
}
