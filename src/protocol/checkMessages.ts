/**
 * The typed message contract between the extension host and the initialization-check webview. The
 * host sends the program text and the run's settings; the webview runs the core's checkInitialization
 * in its worker, draws the result, and reports a summary back (for the tests and the state), asks the
 * host to reveal a layer, or to apply the initializer edits a suggestion carries. Every message passes
 * the guard of its direction, built from one `Record<type, guard>` table, before it is dispatched.
 */
import {
  hasExactKeys,
  isArrayOf,
  isBoolean,
  isBoundedString,
  isFiniteNumber,
  isIntegerIn,
  isNumberOrNull,
  isRequestId,
  variantGuard,
  type VariantGuards,
} from './guards';

/** Longest program text sent to the webview (10 MB of Python). */
export const MAX_CHECK_TEXT = 10_000_000;
/** Largest batch a run may use. */
export const MAX_BATCH_SIZE = 4096;
/** Most layers a report may list. */
export const MAX_CHECK_LAYERS = 5_000;
/** Most edits one apply message may carry. */
export const MAX_CHECK_EDITS = 5_000;
const MAX_TEXT = 2_000;
const MAX_OFFSET = 2 ** 31;
const UINT32_MAX = 2 ** 32 - 1;

/** What a run is asked to do; the webview's controls change it. */
export interface CheckSettings {
  readonly batchSize: number;
  /** Base seed of the unseeded initializers; null: draw one (the result says which). */
  readonly seed: number | null;
  readonly inputSeed: number;
  /** BatchNormalization and Dropout in training mode. */
  readonly training: boolean;
  /** Also run with every suggested initializer, side by side. */
  readonly compare: boolean;
}

export const DEFAULT_CHECK_SETTINGS: CheckSettings = { batchSize: 256, seed: null, inputSeed: 0, training: false, compare: true };

/** Which model of which document a panel checks; what the panel persists and the serializer restores. */
export interface CheckState {
  readonly uri: string;
  /** The model's variable, else its Keras name; null: the file's default model. */
  readonly model: string | null;
}

/** One layer of a finished run, as reported back to the host (the figures the tests and findings read). */
export interface CheckLayerReport {
  readonly name: string;
  readonly className: string;
  /** null where the value is not finite (an exploding network overflows float32). */
  readonly outputStd: number | null;
  readonly outputMean: number | null;
  readonly zeroFraction: number;
  readonly saturatedFraction: number;
  readonly gradientStd: number | null;
}

/** A source edit in program offsets. */
export interface CheckEdit {
  readonly start: number;
  readonly end: number;
  readonly newText: string;
}

// --- host → webview ---

/** Run the check of `model` in `text` (a Python file, or a notebook's code cells joined). */
export interface CheckRunMessage {
  readonly type: 'run';
  /** Grows with every run the host asks for; replies name it. */
  readonly runId: number;
  readonly text: string;
  readonly fileName: string;
  readonly model: string | null;
  readonly settings: CheckSettings;
  readonly state: CheckState;
}

export interface CheckPingMessage {
  readonly type: 'ping';
  readonly requestId: number;
}

export type CheckHostToWebview = CheckRunMessage | CheckPingMessage;

// --- webview → host ---

export interface CheckReadyMessage {
  readonly type: 'ready';
}

/** The user changed the run's settings: the host runs again with them. */
export interface CheckSettingsMessage {
  readonly type: 'settings';
  readonly settings: CheckSettings;
}

/** A run finished (or stopped): what it found, in figures. */
export interface CheckDoneMessage {
  readonly type: 'done';
  readonly runId: number;
  readonly model: string;
  /** The base seed used (null: no initializer needed one). */
  readonly seed: number | null;
  readonly layers: readonly CheckLayerReport[];
  readonly findings: readonly string[];
  readonly stoppedAt: { readonly layer: number; readonly reason: string } | null;
  /** The side-by-side run with the suggested initializers, when asked. */
  readonly compared: readonly CheckLayerReport[] | null;
  /** From the request to the drawn charts. */
  readonly renderMs: number;
  readonly engine: 'worker' | 'inline';
}

/** A run failed outright (not a layer it cannot run: that is `done` with `stoppedAt`). */
export interface CheckFailedMessage {
  readonly type: 'failed';
  readonly runId: number;
  readonly message: string;
}

/** Reveal layer `layer` of run `runId`'s model in the editor. */
export interface CheckRevealMessage {
  readonly type: 'reveal';
  readonly runId: number;
  readonly layer: number;
}

/** Apply these initializer edits (from run `runId`'s suggestions) to the source. */
export interface CheckApplyMessage {
  readonly type: 'apply';
  readonly runId: number;
  readonly edits: readonly CheckEdit[];
}

export interface CheckPongMessage {
  readonly type: 'pong';
  readonly requestId: number;
}

export type CheckWebviewToHost =
  | CheckReadyMessage
  | CheckSettingsMessage
  | CheckDoneMessage
  | CheckFailedMessage
  | CheckRevealMessage
  | CheckApplyMessage
  | CheckPongMessage;

/** What the webview needs before its first message (in the body's `data-boot` attribute). */
export interface CheckBootData {
  readonly extensionVersion: string;
  readonly loadingText: string;
  /** The worker bundle's webview URI (fetched and started from a blob URL). */
  readonly workerUri: string;
}

// --- guards ---

