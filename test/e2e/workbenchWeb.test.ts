/**
 * UI test of the browser entry: the installed .vsix moved to code-server's web worker extension host
 * (the user setting `remote.extensionKind`, as a web-only install would run it), used as a user would:
 * the web worker host's log shows it activating, the hover gives the layer's fans, the preview draws its histogram,
 * and Generate Weight File… answered from the keyboard writes a file into the opened folder that numpy reads. Runs last
 * (the file name sorts after the other UI tests) and puts the Node host back afterwards.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { session } from './session';

async function reload(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
}

/** Runs a command from the palette; retried, as the palette of a freshly loaded window may not list every command yet. */
async function runCommand(page: Page, title: string): Promise<void> {
  const input = page.locator('.quick-input-widget input');
  const command = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
  for (let attempt = 0; ; attempt++) {
    await page.keyboard.press('Control+Shift+P');
    await input.waitFor();
    await input.fill(`>${title}`);
    try {
      await command.waitFor({ timeout: 5_000 });
      break;
    } catch (e) {
      if (attempt >= 5) throw e;
      await page.keyboard.press('Escape');
    }
  }
  await command.click();
}

suite('the browser entry in the web worker extension host (UI)', () => {
  suiteSetup(async () => {
    const { page, workbenchUrl, extensionId, setUserSettings } = session();
    setUserSettings({ 'remote.extensionKind': { [extensionId]: ['web'] } });
    await reload(page, workbenchUrl);
    await runCommand(page, 'View: Close All Editors');
  });

  suiteTeardown(async () => {
    const { page, workbenchUrl, setUserSettings } = session();
    setUserSettings({});
    await reload(page, workbenchUrl).catch(() => undefined);
  });

  test('in the web worker host: hover, the preview drawn, and a weight file written into the folder', async () => {
    const { page, workspace, artifactsDir, extensionId } = session();
    // The file's editor: opening it activates the extension.
    await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'model.py' }).first().click({ timeout: 60_000 });
    const editor = page.locator('.editor-instance .monaco-editor', { hasText: 'kernel_initializer' }).first();
    await editor.locator('.view-lines').waitFor({ timeout: 30_000 });

    // The web worker extension host's own log shows it activating the extension.
    await runCommand(page, 'Output: Show Output Channels...');
    await page.locator('.quick-input-widget input').fill('Extension Host (Worker)');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Extension Host (Worker)' }).first().click();
    await page.locator('.monaco-editor', { hasText: extensionId }).first().waitFor({ timeout: 30_000 });

    // The hover: HeNormal with the layer's fans.
    const target = editor.locator('.view-line span span', { hasText: /he_normal/ }).first();
    const widget = page.locator('.monaco-hover .hover-contents', { hasText: /HeNormal/ }).first();
    let shown = false;
    for (let attempt = 0; attempt < 12 && !shown; attempt++) {
      await page.mouse.move(5, 5);
      await target.hover();
      shown = await widget.waitFor({ timeout: 1500 }).then(
        () => true,
        () => false,
      );
    }
    assert.ok(shown, 'the hover appeared');
    assert.match(await widget.innerText(), /fan_in/);
    await page.mouse.move(5, 5);

    // The preview draws in its webview worker: put the cursor on he_normal and open it.
    await target.click();
    await runCommand(page, 'Keras Initializers: Open Initializer Preview');
    const frame = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
    await frame.locator('#distribution[data-render-ms]').waitFor({ timeout: 60_000 });
    assert.equal((await frame.locator('[data-stat="fanIn"][data-column="expected"]').textContent())?.trim(), '784');

    // Generate Weight File… from the editor, every question answered with Enter (its defaults).
    await target.click();
    const before = new Set(fs.readdirSync(workspace));
    await runCommand(page, 'Keras Initializers: Generate Weight File…');
    const newFiles = (): string[] => fs.readdirSync(workspace).filter((f) => !before.has(f) && !f.startsWith('.'));
    for (let k = 0; k < 100 && newFiles().length === 0; k++) {
      if (
        await page
          .locator('.quick-input-widget input')
          .isVisible()
          .catch(() => false)
      ) {
        await page.keyboard.press('Enter');
      }
      await page.waitForTimeout(300);
    }
    // The notification names the file written.
    await page.locator('.notifications-toasts .notification-toast', { hasText: 'he_normal_784x256' }).first().waitFor({ timeout: 30_000 });
    const added = newFiles();
    assert.equal(added.length, 1, `one file added: ${added.join(', ')}`);
    assert.match(added[0], /^he_normal_784x256.*\.npy$/);
    const bytes = fs.readFileSync(path.join(workspace, added[0]));
    assert.equal(bytes.length, 128 + 784 * 256 * 4);
    // numpy reads it: HeNormal on (784, 256) is a normal of stddev sqrt(2 / 784) / 0.8796 truncated at ±2 of it: std sqrt(2 / 784) ≈ 0.0505
    const read = spawnSync(
      'python3',
      [
        '-c',
        'import sys, numpy as np; a = np.load(sys.argv[1]); print(a.shape, a.dtype, float(a.std()), float(abs(a).max()), sep="|")',
        path.join(workspace, added[0]),
      ],
      { encoding: 'utf8' },
    );
    assert.equal(read.status, 0, read.stderr);
    const [shape, dtype, std, max] = read.stdout.trim().split('|');
    assert.equal(shape, '(784, 256)');
    assert.equal(dtype, 'float32');
    assert.ok(Math.abs(Number(std) - Math.sqrt(2 / 784)) < 0.001, `std ${std}`);
    assert.ok(Number(max) <= (2 * Math.sqrt(2 / 784)) / 0.87962566103423978 + 1e-6, `values within the truncation bounds: max |x| ${max}`);
    const file = path.join(artifactsDir, 'e2e-web-worker-host.png');
    await page.screenshot({ path: file });
  });
});
