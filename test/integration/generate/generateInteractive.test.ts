/**
 * The interactive path of "Generate Weight File…": every question answered with its first (default)
 * choice by accepting the open quick input, the save dialog included (VS Code's own dialog, which is
 * a quick input too). The command must resolve with a written file named after its contents.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { GenerateResult } from '../../../src/extension/generateCommand';
import { acceptUntil } from '../shared/acceptUntil';
import { ourExtension, workspaceFile } from '../shared/extension';

const GENERATE = 'kerasInitializers.generateWeights';

suite('Generate Weight File… answered with the defaults', () => {
  suiteSetup(async () => {
    await ourExtension().activate();
    // VS Code's own save dialog (a quick input) also on a desktop host, where it would be the OS dialog.
    await vscode.workspace.getConfiguration('files').update('simpleDialog.enable', true, vscode.ConfigurationTarget.Global);
  });

  suiteTeardown(async () => {
    await vscode.workspace.getConfiguration('files').update('simpleDialog.enable', undefined, vscode.ConfigurationTarget.Global);
  });

  test('from the initializer under the cursor: its shape and seed come from the editor, the file is named after them', async () => {
    const source =
      'import keras\n\nlayer = keras.layers.Dense(256, input_dim=784, kernel_initializer=keras.initializers.HeNormal(seed=42))\n';
    const file = workspaceFile('generate_model.py');
    await vscode.workspace.fs.writeFile(file, new TextEncoder().encode(source));
    const document = await vscode.workspace.openTextDocument(file);
    const editor = await vscode.window.showTextDocument(document);
    const at = source.indexOf('HeNormal(seed=42)');
    editor.selection = new vscode.Selection(document.positionAt(at + 2), document.positionAt(at + 2));
    const result = await acceptUntil(Promise.resolve(vscode.commands.executeCommand<GenerateResult>(GENERATE)));
    assert.equal(result.ok, true, result.error);
    assert.equal(result.seed, 42);
    assert.match(result.uri ?? '', /he_normal_784x256_seed42\.npy$/);
    const bytes = await vscode.workspace.fs.readFile(vscode.Uri.parse(result.uri ?? ''));
    assert.equal(bytes.length, 128 + 784 * 256 * 4);
  });
});
