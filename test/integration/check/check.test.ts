/**
 * The initialization check in a real extension host: the CodeLens above a model runs it for that
 * model; the command runs the core's checkInitialization in the panel's worker and reports, per layer,
 * the figures the core computes for the same program, seeds and batch (the core itself is checked
 * against real Keras in the unit tests); the training toggle switches BatchNormalization to batch
 * statistics; a deep tanh stack under RandomNormal(stddev=0.05) is reported as fading, and the side
 * by side run with Glorot keeps its scale; an edit of the source runs the check again.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { checkInitialization } from '../../../src/core/index';
import type { ExtensionTestApi } from '../../../src/extension/extension';
import type { CheckDoneMessage, CheckLayerReport } from '../../../src/protocol/checkMessages';
import { ourExtension, workspaceFile } from '../shared/extension';
import { waitFor } from '../shared/waitFor';

const CHECK = 'kerasInitializers.checkModelInitialization';

/** A reported figure that must be finite here (the report gives null for Infinity and NaN). */
function finite(x: number | null, what: string): number {
  assert.ok(x !== null, `${what} is finite`);
  return x;
}

suite('initialization check', () => {
  let api: ExtensionTestApi;

  function doneWhen(what: string, ready: (d: CheckDoneMessage) => boolean, timeoutMs = 60_000): Promise<CheckDoneMessage> {
    return waitFor(
      what,
      () => {
        const d = api.check.done();
        return d !== undefined && ready(d) ? d : undefined;
      },
      timeoutMs,
    );
  }

  async function open(name: string, cursorAt: string): Promise<vscode.TextEditor> {
    const document = await vscode.workspace.openTextDocument(workspaceFile(name));
    const editor = await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.One, preview: false });
    const position = document.positionAt(document.getText().indexOf(cursorAt));
    editor.selection = new vscode.Selection(position, position);
    return editor;
  }

  suiteSetup(async () => {
    api = await ourExtension().activate();
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('a CodeLens above the model runs the check for that model', async () => {
    const editor = await open('classifier.py', 'BatchNormalization');
    const lenses = await waitFor('the check CodeLens', async () => {
      const found = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', editor.document.uri, 10);
      const ours = found?.filter((l) => l.command?.command === CHECK) ?? [];
      return ours.length > 0 ? ours : undefined;
    });
    assert.equal(lenses.length, 1);
    assert.equal(lenses[0].command?.title, '$(pulse) Check initialization');
    assert.deepEqual(lenses[0].command?.arguments, [{ uri: editor.document.uri.toString(), model: 'classifier' }]);
  });

  test("the command runs the check in the panel's worker with the core's figures for the model under the cursor", async () => {
    const editor = await open('classifier.py', 'BatchNormalization');
    await vscode.commands.executeCommand(CHECK);
    assert.equal(api.check.isOpen(), true);
    await api.check.ping(30_000);
    const done = await doneWhen('the classifier check', (d) => d.model === 'classifier');
    assert.equal(done.engine, 'worker');
    assert.equal(done.stoppedAt, null);
    assert.deepEqual(
      done.layers.map((l) => `${l.name} (${l.className})`),
      ['dense (Dense)', 'dense_1 (Dense)', 'batch_normalization (BatchNormalization)', 'dense_2 (Dense)'],
    );
    const settings = api.check.settings();
    assert.ok(settings !== undefined);
    assert.equal(settings.batchSize, 256);
    assert.ok(done.seed !== null, 'the unseeded kernels got a seed, reported');
    const core = checkInitialization(editor.document.getText(), {
      model: 'classifier',
      batchSize: settings.batchSize,
      seed: done.seed,
      inputSeed: settings.inputSeed,
      training: false,
    });
    done.layers.forEach((l: CheckLayerReport, i) => {
      const c = core.layers[i];
      assert.equal(l.outputStd, c.output.std, `${l.name}: activation std`);
      assert.equal(l.outputMean, c.output.mean, `${l.name}: activation mean`);
      assert.equal(l.zeroFraction, c.output.zeroFraction, `${l.name}: zeros`);
      assert.equal(l.gradientStd, c.gradient?.std ?? null, `${l.name}: gradient std`);
    });
    // the figures mean what they say: ReLU zeroes about half, softmax rows sum to one over 10 classes
    assert.ok(done.layers[0].zeroFraction > 0.4 && done.layers[0].zeroFraction < 0.6, `relu zeros ${done.layers[0].zeroFraction}`);
    assert.ok(Math.abs(finite(done.layers[3].outputMean, 'softmax mean') - 0.1) < 1e-6, `softmax mean ${done.layers[3].outputMean}`);
  });

  test('training mode runs BatchNormalization on the batch statistics (its output std becomes 1)', async () => {
    const before = api.check.done();
    const settings = api.check.settings();
    assert.ok(before !== undefined && settings !== undefined);
    await api.check.setSettings({ ...settings, training: true, seed: before.seed });
    const training = await doneWhen('the training-mode run', (d) => d.runId > before.runId);
    const bnInference = before.layers[2];
    const bnTraining = training.layers[2];
    assert.ok(Math.abs(finite(bnTraining.outputStd, 'BN std') - 1) < 0.01, `training BN std ${bnTraining.outputStd}`);
    assert.ok(Math.abs(finite(bnTraining.outputMean, 'BN mean')) < 1e-3, `training BN mean ${bnTraining.outputMean}`);
    assert.ok(
      Math.abs(finite(bnInference.outputStd, 'BN std') - 1) > 0.05,
      `inference BN keeps its input's scale: ${bnInference.outputStd}`,
    );
    assert.equal(training.layers[0].outputStd, before.layers[0].outputStd, 'layers before it are the same');
    await api.check.setSettings({ ...settings, training: false });
  });

  test('a deep tanh stack under RandomNormal(stddev=0.05) is reported fading; the side-by-side run with Glorot keeps its scale', async () => {
    await open('deep_tanh.py', 'Dense(256');
    await vscode.commands.executeCommand(CHECK);
    const done = await doneWhen('the deep check', (d) => d.model === 'deep');
    assert.equal(done.layers.length, 12);
    const first = finite(done.layers[0].outputStd, 'first std');
    const last = finite(done.layers[11].outputStd, 'last std');
    assert.ok(last < first / 10, `activation std ${first} → ${last}`);
    assert.ok(
      done.findings.some((f) => /std/.test(f) && /tanh/.test(f)),
      `a finding names the fading std and tanh: ${done.findings.join(' | ')}`,
    );
    assert.ok(done.compared !== null && done.compared.length === 12, 'the side-by-side run is there');
    const suggestedLast = finite(done.compared[11].outputStd, 'suggested last std');
    assert.ok(suggestedLast > last * 5, `with the suggestion the last std is ${suggestedLast} (was ${last})`);
  });

  test('an edit of the source runs the check again', async () => {
    const editor = await open('deep_tanh.py', 'Dense(256');
    const before = await doneWhen('a finished run', () => true);
    const text = editor.document.getText();
    const at = text.indexOf('range(12)') + 'range('.length;
    await editor.edit((b) => b.replace(new vscode.Range(editor.document.positionAt(at), editor.document.positionAt(at + 2)), '3'));
    const after = await doneWhen('the run after the edit', (d) => d.runId > before.runId && d.layers.length === 3);
    assert.equal(after.model, 'deep');
  });
});
