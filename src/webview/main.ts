/**
 * The preview webview: the configuration form, the distribution (histogram with the law's density and
 * bounds), the statistics table, the heatmap, Orthogonal's orthogonality error, the activation-
 * propagation comparison, and the Python actions. Sampling runs in workers (see engine.ts); the main
 * thread only draws. Every message from the host is checked by the protocol guard and dropped if
 * malformed; the state is persisted with setState and validated when restored.
 */
import {
  BOOT_DATA_ATTRIBUTE,
  isHostToWebview,
  parsePreviewBootData,
  type EditorContext,
  type HostToWebview,
  type PanelAction,
  type PreviewSnapshot,
  type RenderTimings,
  type WebviewToHost,
} from '../protocol/messages';
import { defaultState, isPreviewState, isSeeded, jsonEqual, type PreviewState } from '../protocol/previewConfig';
import { drawColorScale, drawHeatmap, drawHistogram, hasDrawnPixels, readTheme } from './chart/draw';
import { formatNumber, ordinal } from './chart/scale';
import type { AnalysisResult, DetailsResult, DistributionResult } from './compute/analysis';
import type { PropagationResult } from './compute/propagationRun';
import { startEngine, type Engine } from './engine';
import { codeTarget, initializerExpression, pythonSnippet } from './pythonCode';
import { reduce, type Action } from './state';
import { Controls } from './ui/controls';
import { byId, h, select, setText } from './ui/dom';
import { PropagationView } from './ui/propagationView';
import { StatsTable, statistics } from './ui/statsTable';

