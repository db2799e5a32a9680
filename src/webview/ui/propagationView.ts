/**
 * The activation-propagation section: the panel's initializer (A) against another one (B) through the
 * same deep stack of Dense layers. Per-layer activation std on a log axis (vanishing or exploding at a
 * glance), per-layer histograms side by side, and a table as the text alternative. It computes only
 * while open.
 */
import { ACTIVATIONS, CLASS_NAMES } from '../../core/index';
import { INPUT_DISTRIBUTIONS, PROPAGATION_LIMITS, isClassName, type PreviewState } from '../../protocol/previewConfig';
import type { PropagationSnapshot } from '../../protocol/messages';
import { drawLogSeries, drawMiniHistogram, type ChartTheme } from '../chart/draw';
import { formatNumber } from '../chart/scale';
import type { LayerSummary } from '../compute/propagationRun';
import { parseIntegerText, type Action } from '../state';
import { h, select, setText } from './dom';

/** How many layers get a histogram row (evenly spaced from the input to the last layer). */
const HISTOGRAM_ROWS = 6;

/** Layers whose histograms are shown: 0, the last, and evenly spaced ones between. */
export function histogramLayers(depth: number, rows: number = HISTOGRAM_ROWS): number[] {
  if (depth + 1 <= rows) return Array.from({ length: depth + 1 }, (_, i) => i);
  const picked = new Set<number>();
  for (let k = 0; k < rows; k++) picked.add(Math.round((k * depth) / (rows - 1)));
  return [...picked].sort((a, b) => a - b);
}

export interface PropagationViewHost {
  dispatch(action: Action): void;
}

export class PropagationView {
  readonly root: HTMLDetailsElement;
  private readonly depth: HTMLInputElement;
  private readonly width: HTMLInputElement;
  private readonly batch: HTMLInputElement;
  private readonly activation: HTMLSelectElement;
  private readonly input: HTMLSelectElement;
  private readonly compareWith: HTMLSelectElement;
  private readonly status: HTMLElement;
  private readonly chart: HTMLCanvasElement;
  private readonly tableBody: HTMLTableSectionElement;
  private readonly grid: HTMLElement;
  private readonly headA: HTMLElement;
  private readonly headB: HTMLElement;
  private layers: { a: LayerSummary[]; b: LayerSummary[] } = { a: [], b: [] };
  private labels = { a: 'A', b: 'B' };
  private depthShown = 0;

