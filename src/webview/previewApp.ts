/**
 * The preview's app: holds the state (reduced from actions, persisted with setState and reported to the
 * host), answers the host's messages, runs the analysis and the propagation on the engine, and hands
 * the results to the views (controls, distribution, statistics, heatmap, orthogonality, propagation,
 * Python), each in ui/.
 */
import {
  isHostToWebview,
  type EditorContext,
  type HostToWebview,
  type PanelAction,
  type PreviewSnapshot,
  type RenderTimings,
  type WebviewToHost,
} from '../protocol/messages';
import { isSeeded, jsonEqual, type PreviewState } from '../protocol/previewConfig';
import { readTheme } from './chart/draw';
import type { AnalysisResult, DetailsResult, DistributionResult } from './compute/analysis';
import { startEngine, type Engine } from './engine';
import { PropagationRunner } from './propagationRunner';
import { codeTarget, initializerExpression, pythonSnippet } from './pythonCode';
import { reduce, type Action } from './state';
import { Controls } from './ui/controls';
import { DistributionView } from './ui/distributionView';
import { h, setText } from './ui/dom';
import { HeatmapView } from './ui/heatmapView';
import { OrthogonalityView } from './ui/orthogonalityView';
import { PropagationView } from './ui/propagationView';
import { PythonView } from './ui/pythonView';
import { StatsTable, statistics } from './ui/statsTable';

/** What the webview gets from acquireVsCodeApi(). */
export interface VsCodeApi {
  postMessage(message: WebviewToHost): void;
  getState(): unknown;
  setState(state: PreviewState): void;
}

/** A 32-bit seed from the CSPRNG (Keras seeds are ints; [0, 2**32) is what numpy's uint32 words hold). */
function randomSeed(): number {
  return crypto.getRandomValues(new Uint32Array(1))[0];
}

/**
 * Builds the panel's DOM around the views (replacing the host's loading message) and returns the
 * elements the app itself updates. Chart first: the initializer picker with its summary, the histogram
 * with its key numbers, the compact form, then the statistics table, the heatmap, the orthogonality,
 * the propagation and the Python sections; the status line closes the page. `views` are, in order: the
 * picker, the controls, the distribution, the statistics table, then the secondary sections.
 */
function buildSkeleton(readyText: string, views: readonly HTMLElement[]) {
  const [picker, controls, distribution, table, ...rest] = views;
  // The host's loading message is replaced by the app; the status line keeps its id and data-state.
  const status = h('p', { id: 'status', class: 'status doc', 'data-state': 'ready' }, readyText);
  const origin = h('p', { id: 'origin', class: 'doc one-line' });
  const error = h('div', { id: 'error', class: 'error-box', role: 'alert', hidden: true });
  const engineNote = h('p', { id: 'engine-note', class: 'doc' });
  const app = h(
    'div',
    { id: 'app', class: 'layout' },
    h('header', { class: 'top' }, h('h1', { class: 'visually-hidden' }, 'Initializer Preview'), picker, origin),
    error,
    distribution,
    controls,
    h(
      'div',
      { class: 'views' },
      h('section', { id: 'statistics', class: 'section', 'aria-label': 'Statistics' }, table, engineNote),
      ...rest,
    ),
    h('footer', { class: 'bottom' }, status),
  );
  document.body.replaceChildren(app);
  return { status, error, origin, engineNote };
}

type Elements = ReturnType<typeof buildSkeleton>;

export class PreviewApp {
  private state: PreviewState;
  private editor: EditorContext | null = null;
  private origin: string | null = null;
  private appliedVersion = 0;
  private engine: Engine | undefined;
  private engineKind: PreviewSnapshot['engine'] = 'starting';

  private jobId = 0;
  private jobStarted = 0;
  private longestTask = 0;
  private status: PreviewSnapshot['status'] = 'computing';
  private error: string | null = null;
  private distribution: DistributionResult | undefined;
  private details: DetailsResult | undefined;
  private render: RenderTimings | null = null;

  private redrawFrame = 0;

  private readonly controls: Controls;
  private readonly distributionView: DistributionView;
  private readonly table = new StatsTable();
  private readonly heatmap = new HeatmapView();
  private readonly orthogonality = new OrthogonalityView();
  private readonly propagation: PropagationView;
  private readonly propagationRunner: PropagationRunner;
  private readonly python: PythonView;
  private readonly elements: Elements;

