/**
 * The atomic-write protocol (core `writeAtomically`) on `vscode.workspace.fs`, so it works for local,
 * remote and virtual workspaces alike. The temporary sibling is renamed onto the target with
 * `workspace.fs.rename`, replacing a file only with the user's consent. How the temporary is filled
 * depends on the size and the scheme: `workspace.fs` has no append, so a large file on the local
 * disk (`file:`) is streamed through a Node file handle, while elsewhere it is built in memory up to
 * a cap (`kerasInitializers.generate.inMemoryLimitMB`) and written in one `writeFile`, as small
 * files are everywhere.
 */
import * as vscode from 'vscode';
import { WeightFileError, concatBytes, errorCode, targetAppeared, type AtomicWriteTarget, type ByteSink } from '../core/index';
import { availableBytes as availableBytesAt } from '../node/availableBytes';
import { fileHandleSink, type HandleWrite } from '../node/fileHandleSink';

import { isStaleTemporary, tempSibling } from '../node/tempSibling';

/** Files up to this size are written with one `workspace.fs.writeFile`. */
export const SMALL_FILE_BYTES = 8 * 1024 * 1024;

export interface UriWriterOptions {
  /** Most bytes built in memory for a target outside the local disk. */
  readonly inMemoryLimitBytes: number;
  /** The file's size when known before writing (decides between one write and streaming). */
  readonly expectedBytes?: number;
  /** Replaces the file-handle write of streamed files (tests simulate a full disk with it). */
  readonly write?: HandleWrite;
  /** The id that names the temporary (default: this process). */
  readonly pid?: number;
}

function fileName(uri: vscode.Uri): string {
  return uri.path.slice(uri.path.lastIndexOf('/') + 1);
}

export function parentOf(uri: vscode.Uri): vscode.Uri {
  return uri.with({ path: uri.path.slice(0, uri.path.lastIndexOf('/')) || '/' });
}

function fileSystemCode(e: unknown): string | undefined {
  return e instanceof vscode.FileSystemError ? e.code : errorCode(e);
}

function formatMiB(bytes: number): string {
  return `${Math.round(bytes / (1024 * 1024))} MiB`;
}

/** Whether something is at `uri`; a failure other than "not found" is thrown. */
export async function uriExists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch (e) {
    const code = fileSystemCode(e);
    if (code === 'FileNotFound' || code === 'ENOENT' || code === 'FileNotADirectory' || code === 'ENOTDIR') return false;
    throw e;
  }
}

/** An `AtomicWriteTarget` for a URI of any scheme the workspace can write. */
export function uriAtomicTarget(target: vscode.Uri, options: UriWriterOptions): AtomicWriteTarget & { readonly tempUri: vscode.Uri } {
  const tempUri = vscode.Uri.joinPath(parentOf(target), tempSibling(fileName(target), options.pid));
  const display = target.scheme === 'file' ? target.fsPath : target.toString(true);
  const stream = target.scheme === 'file' && (options.expectedBytes === undefined || options.expectedBytes > SMALL_FILE_BYTES);
  return {
    display,
    tempUri,
    exists: () => uriExists(target),
    openTemp: async (): Promise<ByteSink> => {
      if (stream) return fileHandleSink(tempUri.fsPath, options.write);
      // Built in memory, written at once: the temporary appears complete or not at all.
      if (await uriExists(tempUri)) throw Object.assign(new Error(`${tempUri.toString(true)} already exists`), { code: 'EEXIST' });
      const parts: Uint8Array[] = [];
      let total = 0;
      let closed = false;
      return {
        write: async (bytes) => {
          total += bytes.length;
          if (total > options.inMemoryLimitBytes) {
            throw new WeightFileError(
              'WRITE_FAILED',
              vscode.l10n.t(
                'The file grows beyond {0}, the most that is built in memory for a folder outside the local disk (setting kerasInitializers.generate.inMemoryLimitMB).',
                formatMiB(options.inMemoryLimitBytes),
              ),
            );
          }
          parts.push(bytes);
        },
        close: async () => {
          if (closed) return;
          closed = true;
          await vscode.workspace.fs.writeFile(tempUri, concatBytes(parts));
          parts.length = 0;
        },
      };
    },
    commit: async (overwrite) => {
      try {
        await vscode.workspace.fs.rename(tempUri, target, { overwrite });
      } catch (e) {
        if (!overwrite && fileSystemCode(e) === 'FileExists') {
          throw targetAppeared(display, (message, ...args) => vscode.l10n.t(message, ...args));
        }
        throw e;
      }
    },
    discardTemp: async () => {
      try {
        await vscode.workspace.fs.delete(tempUri, { useTrash: false });
      } catch {
        // Not there (a failed open, or a memory-built file never written).
      }
    },
  };
}

/**
 * Removes temporaries of this tool in `dir` whose writing process is gone (a killed CLI or window).
 * Local folders only: a pid means nothing on another machine. Returns the URIs removed.
 */
export async function removeStaleTemporaries(dir: vscode.Uri): Promise<vscode.Uri[]> {
  if (dir.scheme !== 'file') return [];
  let entries: [string, vscode.FileType][];
  try {
    entries = await vscode.workspace.fs.readDirectory(dir);
  } catch {
    return [];
  }
  const removed: vscode.Uri[] = [];
  for (const [name, type] of entries) {
    if (type !== vscode.FileType.File || !isStaleTemporary(name)) continue;
    const uri = vscode.Uri.joinPath(dir, name);
    try {
      await vscode.workspace.fs.delete(uri, { useTrash: false });
      removed.push(uri);
    } catch {
      // Removed by someone else meanwhile.
    }
  }
  return removed;
}

/** Bytes available in a local folder's file system, when it says. */
export async function availableBytes(dir: vscode.Uri): Promise<number | undefined> {
  return dir.scheme === 'file' ? availableBytesAt(dir.fsPath) : undefined;
}
