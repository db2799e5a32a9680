/**
 * The part of h5wasm's browser build (`h5wasm`, ESM, the wasm embedded) the web writer uses. The
 * package's own types sit behind `exports`, which this project's `moduleResolution: node` does not read.
 */
declare module 'h5wasm' {
  export const ready: Promise<unknown>;
  /** Emscripten's in-memory file system, set once `ready` resolves. */
  export let FS: { readFile(path: string): Uint8Array; unlink(path: string): void } | null;
  export class File {
    constructor(filename: string, mode?: 'r' | 'w', options?: { libver?: string | [string, string] });
  }
}
