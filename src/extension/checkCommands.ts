/**
 * Registers "Check Model Initialization" (palette, editor context menu, the CodeLens above each model,
 * the model summary's button) and the serializer that restores its panel after a reload; checkTestApi
 * is its part of the extension's test API.
 */
import * as vscode from 'vscode';
import { errorText } from '../core/index';
import {
  DEFAULT_CHECK_SETTINGS,
  isCheckSettings,
  isCheckState,
  type CheckDoneMessage,
  type CheckSettings,
} from '../protocol/checkMessages';
import { CheckPanel, type CheckHost } from './checkPanel';
import { Commands } from './commands';
import { modelFromEditor, type ModelTarget } from './modelTarget';
import { readCheckSettings } from './settings';

export interface CheckTestApi {
  isOpen(): boolean;
  /** The last finished run's report (undefined while one runs). */
  done(): CheckDoneMessage | undefined;
  /** Resolves with the next finished run's report; rejects with the run's failure. */
  nextDone(timeoutMs?: number): Promise<CheckDoneMessage>;
  /** Changes the run's settings as the panel's controls do (a new run starts). */
  setSettings(settings: CheckSettings): Promise<void>;
  settings(): CheckSettings | undefined;
  appliedEdits(): number;
  ping(timeoutMs?: number): Promise<void>;
}

function startSettings(): CheckSettings {
  const configured = readCheckSettings(vscode.workspace);
  return { ...DEFAULT_CHECK_SETTINGS, batchSize: configured.batchSize, training: configured.training };
}

/** The command's argument: a CodeLens's or the summary's `{ uri, model }`, a menu's URI, or nothing. */
async function targetOf(argument: unknown, log: vscode.LogOutputChannel): Promise<ModelTarget | undefined> {
  if (isCheckState(argument)) return { uri: vscode.Uri.parse(argument.uri, true), model: argument.model };
  if (argument !== undefined && !(argument instanceof vscode.Uri)) {
    log.warn('checkModelInitialization: ignored an argument that names no model');
  }
  return modelFromEditor(argument instanceof vscode.Uri ? argument : undefined, {
    noProgram: vscode.l10n.t('Open a Python file or notebook with a Keras model to check its initialization.'),
    pickPlaceholder: vscode.l10n.t('Pick the model to check'),
  });
}

export function registerCheck(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): vscode.Disposable {
  const host: CheckHost = {
    extensionUri: context.extensionUri,
    extensionVersion: String(context.extension.packageJSON.version ?? ''),
    log,
  };
  return vscode.Disposable.from(
    vscode.commands.registerCommand(Commands.checkModelInitialization, async (argument?: unknown) => {
      try {
        const target = await targetOf(argument, log);
        if (target !== undefined) await CheckPanel.show(host, target, CheckPanel.currentPanel?.currentSettings ?? startSettings());
      } catch (e) {
        log.error('checkModelInitialization failed', e);
        void vscode.window.showErrorMessage(vscode.l10n.t('Could not check the model: {0}', errorText(e)));
      }
    }),
    vscode.window.registerWebviewPanelSerializer(CheckPanel.viewType, {
      deserializeWebviewPanel: async (panel: vscode.WebviewPanel, state: unknown) => {
        let target: ModelTarget | null = null;
        if (isCheckState(state)) {
          try {
            target = { uri: vscode.Uri.parse(state.uri, true), model: state.model };
          } catch {
            log.warn('initialization check: the saved URI is not valid; it is ignored');
          }
        } else if (state !== undefined && state !== null) {
          log.warn('initialization check: the saved state is not valid; it is ignored');
        }
        CheckPanel.revive(panel, host, target, startSettings());
      },
    }),
    new vscode.Disposable(() => CheckPanel.currentPanel?.dispose()),
  );
}

function openPanel(): CheckPanel {
  const panel = CheckPanel.currentPanel;
  if (!panel) throw new Error('no initialization check is open');
  return panel;
}

export function checkTestApi(): CheckTestApi {
  return {
    isOpen: () => CheckPanel.currentPanel !== undefined,
    done: () => CheckPanel.currentPanel?.done,
    nextDone: (timeoutMs = 60_000) => openPanel().nextDone(timeoutMs),
    setSettings: async (settings) => {
      if (!isCheckSettings(settings)) throw new Error(`not valid check settings: ${JSON.stringify(settings)}`);
      await openPanel().setSettings(settings);
    },
    settings: () => CheckPanel.currentPanel?.currentSettings,
    appliedEdits: () => CheckPanel.currentPanel?.appliedEdits ?? 0,
    ping: async (timeoutMs) => {
      await openPanel().ping(timeoutMs);
    },
  };
}
