/**
 * The initialization-check webview: which model of which file, the run's settings (batch, seeds,
 * training mode, the side-by-side run with the suggested initializers), the findings in words with
 * their quick fixes, activation and gradient std against depth on log axes (Glorot & Bengio's
 * figures), dead and saturated units per layer, and a table (the text alternative) whose rows reveal
 * the layer in the editor and open its histograms. The run itself happens in a worker (checkRunner).
 */
import { suggestionGroups, type CheckLayer, type CheckResult, type TensorStats } from '../../core/index';
import {
  MAX_BATCH_SIZE,
  isCheckHostToWebview,
  type CheckEdit,
  type CheckLayerReport,
  type CheckRunMessage,
  type CheckSettings,
  type CheckState,
  type CheckWebviewToHost,
} from '../../protocol/checkMessages';
import { drawLogSeries, drawMiniHistogram, drawSeries, readTheme, type Series } from '../chart/draw';
import { formatNumber } from '../chart/scale';
import { h, setText } from '../ui/dom';
import { startCheckRunner, type CheckRunner } from './checkRunner';
import type { CheckJobReply } from './checkJobs';

export interface CheckVsCodeApi {
  postMessage(message: CheckWebviewToHost): void;
  setState(state: CheckState): void;
}

const CHART_HEIGHT = 220;

function percent(x: number): string {
  return `${(x * 100).toFixed(x > 0 && x < 0.01 ? 2 : 1)} %`;
}

function shapeText(shape: readonly number[]): string {
  return `(${['None', ...shape.slice(1).map(String)].join(', ')}${shape.length === 1 ? ',' : ''})`;
}

/** A figure for the host: null when it is not finite (JSON has no Infinity or NaN). */
function finiteOrNull(x: number | undefined): number | null {
  return x !== undefined && Number.isFinite(x) ? x : null;
}

export function layerReport(layer: CheckLayer): CheckLayerReport {
  return {
    name: layer.name ?? layer.className,
    className: layer.className,
    outputStd: finiteOrNull(layer.output.std),
    outputMean: finiteOrNull(layer.output.mean),
    zeroFraction: layer.output.zeroFraction,
    saturatedFraction: layer.output.saturatedFraction,
    gradientStd: finiteOrNull(layer.gradient?.std),
  };
}

/** The edits of every suggestion, each once (layers of one constructor call share theirs). */
export function suggestionEdits(result: CheckResult): CheckEdit[] {
  const edits: CheckEdit[] = [];
  for (const { suggestion } of suggestionGroups(result.layers)) {
    const edit = suggestion.edit;
    if (edit !== undefined) edits.push({ start: edit.range.start, end: edit.range.end, newText: edit.newText });
  }
  return edits;
}

function numberInput(id: string, min: number, max: number, placeholder = ''): HTMLInputElement {
  return h('input', { id, type: 'number', min, max, step: 1, placeholder, class: 'number' });
}

export class CheckApp {
  private runner: CheckRunner | undefined;
  private readonly pendingRuns: CheckRunMessage[] = [];
  private run: CheckRunMessage | undefined;
  private result: CheckResult | undefined;
  private compared: CheckResult | null = null;
  private started = 0;
  private expanded = -1;

