/**
 * The browser build's `.weights.h5` writer: h5wasm's browser build (bundled, initialised on first use:
 * a web worker extension host loads no other files) writes the core's layout into its in-memory file
 * system; the checked bytes are then written through `workspace.fs` by the caller. There is no local
 * path to write to in a web extension host, so `writeWeightsH5` is never used there.
 */
import {
  WeightFileError,
  checkModelH5,
  writeModelH5,
  type H5Library,
  type ModelWeightsPlan,
  type WriteWeightsH5Options,
} from '../core/index';

export type { WriteWeightsH5Options };

interface H5Browser {
  readonly library: H5Library;
  readonly fs: { readFile(path: string): Uint8Array; unlink(path: string): void };
}

let loading: Promise<H5Browser> | undefined;

function load(): Promise<H5Browser> {
  loading ??= (async () => {
    const mod = await import('h5wasm');
    await mod.ready;
    if (mod.FS === null) throw new WeightFileError('WRITE_FAILED', 'the HDF5 library started without its file system');
    return { library: mod as unknown as H5Library, fs: mod.FS };
  })();
  return loading;
}

function nextTurn(): Promise<void> {
  return new Promise<void>((resolve) => setTimeout(resolve, 0));
}

export function writeWeightsH5(_plan: ModelWeightsPlan, target: string, _options: WriteWeightsH5Options = {}): Promise<void> {
  return Promise.reject(
    new WeightFileError(
      'WRITE_FAILED',
      `${target}: there are no local files in the browser; the file is written through the workspace instead.`,
    ),
  );
}

/** The plan as the bytes of a checked `.weights.h5`, built in memory. */
export async function weightsH5Bytes(plan: ModelWeightsPlan, options: WriteWeightsH5Options = {}): Promise<Uint8Array> {
  const h5 = await load();
  const name = `/model-${Date.now().toString(36)}-${Math.floor(Math.random() * 1e9).toString(36)}.weights.h5`;
  try {
    await writeModelH5(h5.library, plan, name, { yieldToEventLoop: nextTurn, ...options });
    checkModelH5(h5.library, name, plan);
    return h5.fs.readFile(name).slice();
  } catch (e) {
    if (e instanceof WeightFileError) throw e;
    throw new WeightFileError(
      'WRITE_FAILED',
      `Building the .weights.h5 failed: ${e instanceof Error ? e.message : String(e)}; nothing was written.`,
      e,
    );
  } finally {
    try {
      h5.fs.unlink(name);
    } catch {
      // Not created.
    }
  }
}
