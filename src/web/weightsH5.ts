/**
 * The browser build's `.weights.h5` writer. h5wasm's Node build writes through Node's file system,
 * which a web extension host does not have; until the browser build writes through `workspace.fs`,
 * the command says so plainly and offers the formats that work there.
 */
import { WeightFileError, type ModelWeightsPlan } from '../core/index';

export interface WriteWeightsH5Options {
  readonly overwrite?: boolean;
  readonly isCancelled?: () => boolean;
  readonly onProgress?: (valuesDone: number) => void;
}

function unavailable(): WeightFileError {
  return new WeightFileError(
    'WRITE_FAILED',
    'Writing .weights.h5 is not available in the browser yet; choose .npz or .safetensors (keys are the variable paths), or use VS Code on the desktop.',
  );
}

export function writeWeightsH5(_plan: ModelWeightsPlan, _target: string, _options: WriteWeightsH5Options = {}): Promise<void> {
  return Promise.reject(unavailable());
}

export function weightsH5Bytes(_plan: ModelWeightsPlan, _options: WriteWeightsH5Options = {}): Promise<Uint8Array> {
  return Promise.reject(unavailable());
}
