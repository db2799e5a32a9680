/**
 * The model summary webview's entry: reads the boot data and starts the app (which checks every host
 * message with the protocol guard and drops those that fail it).
 */
import { BOOT_DATA_ATTRIBUTE } from '../protocol/messages';
import { parseSummaryBootData } from '../protocol/summaryMessages';
import { SummaryApp, type SummaryVsCodeApi } from './summary/summaryApp';

declare function acquireVsCodeApi(): SummaryVsCodeApi;

const vscodeApi = acquireVsCodeApi();
const boot = parseSummaryBootData(document.body.getAttribute(BOOT_DATA_ATTRIBUTE) ?? undefined);
if (!boot) {
  const status = document.getElementById('status');
  if (status) {
    status.textContent = 'The model summary could not start: its boot data is missing or malformed.';
    status.dataset.state = 'no-boot-data';
  }
  vscodeApi.postMessage({ type: 'ready' });
} else {
  new SummaryApp(vscodeApi, boot.extensionVersion).start();
}
