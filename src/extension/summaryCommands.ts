/**
 * Registers the model summary: the "Show Model Summary" command (palette, editor context menu,
 * CodeLens), the CodeLens above each model, and the serializer that restores the panel after a window
 * reload from its validated state; summaryTestApi is the summary's part of the extension's test API.
 */
import * as vscode from 'vscode';
import { errorText } from '../core/index';
import { isSummaryState, parseSummaryState, type SummaryView } from '../protocol/summaryMessages';
import { Commands } from './commands';
import { PYTHON_SELECTOR } from './language/documents';
import { ModelSummaryCodeLens } from './summaryCodeLens';
import { SummaryPanel, type SummaryHost, type SummaryRendered, type SummaryTarget } from './summaryPanel';
import { modelFromEditor } from './modelTarget';

/** The summary's part of the test API `activate` returns (for the extension's own integration tests). */
export interface SummaryTestApi {
  isOpen(): boolean;
  /** The view last sent to the webview: the model shown and its rows. */
  view(): SummaryView | undefined;
  /** The webview's last render report. */
  rendered(): SummaryRendered | undefined;
  ping(timeoutMs?: number): Promise<void>;
  /** Activates a layer row in the webview as Enter does (the webview then asks the host to reveal it). */
  pressRow(row: number, timeoutMs?: number): Promise<boolean>;
  /** How many reveals the host carried out. */
  reveals(): number;
}

function openPanel(): SummaryPanel {
  const panel = SummaryPanel.currentPanel;
  if (!panel) throw new Error('no model summary is open');
  return panel;
}

/** Registers the command, the CodeLens and the serializer; disposing the result unregisters them and closes the panel. */
export function registerModelSummary(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): vscode.Disposable {
  const host: SummaryHost = {
    extensionUri: context.extensionUri,
    extensionVersion: String(context.extension.packageJSON.version ?? ''),
    log,
  };
  const lenses = new ModelSummaryCodeLens(log);
  return vscode.Disposable.from(
    lenses,
    vscode.languages.registerCodeLensProvider(PYTHON_SELECTOR, lenses),
    vscode.commands.registerCommand(Commands.showModelSummary, async (argument?: unknown) => {
      try {
        // A CodeLens passes which model; a menu passes the editor's URI; the palette nothing.
        const target: SummaryTarget | undefined = isSummaryState(argument)
          ? { uri: vscode.Uri.parse(argument.uri, true), model: argument.model }
          : await modelFromEditor(argument instanceof vscode.Uri ? argument : undefined, {
              noProgram: vscode.l10n.t('Open a Python file or notebook with a Keras model to see its summary.'),
              pickPlaceholder: vscode.l10n.t('Pick the model to summarize'),
            });
        if (argument !== undefined && !isSummaryState(argument) && !(argument instanceof vscode.Uri)) {
          log.warn('showModelSummary: ignored an argument that names no model');
        }
        if (target !== undefined) await SummaryPanel.show(host, target);
      } catch (e) {
        log.error('showModelSummary failed', e);
        void vscode.window.showErrorMessage(vscode.l10n.t('Could not show the model summary: {0}', errorText(e)));
      }
    }),
    // Restores the panel after a window reload; a state that fails the guard leaves it with a message.
    vscode.window.registerWebviewPanelSerializer(SummaryPanel.viewType, {
      deserializeWebviewPanel: async (panel: vscode.WebviewPanel, state: unknown) => {
        const valid = parseSummaryState(state);
        if (state !== undefined && state !== null && !valid) log.warn('model summary: the saved state is not valid; it is ignored');
        let target: SummaryTarget | null = null;
        if (valid !== undefined) {
          try {
            target = { uri: vscode.Uri.parse(valid.uri, true), model: valid.model };
          } catch {
            log.warn('model summary: the saved URI is not valid; it is ignored');
          }
        }
        SummaryPanel.revive(panel, host, target);
      },
    }),
    new vscode.Disposable(() => SummaryPanel.currentPanel?.dispose()),
  );
}

export function summaryTestApi(): SummaryTestApi {
  return {
    isOpen: () => SummaryPanel.currentPanel !== undefined,
    view: () => SummaryPanel.currentPanel?.currentView,
    rendered: () => SummaryPanel.currentPanel?.rendered,
    ping: async (timeoutMs) => {
      await openPanel().ping(timeoutMs);
    },
    pressRow: async (row, timeoutMs) => openPanel().pressRow(row, timeoutMs),
    reveals: () => SummaryPanel.currentPanel?.revealCount ?? 0,
  };
}
