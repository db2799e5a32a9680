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
import { notebookSummaryProgram, programOffset, summaryProgram, type SummaryProgram } from './summarySource';
import { modelKey, modelLabel, modelUnderCursor } from './summaryTable';

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

interface QuickPickModel extends vscode.QuickPickItem {
  readonly key: string;
}

/** Asks which model to show; the last model of the file is the one offered first. */
async function pickModel(program: SummaryProgram): Promise<string | undefined> {
  const items: QuickPickModel[] = program.analysis.models.map((m) => ({
    label: modelLabel(m),
    description: program.lines.where(m.line),
    detail: m.params !== null ? vscode.l10n.t('{0} params', m.params.toLocaleString('en-US')) : vscode.l10n.t('params unknown'),
    key: modelKey(m),
  }));
  const quickPick = vscode.window.createQuickPick<QuickPickModel>();
  quickPick.title = vscode.l10n.t('Which model of {0}?', program.fileName);
  quickPick.placeholder = vscode.l10n.t('Pick the model to summarize');
  quickPick.items = items;
  quickPick.activeItems = [items[items.length - 1]];
  try {
    return await new Promise<string | undefined>((resolve) => {
      quickPick.onDidAccept(() => resolve(quickPick.selectedItems[0]?.key ?? quickPick.activeItems[0]?.key));
      quickPick.onDidHide(() => resolve(undefined));
      quickPick.show();
    });
  } finally {
    quickPick.dispose();
  }
}

/** The program of the active editor (or of the document a menu passed), and the cursor's offset in it. */
function activeProgram(uri: vscode.Uri | undefined): { program: SummaryProgram; offset: number | undefined } | undefined {
  const editor = vscode.window.activeTextEditor;
  const notebookEditor = vscode.window.activeNotebookEditor;
  if (uri !== undefined && notebookEditor?.notebook.uri.toString() === uri.toString()) {
    const program = notebookSummaryProgram(notebookEditor.notebook);
    const offset = editor !== undefined ? programOffset(program, editor.document, editor.selection.active) : undefined;
    return { program, offset };
  }
  if (editor !== undefined && (uri === undefined || editor.document.uri.toString() === uri.toString())) {
    const program = summaryProgram(editor.document);
    if (program !== undefined) return { program, offset: programOffset(program, editor.document, editor.selection.active) };
  }
  if (notebookEditor !== undefined) return { program: notebookSummaryProgram(notebookEditor.notebook), offset: undefined };
  if (uri !== undefined) {
    const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    const program = document !== undefined ? summaryProgram(document) : undefined;
    if (program !== undefined) return { program, offset: undefined };
  }
  return undefined;
}

/** The model to show for the active editor: under the cursor, the only one, or picked (the last offered first). */
async function targetFromEditor(uri: vscode.Uri | undefined): Promise<SummaryTarget | undefined> {
  const active = activeProgram(uri);
  if (active === undefined) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Open a Python file or notebook with a Keras model to see its summary.'));
    return undefined;
  }
  const { program, offset } = active;
  const models = program.analysis.models;
  if (models.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('No Keras model was found in {0}.', program.fileName));
    return undefined;
  }
  const under = offset !== undefined ? modelUnderCursor(program.analysis, offset, program.lines) : -1;
  if (under >= 0) return { uri: program.uri, model: modelKey(models[under]) };
  if (models.length === 1) return { uri: program.uri, model: modelKey(models[0]) };
  const key = await pickModel(program);
  return key === undefined ? undefined : { uri: program.uri, model: key };
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
          : await targetFromEditor(argument instanceof vscode.Uri ? argument : undefined);
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