  private readonly title = h('h1', { id: 'check-title' }, 'Initialization check');
  private readonly source = h('p', { id: 'check-source', class: 'source' });
  private readonly batch = numberInput('check-batch', 1, MAX_BATCH_SIZE);
  private readonly seed = numberInput('check-seed', 0, 2 ** 32 - 1, 'drawn');
  private readonly inputSeed = numberInput('check-input-seed', 0, 2 ** 32 - 1);
  private readonly training = h('input', { id: 'check-training', type: 'checkbox' });
  private readonly compare = h('input', { id: 'check-compare', type: 'checkbox' });
  private readonly runButton = h('button', { id: 'check-run', type: 'button' }, 'Run again');
  private readonly cancelButton = h('button', { id: 'check-cancel', type: 'button', class: 'secondary', hidden: true }, 'Cancel');
  private readonly status = h('p', { id: 'check-status', class: 'status', role: 'status', 'aria-live': 'polite' });
  private readonly findings = h('ul', { id: 'check-findings', class: 'findings' });
  private readonly applyAll = h('button', { id: 'check-apply-all', type: 'button', hidden: true }, 'Apply all suggestions');
  private readonly stdChart = h('canvas', { id: 'check-std-chart', class: 'chart', role: 'img', 'aria-label': 'Activation std by layer' });
  private readonly gradChart = h('canvas', { id: 'check-grad-chart', class: 'chart', role: 'img', 'aria-label': 'Gradient std by layer' });
  private readonly deadChart = h('canvas', {
    id: 'check-dead-chart',
    class: 'chart',
    role: 'img',
    'aria-label': 'Zero and saturated fractions by layer',
  });
  private readonly table = h('table', { id: 'check-table', class: 'check' });
  private readonly root = h(
    'main',
    { id: 'check', 'data-state': 'waiting' },
    h('header', { class: 'top' }, this.title, this.source),
    h(
      'div',
      { class: 'controls' },
      h('label', {}, 'Batch ', this.batch),
      h('label', {}, 'Seed ', this.seed),
      h('label', {}, 'Input seed ', this.inputSeed),
      h('label', { class: 'toggle' }, this.training, ' Training mode (BatchNormalization, Dropout)'),
      h('label', { class: 'toggle' }, this.compare, ' Compare with the suggested initializers'),
      this.runButton,
      this.cancelButton,
    ),
    this.status,
    h('section', { id: 'check-findings-section', 'aria-label': 'Findings' }, h('h2', {}, 'Findings'), this.findings, this.applyAll),
    h(
      'section',
      { class: 'charts', 'aria-label': 'Charts' },
      h('figure', {}, this.stdChart, h('figcaption', {}, 'Activation std by layer (log scale)')),
      h('figure', {}, this.gradChart, h('figcaption', {}, 'Back-propagated gradient std by layer (log scale)')),
      h('figure', {}, this.deadChart, h('figcaption', {}, 'Units exactly zero and saturated, % by layer')),
    ),
    h('div', { class: 'table-wrap' }, this.table),
  );

  constructor(
    private readonly vscode: CheckVsCodeApi,
    private readonly workerUri: string,
    private readonly versionText: string,
  ) {}

  start(): void {
    document.getElementById('status')?.remove();
    document.body.append(this.root);
    this.root.dataset.extensionVersion = this.versionText;
    this.runButton.addEventListener('click', () => this.changeSettings());
    this.cancelButton.addEventListener('click', () => this.cancel());
    for (const input of [this.batch, this.seed, this.inputSeed]) {
      input.addEventListener('keydown', (event) => {
        if (event.key === 'Enter') this.changeSettings();
      });
    }
    for (const toggle of [this.training, this.compare]) toggle.addEventListener('change', () => this.changeSettings());
    this.applyAll.addEventListener('click', () => {
      if (this.run !== undefined && this.result !== undefined) {
        this.vscode.postMessage({ type: 'apply', runId: this.run.runId, edits: suggestionEdits(this.result) });
      }
    });
    this.table.addEventListener('click', (event) => {
      const row = (event.target as Element | null)?.closest('tr[data-layer]');
      if (!(row instanceof HTMLTableRowElement)) return;
      const layer = Number(row.dataset.layer);
      if ((event.target as Element).closest('button.histograms') !== null) this.toggleHistograms(layer);
      else if (this.run !== undefined) this.vscode.postMessage({ type: 'reveal', runId: this.run.runId, layer });
    });
    window.addEventListener('message', (event: MessageEvent<unknown>) => this.receive(event.data));
    window.addEventListener('resize', () => this.drawCharts());
    void startCheckRunner(
      this.workerUri,
      (reply) => this.onReply(reply),
      (reason) => setText(this.status, `Running on the page (no worker: ${reason}); the panel is busy while it runs.`),
    ).then((runner) => {
      this.runner = runner;
      this.root.dataset.engine = runner.kind;
      const waiting = this.pendingRuns.splice(0);
      const last = waiting[waiting.length - 1];
      if (last !== undefined) this.startRun(last);
    });
    this.vscode.postMessage({ type: 'ready' });
  }

