/** UI tests in a real workbench (code-server) driven from headless Chromium: the packaged extension as a user gets it. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FrameLocator, Page } from 'playwright-core';
import { session } from './session';

const COMMAND_TITLE = 'Keras Initializers: Open Initializer Preview';

/** The preview's document: the webview iframe holds an inner frame with the extension's HTML. */
function previewFrame(page: Page): FrameLocator {
  return page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
}

function isPng(file: string): boolean {
  const head = fs.readFileSync(file).subarray(0, 8);
  return head.equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
}

suite('workbench with the packaged extension', () => {
  test('the .vsix is installed in the fresh extensions folder', () => {
    const { extensionsDir, extensionId, extensionVersion } = session();
    const folder = path.join(extensionsDir, `${extensionId}-${extensionVersion}`);
    const manifest = JSON.parse(fs.readFileSync(path.join(folder, 'package.json'), 'utf8')) as { version: string; main: string };
    assert.equal(manifest.version, extensionVersion);
    assert.ok(fs.existsSync(path.join(folder, manifest.main)), `${manifest.main} is in the package`);
    assert.ok(fs.existsSync(path.join(folder, 'dist', 'webview', 'main.js')), 'the webview bundle is in the package');
  });

  test('the workbench opens the samples folder', async () => {
    const { page, workbenchUrl } = session();
    await page.goto(workbenchUrl);
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'model.py' }).waitFor({ timeout: 60_000 });
    assert.ok(await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'notebook.ipynb' }).isVisible());
  });

  test('model.py opens in an editor', async () => {
    const { page } = session();
    await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'model.py' }).click();
    await page.locator('.editor-instance .monaco-editor .view-lines', { hasText: 'kernel_initializer' }).waitFor({ timeout: 30_000 });
    await page.locator('.tabs-container .tab', { hasText: 'model.py' }).waitFor();
  });

  test(`"${COMMAND_TITLE}" from the command palette opens the preview and its script runs`, async () => {
    const { page, extensionVersion } = session();
    await page.keyboard.press('Control+Shift+P');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor();
    await input.fill(`>${COMMAND_TITLE}`);
    await page.locator('.quick-input-list .monaco-list-row', { hasText: COMMAND_TITLE }).first().waitFor();
    await page.keyboard.press('Enter');
    await page.locator('.tabs-container .tab', { hasText: 'Initializer Preview' }).waitFor({ timeout: 30_000 });
    // The host renders data-state="loading"; only the webview's own script sets "ready".
    const status = previewFrame(page).locator('#status[data-state="ready"]');
    await status.waitFor({ timeout: 30_000 });
    assert.equal((await status.textContent())?.trim(), `Initializer preview ready (v${extensionVersion})`);
  });

  test('a screenshot of the workbench with the preview open is kept in artifacts/', async () => {
    const { page, artifactsDir } = session();
    const file = path.join(artifactsDir, 'e2e-preview-panel.png');
    fs.rmSync(file, { force: true });
    await page.screenshot({ path: file });
    assert.ok(isPng(file), `${file} is a PNG`);
    assert.ok(fs.statSync(file).size > 10_000, `${file} has content (${fs.statSync(file).size} bytes)`);
  });
});
