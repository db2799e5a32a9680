/**
 * UI test of the initialization check in the real workbench: the palette command on deep_tanh.py
 * (twelve tanh layers under RandomNormal(stddev=0.05)) opens the panel, runs the check in its worker,
 * draws the std-by-depth charts and names the fading activations; the finding's "Use glorot_uniform"
 * button rewrites the initializer in the source, and the check runs again on the new text; a layer's
 * histograms open on demand; a long run is cancelled and the panel runs again.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { session } from './session';
import { openFile, panelFrame, runCommand, screenshot, startInCleanWorkbench } from './workbenchActions';

suite('initialization check in the workbench', () => {
  let problems: string[] = [];

  suiteSetup(async () => {
    problems = await startInCleanWorkbench();
  });

  suiteTeardown(async () => {
    // the suggestion edited deep_tanh.py: close everything without saving it, so the next suites start clean
    const { page } = session();
    await runCommand(page, 'View: Close All Editors');
    const dontSave = page.locator('.monaco-dialog-box').getByRole('button', { name: "Don't Save" });
    await dontSave.waitFor({ timeout: 15_000 });
    await dontSave.click();
    await page.locator('.tabs-container .tab').first().waitFor({ state: 'detached', timeout: 15_000 });
    // as the suites before this one leave the workbench: samples/model.py open (the preview suite opens beside it)
    await openFile(page, 'model.py', 'kernel_initializer');
  });

  test('the palette command checks the model: charts drawn, the fading std found, in the worker', async () => {
    const { page } = session();
    await openFile(page, 'deep_tanh.py', 'RandomNormal');
    await page.locator('.codelens-decoration', { hasText: 'Check initialization' }).first().waitFor({ timeout: 30_000 });
    await runCommand(page, 'Keras Initializers: Check Model Initialization');
    await page.locator('.tabs-container .tab', { hasText: 'Initialization Check' }).first().waitFor({ timeout: 30_000 });
    const frame = panelFrame(page);
    await frame.locator('#check[data-state="done"]').waitFor({ timeout: 60_000 });
    assert.equal(await frame.locator('#check').getAttribute('data-layers'), '12');
    assert.equal(await frame.locator('#check').getAttribute('data-engine'), 'worker');
    // the std-by-depth chart has ink: some pixels differ from the first one
    const inked = await frame.locator('#check-std-chart').evaluate((canvas: HTMLCanvasElement) => {
      const ctx = canvas.getContext('2d');
      if (ctx === null || canvas.width === 0 || canvas.height === 0) return 0;
      const data = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
      let differing = 0;
      for (let i = 4; i < data.length; i += 4) {
        if (data[i] !== data[0] || data[i + 1] !== data[1] || data[i + 2] !== data[2] || data[i + 3] !== data[3]) differing++;
      }
      return differing;
    });
    assert.ok(inked > 500, `the activation-std chart is drawn (${inked} pixels of ink)`);
    const findings = await frame.locator('#check-findings').innerText();
    assert.match(findings, /tanh/, findings);
    assert.match(findings, /RandomNormal\(stddev=0\.05\)/, findings);
    const table = await frame.locator('#check-table').innerText();
    assert.match(table, /dense_11/, 'every layer has its row');
    // a layer's histograms on demand: its output and gradient drawn under its row
    await frame.locator('tr[data-layer="11"] button.histograms').click();
    await frame.locator('tr.histogram-row canvas').first().waitFor({ timeout: 15_000 });
    assert.equal(await frame.locator('tr[data-layer="11"] button.histograms').getAttribute('aria-expanded'), 'true');
    assert.equal(await frame.locator('tr.histogram-row canvas').count(), 2, 'output and gradient histograms');
    await screenshot(page, 'e2e-initialization-check.png');
    assert.deepEqual(problems, [], 'no CSP refusal in the page');
  });

  test('"Use glorot_uniform" rewrites the initializer in the source and the check runs again', async () => {
    const { page } = session();
    const frame = panelFrame(page);
    await frame.locator('#check-findings button.apply', { hasText: 'glorot_uniform' }).first().click();
    await page
      .locator('.editor-instance .monaco-editor .view-lines', { hasText: 'kernel_initializer="glorot_uniform"' })
      .first()
      .waitFor({ timeout: 15_000 });
    const editorText = await page.locator('.editor-instance .monaco-editor .view-lines').first().innerText();
    assert.doesNotMatch(editorText, /RandomNormal\(stddev=0\.05\)\)/, 'the old initializer is gone');
    // the check follows the edit: a new run without the RandomNormal finding
    await frame.locator('#check[data-state="done"]').waitFor({ timeout: 60_000 });
    await frame.locator('#check-findings', { hasNotText: 'RandomNormal(stddev=0.05)' }).waitFor({ timeout: 30_000 });
  });

  test('a long run can be cancelled, and the panel stays usable', async () => {
    const { page, workspace } = session();
    // 20 Dense layers of 1024 at batch 256 (and again with the suggestions): a few seconds of work
    const wide = [
      'import keras',
      'from keras import layers',
      '',
      'wide = keras.Sequential([keras.Input(shape=(1024,))] + [layers.Dense(1024, activation="relu") for _ in range(20)])',
      '',
    ].join('\n');
    fs.writeFileSync(path.join(workspace, 'wide_mlp.py'), wide);
    await openFile(page, 'wide_mlp.py', 'wide = keras.Sequential');
    await runCommand(page, 'Keras Initializers: Check Model Initialization');
    const frame = panelFrame(page);
    await frame.locator('#check[data-state="running"]').waitFor({ timeout: 30_000 });
    await frame.locator('#check-cancel').click();
    await frame.locator('#check[data-state="cancelled"]').waitFor({ timeout: 5_000 });
    assert.equal(await frame.locator('#check-cancel').isHidden(), true, 'the Cancel button goes away');
    // still usable: a smaller batch runs to the end
    await frame.locator('#check-batch').fill('8');
    await frame.locator('#check-run').click();
    await frame.locator('#check[data-state="done"]').waitFor({ timeout: 60_000 });
    assert.equal(await frame.locator('#check').getAttribute('data-layers'), '20');
    fs.rmSync(path.join(workspace, 'wide_mlp.py'), { force: true });
  });
});