function isText(value: unknown): value is string {
  return isBoundedString(value, MAX_TEXT);
}

function isSeed(value: unknown): value is number {
  return isIntegerIn(value, 0, UINT32_MAX);
}

function isFraction(value: unknown): value is number {
  return isFiniteNumber(value) && value >= 0 && value <= 1;
}

export function isCheckSettings(value: unknown): value is CheckSettings {
  return (
    hasExactKeys(value, ['batchSize', 'seed', 'inputSeed', 'training', 'compare']) &&
    isIntegerIn(value.batchSize, 1, MAX_BATCH_SIZE) &&
    (value.seed === null || isSeed(value.seed)) &&
    isSeed(value.inputSeed) &&
    isBoolean(value.training) &&
    isBoolean(value.compare)
  );
}

export function isCheckState(value: unknown): value is CheckState {
  return (
    hasExactKeys(value, ['uri', 'model']) &&
    isBoundedString(value.uri, 4096) &&
    /^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(value.uri) &&
    (value.model === null || (isBoundedString(value.model, 200) && value.model.length > 0))
  );
}

function isLayerReport(value: unknown): value is CheckLayerReport {
  return (
    hasExactKeys(value, ['name', 'className', 'outputStd', 'outputMean', 'zeroFraction', 'saturatedFraction', 'gradientStd']) &&
    isText(value.name) &&
    isText(value.className) &&
    isNumberOrNull(value.outputStd) &&
    isNumberOrNull(value.outputMean) &&
    isFraction(value.zeroFraction) &&
    isFraction(value.saturatedFraction) &&
    isNumberOrNull(value.gradientStd)
  );
}

function isEdit(value: unknown): value is CheckEdit {
  return (
    hasExactKeys(value, ['start', 'end', 'newText']) &&
    isIntegerIn(value.start, 0, MAX_OFFSET) &&
    isIntegerIn(value.end, 0, MAX_OFFSET) &&
    value.start <= value.end &&
    isText(value.newText)
  );
}

export const CHECK_HOST_TO_WEBVIEW_GUARDS: VariantGuards<CheckHostToWebview> = {
  run: (value) =>
    hasExactKeys(value, ['type', 'runId', 'text', 'fileName', 'model', 'settings', 'state']) &&
    isRequestId(value.runId) &&
    isBoundedString(value.text, MAX_CHECK_TEXT) &&
    isText(value.fileName) &&
    (value.model === null || isText(value.model)) &&
    isCheckSettings(value.settings) &&
    isCheckState(value.state),
  ping: (value) => hasExactKeys(value, ['type', 'requestId']) && isRequestId(value.requestId),
};

export const CHECK_WEBVIEW_TO_HOST_GUARDS: VariantGuards<CheckWebviewToHost> = {
  ready: (value) => hasExactKeys(value, ['type']),
  settings: (value) => hasExactKeys(value, ['type', 'settings']) && isCheckSettings(value.settings),
  done: (value) =>
    hasExactKeys(value, ['type', 'runId', 'model', 'seed', 'layers', 'findings', 'stoppedAt', 'compared', 'renderMs', 'engine']) &&
    isRequestId(value.runId) &&
    isText(value.model) &&
    (value.seed === null || isSeed(value.seed)) &&
    isArrayOf(value.layers, MAX_CHECK_LAYERS, isLayerReport) &&
    isArrayOf(value.findings, 1_000, isText) &&
    (value.stoppedAt === null ||
      (hasExactKeys(value.stoppedAt, ['layer', 'reason']) &&
        isIntegerIn(value.stoppedAt.layer, 0, MAX_CHECK_LAYERS) &&
        isText(value.stoppedAt.reason))) &&
    (value.compared === null || isArrayOf(value.compared, MAX_CHECK_LAYERS, isLayerReport)) &&
    isFiniteNumber(value.renderMs) &&
    value.renderMs >= 0 &&
    (value.engine === 'worker' || value.engine === 'inline'),
  failed: (value) => hasExactKeys(value, ['type', 'runId', 'message']) && isRequestId(value.runId) && isText(value.message),
  reveal: (value) =>
    hasExactKeys(value, ['type', 'runId', 'layer']) && isRequestId(value.runId) && isIntegerIn(value.layer, 0, MAX_CHECK_LAYERS),
  apply: (value) =>
    hasExactKeys(value, ['type', 'runId', 'edits']) &&
    isRequestId(value.runId) &&
    isArrayOf(value.edits, MAX_CHECK_EDITS, isEdit) &&
    value.edits.length > 0,
  pong: (value) => hasExactKeys(value, ['type', 'requestId']) && isRequestId(value.requestId),
};

export const isCheckHostToWebview: (value: unknown) => value is CheckHostToWebview = variantGuard('type', CHECK_HOST_TO_WEBVIEW_GUARDS);
export const isCheckWebviewToHost: (value: unknown) => value is CheckWebviewToHost = variantGuard('type', CHECK_WEBVIEW_TO_HOST_GUARDS);

export function parseCheckBootData(text: string | undefined): CheckBootData | undefined {
  if (text === undefined) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return hasExactKeys(value, ['extensionVersion', 'loadingText', 'workerUri']) &&
      isText(value.extensionVersion) &&
      isText(value.loadingText) &&
      isText(value.workerUri)
      ? (value as unknown as CheckBootData)
      : undefined;
  } catch {
    return undefined;
  }
}
