/**
 * The typed message contract between the extension host and the preview webview, shared by both sides.
 * Messages are plain JSON with a `type` literal; every message that crosses `postMessage` is checked by
 * the guard of its direction before it is dispatched, and dropped when the check fails. Guards reject
 * extra fields, wrong types, non-finite numbers, oversized arrays and strings, and prototype keys.
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
  isPlainRecord,
  isRequestId,
  own,
  variantGuard,
  type VariantGuards,
} from './guards';
import { isConfigPatch, isPreviewConfig, isPreviewState, type ConfigPatch, type PreviewConfig, type PreviewState } from './previewConfig';

export { isRequestId } from './guards';

/** Longest Python text the webview may ask the host to copy or insert. */
export const MAX_CODE_LENGTH = 20_000;
/** Longest free text (labels, notices, errors) in a message. */
export const MAX_TEXT_LENGTH = 2_000;
/** Longest per-layer series in a snapshot (the propagation depth limit, plus the input). */
export const MAX_SERIES = 64;

// --- shared pieces ---

/** How the last render went, measured in the webview (performance.now()). */
export interface RenderTimings {
  /** The analysis job this render belongs to. */
  readonly jobId: number;
  /** From the configuration change to the histogram on screen. */
  readonly totalMs: number;
  /** Sampling and statistics (in the worker, or in slices on the main thread). */
  readonly computeMs: number;
  /** Drawing the histogram and filling the table, on the main thread. */
  readonly drawMs: number;
  /** The longest single stretch the main thread spent on this render. */
  readonly longestTaskMs: number;
  /** Values sampled. */
  readonly samples: number;
  readonly engine: 'worker' | 'inline';
}

export const STAT_KEYS = ['mean', 'std', 'min', 'max', 'fanIn', 'fanOut', 'n', 'ks'] as const;
export type StatKey = (typeof STAT_KEYS)[number];
/** One column of the statistics table; null where a value does not apply (e.g. the max of a normal law). */
export type StatRow = { readonly [K in StatKey]: number | null };

export interface StatisticsSnapshot {
  /** From the law: closed-form mean and std, support bounds, fans, tensor size, and the KS distance a true sample stays under 95% of the time. */
  readonly expected: StatRow;
  /** From the sampled values; `ks` is the KS distance (a lower bound, see `ksUpperBound`). */
  readonly sampled: StatRow;
  readonly ksUpperBound: number | null;
}

/** ‖QᵀQ − I‖ (or ‖QQᵀ − I‖ for wide matrices) of an Orthogonal sample, Q = values / gain. */
export interface OrthogonalitySnapshot {
  readonly maxAbs: number;
  readonly frobenius: number;
}

export interface HeatmapSnapshot {
  /** The 2-D view's size: the last two dimensions (the first slice for rank > 2). */
  readonly rows: number;
  readonly cols: number;
  /** Cells drawn (every `rows / shownRows`-th row when the view is subsampled). */
  readonly shownRows: number;
  readonly shownCols: number;
  /** The colour scale spans [-limit, limit]. */
  readonly limit: number;
}

export interface PropagationSnapshot {
  /** Layers computed so far (0 = the probe input). */
  readonly layers: number;
  readonly stdA: readonly (number | null)[];
  readonly stdB: readonly (number | null)[];
  /** Both stacks finished (or failed). */
  readonly complete: boolean;
}

/** What the webview shows right now: its state, statistics and timings (for tests and diagnostics). */
export interface PreviewSnapshot {
  readonly state: PreviewState;
  readonly status: 'computing' | 'ready' | 'error';
  readonly error: string | null;
  readonly engine: 'worker' | 'inline' | 'starting';
  readonly statistics: StatisticsSnapshot | null;
  readonly orthogonality: OrthogonalitySnapshot | null;
  readonly heatmap: HeatmapSnapshot | null;
  /** Whether the histogram canvas holds pixels other than its background. */
  readonly histogramDrawn: boolean;
  readonly propagation: PropagationSnapshot | null;
  readonly render: RenderTimings | null;
  /** The Python the Copy button would copy. */
  readonly python: string;
  /** Where the shown configuration came from (e.g. "model.py:5"), if not from the panel's own controls. */
  readonly origin: string | null;
}

