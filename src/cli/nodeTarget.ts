/**
 * The atomic-write protocol (core `writeAtomically`) on Node's file system: the temporary sibling
 * is created exclusively, written through a file handle, and linked onto the target without ever
 * replacing a file the user did not agree to replace. Temporaries left by killed runs are removed
 * once the process that wrote them is gone.
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { WeightFileError, errorCode, parseTempSiblingName, tempSiblingName, type AtomicWriteTarget, type ByteSink } from '../core/index';

/** Replaceable pieces of the file system, so tests can simulate a full disk or a dead process. */
export interface NodeFileHooks {
  /** Writes all of `bytes` to an open file. */
  write?(handle: fs.promises.FileHandle, bytes: Uint8Array): Promise<void>;
  /** Whether a process with this id is running. */
  isProcessAlive?(pid: number): boolean;
}

async function writeAll(handle: fs.promises.FileHandle, bytes: Uint8Array): Promise<void> {
  let offset = 0;
  while (offset < bytes.length) {
    const { bytesWritten } = await handle.write(bytes, offset, bytes.length - offset);
    offset += bytesWritten;
  }
}

/** `kill(pid, 0)`: ESRCH means no such process; EPERM means it exists but belongs to someone else. */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return errorCode(e) === 'EPERM';
  }
}

/** Link errors that mean "this file system cannot hard-link", where a checked rename is the fallback. */
const NO_LINK = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'EXDEV', 'ENOSYS', 'EMLINK', 'EACCES']);

/** An `AtomicWriteTarget` for a path on the local file system. */
export function nodeAtomicTarget(
  targetPath: string,
  options: { pid?: number; hooks?: NodeFileHooks } = {},
): AtomicWriteTarget & { readonly tempPath: string } {
  const pid = options.pid ?? process.pid;
  const write = options.hooks?.write ?? writeAll;
  const dir = path.dirname(targetPath);
  const tempPath = path.join(dir, tempSiblingName(path.basename(targetPath), pid, randomBytes(4).toString('hex')));
  return {
    display: targetPath,
    tempPath,
    exists: async () => {
      try {
        await fs.promises.lstat(targetPath);
        return true;
      } catch (e) {
        // ENOTDIR: a part of the path is a file, so nothing can be there (creating the temporary says why).
        if (errorCode(e) === 'ENOENT' || errorCode(e) === 'ENOTDIR') return false;
        throw e;
      }
    },
    openTemp: async (): Promise<ByteSink> => {
      const handle = await fs.promises.open(tempPath, 'wx', 0o644);
      let open = true;
      return {
        write: (bytes) => write(handle, bytes),
        close: async () => {
          if (!open) return;
          open = false;
          // The data must be on disk before the rename makes it visible under the target's name.
          try {
            await handle.sync();
          } finally {
            await handle.close();
          }
        },
      };
    },
    commit: async (overwrite) => {
      if (overwrite) {
        await fs.promises.rename(tempPath, targetPath);
        return;
      }
      // link() never replaces an existing file: the no-clobber move POSIX offers.
      try {
        await fs.promises.link(tempPath, targetPath);
      } catch (e) {
        const code = errorCode(e);
        if (code === 'EEXIST') {
          throw new WeightFileError('TARGET_EXISTS', `${targetPath} appeared while it was being written; it was left untouched.`);
        }
        if (code === undefined || !NO_LINK.has(code)) throw e;
        let exists = true;
        try {
          await fs.promises.lstat(targetPath);
        } catch (inner) {
          if (errorCode(inner) !== 'ENOENT') throw inner;
          exists = false;
        }
        if (exists) throw new WeightFileError('TARGET_EXISTS', `${targetPath} appeared while it was being written; it was left untouched.`);
        await fs.promises.rename(tempPath, targetPath);
        return;
      }
      await fs.promises.unlink(tempPath);
    },
    discardTemp: async () => {
      try {
        await fs.promises.unlink(tempPath);
      } catch {
        // Already gone (or never created).
      }
    },
  };
}

/**
 * Removes temporaries in `dir` left by runs that were killed: names this tool gives them whose pid
 * is no longer running. Returns the names removed.
 */
export async function removeStaleTemporaries(dir: string, hooks: NodeFileHooks = {}): Promise<string[]> {
  const alive = hooks.isProcessAlive ?? isProcessAlive;
  let names: string[];
  try {
    names = await fs.promises.readdir(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const parsed = parseTempSiblingName(name);
    if (parsed === undefined || parsed.pid === process.pid || alive(parsed.pid)) continue;
    try {
      await fs.promises.unlink(path.join(dir, name));
      removed.push(name);
    } catch {
      // Someone else removed it first, or it is not ours to remove.
    }
  }
  return removed;
}

/** Bytes available to this user in `dir`'s file system, when the platform says. */
export async function availableBytes(dir: string): Promise<number | undefined> {
  try {
    const s = await fs.promises.statfs(dir);
    // Pseudo file systems (/proc, /sys) report no blocks at all: they say nothing about space.
    return s.blocks > 0 ? s.bavail * s.bsize : undefined;
  } catch {
    return undefined;
  }
}
