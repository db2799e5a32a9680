/**
 * The model summary webview: a heading saying which model of which file it shows, a model picker when
 * the file has several, the table (one row per layer, its weights as sub-rows), Keras's totals and the
 * build problems. The table is built in one pass into a DocumentFragment and swapped in at once; the
 * time that takes (layout included) is kept in the root's `data-render-ms`. Rows are focusable: a click,
 * Enter or Space asks the host to reveal the layer's constructor call; arrows move between layers.
 */
import { isSummaryHostToWebview, type SummaryState, type SummaryView, type SummaryWebviewToHost } from '../../protocol/summaryMessages';
import { h, setText } from '../ui/dom';
import {
  expandedByDefault,
  headingText,
  rowsByLayer,
  SUMMARY_COLUMNS,
  summaryRows,
  totalsLines,
  type LayerRows,
  type RowSpec,
} from './summaryRows';

/** What the webview gets from acquireVsCodeApi(). */
export interface SummaryVsCodeApi {
  postMessage(message: SummaryWebviewToHost): void;
  getState(): unknown;
  setState(state: SummaryState): void;
}

interface Elements {
  readonly root: HTMLElement;
  readonly title: HTMLElement;
  readonly source: HTMLElement;
  readonly pickerLabel: HTMLElement;
  readonly picker: HTMLSelectElement;
  readonly showWeights: HTMLInputElement;
  readonly generate: HTMLButtonElement;
  readonly check: HTMLButtonElement;
  readonly message: HTMLElement;
  readonly table: HTMLTableElement;
  readonly totals: HTMLElement;
  readonly unknown: HTMLElement;
  readonly problems: HTMLElement;
  readonly problemList: HTMLElement;
  readonly live: HTMLElement;
}

function skeleton(): Elements {
  const title = h('h1', { id: 'summary-title' }, 'Model summary');
  const source = h('p', { id: 'summary-source', class: 'source' });
  const picker = h('select', { id: 'model-picker' });
  const pickerLabel = h('label', { id: 'model-picker-label', class: 'picker', hidden: true }, 'Model ', picker);
  const showWeights = h('input', { id: 'show-weights', type: 'checkbox' });
  const generate = h(
    'button',
    { id: 'generate-weights', type: 'button', title: "Write this model's initial weights to a .weights.h5, .npz or .safetensors file" },
    'Generate Weights…',
  );
  const check = h(
    'button',
    {
      id: 'check-initialization',
      type: 'button',
      title: 'Run a random batch forward and backward through this model: activations and gradients by layer',
    },
    'Check Initialization',
  );
  const message = h('p', { id: 'summary-message', class: 'message', hidden: true });
  const header = h('thead', {}, h('tr', {}, ...SUMMARY_COLUMNS.map((c) => h('th', { scope: 'col' }, c))));
  const table = h(
    'table',
    { id: 'summary-table', class: 'summary', 'aria-label': 'Layers of the model' },
    h(
      'caption',
      { class: 'visually-hidden' },
      'Layers, their output shapes, parameters and weights. Enter reveals a layer in the editor; right and left arrows show and hide its weights.',
    ),
    header,
  );
  const totals = h('section', { id: 'summary-totals', class: 'totals', 'aria-label': 'Totals' });
  const unknown = h('p', { id: 'summary-unknown', class: 'unknown', hidden: true });
  const problemList = h('ul', { id: 'problem-list' });
  const problems = h('section', { id: 'summary-problems', class: 'problems', hidden: true }, h('h2', {}, 'Build problems'), problemList);
  const live = h('div', { id: 'summary-live', class: 'visually-hidden', 'aria-live': 'polite' });
  const root = h(
    'main',
    { id: 'summary', 'data-state': 'ready' },
    h(
      'header',
      { class: 'top' },
      title,
      source,
      h('div', { class: 'controls' }, pickerLabel, h('label', { class: 'toggle' }, showWeights, ' Show all weights'), check, generate),
    ),
    message,
    h('div', { class: 'table-wrap' }, table),
    totals,
    unknown,
    problems,
    live,
  );
  return {
    root,
    title,
    source,
    pickerLabel,
    picker,
    showWeights,
    generate,
    check,
    message,
    table,
    totals,
    unknown,
    problems,
    problemList,
    live,
  };
}

function rowElement(spec: RowSpec, expandable: boolean): HTMLTableRowElement {
  const tr = document.createElement('tr');
  tr.className = `${spec.kind}-row`;
  tr.dataset.layer = String(spec.layer);
  if (spec.kind === 'layer') {
    tr.tabIndex = 0;
    tr.dataset.row = String(spec.layer);
  }
  spec.cells.forEach((cell, k) => {
    const head = spec.kind === 'layer' && k === 0;
    const td = document.createElement(head ? 'th' : 'td');
    if (head) {
      td.setAttribute('scope', 'row');
      const twisty = document.createElement('span');
      twisty.className = expandable ? 'twisty' : 'twisty none';
      twisty.setAttribute('aria-hidden', 'true');
      td.append(twisty, cell.text);
    } else {
      td.textContent = cell.text;
    }
    if (cell.className !== undefined) td.className = cell.className;
    if (cell.span !== undefined && cell.span > 1) (td as HTMLTableCellElement).colSpan = cell.span;
    if (cell.title !== undefined) td.title = cell.title;
    tr.append(td);
  });
  return tr;
}

