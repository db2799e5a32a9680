/**
 * Diagnostics and quick fixes through the real API: languages.getDiagnostics while typing,
 * vscode.executeCodeActionProvider, and the edits applied to .py files and notebook cells.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { ourExtension } from '../shared/extension';
import { waitFor } from '../shared/waitFor';
import { fixtureCopy, ourDiagnostics } from './languageFixtures';

async function quickFixes(uri: vscode.Uri, range: vscode.Range): Promise<vscode.CodeAction[]> {
  const actions = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>(
    'vscode.executeCodeActionProvider',
    uri,
    range,
    vscode.CodeActionKind.QuickFix.value,
  );
  return actions.filter((a): a is vscode.CodeAction => a instanceof vscode.CodeAction || 'edit' in a);
}

function byCode(diagnostics: readonly vscode.Diagnostic[], code: string): vscode.Diagnostic[] {
  return diagnostics.filter((d) => d.code === code);
}

/** Waits until the document's diagnostics satisfy `ok`, and returns them. */
function diagnosticsWhen(uri: vscode.Uri, what: string, ok: (d: vscode.Diagnostic[]) => boolean): Promise<vscode.Diagnostic[]> {
  return waitFor(what, () => {
    const d = ourDiagnostics(uri);
    return ok(d) ? d : undefined;
  });
}

