/**
 * Writing a file so that nothing half-written ever sits at its path: the bytes go to a temporary
 * sibling (`.<name>.keras-init-<pid>-<tag>.tmp`), which is renamed onto the target only once
 * complete. On an error or a cancel the temporary is removed; a killed process leaves it behind
 * under a name that says whose it is, so a later run can remove it once that pid is gone. The
 * file-system calls are supplied by the caller (Node's fs for the CLI, `vscode.workspace.fs` in
 * the editor), so the protocol itself runs and is tested anywhere.
 */
import { errorText } from '../errorText';

/** Where the bytes go while the file is written. */
export interface ByteSink {
  write(bytes: Uint8Array): Promise<void>;
  /** Flushes and closes; the temporary is complete once this resolves. */
  close(): Promise<void>;
}

/** The file-system side of one atomic write. */
export interface AtomicWriteTarget {
  /** The target as shown in messages. */
  readonly display: string;
  /** Whether something exists at the target path now. */
  exists(): Promise<boolean>;
  /** Creates the temporary sibling (failing if it exists) and returns a sink into it. */
  openTemp(): Promise<ByteSink>;
  /**
   * Moves the complete temporary onto the target. With `overwrite` false it must fail (never
   * replace) when the target exists by then.
   */
  commit(overwrite: boolean): Promise<void>;
  /** Removes the temporary sibling if it is there. Best effort: never throws. */
  discardTemp(): Promise<void>;
}

export type WeightFileErrorCode = 'TARGET_EXISTS' | 'CANCELLED' | 'WRITE_FAILED';

/** A write that did not complete; nothing was left at the target. */
export class WeightFileError extends Error {
  constructor(
    readonly code: WeightFileErrorCode,
    message: string,
    readonly cause?: unknown,
  ) {
    super(message);
    this.name = 'WeightFileError';
  }
}

export interface AtomicWriteOptions {
  /** Replace an existing target (the user confirmed it). Default false. */
  readonly overwrite?: boolean;
  /** Polled between pieces; true stops the write and removes the temporary. */
  readonly isCancelled?: () => boolean;
  /** Called after each piece with the bytes written so far. */
  readonly onProgress?: (bytesWritten: number) => void;
}

function existsError(display: string): WeightFileError {
  return new WeightFileError(
    'TARGET_EXISTS',
    `${display} already exists; choose another name or allow overwriting it (--force on the command line).`,
  );
}

/** A system error's code (`ENOSPC`, `EACCES`...), when it has one. */
export function errorCode(e: unknown): string | undefined {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** A readable reason for a failed file operation. */
export function describeWriteError(e: unknown): string {
  const code = errorCode(e);
  const message = errorText(e);
  switch (code) {
    case 'ENOSPC':
      return `the disk is full (${message})`;
    case 'EDQUOT':
      return `the disk quota is exhausted (${message})`;
    case 'EACCES':
    case 'EPERM':
    case 'NoPermissions':
      return `permission denied (${message})`;
    case 'EROFS':
      return `the file system is read-only (${message})`;
    case 'ENOENT':
    case 'FileNotFound':
      return `the folder does not exist (${message})`;
    case 'ENOTDIR':
      return `a part of the path is not a folder (${message})`;
    case undefined:
    default:
      return message;
  }
}

/**
 * Writes `pieces` to `target` atomically. Resolves with the number of bytes written; rejects with
 * a `WeightFileError` (`TARGET_EXISTS`, `CANCELLED`, `WRITE_FAILED`), or with the error that
 * `pieces` threw, after removing the temporary. Nothing appears at the target unless every piece
 * was written and the temporary closed.
 */
export async function writeAtomically(
  target: AtomicWriteTarget,
  pieces: Iterable<Uint8Array> | AsyncIterable<Uint8Array>,
  options: AtomicWriteOptions = {},
): Promise<number> {
  const overwrite = options.overwrite ?? false;
  if (!overwrite && (await target.exists())) throw existsError(target.display);
  let sink: ByteSink;
  try {
    sink = await target.openTemp();
  } catch (e) {
    throw new WeightFileError('WRITE_FAILED', `Cannot write ${target.display}: ${describeWriteError(e)}`, e);
  }
  let written = 0;
  let closed = false;
  try {
    for await (const piece of pieces) {
      if (options.isCancelled?.()) throw new WeightFileError('CANCELLED', `Writing ${target.display} was cancelled; nothing was written.`);
      try {
        await sink.write(piece);
      } catch (e) {
        throw new WeightFileError(
          'WRITE_FAILED',
          `Writing ${target.display} failed after ${written} bytes: ${describeWriteError(e)}. Nothing was left at the target.`,
          e,
        );
      }
      written += piece.length;
      options.onProgress?.(written);
    }
    if (options.isCancelled?.()) throw new WeightFileError('CANCELLED', `Writing ${target.display} was cancelled; nothing was written.`);
    try {
      closed = true;
      await sink.close();
    } catch (e) {
      throw new WeightFileError(
        'WRITE_FAILED',
        `Finishing ${target.display} failed: ${describeWriteError(e)}. Nothing was left at the target.`,
        e,
      );
    }
    // The target may have appeared while we wrote: without consent it is never replaced.
    if (!overwrite && (await target.exists())) throw existsError(target.display);
    try {
      await target.commit(overwrite);
    } catch (e) {
      if (e instanceof WeightFileError) throw e;
      throw new WeightFileError('WRITE_FAILED', `Cannot move the finished file to ${target.display}: ${describeWriteError(e)}`, e);
    }
    return written;
  } catch (e) {
    if (!closed) {
      try {
        await sink.close();
      } catch {
        // Closing after a failed write may fail again (a full disk); the temporary goes anyway.
      }
    }
    await target.discardTemp();
    throw e;
  }
}

/** The suffix that marks a temporary file of this tool. */
const TEMP_MARK = '.keras-init-';

/**
 * The temporary sibling's name for a target file name: hidden, naming the target, the writing
 * process and a tag (so one process can write several files side by side).
 */
export function tempSiblingName(targetName: string, pid: number, tag: string): string {
  return `.${targetName}${TEMP_MARK}${pid}-${tag}.tmp`;
}

/** Reads a temporary sibling's name back: the target's name and the pid that wrote it. */
export function parseTempSiblingName(name: string): { targetName: string; pid: number } | undefined {
  const m = /^\.(.+)\.keras-init-(\d+)-([0-9a-z]+)\.tmp$/.exec(name);
  if (!m) return undefined;
  const pid = Number(m[2]);
  return Number.isSafeInteger(pid) && pid > 0 ? { targetName: m[1], pid } : undefined;
}

/** Formats a message with `{0}`-style placeholders, as `vscode.l10n.t` does without a translation. */
export type MessageFormat = (message: string, ...args: string[]) => string;

const english: MessageFormat = (message, ...args) => message.replace(/\{(\d+)\}/g, (m, i: string) => args[Number(i)] ?? m);

/** The error for a target that another writer created while this one wrote its temporary. */
export function targetAppeared(display: string, format: MessageFormat = english): WeightFileError {
  return new WeightFileError('TARGET_EXISTS', format('{0} appeared while it was being written; it was left untouched.', display));
}