/** How the last active Python editor imports Keras, so inserted code follows the file. */
export interface EditorContext {
  /** File name shown in the panel (no path). */
  readonly fileName: string;
  /** What to write before a class name: `keras.initializers.`, `tf.keras.initializers.`, `I.`, or ''. */
  readonly qualifier: string;
  /** Initializer names imported bare: local name → Keras name. */
  readonly bareNames: Readonly<Record<string, string>>;
}

export type PanelAction = 'copyPython' | 'insertPython' | 'exportWeights' | 'randomizeSeed';
export const PANEL_ACTIONS: readonly PanelAction[] = ['copyPython', 'insertPython', 'exportWeights', 'randomizeSeed'];

// --- webview → host ---

/** The webview's script has run and listens: the host may send requests from now on. */
export interface ReadyMessage {
  readonly type: 'ready';
}

/** Answer to a `ping`, carrying the same `requestId`. */
export interface PongMessage {
  readonly type: 'pong';
  readonly requestId: number;
}

/** The webview's state changed (controls, follow toggle, view options); sent after `ready` too. */
export interface StateChangedMessage {
  readonly type: 'stateChanged';
  readonly state: PreviewState;
}

/** Copy this Python to the clipboard. */
export interface CopyPythonMessage {
  readonly type: 'copyPython';
  readonly code: string;
}

/** Insert this Python expression at the cursor of the last active Python editor. */
export interface InsertPythonMessage {
  readonly type: 'insertPython';
  readonly code: string;
}

/** Run the generate command with this configuration. */
export interface ExportWeightsMessage {
  readonly type: 'exportWeights';
  readonly config: PreviewConfig;
}

/** A render finished: its timings. */
export interface RenderedMessage {
  readonly type: 'rendered';
  readonly timings: RenderTimings;
}

/** Answer to `getSnapshot`. */
export interface SnapshotMessage {
  readonly type: 'snapshot';
  readonly requestId: number;
  readonly snapshot: PreviewSnapshot;
}

/** Answer to `invoke`: the action ran (error null) or why it did not. */
export interface InvokedMessage {
  readonly type: 'invoked';
  readonly requestId: number;
  readonly error: string | null;
}

/** Messages the webview posts to the host. */
export type WebviewToHost =
  | ReadyMessage
  | PongMessage
  | StateChangedMessage
  | CopyPythonMessage
  | InsertPythonMessage
  | ExportWeightsMessage
  | RenderedMessage
  | SnapshotMessage
  | InvokedMessage;

// --- host → webview ---

/** Asks the webview to answer with a `pong` of the same `requestId` (proves its script is live). */
export interface PingMessage {
  readonly type: 'ping';
  readonly requestId: number;
}

/**
 * Shows a configuration picked outside the panel. `version` grows with every patch the host sends;
 * the webview ignores a patch older than one it applied. `origin` says where it came from.
 */
export interface SetConfigMessage {
  readonly type: 'setConfig';
  readonly version: number;
  readonly patch: ConfigPatch;
  readonly origin: string | null;
}

/** The last active Python editor changed (null: none is open). */
export interface EditorContextMessage {
  readonly type: 'editorContext';
  readonly context: EditorContext | null;
}

/** Asks for a `snapshot` of the same `requestId`. */
export interface GetSnapshotMessage {
  readonly type: 'getSnapshot';
  readonly requestId: number;
}

/** Runs a panel action as if its button were pressed; answered by `invoked`. */
export interface InvokeMessage {
  readonly type: 'invoke';
  readonly requestId: number;
  readonly action: PanelAction;
}

/** A short message for the panel's live region (e.g. "Copied"). */
export interface NoticeMessage {
  readonly type: 'notice';
  readonly kind: 'info' | 'error';
  readonly text: string;
}

/** Messages the host posts to the webview. */
export type HostToWebview = PingMessage | SetConfigMessage | EditorContextMessage | GetSnapshotMessage | InvokeMessage | NoticeMessage;

// --- boot data ---

/** Name of the `<body>` attribute that carries the JSON boot data (read as `document.body.dataset.boot`). */
export const BOOT_DATA_ATTRIBUTE = 'data-boot';

