/**
 * The preview panel in a real extension host: it opens and renders (sampling in its worker), takes a
 * configuration from a hover link's command argument, follows the initializer under the cursor,
 * copies and inserts Python, keeps its state when hidden, and survives being closed and reopened.
 * The webview is reached through the test API `activate` returns (snapshots of what it shows).
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { createInitializer, serialize } from '../../../src/core/index';
import type { ExtensionTestApi } from '../../../src/extension/extension';
import type { PreviewSnapshot } from '../../../src/protocol/messages';
import { ourExtension, workspaceFile } from '../shared/extension';
import { waitFor } from '../shared/waitFor';

const OPEN_PREVIEW = 'kerasInitializers.openPreview';

/** Webview tabs report the viewType with a prefix of VS Code's own (e.g. "mainThreadWebview-"). */
function previewTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all
    .flatMap((g) => g.tabs)
    .filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('kerasInitializers.preview'));
}

suite('initializer preview', () => {
  let api: ExtensionTestApi;

  /** A snapshot once `ready` holds (the webview renders asynchronously, in its worker). */
  function snapshotWhen(what: string, ready: (s: PreviewSnapshot) => boolean, timeoutMs = 20_000): Promise<PreviewSnapshot> {
    return waitFor(
      what,
      async () => {
        const s = await api.preview.snapshot();
        return ready(s) ? s : undefined;
      },
      timeoutMs,
      100,
    );
  }

  async function openModel(): Promise<vscode.TextEditor> {
    const document = await vscode.workspace.openTextDocument(workspaceFile('model.py'));
    return vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.One, preview: false });
  }

  function place(editor: vscode.TextEditor, needle: string, delta = 1): void {
    const offset = editor.document.getText().indexOf(needle);
    assert.ok(offset >= 0, `model.py contains ${needle}`);
    const position = editor.document.positionAt(offset + delta);
    editor.selection = new vscode.Selection(position, position);
  }

  suiteSetup(async () => {
    api = await ourExtension().activate();
  });

  suiteTeardown(async () => {
    await vscode.workspace
      .getConfiguration('kerasInitializers')
      .update('preview.followCursor', undefined, vscode.ConfigurationTarget.Workspace);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('the command is registered', async () => {
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes(OPEN_PREVIEW));
  });

  test('the command opens a webview tab titled "Initializer Preview" whose script answers pings', async () => {
    await vscode.commands.executeCommand(OPEN_PREVIEW);
    // The tab model is updated asynchronously after the panel is created.
    const tab = await waitFor('the preview tab', () => previewTabs()[0]);
    assert.equal(tab.label, 'Initializer Preview');
    assert.equal(api.preview.isOpen(), true);
    const pongs = await Promise.all([api.preview.ping(), api.preview.ping(), api.preview.ping()]);
    assert.equal(new Set(pongs.map((p) => p.requestId)).size, 3, 'concurrent pings are matched to their own answers');
  });

  test('it renders the default configuration in its worker: histogram drawn, statistics, timings', async () => {
    const s = await snapshotWhen('a render', (x) => x.status === 'ready' && x.statistics?.sampled.ks != null && x.render !== null);
    assert.equal(s.engine, 'worker', 'sampling runs off the main thread');
    assert.equal(s.histogramDrawn, true);
    assert.equal(s.state.config.className, 'GlorotUniform');
    assert.deepEqual(s.state.config.shape, [784, 256]);
    const { expected, sampled } = s.statistics ?? assert.fail('no statistics');
    assert.deepEqual([expected.fanIn, expected.fanOut, expected.n, sampled.n], [784, 256, 200704, 200704]);
    // Glorot uniform: limit sqrt(6 / (784 + 256)), std limit / sqrt(3).
    const limit = Math.sqrt(6 / (784 + 256));
    assert.ok(Math.abs((expected.max ?? NaN) - limit) < 1e-12, `limit ${expected.max}`);
    assert.ok(
      Math.abs((sampled.std ?? NaN) - limit / Math.sqrt(3)) < (6 * (limit / Math.sqrt(3))) / Math.sqrt(2 * 200704),
      `std ${sampled.std}`,
    );
    assert.ok((sampled.ks ?? 1) < (expected.ks ?? 0), `KS ${sampled.ks} under the 95% value ${expected.ks}`);
    assert.equal(s.render?.samples, 200704);
    assert.ok(s.heatmap && s.heatmap.rows === 784 && s.heatmap.cols === 256);
    assert.match(s.python, /initializer = keras\.initializers\.GlorotUniform\(seed=42\)/);
    assert.equal(api.preview.lastRender()?.jobId, s.render?.jobId, 'the render was reported to the host');
  });

  test('a hover link’s argument (a serialized config and a shape) is shown, with the truncated law’s std', async () => {
    const before = api.preview.patchesSent();
    const argument = { initializer: serialize(createInitializer('HeNormal', { seed: 3 })), shape: [784, 256] };
    await vscode.commands.executeCommand(OPEN_PREVIEW, JSON.parse(JSON.stringify(argument)));
    assert.equal(previewTabs().length, 1, 'the open preview is revealed, not a second one');
    assert.equal(api.preview.patchesSent(), before + 1);
    const s = await snapshotWhen(
      'HeNormal rendered',
      (x) => x.state.config.className === 'HeNormal' && x.status === 'ready' && x.statistics?.sampled.ks != null,
    );
    assert.deepEqual(s.state.config.seed, { kind: 'int', value: 3 });
    assert.equal(s.origin, 'a link');
    const { expected, sampled } = s.statistics ?? assert.fail('no statistics');
    // sqrt(2 / 784) = 0.0505: the std of He normal's truncated law for fan_in 784.
    assert.ok(Math.abs((expected.std ?? NaN) - Math.sqrt(2 / 784)) < 1e-12, `expected std ${expected.std}`);
    assert.ok(
      Math.abs((sampled.std ?? NaN) - Math.sqrt(2 / 784)) < (6 * Math.sqrt(2 / 784)) / Math.sqrt(2 * 200704),
      `sampled std ${sampled.std}`,
    );
    assert.match(s.python, /keras\.initializers\.HeNormal\(seed=3\)/);
  });

  test('an argument Keras cannot interpret leaves the panel as it was', async () => {
    const before = (await api.preview.snapshot()).state;
    await vscode.commands.executeCommand(OPEN_PREVIEW, 'glorot');
    const after = (await api.preview.snapshot()).state;
    assert.deepEqual(after, before);
  });

  test('a Keras error is shown instead of a histogram', async () => {
    await vscode.commands.executeCommand(OPEN_PREVIEW, { initializer: { class_name: 'VarianceScaling', config: { scale: -1 } } });
    const s = await snapshotWhen('the error', (x) => x.status === 'error');
    assert.equal(s.error, 'ValueError: Argument `scale` must be positive float. Received: scale=-1.0');
    assert.equal(s.statistics, null);
  });

  test('the state survives the panel being hidden behind an editor and shown again', async () => {
    await vscode.commands.executeCommand(OPEN_PREVIEW, { initializer: 'orthogonal', shape: [256, 64], seed: 5 });
    const shown = await snapshotWhen('Orthogonal rendered', (x) => x.state.config.className === 'Orthogonal' && x.orthogonality !== null);
    assert.ok(shown.orthogonality && shown.orthogonality.maxAbs < 1e-5, `‖QᵀQ − I‖ ${shown.orthogonality?.maxAbs}`);
    const tab = previewTabs()[0];
    assert.ok(tab, 'the preview tab is open');
    const document = await vscode.workspace.openTextDocument(workspaceFile('model.py'));
    await vscode.window.showTextDocument(document, { viewColumn: tab.group.viewColumn, preview: false });
    await waitFor('the preview to be hidden', () => (previewTabs()[0]?.isActive === false ? true : undefined));
    await vscode.commands.executeCommand(OPEN_PREVIEW);
    await waitFor('the preview to be active again', () => (previewTabs()[0]?.isActive ? true : undefined));
    // The reloaded webview restores its saved state (getState) and renders it again.
    const again = await snapshotWhen('the reloaded preview', (x) => x.status === 'ready' && x.orthogonality !== null);
    assert.deepEqual(again.state, shown.state);
  });

  test('following the cursor: the initializer under it, its layer’s shape, and only when it changes', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await waitFor('the preview to close', () => (api.preview.isOpen() ? undefined : true));
    await vscode.workspace.getConfiguration('kerasInitializers').update('preview.followCursor', true, vscode.ConfigurationTarget.Workspace);
    const editor = await openModel();
    place(editor, '"he_normal"', 3);
    await vscode.commands.executeCommand(OPEN_PREVIEW);
    // Turning following on shows the initializer under the cursor at once.
    const first = await snapshotWhen(
      'he_normal from model.py',
      (x) => x.state.config.className === 'HeNormal' && x.origin === 'model.py:5',
    );
    assert.equal(first.state.followCursor, true);
    assert.deepEqual(first.state.config.shape, [784, 256], 'Dense(256): the known fan_out, the panel’s input size');
    const sent = api.preview.patchesSent();

    const active = vscode.window.visibleTextEditors.find((e) => e.document.uri.path.endsWith('model.py'));
    assert.ok(active, 'model.py is visible');
    place(active, 'GlorotUniform(seed=42)', 2);
    const second = await snapshotWhen(
      'GlorotUniform from model.py',
      (x) => x.state.config.className === 'GlorotUniform' && x.origin === 'model.py:6',
    );
    assert.deepEqual(second.state.config.seed, { kind: 'int', value: 42 });
    assert.deepEqual(second.state.config.shape, [784, 10]);
    assert.equal(api.preview.patchesSent(), sent + 1);
    // A move inside the same initializer changes nothing, so nothing is sent.
    place(active, 'GlorotUniform(seed=42)', 5);
    await snapshotWhen('a settled panel', (x) => x.status === 'ready');
    assert.equal(api.preview.patchesSent(), sent + 1);
  });

  test('Insert writes the expression at the cursor of the last Python editor, without being read back', async () => {
    const editor = vscode.window.visibleTextEditors.find((e) => e.document.uri.path.endsWith('model.py'));
    assert.ok(editor, 'model.py is visible');
    const end = editor.document.positionAt(editor.document.getText().length);
    editor.selection = new vscode.Selection(end, end);
    const sent = api.preview.patchesSent();
    const expected = (await api.preview.snapshot()).python
      .split('\n')
      .find((l) => l.startsWith('initializer = '))
      ?.slice('initializer = '.length);
    assert.equal(expected, 'keras.initializers.GlorotUniform(seed=42)');
    await api.preview.invoke('insertPython');
    await waitFor('the inserted text', () => (editor.document.getText().endsWith(expected) ? true : undefined));
    // Let the edit's own events arrive before counting.
    await snapshotWhen('a settled panel', (x) => x.status === 'ready');
    assert.equal(api.preview.patchesSent(), sent, 'the panel’s own edit is not followed back into the panel');
  });

  test('Copy puts the snippet the panel shows on the clipboard', async () => {
    const s = await snapshotWhen('a render', (x) => x.status === 'ready');
    await vscode.env.clipboard.writeText('');
    await api.preview.invoke('copyPython');
    const copied = await waitFor('the clipboard', async () =>
      (await vscode.env.clipboard.readText()) === '' ? undefined : vscode.env.clipboard.readText(),
    );
    assert.equal(copied, s.python);
  });

  test('Randomize draws a new seed and renders it; an initializer without a seed says so', async () => {
    const before = await snapshotWhen('a render', (x) => x.status === 'ready');
    await api.preview.invoke('randomizeSeed');
    const after = await snapshotWhen(
      'a new seed',
      (x) => x.state.config.seed.value !== before.state.config.seed.value && x.status === 'ready',
    );
    assert.ok(after.state.config.seed.value >= 0 && after.state.config.seed.value < 2 ** 32);
    await vscode.commands.executeCommand(OPEN_PREVIEW, 'zeros');
    await snapshotWhen('Zeros', (x) => x.state.config.className === 'Zeros');
    await assert.rejects(api.preview.invoke('randomizeSeed'), /Zeros takes no seed/);
  });

  test('closing the tab closes the preview; requests then fail clearly; the command opens a fresh one', async () => {
    const tab = previewTabs()[0];
    assert.ok(tab, 'the preview tab is open');
    await vscode.window.tabGroups.close(tab);
    await waitFor('the preview to close', () => (api.preview.isOpen() ? undefined : true));
    await assert.rejects(api.preview.ping(), /no initializer preview is open/);
    await assert.rejects(api.preview.snapshot(), /no initializer preview is open/);
    await vscode.commands.executeCommand(OPEN_PREVIEW);
    await waitFor('the preview tab again', () => previewTabs()[0]);
    const s = await snapshotWhen('a render in the new panel', (x) => x.status === 'ready' && x.histogramDrawn);
    assert.equal(s.engine, 'worker');
  });
});