  constructor(
    private readonly vscode: VsCodeApi,
    private readonly workerUri: string,
    initial: PreviewState,
    readyText: string,
  ) {
    this.state = initial;
    this.controls = new Controls({
      dispatch: (a) => this.dispatch(a),
      randomizeSeed: () => this.dispatch({ type: 'setSeed', value: randomSeed() }),
    });
    this.distributionView = new DistributionView({ dispatch: (a) => this.dispatch(a) });
    this.propagation = new PropagationView({ dispatch: (a) => this.dispatch(a) });
    this.propagationRunner = new PropagationRunner(this.propagation, (step) => this.timed(step));
    this.python = new PythonView({ dispatch: (a) => this.dispatch(a), act: (a) => void this.act(a) });
    this.elements = buildSkeleton(readyText, [
      this.controls.picker,
      this.controls.root,
      this.distributionView.root,
      this.table.root,
      this.heatmap.root,
      this.orthogonality.root,
      this.propagation.root,
      this.python.root,
    ]);
  }

  start(): void {
    this.showState();
    window.addEventListener('message', (event: MessageEvent<unknown>) => {
      // Anything that is not a well-formed host message is dropped unread.
      if (isHostToWebview(event.data)) this.handle(event.data);
    });
    this.post({ type: 'ready' });
    this.persist();
    // Redraw on resize (narrow side panel ↔ full editor) and on theme changes (the body's class).
    new ResizeObserver(() => this.scheduleRedraw()).observe(this.distributionView.histogram.parentElement ?? document.body);
    new MutationObserver(() => this.scheduleRedraw()).observe(document.body, { attributes: true, attributeFilter: ['class'] });
    void startEngine(
      this.workerUri,
      { analysis: (r) => this.onAnalysis(r), propagation: (r) => this.propagationRunner.onResult(r) },
      (reason) => setText(this.elements.engineNote, `Computing on the page (no worker: ${reason}).`),
    ).then((engine) => {
      this.engine = engine;
      this.engineKind = engine.kind;
      this.analyze();
      this.propagationRunner.maybeStart(this.engine, this.state, true);
    });
  }

  private post(message: WebviewToHost): void {
    this.vscode.postMessage(message);
  }

  private persist(): void {
    this.vscode.setState(this.state);
    this.post({ type: 'stateChanged', state: this.state });
  }

  dispatch(action: Action): void {
    const before = this.state;
    const after = reduce(before, action);
    if (after === before || jsonEqual(after, before)) {
      // Still re-sync the controls: a refused value must not stay in its field.
      this.controls.update(this.state);
      return;
    }
    this.state = after;
    if (action.type !== 'applyPatch' && !jsonEqual(after.config, before.config)) this.origin = null;
    this.persist();
    this.showState();
    if (!jsonEqual(after.config, before.config)) this.analyze();
    else if (after.view.logScale !== before.view.logScale) this.drawDistribution();
    this.propagationRunner.maybeStart(this.engine, this.state, false);
  }

  private showState(): void {
    this.controls.update(this.state);
    this.propagation.update(this.state);
    this.distributionView.update(this.state);
    this.python.update(this.state);
    this.python.showCode(this.snippet());
    setText(this.elements.origin, this.origin ? `From ${this.origin}` : '');
  }

  private snippet(): string {
    return pythonSnippet(this.state.config, codeTarget(this.state.view.codeStyle, this.editor));
  }

  private handle(message: HostToWebview): void {
    switch (message.type) {
      case 'ping':
        this.elements.status.dataset.pings = String(Number(this.elements.status.dataset.pings ?? '0') + 1);
        this.post({ type: 'pong', requestId: message.requestId });
        break;
      case 'setConfig':
        // Patches are applied in version order; an older one that arrives late is stale.
        if (message.version <= this.appliedVersion) return;
        this.appliedVersion = message.version;
        this.origin = message.origin;
        this.dispatch({ type: 'applyPatch', patch: message.patch });
        setText(this.elements.origin, this.origin ? `From ${this.origin}` : '');
        break;
      case 'editorContext':
        this.editor = message.context;
        this.python.showCode(this.snippet());
        break;
      case 'getSnapshot':
        this.post({ type: 'snapshot', requestId: message.requestId, snapshot: this.snapshot() });
        break;
      case 'invoke': {
        const error = this.act(message.action);
        this.post({ type: 'invoked', requestId: message.requestId, error });
        break;
      }
      case 'notice':
        this.python.notify(message.text, message.kind);
        break;
    }
  }

