/**
 * Runs in a window of its own: activation happens once per extension host, so "a .py file activates the
 * extension" can only be observed in a host where nothing else activated it first.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { ourExtension, workspaceFile } from '../shared/extension';
import { waitFor } from '../shared/waitFor';

suite('activation on a Python file', () => {
  test('the extension is loaded but inactive before any Python file is open', () => {
    const extension = ourExtension();
    assert.equal(extension.isActive, false, 'activated before a Python file was opened (activation events too broad?)');
  });

  test('opening a .py file activates it (onLanguage:python)', async () => {
    const document = await vscode.workspace.openTextDocument(workspaceFile('model.py'));
    assert.equal(document.languageId, 'python');
    await vscode.window.showTextDocument(document);
    await waitFor('the extension to activate', () => (ourExtension().isActive ? true : undefined));
  });

  test('activation returned the extension API with no preview open', () => {
    const api = ourExtension().exports;
    assert.equal(typeof api.preview.ping, 'function');
    assert.equal(api.preview.isOpen(), false);
  });
});
