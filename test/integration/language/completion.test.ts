/** Completion through the real API (vscode.executeCompletionItemProvider), in files of any scheme. */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { ourExtension } from '../shared/extension';
import { fixtureCopy, labelOf, positionOf } from './languageFixtures';

async function completions(uri: vscode.Uri, position: vscode.Position, trigger?: string): Promise<vscode.CompletionItem[]> {
  const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', uri, position, trigger);
  return list.items;
}

function find(items: readonly vscode.CompletionItem[], label: string): vscode.CompletionItem | undefined {
  return items.find((i) => labelOf(i) === label);
}

suite('completion in the extension host', () => {
  suiteSetup(async () => {
    await ourExtension().activate();
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('ids inside an initializer string, each with its documentation', async () => {
    const model = await vscode.workspace.openTextDocument(await fixtureCopy('model.py'));
    const items = await completions(model.uri, positionOf(model, '"he_normal"', 3), '"');
    const he = find(items, 'he_normal');
    assert.ok(he, `he_normal among ${items.length} items`);
    assert.ok(find(items, 'glorot_uniform') && find(items, 'Orthogonal') && find(items, 'zeros'));
    assert.ok(he.documentation instanceof vscode.MarkdownString);
    assert.match(he.documentation.value, /He \(Kaiming\) normal/);
    assert.equal(he.detail, 'he_normal (alias of keras.initializers.HeNormal)');
  });

  test('right after bias_initializer=: quoted ids and calls spelled as the file imports Keras', async () => {
    const model = await vscode.workspace.openTextDocument(await fixtureCopy('model.py'));
    const items = await completions(model.uri, positionOf(model, 'bias_initializer=)', 'bias_initializer='.length), '=');
    assert.ok(find(items, '"zeros"'), 'a quoted id');
    const call = find(items, 'keras.initializers.HeNormal()');
    assert.ok(call, 'a call through `import keras`');
    assert.ok(call.insertText instanceof vscode.SnippetString);
    assert.equal(call.insertText.value, 'keras.initializers.HeNormal(seed=${1:42})$0');
  });

  test('untitled documents too: members after tf.keras.initializers., keywords, mode values', async () => {
    const doc = await vscode.workspace.openTextDocument({
      language: 'python',
      content:
        'import tensorflow as tf\ni = tf.keras.initializers.\nv = tf.keras.initializers.VarianceScaling(scale=2.0, )\nm = tf.keras.initializers.VarianceScaling(mode="")\n',
    });
    assert.equal(doc.uri.scheme, 'untitled');
    const members = await completions(doc.uri, positionOf(doc, 'initializers.\n', 'initializers.'.length), '.');
    assert.ok(find(members, 'HeNormal') && find(members, 'he_normal') && find(members, 'VarianceScaling'));
    const keywords = await completions(doc.uri, positionOf(doc, 'scale=2.0, )', 'scale=2.0, '.length), ',');
    for (const k of ['mode=', 'distribution=', 'seed=']) assert.ok(find(keywords, k), k);
    assert.equal(find(keywords, 'scale='), undefined, 'scale is already given');
    const modes = await completions(doc.uri, positionOf(doc, 'mode=""', 'mode="'.length), '"');
    for (const v of ['fan_in', 'fan_out', 'fan_avg']) assert.ok(find(modes, v), v);
  });

  test('nothing from this extension inside an unrelated call', async () => {
    const doc = await vscode.workspace.openTextDocument({ language: 'python', content: 'import numpy as np\nw = np.random.normal()\n' });
    const items = await completions(doc.uri, positionOf(doc, 'normal()', 'normal('.length), '(');
    // Word-based suggestions (Text) and snippets may repeat such words; this extension's kinds are these.
    const kinds = [
      vscode.CompletionItemKind.Value,
      vscode.CompletionItemKind.Class,
      vscode.CompletionItemKind.Function,
      vscode.CompletionItemKind.Property,
      vscode.CompletionItemKind.EnumMember,
    ];
    const ours = items.filter((i) => i.kind !== undefined && kinds.includes(i.kind));
    assert.deepEqual(
      ours.map(labelOf).filter((l) => /normal|seed|fan_/.test(l)),
      [],
    );
  });
});