function rowsFragment(rows: readonly RowSpec[]): DocumentFragment {
  const fragment = document.createDocumentFragment();
  for (const spec of rows) fragment.append(rowElement(spec, false));
  return fragment;
}

/** One <tbody> per layer: its row, its unknown reason, and its weights when `expanded`. */
export function layerBody(group: LayerRows, expanded: boolean): HTMLTableSectionElement {
  const body = document.createElement('tbody');
  body.className = 'layer';
  const expandable = group.weights.length > 0;
  group.head.forEach((spec, k) => {
    const tr = rowElement(spec, expandable && k === 0);
    if (k === 0 && expandable) tr.setAttribute('aria-expanded', String(expanded));
    body.append(tr);
  });
  if (expanded) body.append(rowsFragment(group.weights));
  return body;
}

export class SummaryApp {
  private readonly elements = skeleton();
  private view: SummaryView | undefined;
  private groups: LayerRows[] = [];
  private bodies: HTMLTableSectionElement[] = [];
  private expanded: boolean[] = [];

  constructor(
    private readonly vscode: SummaryVsCodeApi,
    private readonly versionText: string,
  ) {}

  start(): void {
    const status = document.getElementById('status');
    status?.remove();
    document.body.append(this.elements.root);
    this.elements.root.dataset.extensionVersion = this.versionText;
    const { table, picker, showWeights } = this.elements;
    table.addEventListener('click', (event) => {
      const target = event.target as Element | null;
      const row = target?.closest('tr[data-layer]');
      if (!(row instanceof HTMLTableRowElement)) return;
      const layer = Number(row.dataset.layer);
      // The disclosure triangle shows or hides the weights; anywhere else reveals the layer.
      if (target?.classList.contains('twisty') === true) this.setExpanded(layer, !this.expanded[layer]);
      else this.reveal(layer);
    });
    table.addEventListener('keydown', (event) => this.onKey(event));
    picker.addEventListener('change', () => {
      if (this.view === undefined) return;
      this.vscode.postMessage({ type: 'selectModel', version: this.view.version, index: picker.selectedIndex });
    });
    this.elements.generate.addEventListener('click', () => {
      if (this.view !== undefined) {
        this.vscode.postMessage({ type: 'modelCommand', version: this.view.version, command: 'generateWeights' });
      }
    });
    this.elements.check.addEventListener('click', () => {
      if (this.view !== undefined) {
        this.vscode.postMessage({ type: 'modelCommand', version: this.view.version, command: 'checkInitialization' });
      }
    });
    showWeights.addEventListener('change', () => {
      for (let k = 0; k < this.groups.length; k++) this.setExpanded(k, showWeights.checked);
    });
    this.elements.problemList.addEventListener('click', (event) => {
      const item = (event.target as Element | null)?.closest('li[data-start]');
      if (item instanceof HTMLElement && this.view !== undefined) this.revealProblem(item);
    });
    window.addEventListener('message', (event: MessageEvent<unknown>) => this.receive(event.data));
    this.vscode.postMessage({ type: 'ready' });
  }

  private receive(data: unknown): void {
    // Every host message passes the protocol guard first; anything else is dropped.
    if (!isSummaryHostToWebview(data)) return;
    const message = data;
    switch (message.type) {
      case 'show':
        this.render(message.view);
        break;
      case 'ping':
        this.vscode.postMessage({ type: 'pong', requestId: message.requestId });
        break;
      case 'pressRow': {
        const row = this.rowElement(message.row);
        if (row !== null) {
          row.focus();
          this.reveal(message.row);
        }
        this.vscode.postMessage({ type: 'pressed', requestId: message.requestId, ok: row !== null });
        break;
      }
    }
  }

