/**
 * The initializer preview: one webview panel beside the editor. The host renders a locked-down HTML
 * shell (CSP `default-src 'none'`, one script allowed by a fresh nonce, workers only from blob URLs),
 * waits for the webview's `ready`, sends it *what* to preview (the webview samples and draws with the
 * bundled core), and answers its actions: copy or insert the Python, export the weights. Requests to the
 * webview are requestId-matched and rejected on timeout or close.
 */
import * as vscode from 'vscode';
import { errorText } from '../core/index';
import {
  isWebviewToHost,
  type EditorContext,
  type HostToWebview,
  type PanelAction,
  type PongMessage,
  type PreviewBootData,
  type PreviewSnapshot,
  type RenderTimings,
  type WebviewToHost,
} from '../protocol/messages';
import type { ConfigPatch, PreviewConfig, PreviewState } from '../protocol/previewConfig';
import { Commands } from './commands';
import { Disposable } from './dispose';
import { PreviewEditorSync } from './previewFollow';
import { cspNonce, previewHtml } from './previewHtml';
import { generateArgument } from './generateArgument';
import type { PatchResult } from './patchResult';
import type { PreviewSettings } from './settings';
import { besideTheEditor, panelWebviewOptions, WebviewChannel, webviewAsset } from './webviewChannel';

/** How long a request may wait for the webview (including its start-up) before it is rejected. */
const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;

/** What the panel needs from the extension. */
export interface PreviewHost {
  readonly extensionUri: vscode.Uri;
  readonly extensionVersion: string;
  readonly log: vscode.LogOutputChannel;
  /** The `kerasInitializers.preview.*` settings, read when needed. */
  settings(): PreviewSettings;
}

type Reply = Extract<WebviewToHost, { requestId: number }>;

export class PreviewPanel extends Disposable {
  static readonly viewType = 'kerasInitializers.preview';

  private static current: PreviewPanel | undefined;

  /** The open preview, if any. */
  static get currentPanel(): PreviewPanel | undefined {
    return PreviewPanel.current;
  }

  /** Reveals the existing preview, or opens one beside the active editor; `patch` is then shown in it. */
  static createOrShow(host: PreviewHost, patch?: PatchResult, origin?: string): PreviewPanel {
    let preview = PreviewPanel.current;
    if (preview) {
      // In the column where the user put it.
      preview.panel.reveal();
    } else {
      const panel = vscode.window.createWebviewPanel(
        PreviewPanel.viewType,
        vscode.l10n.t('Initializer Preview'),
        besideTheEditor(),
        panelWebviewOptions(host.extensionUri),
      );
      preview = new PreviewPanel(panel, host, null);
      PreviewPanel.current = preview;
    }
    if (patch) preview.show(patch, origin ?? null);
    return preview;
  }

  /** Adopts a panel VS Code restored after a reload (through the serializer), with its validated state. */
  static revive(panel: vscode.WebviewPanel, host: PreviewHost, state: PreviewState | null): PreviewPanel {
    PreviewPanel.current?.dispose();
    PreviewPanel.current = new PreviewPanel(panel, host, state);
    return PreviewPanel.current;
  }

