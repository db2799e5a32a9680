import * as vscode from 'vscode';
import { Commands } from './commands';
import { registerGenerateCommand } from './generateCommand';
import { registerLanguageFeatures } from './language';
import { PreviewPanel, type PreviewHost } from './previewPanel';
import type { PongMessage } from '../protocol/messages';

/**
 * What `activate` returns. It exists for the extension's own integration tests (they reach the live
 * webview through it); it is not a supported API for other extensions.
 */
export interface ExtensionTestApi {
  readonly preview: {
    /** Whether a preview panel is open. */
    isOpen(): boolean;
    /** Pings the open preview's webview script; rejects when no preview is open or it does not answer. */
    ping(timeoutMs?: number): Promise<PongMessage>;
  };
}

export function activate(context: vscode.ExtensionContext): ExtensionTestApi {
  const log = vscode.window.createOutputChannel('Keras Initializers', { log: true });
  context.subscriptions.push(log);
  registerLanguageFeatures(context, log);
  registerGenerateCommand(context, log);
  const previewHost: PreviewHost = {
    extensionUri: context.extensionUri,
    extensionVersion: String(context.extension.packageJSON.version ?? ''),
    log,
  };

  context.subscriptions.push(
    vscode.commands.registerCommand(Commands.openPreview, () => {
      try {
        PreviewPanel.createOrShow(previewHost);
      } catch (e) {
        log.error('openPreview failed', e);
        void vscode.window.showErrorMessage(vscode.l10n.t('Could not open the initializer preview: {0}', e instanceof Error ? e.message : String(e)));
      }
    }),
    // Restores the preview after a window reload. It keeps no webview state yet, so there is none to validate.
    vscode.window.registerWebviewPanelSerializer(PreviewPanel.viewType, {
      deserializeWebviewPanel: async (panel: vscode.WebviewPanel, _state: unknown) => {
        PreviewPanel.revive(panel, previewHost);
      },
    }),
    { dispose: () => PreviewPanel.currentPanel?.dispose() },
  );

  return {
    preview: {
      isOpen: () => PreviewPanel.currentPanel !== undefined,
      ping: (timeoutMs?: number) => {
        const panel = PreviewPanel.currentPanel;
        return panel ? panel.ping(timeoutMs) : Promise.reject(new Error('no initializer preview is open'));
      },
    },
  };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