  private receive(data: unknown): void {
    if (!isCheckHostToWebview(data)) return;
    switch (data.type) {
      case 'run':
        if (this.runner === undefined) this.pendingRuns.push(data);
        else this.startRun(data);
        break;
      case 'ping':
        this.vscode.postMessage({ type: 'pong', requestId: data.requestId });
        break;
    }
  }

  private showSettings(settings: CheckSettings): void {
    this.batch.value = String(settings.batchSize);
    this.seed.value = settings.seed === null ? '' : String(settings.seed);
    this.inputSeed.value = String(settings.inputSeed);
    this.training.checked = settings.training;
    this.compare.checked = settings.compare;
  }

  /** Reads the controls; an invalid number is shown and nothing is sent. */
  private changeSettings(): void {
    const int = (input: HTMLInputElement, min: number, max: number, empty: number | null): number | null | undefined => {
      const text = input.value.trim();
      if (text === '') return empty;
      const v = Number(text);
      if (!Number.isSafeInteger(v) || v < min || v > max) return undefined;
      return v;
    };
    const batchSize = int(this.batch, 1, MAX_BATCH_SIZE, null);
    const seed = int(this.seed, 0, 2 ** 32 - 1, null);
    const inputSeed = int(this.inputSeed, 0, 2 ** 32 - 1, 0);
    if (batchSize === undefined || batchSize === null) {
      setText(this.status, `The batch size is a whole number from 1 to ${MAX_BATCH_SIZE}.`);
      return;
    }
    if (seed === undefined || inputSeed === undefined || inputSeed === null) {
      setText(this.status, `Seeds are whole numbers from 0 to ${2 ** 32 - 1} (an empty seed draws one).`);
      return;
    }
    this.vscode.postMessage({
      type: 'settings',
      settings: { batchSize, seed, inputSeed, training: this.training.checked, compare: this.compare.checked },
    });
  }

  private cancel(): void {
    this.runner?.cancel();
    this.cancelButton.hidden = true;
    this.root.dataset.state = 'cancelled';
    setText(this.status, 'Cancelled. Change a setting or press Run again to start a new run.');
  }

  private startRun(run: CheckRunMessage): void {
    this.run = run;
    this.started = performance.now();
    this.showSettings(run.settings);
    this.vscode.setState(run.state);
    setText(this.title, `Initialization check: ${run.model ?? 'model'}`);
    setText(this.source, `${run.fileName} · batch ${run.settings.batchSize} · ${run.settings.training ? 'training' : 'inference'} mode`);
    this.root.dataset.state = 'running';
    this.cancelButton.hidden = false;
    setText(this.status, 'Running the forward and backward pass…');
    this.runner?.run({ type: 'check', runId: run.runId, text: run.text, model: run.model, settings: run.settings });
  }

  private onReply(reply: CheckJobReply): void {
    if (reply.type === 'hello' || this.run === undefined || reply.runId !== this.run.runId) return;
    switch (reply.type) {
      case 'progress':
        setText(this.status, `Running… ${Math.floor((reply.done / Math.max(1, reply.total)) * 100)} %`);
        break;
      case 'error':
        this.cancelButton.hidden = true;
        this.root.dataset.state = 'failed';
        setText(this.status, `The check could not run: ${reply.message}`);
        this.vscode.postMessage({ type: 'failed', runId: reply.runId, message: reply.message.slice(0, 2000) });
        break;
      case 'result':
        this.show(reply.result, reply.compared);
        break;
    }
  }

