/**
 * The Python program a model summary reads: a Python file's text, or a notebook's Python code cells
 * joined in order (as the CLI reads an .ipynb), with the way back from program offsets to a document
 * and a range in it. Analyses are cached by text, so CodeLens, the command and the panel share them.
 */
import * as vscode from 'vscode';
import { analyzeModels, notebookCellAt, notebookProgram, type ModelAnalysis } from '../core/index';
import { programLines, type ProgramLines } from './summaryTable';

export interface ProgramPart {
  readonly document: vscode.TextDocument;
  /** Where the document's text starts in the program. */
  readonly start: number;
}

export interface SummaryProgram {
  /** The file, or the notebook. */
  readonly uri: vscode.Uri;
  readonly fileName: string;
  readonly text: string;
  readonly lines: ProgramLines;
  readonly analysis: ModelAnalysis;
  /** The documents the program is made of: the file, or the notebook's Python code cells. */
  readonly parts: readonly ProgramPart[];
  readonly notebook: vscode.NotebookDocument | undefined;
}

const CACHE_SIZE = 8;
const analyses = new Map<string, ModelAnalysis>();

/** `analyzeModels`, remembering the last few texts (hover and diagnostics use its one-entry cache too). */
export function cachedAnalysis(text: string): ModelAnalysis {
  const hit = analyses.get(text);
  if (hit !== undefined) {
    analyses.delete(text);
    analyses.set(text, hit);
    return hit;
  }
  const analysis = analyzeModels(text);
  analyses.set(text, analysis);
  while (analyses.size > CACHE_SIZE) analyses.delete(analyses.keys().next().value as string);
  return analysis;
}

export function baseName(uri: vscode.Uri): string {
  return uri.path.slice(uri.path.lastIndexOf('/') + 1) || uri.toString();
}

/** The notebook a cell document belongs to. */
export function notebookOfCell(document: vscode.TextDocument): vscode.NotebookDocument | undefined {
  if (document.uri.scheme !== 'vscode-notebook-cell') return undefined;
  return vscode.workspace.notebookDocuments.find((nb) => nb.getCells().some((c) => c.document === document));
}

function pythonCells(notebook: vscode.NotebookDocument): vscode.TextDocument[] {
  return notebook
    .getCells()
    .filter((c) => c.kind === vscode.NotebookCellKind.Code && c.document.languageId === 'python')
    .map((c) => c.document);
}

export function notebookSummaryProgram(notebook: vscode.NotebookDocument): SummaryProgram {
  const cells = pythonCells(notebook);
  const program = notebookProgram(cells.map((c) => c.getText()));
  return {
    uri: notebook.uri,
    fileName: baseName(notebook.uri),
    text: program.text,
    lines: programLines(program.text, program.cellStarts),
    analysis: cachedAnalysis(program.text),
    parts: cells.map((document, k) => ({ document, start: program.cellStarts[k] })),
    notebook,
  };
}

/** The program a Python document belongs to (a cell's is its notebook's), or undefined for other documents. */
export function summaryProgram(document: vscode.TextDocument): SummaryProgram | undefined {
  const notebook = notebookOfCell(document);
  if (notebook !== undefined) return notebookSummaryProgram(notebook);
  if (document.languageId !== 'python') return undefined;
  const text = document.getText();
  return {
    uri: document.uri,
    fileName: baseName(document.uri),
    text,
    lines: programLines(text),
    analysis: cachedAnalysis(text),
    parts: [{ document, start: 0 }],
    notebook: undefined,
  };
}

/** The program of an open file or notebook by URI, opening the document when it is not open. */
export async function summaryProgramFor(uri: vscode.Uri): Promise<SummaryProgram | undefined> {
  const key = uri.toString();
  const notebook = vscode.workspace.notebookDocuments.find((nb) => nb.uri.toString() === key);
  if (notebook !== undefined) return notebookSummaryProgram(notebook);
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === key);
  if (open !== undefined) return summaryProgram(open);
  if (uri.path.toLowerCase().endsWith('.ipynb')) return notebookSummaryProgram(await vscode.workspace.openNotebookDocument(uri));
  return summaryProgram(await vscode.workspace.openTextDocument(uri));
}

