/**
 * CodeLenses above each Keras model of a Python file or notebook cell: "Model summary" with its
 * parameter count (`$(table) Model summary · 203,530 params`, or `params unknown`), "Check
 * initialization" and "Generate weights" (the model's initial weights to a file). Cheap: the
 * analysis is cached by text. Lenses are asked again when a notebook cell changes (a model's count can
 * depend on another cell) and when the setting changes.
 */
import * as vscode from 'vscode';
import { errorText } from '../core/index';
import { Commands } from './commands';
import { Disposable } from './dispose';
import { RefreshScheduler } from './refreshScheduler';
import { affectsSettings, readSummarySettings } from './settings';
import { programLocation, summaryProgram } from './summarySource';
import { codeLensTitle, modelKey } from './summaryTable';
import type { SummaryState } from '../protocol/summaryMessages';

/** How long notebook edits settle before the lenses of the other cells are asked again. */
const NOTEBOOK_REFRESH_MS = 300;

export class ModelSummaryCodeLens extends Disposable implements vscode.CodeLensProvider {
  private readonly changed = this._register(new vscode.EventEmitter<void>());
  readonly onDidChangeCodeLenses = this.changed.event;

  constructor(private readonly log: vscode.LogOutputChannel) {
    super();
    const scheduler = new RefreshScheduler(NOTEBOOK_REFRESH_MS, () => this.changed.fire());
    this._register({ dispose: () => scheduler.dispose() });
    this._register(
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length > 0 && e.document.uri.scheme === 'vscode-notebook-cell') scheduler.request();
      }),
    );
    this._register(vscode.workspace.onDidChangeNotebookDocument((e) => e.contentChanges.length > 0 && scheduler.request()));
    this._register(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (affectsSettings(e)) this.changed.fire();
      }),
    );
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    try {
      if (!readSummarySettings(vscode.workspace).codeLensEnabled) return [];
      const program = summaryProgram(document);
      if (program === undefined) return [];
      const lenses: vscode.CodeLens[] = [];
      for (const model of program.analysis.models) {
        const location = programLocation(program, { start: model.range.start, end: model.range.start });
        if (location === undefined || location.document !== document) continue;
        const line = location.range.start.line;
        const argument: SummaryState = { uri: program.uri.toString(), model: modelKey(model) };
        lenses.push(
          new vscode.CodeLens(new vscode.Range(line, 0, line, 0), {
            title: codeLensTitle(model.params),
            tooltip: vscode.l10n.t('Show the summary of {0}: layers, shapes, parameters and initializers', modelKey(model)),
            command: Commands.showModelSummary,
            arguments: [argument],
          }),
          new vscode.CodeLens(new vscode.Range(line, 0, line, 0), {
            title: vscode.l10n.t('$(pulse) Check initialization'),
            tooltip: vscode.l10n.t(
              'Run a random batch forward and backward through {0} and see activations and gradients by layer',
              modelKey(model),
            ),
            command: Commands.checkModelInitialization,
            arguments: [argument],
          }),
          new vscode.CodeLens(new vscode.Range(line, 0, line, 0), {
            title: vscode.l10n.t('$(save-all) Generate weights'),
            tooltip: vscode.l10n.t('Write the initial weights of {0} to a .weights.h5 (or .npz, .safetensors) file', modelKey(model)),
            command: Commands.generateModelWeights,
            arguments: [argument],
          }),
        );
      }
      return lenses;
    } catch (e) {
      this.log.error(`model summary lenses failed in ${document.uri.toString()}: ${errorText(e, { stack: true })}`);
      return [];
    }
  }
}
