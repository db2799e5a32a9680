/** The preview command opens a webview whose script runs and answers the host. */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ExtensionTestApi } from '../../../src/extension/extension';
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

  suiteSetup(async () => {
    api = await ourExtension().activate();
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('the command is registered', async () => {
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes(OPEN_PREVIEW));
  });

  test('the command opens a webview tab titled "Initializer Preview"', async () => {
    await vscode.commands.executeCommand(OPEN_PREVIEW);
    // The tab model is updated asynchronously after the panel is created.
    const tab = await waitFor('the preview tab', () => previewTabs()[0]);
    assert.equal(tab.label, 'Initializer Preview');
    assert.equal(api.preview.isOpen(), true);
  });

  test('the webview script answers a ping with a pong carrying the same requestId', async () => {
    const pong = await api.preview.ping();
    assert.equal(pong.type, 'pong');
    assert.ok(Number.isSafeInteger(pong.requestId) && pong.requestId > 0, String(pong.requestId));
  });

  test('concurrent pings are matched to their own answers', async () => {
    const pongs = await Promise.all([api.preview.ping(), api.preview.ping(), api.preview.ping()]);
    const ids = pongs.map((p) => p.requestId);
    assert.equal(new Set(ids).size, 3, `request ids ${ids.join(', ')}`);
  });

  test('running the command again reveals the open preview instead of opening a second one', async () => {
    await vscode.commands.executeCommand(OPEN_PREVIEW);
    await vscode.commands.executeCommand(OPEN_PREVIEW);
    assert.equal(previewTabs().length, 1);
  });

  test('a preview hidden behind another editor reloads when shown and answers again', async () => {
    const tab = previewTabs()[0];
    assert.ok(tab, 'the preview tab is open');
    const document = await vscode.workspace.openTextDocument(workspaceFile('model.py'));
    await vscode.window.showTextDocument(document, { viewColumn: tab.group.viewColumn, preview: false });
    await waitFor('the preview to be hidden', () => (previewTabs()[0]?.isActive === false ? true : undefined));
    await vscode.commands.executeCommand(OPEN_PREVIEW);
    await waitFor('the preview to be active again', () => (previewTabs()[0]?.isActive ? true : undefined));
    const pong = await api.preview.ping();
    assert.equal(pong.type, 'pong');
  });

  test('closing the tab closes the preview; a ping then fails with a clear message', async () => {
    const tab = previewTabs()[0];
    assert.ok(tab, 'the preview tab is open');
    await vscode.window.tabGroups.close(tab);
    await waitFor('the preview to close', () => (api.preview.isOpen() ? undefined : true));
    await assert.rejects(api.preview.ping(), /no initializer preview is open/);
  });
});