/** The program offset of a position in one of the program's documents. */
export function programOffset(program: SummaryProgram, document: vscode.TextDocument, position: vscode.Position): number | undefined {
  const part = program.parts.find((p) => p.document === document);
  return part === undefined ? undefined : part.start + document.offsetAt(position);
}

/** The document (the file, or a cell) and range a program range falls in, with the cell's index in the notebook. */
export function programLocation(
  program: SummaryProgram,
  range: { start: number; end: number },
): { document: vscode.TextDocument; range: vscode.Range; part: number } | undefined {
  if (range.start < 0 || range.end > program.text.length || range.start > range.end) return undefined;
  const part =
    program.notebook === undefined
      ? 0
      : notebookCellAt({ text: program.text, cellStarts: program.parts.map((p) => p.start) }, range.start).cell;
  const found = program.parts[part];
  if (found === undefined) return undefined;
  const document = found.document;
  const start = range.start - found.start;
  const end = Math.min(range.end - found.start, document.getText().length);
  return { document, range: new vscode.Range(document.positionAt(start), document.positionAt(Math.max(start, end))), part };
}

/**
 * Selects a program range in its document, in the other editor column than a panel's: in the file's
 * editor, or in the right cell of the notebook. Returns false when the range is not in the program.
 */
export async function revealInProgram(
  program: SummaryProgram,
  range: { start: number; end: number },
  panelColumn: vscode.ViewColumn | undefined,
): Promise<boolean> {
  const location = programLocation(program, range);
  if (location === undefined) return false;
  const otherColumn = panelColumn === vscode.ViewColumn.One ? vscode.ViewColumn.Two : vscode.ViewColumn.One;
  if (program.notebook !== undefined) {
    const notebook = program.notebook;
    const cell = notebook.getCells().findIndex((c) => c.document === location.document);
    const shown = vscode.window.visibleNotebookEditors.find((e) => e.notebook === notebook);
    const cells = new vscode.NotebookRange(Math.max(0, cell), Math.max(0, cell) + 1);
    const editor = await vscode.window.showNotebookDocument(notebook, {
      viewColumn: shown?.viewColumn ?? otherColumn,
      selections: [cells],
      preserveFocus: false,
    });
    editor.revealRange(cells, vscode.NotebookEditorRevealType.InCenterIfOutsideViewport);
    const cellEditor = await vscode.window.showTextDocument(location.document, {
      viewColumn: editor.viewColumn,
      selection: location.range,
      preserveFocus: false,
    });
    cellEditor.revealRange(location.range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  } else {
    const shown = vscode.window.visibleTextEditors.find((e) => e.document === location.document);
    const editor = await vscode.window.showTextDocument(location.document, {
      viewColumn: shown?.viewColumn ?? otherColumn,
      selection: location.range,
      preserveFocus: false,
      preview: false,
    });
    editor.selection = new vscode.Selection(location.range.start, location.range.end);
    editor.revealRange(location.range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }
  return true;
}

/**
 * Calls `changed` when the program a panel shows is edited: its file, a document it was read from, or
 * (for a notebook) any of its cells. `target` and `program` are read at each event (they change).
 */
export function onProgramEdited(
  target: () => { readonly uri: vscode.Uri } | undefined,
  program: () => SummaryProgram | undefined,
  changed: () => void,
): vscode.Disposable {
  const isSource = (document: vscode.TextDocument): boolean => {
    const t = target();
    if (t === undefined) return false;
    if (document.uri.toString() === t.uri.toString()) return true;
    return program()?.parts.some((p) => p.document === document) ?? false;
  };
  return vscode.Disposable.from(
    vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.contentChanges.length > 0 && isSource(e.document)) changed();
    }),
    vscode.workspace.onDidChangeNotebookDocument((e) => {
      const t = target();
      if (t !== undefined && e.notebook.uri.toString() === t.uri.toString()) changed();
    }),
  );
}
