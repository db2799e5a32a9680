/** The preview webview's script: announces itself, then answers the host's requests. */
import { isHostToWebview, parsePreviewBootData, type HostToWebview, type WebviewToHost } from '../protocol/messages';

interface VsCodeApi {
  postMessage(message: WebviewToHost): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const status = document.getElementById('status');
const boot = parsePreviewBootData(document.body.dataset.boot);
let pings = 0;

function handle(message: HostToWebview): void {
  switch (message.type) {
    case 'ping':
      pings += 1;
      if (status) status.dataset.pings = String(pings);
      vscode.postMessage({ type: 'pong', requestId: message.requestId });
      break;
  }
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  // Anything that is not a well-formed host message is dropped unread.
  if (isHostToWebview(event.data)) handle(event.data);
});

if (status) {
  status.textContent = boot ? `${boot.readyText} (v${boot.extensionVersion})` : 'Preview script running (boot data missing)';
  status.dataset.state = boot ? 'ready' : 'no-boot-data';
}
vscode.postMessage({ type: 'ready' });
