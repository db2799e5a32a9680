/**
 * The host's side of a panel's message channel, shared by the preview, the model summary and the
 * initialization check: posting to the webview, knowing whether its script is listening (it says
 * `ready` on every load, and a hidden webview is torn down and loaded again when shown), and
 * requests that the webview answers by `requestId` (tests and commands ask for pings, snapshots...).
 * Also the webview options and asset URIs the three panels set up the same way.
 */
import * as vscode from 'vscode';

interface PendingRequest<Reply> {
  readonly type: string;
  readonly resolve: (message: Reply) => void;
  readonly reject: (error: Error) => void;
  readonly timer: NodeJS.Timeout;
}

export class WebviewChannel<Out extends { readonly type: string }, Reply extends { readonly type: string; readonly requestId: number }>
  implements vscode.Disposable
{
  private listening = false;
  private readyWaiters: (() => void)[] = [];
  private readonly pending = new Map<number, PendingRequest<Reply>>();
  private nextRequestId = 1;
  private closed = false;
  private readonly viewState: vscode.Disposable;

  /** `label` names the panel in errors and logs: `the preview`, `the model summary`. */
  constructor(
    private readonly panel: vscode.WebviewPanel,
    private readonly label: string,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.viewState = panel.onDidChangeViewState(() => {
      if (!panel.visible) this.listening = false;
    });
  }

  /** Whether the webview's script has said `ready` since it was last loaded. */
  get ready(): boolean {
    return this.listening;
  }

  /** The webview said `ready`: messages posted from now on are heard. */
  markReady(): void {
    this.listening = true;
    for (const waiter of this.readyWaiters.splice(0)) waiter();
  }

  post(message: Out): Thenable<boolean> {
    if (this.closed) return Promise.resolve(false);
    return this.panel.webview.postMessage(message);
  }

  /** Resolves once the webview listens (at once if it does), rejects after `timeoutMs`. */
  whenReady(timeoutMs: number): Promise<void> {
    if (this.closed) return Promise.reject(new Error(`${this.label} is closed`));
    if (this.listening) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${this.label}'s script did not start within ${timeoutMs} ms`)), timeoutMs);
      this.readyWaiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  /**
   * Posts the message `build` makes with a fresh request id, once the webview listens (a first load
   * can be slow), and resolves with its answer of type `expect`; rejects when `timeoutMs` passes first.
   */
  async request(expect: Reply['type'], build: (requestId: number) => Out, timeoutMs: number): Promise<Reply> {
    const deadline = Date.now() + timeoutMs;
    await this.whenReady(timeoutMs);
    const requestId = this.nextRequestId++;
    const message = build(requestId);
    return new Promise<Reply>((resolve, reject) => {
      const timer = setTimeout(
        () => {
          this.pending.delete(requestId);
          reject(new Error(`${this.label} did not answer ${message.type} ${requestId} within ${timeoutMs} ms`));
        },
        Math.max(0, deadline - Date.now()),
      );
      this.pending.set(requestId, { type: expect, resolve, reject, timer });
      void this.post(message).then((delivered) => {
        if (!delivered) this.settle(requestId, new Error(`${message.type} ${requestId} could not be delivered to ${this.label}`));
      });
    });
  }

  /** Ends a pending request exactly once, resolving with the webview's answer or rejecting with an error. */
  settle(requestId: number, result: Reply | Error): void {
    const request = this.pending.get(requestId);
    if (!request) {
      if (!(result instanceof Error)) this.log.debug(`${this.label}: ${result.type} ${requestId} came after its request ended`);
      return;
    }
    if (!(result instanceof Error) && result.type !== request.type) {
      this.log.warn(`${this.label}: request ${requestId} expected ${request.type}, got ${result.type}`);
      return;
    }
    this.pending.delete(requestId);
    clearTimeout(request.timer);
    if (result instanceof Error) request.reject(result);
    else request.resolve(result);
  }

  /** Rejects every pending request; nothing is posted afterwards. */
  dispose(): void {
    if (this.closed) return;
    this.closed = true;
    this.viewState.dispose();
    for (const id of [...this.pending.keys()]) this.settle(id, new Error(`${this.label} was closed before it answered`));
  }
}

/** The panels' webviews run scripts and may load only the built webview bundles and the media folder. */
export function panelWebviewOptions(extensionUri: vscode.Uri): vscode.WebviewPanelOptions & vscode.WebviewOptions {
  return {
    enableScripts: true,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist', 'webview'), vscode.Uri.joinPath(extensionUri, 'media')],
  };
}

/** The URI a webview loads a file of the extension by (`dist/webview/summary.js`, `media/base.css`). */
export function webviewAsset(webview: vscode.Webview, extensionUri: vscode.Uri, ...path: string[]): string {
  return webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, ...path)).toString();
}

/** Beside the editor the command came from, or in the active column when none is open. */
export function besideTheEditor(): vscode.ViewColumn {
  return vscode.window.activeTextEditor || vscode.window.activeNotebookEditor ? vscode.ViewColumn.Beside : vscode.ViewColumn.Active;
}
