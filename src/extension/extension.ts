import * as vscode from 'vscode';
import { checkTestApi, registerCheck, type CheckTestApi } from './checkCommands';
import { registerGenerateCommand } from './generateCommand';
import { registerLanguageFeatures } from './language';
import { registerModelWeightsCommand } from './modelWeightsCommand';
import { previewTestApi, registerPreview, type PreviewTestApi } from './previewCommands';
import { registerModelSummary, summaryTestApi, type SummaryTestApi } from './summaryCommands';

/**
 * What `activate` returns. It exists for the extension's own integration tests (they reach the live
 * webview through it); it is not a supported API for other extensions.
 */
export interface ExtensionTestApi {
  readonly preview: PreviewTestApi;
  readonly summary: SummaryTestApi;
  readonly check: CheckTestApi;
}

export function activate(context: vscode.ExtensionContext): ExtensionTestApi {
  const log = vscode.window.createOutputChannel('Keras Initializers', { log: true });
  // Which build runs: the Node entry, or the browser entry in a web worker extension host (vscode.dev...).
  const host = typeof (globalThis as { process?: unknown }).process === 'undefined' ? 'web worker' : 'Node';
  log.info(`Keras Initializers ${String(context.extension.packageJSON.version ?? '')} activated in the ${host} extension host.`);
  context.subscriptions.push(
    log,
    registerLanguageFeatures(log),
    registerGenerateCommand(log),
    registerPreview(context, log),
    registerModelSummary(context, log),
    registerModelWeightsCommand(log),
    registerCheck(context, log),
  );
  return { preview: previewTestApi(), summary: summaryTestApi(), check: checkTestApi() };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
