/**
 * The initializer preview: one webview panel beside the editor. The host renders a locked-down HTML
 * shell (CSP `default-src 'none'`, one script allowed by a fresh nonce), waits for the webview's
 * `ready`, and talks to it with requestId-matched requests that are rejected on timeout or close.
 */
import * as crypto from 'node:crypto';
import * as vscode from 'vscode';
import {
  BOOT_DATA_ATTRIBUTE,
  isWebviewToHost,
  type HostToWebview,
  type PongMessage,
  type PreviewBootData,
} from '../protocol/messages';

/** How long a request may wait for the webview (including its start-up) before it is rejected. */
const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;

/** What the panel needs from the extension. */
export interface PreviewHost {
  readonly extensionUri: vscode.Uri;
  readonly extensionVersion: string;
  readonly log: vscode.LogOutputChannel;
}

interface PendingRequest {
  readonly resolve: (message: PongMessage) => void;
  readonly reject: (error: Error) => void;
  readonly timer: NodeJS.Timeout;
}

export class PreviewPanel implements vscode.Disposable {
  static readonly viewType = 'kerasInitializers.preview';

  private static current: PreviewPanel | undefined;

  /** The open preview, if any. */
  static get currentPanel(): PreviewPanel | undefined {
    return PreviewPanel.current;
  }

  /** Reveals the existing preview, or opens one beside the active editor. */
  static createOrShow(host: PreviewHost): PreviewPanel {
    if (PreviewPanel.current) {
      // In the column where the user put it.
      PreviewPanel.current.panel.reveal();
      return PreviewPanel.current;
    }
    const column = vscode.window.activeTextEditor ? vscode.ViewColumn.Beside : vscode.ViewColumn.Active;
    const panel = vscode.window.createWebviewPanel(PreviewPanel.viewType, vscode.l10n.t('Initializer Preview'), column, webviewOptions(host.extensionUri));
    PreviewPanel.current = new PreviewPanel(panel, host);
    return PreviewPanel.current;
  }

  /** Adopts a panel VS Code restored after a reload (through the serializer). */
  static revive(panel: vscode.WebviewPanel, host: PreviewHost): PreviewPanel {
    PreviewPanel.current?.dispose();
    PreviewPanel.current = new PreviewPanel(panel, host);
    return PreviewPanel.current;
  }

  private readonly disposables: vscode.Disposable[] = [];
  private readonly pending = new Map<number, PendingRequest>();
  private nextRequestId = 1;
  private disposed = false;
  private ready!: Promise<void>;
  private markReady!: () => void;

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    private readonly host: PreviewHost,
  ) {
    this.resetReady();
    // Options are re-applied because a revived panel comes with whatever options it was saved with.
    panel.webview.options = webviewOptions(host.extensionUri);
    panel.webview.html = this.renderHtml();
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((message: unknown) => this.receive(message)),
      // A hidden webview is torn down (no retainContextWhenHidden) and reloaded when shown: it will say `ready` again.
      panel.onDidChangeViewState(() => {
        if (!panel.visible) this.resetReady();
      }),
    );
  }

  /** Sends a `ping` and resolves with the webview's `pong` (proof that its script runs). */
  async ping(timeoutMs = DEFAULT_REQUEST_TIMEOUT_MS): Promise<PongMessage> {
    const deadline = Date.now() + timeoutMs;
    await this.whenReady(timeoutMs);
    const requestId = this.nextRequestId++;
    return new Promise<PongMessage>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(requestId);
        reject(new Error(`the preview did not answer ping ${requestId} within ${timeoutMs} ms`));
      }, Math.max(0, deadline - Date.now()));
      this.pending.set(requestId, { resolve, reject, timer });
      void this.post({ type: 'ping', requestId }).then((delivered) => {
        if (!delivered) this.settle(requestId, new Error(`ping ${requestId} could not be delivered to the preview`));
      });
    });
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (PreviewPanel.current === this) PreviewPanel.current = undefined;
    for (const id of [...this.pending.keys()]) this.settle(id, new Error('the preview was closed before it answered'));
    for (const d of this.disposables.splice(0)) d.dispose();
    this.panel.dispose();
  }

  private resetReady(): void {
    this.ready = new Promise<void>((resolve) => (this.markReady = resolve));
  }

  private whenReady(timeoutMs: number): Promise<void> {
    if (this.disposed) return Promise.reject(new Error('the preview is closed'));
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`the preview's script did not start within ${timeoutMs} ms`)), timeoutMs);
    });
    return Promise.race([this.ready, timeout]).finally(() => clearTimeout(timer));
  }

  private post(message: HostToWebview): Thenable<boolean> {
    return this.panel.webview.postMessage(message);
  }

  private receive(message: unknown): void {
    if (!isWebviewToHost(message)) {
      this.host.log.warn('preview: dropped a message that is not part of the protocol', message);
      return;
    }
    switch (message.type) {
      case 'ready':
        this.markReady();
        break;
      case 'pong':
        if (!this.pending.has(message.requestId)) this.host.log.debug(`preview: pong ${message.requestId} came after its request ended`);
        this.settle(message.requestId, message);
        break;
    }
  }

  /** Ends a pending request exactly once, resolving with `result` or rejecting with it. */
  private settle(requestId: number, result: PongMessage | Error): void {
    const request = this.pending.get(requestId);
    if (!request) return;
    this.pending.delete(requestId);
    clearTimeout(request.timer);
    if (result instanceof Error) request.reject(result);
    else request.resolve(result);
  }

  private renderHtml(): string {
    const webview = this.panel.webview;
    const nonce = crypto.randomBytes(18).toString('base64');
    const script = webview.asWebviewUri(vscode.Uri.joinPath(this.host.extensionUri, 'dist', 'webview', 'main.js'));
    const boot: PreviewBootData = {
      extensionVersion: this.host.extensionVersion,
      readyText: vscode.l10n.t('Initializer preview ready'),
    };
    return `<!DOCTYPE html>
<html lang="${escapeAttribute(vscode.env.language)}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeAttribute(contentSecurityPolicy(webview.cspSource, nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>${escapeHtml(vscode.l10n.t('Initializer Preview'))}</title>
</head>
<body ${BOOT_DATA_ATTRIBUTE}="${escapeAttribute(JSON.stringify(boot))}">
<main id="status" data-state="loading">${escapeHtml(vscode.l10n.t('Loading the preview…'))}</main>
<script nonce="${escapeAttribute(nonce)}" src="${escapeAttribute(script.toString())}"></script>
</body>
</html>`;
  }
}

/** Scripts only by nonce; styles, images and fonts only from the extension's own resources. */
function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `style-src ${cspSource}`,
    `img-src ${cspSource}`,
    `font-src ${cspSource}`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
}

/** The webview may load only the built webview bundle and the media folder. */
function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewPanelOptions & vscode.WebviewOptions {
  return {
    enableScripts: true,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist', 'webview'), vscode.Uri.joinPath(extensionUri, 'media')],
  };
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function escapeAttribute(text: string): string {
  return escapeHtml(text).replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}
