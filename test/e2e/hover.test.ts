/** UI test: hovering an initializer in the workbench shows the extension's hover widget with its numbers. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { session } from './session';
import { ensureWorkbench } from './workbenchActions';

async function openModel(page: Page): Promise<Locator> {
  await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'model.py' }).first().waitFor({ timeout: 60_000 });
  await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'model.py' }).first().click();
  const editor = page.locator('.editor-instance .monaco-editor', { hasText: 'kernel_initializer' }).first();
  await editor.locator('.view-lines').waitFor({ timeout: 30_000 });
  return editor;
}

/**
 * Hovers the word and waits for the hover widget. Retried: the extension activates when the file
 * opens, and a hover requested before its provider registered stays empty.
 */
async function hoverText(page: Page, target: Locator, expected: RegExp): Promise<string> {
  const widget = page.locator('.monaco-hover .hover-contents', { hasText: expected }).first();
  let last = '';
  for (let attempt = 0; attempt < 12; attempt++) {
    await page.mouse.move(5, 5);
    await target.hover();
    try {
      await widget.waitFor({ timeout: 1500 });
      return (await widget.innerText()).trim();
    } catch {
      last = (
        await page
          .locator('.monaco-hover')
          .first()
          .innerText()
          .catch(() => '')
      ).trim();
    }
  }
  throw new Error(`no hover matching ${expected} (last hover text: ${JSON.stringify(last)})`);
}

suite('hover in the workbench', () => {
  test('hovering "he_normal" in samples/model.py shows HeNormal with its law, a fan_in table and the links', async () => {
    const { page, workbenchUrl, artifactsDir } = session();
    await ensureWorkbench(page, workbenchUrl);
    const editor = await openModel(page);
    // `dense_relu = layers.Dense(256, ..., kernel_initializer="he_normal", ...)`: the first he_normal in the file.
    const word = editor.locator('.view-line span span', { hasText: /he_normal/ }).first();
    await word.waitFor();
    const text = await hoverText(page, word, /HeNormal/);
    assert.match(text, /keras\.initializers\.HeNormal/);
    assert.match(text, /Law/);
    assert.match(text, /fan_out = 256/);
    // Dense(256) without an input: fan_in is unknown, so the hover tabulates typical fan_in values.
    assert.match(text, /fan_in/);
    assert.match(text, /784/);
    assert.match(text, /Preview/);
    assert.match(text, /Generate weights…/);
    const file = path.join(artifactsDir, 'e2e-hover.png');
    await page.screenshot({ path: file });
    assert.ok(fs.statSync(file).size > 10_000, `${file} has content`);
    await page.mouse.move(5, 5);
  });
});
