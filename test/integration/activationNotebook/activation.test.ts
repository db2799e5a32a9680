/**
 * Runs in a window of its own (activation happens once per extension host). The notebook opened first
 * has only Markdown cells, so no Python document exists and only onNotebook:jupyter-notebook can
 * activate the extension.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { ourExtension, workspaceFile } from '../shared/extension';
import { waitFor } from '../shared/waitFor';

suite('activation on a Jupyter notebook', () => {
  test('the extension is loaded but inactive before any notebook is open', () => {
    assert.equal(ourExtension().isActive, false, 'activated before a notebook was opened (activation events too broad?)');
  });

  test('opening an .ipynb activates it through onNotebook:jupyter-notebook', async () => {
    const notebook = await vscode.workspace.openNotebookDocument(workspaceFile('markdown-only.ipynb'));
    assert.equal(notebook.notebookType, 'jupyter-notebook');
    assert.ok(notebook.cellCount >= 2, `cells: ${notebook.cellCount}`);
    for (const cell of notebook.getCells()) assert.equal(cell.kind, vscode.NotebookCellKind.Markup, 'the notebook must hold no code cell');
    assert.equal(
      vscode.workspace.textDocuments.some((d) => d.languageId === 'python'),
      false,
      'a Python document is open, so onLanguage:python could have fired',
    );
    await vscode.window.showNotebookDocument(notebook);
    await waitFor('the extension to activate', () => (ourExtension().isActive ? true : undefined));
  });

  test('the built-in ipynb serializer opens a notebook of Python cells', async () => {
    const notebook = await vscode.workspace.openNotebookDocument(workspaceFile('notebook.ipynb'));
    await vscode.window.showNotebookDocument(notebook);
    const code = notebook.getCells().filter((c) => c.kind === vscode.NotebookCellKind.Code);
    assert.ok(code.length >= 2, `code cells: ${code.length}`);
    for (const cell of code) assert.equal(cell.document.languageId, 'python');
    assert.match(code[0].document.getText(), /kernel_initializer="he_normal"/);
  });
});
