/**
 * The initialization-check panel: one webview beside the editor that runs, in its worker, a forward
 * and backward pass of a random batch through a model of a Python file or notebook (the core's
 * checkInitialization) and shows activations and gradients layer by layer. The host sends the program
 * text and the settings, runs again (debounced) when the source changes, reveals a layer the webview
 * names, and applies the initializer edits of a suggestion — only to the text that run read.
 */
import * as vscode from 'vscode';
import { errorText } from '../core/index';
import {
  isCheckWebviewToHost,
  type CheckApplyMessage,
  type CheckBootData,
  type CheckDoneMessage,
  type CheckHostToWebview,
  type CheckPongMessage,
  type CheckRunMessage,
  type CheckSettings,
} from '../protocol/checkMessages';
import type { ModelTarget } from './modelTarget';
import { cspNonce, panelHtml } from './previewHtml';
import { ProgramPanel, type PanelHost } from './programPanel';
import { programLocation, revealInProgram, summaryProgramFor, type SummaryProgram } from './summarySource';
import { findModel, modelKey } from './summaryTable';

/** How long source edits settle before the check runs again. */
const REFRESH_MS = 600;
const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;
/** What an initializer edit may write: an argument or an id, nothing that could run. */
const SAFE_EDIT_TEXT = /^[\w ,.=()'"+-]{0,200}$/;

export type CheckHost = PanelHost;

export class CheckPanel extends ProgramPanel<CheckHostToWebview, CheckPongMessage> {
  static readonly viewType = 'kerasInitializers.initializationCheck';

  private static current: CheckPanel | undefined;

  static get currentPanel(): CheckPanel | undefined {
    return CheckPanel.current;
  }

  /** Checks `target` in the open panel (revealing it), or in a new one beside the editor. */
  static async show(host: CheckHost, target: ModelTarget, settings: CheckSettings): Promise<CheckPanel> {
    let check = CheckPanel.current;
    if (check) {
      check.panel.reveal(undefined, true);
    } else {
      const panel = ProgramPanel.openPanel(CheckPanel.viewType, vscode.l10n.t('Initialization Check'), host.extensionUri);
      check = new CheckPanel(panel, host, settings);
      CheckPanel.current = check;
    }
    await check.setTarget(target);
    return check;
  }

  /** Adopts a panel VS Code restored after a reload, with its validated target. */
  static revive(panel: vscode.WebviewPanel, host: CheckHost, target: ModelTarget | null, settings: CheckSettings): CheckPanel {
    CheckPanel.current?.dispose();
    const check = new CheckPanel(panel, host, settings);
    CheckPanel.current = check;
    if (target !== null) void check.setTarget(target);
    return check;
  }

  private run: CheckRunMessage | undefined;
  private runId = 0;
  private lastDone: CheckDoneMessage | undefined;
  private lastFailure: string | undefined;
  private applied = 0;
  private readonly doneWaiters: ((done: CheckDoneMessage | string) => void)[] = [];

  private constructor(
    panel: vscode.WebviewPanel,
    host: CheckHost,
    private settings: CheckSettings,
  ) {
    super(panel, host, 'the initialization check', REFRESH_MS);
  }

  /** The last finished run's report, as the webview sent it. */
  get done(): CheckDoneMessage | undefined {
    return this.lastDone;
  }

  get failure(): string | undefined {
    return this.lastFailure;
  }

  get appliedEdits(): number {
    return this.applied;
  }

  get currentSettings(): CheckSettings {
    return this.settings;
  }

  async setTarget(target: ModelTarget, settings?: CheckSettings): Promise<void> {
    this.target = target;
    if (settings !== undefined) this.settings = settings;
    this.scheduler.cancel();
    await this.refresh();
  }

  /** Changes the settings and runs again (as the webview's controls do). */
  async setSettings(settings: CheckSettings): Promise<void> {
    this.settings = settings;
    await this.refresh();
  }

  /** Reads the source again and asks the webview for a new run. */
  async refresh(): Promise<void> {
    const target = this.target;
    if (target === undefined || this.isDisposed) return;
    let program: SummaryProgram | undefined;
    try {
      program = await summaryProgramFor(target.uri);
    } catch (e) {
      this.host.log.warn(`initialization check: cannot read ${target.uri.toString()}: ${errorText(e)}`);
    }
    if (this.target !== target || this.isDisposed || program === undefined) return;
    const models = program.analysis.models;
    const index = target.model !== null ? findModel(program.analysis, target.model) : -1;
    const model = index >= 0 ? modelKey(models[index]) : target.model;
    this.program = program;
    this.runId += 1;
    this.lastDone = undefined;
    this.lastFailure = undefined;
    this.run = {
      type: 'run',
      runId: this.runId,
      text: program.text,
      fileName: program.fileName,
      model,
      settings: this.settings,
      state: { uri: target.uri.toString(), model },
    };
    this.panel.title = vscode.l10n.t('Initialization Check: {0} ({1})', model ?? program.fileName, program.fileName);
    if (this.channel.ready) void this.channel.post(this.run);
  }

  /** Resolves with the next finished run's report (or its failure text). */
  nextDone(timeoutMs: number): Promise<CheckDoneMessage> {
    return new Promise<CheckDoneMessage>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no check finished within ${timeoutMs} ms`)), timeoutMs);
      this.doneWaiters.push((done) => {
        clearTimeout(timer);
        if (typeof done === 'string') reject(new Error(done));
        else resolve(done);
      });
    });
  }

  protected receive(message: unknown): void {
    if (!isCheckWebviewToHost(message)) {
      this.host.log.warn('initialization check: dropped a message that is not part of the protocol');
      return;
    }
    switch (message.type) {
      case 'ready':
        this.channel.markReady();
        if (this.run !== undefined) void this.channel.post(this.run);
        break;
      case 'settings':
        void this.setSettings(message.settings);
        break;
      case 'done':
        if (message.runId !== this.runId) return;
        this.lastDone = message;
        this.host.log.info(
          `initialization check of ${message.model}: ${message.layers.length} layers in ${message.renderMs.toFixed(0)} ms (${message.engine})` +
            (message.stoppedAt !== null ? `; stopped at layer ${message.stoppedAt.layer + 1}: ${message.stoppedAt.reason}` : ''),
        );
        for (const waiter of this.doneWaiters.splice(0)) waiter(message);
        break;
      case 'failed':
        if (message.runId !== this.runId) return;
        this.lastFailure = message.message;
        this.host.log.warn(`initialization check failed: ${message.message}`);
        for (const waiter of this.doneWaiters.splice(0)) waiter(message.message);
        break;
      case 'reveal':
        void this.reveal(message.runId, message.layer);
        break;
      case 'apply':
        void this.apply(message);
        break;
      case 'pong':
        this.channel.settle(message.requestId, message);
        break;
    }
  }

  /** The constructor call of layer `layer` (model.layers order, InputLayer aside) of the run's model. */
  private layerRange(layer: number): { start: number; end: number } | undefined {
    const program = this.program;
    const run = this.run;
    if (program === undefined || run === undefined) return undefined;
    const { models } = program.analysis;
    const index = run.model !== null ? findModel(program.analysis, run.model) : models.length - 1;
    const model = models[index];
    if (model === undefined) return undefined;
    const layers = model.layers.map((i) => program.analysis.layers[i]).filter((l) => l !== undefined && l.className !== 'InputLayer');
    return layers[layer]?.range;
  }

  private async reveal(runId: number, layer: number): Promise<void> {
    const program = this.program;
    const range = runId === this.runId ? this.layerRange(layer) : undefined;
    if (program === undefined || range === undefined) {
      this.host.log.debug(`initialization check: reveal of layer ${layer} (run ${runId}) is not for the current run`);
      return;
    }
    try {
      await revealInProgram(program, range, this.panel.viewColumn);
    } catch (e) {
      this.host.log.error('initialization check: could not reveal the layer', e);
    }
  }

  /** Applies a suggestion's edits when they are for the text the current run read, and safe to write. */
  private async apply(message: CheckApplyMessage): Promise<void> {
    const program = this.program;
    const run = this.run;
    if (program === undefined || run === undefined || message.runId !== this.runId) {
      void vscode.window.showInformationMessage(vscode.l10n.t('The check has run again since; apply the suggestion from the new results.'));
      return;
    }
    const current = await summaryProgramFor(program.uri).catch(() => undefined);
    if (current === undefined || current.text !== run.text) {
      void vscode.window.showInformationMessage(
        vscode.l10n.t('The source changed since the check ran; apply the suggestion after it runs again.'),
      );
      return;
    }
    const bad = message.edits.find((e) => e.end > run.text.length || !SAFE_EDIT_TEXT.test(e.newText));
    if (bad !== undefined) {
      this.host.log.warn(`initialization check: refused an edit that is not an initializer argument: ${JSON.stringify(bad)}`);
      return;
    }
    const edit = new vscode.WorkspaceEdit();
    for (const e of message.edits) {
      const location = programLocation(current, { start: e.start, end: e.end });
      if (location === undefined) return;
      edit.replace(location.document.uri, location.range, e.newText);
    }
    try {
      if (await vscode.workspace.applyEdit(edit)) {
        this.applied += message.edits.length;
        this.host.log.info(`initialization check: applied ${message.edits.length} initializer edit(s)`);
      }
    } catch (e) {
      this.host.log.error('initialization check: could not apply the edit', e);
      void vscode.window.showErrorMessage(vscode.l10n.t('Could not apply the suggestion: {0}', errorText(e)));
    }
  }

  /** Sends a `ping` once the webview listens (a first load can be slow) and resolves with its `pong`. */
  ping(timeoutMs = DEFAULT_REQUEST_TIMEOUT_MS): Promise<CheckPongMessage> {
    return this.channel.request('pong', (requestId) => ({ type: 'ping', requestId }), timeoutMs);
  }

  override dispose(): void {
    if (this.isDisposed) return;
    if (CheckPanel.current === this) CheckPanel.current = undefined;
    for (const waiter of this.doneWaiters.splice(0)) waiter('the initialization check was closed');
    super.dispose();
  }

  protected renderHtml(): string {
    const webview = this.panel.webview;
    const loadingText = vscode.l10n.t('Preparing the initialization check…');
    const boot: CheckBootData = {
      extensionVersion: this.host.extensionVersion,
      loadingText,
      workerUri: this.asset('dist', 'webview', 'checkWorker.js'),
    };
    return panelHtml({
      cspSource: webview.cspSource,
      nonce: cspNonce(),
      language: vscode.env.language,
      title: vscode.l10n.t('Initialization Check'),
      loadingText,
      scriptUri: this.asset('dist', 'webview', 'check.js'),
      styleUris: [this.asset('media', 'base.css'), this.asset('media', 'check.css')],
      boot,
    });
  }
}