  /** Replaces what the panel shows with `view`, in one pass, and reports how long it took. */
  render(view: SummaryView): void {
    const started = performance.now();
    const e = this.elements;
    const focused = document.activeElement instanceof HTMLTableRowElement ? document.activeElement.dataset.row : undefined;
    this.view = view;
    this.vscode.setState(view.state);
    const heading = headingText(view);
    setText(e.title, heading.title);
    setText(e.source, heading.source);
    e.pickerLabel.hidden = view.models.length < 2;
    if (view.models.length >= 2) {
      const options = document.createDocumentFragment();
      view.models.forEach((m, k) => {
        const option = h('option', { value: String(k) }, `${m.label} — ${m.where}`);
        if (k === view.selected) option.selected = true;
        options.append(option);
      });
      e.picker.replaceChildren(options);
      e.picker.selectedIndex = view.selected;
    }
    e.message.hidden = view.message === null;
    setText(e.message, view.message ?? '');
    e.generate.hidden = view.message !== null;
    e.check.hidden = view.message !== null;
    const thead = e.table.tHead;
    const caption = e.table.caption;
    e.table.replaceChildren(...[caption, thead].filter((x): x is HTMLTableCaptionElement | HTMLTableSectionElement => x !== null));
    const sameModel = this.view !== undefined && this.groups.length === view.layers.length && e.table.dataset.model === view.state.model;
    this.groups = rowsByLayer(summaryRows(view));
    // Edits keep each layer's open or closed state; a new model starts from the default.
    const open = expandedByDefault(view);
    this.expanded = this.groups.map((_, k) => (sameModel ? (this.expanded[k] ?? open) : open));
    e.showWeights.checked = this.expanded.length > 0 && this.expanded.every(Boolean);
    const bodies = document.createDocumentFragment();
    this.bodies = this.groups.map((g, k) => layerBody(g, this.expanded[k]));
    bodies.append(...this.bodies);
    e.table.append(bodies);
    e.table.dataset.model = view.state.model ?? '';
    e.table.hidden = view.message !== null;
    e.totals.replaceChildren(...(view.message === null ? totalsLines(view).map((t) => h('p', { class: 'total' }, t)) : []));
    e.unknown.hidden = view.unknown === null;
    setText(e.unknown, view.unknown !== null ? `⚠ Some parameters are not known: ${view.unknown}` : '');
    e.problems.hidden = view.problems.length === 0;
    e.problemList.replaceChildren(
      ...view.problems.map((p) =>
        h(
          'li',
          { tabindex: 0, 'data-start': p.range.start, 'data-end': p.range.end },
          h('span', { class: 'where' }, p.where),
          ' ',
          p.message,
        ),
      ),
    );
    if (focused !== undefined) this.rowElement(Number(focused))?.focus();
    // One layout, measured with the build.
    void e.root.offsetHeight;
    const renderMs = performance.now() - started;
    e.root.dataset.renderMs = renderMs.toFixed(1);
    e.root.dataset.rows = String(view.layers.length);
    e.root.dataset.version = String(view.version);
    this.vscode.postMessage({ type: 'rendered', version: view.version, renderMs, rows: view.layers.length });
  }

  /** Shows or hides a layer's weight rows (built when first shown). */
  private setExpanded(layer: number, open: boolean): void {
    const group = this.groups[layer];
    const body = this.bodies[layer];
    if (group === undefined || body === undefined || group.weights.length === 0 || this.expanded[layer] === open) return;
    this.expanded[layer] = open;
    body.firstElementChild?.setAttribute('aria-expanded', String(open));
    if (open) body.append(rowsFragment(group.weights));
    else while (body.children.length > group.head.length && body.lastElementChild) body.lastElementChild.remove();
  }

  private rowElement(row: number): HTMLTableRowElement | null {
    const element = this.elements.table.querySelector(`tr[data-row="${row}"]`);
    return element instanceof HTMLTableRowElement ? element : null;
  }

  private reveal(row: number): void {
    const view = this.view;
    const layer = view?.layers[row];
    if (view === undefined || layer === undefined) return;
    this.vscode.postMessage({ type: 'reveal', version: view.version, row, range: layer.range });
    setText(this.elements.live, `Revealing ${layer.name} (${layer.where}).`);
  }

  private revealProblem(item: HTMLElement): void {
    // Problems point at source too: reveal the layer row whose call contains the problem, if any.
    const start = Number(item.dataset.start);
    const row = this.view?.layers.findIndex((l) => l.range.start <= start && start <= l.range.end) ?? -1;
    if (row >= 0) this.reveal(row);
  }

  private onKey(event: KeyboardEvent): void {
    const target = event.target;
    if (!(target instanceof HTMLTableRowElement) || target.dataset.row === undefined) return;
    const row = Number(target.dataset.row);
    switch (event.key) {
      case 'Enter':
      case ' ':
        event.preventDefault();
        this.reveal(row);
        break;
      case 'ArrowDown':
      case 'ArrowUp': {
        event.preventDefault();
        this.rowElement(row + (event.key === 'ArrowDown' ? 1 : -1))?.focus();
        break;
      }
      case 'ArrowRight':
      case 'ArrowLeft':
        event.preventDefault();
        this.setExpanded(row, event.key === 'ArrowRight');
        break;
      case 'Home':
      case 'End': {
        event.preventDefault();
        const count = this.view?.layers.length ?? 0;
        this.rowElement(event.key === 'Home' ? 0 : count - 1)?.focus();
        break;
      }
      default:
        break;
    }
  }
}
