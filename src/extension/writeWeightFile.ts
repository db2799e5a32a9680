/**
 * Writes a weight file job atomically: checks the folder, the free space and (outside the local disk)
 * the in-memory limit, removes temporaries a killed run left, and streams the file with a cancellable
 * progress notification for large tensors.
 */
import * as vscode from 'vscode';
import { WeightFileError, writeAtomically } from '../core/index';
import { availableBytes, parentOf, removeStaleTemporaries, uriAtomicTarget } from './fileWriter';
import { fileName, type Job } from './generateJob';
import type { GenerateSettings } from './settings';

/** Tensors with at least this many values are written under a cancellable progress notification. */
const PROGRESS_MIN_VALUES = 1 << 20;

/**
 * The pieces with a turn of the event loop after each: a file built in memory is written without
 * awaiting any I/O, and the extension host must stay responsive (and see a cancel) meanwhile.
 */
async function* yielding(pieces: Iterable<Uint8Array>): AsyncGenerator<Uint8Array, void, undefined> {
  for (const piece of pieces) {
    yield piece;
    await new Promise<void>((resolve) => setTimeout(resolve, 0));
  }
}

export async function writeJob(job: Job, settings: GenerateSettings, log: vscode.LogOutputChannel): Promise<number> {
  const { plan, target } = job;
  const dir = parentOf(target);
  if (target.scheme !== 'file' && plan.byteLength !== undefined && plan.byteLength > settings.inMemoryLimitBytes) {
    throw new WeightFileError(
      'WRITE_FAILED',
      vscode.l10n.t(
        'The file needs {0} MiB; outside the local disk files are built in memory up to {1} MiB (setting kerasInitializers.generate.inMemoryLimitMB).',
        Math.ceil(plan.byteLength / 2 ** 20),
        Math.round(settings.inMemoryLimitBytes / 2 ** 20),
      ),
    );
  }
  // workspace.fs.writeFile would create missing folders; a file goes only where the user pointed.
  let folder: vscode.FileStat | undefined;
  try {
    folder = await vscode.workspace.fs.stat(dir);
  } catch {
    folder = undefined;
  }
  if (folder === undefined || (folder.type & vscode.FileType.Directory) === 0) {
    throw new WeightFileError(
      'WRITE_FAILED',
      vscode.l10n.t(
        'Cannot write {0}: the folder {1} does not exist.',
        fileName(target),
        dir.scheme === 'file' ? dir.fsPath : dir.toString(true),
      ),
    );
  }
  for (const removed of await removeStaleTemporaries(dir)) {
    log.info(`Removed ${removed.fsPath}, a temporary file left by a run that was killed.`);
  }
  const free = await availableBytes(dir);
  if (plan.byteLength !== undefined && free !== undefined && plan.byteLength > free) {
    throw new WeightFileError(
      'WRITE_FAILED',
      vscode.l10n.t(
        'The file needs {0} MiB but only {1} MiB is available in {2}; nothing was written.',
        Math.ceil(plan.byteLength / 2 ** 20),
        Math.floor(free / 2 ** 20),
        dir.fsPath,
      ),
    );
  }
  const atomic = uriAtomicTarget(target, { inMemoryLimitBytes: settings.inMemoryLimitBytes, expectedBytes: plan.byteLength });
  const run = (token?: vscode.CancellationToken, progress?: vscode.Progress<{ increment?: number; message?: string }>) => {
    let shown = 0;
    return writeAtomically(atomic, yielding(plan.pieces()), {
      overwrite: job.overwrite,
      isCancelled: () => token?.isCancellationRequested ?? false,
      onProgress: () => {
        const percent = Math.floor((plan.valuesDone / Math.max(1, plan.totalValues)) * 100);
        if (progress !== undefined && percent > shown) {
          progress.report({ increment: percent - shown, message: `${percent}%` });
          shown = percent;
        }
      },
    });
  };
  if (plan.totalValues < PROGRESS_MIN_VALUES) return run();
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Writing {0}', fileName(target)), cancellable: true },
    (progress, token) => run(token, progress),
  );
}
