/**
 * The model summary panel: one webview beside the editor showing `model.summary()` for a model of a
 * Python file or notebook, kept up to date (debounced) while its source changes. The host reads the
 * model (the core's analyzeModels and modelSummary), sends the webview the rows to show, and answers
 * its `reveal` (after checking the row and range are ones it sent) by selecting the layer's constructor
 * call in the source: in the file, or in the right cell of a notebook.
 */
import * as vscode from 'vscode';
import { errorText } from '../core/index';
import {
  isSummaryWebviewToHost,
  type SummaryBootData,
  type SummaryHostToWebview,
  type SummaryPongMessage,
  type SummaryPressedMessage,
  type SummaryRevealMessage,
  type SummaryState,
  type SummaryView,
} from '../protocol/summaryMessages';
import { Commands } from './commands';
import { Disposable } from './dispose';
import { cspNonce, panelHtml } from './previewHtml';
import { RefreshScheduler } from './refreshScheduler';
import { onProgramEdited, revealInProgram, summaryProgramFor, type SummaryProgram } from './summarySource';
import type { ModelTarget } from './modelTarget';
import { buildSummaryView, findModel, messageView, modelKey } from './summaryTable';

/** How long source edits settle before the table is rebuilt. */
const REFRESH_MS = 300;
const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;

export interface SummaryHost {
  readonly extensionUri: vscode.Uri;
  readonly extensionVersion: string;
  readonly log: vscode.LogOutputChannel;
}

/** Which model of which document a panel shows: the model's key (variable or Keras name), or null for the last one. */
export type SummaryTarget = ModelTarget;

/** How the last render went, as the webview reported it. */
export interface SummaryRendered {
  readonly version: number;
  readonly renderMs: number;
  readonly rows: number;
}

type Reply = SummaryPongMessage | SummaryPressedMessage;

interface PendingRequest {
  readonly resolve: (message: Reply) => void;
  readonly reject: (error: Error) => void;
  readonly timer: NodeJS.Timeout;
}

export class SummaryPanel extends Disposable {
  static readonly viewType = 'kerasInitializers.modelSummary';

  private static current: SummaryPanel | undefined;

  static get currentPanel(): SummaryPanel | undefined {
    return SummaryPanel.current;
  }

  /** Shows `target` in the open summary panel (revealing it), or in a new one beside the editor. */
  static async show(host: SummaryHost, target: SummaryTarget): Promise<SummaryPanel> {
    let summary = SummaryPanel.current;
    if (summary) {
      summary.panel.reveal(undefined, true);
    } else {
      const column =
        vscode.window.activeTextEditor || vscode.window.activeNotebookEditor ? vscode.ViewColumn.Beside : vscode.ViewColumn.Active;
      const panel = vscode.window.createWebviewPanel(
        SummaryPanel.viewType,
        vscode.l10n.t('Model Summary'),
        { viewColumn: column, preserveFocus: true },
        webviewOptions(host.extensionUri),
      );
      summary = new SummaryPanel(panel, host);
      SummaryPanel.current = summary;
    }
    await summary.setTarget(target);
    return summary;
  }

  /** Adopts a panel VS Code restored after a reload, with its validated target (null: it shows a message). */
  static revive(panel: vscode.WebviewPanel, host: SummaryHost, target: SummaryTarget | null): SummaryPanel {
    SummaryPanel.current?.dispose();
    const summary = new SummaryPanel(panel, host);
    SummaryPanel.current = summary;
    if (target !== null) void summary.setTarget(target);
    else summary.showMessage(vscode.l10n.t('Run "Show Model Summary" in a Python file or notebook.'));
    return summary;
  }