  constructor(host: PropagationViewHost) {
    const number = (id: string, limits: { min: number; max: number }, key: 'depth' | 'width' | 'batch'): HTMLInputElement => {
      const input = h('input', { id, type: 'text', inputmode: 'numeric', autocomplete: 'off', 'aria-describedby': `${id}-error` });
      input.addEventListener('change', () => {
        const parsed = parseIntegerText(input.value, limits.min, limits.max);
        const slot = document.getElementById(`${id}-error`);
        if (slot) setText(slot, parsed.ok ? '' : parsed.error);
        if (parsed.ok) host.dispatch({ type: 'setPropagation', settings: { [key]: parsed.value } });
      });
      return input;
    };
    this.depth = number('propagation-depth', PROPAGATION_LIMITS.depth, 'depth');
    this.width = number('propagation-width', PROPAGATION_LIMITS.width, 'width');
    this.batch = number('propagation-batch', PROPAGATION_LIMITS.batch, 'batch');
    this.activation = select(
      'propagation-activation',
      undefined,
      ACTIVATIONS.map((a) => [a, a] as const),
    );
    this.activation.addEventListener('change', () => {
      const a = ACTIVATIONS.find((x) => x === this.activation.value);
      if (a) host.dispatch({ type: 'setPropagation', settings: { activation: a } });
    });
    this.input = select(
      'propagation-input',
      undefined,
      INPUT_DISTRIBUTIONS.map((d) => [d, d === 'normal' ? 'N(0, 1)' : 'U(−1, 1)'] as const),
    );
    this.input.addEventListener('change', () => {
      const d = INPUT_DISTRIBUTIONS.find((x) => x === this.input.value);
      if (d) host.dispatch({ type: 'setPropagation', settings: { input: d } });
    });
    this.compareWith = select(
      'propagation-compare',
      undefined,
      CLASS_NAMES.map((c) => [c, c] as const),
    );
    this.compareWith.addEventListener('change', () => {
      if (isClassName(this.compareWith.value)) host.dispatch({ type: 'setPropagation', settings: { compareWith: this.compareWith.value } });
    });
    const field = (id: string, label: string, control: HTMLElement, help?: string): HTMLElement =>
      h(
        'div',
        { class: 'field' },
        h('label', { for: id }, label),
        control,
        help ? h('small', { class: 'doc' }, help) : null,
        h('div', { id: `${id}-error`, class: 'field-error', role: 'alert' }),
      );
    this.status = h('p', { id: 'propagation-status', class: 'doc', role: 'status' });
    this.chart = h('canvas', {
      id: 'propagation-std',
      class: 'chart',
      role: 'img',
      'aria-label': 'Standard deviation of the activations per layer, log scale; the table below lists the values',
    });
    this.tableBody = h('tbody');
    this.headA = h('th', { scope: 'col' }, 'std A');
    this.headB = h('th', { scope: 'col' }, 'std B');
    this.grid = h('div', { id: 'layer-grid', class: 'layer-grid' });
    this.root = h(
      'details',
      { id: 'propagation', class: 'section' },
      h('summary', {}, h('h2', {}, 'Activation propagation')),
      h(
        'p',
        { class: 'doc' },
        'A probe batch through a stack of Dense layers (width × width kernels, no bias): layer k uses call k of the initializer seeded with SeedGenerator(seed), kernels in float32.',
      ),
      h(
        'div',
        { class: 'controls-grid' },
        field('propagation-depth', 'Depth (layers)', this.depth, `${PROPAGATION_LIMITS.depth.min} to ${PROPAGATION_LIMITS.depth.max}`),
        field('propagation-width', 'Width (units)', this.width, `${PROPAGATION_LIMITS.width.min} to ${PROPAGATION_LIMITS.width.max}`),
        field('propagation-batch', 'Batch (rows)', this.batch, `${PROPAGATION_LIMITS.batch.min} to ${PROPAGATION_LIMITS.batch.max}`),
        field('propagation-activation', 'Activation', this.activation),
        field('propagation-input', 'Input', this.input),
        field('propagation-compare', 'Compare with (B)', this.compareWith, 'Its default arguments, the same seed.'),
      ),
      this.status,
      h('div', { class: 'chart-box chart-box-short' }, this.chart),
      this.grid,
      h(
        'table',
        { id: 'propagation-table', class: 'stats' },
        h('caption', {}, 'Activation std and dead units per layer (layer 0 is the input)'),
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            h('th', { scope: 'col' }, 'layer'),
            this.headA,
            this.headB,
            h('th', { scope: 'col' }, 'dead units A'),
            h('th', { scope: 'col' }, 'dead units B'),
          ),
        ),
        this.tableBody,
      ),
    );
    this.root.addEventListener('toggle', () => host.dispatch({ type: 'setPropagation', settings: { open: this.root.open } }));
  }

  update(state: PreviewState): void {
    const p = state.view.propagation;
    if (this.root.open !== p.open) this.root.open = p.open;
    this.depth.value = String(p.depth);
    this.width.value = String(p.width);
    this.batch.value = String(p.batch);
    this.activation.value = p.activation;
    this.input.value = p.input;
    this.compareWith.value = p.compareWith;
  }

  /** Starts a new run: clears the results and names the two sides. */
  reset(labelA: string, labelB: string, depth: number): void {
    this.layers = { a: [], b: [] };
    this.labels = { a: labelA, b: labelB };
    this.depthShown = depth;
    setText(this.headA, `std A: ${labelA}`);
    setText(this.headB, `std B: ${labelB}`);
    this.setStatus(`Computing ${depth} layers…`);
    this.tableBody.replaceChildren();
    this.grid.replaceChildren();
  }

  setStatus(text: string): void {
    setText(this.status, text);
  }

  add(side: 'a' | 'b', summary: LayerSummary): void {
    this.layers[side].push(summary);
  }

  snapshot(complete: boolean): PropagationSnapshot {
    const std = (list: LayerSummary[]): (number | null)[] => list.map((l) => (Number.isFinite(l.std) ? l.std : null));
    return { layers: Math.max(this.layers.a.length, this.layers.b.length), stdA: std(this.layers.a), stdB: std(this.layers.b), complete };
  }

  /** Redraws the chart, the histogram grid and the table from the layers received so far. */
  draw(theme: ChartTheme): void {
    if (!this.root.open) return;
    const { a, b } = this.layers;
    const box = this.chart.parentElement?.getBoundingClientRect();
    const width = Math.max(200, box?.width ?? 400);
    const stdOf = (list: LayerSummary[]): (number | null)[] => list.map((l) => (l.std > 0 && Number.isFinite(l.std) ? l.std : null));
    drawLogSeries(
      this.chart,
      width,
      220,
      [
        { label: `A: ${this.labels.a}`, color: theme.seriesA, values: stdOf(a) },
        { label: `B: ${this.labels.b}`, color: theme.seriesB, values: stdOf(b) },
      ],
      this.depthShown + 1,
      theme,
    );
    const rows: HTMLElement[] = [];
    const count = Math.max(a.length, b.length);
    for (let i = 0; i < count; i++) {
      const cell = (s: LayerSummary | undefined, value: (s: LayerSummary) => string): HTMLElement => h('td', {}, s ? value(s) : '…');
      rows.push(
        h(
          'tr',
          { 'data-layer': i },
          h('th', { scope: 'row' }, String(i)),
          cell(a[i], (s) => formatNumber(s.std)),
          cell(b[i], (s) => formatNumber(s.std)),
          cell(a[i], (s) => `${(s.deadUnitFraction * 100).toFixed(1)}%`),
          cell(b[i], (s) => `${(s.deadUnitFraction * 100).toFixed(1)}%`),
        ),
      );
    }
    this.tableBody.replaceChildren(...rows);
    const miniWidth = Math.max(80, Math.floor((width - 90) / 2));
    const items: HTMLElement[] = [];
    for (const layer of histogramLayers(this.depthShown)) {
      const pair = [a[layer], b[layer]] as const;
      if (!pair[0] && !pair[1]) continue;
      const canvases = pair.map((s, k) => {
        const canvas = h('canvas', {
          class: 'mini',
          role: 'img',
          'aria-label': `Layer ${layer}, ${k === 0 ? 'A' : 'B'}: activation histogram`,
        });
        if (s) drawMiniHistogram(canvas, miniWidth, 56, s.counts, s.lo, s.hi, k === 0 ? theme.seriesA : theme.seriesB, theme);
        const range = s ? `[${formatNumber(s.lo, 3)}, ${formatNumber(s.hi, 3)}]` : '…';
        return h('figure', {}, canvas, h('figcaption', {}, range));
      });
      items.push(h('div', { class: 'layer-row' }, h('span', { class: 'layer-label' }, `layer ${layer}`), ...canvases));
    }
    this.grid.replaceChildren(...items);
  }
}
