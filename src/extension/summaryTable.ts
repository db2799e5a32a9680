/**
 * The model summary as the webview receives it, built from the core's `analyzeModels` and
 * `modelSummary`: which model is under the cursor, the picker's entries, the layer rows with their
 * weights, the totals with Keras's byte sizes and the build problems. No VS Code API here, so it is
 * unit-tested in plain Node.
 */
import {
  kerasShapeText,
  modelSummary,
  readableMemorySize,
  type AnalyzedModel,
  type ModelAnalysis,
  type SummaryWeight,
  lastAtOrBefore,
  lineStarts,
} from '../core/index';
import {
  MAX_LAYER_WEIGHTS,
  MAX_SUMMARY_LAYERS,
  MAX_SUMMARY_MODELS,
  MAX_SUMMARY_PROBLEMS,
  MAX_SUMMARY_TEXT,
  type SummaryModelChoice,
  type SummaryView,
  type SummaryWeightRow,
} from '../protocol/summaryMessages';

/** Lines of a program, and how to name one (`line 12`, or `cell 3, line 2` in a notebook). */
export interface ProgramLines {
  /** 1-based line of an offset. */
  lineOf(offset: number): number;
  /** `line N`, or `cell K, line N` when the program is a notebook's cells. */
  where(line: number): string;
}

/** The lines of `text`; with `cellStarts` (a notebook program) lines are named by cell (1-based). */
export function programLines(text: string, cellStarts?: readonly number[]): ProgramLines {
  const starts = lineStarts(text);
  const lineOf = (offset: number): number => lastAtOrBefore(starts, offset) + 1;
  if (cellStarts === undefined || cellStarts.length === 0) return { lineOf, where: (line) => `line ${line}` };
  const cellLines = cellStarts.map(lineOf);
  return {
    lineOf,
    where: (line) => {
      const cell = lastAtOrBefore(cellLines, line);
      return `cell ${cell + 1}, line ${line - cellLines[cell] + 1}`;
    },
  };
}

