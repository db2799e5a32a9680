/**
 * What the model summary and the initialization check panels share: a webview beside the editor
 * about one model of a Python file or notebook (the target), the program last read for it, a
 * debounced refresh when that program is edited, and the message channel to the webview.
 */
import * as vscode from 'vscode';
import { Disposable } from './dispose';
import type { ModelTarget } from './modelTarget';
import { RefreshScheduler } from './refreshScheduler';
import { onProgramEdited, type SummaryProgram } from './summarySource';
import { besideTheEditor, panelWebviewOptions, WebviewChannel, webviewAsset } from './webviewChannel';

export interface PanelHost {
  readonly extensionUri: vscode.Uri;
  readonly extensionVersion: string;
  readonly log: vscode.LogOutputChannel;
}

export abstract class ProgramPanel<
  Out extends { readonly type: string },
  Reply extends { readonly type: string; readonly requestId: number },
> extends Disposable {
  /** Opens a new webview panel of `viewType` beside the editor, keeping the focus there. */
  protected static openPanel(viewType: string, title: string, extensionUri: vscode.Uri): vscode.WebviewPanel {
    return vscode.window.createWebviewPanel(
      viewType,
      title,
      { viewColumn: besideTheEditor(), preserveFocus: true },
      panelWebviewOptions(extensionUri),
    );
  }

  protected target: ModelTarget | undefined;
  /** The program the panel's content was made from. */
  protected program: SummaryProgram | undefined;
  protected readonly scheduler: RefreshScheduler;
  protected readonly channel: WebviewChannel<Out, Reply>;

  /** `label` names the panel in errors and logs; `refreshMs`: how long edits settle before `refresh`. */
  protected constructor(
    protected readonly panel: vscode.WebviewPanel,
    protected readonly host: PanelHost,
    label: string,
    refreshMs: number,
  ) {
    super();
    this.channel = this._register(new WebviewChannel<Out, Reply>(panel, label, host.log));
    const scheduler = new RefreshScheduler(refreshMs, () => void this.refresh());
    this.scheduler = scheduler;
    this._register({ dispose: () => scheduler.dispose() });
    // Options are re-applied because a revived panel comes with whatever options it was saved with.
    panel.webview.options = panelWebviewOptions(host.extensionUri);
    panel.webview.html = this.renderHtml();
    this._register(panel.onDidDispose(() => this.dispose()));
    this._register(panel.webview.onDidReceiveMessage((message: unknown) => this.receive(message)));
    this._register(
      onProgramEdited(
        () => this.target,
        () => this.program,
        () => this.scheduler.request(),
      ),
    );
    this._register(panel);
  }

  /** Reads the target's program again and updates the webview. */
  abstract refresh(): Promise<void>;

  /** A message from the webview (not yet validated). */
  protected abstract receive(message: unknown): void;

  /** The webview's page; called once, from the constructor. */
  protected abstract renderHtml(): string;

  /** The URI the webview loads one of the extension's files by. */
  protected asset(...path: string[]): string {
    return webviewAsset(this.panel.webview, this.host.extensionUri, ...path);
  }
}
