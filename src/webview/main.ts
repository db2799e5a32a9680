import type { WebviewToHost } from '../protocol/messages';

declare function acquireVsCodeApi(): { postMessage(message: WebviewToHost): void };

const vscode = acquireVsCodeApi();
vscode.postMessage({ type: 'ready' });
