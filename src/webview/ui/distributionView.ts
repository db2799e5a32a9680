/**
 * The distribution section, the first thing under the initializer picker: the key numbers (std, bounds,
 * KS), the histogram of the sampled values with the law's density and its bounds or limits, its legend,
 * the law's formula, a note on what was sampled, and the log-scale toggle. The render's
 * timings are kept on the section's data attributes for tests and tools.
 */
import type { RenderTimings } from '../../protocol/messages';
import type { PreviewState } from '../../protocol/previewConfig';
import { drawHistogram, hasDrawnPixels, readTheme } from '../chart/draw';
import type { DistributionResult } from '../compute/analysis';
import type { Action } from '../state';
import { h, setText } from './dom';
import { KeyNumbersView } from './keyNumbers';

const HISTOGRAM_HEIGHT = 260;

export interface DistributionViewHost {
  dispatch(action: Action): void;
}

export class DistributionView {
  readonly root: HTMLElement;
  /** The histogram's canvas (its box is watched for resizes). */
  readonly histogram: HTMLCanvasElement;
  /** The strip of key numbers above the histogram. */
  readonly keys = new KeyNumbersView();
  private readonly logScale: HTMLInputElement;
  private readonly formula: HTMLParagraphElement;
  private readonly sampleNote: HTMLParagraphElement;
  private readonly legendCurve: HTMLSpanElement;
  private readonly legendMarkers: HTMLSpanElement;
  private readonly legendMarkersText: HTMLSpanElement;

  constructor(host: DistributionViewHost) {
    const logScale = h('input', { id: 'log-scale', type: 'checkbox' });
    logScale.addEventListener('change', () => host.dispatch({ type: 'setLogScale', enabled: logScale.checked }));
    this.logScale = logScale;
    this.histogram = h('canvas', {
      id: 'histogram',
      class: 'chart',
      role: 'img',
      'aria-label': 'Histogram of the sampled values with the law’s density; the statistics table lists the values',
    });
    this.formula = h('p', { id: 'formula', class: 'formula' });
    this.sampleNote = h('p', { id: 'sample-note', class: 'doc' });
    this.legendCurve = h('span', { id: 'legend-curve' }, h('span', { class: 'swatch swatch-curve' }), 'law’s density');
    this.legendMarkersText = h('span', { id: 'legend-markers-text' }, 'bounds');
    this.legendMarkers = h('span', { id: 'legend-markers' }, h('span', { class: 'swatch swatch-marker' }), this.legendMarkersText);
    this.root = h(
      'section',
      { id: 'distribution', class: 'section', 'aria-labelledby': 'distribution-heading' },
      h(
        'div',
        { class: 'section-head' },
        h('h2', { id: 'distribution-heading' }, 'Distribution'),
        h('div', { class: 'field checkbox inline' }, logScale, h('label', { for: 'log-scale' }, 'Log scale')),
      ),
      this.keys.root,
      h('div', { class: 'chart-box', id: 'histogram-box' }, this.histogram),
      h(
        'p',
        { class: 'legend doc' },
        h('span', { id: 'legend-bars' }, h('span', { class: 'swatch swatch-bars' }), 'sampled density'),
        this.legendCurve,
        this.legendMarkers,
      ),
      this.formula,
      this.sampleNote,
    );
  }

  update(state: PreviewState): void {
    this.logScale.checked = state.view.logScale;
  }

  /** Marks the section busy while a new analysis computes. */
  setBusy(busy: boolean): void {
    if (busy) this.root.setAttribute('aria-busy', 'true');
    else this.root.removeAttribute('aria-busy');
  }

  /** Keeps a render's timings on the section's data attributes. */
  recordTimings(timings: RenderTimings): void {
    const d = this.root.dataset;
    d.renderMs = timings.totalMs.toFixed(1);
    d.computeMs = timings.computeMs.toFixed(1);
    d.drawMs = timings.drawMs.toFixed(1);
    d.longestTaskMs = timings.longestTaskMs.toFixed(1);
    d.samples = String(timings.samples);
    d.jobId = String(timings.jobId);
    d.engine = timings.engine;
  }

  /** Whether a histogram is drawn and shows something. */
  get drawn(): boolean {
    return this.histogram.dataset.drawn === 'true' && hasDrawnPixels(this.histogram);
  }

  /** Nothing to show (the configuration failed). */
  clear(): void {
    const ctx = this.histogram.getContext('2d');
    ctx?.clearRect(0, 0, this.histogram.width, this.histogram.height);
    this.histogram.dataset.drawn = 'false';
    this.keys.show(null);
    setText(this.formula, '');
    setText(this.sampleNote, '');
  }

  draw(result: DistributionResult | undefined, logScale: boolean): void {
    const canvas = this.histogram;
    if (!result) return;
    setText(this.formula, result.formula);
    const shape = result.shape.length === 1 ? `(${result.shape[0]},)` : `(${result.shape.join(', ')})`;
    const partial =
      result.n < result.total
        ? `the first ${result.n.toLocaleString('en-US')} of ${result.total.toLocaleString('en-US')} values`
        : `all ${result.total.toLocaleString('en-US')} values`;
    const special =
      result.moments.nanCount + result.moments.infCount > 0
        ? `; ${result.moments.nanCount} NaN and ${result.moments.infCount} infinite values are left out of the bins`
        : '';
    setText(this.sampleNote, `${partial} of a ${result.dtype} tensor of shape ${shape}${special}.`);
    this.legendCurve.hidden = result.pdf === null;
    this.legendMarkers.hidden = result.markers.length === 0;
    const kind = result.law?.kind;
    setText(
      this.legendMarkersText,
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
      logScale,
      readTheme(),
    );
    canvas.dataset.drawn = 'true';
    canvas.dataset.bins = String(bins);
    canvas.setAttribute(
      'aria-label',
      `Histogram of ${result.n} sampled values (${bins} bins${logScale ? ', log scale' : ''}) with the law’s density; the statistics table lists the values`,
    );
  }
}
