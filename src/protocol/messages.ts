/**
 * The typed message contract between the extension host and the preview webview, shared by both sides.
 * Messages are plain JSON with a `type` literal; every message that crosses `postMessage` is checked by
 * the guard of its direction before it is dispatched, and dropped when the check fails.
 */

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

/** Messages the webview posts to the host. */
export type WebviewToHost = ReadyMessage | PongMessage;

// --- host → webview ---

/** Asks the webview to answer with a `pong` of the same `requestId` (proves its script is live). */
export interface PingMessage {
  readonly type: 'ping';
  readonly requestId: number;
}

/** Messages the host posts to the webview. */
export type HostToWebview = PingMessage;

// --- boot data ---

/** Name of the `<body>` attribute that carries the JSON boot data (read as `document.body.dataset.boot`). */
export const BOOT_DATA_ATTRIBUTE = 'data-boot';

/** What the webview needs before its first message, rendered into the HTML by the host. */
export interface PreviewBootData {
  /** The extension's version, shown in the panel. */
  readonly extensionVersion: string;
  /** Localized text shown once the script runs. */
  readonly readyText: string;
}

// --- runtime guards ---

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Request ids are positive safe integers, so they survive the JSON round trip exactly. */
export function isRequestId(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0;
}

export function isWebviewToHost(value: unknown): value is WebviewToHost {
  if (!isRecord(value)) return false;
  switch (value.type) {
    case 'ready':
      return true;
    case 'pong':
      return isRequestId(value.requestId);
    default:
      return false;
  }
}

export function isHostToWebview(value: unknown): value is HostToWebview {
  if (!isRecord(value)) return false;
  switch (value.type) {
    case 'ping':
      return isRequestId(value.requestId);
    default:
      return false;
  }
}

export function isPreviewBootData(value: unknown): value is PreviewBootData {
  return isRecord(value) && typeof value.extensionVersion === 'string' && typeof value.readyText === 'string';
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
