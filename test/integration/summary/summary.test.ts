/**
 * The model summary in a real extension host: the CodeLens above a model carries its parameter count,
 * the command opens the panel on the model under the cursor with Keras's rows and totals, a row's
 * reveal selects the layer's constructor call in the editor, the panel follows edits, and a
 * 300-layer model renders all its rows (its render time is printed; npm run bench is where speed is judged).
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ExtensionTestApi } from '../../../src/extension/extension';
import type { SummaryView } from '../../../src/protocol/summaryMessages';
import { ourExtension, workspaceFile } from '../shared/extension';
import { waitFor } from '../shared/waitFor';

const SHOW_SUMMARY = 'kerasInitializers.showModelSummary';

function summaryTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all
    .flatMap((g) => g.tabs)
    .filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('kerasInitializers.modelSummary'));
}

suite('model summary', () => {
  let api: ExtensionTestApi;
  let editor: vscode.TextEditor;

  function viewWhen(what: string, ready: (v: SummaryView) => boolean, timeoutMs = 15_000): Promise<SummaryView> {
    return waitFor(
      what,
      () => {
        const v = api.summary.view();
        return v !== undefined && ready(v) ? v : undefined;
      },
      timeoutMs,
    );
  }

  suiteSetup(async () => {
    api = await ourExtension().activate();
    const document = await vscode.workspace.openTextDocument(workspaceFile('classifier.py'));
    editor = await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.One, preview: false });
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('a CodeLens on the model line gives its parameter count and runs the command for that model', async () => {
    const lenses = await waitFor('the model summary CodeLens', async () => {
      const found = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', editor.document.uri, 10);
      const ours = found?.filter((l) => l.command?.command === SHOW_SUMMARY) ?? [];
      return ours.length > 0 ? ours : undefined;
    });
    assert.equal(lenses.length, 1);
    const lens = lenses[0];
    assert.equal(lens.command?.title, '$(table) Model summary · 235,658 params');
    assert.equal(
      lens.range.start.line,
      editor.document
        .getText()
        .split('\n')
        .findIndex((l) => l.startsWith('classifier =')),
    );
    assert.deepEqual(lens.command?.arguments, [{ uri: editor.document.uri.toString(), model: 'classifier' }]);
  });

  test('the command opens the panel on the model under the cursor, with its rows and totals', async () => {
    const offset = editor.document.getText().indexOf('BatchNormalization');
    const position = editor.document.positionAt(offset);
    editor.selection = new vscode.Selection(position, position);
    await vscode.commands.executeCommand(SHOW_SUMMARY);
    const tab = await waitFor('the summary tab', () => summaryTabs()[0]);
    assert.match(tab.label, /^Model Summary/);
    assert.equal(api.summary.isOpen(), true);
    await api.summary.ping();
    const view = await viewWhen('the classifier view', (v) => v.variable === 'classifier');
    assert.equal(view.fileName, 'classifier.py');
    assert.deepEqual(
      view.layers.map((l) => `${l.name} (${l.className}) ${l.outputShape} ${l.params}`),
      [
        'dense (Dense) (None, 256) 200960',
        'dense_1 (Dense) (None, 128) 32896',
        'batch_normalization (BatchNormalization) (None, 128) 512',
        'dense_2 (Dense) (None, 10) 1290',
      ],
    );
    assert.equal(view.totals.total, 235658);
    assert.equal(view.totals.nonTrainable, 256);
    assert.equal(view.totals.totalBytes, '920.54 KB');
    assert.equal(view.layers[0].weights[0].initializer, "'he_normal'");
    const rendered = await waitFor('a render report', () => {
      const r = api.summary.rendered();
      return r !== undefined && r.version === view.version ? r : undefined;
    });
    assert.equal(rendered.rows, 4);
  });

  test('activating a row reveals and selects the layer constructor call in the editor', async () => {
    const before = api.summary.reveals();
    assert.equal(await api.summary.pressRow(2), true);
    await waitFor('the reveal', () => (api.summary.reveals() > before ? true : undefined));
    const shown = await waitFor('the editor of classifier.py', () =>
      vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === editor.document.uri.toString()),
    );
    const selected = shown.document.getText(shown.selection);
    assert.equal(selected, 'layers.BatchNormalization()');
    assert.equal(await api.summary.pressRow(99), false, 'a row that does not exist is refused');
  });

  test('the panel follows edits of its source', async () => {
    const document = editor.document;
    const shown = vscode.window.visibleTextEditors.find((e) => e.document === document) ?? editor;
    const offset = document.getText().indexOf('layers.Dense(128');
    const applied = await shown.edit((b) =>
      b.replace(new vscode.Range(document.positionAt(offset), document.positionAt(offset + 'layers.Dense(128'.length)), 'layers.Dense(64'),
    );
    assert.ok(applied);
    const view = await viewWhen('the edited model', (v) => v.layers[1]?.params === 256 * 64 + 64);
    assert.equal(view.layers[1].outputShape, '(None, 64)');
    assert.equal(view.totals.total, 200960 + 16448 + 256 + 650);
  });

  test('a 300-layer model renders every layer row and reports its render time (npm run bench times it)', async () => {
    const lines = ['import keras', 'from keras import layers', '', 'big = keras.Sequential([', '    keras.Input(shape=(64,)),'];
    for (let i = 0; i < 300; i++) {
      lines.push(
        i % 3 === 2 ? '    layers.BatchNormalization(),' : `    layers.Dense(${64 + (i % 5) * 8}, kernel_initializer="he_normal"),`,
      );
    }
    lines.push('])', '');
    const document = await vscode.workspace.openTextDocument({ language: 'python', content: lines.join('\n') });
    const big = await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.One, preview: false });
    big.selection = new vscode.Selection(new vscode.Position(3, 2), new vscode.Position(3, 2));
    await vscode.commands.executeCommand(SHOW_SUMMARY);
    const view = await viewWhen('the 300-layer view', (v) => v.variable === 'big');
    const rendered = await waitFor(
      'the 300-layer render',
      () => {
        const r = api.summary.rendered();
        return r !== undefined && r.version === view.version ? r : undefined;
      },
      20_000,
    );
    console.log(`      300 layers rendered in ${rendered.renderMs.toFixed(1)} ms`);
    assert.equal(rendered.rows, 300);
    assert.ok(Number.isFinite(rendered.renderMs) && rendered.renderMs > 0, `render time reported: ${rendered.renderMs}`);
  });
});
