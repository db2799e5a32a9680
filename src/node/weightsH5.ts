/**
 * Writing a model's planned `.weights.h5` (core `planModelWeights`, laid out by the core's
 * `writeModelH5`) with h5wasm's Node build, the HDF5 library compiled to WebAssembly, loaded on first
 * use only. The file is written to a temporary sibling, reopened and checked (every dataset's path,
 * shape and dtype), then moved onto the target; on any error the temporary is removed and nothing is
 * left at the target.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type * as H5 from 'h5wasm/node';
import {
  WeightFileError,
  checkModelH5,
  writeModelH5,
  type H5Library,
  type ModelWeightsPlan,
  type WriteWeightsH5Options,
} from '../core/index';
import { nodeAtomicTarget } from './nodeAtomicTarget';

type H5Module = typeof H5;

export type { WriteWeightsH5Options };

function writeFailed(message: string, cause?: unknown): WeightFileError {
  return new WeightFileError('WRITE_FAILED', message, cause);
}

/** A turn of Node's event loop: signals (Ctrl+C) and I/O callbacks run. */
function nextTurn(): Promise<void> {
  return new Promise<void>((resolve) => setImmediate(resolve));
}

let loading: Promise<H5Module> | undefined;

/** h5wasm's Node build, loaded once on first use (about 5 MB of JavaScript with the wasm inside). */
export function loadH5wasm(): Promise<H5Module> {
  loading ??= (async () => {
    const mod = await import('h5wasm/node');
    await mod.ready;
    return mod;
  })();
  return loading;
}

/**
 * Writes `plan` as a Keras `.weights.h5` at `target` (absolute path): temporary sibling, check,
 * then a move that never replaces a file unless `overwrite`.
 */
export async function writeWeightsH5(plan: ModelWeightsPlan, target: string, options: WriteWeightsH5Options = {}): Promise<void> {
  const dir = path.dirname(path.resolve(target));
  const folder = await fs.promises.stat(dir).catch(() => undefined);
  if (folder?.isDirectory() !== true) throw writeFailed(`${dir} is not a folder that exists; nothing was written.`);
  const h5 = await loadH5wasm();
  const atomic = nodeAtomicTarget(path.resolve(target));
  if (!(options.overwrite ?? false) && (await atomic.exists())) {
    throw new WeightFileError('TARGET_EXISTS', `${target} already exists; nothing was written.`);
  }
  try {
    await writeModelH5(h5 as unknown as H5Library, plan, atomic.tempPath, { yieldToEventLoop: nextTurn, ...options });
    checkModelH5(h5 as unknown as H5Library, atomic.tempPath, plan);
    await atomic.commit(options.overwrite ?? false);
  } catch (e) {
    await atomic.discardTemp();
    if (e instanceof WeightFileError) throw e;
    throw writeFailed(`Writing ${target} failed: ${e instanceof Error ? e.message : String(e)}; nothing was written.`, e);
  }
}

/**
 * The plan as the bytes of a `.weights.h5` (for targets outside the local disk, written through
 * `workspace.fs`): built in a private temporary folder, checked, read back, and the folder removed.
 */
export async function weightsH5Bytes(plan: ModelWeightsPlan, options: WriteWeightsH5Options = {}): Promise<Uint8Array> {
  const dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'keras-init-'));
  try {
    const file = path.join(dir, 'model.weights.h5');
    await writeWeightsH5(plan, file, options);
    return new Uint8Array(await fs.promises.readFile(file));
  } finally {
    await fs.promises.rm(dir, { recursive: true, force: true });
  }
}
