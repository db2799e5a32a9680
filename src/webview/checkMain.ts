/**
 * The initialization-check webview's entry: reads the boot data and starts the app (which checks every
 * host message with the protocol guard and drops those that fail it).
 */
import { parseCheckBootData } from '../protocol/checkMessages';
import { BOOT_DATA_ATTRIBUTE } from '../protocol/messages';
import { CheckApp, type CheckVsCodeApi } from './check/checkApp';

declare function acquireVsCodeApi(): CheckVsCodeApi;

const vscodeApi = acquireVsCodeApi();
const boot = parseCheckBootData(document.body.getAttribute(BOOT_DATA_ATTRIBUTE) ?? undefined);
if (!boot) {
  const status = document.getElementById('status');
  if (status) {
    status.textContent = 'The initialization check could not start: its boot data is missing or malformed.';
    status.dataset.state = 'no-boot-data';
  }
  vscodeApi.postMessage({ type: 'ready' });
} else {
  new CheckApp(vscodeApi, boot.workerUri, boot.extensionVersion).start();
}