  private show(result: CheckResult, compared: CheckResult | null): void {
    const run = this.run;
    if (run === undefined) return;
    this.result = result;
    this.compared = compared;
    this.expanded = -1;
    this.cancelButton.hidden = true;
    setText(this.title, `Initialization check: ${result.model}`);
    const seedText =
      result.seed === null ? 'no unseeded initializer' : `seed ${result.seed}${run.settings.seed === null ? ' (drawn)' : ''}`;
    setText(
      this.status,
      result.stoppedAt !== undefined
        ? `Stopped at layer ${result.stoppedAt.layer + 1}: ${result.stoppedAt.reason}`
        : `${result.layers.length} layers, batch ${result.batchSize}, ${seedText}, input seed ${result.inputSeed}.`,
    );
    this.renderFindings(result);
    this.renderTable(result, compared);
    this.drawCharts();
    const renderMs = performance.now() - this.started;
    this.root.dataset.state = result.stoppedAt !== undefined ? 'stopped' : 'done';
    this.root.dataset.layers = String(result.layers.length);
    this.root.dataset.renderMs = renderMs.toFixed(1);
    this.vscode.postMessage({
      type: 'done',
      runId: run.runId,
      model: result.model.slice(0, 2000),
      seed: result.seed,
      layers: result.layers.map(layerReport),
      findings: result.findings.map((f) => f.message.slice(0, 2000)),
      stoppedAt: result.stoppedAt !== undefined ? { layer: result.stoppedAt.layer, reason: result.stoppedAt.reason.slice(0, 2000) } : null,
      compared: compared !== null ? compared.layers.map(layerReport) : null,
      renderMs,
      engine: this.runner?.kind ?? 'inline',
    });
  }

  private renderFindings(result: CheckResult): void {
    const items = result.findings.map((f) => {
      const layer = f.layer !== undefined ? result.layers[f.layer] : undefined;
      const edit = layer?.suggestion?.edit;
      const apply =
        edit !== undefined && layer?.suggestion !== undefined
          ? h('button', { type: 'button', class: 'apply secondary', 'data-layer': String(f.layer) }, `Use ${layer.suggestion.suggested}`)
          : null;
      if (apply !== null && edit !== undefined) {
        apply.addEventListener('click', () => {
          if (this.run !== undefined) {
            this.vscode.postMessage({
              type: 'apply',
              runId: this.run.runId,
              edits: [{ start: edit.range.start, end: edit.range.end, newText: edit.newText }],
            });
          }
        });
      }
      return h(
        'li',
        { class: f.severity },
        h('span', { class: 'severity' }, f.severity === 'warning' ? '⚠' : 'ℹ'),
        ` ${f.message} `,
        apply,
      );
    });
    const suggestions = result.layers.filter((l) => l.suggestion !== undefined);
    // Layers built by one constructor call (a loop, a comprehension) share one edit: one line for them all.
    for (const { layers, label, suggestion: s } of suggestionGroups(result.layers)) {
      // a finding of one of these layers already offers the same edit
      if (layers.some((k) => result.findings.some((f) => f.layer === k))) continue;
      const edit = s.edit !== undefined ? { start: s.edit.range.start, end: s.edit.range.end, newText: s.edit.newText } : undefined;
      const apply = edit !== undefined ? h('button', { type: 'button', class: 'apply secondary' }, `Use ${s.suggested}`) : null;
      if (apply !== null && edit !== undefined) {
        apply.addEventListener('click', () => {
          if (this.run !== undefined) this.vscode.postMessage({ type: 'apply', runId: this.run.runId, edits: [edit] });
        });
      }
      items.push(
        h(
          'li',
          { class: 'suggestion' },
          h('span', { class: 'severity' }, '→'),
          ` ${label}: ${s.argument} ${s.current} → ${s.suggested} (${s.reason}) `,
          apply,
        ),
      );
    }
    this.findings.replaceChildren(...items);
    this.applyAll.hidden = suggestionEdits(result).length < 2 || suggestions.length < 2;
  }

  private renderTable(result: CheckResult, compared: CheckResult | null): void {
    const head = h(
      'tr',
      {},
      ...[
        'Layer',
        'Output shape',
        'Activation',
        'Mean',
        'Std',
        'Zero',
        'Saturated',
        'Gradient std',
        ...(compared !== null ? ['Std (suggested)', 'Gradient std (suggested)'] : []),
        '',
      ].map((t) => h('th', { scope: 'col' }, t)),
    );
    const rows = result.layers.map((layer, k) => {
      const other = compared?.layers[k];
      return h(
        'tr',
        { 'data-layer': String(k), tabindex: 0, class: result.stoppedAt?.layer === k ? 'stopped' : undefined },
        h('th', { scope: 'row' }, `${layer.name ?? ''} (${layer.className})`),
        h('td', {}, shapeText(layer.outputShape)),
        h('td', {}, layer.activation ?? ''),
        h('td', { class: 'num' }, formatNumber(layer.output.mean, 3)),
        h('td', { class: 'num' }, formatNumber(layer.output.std, 3)),
        h('td', { class: 'num' }, percent(layer.output.zeroFraction)),
        h('td', { class: 'num' }, percent(layer.output.saturatedFraction)),
        h('td', { class: 'num' }, layer.gradient !== null ? formatNumber(layer.gradient.std, 3) : '—'),
        ...(compared !== null
          ? [
              h('td', { class: 'num' }, other !== undefined ? formatNumber(other.output.std, 3) : '—'),
              h('td', { class: 'num' }, other?.gradient != null ? formatNumber(other.gradient.std, 3) : '—'),
            ]
          : []),
        h('td', {}, h('button', { type: 'button', class: 'histograms secondary', 'aria-expanded': 'false' }, 'Histograms')),
      );
    });
    this.table.replaceChildren(h('thead', {}, head), h('tbody', {}, ...rows));
  }

