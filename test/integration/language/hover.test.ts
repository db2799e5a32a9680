/** Hover through the real API (vscode.executeHoverProvider) on a .py file and on notebook cells. */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { ourExtension } from '../shared/extension';
import { fixtureCopy, hoverTexts, positionOf } from './languageFixtures';

/** Keras: the std of a standard normal truncated to [-2, 2]. */
const TRUNC = 0.87962566103423978;

function ourHover(parts: readonly vscode.MarkdownString[]): vscode.MarkdownString | undefined {
  return parts.find((p) => p.value.includes('keras.io/api/layers/initializers'));
}

function decodeCommand(markdown: string, command: string): unknown {
  const m = new RegExp(`\\(command:${command.replace(/\./g, '\\.')}\\?([^ )]+)`).exec(markdown);
  assert.ok(m, `a ${command} link`);
  return JSON.parse(decodeURIComponent(m[1])) as unknown;
}

suite('hover in the extension host', () => {
  let model: vscode.TextDocument;

  suiteSetup(async () => {
    await ourExtension().activate();
    model = await vscode.workspace.openTextDocument(await fixtureCopy('model.py'));
    await vscode.window.showTextDocument(model);
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('"he_normal" in Dense(256, input_dim=784): the law with this call\'s stddev', async () => {
    const hover = ourHover(await hoverTexts(model.uri, positionOf(model, '"he_normal"', 3)));
    assert.ok(hover, 'our hover is there');
    assert.match(hover.value, /\*\*HeNormal\*\*/);
    assert.match(hover.value, /fan_in = 784, fan_out = 256/);
    const m = /stddev ([0-9.]+) before truncation/.exec(hover.value);
    assert.ok(m, hover.value);
    const expected = Math.sqrt(2 / 784) / TRUNC;
    assert.ok(Math.abs(Number(m[1]) - expected) < 5e-6 * expected, `${m[1]} vs ${expected}`);
  });

  test('the hover is trusted for the preview and generator commands only, and its links carry the configuration', async () => {
    const hover = ourHover(await hoverTexts(model.uri, positionOf(model, 'GlorotUniform(seed=42)', 2)));
    assert.ok(hover);
    assert.deepEqual(hover.isTrusted, { enabledCommands: ['kerasInitializers.openPreview', 'kerasInitializers.generateWeights'] });
    const expected = [
      {
        initializer: {
          module: 'keras.initializers',
          class_name: 'GlorotUniform',
          config: { seed: 42, input_axes: null, output_axes: null },
          registered_name: null,
        },
        shape: [784, 10],
      },
    ];
    assert.deepEqual(decodeCommand(hover.value, 'kerasInitializers.openPreview'), expected);
    assert.deepEqual(decodeCommand(hover.value, 'kerasInitializers.generateWeights'), expected);
  });

  test('no hover from this extension on np.random.normal or an unrelated "normal" string', async () => {
    assert.equal(ourHover(await hoverTexts(model.uri, positionOf(model, 'np.random.normal', 12))), undefined);
    assert.equal(ourHover(await hoverTexts(model.uri, positionOf(model, '"normal"', 2))), undefined);
  });

  test('notebook cells: the hover works in a cell of an .ipynb opened with openNotebookDocument', async () => {
    const notebook = await vscode.workspace.openNotebookDocument(await fixtureCopy('notebook.ipynb'));
    await vscode.window.showNotebookDocument(notebook);
    const cell = notebook.cellAt(0).document;
    assert.equal(cell.languageId, 'python');
    assert.equal(cell.uri.scheme, 'vscode-notebook-cell');
    const hover = ourHover(await hoverTexts(cell.uri, positionOf(cell, '"he_normal"', 3)));
    assert.ok(hover, 'our hover in the cell');
    assert.match(hover.value, /fan_in = 784, fan_out = 256/);
  });

  test("the file's model: a layer's fan_in is the output of the layer before it", async () => {
    const sequential = await vscode.workspace.openTextDocument(await fixtureCopy('sequential.py'));
    await vscode.window.showTextDocument(sequential);
    const hover = ourHover(await hoverTexts(sequential.uri, positionOf(sequential, 'GlorotUniform(seed=42)', 2)));
    assert.ok(hover, 'our hover is there');
    assert.match(hover.value, /shape `\(256, 10\)`: fan_in = 256, fan_out = 10/);
    assert.match(hover.value, /From the model: fan_in 256: output of `Dense\(256\)` on line 7/);
    assert.doesNotMatch(hover.value, /is not known here/);
    const m = /values in \[-([0-9.]+),/.exec(hover.value);
    assert.ok(m, hover.value);
    const limit = Math.sqrt(6 / (256 + 10));
    assert.ok(Math.abs(Number(m[1]) - limit) < 5e-6 * limit, `${m[1]} vs ${limit}`);
    const [args] = decodeCommand(hover.value, 'kerasInitializers.openPreview') as [{ shape: number[]; shapeSource: string }];
    assert.deepEqual(args.shape, [256, 10]);
    assert.equal(args.shapeSource, 'fan_in 256: output of `Dense(256)` on line 7');
    const first = ourHover(await hoverTexts(sequential.uri, positionOf(sequential, '"he_normal"', 3)));
    assert.ok(first);
    assert.match(first.value, /fan_in = 784, fan_out = 256/);
    assert.match(first.value, /From the model: fan_in 784: `keras\.Input\(shape=\(784,\)\)` on line 6/);
  });

  test('notebook cells: the hover in the third code cell knows the Input of the first', async () => {
    const notebook = await vscode.workspace.openNotebookDocument(await fixtureCopy('model_notebook.ipynb'));
    await vscode.window.showNotebookDocument(notebook);
    const cell = notebook.cellAt(3).document;
    assert.equal(cell.uri.scheme, 'vscode-notebook-cell');
    const position = positionOf(cell, '"lecun_normal"', 3);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', cell.uri, position);
    const ours = hovers.find((h) =>
      h.contents.some((c) => c instanceof vscode.MarkdownString && c.value.includes('keras.io/api/layers/initializers')),
    );
    assert.ok(ours, 'our hover in the cell');
    const value = ours.contents.map((c) => (c instanceof vscode.MarkdownString ? c.value : '')).join('\n');
    assert.match(value, /shape `\(128, 10\)`: fan_in = 128, fan_out = 10/);
    assert.match(value, /output of `Dense\(128\)`/);
    // The hover's range is inside the cell.
    assert.equal(cell.getText(ours.range), 'lecun_normal');
  });
});
