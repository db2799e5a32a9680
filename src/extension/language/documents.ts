/** Shared helpers of the language features: which documents they serve, text per version, ranges. */
import * as vscode from 'vscode';
import type { SourceRange, Translate } from '../../core/index';

/** Python files and notebook cells alike (no scheme restriction). */
export const PYTHON_SELECTOR: vscode.DocumentSelector = { language: 'python' };

export function isPython(document: vscode.TextDocument): boolean {
  return document.languageId === 'python';
}

/** The core's text goes through VS Code's localization. */
export const translate: Translate = (message, ...args) => vscode.l10n.t(message, ...args);

/**
 * The text of a document, fetched once per version: hover, completion and diagnostics ask for the
 * same unchanged text many times, and the core's readers cache their work by that same string.
 */
export class DocumentTexts {
  private readonly texts = new Map<string, { version: number; text: string }>();

  get(document: vscode.TextDocument): string {
    const key = document.uri.toString();
    const cached = this.texts.get(key);
    if (cached !== undefined && cached.version === document.version) return cached.text;
    const text = document.getText();
    this.texts.set(key, { version: document.version, text });
    return text;
  }

  forget(document: vscode.TextDocument): void {
    this.texts.delete(document.uri.toString());
  }
}

export function toRange(document: vscode.TextDocument, range: SourceRange): vscode.Range {
  return new vscode.Range(document.positionAt(range.start), document.positionAt(range.end));
}
