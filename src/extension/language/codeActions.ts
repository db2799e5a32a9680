/** Quick fixes for the initializer diagnostics: the core's text edits as WorkspaceEdits. */
import * as vscode from 'vscode';
import { errorText } from '../../core/index';
import type { LintProblem } from '../../core/index';
import { DIAGNOSTIC_SOURCE, type InitializerDiagnostics } from './diagnostics';
import { toRange } from './documents';

function sameProblem(document: vscode.TextDocument, diagnostic: vscode.Diagnostic, problem: LintProblem): boolean {
  return (
    diagnostic.code === problem.rule && diagnostic.message === problem.message && diagnostic.range.isEqual(toRange(document, problem.range))
  );
}

export class InitializerCodeActions implements vscode.CodeActionProvider {
  static readonly providedCodeActionKinds = [vscode.CodeActionKind.QuickFix];

  constructor(
    private readonly diagnostics: InitializerDiagnostics,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  provideCodeActions(
    document: vscode.TextDocument,
    _range: vscode.Range,
    context: vscode.CodeActionContext,
  ): vscode.CodeAction[] | undefined {
    try {
      const ours = context.diagnostics.filter((d) => d.source === DIAGNOSTIC_SOURCE);
      if (ours.length === 0) return undefined;
      const problems = this.diagnostics.problemsFor(document);
      const actions: vscode.CodeAction[] = [];
      for (const diagnostic of ours) {
        // A diagnostic from an older version of the text finds no problem here; VS Code asks again after the update.
        const problem = problems.find((p) => sameProblem(document, diagnostic, p));
        if (problem === undefined) continue;
        for (const fix of problem.fixes) {
          const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
          const edit = new vscode.WorkspaceEdit();
          for (const e of fix.edits) edit.replace(document.uri, toRange(document, e.range), e.newText);
          action.edit = edit;
          action.diagnostics = [diagnostic];
          action.isPreferred = fix.preferred === true;
          actions.push(action);
        }
      }
      return actions;
    } catch (e) {
      this.log.error(`quick fixes failed in ${document.uri.toString()}: ${errorText(e, { stack: true })}`);
      return undefined;
    }
  }
}
