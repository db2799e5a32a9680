/**
 * The typed message contract between the extension host and the model summary webview. Like the
 * preview's (messages.ts), every message is plain JSON with a `type` literal and is checked by the guard
 * of its direction, built from one `Record<type, guard>` table, before it is dispatched.
 */
import {
  hasExactKeys,
  isArrayOf,
  isBoolean,
  isBoundedString,
  isFiniteNumber,
  isIntegerIn,
  isNumberOrNull,
  isOneOf,
  isRequestId,
  variantGuard,
  type VariantGuards,
} from './guards';

/** Most layers a summary may carry (Keras models with more are not read by hand). */
export const MAX_SUMMARY_LAYERS = 5_000;
/** Most weights one layer row may list. */
export const MAX_LAYER_WEIGHTS = 1_000;
/** Most models a file's picker may list. */
export const MAX_SUMMARY_MODELS = 500;
/** Most build problems listed. */
export const MAX_SUMMARY_PROBLEMS = 200;
/** Longest text field (names, initializer calls, reasons). */
export const MAX_SUMMARY_TEXT = 2_000;
/** Longest document URI kept in the panel's state. */
export const MAX_URI_LENGTH = 4_096;
/** Largest source offset accepted (ranges point into the document's text). */
const MAX_OFFSET = 2 ** 31;

/** Offsets into the program text the summary was read from (a notebook's code cells joined). */
export interface SummaryRange {
  readonly start: number;
  readonly end: number;
}

/** One weight of a layer: shape, initializer and the law it draws from for that shape. */
export interface SummaryWeightRow {
  readonly name: string;
  /** `(784, 256)`. */
  readonly shape: string;
  readonly dtype: string;
  readonly params: number;
  readonly trainable: boolean;
  /** As written (`'he_normal'`) or the default (`zeros (default)`); null when not known. */
  readonly initializer: string | null;
  /** `truncated normal, stddev 0.0574 (values: std 0.0505)`; null when not known. */
  readonly law: string | null;
  readonly std: number | null;
  readonly limit: number | null;
  /** Why the law is not known. */
  readonly lawUnknown: string | null;
}

/** One layer of `model.layers`. */
export interface SummaryLayerRow {
  readonly name: string;
  readonly className: string;
  /** `(None, 256)`; null when not known. */
  readonly outputShape: string | null;
  /** Null when not known (never guessed). */
  readonly params: number | null;
  /** Why the shapes or weights are not known. */
  readonly unknown: string | null;
  /** `line 5`, or `cell 2, line 3` in a notebook. */
  readonly where: string;
  /** The layer's constructor call, revealed when the row is activated. */
  readonly range: SummaryRange;
  readonly weights: readonly SummaryWeightRow[];
}

/** Keras's three totals with their memory sizes (`920.54 KB`); all null when some weight is not known. */
export interface SummaryTotals {
  readonly total: number | null;
  readonly trainable: number | null;
  readonly nonTrainable: number | null;
  readonly totalBytes: string | null;
  readonly trainableBytes: string | null;
  readonly nonTrainableBytes: string | null;
}

/** One entry of the model picker. */
export interface SummaryModelChoice {
  /** `model (sequential, "sequential")`. */
  readonly label: string;
  /** `line 4` or `cell 2, line 1`. */
  readonly where: string;
  readonly params: number | null;
}

/** A problem Keras would raise while building. */
export interface SummaryProblem {
  readonly message: string;
  readonly where: string;
  readonly range: SummaryRange;
}

/** Which model of which document a panel shows; what the panel persists and the serializer restores. */
export interface SummaryState {
  /** The file or notebook URI. */
  readonly uri: string;
  /** The model's variable, else its Keras name; null: the default model. */
  readonly model: string | null;
}

/** Everything the webview shows. */
export interface SummaryView {
  /** Grows with every view the host sends. */
  readonly version: number;
  readonly fileName: string;
  readonly models: readonly SummaryModelChoice[];
  /** Index into `models`; -1 when there is none. */
  readonly selected: number;
  /** Keras's model name (`sequential`), its variable and kind; null without a model. */
  readonly modelName: string | null;
  readonly variable: string | null;
  readonly kind: string | null;
  readonly where: string | null;
  readonly layers: readonly SummaryLayerRow[];
  readonly totals: SummaryTotals;
  /** Why the totals are not known. */
  readonly unknown: string | null;
  readonly problems: readonly SummaryProblem[];
  /** A message instead of a table ("No Keras model in this file."); null when there is a model. */
  readonly message: string | null;
  readonly state: SummaryState;
}

// --- webview → host ---

export interface SummaryReadyMessage {
  readonly type: 'ready';
}

/** Reveal this layer's constructor call (row `row` of view `version`) in the editor. */
export interface SummaryRevealMessage {
  readonly type: 'reveal';
  readonly version: number;
  readonly row: number;
  readonly range: SummaryRange;
}

/** Show the model at this index of the picker. */
export interface SummarySelectModelMessage {
  readonly type: 'selectModel';
  readonly version: number;
  readonly index: number;
}

