/**
 * How a command that writes files ends when it fails: a dismissed question or a cancelled write is
 * not an error; an error the user can act on is shown as it is; anything else is logged with its stack
 * and shown after `couldNot`. The command resolves with the result either way, never throws.
 */
import * as vscode from 'vscode';
import { WeightFileError, errorText } from '../core/index';
import { Dismissed } from './generateWizard';

export interface FailedResult {
  readonly ok: false;
  readonly cancelled?: boolean;
  readonly error?: string;
}

export function commandFailure(
  e: unknown,
  log: vscode.LogOutputChannel,
  options: {
    /** For the log: `Generate Weight File`. */
    readonly label: string;
    /** The message's start for unexpected errors: `Could not write the weight file: {0}`. */
    readonly couldNot: string;
    /** Errors whose message is meant for the user as it stands (bad input the command explains). */
    readonly isExpected?: (e: unknown) => boolean;
  },
): FailedResult {
  if (e instanceof Dismissed) return { ok: false, cancelled: true };
  const message = errorText(e);
  if (e instanceof WeightFileError && e.code === 'CANCELLED') {
    log.info(message);
    void vscode.window.showInformationMessage(message);
    return { ok: false, cancelled: true, error: message };
  }
  if (options.isExpected?.(e) === true) {
    log.warn(`${options.label}: ${message}`);
    void vscode.window.showErrorMessage(message);
    return { ok: false, error: message };
  }
  log.error(`${options.label} failed`, e);
  void vscode.window.showErrorMessage(options.couldNot.replace('{0}', message));
  return { ok: false, error: message };
}