suite('diagnostics and quick fixes in the extension host', () => {
  let uri: vscode.Uri;
  let document: vscode.TextDocument;

  suiteSetup(async () => {
    await ourExtension().activate();
    uri = await fixtureCopy('problems.py');
    document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document);
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test("every rule reports in problems.py, with Keras's messages", async () => {
    const all = await diagnosticsWhen(uri, 'the diagnostics of problems.py', (d) => d.length === 9);
    assert.deepEqual(
      all.map((d) => d.code),
      [
        'unknownId',
        'invalidArgument',
        'invalidArgument',
        'invalidArgument',
        'identityShape',
        'orthogonalRank',
        'keras2Name',
        'sharedSeededInstance',
        'sharedSeededInstance',
      ],
    );
    const unknown = byCode(all, 'unknownId')[0];
    assert.equal(document.getText(unknown.range), 'glorot');
    assert.equal(unknown.severity, vscode.DiagnosticSeverity.Error);
    assert.match(unknown.message, /^ValueError: Could not interpret initializer identifier: glorot/);
    assert.match(byCode(all, 'invalidArgument')[2].message, /Argument `scale` must be positive float\. Received: scale=0\.0/);
    assert.match(
      byCode(all, 'identityShape')[0].message,
      /Identity matrix initializer can only be used for 2D matrices\. Received: shape=\(3, 3, 3, 32\) of rank 4\./,
    );
    assert.match(
      byCode(all, 'orthogonalRank')[0].message,
      /The tensor to initialize must be at least two-dimensional\. Received: shape=\(64,\) of rank 1\./,
    );
    const shared = byCode(all, 'sharedSeededInstance');
    assert.equal(shared[0].severity, vscode.DiagnosticSeverity.Warning);
    assert.equal(shared[0].relatedInformation?.length, 2);
  });

  test('the "did you mean" quick fix edits the id and the diagnostic goes away', async () => {
    const unknown = byCode(ourDiagnostics(uri), 'unknownId')[0];
    const fixes = await quickFixes(uri, unknown.range);
    const fix = fixes.find((a) => a.title === "Change to 'glorot_uniform'");
    assert.ok(fix?.edit, `fixes: ${fixes.map((a) => a.title).join(' | ')}`);
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.match(document.getText(), /kernel_initializer="glorot_uniform"/);
    await diagnosticsWhen(uri, 'the unknown id to go', (d) => byCode(d, 'unknownId').length === 0 && d.length === 8);
  });

  test('the shared-instance fix gives each layer its own seed; both warnings go away', async () => {
    const shared = byCode(ourDiagnostics(uri), 'sharedSeededInstance')[0];
    const fixes = await quickFixes(uri, shared.range);
    const fix = fixes.find((a) => /seeds 42, 43/.test(a.title));
    assert.ok(fix?.edit, `fixes: ${fixes.map((a) => a.title).join(' | ')}`);
    assert.ok(
      fixes.some((a) => a.isPreferred && /SeedGenerator/.test(a.title)),
      'the SeedGenerator fix is preferred',
    );
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.match(document.getText(), /second = layers\.Dense\(64, kernel_initializer=keras\.initializers\.HeNormal\(seed=43\)\)/);
    await diagnosticsWhen(uri, 'the shared-instance warnings to go', (d) => byCode(d, 'sharedSeededInstance').length === 0);
  });

  test('typing updates the diagnostics (debounced)', async () => {
    const edit = new vscode.WorkspaceEdit();
    edit.insert(uri, new vscode.Position(document.lineCount, 0), 'extra = layers.Dense(4, kernel_initializer="he_normall")\n');
    assert.ok(await vscode.workspace.applyEdit(edit));
    const d = await diagnosticsWhen(uri, 'the new typo to be reported', (x) => byCode(x, 'unknownId').length === 1);
    assert.equal(document.getText(byCode(d, 'unknownId')[0].range), 'he_normall');
  });

  test('a rule turned off in the settings stops reporting; turned on again it reports', async () => {
    const config = vscode.workspace.getConfiguration('kerasInitializers');
    try {
      await config.update('diagnostics.unknownId', false, vscode.ConfigurationTarget.Global);
      await diagnosticsWhen(
        uri,
        'unknown ids to be off',
        (d) => byCode(d, 'unknownId').length === 0 && byCode(d, 'invalidArgument').length === 3,
      );
      await config.update('diagnostics.enabled', false, vscode.ConfigurationTarget.Global);
      await diagnosticsWhen(uri, 'every diagnostic to be off', (d) => d.length === 0);
    } finally {
      await config.update('diagnostics.enabled', undefined, vscode.ConfigurationTarget.Global);
      await config.update('diagnostics.unknownId', undefined, vscode.ConfigurationTarget.Global);
    }
    await diagnosticsWhen(uri, 'unknown ids to be back', (d) => byCode(d, 'unknownId').length === 1);
  });

  test('notebook cells get diagnostics and quick fixes too', async () => {
    const notebook = await vscode.workspace.openNotebookDocument(await fixtureCopy('notebook.ipynb'));
    await vscode.window.showNotebookDocument(notebook);
    const cell = notebook.cellAt(2).document;
    assert.equal(cell.uri.scheme, 'vscode-notebook-cell');
    const d = await diagnosticsWhen(cell.uri, "the cell's diagnostics", (x) => x.length === 2);
    assert.deepEqual(
      d.map((x) => x.code),
      ['unknownId', 'orthogonalRank'],
    );
    assert.deepEqual(ourDiagnostics(notebook.cellAt(0).document.uri), [], 'the first cell is fine');
    const fixes = await quickFixes(cell.uri, d[0].range);
    const fix = fixes.find((a) => a.title === "Change to 'he_normal'");
    assert.ok(fix?.edit, `fixes: ${fixes.map((a) => a.title).join(' | ')}`);
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.match(cell.getText(), /kernel_initializer="he_normal"/);
    await diagnosticsWhen(cell.uri, "the cell's typo to go", (x) => x.length === 1 && x[0].code === 'orthogonalRank');
  });

  test("what Keras raises when it builds the model, with Keras's message, on the layer call", async () => {
    const errors = await fixtureCopy('build_errors.py');
    const built = await vscode.workspace.openTextDocument(errors);
    await vscode.window.showTextDocument(built);
    const d = await diagnosticsWhen(errors, 'the build error', (x) => byCode(x, 'modelBuild').length === 1);
    const problem = byCode(d, 'modelBuild')[0];
    assert.equal(problem.severity, vscode.DiagnosticSeverity.Error);
    assert.match(problem.message, /^ValueError: Inputs have incompatible shapes\. Received shapes \(8,\) and \(9,\)/);
    assert.equal(built.getText(problem.range), 'layers.Add()([a, b])');
    const config = vscode.workspace.getConfiguration('kerasInitializers');
    try {
      await config.update('diagnostics.modelBuild', false, vscode.ConfigurationTarget.Global);
      await diagnosticsWhen(errors, 'the build errors to be off', (x) => byCode(x, 'modelBuild').length === 0);
    } finally {
      await config.update('diagnostics.modelBuild', undefined, vscode.ConfigurationTarget.Global);
    }
    await diagnosticsWhen(errors, 'the build error to be back', (x) => byCode(x, 'modelBuild').length === 1);
  });
});
