/**
 * UI tests of the preview panel in the real workbench: its controls drive a render whose canvas has
 * pixels and whose table shows He normal's std for fan_in 784; chart colours follow the theme (dark,
 * then light, with a screenshot of each); chart first: in a 420 px side panel and a wide one, in both
 * themes, the histogram starts in the first half of the panel and its key numbers show without
 * scrolling; the panel comes back after a window reload with its state; and the follow toggle shows the
 * initializer clicked in the editor.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FrameLocator, Page } from 'playwright-core';
import { session } from './session';
import { ensureWorkbench, panelFrame, runCommand, screenshot } from './workbenchActions';

const COMMAND_TITLE = 'Keras Initializers: Open Initializer Preview';

/** Opens the preview unless it is open, and waits for its script's first render. */
async function ensurePreview(page: Page): Promise<FrameLocator> {
  if (
    !(await page
      .locator('.tabs-container .tab', { hasText: 'Initializer Preview' })
      .isVisible()
      .catch(() => false))
  ) {
    await runCommand(page, COMMAND_TITLE);
  }
  await page.locator('.tabs-container .tab', { hasText: 'Initializer Preview' }).first().click();
  const frame = panelFrame(page);
  await frame.locator('#distribution[data-render-ms]').waitFor({ timeout: 30_000 });
  return frame;
}

/** Waits until the render reported by the panel belongs to a job newer than `after`. */
async function nextRender(frame: FrameLocator, after: number): Promise<Record<string, string>> {
  const section = frame.locator('#distribution');
  for (let i = 0; i < 300; i++) {
    const data = await section.evaluate((e) => ({ ...(e as HTMLElement).dataset }) as Record<string, string>);
    if (Number(data.jobId) > after && (await section.getAttribute('aria-busy')) === null) return data;
    await frame.locator('body').evaluate(() => new Promise((r) => setTimeout(r, 100)));
  }
  throw new Error(`no render after job ${after}`);
}

async function jobId(frame: FrameLocator): Promise<number> {
  return Number(await frame.locator('#distribution').getAttribute('data-job-id'));
}

