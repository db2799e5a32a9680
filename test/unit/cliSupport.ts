/**
 * Shared by the cli*, layers*, writer* and generate* tests: the Keras reference vectors, an
 * independent .npy reader, the CLI run in-process with captured streams, and numpy's view of files.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { main } from '../../src/cli/main';
import type { CliIo } from '../../src/cli/io';
import { runPython } from './ioSupport';

export const KERAS_FIXTURES = path.resolve(__dirname, '..', 'fixtures', 'keras-numpy');
export const CLI_FIXTURES = path.resolve(__dirname, '..', 'fixtures', 'cli');

/** One tensor case of the Keras reference vectors (test/fixtures/keras-numpy). */
export interface ReferenceCase {
  readonly initializer: string;
  readonly kwargs: Record<string, unknown>;
  readonly shape: number[];
  readonly dtype: string | null;
  readonly seed: unknown;
  readonly call_index?: number;
  readonly out_dtype: string;
  readonly out_shape: number[];
  readonly sha256_le: string;
  readonly error?: unknown;
}

const cache = new Map<string, ReferenceCase[]>();

function casesOf(file: string): ReferenceCase[] {
  let cases = cache.get(file);
  if (!cases) {
    cases = (JSON.parse(fs.readFileSync(path.join(KERAS_FIXTURES, file), 'utf8')) as { cases: ReferenceCase[] }).cases;
    cache.set(file, cases);
  }
  return cases;
}

/** The reference case of `file` with these kwargs, shape and dtype (and call index), or a thrown error. */
export function referenceCase(
  file: string,
  kwargs: Record<string, unknown>,
  shape: number[],
  dtype: string,
  callIndex?: number,
): ReferenceCase {
  const found = casesOf(file).find(
    (c) =>
      c.error === undefined &&
      JSON.stringify(c.kwargs) === JSON.stringify(kwargs) &&
      JSON.stringify(c.shape) === JSON.stringify(shape) &&
      c.dtype === dtype &&
      (callIndex === undefined || c.call_index === callIndex),
  );
  if (!found) {
    throw new Error(`no reference case in ${file} for ${JSON.stringify(kwargs)} ${JSON.stringify(shape)} ${dtype} call ${callIndex}`);
  }
  return found;
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** A minimal .npy reader written from the format's description (not the project's encoder). */
export function readNpy(bytes: Uint8Array): { descr: string; fortran: boolean; shape: number[]; data: Uint8Array } {
  const magic = Buffer.from(bytes.subarray(0, 6)).toString('latin1');
  if (magic !== '\x93NUMPY') throw new Error('not an .npy file');
  const major = bytes[6];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const start = major === 1 ? 10 : 12;
  const header = Buffer.from(bytes.subarray(start, start + headerLength)).toString('latin1');
  const descr = /'descr':\s*'([^']+)'/.exec(header)?.[1];
  const fortran = /'fortran_order':\s*(True|False)/.exec(header)?.[1];
  const shapeText = /'shape':\s*\(([^)]*)\)/.exec(header)?.[1];
  if (descr === undefined || fortran === undefined || shapeText === undefined) throw new Error(`bad header ${header}`);
  const shape = shapeText
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map(Number);
  return { descr, fortran: fortran === 'True', shape, data: bytes.subarray(start + headerLength) };
}

export function tempDir(label: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `keras-init-${label}-`));
}

/** What a CLI run printed and returned. */
export interface CliRun {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `keras-init <args>` in-process with captured streams. */
export async function runCli(args: readonly string[], options: Partial<CliIo> & { cwd: string }): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const status = await main(args, {
    ...options,
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t), isTTY: options.stderr?.isTTY, columns: options.stderr?.columns },
  });
  return { status, stdout, stderr };
}

export interface NumpyTensor {
  readonly shape: number[];
  readonly dtype: string;
  readonly sha256_le: string;
}

export interface NumpyFile {
  readonly tensors: Record<string, NumpyTensor>;
  readonly metadata: Record<string, unknown> | null;
  readonly names: string[];
}

/** Reads files with numpy (test/fixtures/cli/read_weights.py). Callers skip first when python3 + numpy is absent. */
export function readWithNumpy(paths: readonly string[]): Record<string, NumpyFile> {
  return JSON.parse(runPython([path.join(CLI_FIXTURES, 'read_weights.py'), ...paths])) as Record<string, NumpyFile>;
}

/** Files in a folder, hidden ones included. */
export function listDir(dir: string): string[] {
  return fs.readdirSync(dir).sort();
}
