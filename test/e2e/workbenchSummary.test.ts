/**
 * UI tests of the model summary in the real workbench: the command run from the palette on
 * classifier.py shows Keras's table (layer rows, output shapes, parameter counts, totals) with a
 * screenshot; Enter on a focused row selects the layer's call in the editor; its Generate Weights…
 * button leads through the questions to a .weights.h5 in the workspace; a 300-layer model
 * renders all its rows (its render time is printed).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { session } from './session';
import { openFile, panelFrame, runCommand, screenshot, startInCleanWorkbench } from './workbenchActions';

const COMMAND_TITLE = 'Keras Initializers: Show Model Summary';

suite('model summary in the workbench', () => {
  let problems: string[] = [];

  suiteSetup(async () => {
    problems = await startInCleanWorkbench();
  });

  test('the palette command shows the classifier as model.summary() does, with weights and totals', async () => {
    const { page } = session();
    await openFile(page, 'classifier.py', 'BatchNormalization');
    // The CodeLens above the model carries its count.
    await page.locator('.codelens-decoration', { hasText: 'Model summary · 235,658 params' }).first().waitFor({ timeout: 30_000 });
    await runCommand(page, COMMAND_TITLE);
    await page.locator('.tabs-container .tab', { hasText: 'Model Summary' }).first().waitFor({ timeout: 30_000 });
    const frame = panelFrame(page);
    await frame.locator('#summary[data-render-ms]').waitFor({ timeout: 30_000 });
    const table = (await frame.locator('#summary-table').innerText()).replace(/\s+/g, ' ');
    for (const text of [
      'dense (Dense)',
      '(None, 256)',
      '200,960',
      'batch_normalization (BatchNormalization)',
      "'he_normal'",
      'limit 0.125',
    ]) {
      assert.ok(table.includes(text), `the table shows ${text}`);
    }
    const totals = await frame.locator('#summary-totals').innerText();
    assert.match(totals, /Total params: 235,658 \(920\.54 KB\)/);
    assert.match(totals, /Trainable params: 235,402 \(919\.54 KB\)/);
    assert.match(totals, /Non-trainable params: 256 \(1\.00 KB\)/);
    assert.match(await frame.locator('#summary-source').innerText(), /classifier · sequential model in classifier\.py, line 5/);
    assert.equal(await frame.locator('#summary').getAttribute('data-rows'), '4');
    await screenshot(page, 'e2e-model-summary.png');
  });

  test('Enter on a focused layer row selects its constructor call in the editor', async () => {
    const { page } = session();
    const frame = panelFrame(page);
    const row = frame.locator('tr.layer-row[data-row="2"]');
    await row.focus();
    await row.press('Enter');
    // The editor's selection is drawn; its text is the BatchNormalization call.
    await page.waitForFunction(
      () => {
        const editors = Array.from(document.querySelectorAll('.editor-instance .monaco-editor'));
        return editors.some((e) => e.querySelector('.selected-text') !== null);
      },
      undefined,
      { timeout: 15_000 },
    );
    const status = await page.locator('.statusbar').innerText();
    assert.match(status, /Ln 10, Col \d+ \(27 selected\)/, status);
  });

  test("the summary's Generate Weights… button writes the model's .weights.h5 after the questions, and offers the loading code", async () => {
    const { page, workspace } = session();
    const written = path.join(workspace, 'sequential.weights.h5');
    fs.rmSync(written, { force: true });
    await panelFrame(page).locator('#generate-weights').click();
    const quickInput = page.locator('.quick-input-widget');
    // The format (Keras weights first), the seed (empty: one is drawn), then the save dialog beside classifier.py.
    await quickInput
      .locator('.quick-input-list .monaco-list-row', { hasText: 'Keras weights (.weights.h5)' })
      .first()
      .waitFor({ timeout: 15_000 });
    await page.keyboard.press('Enter');
    await quickInput.locator('.quick-input-message', { hasText: 'without a seed of its own' }).waitFor({ timeout: 15_000 });
    await page.keyboard.press('Enter');
    const name = quickInput.locator('input');
    await page.waitForFunction(
      () => {
        const input = document.querySelector<HTMLInputElement>('.quick-input-widget input');
        return input !== null && input.value.endsWith('sequential.weights.h5');
      },
      undefined,
      { timeout: 15_000 },
    );
    await name.press('Enter');
    const toast = page.locator('.notifications-toasts .notification-toast', { hasText: 'Wrote sequential.weights.h5' }).first();
    await toast.waitFor({ timeout: 30_000 });
    const text = await toast.innerText();
    assert.match(text, /classifier, 10 variables/);
    assert.match(text, /Seed \d+ was drawn at random for 2 unseeded variable/);
    await toast.locator('.monaco-button', { hasText: 'Copy Python to Load It' }).waitFor();
    const bytes = fs.readFileSync(written);
    assert.equal(bytes.subarray(0, 8).toString('latin1'), '\x89HDF\r\n\x1a\n', 'an HDF5 file');
    await screenshot(page, 'e2e-model-weights-written.png');
    await toast.locator('.monaco-button', { hasText: 'Copy Python to Load It' }).click();
  });

  test('a 300-layer model renders all its rows and reports its render time', async () => {
    const { page, workspace } = session();
    const lines = ['import keras', 'from keras import layers', '', 'big = keras.Sequential([', '    keras.Input(shape=(64,)),'];
    for (let i = 0; i < 300; i++) {
      lines.push(
        i % 3 === 2 ? '    layers.BatchNormalization(),' : `    layers.Dense(${64 + (i % 5) * 8}, kernel_initializer="he_normal"),`,
      );
    }
    lines.push('])', '');
    fs.writeFileSync(path.join(workspace, 'big_summary.py'), lines.join('\n'));
    await openFile(page, 'big_summary.py', 'big = keras.Sequential');
    await runCommand(page, COMMAND_TITLE);
    const frame = panelFrame(page);
    await frame.locator('#summary[data-rows="300"]').waitFor({ timeout: 30_000 });
    const ms = Number(await frame.locator('#summary').getAttribute('data-render-ms'));
    console.log(`      300 layers: table built and laid out in ${ms} ms`);
    assert.ok(Number.isFinite(ms) && ms > 0, `render time reported: ${ms}`);
    await frame.locator('#summary-totals').scrollIntoViewIfNeeded();
    assert.deepEqual(problems, []);
  });
});
