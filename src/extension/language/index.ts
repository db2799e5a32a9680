/**
 * Editor intelligence for Keras initializers in Python files and notebook cells: hover, completion,
 * diagnostics and quick fixes. The core computes every answer; these providers adapt them.
 */
import * as vscode from 'vscode';
import { InitializerCodeActions } from './codeActions';
import { COMPLETION_TRIGGERS, InitializerCompletionProvider } from './completionProvider';
import { InitializerDiagnostics } from './diagnostics';
import { DocumentTexts, PYTHON_SELECTOR } from './documents';
import { InitializerHoverProvider } from './hoverProvider';

/** Registers the language features; disposing the result unregisters them all. */
export function registerLanguageFeatures(log: vscode.LogOutputChannel): vscode.Disposable {
  const texts = new DocumentTexts();
  const diagnostics = new InitializerDiagnostics(texts, log);
  return vscode.Disposable.from(
    diagnostics,
    vscode.languages.registerHoverProvider(PYTHON_SELECTOR, new InitializerHoverProvider(texts, log)),
    vscode.languages.registerCompletionItemProvider(PYTHON_SELECTOR, new InitializerCompletionProvider(texts, log), ...COMPLETION_TRIGGERS),
    vscode.languages.registerCodeActionsProvider(PYTHON_SELECTOR, new InitializerCodeActions(diagnostics, log), {
      providedCodeActionKinds: InitializerCodeActions.providedCodeActionKinds,
    }),
  );
}
