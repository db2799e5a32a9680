/**
 * The language fixtures (test/fixtures/language) copied into the workspace the host opened, so that
 * edits made by the tests (quick fixes, typing) never touch the project's files.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { ourExtension } from '../shared/extension';

export async function fixtureCopy(name: string): Promise<vscode.Uri> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the host opened no workspace folder');
  const source = vscode.Uri.joinPath(ourExtension().extensionUri, 'test', 'fixtures', 'language', name);
  const target = vscode.Uri.joinPath(folder.uri, 'language', name);
  await vscode.workspace.fs.copy(source, target, { overwrite: true });
  return target;
}

/** The position `at` characters into the first occurrence of `needle` (after `after`, when given). */
export function positionOf(document: vscode.TextDocument, needle: string, at = 0, after?: string): vscode.Position {
  const text = document.getText();
  const from = after !== undefined ? text.indexOf(after) : 0;
  assert.ok(from >= 0, `${document.uri.path} contains ${after}`);
  const i = text.indexOf(needle, from);
  assert.ok(i >= 0, `${document.uri.path} contains ${needle}`);
  return document.positionAt(i + at);
}

/** The text of every Markdown hover part at a position, from every provider. */
export async function hoverTexts(uri: vscode.Uri, position: vscode.Position): Promise<vscode.MarkdownString[]> {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, position);
  return hovers.flatMap((h) => h.contents).filter((c): c is vscode.MarkdownString => c instanceof vscode.MarkdownString);
}

/** This extension's diagnostics for a document. */
export function ourDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'Keras Initializers');
}

export function labelOf(item: vscode.CompletionItem): string {
  return typeof item.label === 'string' ? item.label : item.label.label;
}
