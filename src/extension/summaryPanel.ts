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
import type { ModelTarget } from './modelTarget';
import { cspNonce, panelHtml } from './previewHtml';
import { ProgramPanel, type PanelHost } from './programPanel';
import { revealInProgram, summaryProgramFor, type SummaryProgram } from './summarySource';
import { buildSummaryView, findModel, messageView, modelKey } from './summaryTable';

/** How long source edits settle before the table is rebuilt. */
const REFRESH_MS = 300;
const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;

export type SummaryHost = PanelHost;

/** Which model of which document a panel shows: the model's key (variable or Keras name), or null for the last one. */
export type SummaryTarget = ModelTarget;

/** How the last render went, as the webview reported it. */
export interface SummaryRendered {
  readonly version: number;
  readonly renderMs: number;
  readonly rows: number;
}

type Reply = SummaryPongMessage | SummaryPressedMessage;

export class SummaryPanel extends ProgramPanel<SummaryHostToWebview, Reply> {
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
      const panel = ProgramPanel.openPanel(SummaryPanel.viewType, vscode.l10n.t('Model Summary'), host.extensionUri);
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

  private view: SummaryView | undefined;
  /** The index of the model shown, kept to stay on it when its name changes. */
  private lastIndex = -1;
  private version = 0;
  private lastRendered: SummaryRendered | undefined;
  private reveals = 0;

  private constructor(panel: vscode.WebviewPanel, host: SummaryHost) {
    super(panel, host, 'the model summary', REFRESH_MS);
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
    if (this.channel.ready) void this.channel.post({ type: 'show', view });
  }

  protected receive(message: unknown): void {
    if (!isSummaryWebviewToHost(message)) {
      this.host.log.warn('model summary: dropped a message that is not part of the protocol');
      return;
    }
    switch (message.type) {
      case 'ready':
        this.channel.markReady();
        if (this.view !== undefined) void this.channel.post({ type: 'show', view: this.view });
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
        this.channel.settle(message.requestId, message);
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
    const reply = await this.channel.request('pong', (requestId) => ({ type: 'ping', requestId }), timeoutMs);
    if (reply.type !== 'pong') throw new Error('the model summary answered a ping with something else');
    return reply;
  }

  /** Activates a layer row in the webview as Enter does; resolves with whether the row exists. */
  async pressRow(row: number, timeoutMs = DEFAULT_REQUEST_TIMEOUT_MS): Promise<boolean> {
    const reply = await this.channel.request('pressed', (requestId) => ({ type: 'pressRow', requestId, row }), timeoutMs);
    if (reply.type !== 'pressed') throw new Error('the model summary answered pressRow with something else');
    return reply.ok;
  }

  override dispose(): void {
    if (this.isDisposed) return;
    if (SummaryPanel.current === this) SummaryPanel.current = undefined;
    super.dispose();
  }

  protected renderHtml(): string {
    const webview = this.panel.webview;
    const loadingText = vscode.l10n.t('Reading the model…');
    const boot: SummaryBootData = { extensionVersion: this.host.extensionVersion, loadingText };
    return panelHtml({
      cspSource: webview.cspSource,
      nonce: cspNonce(),
      language: vscode.env.language,
      title: vscode.l10n.t('Model Summary'),
      loadingText,
      scriptUri: this.asset('dist', 'webview', 'summary.js'),
      styleUris: [this.asset('media', 'base.css'), this.asset('media', 'summary.css')],
      boot,
      csp: { workers: false },
    });
  }
}