/** What the webview needs before its first message, rendered into the HTML by the host. */
export interface PreviewBootData {
  /** The extension's version, shown in the panel. */
  readonly extensionVersion: string;
  /** Localized text shown once the script runs. */
  readonly readyText: string;
  /** The worker bundle's webview URI (fetched and started from a blob URL). */
  readonly workerUri: string;
  /** The state to start from (restored or given by a command); null: the webview's own saved state or defaults. */
  readonly state: PreviewState | null;
  /** Defaults from the settings, for a fresh state. */
  readonly defaults: { readonly sampleSize: number; readonly followCursor: boolean };
}

// --- runtime guards ---

function isText(value: unknown): value is string {
  return isBoundedString(value, MAX_TEXT_LENGTH);
}

function isDuration(value: unknown): value is number {
  return isFiniteNumber(value) && value >= 0 && value < 1e9;
}

export function isRenderTimings(value: unknown): value is RenderTimings {
  return (
    hasExactKeys(value, ['jobId', 'totalMs', 'computeMs', 'drawMs', 'longestTaskMs', 'samples', 'engine']) &&
    isRequestId(value.jobId) &&
    isDuration(value.totalMs) &&
    isDuration(value.computeMs) &&
    isDuration(value.drawMs) &&
    isDuration(value.longestTaskMs) &&
    isIntegerIn(value.samples, 0, Number.MAX_SAFE_INTEGER) &&
    isOneOf(value.engine, ['worker', 'inline'])
  );
}

function isStatRow(value: unknown): value is StatRow {
  if (!hasExactKeys(value, STAT_KEYS)) return false;
  return STAT_KEYS.every((k) => isNumberOrNull(own(value, k)));
}

function isStatistics(value: unknown): value is StatisticsSnapshot {
  return (
    hasExactKeys(value, ['expected', 'sampled', 'ksUpperBound']) &&
    isStatRow(value.expected) &&
    isStatRow(value.sampled) &&
    isNumberOrNull(value.ksUpperBound)
  );
}

function isOrthogonality(value: unknown): value is OrthogonalitySnapshot {
  return hasExactKeys(value, ['maxAbs', 'frobenius']) && isFiniteNumber(value.maxAbs) && isFiniteNumber(value.frobenius);
}

function isCount(value: unknown): value is number {
  return isIntegerIn(value, 0, Number.MAX_SAFE_INTEGER);
}

function isHeatmap(value: unknown): value is HeatmapSnapshot {
  return (
    hasExactKeys(value, ['rows', 'cols', 'shownRows', 'shownCols', 'limit']) &&
    isCount(value.rows) &&
    isCount(value.cols) &&
    isCount(value.shownRows) &&
    isCount(value.shownCols) &&
    isFiniteNumber(value.limit)
  );
}

function isSeries(value: unknown): value is (number | null)[] {
  return isArrayOf(value, MAX_SERIES, isNumberOrNull);
}

function isPropagation(value: unknown): value is PropagationSnapshot {
  return (
    hasExactKeys(value, ['layers', 'stdA', 'stdB', 'complete']) &&
    isIntegerIn(value.layers, 0, MAX_SERIES) &&
    isSeries(value.stdA) &&
    isSeries(value.stdB) &&
    isBoolean(value.complete)
  );
}

function orNull<T>(guard: (v: unknown) => v is T): (v: unknown) => v is T | null {
  return (v: unknown): v is T | null => v === null || guard(v);
}

export function isPreviewSnapshot(value: unknown): value is PreviewSnapshot {
  return (
    hasExactKeys(value, [
      'state',
      'status',
      'error',
      'engine',
      'statistics',
      'orthogonality',
      'heatmap',
      'histogramDrawn',
      'propagation',
      'render',
      'python',
      'origin',
    ]) &&
    isPreviewState(value.state) &&
    isOneOf(value.status, ['computing', 'ready', 'error']) &&
    orNull(isText)(value.error) &&
    isOneOf(value.engine, ['worker', 'inline', 'starting']) &&
    orNull(isStatistics)(value.statistics) &&
    orNull(isOrthogonality)(value.orthogonality) &&
    orNull(isHeatmap)(value.heatmap) &&
    isBoolean(value.histogramDrawn) &&
    orNull(isPropagation)(value.propagation) &&
    orNull(isRenderTimings)(value.render) &&
    isBoundedString(value.python, MAX_CODE_LENGTH) &&
    orNull(isText)(value.origin)
  );
}

