import { WeightFileError } from '../core/index';

/** Formats a message with `{0}`-style placeholders, as `vscode.l10n.t` does without a translation. */
export type MessageFormat = (message: string, ...args: string[]) => string;

const english: MessageFormat = (message, ...args) => message.replace(/\{(\d+)\}/g, (m, i: string) => args[Number(i)] ?? m);

/** The error for a target that another writer created while this one wrote its temporary. */
export function targetAppeared(display: string, format: MessageFormat = english): WeightFileError {
  return new WeightFileError('TARGET_EXISTS', format('{0} appeared while it was being written; it was left untouched.', display));
}
