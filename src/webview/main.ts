/**
 * The preview webview: the configuration form, the distribution (histogram with the law's density and
 * bounds), the statistics table, the heatmap, Orthogonal's orthogonality error, the activation-
 * propagation comparison, and the Python actions. Sampling runs in workers (see engine.ts); the main
 * thread only draws. Every message from the host is checked by the protocol guard and dropped if
 * malformed; the state is persisted with setState and validated when restored.
 */
import { BOOT_DATA_ATTRIBUTE, parsePreviewBootData } from '../protocol/messages';
import { defaultState, isPreviewState, type PreviewState } from '../protocol/previewConfig';
import { PreviewApp, type VsCodeApi } from './previewApp';

declare function acquireVsCodeApi(): VsCodeApi;

function initialState(vscode: VsCodeApi, boot: ReturnType<typeof parsePreviewBootData>): PreviewState {
  // The webview's own saved state is the newest (a hidden panel reloads with its original HTML).
  const saved = vscode.getState();
  if (isPreviewState(saved)) return saved;
  if (boot?.state) return boot.state;
  return defaultState({ sampleSize: boot?.defaults.sampleSize, followCursor: boot?.defaults.followCursor });
}

const vscodeApi = acquireVsCodeApi();
const boot = parsePreviewBootData(document.body.getAttribute(BOOT_DATA_ATTRIBUTE) ?? undefined);
if (!boot) {
  const status = document.getElementById('status');
  if (status) {
    status.textContent = 'The preview could not start: its boot data is missing or malformed.';
    status.dataset.state = 'no-boot-data';
  }
  vscodeApi.postMessage({ type: 'ready' });
} else {
  const app = new PreviewApp(vscodeApi, boot.workerUri, initialState(vscodeApi, boot), `${boot.readyText} (v${boot.extensionVersion})`);
  app.start();
}
