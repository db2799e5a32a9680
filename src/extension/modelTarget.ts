/**
 * Which model a model command acts on, from the editor: the program of the active file or notebook
 * (or of the document a menu passed), the model under the cursor, the only one, or one the user picks
 * (the file's last model offered first). Shared by "Show Model Summary" and "Generate Model Weights…".
 */
import * as vscode from 'vscode';
import { notebookSummaryProgram, programOffset, summaryProgram, type SummaryProgram } from './summarySource';
import { modelKey, modelLabel, modelUnderCursor } from './summaryTable';

/** A model of a document: the file or notebook URI and the model's key (its variable, else its Keras name). */
export interface ModelTarget {
  readonly uri: vscode.Uri;
  /** null: the document's default model. */
  readonly model: string | null;
}

/** What the questions say, per command. */
export interface ModelQuestionTexts {
  /** Shown when there is no Python file or notebook to read. */
  readonly noProgram: string;
  /** The picker's placeholder. */
  readonly pickPlaceholder: string;
}

interface QuickPickModel extends vscode.QuickPickItem {
  readonly key: string;
}

/** Asks which model; the last model of the file is the one offered first. */
async function pickModel(program: SummaryProgram, placeholder: string): Promise<string | undefined> {
  const items: QuickPickModel[] = program.analysis.models.map((m) => ({
    label: modelLabel(m),
    description: program.lines.where(m.line),
    detail: m.params !== null ? vscode.l10n.t('{0} params', m.params.toLocaleString('en-US')) : vscode.l10n.t('params unknown'),
    key: modelKey(m),
  }));
  const quickPick = vscode.window.createQuickPick<QuickPickModel>();
  quickPick.title = vscode.l10n.t('Which model of {0}?', program.fileName);
  quickPick.placeholder = placeholder;
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

/**
 * The model for the active editor: under the cursor, the only one, or picked. Undefined when there is
 * none (the user was told why) or the pick was dismissed.
 */
export async function modelFromEditor(uri: vscode.Uri | undefined, texts: ModelQuestionTexts): Promise<ModelTarget | undefined> {
  const active = activeProgram(uri);
  if (active === undefined) {
    void vscode.window.showInformationMessage(texts.noProgram);
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
  const key = await pickModel(program, texts.pickPlaceholder);
  return key === undefined ? undefined : { uri: program.uri, model: key };
}
