/**
 * The browser build's `fileHandleSink`: there are no file handles in a web extension host. Files are
 * built in memory and written through `workspace.fs` instead (fileWriter streams only to `file:` URIs,
 * which a web workbench never opens), so this is reached only by a programming error.
 */
import { WeightFileError, type ByteSink } from '../core/index';

export type HandleWrite = (handle: never, bytes: Uint8Array) => Promise<void>;

export function fileHandleSink(filePath: string): Promise<ByteSink> {
  return Promise.reject(
    new WeightFileError(
      'WRITE_FAILED',
      `${filePath}: streaming to a local file is not available in the browser; the file is built in memory instead.`,
    ),
  );
}