  private toggleHistograms(layer: number): void {
    const result = this.result;
    if (result === undefined) return;
    this.table.querySelector('tr.histogram-row')?.remove();
    this.table.querySelectorAll('button.histograms').forEach((b) => b.setAttribute('aria-expanded', 'false'));
    if (this.expanded === layer) {
      this.expanded = -1;
      return;
    }
    this.expanded = layer;
    const row = this.table.querySelector(`tr[data-layer="${layer}"]`);
    if (row === null) return;
    row.querySelector('button.histograms')?.setAttribute('aria-expanded', 'true');
    const theme = readTheme();
    const figure = (stats: TensorStats | null, label: string, color: string): HTMLElement => {
      if (stats === null) return h('figure', {}, h('figcaption', {}, `${label}: not reached`));
      const canvas = h('canvas', { class: 'mini', role: 'img', 'aria-label': label });
      const edges = stats.histogram.edges;
      requestAnimationFrame(() =>
        drawMiniHistogram(canvas, 260, 90, stats.histogram.counts, edges[0] ?? 0, edges[edges.length - 1] ?? 1, color, theme),
      );
      return h(
        'figure',
        {},
        canvas,
        h(
          'figcaption',
          {},
          `${label}: mean ${formatNumber(stats.mean, 3)}, std ${formatNumber(stats.std, 3)}, [${formatNumber(stats.min, 3)}, ${formatNumber(stats.max, 3)}]`,
        ),
      );
    };
    const l = result.layers[layer];
    const columns = (row as HTMLTableRowElement).cells.length;
    const cell = h(
      'td',
      { colspan: columns },
      h('div', { class: 'histograms' }, figure(l.output, 'Output', theme.seriesA), figure(l.gradient, 'Gradient', theme.seriesB)),
    );
    row.after(h('tr', { class: 'histogram-row' }, cell));
  }

  private drawCharts(): void {
    const result = this.result;
    if (result === undefined) return;
    const theme = readTheme();
    const width = Math.max(240, Math.min(this.root.clientWidth - 24, 900));
    const compared = this.compared;
    const written = (pick: (l: CheckLayer) => number | null, r: CheckResult): (number | null)[] => r.layers.map(pick);
    const outputStd = (l: CheckLayer): number => l.output.std;
    const gradientStd = (l: CheckLayer): number | null => l.gradient?.std ?? null;
    const pair = (pick: (l: CheckLayer) => number | null): Series[] => [
      { label: 'as written', color: theme.seriesA, values: written(pick, result) },
      ...(compared !== null ? [{ label: 'suggested initializers', color: theme.seriesB, values: written(pick, compared) }] : []),
    ];
    const count = result.layers.length;
    drawLogSeries(this.stdChart, width, CHART_HEIGHT, pair(outputStd), count, theme);
    drawLogSeries(this.gradChart, width, CHART_HEIGHT, pair(gradientStd), count, theme);
    drawSeries(
      this.deadChart,
      width,
      CHART_HEIGHT,
      [
        { label: 'zero', color: theme.marker, values: result.layers.map((l) => l.output.zeroFraction * 100) },
        { label: 'saturated', color: theme.curve, values: result.layers.map((l) => l.output.saturatedFraction * 100) },
      ],
      count,
      theme,
      { kind: 'linear', min: 0, max: 100, unit: ' %' },
    );
  }
}
