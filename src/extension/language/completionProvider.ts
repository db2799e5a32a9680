/** Completion of Keras initializer ids, classes, keyword arguments and values, adapted from the core. */
import * as vscode from 'vscode';
import { completionsAt, type CompletionEntry, type CompletionKind, errorText } from '../../core/index';
import { toRange, translate, type DocumentTexts } from './documents';

/** Quotes open a string id, '.' a member, '(' and ',' a keyword argument, '=' a value. */
export const COMPLETION_TRIGGERS = ['"', "'", '.', '(', ',', '='] as const;

const KINDS: Readonly<Record<CompletionKind, vscode.CompletionItemKind>> = {
  id: vscode.CompletionItemKind.Value,
  class: vscode.CompletionItemKind.Class,
  function: vscode.CompletionItemKind.Function,
  keyword: vscode.CompletionItemKind.Property,
  value: vscode.CompletionItemKind.EnumMember,
};

function toItem(document: vscode.TextDocument, position: vscode.Position, entry: CompletionEntry): vscode.CompletionItem {
  const item = new vscode.CompletionItem(entry.label, KINDS[entry.kind]);
  item.insertText = entry.snippet ? new vscode.SnippetString(entry.insertText) : entry.insertText;
  item.detail = entry.detail;
  item.documentation = new vscode.MarkdownString(entry.documentation);
  item.sortText = entry.sortText;
  if (entry.filterText !== undefined) item.filterText = entry.filterText;
  const replacing = toRange(document, entry.range);
  // VS Code accepts single-line ranges that contain the cursor; a triple-quoted string may span lines.
  if (replacing.isSingleLine && replacing.contains(position)) {
    item.range = { inserting: new vscode.Range(replacing.start, position), replacing };
  }
  return item;
}

export class InitializerCompletionProvider implements vscode.CompletionItemProvider {
  constructor(
    private readonly texts: DocumentTexts,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  provideCompletionItems(document: vscode.TextDocument, position: vscode.Position): vscode.CompletionItem[] | undefined {
    try {
      const result = completionsAt(this.texts.get(document), document.offsetAt(position), { t: translate });
      if (result === undefined || result.items.length === 0) return undefined;
      return result.items.map((entry) => toItem(document, position, entry));
    } catch (e) {
      this.log.error(`completion failed in ${document.uri.toString()}: ${errorText(e, { stack: true })}`);
      return undefined;
    }
  }
}
