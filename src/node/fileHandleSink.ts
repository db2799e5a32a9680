/**
 * A core `ByteSink` on a Node file handle: the file is created exclusively (never an existing one),
 * written in full, and synced to disk before it is closed.
 */
import * as fs from 'node:fs';
import type { ByteSink } from '../core/index';

/** Writes all of `bytes` to an open file (replaceable, so tests can simulate a full disk). */
export type HandleWrite = (handle: fs.promises.FileHandle, bytes: Uint8Array) => Promise<void>;

/** Writes all of `bytes`, however many calls the file system takes. */
export async function writeAll(handle: fs.promises.FileHandle, bytes: Uint8Array): Promise<void> {
  let offset = 0;
  while (offset < bytes.length) {
    const { bytesWritten } = await handle.write(bytes, offset, bytes.length - offset);
    offset += bytesWritten;
  }
}

/** Creates `filePath` (failing with EEXIST when it is there) and returns a sink that fills it. */
export async function fileHandleSink(filePath: string, write: HandleWrite = writeAll): Promise<ByteSink> {
  const handle = await fs.promises.open(filePath, 'wx', 0o644);
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
}
