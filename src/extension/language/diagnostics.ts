/**
 * Diagnostics for Keras initializers in Python files and notebook cells: a pass of the core's lint
 * when a document opens, and again a short while after typing stops (debounced per document). The
 * result is kept per document version, so the quick fixes read the same answer.
 */
import * as vscode from 'vscode';
import { lintInitializers, type LintFix, type LintProblem, type Severity, type SourceEdit, errorText } from '../../core/index';
import { Disposable } from '../dispose';
import { isPython, rangeInDocument, toRange, translate, type DocumentTexts, type ProgramText } from './documents';
import { affectsSettings, readLanguageSettings, sameLanguageSettings, type LanguageSettings } from '../settings';

/** `source` of every diagnostic this extension publishes (shown in the Problems view). */
export const DIAGNOSTIC_SOURCE = vscode.l10n.t('Keras Initializers');

const SEVERITIES: Readonly<Record<Severity, vscode.DiagnosticSeverity>> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  information: vscode.DiagnosticSeverity.Information,
};

function toDiagnostic(document: vscode.TextDocument, problem: LintProblem): vscode.Diagnostic {
  const d = new vscode.Diagnostic(toRange(document, problem.range), problem.message, SEVERITIES[problem.severity]);
  d.source = DIAGNOSTIC_SOURCE;
  d.code = problem.rule;
  if (problem.related !== undefined && problem.related.length > 0) {
    d.relatedInformation = problem.related.map(
      (r) => new vscode.DiagnosticRelatedInformation(new vscode.Location(document.uri, toRange(document, r.range)), r.message),
    );
  }
  return d;
}

interface Analysis {
  /** The program the problems were found in (a notebook cell's changes when another cell changes). */
  readonly text: string;
  readonly problems: readonly LintProblem[];
}

/**
 * The problems of a program that lie in the document, in the document's offsets. In a notebook a
 * fix that edits another cell is left out, and so is related information there.
 */
function problemsInDocument(program: ProgramText, problems: readonly LintProblem[]): LintProblem[] {
  if (program.start === 0 && program.length === program.text.length) return [...problems];
  const out: LintProblem[] = [];
  for (const p of problems) {
    const range = rangeInDocument(program, p.range);
    if (range === undefined) continue;
    const fixes: LintFix[] = [];
    for (const f of p.fixes) {
      const edits: SourceEdit[] = [];
      for (const e of f.edits) {
        const inside = rangeInDocument(program, e.range);
        if (inside !== undefined) edits.push({ range: inside, newText: e.newText });
      }
      if (edits.length === f.edits.length) fixes.push({ ...f, edits });
    }
    const related = p.related?.flatMap((r) => {
      const inside = rangeInDocument(program, r.range);
      return inside === undefined ? [] : [{ ...r, range: inside }];
    });
    out.push({ ...p, range, fixes, ...(related !== undefined ? { related } : {}) });
  }
  return out;
}

export class InitializerDiagnostics extends Disposable {
  private readonly collection = this._register(vscode.languages.createDiagnosticCollection('kerasInitializers'));
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly analyses = new Map<string, Analysis>();
  private settings: LanguageSettings = readLanguageSettings(vscode.workspace);

  constructor(
    private readonly texts: DocumentTexts,
    private readonly log: vscode.LogOutputChannel,
  ) {
    super();
    this._register(vscode.workspace.onDidOpenTextDocument((d) => this.update(d)));
    // A change in one notebook cell can change what the others' models make known.
    this._register(
      vscode.workspace.onDidChangeTextDocument((e) => {
        for (const d of this.texts.related(e.document)) this.schedule(d);
      }),
    );
    this._register(vscode.workspace.onDidCloseTextDocument((d) => this.forget(d)));
    this._register(
      vscode.workspace.onDidChangeNotebookDocument((e) => {
        for (const cell of e.notebook.getCells()) this.schedule(cell.document);
      }),
    );
    this._register(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (affectsSettings(e)) this.reconfigure();
      }),
    );
    for (const d of vscode.workspace.textDocuments) this.update(d);
  }

  /** The problems of a document at its current version (computed now if the cached pass is older). */
  problemsFor(document: vscode.TextDocument): readonly LintProblem[] {
    if (!this.settings.diagnosticsEnabled || !isPython(document)) return [];
    const key = document.uri.toString();
    // A notebook cell is checked as part of its notebook's program (the model may span cells).
    const program = this.texts.program(document);
    const cached = this.analyses.get(key);
    if (cached !== undefined && cached.text === program.text) return cached.problems;
    let problems: readonly LintProblem[] = [];
    try {
      problems = problemsInDocument(program, lintInitializers(program.text, { rules: this.settings.rules, t: translate }));
    } catch (e) {
      this.log.error(`diagnostics failed in ${key}: ${errorText(e, { stack: true })}`);
    }
    this.analyses.set(key, { text: program.text, problems });
    return problems;
  }

  private update(document: vscode.TextDocument): void {
    this.cancel(document);
    if (!isPython(document)) return;
    if (!this.settings.diagnosticsEnabled) {
      this.collection.delete(document.uri);
      return;
    }
    const problems = this.problemsFor(document);
    this.collection.set(
      document.uri,
      problems.map((p) => toDiagnostic(document, p)),
    );
  }

  private schedule(document: vscode.TextDocument): void {
    if (!isPython(document) || !this.settings.diagnosticsEnabled) return;
    this.cancel(document);
    const key = document.uri.toString();
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        // The document may have closed while the timer ran.
        if (!document.isClosed) this.update(document);
      }, this.settings.debounceMs),
    );
  }

  private cancel(document: vscode.TextDocument): void {
    const key = document.uri.toString();
    const timer = this.timers.get(key);
    if (timer !== undefined) {
      clearTimeout(timer);
      this.timers.delete(key);
    }
  }

  private forget(document: vscode.TextDocument): void {
    this.cancel(document);
    this.analyses.delete(document.uri.toString());
    this.texts.forget(document);
    this.collection.delete(document.uri);
  }

  private reconfigure(): void {
    const next = readLanguageSettings(vscode.workspace);
    if (sameLanguageSettings(next, this.settings)) return;
    this.settings = next;
    this.analyses.clear();
    if (!next.diagnosticsEnabled) this.collection.clear();
    for (const d of vscode.workspace.textDocuments) this.update(d);
  }

  override dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    super.dispose();
  }
}
