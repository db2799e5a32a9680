/** Shared helpers of the language features: which documents they serve, text per version, ranges. */
import * as vscode from 'vscode';
import { notebookProgram, type SourceRange, type Translate } from '../../core/index';

/** Python files and notebook cells alike (no scheme restriction). */
export const PYTHON_SELECTOR: vscode.DocumentSelector = { language: 'python' };

export function isPython(document: vscode.TextDocument): boolean {
  return document.languageId === 'python';
}

/** The core's text goes through VS Code's localization. */
export const translate: Translate = (message, ...args) => vscode.l10n.t(message, ...args);

/**
 * The program the core reads for a document: the document itself, or for a notebook cell the
 * notebook's Python code cells in order, joined into one program (a model whose Input is defined in
 * the first cell is read in the third). `start` is where the document begins in `text`.
 */
export interface ProgramText {
  readonly text: string;
  readonly start: number;
  /** The document's length in `text`. */
  readonly length: number;
}

/** The notebook's Python code cells when `document` is one of them. */
export function notebookCellsOf(document: vscode.TextDocument): vscode.TextDocument[] | undefined {
  if (document.uri.scheme !== 'vscode-notebook-cell') return undefined;
  const key = document.uri.toString();
  for (const notebook of vscode.workspace.notebookDocuments) {
    const cells = notebook
      .getCells()
      .filter((c) => c.kind === vscode.NotebookCellKind.Code && isPython(c.document))
      .map((c) => c.document);
    if (cells.some((d) => d.uri.toString() === key)) return cells;
  }
  return undefined;
}

/** The program of a document (see ProgramText), read now. */
export function programText(document: vscode.TextDocument): ProgramText {
  const cells = notebookCellsOf(document);
  if (cells === undefined) {
    const text = document.getText();
    return { text, start: 0, length: text.length };
  }
  const sources = cells.map((d) => d.getText());
  const program = notebookProgram(sources);
  const index = cells.findIndex((d) => d.uri.toString() === document.uri.toString());
  return { text: program.text, start: program.cellStarts[index], length: sources[index].length };
}

/** A range of the program inside the document, in the document's offsets; undefined when it lies elsewhere. */
export function rangeInDocument(program: ProgramText, range: SourceRange): SourceRange | undefined {
  const start = range.start - program.start;
  const end = range.end - program.start;
  return start >= 0 && end <= program.length && start <= end ? { start, end } : undefined;
}

/**
 * The text of a document, fetched once per version: hover, completion and diagnostics ask for the
 * same unchanged text many times, and the core's readers cache their work by that same string.
 */
export class DocumentTexts {
  private readonly texts = new Map<string, { version: number; text: string }>();
  private readonly programs = new Map<string, { key: string; program: ProgramText }>();

  get(document: vscode.TextDocument): string {
    const key = document.uri.toString();
    const cached = this.texts.get(key);
    if (cached !== undefined && cached.version === document.version) return cached.text;
    const text = document.getText();
    this.texts.set(key, { version: document.version, text });
    return text;
  }

  /** The program the core reads for the document: itself, or its notebook's code cells joined. */
  program(document: vscode.TextDocument): ProgramText {
    const cells = notebookCellsOf(document);
    if (cells === undefined) {
      const text = this.get(document);
      return { text, start: 0, length: text.length };
    }
    const uri = document.uri.toString();
    const key = cells.map((d) => `${d.uri.toString()}@${d.version}`).join('\n');
    const cached = this.programs.get(uri);
    if (cached !== undefined && cached.key === key) return cached.program;
    const program = programText(document);
    this.programs.set(uri, { key, program });
    return program;
  }

  /** The documents whose program includes this one's text: its notebook's code cells, or itself. */
  related(document: vscode.TextDocument): readonly vscode.TextDocument[] {
    return notebookCellsOf(document) ?? [document];
  }

  forget(document: vscode.TextDocument): void {
    this.texts.delete(document.uri.toString());
    this.programs.delete(document.uri.toString());
  }
}

export function toRange(document: vscode.TextDocument, range: SourceRange): vscode.Range {
  return new vscode.Range(document.positionAt(range.start), document.positionAt(range.end));
}
