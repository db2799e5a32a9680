/**
 * The WebAssembly fast path of the distribution fills: the same PCG64 stream and the same
 * double operations as distributions.ts (see kernels/rngKernels.ts), several times faster because
 * the 128-bit LCG runs on native 64-bit multiplies instead of 16-bit digits. Each function
 * returns false, having done nothing, when it cannot serve the call (no WebAssembly, a bit
 * generator other than PCG64, an output other than Float64Array/Float32Array); the caller
 * then runs the JavaScript loop, which writes the same bits.
 */
import type { BitGenerator, FloatArray } from './bitGenerator';
import { log1p } from './log1p';
import { pcg64Words, type Pcg64Words } from './pcg64';
import { instantiate, lazyModule, memoryBuffer } from '../wasm/loader';
import {
  NORMAL_AFFINE,
  NORMAL_KERAS_TRUNCATED,
  NORMAL_STANDARD,
  RNG_FI,
  RNG_KI,
  RNG_OUT,
  RNG_OUT_BYTES,
  RNG_STATE,
  RNG_WI,
} from './kernels/rngLayout';
import { RNG_WASM_BASE64 } from './kernels/rngWasm';
import { FI_DOUBLE, KI_DOUBLE, WI_DOUBLE } from './zigguratTables';

interface RngKernels {
  readonly words: Uint32Array;
  readonly out64: Float64Array;
  readonly out32: Float32Array;
  fillUniform(ptr: number, count: number, low: number, rangeScaled: number, single: number): void;
  fillNormal(ptr: number, count: number, mode: number, loc: number, scale: number, lower: number, upper: number, single: number): void;
}

const TWO_POW_MINUS_53 = 1 / 9007199254740992;

/** Below this many values the JavaScript loop is as quick as crossing into wasm. */
const MIN_FAST_COUNT = 8;

const rngModule = lazyModule(RNG_WASM_BASE64);
let kernels: RngKernels | null | undefined;

function rngKernels(): RngKernels | undefined {
  const module = rngModule.get();
  if (module === undefined) return undefined;
  if (kernels === undefined) {
    // The wedge test and the tail call back into the very functions the JavaScript path uses.
    const instance = instantiate(module, { env: { exp: Math.exp, log1p } });
    if (instance === undefined) {
      kernels = null;
    } else {
      const buffer = memoryBuffer(instance);
      const tables = new Float64Array(buffer);
      tables.set(KI_DOUBLE, RNG_KI / 8);
      tables.set(WI_DOUBLE, RNG_WI / 8);
      tables.set(FI_DOUBLE, RNG_FI / 8);
      const e = instance.exports as unknown as Pick<RngKernels, 'fillUniform' | 'fillNormal'>;
      kernels = {
        words: new Uint32Array(buffer, RNG_STATE, 10),
        out64: new Float64Array(buffer, RNG_OUT, RNG_OUT_BYTES / 8),
        out32: new Float32Array(buffer, RNG_OUT, RNG_OUT_BYTES / 4),
        fillUniform: e.fillUniform,
        fillNormal: e.fillNormal,
      };
    }
  }
  return kernels ?? undefined;
}

/** Runs `kernel` chunk by chunk into `out`, with the engine's state moved in and out once. */
function run(
  engine: Pcg64Words,
  k: RngKernels,
  out: FloatArray,
  offset: number,
  count: number,
  kernel: (ptr: number, n: number, single: number) => void,
): void {
  const single = out instanceof Float32Array ? 1 : 0;
  const buffer = single ? k.out32 : k.out64;
  engine.saveWords(k.words);
  for (let done = 0; done < count;) {
    const n = Math.min(buffer.length, count - done);
    kernel(RNG_OUT, n, single);
    out.set(n === buffer.length ? buffer : buffer.subarray(0, n), offset + done);
    done += n;
  }
  engine.loadWords(k.words);
}

function fastTarget(bg: BitGenerator, out: FloatArray, count: number): { engine: Pcg64Words; k: RngKernels } | undefined {
  if (count < MIN_FAST_COUNT) return undefined;
  if (!(out instanceof Float64Array || out instanceof Float32Array)) return undefined;
  const engine = pcg64Words(bg);
  if (engine === undefined) return undefined;
  const k = rngKernels();
  return k === undefined ? undefined : { engine, k };
}

/** Below this magnitude range·2^-53 would be subnormal, hence possibly inexact. */
const SCALED_RANGE_MIN = 2 ** -969;

/** `out[i] = low + range * next_double` (range = 1, low = 0 gives next_double itself, exactly). */
export function fastFillUniform(bg: BitGenerator, low: number, range: number, out: FloatArray, offset: number, count: number): boolean {
  // The kernel multiplies r >> 11 by range·2^-53 (see rngKernels.ts), exact unless subnormal.
  if (range !== 0 && !(Math.abs(range) >= SCALED_RANGE_MIN)) return false;
  const t = fastTarget(bg, out, count);
  if (t === undefined) return false;
  const rangeScaled = range * TWO_POW_MINUS_53;
  run(t.engine, t.k, out, offset, count, (ptr, n, single) => t.k.fillUniform(ptr, n, low, rangeScaled, single));
  return true;
}

/** `out[i] = z` (standard normal). */
export function fastFillStandardNormal(bg: BitGenerator, out: FloatArray, offset: number, count: number): boolean {
  const t = fastTarget(bg, out, count);
  if (t === undefined) return false;
  run(t.engine, t.k, out, offset, count, (ptr, n, single) => t.k.fillNormal(ptr, n, NORMAL_STANDARD, 0, 1, 0, 0, single));
  return true;
}

/** `out[i] = loc + scale * z`. */
export function fastFillNormal(bg: BitGenerator, loc: number, scale: number, out: FloatArray, offset: number, count: number): boolean {
  const t = fastTarget(bg, out, count);
  if (t === undefined) return false;
  run(t.engine, t.k, out, offset, count, (ptr, n, single) => t.k.fillNormal(ptr, n, NORMAL_AFFINE, loc, scale, 0, 0, single));
  return true;
}

/** Keras's truncated normal: the next values of `mean + stddev * z` lying in [lower, upper]. */
export function fastFillTruncatedNormal(
  bg: BitGenerator,
  mean: number,
  stddev: number,
  lower: number,
  upper: number,
  out: FloatArray,
  offset: number,
  count: number,
): boolean {
  const t = fastTarget(bg, out, count);
  if (t === undefined) return false;
  run(t.engine, t.k, out, offset, count, (ptr, n, single) =>
    t.k.fillNormal(ptr, n, NORMAL_KERAS_TRUNCATED, mean, stddev, lower, upper, single),
  );
  return true;
}