/** The model commands the summary's toolbar offers for the model it shows. */
export const SUMMARY_MODEL_COMMANDS = ['generateWeights', 'checkInitialization'] as const;
export type SummaryModelCommand = (typeof SUMMARY_MODEL_COMMANDS)[number];

/** Run a model command (Generate Model Weights…, Check Model Initialization) for the model view `version` shows. */
export interface SummaryModelCommandMessage {
  readonly type: 'modelCommand';
  readonly version: number;
  readonly command: SummaryModelCommand;
}

/** A view was rendered: how long building its table took, and how many layer rows it has. */
export interface SummaryRenderedMessage {
  readonly type: 'rendered';
  readonly version: number;
  readonly renderMs: number;
  readonly rows: number;
}

export interface SummaryPongMessage {
  readonly type: 'pong';
  readonly requestId: number;
}

/** Answer to `pressRow`: whether the row existed (its `reveal` was then posted first). */
export interface SummaryPressedMessage {
  readonly type: 'pressed';
  readonly requestId: number;
  readonly ok: boolean;
}

export type SummaryWebviewToHost =
  | SummaryReadyMessage
  | SummaryRevealMessage
  | SummarySelectModelMessage
  | SummaryModelCommandMessage
  | SummaryRenderedMessage
  | SummaryPongMessage
  | SummaryPressedMessage;

// --- host → webview ---

export interface SummaryShowMessage {
  readonly type: 'show';
  readonly view: SummaryView;
}

export interface SummaryPingMessage {
  readonly type: 'ping';
  readonly requestId: number;
}

/** Activates a layer row as Enter does (for tests); answered by `pressed`. */
export interface SummaryPressRowMessage {
  readonly type: 'pressRow';
  readonly requestId: number;
  readonly row: number;
}

export type SummaryHostToWebview = SummaryShowMessage | SummaryPingMessage | SummaryPressRowMessage;

// --- boot data ---

/** What the webview needs before its first message (in the body's `data-boot` attribute). */
export interface SummaryBootData {
  readonly extensionVersion: string;
  readonly loadingText: string;
}

// --- runtime guards ---

function isText(value: unknown): value is string {
  return isBoundedString(value, MAX_SUMMARY_TEXT);
}

function isTextOrNull(value: unknown): value is string | null {
  return value === null || isText(value);
}

function isCount(value: unknown): value is number {
  return isIntegerIn(value, 0, Number.MAX_SAFE_INTEGER);
}

function isCountOrNull(value: unknown): value is number | null {
  return value === null || isCount(value);
}

function isIndex(value: unknown): value is number {
  return isIntegerIn(value, 0, MAX_SUMMARY_LAYERS);
}

export function isSummaryRange(value: unknown): value is SummaryRange {
  return (
    hasExactKeys(value, ['start', 'end']) &&
    isIntegerIn(value.start, 0, MAX_OFFSET) &&
    isIntegerIn(value.end, 0, MAX_OFFSET) &&
    value.start <= value.end
  );
}

export function isSummaryWeightRow(value: unknown): value is SummaryWeightRow {
  return (
    hasExactKeys(value, ['name', 'shape', 'dtype', 'params', 'trainable', 'initializer', 'law', 'std', 'limit', 'lawUnknown']) &&
    isText(value.name) &&
    isText(value.shape) &&
    isBoundedString(value.dtype, 32) &&
    isCount(value.params) &&
    isBoolean(value.trainable) &&
    isTextOrNull(value.initializer) &&
    isTextOrNull(value.law) &&
    isNumberOrNull(value.std) &&
    isNumberOrNull(value.limit) &&
    isTextOrNull(value.lawUnknown)
  );
}

export function isSummaryLayerRow(value: unknown): value is SummaryLayerRow {
  return (
    hasExactKeys(value, ['name', 'className', 'outputShape', 'params', 'unknown', 'where', 'range', 'weights']) &&
    isText(value.name) &&
    isText(value.className) &&
    isTextOrNull(value.outputShape) &&
    isCountOrNull(value.params) &&
    isTextOrNull(value.unknown) &&
    isText(value.where) &&
    isSummaryRange(value.range) &&
    isArrayOf(value.weights, MAX_LAYER_WEIGHTS, isSummaryWeightRow)
  );
}

function isTotals(value: unknown): value is SummaryTotals {
  return (
    hasExactKeys(value, ['total', 'trainable', 'nonTrainable', 'totalBytes', 'trainableBytes', 'nonTrainableBytes']) &&
    isCountOrNull(value.total) &&
    isCountOrNull(value.trainable) &&
    isCountOrNull(value.nonTrainable) &&
    isTextOrNull(value.totalBytes) &&
    isTextOrNull(value.trainableBytes) &&
    isTextOrNull(value.nonTrainableBytes)
  );
}

function isModelChoice(value: unknown): value is SummaryModelChoice {
  return hasExactKeys(value, ['label', 'where', 'params']) && isText(value.label) && isText(value.where) && isCountOrNull(value.params);
}

