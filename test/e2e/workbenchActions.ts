/**
 * What the UI tests do in the workbench, as a user would: open it, run a palette command (and pick
 * from the quick pick it opens), open a workspace file through Quick Open, reach the webview of the
 * only panel open, keep a screenshot.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FrameLocator, Page } from 'playwright-core';
import { session } from './session';

/** The workbench may already be open (another UI test ran first); otherwise open it. */
export async function ensureWorkbench(page: Page, url: string): Promise<void> {
  if (
    !(await page
      .locator('.monaco-workbench')
      .isVisible()
      .catch(() => false))
  ) {
    await page.goto(url);
  }
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
}

/** Runs `title` from the Command Palette; `pick` then filters and takes an item of the quick pick it opens. */
export async function runCommand(page: Page, title: string, pick?: string): Promise<void> {
  await page.keyboard.press('Control+Shift+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor();
  await input.fill(`>${title}`);
  // Click the command itself: the list may rank a longer title that contains it first.
  const command = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
  await command.waitFor();
  await command.click();
  if (pick !== undefined) {
    // The command opens a quick pick of its own (its input starts empty): filter it, then take the item.
    await page.waitForFunction(() => {
      const inputs = Array.from(document.querySelectorAll<HTMLInputElement>('.quick-input-widget input')).filter(
        (i) => i.offsetParent !== null,
      );
      return inputs.length > 0 && inputs.every((i) => i.value === '');
    });
    await page.keyboard.type(pick);
    const item = page.locator('.quick-input-list .monaco-list-row', { hasText: pick }).first();
    await item.waitFor();
    await item.click();
  }
}

/** Opens a file of the workspace through Quick Open and waits for its editor (showing `text`). */
export async function openFile(page: Page, name: string, text: string): Promise<void> {
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor();
  const item = page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first();
  // A file written a moment ago may not be in Quick Open's file index yet: type the name again until it is.
  for (let attempt = 0; ; attempt++) {
    await input.fill('');
    await input.fill(name);
    try {
      await item.waitFor({ timeout: 3_000 });
      break;
    } catch (e) {
      if (attempt >= 9) throw e;
    }
  }
  await item.click();
  await page.locator('.editor-instance .monaco-editor', { hasText: text }).first().locator('.view-lines').waitFor({ timeout: 30_000 });
}

/** The document inside the only webview open (the suites close the others first). */
export function panelFrame(page: Page): FrameLocator {
  return page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
}

/** Keeps a screenshot of the page in artifacts/ and checks it has content. */
export async function screenshot(page: Page, name: string): Promise<void> {
  const file = path.join(session().artifactsDir, name);
  fs.rmSync(file, { force: true });
  await page.screenshot({ path: file });
  assert.ok(fs.statSync(file).size > 10_000, `${file} has content`);
}

/**
 * A suite's start: the workbench open with no editor left by an earlier suite (so its panel's frame
 * is the only webview). Returns the list the page's CSP refusals are collected into from now on.
 */
export async function startInCleanWorkbench(): Promise<string[]> {
  const { page, workbenchUrl } = session();
  const refusals: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy|Refused to/i.test(m.text())) refusals.push(m.text());
  });
  await ensureWorkbench(page, workbenchUrl);
  await runCommand(page, 'View: Close All Editors');
  return refusals;
}
