/**
 * Editor ↔ preview sync on the host: remembers the last active Python editor (where Insert writes,
 * whose imports the Python code follows) and, while the panel's "follow" toggle is on, sends the
 * initializer under its cursor. The first update after a pause is immediate, later ones are debounced;
 * unchanged results are not re-sent, and the panel's own edits (Insert) are not read back as cursor
 * moves, so the two never feed each other.
 */
import * as vscode from 'vscode';
import { findInitializerAt, importStyle } from '../core/index';
import type { EditorContext } from '../protocol/messages';
import { jsonEqual, type ConfigPatch } from '../protocol/previewConfig';
import { programText, rangeInDocument } from './language/documents';
import { Disposable } from './dispose';
import { patchFromInitializer } from './patchFromInitializer';
import type { PatchResult } from './patchResult';
import { RefreshScheduler } from './refreshScheduler';

/** Debounce of cursor and typing updates. */
const FOLLOW_DELAY_MS = 150;
/** Debounce of the import-style refresh while typing. */
const CONTEXT_DELAY_MS = 400;

export interface EditorSyncTarget {
  /** The last active Python editor changed, or its imports did. */
  editorContext(context: EditorContext | null): void;
  /** The initializer under the cursor, while following. `origin` is "file.py:12". */
  initializerAtCursor(result: PatchResult, origin: string): void;
}

function isPython(document: vscode.TextDocument): boolean {
  return document.languageId === 'python';
}

/** "model.py" (a notebook cell's URI path is its notebook's). */
function fileNameOf(document: vscode.TextDocument): string {
  const path = document.uri.path;
  return path.slice(path.lastIndexOf('/') + 1) || document.uri.toString();
}

export class PreviewEditorSync extends Disposable {
  private readonly follow = this._register(new RefreshScheduler(FOLLOW_DELAY_MS, () => this.updateFromCursor()));
  private readonly context = this._register(new RefreshScheduler(CONTEXT_DELAY_MS, () => this.sendContext()));
  private editor: vscode.TextEditor | undefined;
  private following = false;
  private lastPatch: ConfigPatch | undefined;
  private lastContext: EditorContext | null | undefined;
  /** Documents being edited by the panel itself (Insert): their selection changes are ours, not the user's. */
  private readonly muted = new Set<vscode.TextDocument>();
  /** Where the panel's last edit left the cursor: a selection event that only reports it is an echo. */
  private echo: { document: vscode.TextDocument; version: number; selection: vscode.Selection } | undefined;

  constructor(private readonly target: EditorSyncTarget) {
    super();
    const active = vscode.window.activeTextEditor;
    this.editor = active && isPython(active.document) ? active : vscode.window.visibleTextEditors.find((e) => isPython(e.document));
    this._register(
      vscode.window.onDidChangeActiveTextEditor((editor) => {
        // Focus moving to the panel leaves no active editor: the last Python one stays the target.
        if (!editor || !isPython(editor.document)) return;
        this.editor = editor;
        this.context.request();
        if (this.following) this.follow.request();
      }),
    );
    this._register(
      vscode.window.onDidChangeTextEditorSelection((event) => {
        if (!isPython(event.textEditor.document) || this.muted.has(event.textEditor.document) || this.isEcho(event)) return;
        this.editor = event.textEditor;
        if (this.following) this.follow.request();
      }),
    );
    this._register(
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.document !== this.editor?.document || this.muted.has(event.document) || event.contentChanges.length === 0) return;
        this.context.request();
        // The panel's own edit (its version is the one the edit left) is not a reason to follow.
        const ours = this.echo?.document === event.document && this.echo.version === event.document.version;
        if (this.following && !ours) this.follow.request();
      }),
    );
    this._register(
      vscode.workspace.onDidCloseTextDocument((document) => {
        if (document !== this.editor?.document) return;
        this.editor = undefined;
        this.sendContext();
      }),
    );
  }

  /** The editor Insert writes into: the last active Python editor, if its document is still open. */
  get lastPythonEditor(): vscode.TextEditor | undefined {
    return this.editor && !this.editor.document.isClosed ? this.editor : undefined;
  }

  /** Turns following on or off; turning it on shows the initializer under the cursor at once. */
  setFollowing(enabled: boolean): void {
    if (enabled === this.following) return;
    this.following = enabled;
    this.lastPatch = undefined;
    if (enabled) this.updateFromCursor();
    else this.follow.cancel();
  }

  /** Sends the editor context again (e.g. to a webview that just reloaded). */
  resendContext(): void {
    this.lastContext = undefined;
    this.sendContext();
  }

  /**
   * Runs an edit of `editor`'s document made by the panel without reading it back as a cursor move:
   * events during the edit are ignored, and so is a later selection event that only reports where the
   * edit left the cursor (it may arrive after the edit's promise settles).
   */
  async whileMuted<T>(editor: vscode.TextEditor, edit: () => Thenable<T>): Promise<T> {
    const document = editor.document;
    this.muted.add(document);
    try {
      return await edit();
    } finally {
      this.muted.delete(document);
      this.echo = { document, version: document.version, selection: editor.selection };
    }
  }

  private isEcho(event: vscode.TextEditorSelectionChangeEvent): boolean {
    const echo = this.echo;
    if (!echo || event.textEditor.document !== echo.document) return false;
    if (echo.document.version === echo.version && event.selections.length === 1 && event.selections[0].isEqual(echo.selection)) return true;
    // Anything else is the user's: the echo is over.
    this.echo = undefined;
    return false;
  }

  private sendContext(): void {
    const editor = this.lastPythonEditor;
    let context: EditorContext | null = null;
    if (editor) {
      const style = importStyle(editor.document.getText());
      context = { fileName: fileNameOf(editor.document), qualifier: style.qualifier, bareNames: { ...style.bareNames } };
    }
    if (this.lastContext !== undefined && jsonEqual(context, this.lastContext)) return;
    this.lastContext = context;
    this.target.editorContext(context);
  }

  private updateFromCursor(): void {
    const editor = this.lastPythonEditor;
    if (!this.following || !editor) return;
    const document = editor.document;
    const position = editor.selection.active;
    // A notebook cell is read with its notebook's other code cells (the model may start in an earlier one).
    const program = programText(document);
    const expression = findInitializerAt(program.text, program.start + document.offsetAt(position));
    // Nothing under the cursor: the panel keeps showing the last initializer.
    if (!expression) return;
    const result = patchFromInitializer(expression);
    if (!result || jsonEqual(result.patch, this.lastPatch)) return;
    this.lastPatch = result.patch;
    const at = rangeInDocument(program, expression.range)?.start ?? document.offsetAt(position);
    this.target.initializerAtCursor(result, `${fileNameOf(document)}:${document.positionAt(at).line + 1}`);
  }
}
