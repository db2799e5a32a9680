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

/** A workbench in headless Chromium with the .vsix installed and a copy of samples/ open. */
interface Workbench {
  readonly page: Page;
  readonly workspace: string;
  readonly host: string;
}

async function openWorkbench(vsix: string, files: Readonly<Record<string, string>> = {}): Promise<Workbench> {
  const bin = path.join(codeServerDir(), 'node_modules', '.bin', 'code-server');
  const tmp = makeTmp('ki-bench-webview-');
  const profile = { extensionsDir: path.join(tmp, 'extensions'), userDataDir: path.join(tmp, 'data') };
  await installExtension(bin, profile, vsix);
  writeUserSettings(profile, TEST_USER_SETTINGS);
  const workspace = copyFolder(path.join(ROOT, 'samples'), path.join(tmp, 'samples'));
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(workspace, name), text);
  const server = await startCodeServer({ bin, profile });
  const browser = await launchChromium();
  const page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
  page.setDefaultTimeout(60_000);
  await page.goto(server.workbenchUrl(workspace));
  await page.locator('.monaco-workbench').waitFor();
  return { page, workspace, host: `code-server ${codeServerVersion(bin).split(' ')[0]} in headless Chromium` };
}

async function runCommand(page: Page, title: string): Promise<void> {
  await page.keyboard.press('Control+Shift+P');
  await page.locator('.quick-input-widget input').fill(`>${title}`);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor();
  await page.keyboard.press('Enter');
}

export async function measureWebview(vsix: string, renders: number): Promise<WebviewRenders> {
  try {
    const { page, host } = await openWorkbench(vsix);
    await runCommand(page, COMMAND_TITLE);
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
      host,
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

export interface SummaryRenders {
  readonly host: string;
  /** `data-render-ms` of a new panel's first render, the panel closed after each. */
  readonly renderMs: number[];
  /** `data-render-ms` of renders in the open panel (the command run again: same model, new view). */
  readonly rerenderMs: number[];
  readonly rows: number;
}

const SUMMARY_TITLE = 'Keras Initializers: Show Model Summary';
const CLOSE_OTHERS_TITLE = 'View: Close Editors in Other Groups';

/** A Sequential of `layers` layers (Dense and BatchNormalization), as the summary UI test builds it. */
export function summarySample(layers: number): string {
  const lines = ['import keras', 'from keras import layers', '', 'big = keras.Sequential([', '    keras.Input(shape=(64,)),'];
  for (let i = 0; i < layers; i++) {
    lines.push(i % 3 === 2 ? '    layers.BatchNormalization(),' : `    layers.Dense(${64 + (i % 5) * 8}, kernel_initializer="he_normal"),`);
  }
  lines.push('])', '');
  return lines.join('\n');
}

/** Opens a workspace file through Quick Open (typed again until the file index has it). */
async function openFile(page: Page, name: string, text: string): Promise<void> {
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input');
  const item = page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first();
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
  await page.keyboard.press('Enter');
  await page.locator('.editor-instance .monaco-editor', { hasText: text }).first().locator('.view-lines').waitFor();
}

/** The summary's `data-render-ms` once a view newer than `after` with `rows` rows is on screen. */
async function summaryRender(page: Page, rows: number, after: number): Promise<{ renderMs: number; version: number }> {
  const root = previewFrame(page).locator(`#summary[data-rows="${rows}"]`);
  for (let i = 0; i < 600; i++) {
    const data = await root
      .evaluate((e) => ({ ...(e as HTMLElement).dataset }) as Record<string, string>, undefined, { timeout: 30_000 })
      .catch(() => undefined);
    if (data !== undefined && Number(data.version) > after) return { renderMs: Number(data.renderMs), version: Number(data.version) };
    await page.waitForTimeout(50);
  }
  throw new Error(`no summary of ${rows} rows after version ${after} within 30 s`);
}

/**
 * The model summary of a `layers`-layer Sequential: "Show Model Summary" run `renders` + 1 times on a new
 * panel (closed in between; the first, which also loads the webview's code, is not kept), then
 * `renders` + 1 times more with the panel open (each a new view of the same model, the first not kept).
 */
export async function measureSummary(vsix: string, renders: number, layers = 300): Promise<SummaryRenders> {
  try {
    const fileName = 'bench_summary.py';
    const { page, host } = await openWorkbench(vsix, { [fileName]: summarySample(layers) });
    await openFile(page, fileName, 'big = keras.Sequential');
    const out: SummaryRenders = { host, renderMs: [], rerenderMs: [], rows: layers };
    for (let i = 0; i < renders + 1; i++) {
      await runCommand(page, SUMMARY_TITLE);
      const r = await summaryRender(page, layers, 0);
      if (i > 0) out.renderMs.push(r.renderMs);
      await runCommand(page, CLOSE_OTHERS_TITLE);
      await page.locator('iframe.webview').first().waitFor({ state: 'detached' });
    }
    let version = 0;
    for (let i = 0; i < renders + 1; i++) {
      await runCommand(page, SUMMARY_TITLE);
      const r = await summaryRender(page, layers, version);
      version = r.version;
      if (i > 0) out.rerenderMs.push(r.renderMs);
    }
    return out;
  } finally {
    await runCleanups();
  }
}
