/**
 * The browser entry (dist/web/extension.js) in code-server's web worker extension host: it runs without
 * Node; hover, completion and diagnostics answer; the preview draws in its webview worker; the model
 * summary reads the model; Generate Weight File… and Generate Model Weights… write into the opened
 * folder through workspace.fs; and what cannot work there yet says so.
 */
import * as vscode from 'vscode';
import type { ModelWeightsResult } from '../../src/extension/modelWeightsCommand';
import type { ExtensionTestApi } from '../../src/extension/extension';
import type { GenerateResult } from '../../src/extension/generateCommand';
import { equal, match, ok, waitFor } from './expect';

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

    test('Generate Model Weights… writes .npz; .weights.h5 says plainly it is not available here and writes nothing', async () => {
      const npz = workspaceFile('web_model.npz');
      const written = await vscode.commands.executeCommand<ModelWeightsResult>('kerasInitializers.generateModelWeights', {
        uri: document.uri.toString(),
        model: 'model',
        seed: 1,
        target: npz.toString(),
      });
      equal(written.ok, true, `model weights: ${written.error ?? ''}`);
      ok(await exists(npz), 'the .npz is in the folder');
      const h5 = workspaceFile('web_model.weights.h5');
      const refused = await vscode.commands.executeCommand<ModelWeightsResult>('kerasInitializers.generateModelWeights', {
        uri: document.uri.toString(),
        model: 'model',
        target: h5.toString(),
      });
      equal(refused.ok, false, 'the .weights.h5 result');
      match(refused.error ?? '', /not available in the browser yet; choose \.npz or \.safetensors/, 'the message');
      equal(await exists(h5), false, 'no .weights.h5 written');
    });
  });
}
