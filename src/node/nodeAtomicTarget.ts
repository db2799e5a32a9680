/**
 * The atomic-write protocol (core `writeAtomically`) on Node's file system: the temporary sibling
 * is created exclusively, written through a file handle, and linked onto the target without ever
 * replacing a file the user did not agree to replace. Temporaries left by killed runs are removed
 * once the process that wrote them is gone.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { errorCode, targetAppeared, type AtomicWriteTarget } from '../core/index';
import { fileHandleSink, type HandleWrite } from './fileHandleSink';

import { isStaleTemporary, tempSibling } from './tempSibling';

/** Replaceable pieces of the file system, so tests can simulate a full disk or a dead process. */
export interface NodeFileHooks {
  /** Writes all of `bytes` to an open file. */
  write?: HandleWrite;
  /** Whether a process with this id is running. */
  isProcessAlive?(pid: number): boolean;
}

/** Link errors that mean "this file system cannot hard-link", where a checked rename is the fallback. */
const NO_LINK = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'EXDEV', 'ENOSYS', 'EMLINK', 'EACCES']);

/** An `AtomicWriteTarget` for a path on the local file system. */
export function nodeAtomicTarget(
  targetPath: string,
  options: { pid?: number; hooks?: NodeFileHooks } = {},
): AtomicWriteTarget & { readonly tempPath: string } {
  const pid = options.pid ?? process.pid;
  const tempPath = path.join(path.dirname(targetPath), tempSibling(path.basename(targetPath), pid));
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
    openTemp: () => fileHandleSink(tempPath, options.hooks?.write),
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
        if (code === 'EEXIST') throw targetAppeared(targetPath);
        if (code === undefined || !NO_LINK.has(code)) throw e;
        let exists = true;
        try {
          await fs.promises.lstat(targetPath);
        } catch (inner) {
          if (errorCode(inner) !== 'ENOENT') throw inner;
          exists = false;
        }
        if (exists) throw targetAppeared(targetPath);
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
  let names: string[];
  try {
    names = await fs.promises.readdir(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    if (!isStaleTemporary(name, hooks.isProcessAlive)) continue;
    try {
      await fs.promises.unlink(path.join(dir, name));
      removed.push(name);
    } catch {
      // Someone else removed it first, or it is not ours to remove.
    }
  }
  return removed;
}