/** Pixels of a canvas that are not transparent, and the RGB of the most common one among them. */
function canvasPixels(
  frame: FrameLocator,
  selector: string,
): Promise<{ drawn: number; total: number; common: [number, number, number, number] }> {
  return frame.locator(selector).evaluate((c) => {
    const canvas = c as HTMLCanvasElement;
    const data = canvas.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data ?? new Uint8ClampedArray();
    const counts = new Map<string, number>();
    let drawn = 0;
    for (let i = 0; i < data.length; i += 4) {
      if (data[i + 3] === 0) continue;
      drawn++;
      const key = `${data[i]},${data[i + 1]},${data[i + 2]},${data[i + 3]}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    const top = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? '0,0,0,0';
    return { drawn, total: data.length / 4, common: top.split(',').map(Number) as [number, number, number, number] };
  });
}

/** The chart colour the theme gives, as the panel reads it. */
function themeColor(frame: FrameLocator, name: string): Promise<string> {
  return frame.locator('body').evaluate((b, n) => getComputedStyle(b).getPropertyValue(n).trim(), name);
}

function hexRgb(hex: string): [number, number, number] {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})/i.exec(hex);
  assert.ok(m, `a #rrggbb colour: ${hex}`);
  return [parseInt(m[1], 16), parseInt(m[2], 16), parseInt(m[3], 16)];
}

/** The preview's own viewport: its frame's inner size. */
function panelSize(frame: FrameLocator): Promise<{ width: number; height: number }> {
  return frame.locator('body').evaluate(() => ({ width: window.innerWidth, height: window.innerHeight }));
}

/** Waits until the panel's size stops changing after a window resize, and returns it. */
async function settledPanelSize(page: Page, frame: FrameLocator): Promise<{ width: number; height: number }> {
  let last = await panelSize(frame);
  for (let i = 0; i < 20; i++) {
    await page.waitForTimeout(250);
    const now = await panelSize(frame);
    if (now.width === last.width && now.height === last.height) return now;
    last = now;
  }
  return last;
}

/**
 * Drags the sash between the editor groups (model.py | preview) until the preview's panel is `target`
 * px wide (±6). The sash may stop short of where the mouse went (a group's minimum width), so each
 * step starts from the width measured after the last one.
 */
async function fitPanelWidth(page: Page, frame: FrameLocator, target: number): Promise<{ width: number; height: number }> {
  const sash = page.locator('.part.editor .monaco-sash.vertical').first();
  assert.ok(await sash.isVisible(), 'the preview opens beside model.py: a sash separates the two groups');
  let size = await settledPanelSize(page, frame);
  for (let i = 0; i < 5 && Math.abs(size.width - target) > 6; i++) {
    const box = await sash.boundingBox();
    assert.ok(box, 'the sash has a box');
    const x = box.x + box.width / 2;
    const y = box.y + box.height / 2;
    await page.mouse.move(x, y);
    await page.mouse.down();
    // Moving the sash right narrows the preview (the right-hand group).
    await page.mouse.move(x + (size.width - target), y, { steps: 8 });
    await page.mouse.up();
    size = await settledPanelSize(page, frame);
  }
  assert.ok(Math.abs(size.width - target) <= 6, `panel ${size.width} px wide, wanted ${target}`);
  return size;
}

/** A picture of the preview's panel alone (its webview frame) in artifacts/. */
async function panelScreenshot(page: Page, name: string): Promise<void> {
  const file = path.join(session().artifactsDir, name);
  fs.rmSync(file, { force: true });
  await page.locator('iframe.webview.ready').screenshot({ path: file });
  assert.ok(fs.statSync(file).size > 10_000, `${file} has content (${fs.statSync(file).size} bytes)`);
}

suite('preview panel in the workbench', () => {
  /** Console messages of the page and its frames that report a blocked load (CSP) or a script error. */
  const problems: string[] = [];

  suiteSetup(() => {
    session().page.on('console', (m) => {
      const text = m.text();
      if (/Content Security Policy|Refused to|preview|webview/i.test(text) && m.type() === 'error') problems.push(text);
    });
    session().page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  });

  test('HeNormal on a Dense 784 → 256 kernel: the canvas is drawn and the table shows std ≈ 0.0505', async () => {
    const { page, workbenchUrl } = session();
    await ensureWorkbench(page, workbenchUrl);
    const frame = await ensurePreview(page);
    const before = await jobId(frame);
    await frame.locator('#initializer').selectOption('HeNormal');
    await frame.locator('#shape-preset').selectOption('dense');
    let timings = await nextRender(frame, before);
    // The preset may arrive as a second job: wait for the render of the final configuration.
    if ((await frame.locator('#shape').inputValue()) !== '784, 256' || timings.samples !== '200704') {
      timings = await nextRender(frame, Number(timings.jobId));
    }
    assert.equal(await frame.locator('#shape').inputValue(), '784, 256');
    assert.equal(timings.samples, '200704');
    assert.equal(timings.engine, 'worker');
    console.log(
      `      render: ${timings.renderMs} ms (compute ${timings.computeMs} ms, draw ${timings.drawMs} ms, longest main-thread task ${timings.longestTaskMs} ms)`,
    );
    for (const key of ['renderMs', 'computeMs', 'drawMs', 'longestTaskMs']) assert.ok(Number.isFinite(Number(timings[key])), `data-${key}`);

    const expected = frame.locator('[data-stat="std"][data-column="expected"]');
    const sampled = frame.locator('[data-stat="std"][data-column="sampled"]');
    assert.equal((await expected.textContent())?.trim(), '0.05051');
    const law = Math.sqrt(2 / 784);
    assert.ok(Math.abs(Number(await expected.getAttribute('data-value')) - law) < 1e-12);
    // The std of 200,704 draws is within a few standard errors (σ/√(2n)) of the law's.
    const sampledStd = Number(await sampled.getAttribute('data-value'));
    assert.ok(Math.abs(sampledStd - law) < (6 * law) / Math.sqrt(2 * 200704), `sampled std ${sampledStd}`);
    assert.match((await sampled.textContent())?.trim() ?? '', /^0\.050\d$|^0\.05\d*$/);
    assert.equal((await frame.locator('[data-stat="fanIn"][data-column="expected"]').textContent())?.trim(), '784');

    const histogram = await canvasPixels(frame, '#histogram');
    assert.ok(histogram.drawn > histogram.total * 0.05, `histogram pixels drawn: ${histogram.drawn} of ${histogram.total}`);
    const heatmap = await canvasPixels(frame, '#heatmap');
    assert.equal(heatmap.total, 392 * 256, 'every 2nd of 784 rows, all 256 columns');
    assert.equal(heatmap.drawn, heatmap.total, 'every heatmap cell is painted');
  });

  test('chart colours come from the theme: dark, then light, each kept as a screenshot', async () => {
    const { page } = session();
    const frame = await ensurePreview(page);
    const blues: [number, number, number][] = [];
    for (const [theme, kind, shot] of [
      ['Dark Modern', 'vscode-dark', 'e2e-preview-dark.png'],
      ['Light Modern', 'vscode-light', 'e2e-preview-light.png'],
    ] as const) {
      await runCommand(page, 'Preferences: Color Theme', theme);
      await frame.locator(`body.${kind}`).waitFor({ timeout: 30_000 });
      const blue = hexRgb(await themeColor(frame, '--vscode-charts-blue'));
      blues.push(blue);
      // Redrawn on the theme change (the body's class): the bars, the most common colour, are the
      // theme's chart blue (painted at 75% opacity).
      let pixels = await canvasPixels(frame, '#histogram');
      for (let i = 0; i < 50 && pixels.common.slice(0, 3).some((v, k) => Math.abs(v - blue[k]) > 2); i++) {
        await page.waitForTimeout(100);
        pixels = await canvasPixels(frame, '#histogram');
      }
      assert.deepEqual(
        pixels.common.slice(0, 3).map((v, i) => Math.abs(v - blue[i]) <= 2),
        [true, true, true],
        `${theme}: ${pixels.common} vs ${blue}`,
      );
      await frame.locator('#distribution').scrollIntoViewIfNeeded();
      await screenshot(page, shot);
    }
    // The two themes' chart blues differ, so the checks above saw the colours change.
    assert.notDeepEqual(blues[0], blues[1]);
  });

  test('chart first: at 420 px and wide, dark and light, the histogram and its key numbers show without scrolling', async () => {
    const { page } = session();
    const frame = await ensurePreview(page);
    const initial = await settledPanelSize(page, frame);
    try {
      for (const [theme, kind] of [
        ['Dark Modern', 'vscode-dark'],
        ['Light Modern', 'vscode-light'],
      ] as const) {
        await runCommand(page, 'Preferences: Color Theme', theme);
        await frame.locator(`body.${kind}`).waitFor({ timeout: 30_000 });
        for (const [label, target] of [
          ['420', 420],
          ['wide', 840],
        ] as const) {
          const panel = await fitPanelWidth(page, frame, target);
          await frame.locator('body').evaluate(() => window.scrollTo(0, 0));
          // Redrawn for the new width, with the KS distance (it comes with the details).
          await frame.locator('#key-ks[data-value]').waitFor({ timeout: 30_000 });
          const box = (selector: string) =>
            frame.locator(selector).evaluate((e) => {
              const r = e.getBoundingClientRect();
              return { top: r.top, bottom: r.bottom, left: r.left, right: r.right, width: r.width };
            });
          const canvas = await box('#histogram');
          const keys = await box('#key-numbers');
          const where = `${theme}, ${label} (${panel.width} × ${panel.height})`;
          assert.ok(canvas.top >= 0 && canvas.top < panel.height / 2, `${where}: the histogram's top at ${canvas.top}`);
          assert.ok(canvas.width > panel.width * 0.8, `${where}: the histogram spans the panel (${canvas.width} px)`);
          assert.ok(keys.top >= 0 && keys.bottom <= panel.height, `${where}: key numbers at ${keys.top}–${keys.bottom}`);
          for (const key of ['std', 'bounds', 'ks']) {
            const value = await box(`#key-${key}`);
            assert.ok(value.right <= panel.width && value.bottom <= panel.height, `${where}: #key-${key} in view`);
          }
          // HeNormal on 784 → 256: the law's std is √(2/784), its truncation bounds ±2σ/0.8796....
          assert.equal((await frame.locator('#key-std').textContent())?.trim(), '0.05051');
          assert.match((await frame.locator('#key-bounds').textContent())?.trim() ?? '', /^±0\.114\d$/);
          assert.match((await frame.locator('#key-ks').locator('xpath=..').textContent()) ?? '', /(under|over) 0\.00\d+ \(95%\)/);
          // Nothing is wider than the panel, and the form is there, below the chart.
          const scrollWidth = await frame.locator('body').evaluate(() => document.documentElement.scrollWidth);
          assert.ok(scrollWidth <= panel.width + 1, `${where}: page ${scrollWidth} px wide`);
          const controls = await box('#controls');
          assert.ok(controls.top > canvas.bottom, `${where}: the form comes after the histogram`);
          for (const id of ['initializer', 'shape', 'shape-preset', 'dtype', 'seed', 'randomize-seed', 'sample-size', 'follow-cursor']) {
            assert.ok(await frame.locator(`#${id}`).isVisible(), `${where}: #${id} is shown`);
          }
          await panelScreenshot(page, `e2e-layout-${label}-${kind.replace('vscode-', '')}.png`);
        }
      }
      // VarianceScaling's arguments open and close from the keyboard, and their fields are then reachable.
      await frame.locator('#initializer').selectOption('VarianceScaling');
      const summary = frame.locator('#args-details > summary');
      assert.match((await summary.textContent()) ?? '', /scale=1\.0, mode="fan_in"/);
      await summary.focus();
      await page.keyboard.press('Enter');
      await frame.locator('#args-details[open]').waitFor();
      assert.ok(await frame.locator('#arg-scale').isVisible());
      await page.keyboard.press('Tab');
      assert.equal(await frame.locator('body').evaluate(() => document.activeElement?.id ?? ''), 'arg-scale');
      await summary.focus();
      await page.keyboard.press('Enter');
      await frame.locator('#args-details:not([open])').waitFor();
      assert.equal(await frame.locator('#arg-scale').isVisible(), false);
      // Back to HeNormal (same shape) for the tests that follow.
      await frame.locator('#initializer').selectOption('HeNormal');
      await frame.locator('#key-std', { hasText: '0.05051' }).waitFor({ timeout: 30_000 });
    } finally {
      await fitPanelWidth(page, frame, initial.width);
    }
  });

  test('after a window reload the panel is restored with its configuration', async () => {
    const { page } = session();
    // The workbench's own reload: it saves its editors (and the webview's state) before reloading.
    await runCommand(page, 'Developer: Reload Window');
    await page.waitForEvent('load', { timeout: 60_000 });
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    await page.locator('.tabs-container .tab', { hasText: 'Initializer Preview' }).first().waitFor({ timeout: 60_000 });
    const frame = await ensurePreview(page);
    assert.equal(await frame.locator('#initializer').inputValue(), 'HeNormal');
    assert.equal(await frame.locator('#shape').inputValue(), '784, 256');
    assert.equal((await frame.locator('[data-stat="std"][data-column="expected"]').textContent())?.trim(), '0.05051');
  });

  test('with "follow the cursor" on, clicking Orthogonal in model.py shows it with its LSTM recurrent shape', async () => {
    const { page } = session();
    const frame = await ensurePreview(page);
    const follow = frame.locator('#follow-cursor');
    if (!(await follow.isChecked())) await follow.check();
    // model.py's own tab when it is open (its group, not the preview's), else from the explorer.
    const tab = page.locator('.tabs-container .tab', { hasText: 'model.py' }).first();
    if (await tab.isVisible().catch(() => false)) await tab.click();
    else await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'model.py' }).first().click();
    const editor = page.locator('.editor-instance .monaco-editor', { hasText: 'kernel_initializer' }).first();
    await editor.locator('.view-lines').waitFor({ timeout: 30_000 });
    await editor
      .locator('.view-line span span', { hasText: /^Orthogonal$/ })
      .last()
      .click();
    await frame.locator('#origin', { hasText: /model\.py:19/ }).waitFor({ timeout: 30_000 });
    assert.equal(await frame.locator('#initializer').inputValue(), 'Orthogonal');
    // LSTM(32): the recurrent kernel is (units, 4 · units).
    assert.equal(await frame.locator('#shape').inputValue(), '32, 128');
    await frame.locator('#orthogonality:not([hidden])').waitFor({ timeout: 30_000 });
    assert.match((await frame.locator('#orthogonality-text').textContent()) ?? '', /QQᵀ − I/);
  });

  test('activation propagation, Glorot vs He under ReLU: He keeps the activations’ std, Glorot lets it vanish', async () => {
    const { page } = session();
    const frame = await ensurePreview(page);
    await frame.locator('#initializer').selectOption('GlorotUniform');
    const section = frame.locator('#propagation');
    if ((await section.getAttribute('open')) === null) await frame.locator('#propagation > summary').click();
    // Defaults: 10 Dense layers of 256 units, ReLU, N(0, 1) input, compared with HeNormal.
    assert.equal(await frame.locator('#propagation-activation').inputValue(), 'relu');
    assert.equal(await frame.locator('#propagation-compare').inputValue(), 'HeNormal');
    await frame.locator('#propagation-status', { hasText: /^Done in/ }).waitFor({ timeout: 60_000 });
    const rows = frame.locator('#propagation-table tbody tr');
    assert.equal(await rows.count(), 11, 'the input and 10 layers');
    const number = (text: string | null): number => Number((text ?? '').trim().replace(/−/g, '-'));
    const last = rows.last().locator('td');
    const stdGlorot = number(await last.nth(0).textContent());
    const stdHe = number(await last.nth(1).textContent());
    // ReLU halves the second moment per layer; He's variance 2/n restores it, Glorot's 1/n does not:
    // after 10 layers Glorot is about (1/√2)^10 ≈ 1/32 of He.
    assert.ok(stdHe / stdGlorot > 10, `std after 10 layers: Glorot ${stdGlorot}, He ${stdHe}`);
    const chart = await canvasPixels(frame, '#propagation-std');
    assert.ok(chart.drawn > 0, 'the per-layer std chart is drawn');
    assert.ok((await frame.locator('#layer-grid canvas').count()) >= 12, 'per-layer histograms for both initializers');
    await section.scrollIntoViewIfNeeded();
    await screenshot(page, 'e2e-preview-propagation.png');
  });

  test('a 1,000,000-value render (Embedding 10000 × 128) reports its timings', async () => {
    const { page } = session();
    const frame = await ensurePreview(page);
    const before = await jobId(frame);
    await frame.locator('#shape-preset').selectOption('embedding');
    const timings = await nextRender(frame, before);
    assert.equal(timings.samples, '1000000');
    assert.equal(timings.engine, 'worker');
    console.log(
      `      1,000,000 values: ${timings.renderMs} ms (compute ${timings.computeMs} ms in the worker, draw ${timings.drawMs} ms, longest main-thread task ${timings.longestTaskMs} ms)`,
    );
    assert.equal((await frame.locator('[data-stat="n"][data-column="sampled"]').textContent())?.trim(), '1,000,000');
    assert.equal((await frame.locator('[data-stat="n"][data-column="expected"]').textContent())?.trim(), '1,280,000');
  });

  test('the webview runs under its CSP: nothing was refused and no script failed', async () => {
    const frame = await ensurePreview(session().page);
    const csp = await frame.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    assert.match(csp ?? '', /^default-src 'none'; /);
    assert.match(csp ?? '', /script-src 'nonce-[A-Za-z0-9+/=]{20,}' 'wasm-unsafe-eval'/);
    assert.match(csp ?? '', /worker-src blob:/);
    assert.doesNotMatch((csp ?? '').replace("'wasm-unsafe-eval'", ''), /unsafe/);
    // The core's WebAssembly kernels may compile here (an empty module is enough to ask the CSP).
    const compiles = await frame.locator('body').evaluate(() => {
      try {
        new WebAssembly.Module(new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]));
        return true;
      } catch {
        return false;
      }
    });
    assert.equal(compiles, true);
    assert.deepEqual(problems, []);
  });
});
