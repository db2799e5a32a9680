/** Writing a planned weight file from the CLI: checks first, then the atomic write with progress. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { WeightFileError, errorCode, writeAtomically, type WeightFilePlan } from '../core/index';
import { availableBytes } from '../node/availableBytes';
import { nodeAtomicTarget, removeStaleTemporaries } from '../node/nodeAtomicTarget';
import type { CliIo } from './io';
import { createProgressBar } from './progress';

/** Tensors with at least this many values get a progress bar (when stderr is a terminal). */
const PROGRESS_MIN_VALUES = 1 << 22;

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let v = n / 1024;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v.toFixed(v < 10 ? 2 : 1)} ${units[u]}`;
}

/**
 * Checks that `target` (an absolute path) may be written — not a folder, not an existing file
 * without `force` — and removes temporaries that killed runs left beside it.
 */
export async function prepareTarget(target: string, force: boolean, io: CliIo): Promise<void> {
  let stat: fs.Stats | undefined;
  try {
    stat = await fs.promises.stat(target);
  } catch (e) {
    if (errorCode(e) !== 'ENOENT' && errorCode(e) !== 'ENOTDIR') throw e;
  }
  if (stat?.isDirectory()) throw new WeightFileError('WRITE_FAILED', `${target} is a folder; give a file name with -o.`);
  if (stat !== undefined && !force) {
    throw new WeightFileError('TARGET_EXISTS', `${target} already exists; add --force to replace it, or choose another name with -o.`);
  }
  const dir = path.dirname(target);
  for (const name of await removeStaleTemporaries(dir, io.files)) {
    io.stderr.write(`Removed ${path.join(dir, name)}, a temporary file left by a run that was killed.\n`);
  }
}

/**
 * Writes `plan` to `target` (an absolute path). Refuses to replace an existing file unless
 * `force`; removes temporaries of killed runs in the folder first; fails early when the file
 * cannot fit. Returns the bytes written.
 */
export async function writePlan(plan: WeightFilePlan, target: string, force: boolean, io: CliIo): Promise<number> {
  const dir = path.dirname(target);
  await prepareTarget(target, force, io);
  if (plan.byteLength !== undefined) {
    const free = await availableBytes(dir);
    if (free !== undefined && plan.byteLength > free) {
      throw new WeightFileError(
        'WRITE_FAILED',
        `${target} needs ${formatBytes(plan.byteLength)} but only ${formatBytes(free)} is available in ${dir}; nothing was written.`,
      );
    }
  }
  const bar = io.stderr.isTTY && plan.totalValues >= PROGRESS_MIN_VALUES ? createProgressBar(io.stderr, plan.totalValues) : undefined;
  const atomic = nodeAtomicTarget(target, { hooks: io.files });
  try {
    return await writeAtomically(atomic, plan.pieces(io.chunkValues), {
      overwrite: force,
      isCancelled: io.isInterrupted,
      onProgress: bar ? () => bar.update(plan.valuesDone) : undefined,
    });
  } finally {
    bar?.done();
  }
}