interface VsCodeApi {
  postMessage(message: WebviewToHost): void;
  getState(): unknown;
  setState(state: PreviewState): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

const HISTOGRAM_HEIGHT = 260;

/** A 32-bit seed from the CSPRNG (Keras seeds are ints; [0, 2**32) is what numpy's uint32 words hold). */
function randomSeed(): number {
  return crypto.getRandomValues(new Uint32Array(1))[0];
}

interface SkeletonParts {
  readonly readyText: string;
  readonly controls: HTMLElement;
  readonly table: HTMLElement;
  readonly propagation: HTMLElement;
  dispatch(action: Action): void;
  act(action: PanelAction): void;
}

/** Builds the panel's DOM (replacing the host's loading message) and returns the elements the app updates. */
function buildSkeleton(parts: SkeletonParts) {
  const { readyText } = parts;
  const status = document.getElementById('status') ?? h('p', { id: 'status' });
  status.setAttribute('data-state', 'ready');
  status.classList.add('status');
  setText(status, readyText);
  const logScale = h('input', { id: 'log-scale', type: 'checkbox' });
  logScale.addEventListener('change', () => parts.dispatch({ type: 'setLogScale', enabled: logScale.checked }));
  const histogram = h('canvas', {
    id: 'histogram',
    class: 'chart',
    role: 'img',
    'aria-label': 'Histogram of the sampled values with the law’s density; the statistics table lists the values',
  });
  const distribution = h(
    'section',
    { id: 'distribution', class: 'section', 'aria-labelledby': 'distribution-heading' },
    h(
      'div',
      { class: 'section-head' },
      h('h2', { id: 'distribution-heading' }, 'Distribution'),
      h('div', { class: 'field checkbox inline' }, logScale, h('label', { for: 'log-scale' }, 'Log scale')),
    ),
    h('p', { id: 'formula', class: 'formula' }),
    h('div', { class: 'chart-box', id: 'histogram-box' }, histogram),
    h(
      'p',
      { class: 'legend doc' },
      h('span', { id: 'legend-bars' }, h('span', { class: 'swatch swatch-bars' }), 'sampled density'),
      h('span', { id: 'legend-curve' }, h('span', { class: 'swatch swatch-curve' }), 'law’s density'),
      h('span', { id: 'legend-markers' }, h('span', { class: 'swatch swatch-marker' }), h('span', { id: 'legend-markers-text' }, 'bounds')),
    ),
    h('p', { id: 'sample-note', class: 'doc' }),
  );
  const heatmap = h('canvas', { id: 'heatmap', class: 'heatmap', role: 'img', 'aria-label': 'Heatmap of the tensor’s 2-D view' });
  const colorScale = h('canvas', { id: 'color-scale', class: 'color-scale', 'aria-hidden': 'true' });
  const codeStyle = select('code-style', undefined, [
    ['auto', 'As the editor’s file imports Keras'],
    ['keras', 'Keras 3 (keras.initializers)'],
    ['tf.keras', 'tf.keras (tf.keras.initializers)'],
  ]);
  codeStyle.addEventListener('change', () => {
    const style = codeStyle.value === 'keras' || codeStyle.value === 'tf.keras' ? codeStyle.value : 'auto';
    parts.dispatch({ type: 'setCodeStyle', style });
  });
  const button = (id: string, label: string, action: PanelAction, secondary = false): HTMLButtonElement => {
    const b = h('button', { id, type: 'button', class: secondary ? 'secondary' : undefined }, label);
    b.addEventListener('click', () => parts.act(action));
    return b;
  };
  const code = h('code', { id: 'python-code' });
  const app = h(
    'div',
    { id: 'app', class: 'layout' },
    h('header', { class: 'top' }, h('h1', {}, 'Initializer Preview'), status, h('p', { id: 'origin', class: 'doc' })),
    parts.controls,
    h(
      'div',
      { class: 'views' },
      h('div', { id: 'error', class: 'error-box', role: 'alert', hidden: true }),
      distribution,
      h(
        'section',
        { id: 'statistics', class: 'section', 'aria-label': 'Statistics' },
        parts.table,
        h('p', { id: 'engine-note', class: 'doc' }),
      ),
      h(
        'section',
        { id: 'heatmap-section', class: 'section', 'aria-labelledby': 'heatmap-heading' },
        h('h2', { id: 'heatmap-heading' }, 'Heatmap'),
        h('p', { id: 'heatmap-caption', class: 'doc' }),
        h('div', { class: 'heatmap-box' }, heatmap),
        h('div', { class: 'scale-row' }, h('span', { id: 'scale-min' }), colorScale, h('span', { id: 'scale-max' })),
      ),
      h(
        'section',
        { id: 'orthogonality', class: 'section', hidden: true, 'aria-labelledby': 'orthogonality-heading' },
        h('h2', { id: 'orthogonality-heading' }, 'Orthogonality'),
        h('p', { id: 'orthogonality-text' }),
      ),
      parts.propagation,
      h(
        'section',
        { id: 'python', class: 'section', 'aria-labelledby': 'python-heading' },
        h(
          'div',
          { class: 'section-head' },
          h('h2', { id: 'python-heading' }, 'Python'),
          h('label', { for: 'code-style', class: 'visually-hidden' }, 'Code style'),
          codeStyle,
        ),
        h('pre', { class: 'code' }, code),
        h(
          'div',
          { class: 'row actions' },
          button('copy-python', 'Copy', 'copyPython'),
          button('insert-python', 'Insert at cursor', 'insertPython', true),
          button('export-weights', 'Export weights…', 'exportWeights', true),
        ),
        h('div', { id: 'notice', class: 'notice', role: 'status', 'aria-live': 'polite' }),
      ),
    ),
  );
  document.body.replaceChildren(app);
  return {
    status,
    histogram,
    distribution,
    formula: byId('formula', HTMLParagraphElement),
    sampleNote: byId('sample-note', HTMLParagraphElement),
    error: byId('error', HTMLDivElement),
    origin: byId('origin', HTMLParagraphElement),
    engineNote: byId('engine-note', HTMLParagraphElement),
    heatmap,
    colorScale,
    heatmapCaption: byId('heatmap-caption', HTMLParagraphElement),
    scaleMin: byId('scale-min', HTMLSpanElement),
    scaleMax: byId('scale-max', HTMLSpanElement),
    orthogonality: byId('orthogonality', HTMLElement),
    orthogonalityText: byId('orthogonality-text', HTMLParagraphElement),
    legendCurve: byId('legend-curve', HTMLSpanElement),
    legendMarkers: byId('legend-markers', HTMLSpanElement),
    legendMarkersText: byId('legend-markers-text', HTMLSpanElement),
    logScale,
    codeStyle,
    code,
    notice: byId('notice', HTMLDivElement),
  };
}

type Elements = ReturnType<typeof buildSkeleton>;

class PreviewApp {
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

