/** What the CLI talks to: its streams, its folder, interruption, and the file system hooks tests replace. */
import type { NodeFileHooks } from '../node/nodeAtomicTarget';

export interface TextOutput {
  write(text: string): unknown;
}

export interface TerminalOutput extends TextOutput {
  /** Whether this is a terminal (the progress bar is drawn only then). */
  readonly isTTY?: boolean;
  readonly columns?: number;
}

export interface CliIo {
  readonly stdout: TextOutput;
  readonly stderr: TerminalOutput;
  /** Relative paths are resolved against this folder. */
  readonly cwd: string;
  /** True once the user asked to stop (Ctrl+C): a write in progress is abandoned and its temporary removed. */
  readonly isInterrupted?: () => boolean;
  /** File-system replacements for tests. */
  readonly files?: NodeFileHooks;
  /** Values per chunk written (tests use small chunks to exercise chunking). */
  readonly chunkValues?: number;
}

/** Exit statuses. */
export const EXIT = { ok: 0, failure: 1, usage: 2, interrupted: 130 } as const;

/** A mistake on the command line: exit status 2, with the usage hint of the command. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly command?: string,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}
