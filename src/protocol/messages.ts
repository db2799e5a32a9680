/** The typed message contract between the extension host and the preview webview. */
export interface ReadyMessage {
  readonly type: 'ready';
}

/** Messages the webview posts to the host. */
export type WebviewToHost = ReadyMessage;

export function isWebviewToHost(value: unknown): value is WebviewToHost {
  return typeof value === 'object' && value !== null && (value as { type?: unknown }).type === 'ready';
}