/** A count with thousands separators: `203,530`. */
export function groupedCount(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** The CodeLens above a model: `$(table) Model summary · 203,530 params`, or `params unknown`. */
export function codeLensTitle(params: number | null): string {
  return `$(table) Model summary · ${params === null ? 'params unknown' : `${groupedCount(params)} params`}`;
}

/** What names a model across edits: its variable, else its Keras name. */
export function modelKey(model: AnalyzedModel): string {
  return model.variable ?? model.name;
}

/** `model (sequential, "sequential")`. */
export function modelLabel(model: AnalyzedModel): string {
  return `${model.variable ?? '(unbound)'} (${model.kind}, "${model.name}")`;
}

/** The index of the model `key` names (by variable, then Keras name; the last of several), or -1. */
export function findModel(analysis: ModelAnalysis, key: string): number {
  for (const field of ['variable', 'name'] as const) {
    for (let k = analysis.models.length - 1; k >= 0; k--) if (analysis.models[k][field] === key) return k;
  }
  return -1;
}

function contains(range: { start: number; end: number }, offset: number): boolean {
  return range.start <= offset && offset <= range.end;
}

/**
 * The model under a cursor: one whose construction contains it, one of whose layers' constructor
 * calls contains it, or whose first line it is on (`model = keras.Sequential(`). The innermost (the
 * smallest matching range) wins; -1 when the cursor is on no model.
 */
export function modelUnderCursor(analysis: ModelAnalysis, offset: number, lines: ProgramLines): number {
  const line = lines.lineOf(offset);
  let best = -1;
  let bestSpan = Infinity;
  analysis.models.forEach((model, k) => {
    let span = Infinity;
    if (contains(model.range, offset) || model.line === line) span = model.range.end - model.range.start;
    for (const i of model.layers) {
      const layer = analysis.layers[i];
      if (layer !== undefined && contains(layer.range, offset)) span = Math.min(span, layer.range.end - layer.range.start);
    }
    if (span < Infinity && span <= bestSpan) {
      best = k;
      bestSpan = span;
    }
  });
  return best;
}

/** The picker's entries, one per model of the file. */
export function modelChoices(analysis: ModelAnalysis, lines: ProgramLines): SummaryModelChoice[] {
  return analysis.models
    .slice(0, MAX_SUMMARY_MODELS)
    .map((m) => ({ label: clip(modelLabel(m)), where: lines.where(m.line), params: m.params }));
}

function clip(text: string): string {
  return text.length <= MAX_SUMMARY_TEXT ? text : `${text.slice(0, MAX_SUMMARY_TEXT - 1)}…`;
}

function clipOrNull(text: string | null): string | null {
  return text === null ? null : clip(text);
}

function finiteOrNull(x: number | null): number | null {
  return x !== null && Number.isFinite(x) ? x : null;
}

function weightRow(w: SummaryWeight): SummaryWeightRow {
  return {
    name: clip(w.name),
    shape: clip(kerasShapeText(w.shape)),
    dtype: w.dtype.slice(0, 32),
    params: w.params,
    trainable: w.trainable,
    initializer: clipOrNull(w.initializer),
    law: clipOrNull(w.lawText),
    std: finiteOrNull(w.std),
    limit: finiteOrNull(w.limit),
    lawUnknown: clipOrNull(w.lawUnknown),
  };
}

export interface SummaryViewInput {
  readonly analysis: ModelAnalysis;
  /** The model to show (an index of `analysis.models`), or -1 for none. */
  readonly index: number;
  readonly version: number;
  readonly fileName: string;
  readonly uri: string;
  readonly lines: ProgramLines;
}

const NO_TOTALS = {
  total: null,
  trainable: null,
  nonTrainable: null,
  totalBytes: null,
  trainableBytes: null,
  nonTrainableBytes: null,
} as const;

/** A view with a message instead of a table (no model in the file, a file that cannot be read). */
export function messageView(input: {
  readonly version: number;
  readonly fileName: string;
  readonly message: string;
  readonly state: SummaryView['state'];
  readonly models?: SummaryView['models'];
  readonly problems?: SummaryView['problems'];
}): SummaryView {
  return {
    version: input.version,
    fileName: clip(input.fileName),
    models: input.models ?? [],
    selected: -1,
    modelName: null,
    variable: null,
    kind: null,
    where: null,
    layers: [],
    totals: NO_TOTALS,
    unknown: null,
    problems: input.problems ?? [],
    message: input.message,
    state: input.state,
  };
}

/** Everything the webview shows for one model of a file (or a message when the file has none). */
export function buildSummaryView(input: SummaryViewInput): SummaryView {
  const { analysis, index, lines } = input;
  const models = modelChoices(analysis, lines);
  const problems = analysis.problems.slice(0, MAX_SUMMARY_PROBLEMS).map((p) => ({
    message: clip(`${p.pythonType}: ${p.message}`),
    where: lines.where(lines.lineOf(p.range.start)),
    range: { start: p.range.start, end: Math.max(p.range.start, p.range.end) },
  }));
  const model = index >= 0 && index < models.length ? analysis.models[index] : undefined;
  if (model === undefined) {
    return messageView({
      version: input.version,
      fileName: input.fileName,
      models,
      problems,
      message: 'No Keras model was found in this file.',
      state: { uri: input.uri, model: null },
    });
  }
  const summary = modelSummary(analysis, model);
  const layers = summary.layers.slice(0, MAX_SUMMARY_LAYERS).map((row, k) => {
    const layer = analysis.layers[model.layers[k]];
    return {
      name: clip(row.name),
      className: clip(row.className),
      outputShape: row.outputShape === null ? null : clip(kerasShapeText(row.outputShape)),
      params: row.params,
      unknown: clipOrNull(row.unknown),
      where: lines.where(row.line),
      range: { start: layer.range.start, end: Math.max(layer.range.start, layer.range.end) },
      weights: row.weights.slice(0, MAX_LAYER_WEIGHTS).map(weightRow),
    };
  });
  const bytes = (n: number | null): string | null => (n === null ? null : readableMemorySize(n));
  return {
    version: input.version,
    fileName: clip(input.fileName),
    models,
    selected: index,
    modelName: clip(summary.name),
    variable: clipOrNull(summary.variable),
    kind: summary.kind,
    where: lines.where(summary.line),
    layers,
    totals: {
      total: summary.totalParams,
      trainable: summary.trainableParams,
      nonTrainable: summary.nonTrainableParams,
      totalBytes: bytes(summary.totalBytes),
      trainableBytes: bytes(summary.trainableBytes),
      nonTrainableBytes: bytes(summary.nonTrainableBytes),
    },
    unknown: clipOrNull(summary.unknown),
    problems,
    message: null,
    state: { uri: input.uri, model: clip(modelKey(model)).slice(0, 200) },
  };
}