function isBareNames(value: unknown): value is Record<string, string> {
  if (!isPlainRecord(value)) return false;
  const entries = Object.entries(value);
  return entries.length <= 64 && entries.every(([k, v]) => k.length <= 100 && isBoundedString(v, 100));
}

export function isEditorContext(value: unknown): value is EditorContext {
  return (
    hasExactKeys(value, ['fileName', 'qualifier', 'bareNames']) &&
    isBoundedString(value.fileName, 260) &&
    isBoundedString(value.qualifier, 100) &&
    isBareNames(value.bareNames)
  );
}

function isCode(value: unknown): value is string {
  return isBoundedString(value, MAX_CODE_LENGTH);
}

function isCodeMessage(value: Record<string, unknown>): boolean {
  return hasExactKeys(value, ['type', 'code']) && isCode(value.code) && value.code.length > 0;
}

function isRequestMessage(value: Record<string, unknown>): boolean {
  return hasExactKeys(value, ['type', 'requestId']) && isRequestId(value.requestId);
}

/** The field guards of every message the webview posts to the host. */
export const WEBVIEW_TO_HOST_GUARDS: VariantGuards<WebviewToHost> = {
  ready: (value) => hasExactKeys(value, ['type']),
  pong: isRequestMessage,
  stateChanged: (value) => hasExactKeys(value, ['type', 'state']) && isPreviewState(value.state),
  copyPython: isCodeMessage,
  insertPython: isCodeMessage,
  exportWeights: (value) => hasExactKeys(value, ['type', 'config']) && isPreviewConfig(value.config),
  rendered: (value) => hasExactKeys(value, ['type', 'timings']) && isRenderTimings(value.timings),
  snapshot: (value) =>
    hasExactKeys(value, ['type', 'requestId', 'snapshot']) && isRequestId(value.requestId) && isPreviewSnapshot(value.snapshot),
  invoked: (value) => hasExactKeys(value, ['type', 'requestId', 'error']) && isRequestId(value.requestId) && orNull(isText)(value.error),
};

/** The field guards of every message the host posts to the webview. */
export const HOST_TO_WEBVIEW_GUARDS: VariantGuards<HostToWebview> = {
  ping: isRequestMessage,
  getSnapshot: isRequestMessage,
  setConfig: (value) =>
    hasExactKeys(value, ['type', 'version', 'patch', 'origin']) &&
    isRequestId(value.version) &&
    isConfigPatch(value.patch) &&
    orNull(isText)(value.origin),
  editorContext: (value) => hasExactKeys(value, ['type', 'context']) && orNull(isEditorContext)(value.context),
  invoke: (value) =>
    hasExactKeys(value, ['type', 'requestId', 'action']) && isRequestId(value.requestId) && isOneOf(value.action, PANEL_ACTIONS),
  notice: (value) => hasExactKeys(value, ['type', 'kind', 'text']) && isOneOf(value.kind, ['info', 'error']) && isText(value.text),
};

/** Checks a message the webview posted, with the guard of its `type`. */
export const isWebviewToHost: (value: unknown) => value is WebviewToHost = variantGuard('type', WEBVIEW_TO_HOST_GUARDS);

/** Checks a message the host posted, with the guard of its `type`. */
export const isHostToWebview: (value: unknown) => value is HostToWebview = variantGuard('type', HOST_TO_WEBVIEW_GUARDS);

export function isPreviewBootData(value: unknown): value is PreviewBootData {
  if (!hasExactKeys(value, ['extensionVersion', 'readyText', 'workerUri', 'state', 'defaults'])) return false;
  const defaults = value.defaults;
  return (
    isText(value.extensionVersion) &&
    isText(value.readyText) &&
    isText(value.workerUri) &&
    orNull(isPreviewState)(value.state) &&
    hasExactKeys(defaults, ['sampleSize', 'followCursor']) &&
    isIntegerIn(defaults.sampleSize, 1, Number.MAX_SAFE_INTEGER) &&
    isBoolean(defaults.followCursor)
  );
}

/** Parses the boot attribute's text; undefined when it is missing, not JSON, or not boot data. */
export function parsePreviewBootData(text: string | undefined): PreviewBootData | undefined {
  if (text === undefined) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return isPreviewBootData(value) ? value : undefined;
  } catch {
    return undefined;
  }
}
