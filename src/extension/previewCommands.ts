/**
 * Registers the preview: the "Open Initializer Preview" command (palette, editor title and context
 * menus, hover links with a configuration argument) and the serializer that restores the panel after a
 * window reload from its validated state; previewTestApi is the preview part of the extension's test API.
 */
import * as vscode from 'vscode';
import { errorText } from '../core/index';
import type { PanelAction, PongMessage, PreviewSnapshot, RenderTimings } from '../protocol/messages';
import { parsePreviewState, type PreviewState } from '../protocol/previewConfig';
import { Commands } from './commands';
import { PreviewPanel, type PreviewHost } from './previewPanel';
import { patchFromCommandArgument } from './patchFromCommandArgument';
import { readPreviewSettings } from './settings';

/** The preview's part of the test API `activate` returns (for the extension's own integration tests). */
export interface PreviewTestApi {
  /** Whether a preview panel is open. */
  isOpen(): boolean;
  /** Pings the open preview's webview script; rejects when no preview is open or it does not answer. */
  ping(timeoutMs?: number): Promise<PongMessage>;
  /** What the webview shows: its state, statistics and last render's timings. */
  snapshot(timeoutMs?: number): Promise<PreviewSnapshot>;
  /** Presses a panel button (Copy, Insert, Export, Randomize) through the webview. */
  invoke(action: PanelAction, timeoutMs?: number): Promise<void>;
  /** The state the webview last reported to the host. */
  state(): PreviewState | undefined;
  /** Timings of the last render the webview reported. */
  lastRender(): RenderTimings | undefined;
  /** How many configurations the host has sent the open panel (a command argument, a cursor move). */
  patchesSent(): number;
}

function openPanel(): PreviewPanel {
  const panel = PreviewPanel.currentPanel;
  if (!panel) throw new Error('no initializer preview is open');
  return panel;
}

/** Registers the preview command and serializer; disposing the result unregisters them and closes the panel. */
export function registerPreview(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): vscode.Disposable {
  const host: PreviewHost = {
    extensionUri: context.extensionUri,
    extensionVersion: String(context.extension.packageJSON.version ?? ''),
    log,
    settings: () => readPreviewSettings(vscode.workspace),
  };

  return vscode.Disposable.from(
    vscode.commands.registerCommand(Commands.openPreview, (argument?: unknown) => {
      try {
        // From a menu, VS Code passes the editor's URI: that is not a configuration.
        const parsed = argument instanceof vscode.Uri ? ({ ok: true, result: undefined } as const) : patchFromCommandArgument(argument);
        if (!parsed.ok) {
          log.warn(`openPreview: ${parsed.error}`);
          void vscode.window.showErrorMessage(vscode.l10n.t('The preview cannot show this initializer: {0}', parsed.error));
        }
        PreviewPanel.createOrShow(
          host,
          parsed.ok ? parsed.result : undefined,
          parsed.ok && parsed.result ? vscode.l10n.t('a link') : undefined,
        );
      } catch (e) {
        log.error('openPreview failed', e);
        void vscode.window.showErrorMessage(vscode.l10n.t('Could not open the initializer preview: {0}', errorText(e)));
      }
    }),
    // Restores the preview after a window reload; a state that fails the guards is dropped for defaults.
    vscode.window.registerWebviewPanelSerializer(PreviewPanel.viewType, {
      deserializeWebviewPanel: async (panel: vscode.WebviewPanel, state: unknown) => {
        const valid = parsePreviewState(state);
        if (state !== undefined && state !== null && !valid) {
          log.warn('preview: the saved state is not valid; the preview starts from its defaults');
        }
        PreviewPanel.revive(panel, host, valid ?? null);
      },
    }),
    new vscode.Disposable(() => PreviewPanel.currentPanel?.dispose()),
  );
}

/** The preview's part of the test API, reading the open panel. */
export function previewTestApi(): PreviewTestApi {
  return {
    isOpen: () => PreviewPanel.currentPanel !== undefined,
    ping: (timeoutMs) => {
      const panel = PreviewPanel.currentPanel;
      return panel ? panel.ping(timeoutMs) : Promise.reject(new Error('no initializer preview is open'));
    },
    snapshot: async (timeoutMs) => openPanel().snapshot(timeoutMs),
    invoke: async (action, timeoutMs) => openPanel().invoke(action, timeoutMs),
    state: () => PreviewPanel.currentPanel?.webviewState,
    lastRender: () => PreviewPanel.currentPanel?.lastRenderTimings,
    patchesSent: () => PreviewPanel.currentPanel?.patchesSent ?? 0,
  };
}
