/**
 * The preview's re-render in the real webview: the packaged .vsix installed into code-server (VS Code
 * 1.100.3 in the browser, through the e2e harness in scripts/host), driven from headless Chromium. The
 * panel is set to HeNormal on a 1000×1000 kernel (1,000,000 samples), then "Randomize" is clicked again
 * and again; each render's `data-render-ms` (request to drawn histogram, as the panel measures it),
 * `data-compute-ms` and `data-draw-ms` are read from the page.
 *
 * Needs Chromium and an installed code-server (npm run host:install); says why when either is missing.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FrameLocator, Page } from 'playwright-core';
import { launchChromium, findChromium } from '../scripts/host/chromium';
import {
  codeServerDir,
  codeServerVersion,
  installExtension,
  startCodeServer,
  TEST_USER_SETTINGS,
  writeUserSettings,
} from '../scripts/host/codeServer';
import { runCleanups } from '../scripts/host/processes';
import { copyFolder, makeTmp } from '../scripts/host/tmp';

const ROOT = path.resolve(__dirname, '..');
const COMMAND_TITLE = 'Keras Initializers: Open Initializer Preview';

export interface WebviewRenders {
  readonly host: string;
  readonly renderMs: number[];
  readonly computeMs: number[];
  readonly drawMs: number[];
  engine: string;
  /** Whether the panel's document may compile WebAssembly (its blob worker inherits the CSP). */
  readonly webAssembly: boolean;
}

/** Why the real webview cannot be measured here, or null when it can. */
export function webviewUnavailable(): string | null {
  try {
    findChromium();
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
  const bin = path.join(codeServerDir(), 'node_modules', '.bin', 'code-server');
  if (!fs.existsSync(bin)) return 'code-server is not installed (npm run host:install)';
  return null;
}

function previewFrame(page: Page): FrameLocator {
  return page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
}

/** The panel's data attributes once a render newer than job `after` is on screen. */
async function nextRender(frame: FrameLocator, after: number): Promise<Record<string, string>> {
  const section = frame.locator('#distribution');
  for (let i = 0; i < 600; i++) {
    const data = await section.evaluate((e) => ({ ...(e as HTMLElement).dataset }) as Record<string, string>);
    if (Number(data.jobId ?? 0) > after && (await section.getAttribute('aria-busy')) === null) return data;
    await frame.locator('body').evaluate(() => new Promise((r) => setTimeout(r, 50)));
  }
  throw new Error(`no render after job ${after} within 30 s`);
}

export async function measureWebview(vsix: string, renders: number): Promise<WebviewRenders> {
  try {
    const bin = path.join(codeServerDir(), 'node_modules', '.bin', 'code-server');
    const tmp = makeTmp('ki-bench-webview-');
    const profile = { extensionsDir: path.join(tmp, 'extensions'), userDataDir: path.join(tmp, 'data') };
    await installExtension(bin, profile, vsix);
    writeUserSettings(profile, TEST_USER_SETTINGS);
    const workspace = copyFolder(path.join(ROOT, 'samples'), path.join(tmp, 'samples'));
    const server = await startCodeServer({ bin, profile });
    const browser = await launchChromium();
    const page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
    page.setDefaultTimeout(60_000);
    await page.goto(server.workbenchUrl(workspace));
    await page.locator('.monaco-workbench').waitFor();
    await page.keyboard.press('Control+Shift+P');
    await page.locator('.quick-input-widget input').fill(`>${COMMAND_TITLE}`);
    await page.locator('.quick-input-list .monaco-list-row', { hasText: COMMAND_TITLE }).first().waitFor();
    await page.keyboard.press('Enter');
    const frame = previewFrame(page);
    await frame.locator('#distribution[data-render-ms]').waitFor();

    let last = await nextRender(frame, 0);
    await frame.locator('#initializer').selectOption('HeNormal');
    last = await nextRender(frame, Number(last.jobId));
    await frame.locator('#shape').fill('1000, 1000');
    await frame.locator('#shape').press('Enter');
    await frame.locator('#shape').blur();
    for (let i = 0; i < 5 && last.samples !== '1000000'; i++) last = await nextRender(frame, Number(last.jobId));
    if (last.samples !== '1000000') throw new Error(`the panel sampled ${last.samples} values, not 1,000,000`);

    const webAssembly = await frame.locator('body').evaluate(() => {
      try {
        new WebAssembly.Module(new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]));
        return true;
      } catch {
        return false;
      }
    });
    const out: WebviewRenders = {
      host: `code-server ${codeServerVersion(bin).split(' ')[0]} in headless Chromium`,
      renderMs: [],
      computeMs: [],
      drawMs: [],
      engine: last.engine ?? '?',
      webAssembly,
    };
    for (let i = 0; i < renders + 1; i++) {
      await frame.locator('#randomize-seed').click();
      last = await nextRender(frame, Number(last.jobId));
      if (i === 0) continue; // the first randomized render also warms the worker's code
      out.renderMs.push(Number(last.renderMs));
      out.computeMs.push(Number(last.computeMs));
      out.drawMs.push(Number(last.drawMs));
      out.engine = last.engine ?? out.engine;
    }
    return out;
  } finally {
    await runCleanups();
  }
}
