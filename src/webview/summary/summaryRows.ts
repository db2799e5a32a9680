/**
 * The model summary table as plain row descriptions (texts, classes, spans), with no DOM: the view
 * turns them into elements in one pass, and unit tests read them directly.
 */
import type { SummaryLayerRow, SummaryView, SummaryWeightRow } from '../../protocol/summaryMessages';

export const SUMMARY_COLUMNS = ['Layer (type)', 'Output Shape', 'Param #', 'Initializer', 'Law', 'Std / limit', 'Trainable'] as const;

export interface CellSpec {
  readonly text: string;
  readonly className?: string;
  /** Columns spanned (1 when absent). */
  readonly span?: number;
  /** A tooltip (the full text of a clipped cell, a reason). */
  readonly title?: string;
}

export interface RowSpec {
  readonly kind: 'layer' | 'weight' | 'unknown';
  /** The layer row this belongs to (an index of `view.layers`). */
  readonly layer: number;
  readonly cells: readonly CellSpec[];
}

/** A count with thousands separators: `200,960`; `?` when unknown (never a guess). */
export function countText(n: number | null): string {
  return n === null ? '?' : String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** Three significant digits: `0.0505`, `1.2e-05`. */
export function shortNumber(x: number): string {
  if (x === 0 || !Number.isFinite(x)) return String(x);
  const abs = Math.abs(x);
  if (abs >= 1e-4 && abs < 1e6) return String(Number(x.toPrecision(3)));
  const [m, e] = x.toExponential(2).split('e');
  return `${String(Number(m))}e${e}`;
}

/** `limit 0.125`, `std 0.0574`, or an em dash when the law has neither. */
export function stdOrLimit(w: SummaryWeightRow): string {
  if (w.limit !== null) return `limit ${shortNumber(w.limit)}`;
  if (w.std !== null) return `std ${shortNumber(w.std)}`;
  return '—';
}

/** `yes` when every weight trains, `no` when none does, `partly` otherwise; `—` without weights. */
export function layerTrainable(layer: SummaryLayerRow): string {
  if (layer.weights.length === 0) return '—';
  const trainable = layer.weights.filter((w) => w.trainable).length;
  return trainable === layer.weights.length ? 'yes' : trainable === 0 ? 'no' : 'partly';
}

function weightCells(w: SummaryWeightRow): CellSpec[] {
  const law =
    w.law !== null
      ? { text: w.law }
      : {
          text: w.lawUnknown !== null ? `⚠ unknown: ${w.lawUnknown}` : '⚠ unknown',
          className: 'unknown',
          title: w.lawUnknown ?? undefined,
        };
  return [
    { text: w.name, className: 'weight-name', title: w.dtype },
    { text: w.shape, className: 'shape' },
    { text: countText(w.params), className: 'num' },
    w.initializer !== null ? { text: w.initializer, className: 'code' } : { text: '?', className: 'unknown' },
    law,
    { text: stdOrLimit(w), className: 'num' },
    { text: w.trainable ? 'yes' : 'no', className: w.trainable ? 'flag' : 'flag frozen' },
  ];
}

/** Every row of the table in order: each layer, its unknown reason, then its weights. */
export function summaryRows(view: SummaryView): RowSpec[] {
  const rows: RowSpec[] = [];
  view.layers.forEach((layer, k) => {
    rows.push({
      kind: 'layer',
      layer: k,
      cells: [
        { text: `${layer.name} (${layer.className})`, className: 'layer-name', title: layer.where },
        layer.outputShape !== null ? { text: layer.outputShape, className: 'shape' } : { text: '?', className: 'shape unknown' },
        { text: countText(layer.params), className: layer.params === null ? 'num unknown' : 'num' },
        { text: '', span: 3 },
        { text: layerTrainable(layer), className: 'flag' },
      ],
    });
    if (layer.unknown !== null) {
      rows.push({ kind: 'unknown', layer: k, cells: [{ text: `⚠ ${layer.unknown}`, className: 'unknown', span: SUMMARY_COLUMNS.length }] });
    }
    for (const w of layer.weights) rows.push({ kind: 'weight', layer: k, cells: weightCells(w) });
  });
  return rows;
}

/** Keras's closing lines: `Total params: 235,658 (920.54 KB)`...; `?` where some weight is not known. */
export function totalsLines(view: SummaryView): string[] {
  const t = view.totals;
  const line = (label: string, count: number | null, bytes: string | null): string =>
    count === null || bytes === null ? `${label}: ?` : `${label}: ${countText(count)} (${bytes})`;
  return [
    line('Total params', t.total, t.totalBytes),
    line('Trainable params', t.trainable, t.trainableBytes),
    line('Non-trainable params', t.nonTrainable, t.nonTrainableBytes),
  ];
}

/** The heading: `Model: "sequential"` and where it is: `model · model.py, line 4`. */
export function headingText(view: SummaryView): { title: string; source: string } {
  if (view.modelName === null) return { title: 'Model summary', source: view.fileName };
  const where = view.where !== null ? `, ${view.where}` : '';
  const variable = view.variable !== null ? `${view.variable} · ` : '';
  return { title: `Model: "${view.modelName}"`, source: `${variable}${view.kind ?? ''} model in ${view.fileName}${where}` };
}

/** One layer's rows: the layer row (and its unknown reason), then its weight rows. */
export interface LayerRows {
  readonly head: readonly RowSpec[];
  readonly weights: readonly RowSpec[];
}

/** The rows grouped per layer, in order. */
export function rowsByLayer(rows: readonly RowSpec[]): LayerRows[] {
  const groups: { head: RowSpec[]; weights: RowSpec[] }[] = [];
  for (const row of rows) {
    if (row.kind === 'layer') groups.push({ head: [row], weights: [] });
    const group = groups[groups.length - 1];
    if (group === undefined) continue;
    if (row.kind === 'unknown') group.head.push(row);
    else if (row.kind === 'weight') group.weights.push(row);
  }
  return groups;
}

/** Most weight rows shown expanded on arrival; a larger model starts with its layers collapsed. */
export const EXPAND_ALL_LIMIT = 200;

/** Whether a view's layers start expanded (its weights listed under them). */
export function expandedByDefault(view: SummaryView): boolean {
  let weights = 0;
  for (const layer of view.layers) weights += layer.weights.length;
  return weights <= EXPAND_ALL_LIMIT;
}