  private readonly channel: WebviewChannel<HostToWebview, Reply>;
  private readonly sync: PreviewEditorSync;
  private configVersion = 0;
  /** The newest patch not yet delivered (the webview was loading or hidden). */
  private undelivered: HostToWebview | undefined;
  private editorContext: EditorContext | null = null;
  /** The webview's state as it last reported it. */
  private state: PreviewState | undefined;
  private lastRender: RenderTimings | undefined;

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    private readonly host: PreviewHost,
    restored: PreviewState | null,
  ) {
    super();
    this.channel = this._register(new WebviewChannel<HostToWebview, Reply>(panel, 'the preview', host.log));
    this.state = restored ?? undefined;
    this.sync = this._register(
      new PreviewEditorSync({
        editorContext: (context) => {
          this.editorContext = context;
          void this.channel.post({ type: 'editorContext', context });
        },
        initializerAtCursor: (result, origin) => this.show(result, origin),
      }),
    );
    // Options are re-applied because a revived panel comes with whatever options it was saved with.
    panel.webview.options = panelWebviewOptions(host.extensionUri);
    panel.webview.html = this.renderHtml(restored);
    this._register(panel.onDidDispose(() => this.dispose()));
    this._register(panel.webview.onDidReceiveMessage((message: unknown) => this.receive(message)));
    // Disposed last, once nothing listens to it any more.
    this._register(panel);
    this.sync.setFollowing(restored?.followCursor ?? host.settings().followCursor);
    this.sync.resendContext();
  }

  /** The last state the webview reported (undefined before its first report). */
  get webviewState(): PreviewState | undefined {
    return this.state;
  }

  /** How many configurations the host has sent this panel (commands and cursor moves). */
  get patchesSent(): number {
    return this.configVersion;
  }

  /** Timings of the webview's last render. */
  get lastRenderTimings(): RenderTimings | undefined {
    return this.lastRender;
  }

  /** Shows a configuration from outside the panel (a command argument, the cursor). */
  show(result: PatchResult, origin: string | null): void {
    for (const note of result.notes) this.host.log.info(`preview: ${note}`);
    this.sendPatch(result.patch, origin);
  }

  private sendPatch(patch: ConfigPatch, origin: string | null): void {
    this.configVersion += 1;
    const message: HostToWebview = { type: 'setConfig', version: this.configVersion, patch, origin };
    // Only the newest patch matters; an undelivered older one is replaced.
    this.undelivered = message;
    if (this.channel.ready) void this.flush();
  }

  private async flush(): Promise<void> {
    const message = this.undelivered;
    if (!message) return;
    if (await this.channel.post(message)) {
      if (this.undelivered === message) this.undelivered = undefined;
    }
  }

  /** Sends a `ping` and resolves with the webview's `pong` (proof that its script is live). */
  ping(timeoutMs = DEFAULT_REQUEST_TIMEOUT_MS): Promise<PongMessage> {
    return this.channel.request('pong', (requestId) => ({ type: 'ping', requestId }), timeoutMs) as Promise<PongMessage>;
  }

  /** What the webview shows: state, statistics, timings. */
  async snapshot(timeoutMs = DEFAULT_REQUEST_TIMEOUT_MS): Promise<PreviewSnapshot> {
    const reply = await this.channel.request('snapshot', (requestId) => ({ type: 'getSnapshot', requestId }), timeoutMs);
    if (reply.type !== 'snapshot') throw new Error('the preview answered a snapshot request with something else');
    return reply.snapshot;
  }

  /** Runs a panel action as its button does; rejects with the webview's reason when it cannot. */
  async invoke(action: PanelAction, timeoutMs = DEFAULT_REQUEST_TIMEOUT_MS): Promise<void> {
    const reply = await this.channel.request('invoked', (requestId) => ({ type: 'invoke', requestId, action }), timeoutMs);
    if (reply.type === 'invoked' && reply.error !== null) throw new Error(reply.error);
  }

  override dispose(): void {
    if (this.isDisposed) return;
    if (PreviewPanel.current === this) PreviewPanel.current = undefined;
    super.dispose();
  }

  private receive(message: unknown): void {
    if (!isWebviewToHost(message)) {
      this.host.log.warn('preview: dropped a message that is not part of the protocol');
      return;
    }
    switch (message.type) {
      case 'ready':
        this.channel.markReady();
        void this.channel.post({ type: 'editorContext', context: this.editorContext });
        void this.flush();
        break;
      case 'stateChanged':
        this.state = message.state;
        this.sync.setFollowing(message.state.followCursor);
        break;
      case 'rendered':
        this.lastRender = message.timings;
        this.host.log.trace(
          `preview: render ${message.timings.jobId} of ${message.timings.samples} values in ${message.timings.totalMs.toFixed(1)} ms ` +
            `(compute ${message.timings.computeMs.toFixed(1)} ms in the ${message.timings.engine}, draw ${message.timings.drawMs.toFixed(1)} ms, longest main-thread task ${message.timings.longestTaskMs.toFixed(1)} ms)`,
        );
        break;
      case 'copyPython':
        void this.copy(message.code);
        break;
      case 'insertPython':
        void this.insert(message.code);
        break;
      case 'exportWeights':
        void this.exportWeights(message.config);
        break;
      case 'pong':
      case 'snapshot':
      case 'invoked':
        this.channel.settle(message.requestId, message);
        break;
    }
  }

  private notice(text: string, kind: 'info' | 'error' = 'info'): void {
    void this.channel.post({ type: 'notice', kind, text });
  }

  private async copy(code: string): Promise<void> {
    try {
      await vscode.env.clipboard.writeText(code);
      this.notice(vscode.l10n.t('Copied the Python to the clipboard.'));
    } catch (e) {
      this.fail(vscode.l10n.t('Could not copy the Python: {0}', errorText(e)), e);
    }
  }

  private async insert(code: string): Promise<void> {
    const target = this.sync.lastPythonEditor;
    if (!target) {
      const text = vscode.l10n.t('Open a Python file to insert the initializer into.');
      this.notice(text, 'error');
      void vscode.window.showWarningMessage(text);
      return;
    }
    try {
      const document = target.document;
      const editor =
        vscode.window.visibleTextEditors.find((e) => e.document === document) ??
        (await vscode.window.showTextDocument(document, { viewColumn: target.viewColumn, preserveFocus: true }));
      const applied = await this.sync.whileMuted(editor, () =>
        editor.edit((builder) => {
          for (const selection of editor.selections) builder.replace(selection, code);
        }),
      );
      if (!applied) throw new Error(vscode.l10n.t('the editor refused the edit'));
      this.notice(vscode.l10n.t('Inserted into {0}.', document.uri.path.slice(document.uri.path.lastIndexOf('/') + 1)));
    } catch (e) {
      this.fail(vscode.l10n.t('Could not insert the Python: {0}', errorText(e)), e);
    }
  }

  private async exportWeights(config: PreviewConfig): Promise<void> {
    let argument;
    try {
      argument = generateArgument(config);
    } catch (e) {
      // An invalid configuration: Keras's own message.
      this.fail(vscode.l10n.t('Cannot export these weights: {0}', errorText(e)), e);
      return;
    }
    try {
      const commands = await vscode.commands.getCommands(true);
      if (!commands.includes(Commands.generateWeights)) {
        throw new Error(vscode.l10n.t('the generate command is not available in this version'));
      }
      await vscode.commands.executeCommand(Commands.generateWeights, argument);
    } catch (e) {
      this.fail(vscode.l10n.t('Could not export the weights: {0}', errorText(e)), e);
    }
  }

  private fail(text: string, error: unknown): void {
    this.host.log.error(text, error);
    this.notice(text, 'error');
    void vscode.window.showErrorMessage(text);
  }

  private renderHtml(state: PreviewState | null): string {
    const webview = this.panel.webview;
    const nonce = cspNonce();
    const asUri = (...path: string[]): string => webviewAsset(webview, this.host.extensionUri, ...path);
    const settings = this.host.settings();
    const boot: PreviewBootData = {
      extensionVersion: this.host.extensionVersion,
      readyText: vscode.l10n.t('Initializer preview ready'),
      workerUri: asUri('dist', 'webview', 'worker.js'),
      state,
      defaults: { sampleSize: settings.sampleSize, followCursor: settings.followCursor },
    };
    return previewHtml({
      cspSource: webview.cspSource,
      nonce,
      language: vscode.env.language,
      title: vscode.l10n.t('Initializer Preview'),
      loadingText: vscode.l10n.t('Loading the preview…'),
      scriptUri: asUri('dist', 'webview', 'main.js'),
      styleUris: [asUri('media', 'base.css'), asUri('media', 'preview.css')],
      boot,
    });
  }
}