function isProblem(value: unknown): value is SummaryProblem {
  return hasExactKeys(value, ['message', 'where', 'range']) && isText(value.message) && isText(value.where) && isSummaryRange(value.range);
}

export function isSummaryState(value: unknown): value is SummaryState {
  return (
    hasExactKeys(value, ['uri', 'model']) &&
    isBoundedString(value.uri, MAX_URI_LENGTH) &&
    value.uri.length > 0 &&
    /^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(value.uri) &&
    (value.model === null || (isBoundedString(value.model, 200) && value.model.length > 0))
  );
}

/** The state VS Code restored for a panel, or undefined when it is not a valid one. */
export function parseSummaryState(value: unknown): SummaryState | undefined {
  return isSummaryState(value) ? value : undefined;
}

export function isSummaryView(value: unknown): value is SummaryView {
  return (
    hasExactKeys(value, [
      'version',
      'fileName',
      'models',
      'selected',
      'modelName',
      'variable',
      'kind',
      'where',
      'layers',
      'totals',
      'unknown',
      'problems',
      'message',
      'state',
    ]) &&
    isRequestId(value.version) &&
    isText(value.fileName) &&
    isArrayOf(value.models, MAX_SUMMARY_MODELS, isModelChoice) &&
    isIntegerIn(value.selected, -1, MAX_SUMMARY_MODELS - 1) &&
    value.selected < value.models.length &&
    isTextOrNull(value.modelName) &&
    isTextOrNull(value.variable) &&
    isTextOrNull(value.kind) &&
    isTextOrNull(value.where) &&
    isArrayOf(value.layers, MAX_SUMMARY_LAYERS, isSummaryLayerRow) &&
    isTotals(value.totals) &&
    isTextOrNull(value.unknown) &&
    isArrayOf(value.problems, MAX_SUMMARY_PROBLEMS, isProblem) &&
    isTextOrNull(value.message) &&
    isSummaryState(value.state)
  );
}

/** The field guards of every message the summary webview posts to the host. */
export const SUMMARY_WEBVIEW_TO_HOST_GUARDS: VariantGuards<SummaryWebviewToHost> = {
  ready: (value) => hasExactKeys(value, ['type']),
  reveal: (value) =>
    hasExactKeys(value, ['type', 'version', 'row', 'range']) &&
    isRequestId(value.version) &&
    isIndex(value.row) &&
    isSummaryRange(value.range),
  selectModel: (value) =>
    hasExactKeys(value, ['type', 'version', 'index']) && isRequestId(value.version) && isIntegerIn(value.index, 0, MAX_SUMMARY_MODELS - 1),
  modelCommand: (value) =>
    hasExactKeys(value, ['type', 'version', 'command']) && isRequestId(value.version) && isOneOf(value.command, SUMMARY_MODEL_COMMANDS),
  rendered: (value) =>
    hasExactKeys(value, ['type', 'version', 'renderMs', 'rows']) &&
    isRequestId(value.version) &&
    isFiniteNumber(value.renderMs) &&
    value.renderMs >= 0 &&
    value.renderMs < 1e9 &&
    isIntegerIn(value.rows, 0, MAX_SUMMARY_LAYERS),
  pong: (value) => hasExactKeys(value, ['type', 'requestId']) && isRequestId(value.requestId),
  pressed: (value) => hasExactKeys(value, ['type', 'requestId', 'ok']) && isRequestId(value.requestId) && isBoolean(value.ok),
};

/** The field guards of every message the host posts to the summary webview. */
export const SUMMARY_HOST_TO_WEBVIEW_GUARDS: VariantGuards<SummaryHostToWebview> = {
  show: (value) => hasExactKeys(value, ['type', 'view']) && isSummaryView(value.view),
  ping: (value) => hasExactKeys(value, ['type', 'requestId']) && isRequestId(value.requestId),
  pressRow: (value) => hasExactKeys(value, ['type', 'requestId', 'row']) && isRequestId(value.requestId) && isIndex(value.row),
};

export const isSummaryWebviewToHost: (value: unknown) => value is SummaryWebviewToHost = variantGuard(
  'type',
  SUMMARY_WEBVIEW_TO_HOST_GUARDS,
);

export const isSummaryHostToWebview: (value: unknown) => value is SummaryHostToWebview = variantGuard(
  'type',
  SUMMARY_HOST_TO_WEBVIEW_GUARDS,
);

export function isSummaryBootData(value: unknown): value is SummaryBootData {
  return hasExactKeys(value, ['extensionVersion', 'loadingText']) && isText(value.extensionVersion) && isText(value.loadingText);
}

/** Parses the boot attribute's text; undefined when it is missing, not JSON, or not boot data. */
export function parseSummaryBootData(text: string | undefined): SummaryBootData | undefined {
  if (text === undefined) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return isSummaryBootData(value) ? value : undefined;
  } catch {
    return undefined;
  }
}