  /** Runs a panel action; returns why it could not, or null. */
  private act(action: PanelAction): string | null {
    switch (action) {
      case 'copyPython':
        this.post({ type: 'copyPython', code: this.snippet() });
        return null;
      case 'insertPython':
        this.post({
          type: 'insertPython',
          code: initializerExpression(this.state.config, codeTarget(this.state.view.codeStyle, this.editor)),
        });
        return null;
      case 'exportWeights':
        this.post({ type: 'exportWeights', config: this.state.config });
        return null;
      case 'randomizeSeed':
        if (!isSeeded(this.state.config.className)) return `${this.state.config.className} takes no seed`;
        this.dispatch({ type: 'setSeed', value: randomSeed() });
        return null;
    }
  }

  // --- the analysis ---

  private analyze(): void {
    if (!this.engine) return;
    this.jobId += 1;
    this.jobStarted = performance.now();
    this.longestTask = 0;
    this.engine.takeLongestTask?.();
    this.status = 'computing';
    this.distributionView.setBusy(true);
    this.engine.analyze({ jobId: this.jobId, config: this.state.config });
  }

  /** Times a main-thread step of the current render and keeps the longest. */
  private timed<T>(step: () => T): { value: T; ms: number } {
    const t0 = performance.now();
    const value = step();
    const ms = performance.now() - t0;
    if (ms > this.longestTask) this.longestTask = ms;
    return { value, ms };
  }

  private onAnalysis(result: AnalysisResult): void {
    // Results of a superseded job are dropped (the worker stops it, but some may be in flight).
    if (result.jobId !== this.jobId) return;
    switch (result.kind) {
      case 'failure':
        this.status = 'error';
        this.error = result.message;
        this.distribution = undefined;
        this.details = undefined;
        this.distributionView.setBusy(false);
        this.timed(() => this.showFailure(result.message));
        break;
      case 'distribution': {
        this.error = null;
        this.distribution = result;
        this.details = undefined;
        const { ms } = this.timed(() => {
          this.showFailure(null);
          this.drawDistribution();
          const stats = statistics(result, undefined);
          this.table.show(stats);
          this.distributionView.keys.show(stats, true);
        });
        this.status = 'ready';
        this.distributionView.setBusy(false);
        const timings: RenderTimings = {
          jobId: result.jobId,
          totalMs: performance.now() - this.jobStarted,
          computeMs: result.computeMs,
          drawMs: ms,
          // In-page computing shares the main thread: its slices count too.
          longestTaskMs: Math.max(this.longestTask, this.engine?.takeLongestTask?.() ?? 0),
          samples: result.n,
          engine: this.engineKind === 'inline' ? 'inline' : 'worker',
        };
        this.render = timings;
        this.distributionView.recordTimings(timings);
        this.post({ type: 'rendered', timings });
        break;
      }
      case 'details':
        this.details = result;
        this.timed(() => {
          if (this.distribution) {
            const stats = statistics(this.distribution, result);
            this.table.show(stats, result.ks?.bins);
            this.distributionView.keys.show(stats);
          }
          this.drawDetails();
        });
        break;
    }
  }

  private showFailure(message: string | null): void {
    const box = this.elements.error;
    box.hidden = message === null;
    setText(box, message ?? '');
    if (message !== null) {
      this.table.show(null);
      this.distributionView.clear();
      this.heatmap.clear();
      this.orthogonality.hide();
    }
  }

  private drawDistribution(): void {
    this.distributionView.draw(this.distribution, this.state.view.logScale);
  }

  private drawDetails(): void {
    const details = this.details;
    if (!details) return;
    this.heatmap.draw(details.heatmap, readTheme());
    this.orthogonality.show(details.orthogonality);
  }

  private scheduleRedraw(): void {
    if (this.redrawFrame !== 0) return;
    this.redrawFrame = requestAnimationFrame(() => {
      this.redrawFrame = 0;
      this.drawDistribution();
      this.drawDetails();
      this.propagation.draw(readTheme());
    });
  }

  snapshot(): PreviewSnapshot {
    const hm = this.details?.heatmap;
    return {
      state: this.state,
      status: this.status,
      error: this.error === null ? null : this.error.slice(0, 2000),
      engine: this.engineKind,
      statistics: this.distribution ? statistics(this.distribution, this.details) : null,
      orthogonality: this.details?.orthogonality
        ? { maxAbs: this.details.orthogonality.maxAbs, frobenius: this.details.orthogonality.frobenius }
        : null,
      heatmap: hm ? { rows: hm.rows, cols: hm.cols, shownRows: hm.shownRows, shownCols: hm.shownCols, limit: hm.limit } : null,
      histogramDrawn: this.distributionView.drawn,
      propagation: this.propagationRunner.snapshot(this.state),
      render: this.render,
      python: this.snippet(),
      origin: this.origin,
    };
  }
}