  private target: SummaryTarget | undefined;
  /** The program the current view was built from. */
  private program: SummaryProgram | undefined;
  private view: SummaryView | undefined;
  /** The index of the model shown, kept to stay on it when its name changes. */
  private lastIndex = -1;
  private version = 0;
  private isReady = false;
  private lastRendered: SummaryRendered | undefined;
  private reveals = 0;
  private nextRequestId = 1;
  private readonly pending = new Map<number, PendingRequest>();
  private readonly scheduler: RefreshScheduler;
  private readyWaiters: (() => void)[] = [];

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    private readonly host: SummaryHost,
  ) {
    super();
    this.scheduler = new RefreshScheduler(REFRESH_MS, () => void this.refresh());
    this._register({ dispose: () => this.scheduler.dispose() });
    panel.webview.options = webviewOptions(host.extensionUri);
    panel.webview.html = this.renderHtml();
    this._register(panel.onDidDispose(() => this.dispose()));
    this._register(panel.webview.onDidReceiveMessage((message: unknown) => this.receive(message)));
    // A hidden webview is torn down and reloaded when shown again: it says `ready` again.
    this._register(
      panel.onDidChangeViewState(() => {
        if (!panel.visible) this.isReady = false;
      }),
    );
    this._register(
      onProgramEdited(
        () => this.target,
        () => this.program,
        () => this.scheduler.request(),
      ),
    );
    this._register(panel);
  }

  /** The view last sent to the webview. */
  get currentView(): SummaryView | undefined {
    return this.view;
  }

  get rendered(): SummaryRendered | undefined {
    return this.lastRendered;
  }

  /** How many reveals the host has carried out. */
  get revealCount(): number {
    return this.reveals;
  }

  async setTarget(target: SummaryTarget): Promise<void> {
    this.target = target;
    this.lastIndex = -1;
    this.scheduler.cancel();
    await this.refresh();
  }

  /** Reads the source again and sends the webview the model's new rows. */
  async refresh(): Promise<void> {
    const target = this.target;
    if (target === undefined || this.isDisposed) return;
    let program: SummaryProgram | undefined;
    try {
      program = await summaryProgramFor(target.uri);
    } catch (e) {
      this.host.log.warn(`model summary: cannot read ${target.uri.toString()}: ${errorText(e)}`);
    }
    if (this.target !== target || this.isDisposed) return;
    if (program === undefined) {
      this.showMessage(vscode.l10n.t('Cannot read {0}.', target.uri.path.slice(target.uri.path.lastIndexOf('/') + 1)));
      return;
    }
    const models = program.analysis.models;
    let index = target.model !== null ? findModel(program.analysis, target.model) : -1;
    if (index < 0) index = this.lastIndex >= 0 && this.lastIndex < models.length ? this.lastIndex : models.length - 1;
    if (index >= 0) this.target = { uri: target.uri, model: modelKey(models[index]) };
    this.lastIndex = index;
    this.program = program;
    this.version += 1;
    const view = buildSummaryView({
      analysis: program.analysis,
      index,
      version: this.version,
      fileName: program.fileName,
      uri: program.uri.toString(),
      lines: program.lines,
    });
    this.panel.title =
      index >= 0 ? vscode.l10n.t('Model Summary: {0} ({1})', modelKey(models[index]), program.fileName) : vscode.l10n.t('Model Summary');
    this.send(view);
  }

  private showMessage(message: string): void {
    this.version += 1;
    this.send(
      messageView({
        version: this.version,
        fileName: this.target !== undefined ? this.target.uri.path.slice(this.target.uri.path.lastIndexOf('/') + 1) : '',
        message,
        state: { uri: this.target?.uri.toString() ?? 'untitled:model.py', model: this.target?.model ?? null },
      }),
    );
  }

  private send(view: SummaryView): void {
    this.view = view;
    if (this.isReady) void this.post({ type: 'show', view });
  }

  private post(message: SummaryHostToWebview): Thenable<boolean> {
    if (this.isDisposed) return Promise.resolve(false);
    return this.panel.webview.postMessage(message);
  }

  private receive(message: unknown): void {
    if (!isSummaryWebviewToHost(message)) {
      this.host.log.warn('model summary: dropped a message that is not part of the protocol');
      return;
    }
    switch (message.type) {
      case 'ready':
        this.isReady = true;
        if (this.view !== undefined) void this.post({ type: 'show', view: this.view });
        for (const waiter of this.readyWaiters.splice(0)) waiter();
        break;
      case 'rendered':
        this.lastRendered = { version: message.version, renderMs: message.renderMs, rows: message.rows };
        this.host.log.trace(`model summary: ${message.rows} layers rendered in ${message.renderMs.toFixed(1)} ms`);
        break;
      case 'reveal':
        void this.reveal(message);
        break;
      case 'selectModel':
        void this.selectModel(message.version, message.index);
        break;
      case 'modelCommand':
        if (message.version === this.view?.version && this.target !== undefined) {
          const argument: SummaryState = { uri: this.target.uri.toString(), model: this.target.model };
          const command = message.command === 'generateWeights' ? Commands.generateModelWeights : Commands.checkModelInitialization;
          void vscode.commands.executeCommand(command, argument);
        }
        break;
      case 'pong':
      case 'pressed':
        this.settle(message.requestId, message);
        break;
    }
  }

  private async selectModel(version: number, index: number): Promise<void> {
    const program = this.program;
    if (version !== this.view?.version || program === undefined || this.target === undefined) return;
    const model = program.analysis.models[index];
    if (model === undefined) return;
    await this.setTarget({ uri: this.target.uri, model: modelKey(model) });
  }

  /** Selects the layer's constructor call in its document, once the row and range are checked against the view sent. */
  private async reveal(message: SummaryRevealMessage): Promise<void> {
    const view = this.view;
    const program = this.program;
    const row = view?.layers[message.row];
    if (view === undefined || program === undefined || message.version !== view.version || row === undefined) {
      this.host.log.debug(`model summary: reveal of row ${message.row} (view ${message.version}) is not for the current view`);
      return;
    }
    if (row.range.start !== message.range.start || row.range.end !== message.range.end) {
      this.host.log.warn(`model summary: reveal of row ${message.row} with a range that is not the row's`);
      return;
    }
    try {
      if (await revealInProgram(program, row.range, this.panel.viewColumn)) this.reveals += 1;
    } catch (e) {
      this.host.log.error(`model summary: could not reveal ${row.name}`, e);
      void vscode.window.showErrorMessage(vscode.l10n.t('Could not reveal {0}: {1}', row.name, errorText(e)));
    }
  }

  /** Sends a `ping` and resolves with the webview's `pong`. */
  async ping(timeoutMs = DEFAULT_REQUEST_TIMEOUT_MS): Promise<SummaryPongMessage> {
    const reply = await this.request((requestId) => ({ type: 'ping', requestId }), timeoutMs);
    if (reply.type !== 'pong') throw new Error('the model summary answered a ping with something else');
    return reply;
  }

  /** Activates a layer row in the webview as Enter does; resolves with whether the row exists. */
  async pressRow(row: number, timeoutMs = DEFAULT_REQUEST_TIMEOUT_MS): Promise<boolean> {
    const reply = await this.request((requestId) => ({ type: 'pressRow', requestId, row }), timeoutMs);
    if (reply.type !== 'pressed') throw new Error('the model summary answered pressRow with something else');
    return reply.ok;
  }

  private async request(build: (requestId: number) => SummaryHostToWebview, timeoutMs: number): Promise<Reply> {
    if (this.isDisposed) throw new Error('the model summary is closed');
    if (!this.isReady) {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`the model summary's script did not start within ${timeoutMs} ms`)), timeoutMs);
        this.readyWaiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    const requestId = this.nextRequestId++;
    const message = build(requestId);
    return new Promise<Reply>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(requestId);
        reject(new Error(`the model summary did not answer ${message.type} ${requestId} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(requestId, { resolve, reject, timer });
      void this.post(message).then((delivered) => {
        if (!delivered) this.settle(requestId, new Error(`${message.type} could not be delivered to the model summary`));
      });
    });
  }

  private settle(requestId: number, result: Reply | Error): void {
    const request = this.pending.get(requestId);
    if (!request) return;
    this.pending.delete(requestId);
    clearTimeout(request.timer);
    if (result instanceof Error) request.reject(result);
    else request.resolve(result);
  }

  override dispose(): void {
    if (this.isDisposed) return;
    if (SummaryPanel.current === this) SummaryPanel.current = undefined;
    for (const id of [...this.pending.keys()]) this.settle(id, new Error('the model summary was closed before it answered'));
    super.dispose();
  }

  private renderHtml(): string {
    const webview = this.panel.webview;
    const asUri = (...path: string[]): string => webview.asWebviewUri(vscode.Uri.joinPath(this.host.extensionUri, ...path)).toString();
    const loadingText = vscode.l10n.t('Reading the model…');
    const boot: SummaryBootData = { extensionVersion: this.host.extensionVersion, loadingText };
    return panelHtml({
      cspSource: webview.cspSource,
      nonce: cspNonce(),
      language: vscode.env.language,
      title: vscode.l10n.t('Model Summary'),
      loadingText,
      scriptUri: asUri('dist', 'webview', 'summary.js'),
      styleUris: [asUri('media', 'base.css'), asUri('media', 'summary.css')],
      boot,
      csp: { workers: false },
    });
  }
}

/** The webview may load only the built webview bundle and the media folder. */
function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewPanelOptions & vscode.WebviewOptions {
  return {
    enableScripts: true,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist', 'webview'), vscode.Uri.joinPath(extensionUri, 'media')],
  };
}