  private propagationJobId = 0;
  private propagationKey = '';
  private propagationDone = false;
  private propagationFrame = 0;
  private redrawFrame = 0;

  private readonly controls: Controls;
  private readonly table = new StatsTable();
  private readonly propagation: PropagationView;
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
    this.propagation = new PropagationView({ dispatch: (a) => this.dispatch(a) });
    this.elements = buildSkeleton({
      readyText,
      controls: this.controls.root,
      table: this.table.root,
      propagation: this.propagation.root,
      dispatch: (a) => this.dispatch(a),
      act: (a) => void this.act(a),
    });
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
    new ResizeObserver(() => this.scheduleRedraw()).observe(this.elements.histogram.parentElement ?? document.body);
    new MutationObserver(() => this.scheduleRedraw()).observe(document.body, { attributes: true, attributeFilter: ['class'] });
    void startEngine(this.workerUri, { analysis: (r) => this.onAnalysis(r), propagation: (r) => this.onPropagation(r) }, (reason) =>
      setText(this.elements.engineNote, `Computing on the page (no worker: ${reason}).`),
    ).then((engine) => {
      this.engine = engine;
      this.engineKind = engine.kind;
      this.analyze();
      this.maybePropagate(true);
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
    this.maybePropagate(false);
  }

  private showState(): void {
    this.controls.update(this.state);
    this.propagation.update(this.state);
    this.elements.logScale.checked = this.state.view.logScale;
    this.elements.codeStyle.value = this.state.view.codeStyle;
    setText(this.elements.code, this.snippet());
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
        setText(this.elements.code, this.snippet());
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
        this.notify(message.text, message.kind);
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

  private notify(text: string, kind: 'info' | 'error'): void {
    const notice = this.elements.notice;
    notice.classList.toggle('is-error', kind === 'error');
    setText(notice, text);
  }

  // --- the analysis ---

  private analyze(): void {
    if (!this.engine) return;
    this.jobId += 1;
    this.jobStarted = performance.now();
    this.longestTask = 0;
    this.engine.takeLongestTask?.();
    this.status = 'computing';
    this.elements.distribution.setAttribute('aria-busy', 'true');
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
        this.elements.distribution.removeAttribute('aria-busy');
        this.timed(() => this.showFailure(result.message));
        break;
      case 'distribution': {
        this.error = null;
        this.distribution = result;
        this.details = undefined;
        const { ms } = this.timed(() => {
          this.showFailure(null);
          this.drawDistribution();
          this.table.show(statistics(result, undefined));
        });
        this.status = 'ready';
        this.elements.distribution.removeAttribute('aria-busy');
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
        const d = this.elements.distribution.dataset;
        d.renderMs = timings.totalMs.toFixed(1);
        d.computeMs = timings.computeMs.toFixed(1);
        d.drawMs = timings.drawMs.toFixed(1);
        d.longestTaskMs = timings.longestTaskMs.toFixed(1);
        d.samples = String(timings.samples);
        d.jobId = String(timings.jobId);
        d.engine = timings.engine;
        this.post({ type: 'rendered', timings });
        break;
      }
      case 'details':
        this.details = result;
        this.timed(() => {
          if (this.distribution) this.table.show(statistics(this.distribution, result), result.ks?.bins);
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
      const ctx = this.elements.histogram.getContext('2d');
      ctx?.clearRect(0, 0, this.elements.histogram.width, this.elements.histogram.height);
      this.elements.histogram.dataset.drawn = 'false';
      setText(this.elements.formula, '');
      setText(this.elements.sampleNote, '');
      setText(this.elements.heatmapCaption, 'No values: see the error above.');
      this.elements.heatmap.width = 0;
      this.elements.orthogonality.hidden = true;
    }
  }

  private drawDistribution(): void {
    const result = this.distribution;
    const canvas = this.elements.histogram;
    if (!result) return;
    setText(this.elements.formula, result.formula);
    const shape = result.shape.length === 1 ? `(${result.shape[0]},)` : `(${result.shape.join(', ')})`;
    const partial =
      result.n < result.total
        ? `the first ${result.n.toLocaleString('en-US')} of ${result.total.toLocaleString('en-US')} values`
        : `all ${result.total.toLocaleString('en-US')} values`;
    const special =
      result.moments.nanCount + result.moments.infCount > 0
        ? `; ${result.moments.nanCount} NaN and ${result.moments.infCount} infinite values are left out of the bins`
        : '';
    setText(this.elements.sampleNote, `${partial} of a ${result.dtype} tensor of shape ${shape}${special}.`);
    this.elements.legendCurve.hidden = result.pdf === null;
    this.elements.legendMarkers.hidden = result.markers.length === 0;
    const kind = result.law?.kind;
    setText(
      this.elements.legendMarkersText,
      kind === 'truncated_normal'
        ? 'truncation bounds (mean ± 2·stddev)'
        : kind === 'uniform'
          ? 'limits of the uniform law'
          : 'the constant value',
    );
    if (!result.histogram) {
      canvas.dataset.drawn = 'false';
      return;
    }
    const width = Math.max(200, canvas.parentElement?.getBoundingClientRect().width ?? 400);
    const bins = drawHistogram(
      canvas,
      width,
      HISTOGRAM_HEIGHT,
      { counts: result.histogram.counts, lo: result.histogram.lo, hi: result.histogram.hi, pdf: result.pdf, markers: result.markers },
      this.state.view.logScale,
      readTheme(),
    );
    canvas.dataset.drawn = 'true';
    canvas.dataset.bins = String(bins);
    canvas.setAttribute(
      'aria-label',
      `Histogram of ${result.n} sampled values (${bins} bins${this.state.view.logScale ? ', log scale' : ''}) with the law’s density; the statistics table lists the values`,
    );
  }

  private drawDetails(): void {
    const details = this.details;
    if (!details) return;
    const theme = readTheme();
    const hm = details.heatmap;
    if (hm && hm.shownRows > 0 && hm.shownCols > 0) {
      drawHeatmap(this.elements.heatmap, hm.values, hm.shownRows, hm.shownCols, hm.limit, theme);
      drawColorScale(this.elements.colorScale, theme);
      this.elements.heatmap.classList.toggle('wide', hm.shownCols >= hm.shownRows);
      const strides = [
        hm.rowStride > 1 ? `every ${ordinal(hm.rowStride)} row` : '',
        hm.colStride > 1 ? `every ${ordinal(hm.colStride)} column` : '',
      ].filter((x) => x !== '');
      const stride = strides.length > 0 ? `; ${strides.join(' and ')} shown` : '';
      const partialRows = hm.availableRows < hm.rows ? `; the first ${hm.availableRows} of ${hm.rows} rows were sampled` : '';
      const saturated =
        hm.limit < hm.maxAbs
          ? `; colours saturate beyond ±${formatNumber(hm.limit)} (3 × the root mean square; the largest |value| is ${formatNumber(hm.maxAbs)})`
          : '';
      setText(this.elements.heatmapCaption, `values${hm.slice}: ${hm.rows} × ${hm.cols}${stride}${partialRows}${saturated}.`);
      setText(this.elements.scaleMin, formatNumber(-hm.limit));
      setText(this.elements.scaleMax, formatNumber(hm.limit));
      this.elements.heatmap.setAttribute(
        'aria-label',
        `Heatmap of values${hm.slice}, ${hm.rows} by ${hm.cols}, colours from ${formatNumber(-hm.limit)} to ${formatNumber(hm.limit)}`,
      );
    } else {
      this.elements.heatmap.width = 0;
      setText(this.elements.heatmapCaption, 'Nothing to show: the tensor is empty.');
    }
    const orth = details.orthogonality;
    this.elements.orthogonality.hidden = orth === null;
    if (orth) {
      setText(
        this.elements.orthogonalityText,
        `With Q = values / gain: max-abs error max |(${orth.gram} − I)ᵢⱼ| = ${formatNumber(orth.maxAbs, 3)}; Frobenius error ‖${orth.gram} − I‖_F = ${formatNumber(orth.frobenius, 3)} (the values are float32, whose unit roundoff is 6e−8).`,
      );
    }
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

  // --- the propagation ---

  /** (Re)starts the propagation when its section is open and its inputs changed. */
  private maybePropagate(force: boolean): void {
    const p = this.state.view.propagation;
    if (!p.open || !this.engine) return;
    const key = JSON.stringify([this.state.config, p.depth, p.width, p.batch, p.activation, p.input, p.compareWith]);
    if (!force && key === this.propagationKey) return;
    this.propagationKey = key;
    this.propagationJobId += 1;
    this.propagationDone = false;
    this.propagation.reset(this.state.config.className, p.compareWith, p.depth);
    this.engine.propagate({ jobId: this.propagationJobId, config: this.state.config, settings: { ...p } });
  }

  private onPropagation(result: PropagationResult): void {
    if (result.jobId !== this.propagationJobId) return;
    switch (result.kind) {
      case 'layer':
        this.propagation.add(result.side, result.summary);
        break;
      case 'failure':
        this.propagation.setStatus(`${result.side === 'b' ? 'B' : 'A'}: ${result.message}`);
        break;
      case 'done':
        this.propagationDone = true;
        this.propagation.setStatus(`Done in ${Math.round(result.computeMs)} ms.`);
        break;
    }
    // Drawing once per frame keeps a fast run from redrawing for every layer.
    if (this.propagationFrame === 0) {
      this.propagationFrame = requestAnimationFrame(() => {
        this.propagationFrame = 0;
        this.timed(() => this.propagation.draw(readTheme()));
      });
    }
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
      histogramDrawn: this.elements.histogram.dataset.drawn === 'true' && hasDrawnPixels(this.elements.histogram),
      propagation: this.state.view.propagation.open ? this.propagation.snapshot(this.propagationDone) : null,
      render: this.render,
      python: this.snippet(),
      origin: this.origin,
    };
  }
}

function initialState(vscode: VsCodeApi, boot: ReturnType<typeof parsePreviewBootData>): PreviewState {
  // The webview's own saved state is the newest (a hidden panel reloads with its original HTML).
  const saved = vscode.getState();
  if (isPreviewState(saved)) return saved;
  if (boot?.state) return boot.state;
  return defaultState({ sampleSize: boot?.defaults.sampleSize, followCursor: boot?.defaults.followCursor });
}

const vscodeApi = acquireVsCodeApi();
const boot = parsePreviewBootData(document.body.getAttribute(BOOT_DATA_ATTRIBUTE) ?? undefined);
if (!boot) {
  const status = document.getElementById('status');
  if (status) {
    status.textContent = 'The preview could not start: its boot data is missing or malformed.';
    status.dataset.state = 'no-boot-data';
  }
  vscodeApi.postMessage({ type: 'ready' });
} else {
  const app = new PreviewApp(vscodeApi, boot.workerUri, initialState(vscodeApi, boot), `${boot.readyText} (v${boot.extensionVersion})`);
  app.start();
}
